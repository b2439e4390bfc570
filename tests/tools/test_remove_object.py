"""remove_object with the real embedded models on rendered and real images: what a person would
check is that the text no longer reads, the face or person is no longer found, the hole looks
like its surroundings (no flat blob) and nothing beyond the hole moved."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.conftest import pixels
from tests.tools import render
from tools import hole_fill, masks
from tools import remove_object as ro
from tools.base import StepContext, StepFailed, StepOutput
from tools.text_match import find_text

FACE = (175, 80, 272, 175)  # the astronaut's face, measured by hand
RED = (220, 30, 40)


def _run(image: Image.Image, model, attempt: int = 1, mask: np.ndarray | None = None, **args):
    ctx = StepContext(image=image, model=model, attempt=attempt, mask=mask)
    inp = ro.Input(**args)
    return ctx, inp, ro.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _changed(before: Image.Image, after: Image.Image) -> np.ndarray:
    return np.abs(pixels(before) - pixels(after)).max(axis=2) > 3


def _reads(model, image: Image.Image, text: str) -> bool:
    return find_text(text, [line.text for line in model.ocr(image)]) is not None


@cache
def _poster() -> tuple[Image.Image, dict]:
    image = render.flat((560, 320), render.LIGHT)
    boxes = {"SALE": render.write(image, "SALE", (280, 90), 64, (170, 20, 30)),
             "限时特价": render.write(image, "限时特价", (280, 230), 44, render.DARK)}
    return image, boxes


@cache
def _remove_sale(model):
    return _run(_poster()[0], model, target="text:SALE")


@cache
def _grass_with_red_disc() -> tuple[Image.Image, np.ndarray]:
    from skimage import data

    image = Image.fromarray(data.grass()).convert("RGB").resize((640, 480))
    ImageDraw.Draw(image).ellipse((260, 170, 380, 290), fill=RED)
    disc = Image.new("L", image.size, 0)
    ImageDraw.Draw(disc).ellipse((260, 170, 380, 290), fill=255)
    return image, np.asarray(disc) > 0


@cache
def _remove_disc(model):
    image, _ = _grass_with_red_disc()
    return _run(image, model, target="color:red")


# Text


def test_removed_text_no_longer_reads_and_the_rest_stays(embedded_model) -> None:
    ctx, inp, result = _remove_sale(embedded_model)
    image, boxes = _poster()
    assert _reads(embedded_model, image, "SALE")
    assert not _reads(embedded_model, result.image, "SALE")
    assert _reads(embedded_model, result.image, "限时特价")
    x0, y0, x1, y1 = boxes["SALE"].pad(12, *image.size).as_tuple()
    changed = _changed(image, result.image)
    changed[y0:y1, x0:x1] = False
    assert not changed.any(), "pixels away from SALE changed"
    verdict = ro.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    assert result.data.removed_text == ["SALE"] and result.data.method in ("telea", "patch")


def test_text_on_a_photo_is_removed(embedded_model) -> None:
    image = render.photo("coffee", (0, 200, 600, 400))
    render.write(image, "OPEN", (300, 100), 48, (250, 250, 250))
    ctx, inp, result = _run(image, embedded_model, target="text")
    assert not _reads(embedded_model, result.image, "OPEN")
    verdict = ro.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_part_of_a_line_is_removed_and_the_rest_still_reads(embedded_model) -> None:
    image = render.flat((560, 160), render.LIGHT)
    render.write(image, "Big SALE today", (280, 80), 44, render.DARK)
    ctx, inp, result = _run(image, embedded_model, target="text:SALE")
    read = " ".join(line.text for line in embedded_model.ocr(result.image))
    assert "SALE" not in read and "Big" in read and "today" in read
    assert ro.verify(inp, ctx, result).passed


# Objects, faces, people


def test_removed_object_on_texture_leaves_no_flat_blob(embedded_model) -> None:
    ctx, inp, result = _remove_disc(embedded_model)
    _, disc = _grass_with_red_disc()
    after = pixels(result.image)
    red = (after[:, :, 0] > 150) & (after[:, :, 1] < 90) & (after[:, :, 2] < 90)
    assert not red.any(), "red pixels are left"
    hole, ring = masks.erode(disc, 4), hole_fill.ring(disc, 20)
    fill = hole_fill.looks_flat(after.astype(np.float32), disc)
    assert fill.texture >= 0.6 * fill.ring_texture, "the fill lost the grass's texture"
    grey = after.mean(axis=2)
    assert grey[hole].std() >= 0.6 * grey[ring].std()
    assert abs(grey[hole].mean() - grey[ring].mean()) < 20
    verdict = ro.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_user_masked_region_on_bricks_is_filled_with_bricks(embedded_model) -> None:
    from skimage import data

    image = Image.fromarray(data.brick()).convert("RGB")
    image.paste((40, 90, 200), (180, 200, 300, 290))
    mask = np.zeros((512, 512), bool)
    mask[200:290, 180:300] = True
    ctx, inp, result = _run(image, embedded_model, mask=mask, target="mask")
    after = pixels(result.image)
    assert np.abs(after[mask][:, 2] - after[mask][:, 0]).mean() < 20, "the blue patch is still there"
    assert ro.verify(inp, ctx, result).passed


def test_removed_face_is_no_longer_detected(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, target="face")
    assert embedded_model.detect_faces(astronaut)
    assert not embedded_model.detect_faces(result.image)
    x0, y0, x1, y1 = FACE
    changed = _changed(astronaut, result.image)
    assert changed[y0:y1, x0:x1].mean() > 0.5
    assert not changed[300:].any(), "the suit changed"
    assert ro.verify(inp, ctx, result).passed


@cache
def _person_on_grass(model) -> Image.Image:
    from skimage import data

    astronaut = Image.fromarray(data.astronaut())
    cut = astronaut.convert("RGBA")
    cut.putalpha(Image.fromarray(((model.person_mask(astronaut) > 0.5) * 255).astype(np.uint8)))
    scene = Image.fromarray(data.grass()).convert("RGB").resize((800, 600))
    small = cut.resize((380, 380))
    scene.paste(small, (400, 220), small)
    return scene


def test_removed_person_is_gone_and_the_grass_goes_on(embedded_model) -> None:
    scene = _person_on_grass(embedded_model)
    ctx, inp, result = _run(scene, embedded_model, target="人物")
    person_before = embedded_model.person_mask(scene) > 0.5
    person_after = embedded_model.person_mask(result.image) > 0.5
    assert person_before.mean() > 0.08 and (person_after & person_before).sum() < 0.05 * person_before.sum()
    assert not embedded_model.detect_faces(result.image)
    assert result.data.grow_px >= 3
    assert ro.verify(inp, ctx, result).passed


def test_a_person_filling_the_photo_fails_honestly(embedded_model, astronaut) -> None:
    with pytest.raises(StepFailed, match="too much to fill.*generative"):
        _run(astronaut, embedded_model, target="person")


def test_nothing_to_remove_fails_the_step(embedded_model, chelsea) -> None:
    with pytest.raises(StepFailed):
        _run(chelsea, embedded_model, target="text:SALE")


@pytest.mark.parametrize("attempt", [2, 3])
def test_retries_change_the_fill_and_grow_the_hole(embedded_model, attempt: int) -> None:
    first = _remove_sale(embedded_model)[2].data
    ctx, inp, result = _run(_poster()[0], embedded_model, attempt=attempt, target="text:SALE")
    assert result.data.method != first.method and result.data.grow_px > first.grow_px
    assert not _reads(embedded_model, result.image, "SALE")


def test_strategies_by_hole_thickness() -> None:
    size = (640, 480)
    thin = [hole_fill.strategy_for("auto", 2.5, a, 1, size).method for a in (1, 2, 3)]
    thick = [hole_fill.strategy_for("auto", 40.0, a, 4, size).method for a in (1, 2, 3)]
    assert thin == ["telea", "ns", "patch"] and thick == ["patch", "copy", "telea"]
    assert hole_fill.strategy_for("ns", 40.0, 1, 4, size).method == "ns"
    assert hole_fill.strategy_for("auto", 40.0, 2, 4, size).grow == 8


# Verification must reject broken results.


def test_verify_rejects_text_left_in_place(embedded_model) -> None:
    ctx, inp, result = _remove_sale(embedded_model)
    broken = StepOutput(image=ctx.image.copy(), data=result.data, region=result.region)
    assert "target_gone" in _failed(ro.verify(inp, ctx, broken))


def test_verify_rejects_an_unchanged_masked_region(embedded_model) -> None:
    image, disc = _grass_with_red_disc()
    ctx, inp, result = _run(image, embedded_model, mask=disc, target="mask")
    broken = StepOutput(image=image.copy(), data=result.data, region=result.region)
    assert "target_gone" in _failed(ro.verify(inp, ctx, broken))


def test_verify_rejects_a_flat_grey_fill(embedded_model) -> None:
    ctx, inp, result = _remove_disc(embedded_model)
    flat = pixels(ctx.image).astype(np.uint8)
    flat[result.region] = 128
    broken = StepOutput(image=Image.fromarray(flat), data=result.data, region=result.region)
    assert _failed(ro.verify(inp, ctx, broken)) == {"fill_plausible"}


def test_verify_rejects_a_black_blob(embedded_model) -> None:
    ctx, inp, result = _remove_sale(embedded_model)
    black = pixels(result.image).astype(np.uint8)
    black[result.region] = 0
    broken = StepOutput(image=Image.fromarray(black), data=result.data, region=result.region)
    assert "fill_plausible" in _failed(ro.verify(inp, ctx, broken))


def test_verify_rejects_changes_beyond_the_hole(embedded_model) -> None:
    ctx, inp, result = _remove_disc(embedded_model)
    spoiled = result.image.copy()
    spoiled.paste((255, 255, 255), (20, 20, 60, 60))
    broken = StepOutput(image=spoiled, data=result.data, region=result.region)
    assert _failed(ro.verify(inp, ctx, broken)) == {"outside_unchanged"}
