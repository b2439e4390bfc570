"""`vloop check`: visual QA assertions on a screenshot or a folder of them, for CI.

    vloop check IMAGE_OR_FOLDER [LOGO ...] "SPEC or @spec.yaml/@spec.txt"
                [--junit OUT.xml] [--json OUT.json] [--evidence DIR]

Exit codes: 0 every assertion passed on every image; 1 some assertion failed; 2 bad input
(one line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from agent.files import write_bytes_atomic
from agent.settings import Settings
from model_server.backends import load_backend
from model_server.errors import BadInput
from tools.qa.junit import junit_xml
from tools.qa.run import ImageReport, check_paths
from tools.qa.spec import Assertion, parse_spec

SPEC_SUFFIXES = {".yaml", ".yml", ".txt", ".md", ""}


def add_check_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `check` command to the `vloop` parser's subcommands."""
    check = subparsers.add_parser("check", help="check screenshots against QA assertions (zh/en, YAML)")
    check.add_argument("args", nargs="+", metavar="IMAGE_OR_FOLDER [LOGO ...] SPEC",
                       help="the image or folder to check, reference images (the logo is image 2), "
                            "then the spec: prose, YAML, or @file")
    check.add_argument("--junit", type=Path, help="write JUnit XML here (a testsuite per image)")
    check.add_argument("--json", type=Path, help="write the results as JSON here")
    check.add_argument("--evidence", type=Path, help="write an annotated picture per assertion here")
    check.add_argument("--backend", help="unified model backend (default: embedded)")
    return check


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Run `vloop check`; return the exit code (bad input is reported here as exit 2)."""
    try:
        return _check(args, settings)
    except BadInput as exc:
        print(f"vloop: error: {exc}", file=sys.stderr)
        return 2


def _check(args: argparse.Namespace, settings: Settings) -> int:
    if len(args.args) < 2:
        raise BadInput('usage: vloop check IMAGE_OR_FOLDER [LOGO ...] "SPEC" '
                       "[--junit OUT.xml] [--json OUT.json] [--evidence DIR]")
    target, *refs, spec = args.args
    assertions = read_spec(spec)
    _check_outputs(args.junit, args.json, args.evidence)
    if not Path(target).exists():
        raise BadInput(f"nothing to check: {target} does not exist")
    model = load_backend(settings.backend)
    reports = check_paths(Path(target), assertions, model, refs=[Path(r) for r in refs],
                          limits=settings.limits, evidence_dir=args.evidence)
    print(summary_table(reports, assertions))
    if args.junit:
        write_bytes_atomic(args.junit, junit_xml(reports))
    if args.json:
        write_bytes_atomic(args.json, results_json(reports).encode("utf-8"))
    return 0 if all(r.passed for r in reports) else 1


def read_spec(spec: str) -> list[Assertion]:
    """Assertions from the spec argument: the text itself, or `@path` to a .yaml/.txt file."""
    if not spec.startswith("@"):
        return parse_spec(spec)
    path = Path(spec[1:])
    if not path.is_file():
        raise BadInput(f"spec file not found: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"spec file {path} is not UTF-8 text") from None
    return parse_spec(text, yaml_only=path.suffix.lower() in (".yaml", ".yml"))


def _check_outputs(*paths: Path | None) -> None:
    junit, json_path, evidence = paths
    for path in (junit, json_path):
        if path is not None and path.is_dir():
            raise BadInput(f"{path} is a folder; give a file path")
    if evidence is not None and evidence.exists() and not evidence.is_dir():
        raise BadInput(f"--evidence {evidence} is a file; give a folder")


def results_json(reports: list[ImageReport]) -> str:
    """The results of every image as a JSON document."""
    doc = {"passed": all(r.passed for r in reports),
           "images": [{**r.model_dump(), "passed": r.passed} for r in reports]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def summary_table(reports: list[ImageReport], assertions: list[Assertion]) -> str:
    """Per image, each assertion PASS/FAIL with its evidence; for a folder, an image x assertion grid."""
    lines = []
    for rep in reports:
        lines.append(f"{rep.path}  {'PASS' if rep.passed else 'FAIL'}")
        for i, r in enumerate(rep.results, start=1):
            lines.append(f"  A{i:<2} {'PASS' if r.passed else 'FAIL'}  {r.text}  — {r.detail}")
    if len(reports) > 1:
        lines += ["", _grid(reports, assertions)]
    failed = sum(not r.passed for rep in reports for r in rep.results)
    total = sum(len(rep.results) for rep in reports)
    lines.append(f"{total - failed}/{total} assertions passed on {len(reports)} image(s)")
    return "\n".join(lines)


def _grid(reports: list[ImageReport], assertions: list[Assertion]) -> str:
    names = [Path(r.path).name for r in reports]
    width = max(len("image"), *(len(n) for n in names))
    head = f"{'image':<{width}}  " + "  ".join(f"A{i:<3}" for i in range(1, len(assertions) + 1))
    rows = [head, "-" * len(head)]
    for name, rep in zip(names, reports, strict=True):
        cells = "  ".join(f"{'PASS' if r.passed else 'FAIL':<4}" for r in rep.results)
        rows.append(f"{name:<{width}}  {cells}")
    rows += [f"A{i} = {a.text}" for i, a in enumerate(assertions, start=1)]
    return "\n".join(rows)
