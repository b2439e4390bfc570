"""Auxiliary lines end to end: `vloop edit` on skimage's astronaut with an English and a Chinese
instruction, through the real planner, tools and embedded backend. The pictures are written
under the test's tmp_path (out.png, and each step's image in out_steps/) to look at."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from PIL import Image

from ui.cli import main

PUPILS = [(203, 100), (247, 100)]  # the astronaut's right and left pupils, measured by hand


def _edit(tmp_path, astronaut, instruction: str) -> tuple[int, dict, np.ndarray]:
    source, out, report_path = tmp_path / "astronaut.png", tmp_path / "out.png", tmp_path / "report.json"
    astronaut.save(source)
    code = main(["--home", str(tmp_path / "home"), "edit", str(source), instruction, "-o", str(out),
                 "--report", str(report_path)])
    report = json.loads(report_path.read_text())
    return code, report, np.asarray(Image.open(out).convert("RGB"), np.int16)


@pytest.mark.parametrize(("instruction", "mark", "label"), [
    ("connect the two eyes in green", "eye_line", "eye line"),
    ("画出人脸的对称轴", "symmetry_axis", "对称轴"),
])
def test_an_auxiliary_line_on_the_astronaut_passes_and_changes_only_the_line(
        tmp_path, astronaut, instruction, mark, label):
    code, report, after = _edit(tmp_path, astronaut, instruction)
    (step,) = report["steps"]
    assert code == 0, step
    assert report["plan"][0]["args"]["mark"] == mark
    assert step["status"] == "passed" and step["verification"]["passed"]
    (line,) = step["data"]["marks"]
    assert line["text"] == label
    (x0, y0), (x1, y1) = line["points"]
    if mark == "eye_line":  # from pupil to pupil
        assert math.dist((x0, y0), PUPILS[0]) <= 4 and math.dist((x1, y1), PUPILS[1]) <= 4
    else:  # down the middle of the face, between the pupils, near vertical
        x_at_eyes = x0 + (x1 - x0) * (100 - y0) / (y1 - y0)
        assert abs(x_at_eyes - 225) <= 5 and abs(x1 - x0) < 0.15 * (y1 - y0)
    # What changed is the line and its tag: a small part of the picture, all of it near them.
    changed = np.abs(after - np.asarray(astronaut, np.int16)).max(axis=2) > 2
    tag = line["label_box"]
    ys, xs = np.nonzero(changed)
    near_line = [_distance_to_segment((x, y), (x0, y0), (x1, y1)) <= 4 for x, y in zip(xs, ys, strict=True)]
    on_tag = (xs >= tag["x0"] - 1) & (xs <= tag["x1"]) & (ys >= tag["y0"] - 1) & (ys <= tag["y1"])
    assert 0 < changed.mean() < 0.03
    assert (np.array(near_line) | on_tag).all()
    assert Image.open(step["image"]).size == astronaut.size


def _distance_to_segment(p, a, b) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)
