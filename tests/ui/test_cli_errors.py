"""`vloop edit` on bad input: exit code 2, one line on stderr, nothing written."""

from __future__ import annotations

import pytest

from tests.fixtures import bad_files
from tests.fixtures.scripted import write_png
from ui.cli import main


def run_cli(tmp_path, *args: str) -> int:
    return main(["--home", str(tmp_path / "home"), *args])


def assert_refused(tmp_path, capsys, code: int, fragment: str) -> None:
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("vloop: error:")
    assert fragment in err[0]
    assert not (tmp_path / "out.png").exists()
    assert not (tmp_path / "report.json").exists()
    assert not (tmp_path / "out_steps").exists()


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (bad_files.truncated_png, "corrupt or truncated"),
        (bad_files.empty_file, "empty (0 bytes)"),
        (bad_files.text_named_png, "not an image"),
        (bad_files.huge_png, "900 MP"),
    ],
)
def test_bad_image_files(tmp_path, capsys, make, fragment):
    bad = make(tmp_path / "bad.png")
    code = run_cli(tmp_path, "edit", str(bad), "change the background to blue",
                   "-o", str(tmp_path / "out.png"), "--report", str(tmp_path / "report.json"))
    assert_refused(tmp_path, capsys, code, fragment)


def test_missing_image(tmp_path, capsys):
    code = run_cli(tmp_path, "edit", str(tmp_path / "nope.png"), "blur the background",
                   "-o", str(tmp_path / "out.png"))
    assert_refused(tmp_path, capsys, code, "not found")


@pytest.mark.parametrize(("instruction", "fragment"), [("", "empty"), ("x" * 100_000, "100,000 characters")])
def test_bad_instructions(tmp_path, capsys, instruction, fragment):
    image = write_png(tmp_path / "ok.png")
    code = run_cli(tmp_path, "edit", str(image), instruction, "-o", str(tmp_path / "out.png"),
                   "--report", str(tmp_path / "report.json"))
    assert_refused(tmp_path, capsys, code, fragment)


def test_instruction_without_image(tmp_path, capsys):
    code = run_cli(tmp_path, "edit", "make it blue", "-o", str(tmp_path / "out.png"))
    assert_refused(tmp_path, capsys, code, "usage")


def test_unsupported_output_format(tmp_path, capsys):
    image = write_png(tmp_path / "ok.png")
    code = run_cli(tmp_path, "edit", str(image), "blur the background", "-o", str(tmp_path / "out.gif"))
    err = capsys.readouterr().err
    assert code == 2 and "output must end in .png" in err
    assert not (tmp_path / "out.gif").exists()
