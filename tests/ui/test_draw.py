"""`vloop draw`: a verified diagram at the asked aspect; bad input is exit 2 with nothing written."""

from __future__ import annotations

import json

from PIL import Image

from ui.cli import main


def test_draw_a_4_to_1_flowchart(tmp_path, capsys):
    out, report = tmp_path / "flow.png", tmp_path / "flow.json"
    code = main(["--home", str(tmp_path / "home"), "draw", "A → B → C", "-o", str(out), "--aspect", "4:1",
                 "--report", str(report)])
    assert code == 0, capsys.readouterr()
    assert Image.open(out).size == (1200, 300)
    assert json.loads(report.read_text())["verification"]["passed"]


def test_impossible_aspect_is_bad_input(tmp_path, capsys):
    out = tmp_path / "x.png"
    code = main(["--home", str(tmp_path / "home"), "draw", "A → B", "-o", str(out), "--aspect", "40:1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "aspect 40:1" in err[0]
    assert not out.exists()
