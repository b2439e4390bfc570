"""Two five-part instructions, one Chinese and one English, each on a real photo, end to end:
every supported step passes verification; the unsupported one is reported with a reason."""

from __future__ import annotations

import json

from PIL import Image
from skimage import data

from ui.cli import main


def run(tmp_path, image: Image.Image, instruction: str) -> tuple[int, dict]:
    path = tmp_path / "in.png"
    image.save(path)
    report_path = tmp_path / "report.json"
    code = main(["--home", str(tmp_path / "home"), "edit", str(path), instruction,
                 "-o", str(tmp_path / "out.png"), "--report", str(report_path)])
    return code, json.loads(report_path.read_text())


def statuses(report: dict) -> list[tuple[str, str]]:
    return [(s["op"], s["status"]) for s in report["steps"]]


def test_english_five_parts_on_the_astronaut(tmp_path):
    instruction = ("change the background to light blue, make her suit blue, add a crown on her head, "
                   "turn the helmet into a bucket, and box the face in red")
    code, report = run(tmp_path, Image.fromarray(data.astronaut()), instruction)
    assert statuses(report) == [("replace_background", "passed"), ("recolor", "passed"),
                                ("add_object", "passed"), ("replace_object", "unsupported"),
                                ("annotate", "passed")], [s.get("reason") for s in report["steps"]]
    assert "hf" in report["steps"][3]["reason"] or "remote" in report["steps"][3]["reason"]
    assert code == 1 and Image.open(tmp_path / "out.png").size == (512, 512)


def test_chinese_five_parts_on_the_cat(tmp_path):
    instruction = "把背景虚化，给猫戴一顶帽子，再把帽子改成红色，在右上角加一个太阳，然后把猫换成狗"
    code, report = run(tmp_path, Image.fromarray(data.chelsea()), instruction)
    ops = [s["op"] for s in report["plan"]]
    assert ops == ["replace_background", "add_object", "recolor", "add_object", "replace_object"]
    assert report["plan"][2]["depends_on"] == ["s2"]
    assert statuses(report)[:4] == [(op, "passed") for op in ops[:4]], \
        [s.get("reason") for s in report["steps"]]
    assert statuses(report)[4] == ("replace_object", "unsupported")
    assert code == 1
