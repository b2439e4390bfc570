"""QA results as JUnit XML: a testsuite per image, a testcase per assertion, a failure element
carrying the evidence of each failed assertion."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from tools.qa.assertions import AssertionResult
from tools.qa.run import ImageReport


def _testcase(suite: ET.Element, image: str, index: int, result: AssertionResult) -> None:
    case = ET.SubElement(suite, "testcase", name=f"{index:02d} {result.text}",
                         classname=f"vloop.check.{image}", time="0")
    if not result.passed:
        failure = ET.SubElement(case, "failure", message=result.detail, type=result.kind)
        failure.text = "\n".join(f"{k}: {v}" for k, v in result.evidence.items())


def junit_xml(reports: list[ImageReport]) -> bytes:
    """A `<testsuites>` document for the reports, UTF-8 with an XML declaration."""
    failures = sum(not r.passed for rep in reports for r in rep.results)
    tests = sum(len(rep.results) for rep in reports)
    root = ET.Element("testsuites", name="vloop check", tests=str(tests), failures=str(failures),
                      errors="0", time="0")
    for rep in reports:
        image = Path(rep.path).name
        failed = sum(not r.passed for r in rep.results)
        suite = ET.SubElement(root, "testsuite", name=image, tests=str(len(rep.results)),
                              failures=str(failed), errors="0", skipped="0", time="0")
        ET.SubElement(ET.SubElement(suite, "properties"), "property", name="path", value=rep.path)
        for i, result in enumerate(rep.results, start=1):
            _testcase(suite, image, i, result)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
