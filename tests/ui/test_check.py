"""`vloop check` end to end: summary table, JUnit and JSON files, evidence pictures, exit codes."""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET

import pytest

from agent.settings import Settings
from tests.fixtures import bad_files
from tests.fixtures.screens import all_screens, logo
from ui.check import add_check_parser, run_check

SCREENS = {s.name: s for s in all_screens()}
SPEC = "The logo (image 2) is in the top-left corner. Contains the text 'Quarterly report'. 文字不贴边。"


def run(tmp_path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="vloop")
    add_check_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["check", *argv])
    return run_check(args, Settings(home=tmp_path / "home"))


@pytest.fixture
def folder(tmp_path):
    shots = tmp_path / "shots"
    shots.mkdir()
    for name in ("brand", "brand-logo-misplaced"):
        SCREENS[name].image.save(shots / f"{name}.png")
    logo().save(tmp_path / "logo.png")
    return shots


def test_folder_with_a_defect_fails_with_reports(tmp_path, folder, capsys):
    out = tmp_path / "out"
    code = run(tmp_path, str(folder), str(tmp_path / "logo.png"), SPEC, "--junit", str(out / "r.xml"),
               "--json", str(out / "r.json"), "--evidence", str(out / "ev"))
    assert code == 1
    stdout = capsys.readouterr().out
    lines = stdout.splitlines()
    grid = lines[next(i for i, line in enumerate(lines) if line.startswith("image ")):]
    assert grid[0].split() == ["image", "A1", "A2", "A3"]
    assert grid[2].split() == ["brand-logo-misplaced.png", "FAIL", "PASS", "PASS"]
    assert grid[3].split() == ["brand.png", "PASS", "PASS", "PASS"]
    assert "5/6 assertions passed on 2 image(s)" in stdout
    assert "logo match" in stdout  # evidence in the table

    root = ET.parse(out / "r.xml").getroot()
    assert root.tag == "testsuites" and root.get("tests") == "6" and root.get("failures") == "1"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"brand.png", "brand-logo-misplaced.png"}
    cases = suites["brand-logo-misplaced.png"].findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == 1 and "top-left" in failures[0].get("name")
    assert "not in the top-left" in failures[0].find("failure").get("message")
    assert "in_corner: False" in failures[0].find("failure").text

    doc = json.loads((out / "r.json").read_text(encoding="utf-8"))
    assert doc["passed"] is False
    assert [i["passed"] for i in doc["images"]] == [False, True]
    first = doc["images"][0]["results"][0]
    assert first["kind"] == "logo_corner" and first["passed"] is False and first["evidence"]["match"] > 0.9
    evidence = sorted(p.name for p in (out / "ev").iterdir())
    assert len(evidence) == 6 and "brand-logo-misplaced-01-logo_corner-fail.png" in evidence


def test_single_clean_image_passes(tmp_path, capsys):
    path = tmp_path / "signup.png"
    SCREENS["signup"].image.save(path)
    spec = tmp_path / "spec.txt"
    spec.write_text("包含文字“Sign up”。背景是白色。\n一个蓝色按钮，文字“Sign up”\n"
                    "文字不溢出。\n文字对比度至少4.5:1。", encoding="utf-8")
    assert run(tmp_path, str(path), f"@{spec}") == 0
    assert "5/5 assertions passed on 1 image(s)" in capsys.readouterr().out


def test_yaml_spec_file(tmp_path, capsys):
    path = tmp_path / "team.png"
    SCREENS["team-zh-extra-face"].image.save(path)
    spec = tmp_path / "spec.yaml"
    spec.write_text("- {assert: face_count, count: 2}\n- {assert: background, color: white}\n",
                    encoding="utf-8")
    assert run(tmp_path, str(path), f"@{spec}", "--json", str(tmp_path / "r.json")) == 1
    results = json.loads((tmp_path / "r.json").read_text())["images"][0]["results"]
    assert [(r["kind"], r["passed"], r["evidence"].get("faces")) for r in results] == [
        ("face_count", False, 3), ("background", True, None)]


def _assert_refused(tmp_path, capsys, code: int, fragment: str) -> None:
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("vloop: error:") and fragment in err[0]
    assert not (tmp_path / "r.xml").exists() and not (tmp_path / "r.json").exists()
    assert not (tmp_path / "ev").exists()


def _outputs(tmp_path) -> list[str]:
    return ["--junit", str(tmp_path / "r.xml"), "--json", str(tmp_path / "r.json"),
            "--evidence", str(tmp_path / "ev")]


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("The sky looks happy.", "cannot understand the assertion 'The sky looks happy'"),
        ("", "the spec is empty"),
        ("@missing.yaml", "spec file not found"),
        ("The logo (image 2) is in the top-left corner", "only 1 image(s) were given"),
    ],
)
def test_bad_spec_exits_2_and_writes_nothing(tmp_path, folder, capsys, spec, fragment):
    _assert_refused(tmp_path, capsys, run(tmp_path, str(folder), spec, *_outputs(tmp_path)), fragment)


def test_bad_image_in_folder_exits_2_and_writes_nothing(tmp_path, folder, capsys):
    bad_files.truncated_png(folder / "zz-broken.png")
    code = run(tmp_path, str(folder), "Contains the text 'Quarterly report'", *_outputs(tmp_path))
    _assert_refused(tmp_path, capsys, code, "corrupt or truncated")


@pytest.mark.parametrize("target", ["nope.png", "empty-dir"])
def test_missing_image_or_empty_folder_exits_2(tmp_path, capsys, target):
    (tmp_path / "empty-dir").mkdir()
    code = run(tmp_path, str(tmp_path / target), "背景是白色", *_outputs(tmp_path))
    _assert_refused(tmp_path, capsys, code, "does not exist" if target == "nope.png" else "no images")


def test_junit_path_that_is_a_folder_exits_2(tmp_path, folder, capsys):
    code = run(tmp_path, str(folder), "背景是白色", "--junit", str(folder))
    assert code == 2 and "is a folder" in capsys.readouterr().err


def test_usage_without_spec_exits_2(tmp_path, folder, capsys):
    assert run(tmp_path, str(folder)) == 2
    assert "usage: vloop check" in capsys.readouterr().err
