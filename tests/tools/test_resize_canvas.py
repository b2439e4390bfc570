"""resize_canvas on real photos and rendered images: the canvas has exactly the shape asked, the
original sits on it unchanged, and the new area is filled from the picture (no flat bars) and
runs on from it at the seam. Broken canvases planted by hand must be rejected by the right
check."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from tests.conftest import pixels
from tests.tools.render import gradient, photo
from tools import resize_canvas as rc
from tools.base import StepContext, StepOutput


def _run(image: Image.Image, model, inp: rc.Input, attempt: int = 1):
    ctx = StepContext(image=image, model=model, attempt=attempt)
    return ctx, rc.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _new_area(result: StepOutput) -> np.ndarray:
    box = result.data.original_box
    added = np.ones((result.image.height, result.image.width), bool)
    added[box.y0:box.y1, box.x0:box.x1] = False
    return added


def _original_kept(result: StepOutput, image: Image.Image) -> bool:
    box = result.data.original_box
    return (pixels(result.image.crop(box.as_tuple())) == pixels(image)).all()


def _planted(result: StepOutput, canvas: np.ndarray) -> StepOutput:
    return StepOutput(image=Image.fromarray(canvas), data=result.data)


# The shapes asked for


@pytest.mark.parametrize("ratio, size", [("4:1", (2048, 512)), ("1:3", (512, 1536)), ("16:9", (910, 512))])
def test_the_astronaut_on_a_wider_or_taller_canvas(embedded_model, astronaut, ratio, size):
    inp = rc.Input(ratio=ratio)
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.image.size == size
    assert _original_kept(result, astronaut)
    new = pixels(result.image)[_new_area(result)]
    assert new.std(axis=0).mean() > 20  # a picture, not a bar
    assert (np.abs(new - new.mean(axis=0)).max(axis=1) > 10).mean() > 0.5
    assert (result.region == _new_area(result)).all()
    verdict = rc.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


@pytest.mark.parametrize("name", ["chelsea", "coffee", "rocket"])
@pytest.mark.parametrize("ratio", ["4:1", "1:3", "1:1"])
def test_photos_extend_to_4_1_1_3_and_square(embedded_model, name, ratio):
    image = photo(name)
    inp = rc.Input(ratio=ratio)
    ctx, result = _run(image, embedded_model, inp)
    w, h = (int(v) for v in ratio.split(":"))
    assert abs(result.image.width * h - result.image.height * w) <= max(w, h)  # within a pixel
    assert result.image.width >= image.width and result.image.height >= image.height
    assert _original_kept(result, image)
    verdict = rc.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


@pytest.mark.parametrize("fill", ["reflect", "blur", "edge", "inpaint"])
def test_every_fill_continues_the_picture(embedded_model, fill):
    image = photo("coffee")
    inp = rc.Input(ratio="16:9", fill=fill)
    ctx, result = _run(image, embedded_model, inp)
    assert result.data.fill == fill
    assert _original_kept(result, image)
    # Next to the seams the new pixels look like the image's edge pixels.
    box, out = result.data.original_box, pixels(result.image)
    left_new = out[:, box.x0 - 3:box.x0].mean(axis=(0, 1))
    left_old = out[:, box.x0:box.x0 + 3].mean(axis=(0, 1))
    assert np.abs(left_new - left_old).max() < 20
    verdict = rc.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_auto_picks_by_how_much_is_added(embedded_model, astronaut):
    _, narrow = _run(astronaut, embedded_model, rc.Input(ratio="5:4"))  # 64 px a side: a strip
    _, wide = _run(astronaut, embedded_model, rc.Input(ratio="4:1"))  # 768 px a side
    assert narrow.data.fill == "inpaint"  # the flag and the shuttle are textured borders
    assert wide.data.fill == "blur"


def test_a_wide_canvas_does_not_repeat_the_astronaut(embedded_model, astronaut):
    # The backdrop continues the border (flag, wall); her face must not appear again.
    _, result = _run(astronaut, embedded_model, rc.Input(ratio="4:1"))
    faces = embedded_model.detect_faces(result.image)
    assert len(faces) == 1
    box = result.data.original_box
    assert box.x0 <= faces[0].box.x0 and faces[0].box.x1 <= box.x1


def test_a_flat_border_extends_as_its_gradient(embedded_model):
    image = gradient((400, 300), (30, 60, 160), (240, 200, 120))
    inp = rc.Input(ratio="3:2")  # 450x300: 25 px a side
    ctx, result = _run(image, embedded_model, inp)
    assert result.data.fill == "edge"
    out = pixels(result.image)
    # Each new column continues the colours of the image's edge column beside it.
    assert np.abs(out[:, 0] - pixels(image)[:, 0]).max() < 12
    assert np.abs(out[:, -1] - pixels(image)[:, -1]).max() < 12
    verdict = rc.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_a_flat_colour_only_when_asked(embedded_model, astronaut):
    inp = rc.Input(ratio="16:9", fill="color", color="白色")
    ctx, result = _run(astronaut, embedded_model, inp)
    assert (pixels(result.image)[_new_area(result)] == 255).all()
    assert rc.verify(inp, ctx, result).passed


def test_a_size_larger_than_the_image_centres_it(embedded_model, astronaut):
    inp = rc.Input(width=800, height=600)
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.image.size == (800, 600)
    assert result.data.original_box.as_tuple() == (144, 44, 656, 556)
    assert _original_kept(result, astronaut)
    assert rc.verify(inp, ctx, result).passed


def test_a_size_smaller_than_the_image_fits_it_inside(embedded_model, astronaut):
    inp = rc.Input(width=400, height=200)
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.image.size == (400, 200)
    assert result.data.scale == pytest.approx(200 / 512)
    assert result.data.original_box.as_tuple() == (100, 0, 300, 200)
    verdict = rc.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_a_ratio_the_image_already_has_adds_nothing(embedded_model, astronaut):
    inp = rc.Input(ratio="1:1")
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.data.fill == "none"
    assert (pixels(result.image) == pixels(astronaut)).all()
    assert rc.verify(inp, ctx, result).passed


def test_a_retry_tries_another_fill(embedded_model, astronaut):
    inp = rc.Input(ratio="4:1")
    _, first = _run(astronaut, embedded_model, inp)
    ctx, second = _run(astronaut, embedded_model, inp, attempt=2)
    assert first.data.fill != second.data.fill
    assert rc.verify(inp, ctx, second).passed


def test_nothing_asked_or_too_much_asked_is_bad_input(embedded_model, astronaut):
    with pytest.raises(BadInput, match="ratio"):
        _run(astronaut, embedded_model, rc.Input())
    with pytest.raises(BadInput, match="not all three"):
        _run(astronaut, embedded_model, rc.Input(ratio="4:1", width=800, height=200))


# Verification rejects broken canvases


def test_the_input_returned_unchanged_has_the_wrong_ratio(embedded_model, astronaut):
    inp = rc.Input(ratio="4:1")
    ctx, result = _run(astronaut, embedded_model, inp)
    assert "size_ok" in _failed(rc.verify(inp, ctx, _planted(result, np.asarray(astronaut))))


def test_black_bars_are_not_a_fill(embedded_model, astronaut):
    inp = rc.Input(ratio="4:1")
    ctx, result = _run(astronaut, embedded_model, inp)
    bars = np.asarray(result.image).copy()
    bars[_new_area(result)] = 0
    assert _failed(rc.verify(inp, ctx, _planted(result, bars))) == {"new_area_filled", "seam_continuous"}


def test_a_bar_on_one_side_only_is_caught(embedded_model, astronaut):
    inp = rc.Input(ratio="1:3")
    ctx, result = _run(astronaut, embedded_model, inp)
    canvas = np.asarray(result.image).copy()
    canvas[: result.data.original_box.y0] = (128, 128, 128)
    assert "new_area_filled" in _failed(rc.verify(inp, ctx, _planted(result, canvas)))


def test_an_altered_original_is_caught(embedded_model, astronaut):
    inp = rc.Input(ratio="16:9")
    ctx, result = _run(astronaut, embedded_model, inp)
    canvas = np.asarray(result.image).copy()
    box = result.data.original_box
    canvas[box.y0:box.y1, box.x0:box.x1] = cv2.GaussianBlur(canvas[box.y0:box.y1, box.x0:box.x1], (0, 0), 2)
    assert _failed(rc.verify(inp, ctx, _planted(result, canvas))) == {"original_unchanged"}


def test_a_shifted_original_is_caught(embedded_model, astronaut):
    inp = rc.Input(ratio="16:9")
    ctx, result = _run(astronaut, embedded_model, inp)
    moved = result.data.model_copy(update={"original_box": result.data.original_box.model_copy(
        update={"x0": result.data.original_box.x0 + 5, "x1": result.data.original_box.x1 + 5})})
    verdict = rc.verify(inp, ctx, StepOutput(image=result.image, data=moved))
    assert "original_unchanged" in _failed(verdict)


def test_a_stretched_image_is_not_an_extended_canvas(embedded_model, astronaut):
    inp = rc.Input(ratio="16:9")
    ctx, result = _run(astronaut, embedded_model, inp)
    stretched = np.asarray(astronaut.resize(result.image.size))
    assert "original_unchanged" in _failed(rc.verify(inp, ctx, _planted(result, stretched)))
