"""`vloop edit --dry-run` and `--mask`."""

from __future__ import annotations

import json

from PIL import Image, ImageDraw

from model_server.types import Box
from tests.fixtures.scripted import write_png
from tools.drawing import load_font
from ui.cli import main
from ui.demo import demo_image


def cli(tmp_path, *args: str) -> int:
    return main(["--home", str(tmp_path / "home"), *args])


def test_dry_run_prints_the_plan_and_runs_nothing(tmp_path, capsys):
    out, report_path = tmp_path / "out.png", tmp_path / "report.json"
    code = cli(tmp_path, "edit", str(demo_image()), "把背景换成浅蓝色，再把衣服改成蓝色", "-o", str(out),
               "--report", str(report_path), "--dry-run")
    printed = capsys.readouterr().out
    report = json.loads(report_path.read_text())
    assert code == 0
    assert "nothing was run" in printed
    assert "replace_background" in printed and "recolor" in printed
    assert [s["op"] for s in report["plan"]] == ["replace_background", "recolor"]
    assert report["steps"] == [] and report["output"] is None
    assert not out.exists()
    assert not (tmp_path / "out_steps").exists()


def two_sales(tmp_path) -> tuple:
    image = Image.new("RGB", (800, 240), (245, 245, 240))
    draw = ImageDraw.Draw(image)
    draw.text((60, 80), "SALE", font=load_font(64), fill=(20, 20, 30))
    draw.text((500, 80), "SALE", font=load_font(64), fill=(20, 20, 30))
    path = tmp_path / "two.png"
    image.save(path)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).rectangle((420, 0, 799, 239), fill=255)
    mask_path = tmp_path / "mask.png"
    mask.save(mask_path)
    return path, mask_path


def test_mask_picks_which_text_is_replaced(tmp_path, embedded_model):
    path, mask_path = two_sales(tmp_path)
    out, report_path = tmp_path / "out.png", tmp_path / "r.json"
    code = cli(tmp_path, "edit", str(path), "change 'SALE' to 'OPEN'", "-o", str(out),
               "--mask", str(mask_path), "--report", str(report_path))
    assert code == 0
    lines = embedded_model.ocr(Image.open(out).convert("RGB"))
    by_side = {("left" if line.box.center[0] < 400 else "right"): line.text for line in lines}
    assert by_side == {"left": "SALE", "right": "OPEN"}
    old_box = Box(**json.loads(report_path.read_text())["steps"][0]["data"]["old_box"])
    assert old_box.x0 > 420


def test_mask_of_the_wrong_size_is_bad_input(tmp_path, capsys):
    image = write_png(tmp_path / "in.png", size=(64, 48))
    mask = write_png(tmp_path / "mask.png", size=(32, 32), color=(255, 255, 255))
    code = cli(tmp_path, "edit", str(image), "blur the background", "-o", str(tmp_path / "out.png"),
               "--mask", str(mask))
    err = capsys.readouterr().err.strip()
    assert code == 2 and "mask must be 64x48 like the image, got 32x32" in err
    assert not (tmp_path / "out.png").exists()


def test_black_mask_is_bad_input(tmp_path, capsys):
    image = write_png(tmp_path / "in.png")
    mask = write_png(tmp_path / "mask.png", color=(0, 0, 0))
    code = cli(tmp_path, "edit", str(image), "blur the background", "-o", str(tmp_path / "out.png"),
               "--mask", str(mask))
    assert code == 2 and "no white pixels" in capsys.readouterr().err


def test_an_edit_that_names_no_region_acts_on_the_mask(tmp_path, astronaut):
    import numpy as np

    astronaut.save(tmp_path / "a.png")
    mask = Image.new("L", astronaut.size, 0)
    ImageDraw.Draw(mask).rectangle((300, 300, 511, 511), fill=255)
    mask.save(tmp_path / "m.png")
    out = tmp_path / "out.png"
    assert cli(tmp_path, "edit", str(tmp_path / "a.png"), "make it blue", "-o", str(out),
               "--mask", str(tmp_path / "m.png")) == 0
    before, after = np.asarray(astronaut, dtype=int), np.asarray(Image.open(out), dtype=int)
    changed = np.abs(after - before).max(axis=2) > 8
    inside = np.asarray(mask) > 0
    assert changed[~inside].mean() < 0.002 and changed[inside].mean() > 0.3
