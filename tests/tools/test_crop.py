"""crop on real photos with the real embedded models: the output is a pure crop of the input,
has the ratio asked, and keeps what was asked for (the face is found again on the output).
Broken crops planted by hand must be rejected by the right check."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from model_server.types import Box
from tests.conftest import pixels
from tests.tools.render import DARK, LIGHT, flat, photo, write
from tools import crop
from tools.base import StepContext, StepFailed, StepOutput

FACE = Box(x0=175, y0=80, x1=272, y1=175)  # the astronaut's face, brows to chin, ear to ear


def _run(image: Image.Image, model, inp: crop.Input, attempt: int = 1):
    ctx = StepContext(image=image, model=model, attempt=attempt)
    return ctx, crop.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _is_crop_of(out: Image.Image, image: Image.Image, box: Box) -> bool:
    return out.size == (box.width, box.height) and (pixels(out) == pixels(image.crop(box.as_tuple()))).all()


def _contains(outer: Box, inner: Box) -> bool:
    return outer.x0 <= inner.x0 and outer.y0 <= inner.y0 and inner.x1 <= outer.x1 and inner.y1 <= outer.y1


def _planted(result: StepOutput, image: Image.Image, box: Box) -> StepOutput:
    return StepOutput(image=image, data=result.data.model_copy(update={"box": box}))


# Crop to a target


@pytest.mark.parametrize("target", ["face", "人脸", "faces"])
def test_crop_to_the_face_keeps_the_astronauts_face(embedded_model, astronaut, target):
    inp = crop.Input(target=target)
    ctx, result = _run(astronaut, embedded_model, inp)
    box = result.data.box
    assert _is_crop_of(result.image, astronaut, box)
    assert _contains(box, FACE)
    assert box.area < 0.15 * astronaut.width * astronaut.height  # a close-up, not the photo
    found = embedded_model.detect_faces(result.image)
    assert len(found) == 1
    moved = found[0].box
    again = Box(x0=moved.x0 + box.x0, y0=moved.y0 + box.y0, x1=moved.x1 + box.x0, y1=moved.y1 + box.y0)
    assert again.iou(FACE) > 0.6
    verdict = crop.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_the_margin_is_room_around_the_target(embedded_model, astronaut):
    _, tight = _run(astronaut, embedded_model, crop.Input(target="face", margin=0.0))
    _, roomy = _run(astronaut, embedded_model, crop.Input(target="face", margin=0.5))
    assert _contains(roomy.data.box, tight.data.box)
    assert roomy.data.box.width >= 1.8 * tight.data.box.width


def test_the_face_in_a_square_is_a_square_close_up(embedded_model, astronaut):
    inp = crop.Input(target="face", ratio="1:1")
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.image.width == result.image.height
    assert _contains(result.data.box, FACE)
    assert result.image.width < 250
    assert crop.verify(inp, ctx, result).passed


def test_crop_to_text_keeps_the_word_readable(embedded_model):
    poster = flat((900, 600), LIGHT)
    write(poster, "SALE", (650, 420), 72, DARK)
    write(poster, "Spring", (200, 120), 40, DARK)
    inp = crop.Input(target="text:SALE")
    ctx, result = _run(poster, embedded_model, inp)
    assert result.image.width < 450 and result.image.height < 250
    assert [line.text for line in embedded_model.ocr(result.image)] == ["SALE"]
    verdict = crop.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


# Crop to a ratio


@pytest.mark.parametrize("ratio, size", [("16:9", (512, 288)), ("4:1", (512, 128)), ("1:3", (171, 512)),
                                         ("1:1", (512, 512)), ("3:2", (512, 341))])
def test_a_ratio_crop_of_the_astronaut_keeps_her_face(embedded_model, astronaut, ratio, size):
    inp = crop.Input(ratio=ratio)
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.image.size == size
    w, h = (float(v) for v in ratio.split(":"))
    assert abs(result.image.width - result.image.height * w / h) <= 1
    assert _is_crop_of(result.image, astronaut, result.data.box)
    assert _contains(result.data.box, FACE)
    assert len(embedded_model.detect_faces(result.image)) == 1
    verdict = crop.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


@pytest.mark.parametrize("name", ["coffee", "rocket", "chelsea"])
def test_16_9_of_a_photo_without_people_has_that_ratio(embedded_model, name):
    image = photo(name)
    inp = crop.Input(ratio="16:9")
    ctx, result = _run(image, embedded_model, inp)
    assert abs(result.image.width - result.image.height * 16 / 9) <= 1
    assert result.image.width == image.width  # the largest such crop of a 3:2 photo
    assert _is_crop_of(result.image, image, result.data.box)
    verdict = crop.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_a_square_of_the_cup_is_centred_on_the_cup(embedded_model):
    image = photo("coffee")  # 600x400, the cup a little left of centre
    inp = crop.Input(ratio="1:1")
    ctx, result = _run(image, embedded_model, inp)
    assert result.image.size == (400, 400)
    assert result.data.anchor.startswith("main subject")
    # The cup and saucer span x = 75..480: the crop sits on them, left of the photo's centre.
    assert 60 <= result.data.box.x0 <= 90
    assert crop.verify(inp, ctx, result).passed


# Refusals


def test_nothing_to_crop_to_is_bad_input(embedded_model, astronaut):
    with pytest.raises(BadInput, match="ratio"):
        _run(astronaut, embedded_model, crop.Input())
    with pytest.raises(BadInput, match="above zero"):
        _run(astronaut, embedded_model, crop.Input(ratio="0:1"))


def test_a_face_that_is_not_there_fails_the_step(embedded_model):
    with pytest.raises(StepFailed, match="face"):
        _run(photo("coffee"), embedded_model, crop.Input(target="face"))


def test_a_ratio_that_cannot_hold_the_target_fails_honestly(embedded_model, astronaut):
    # The astronaut fills the frame's width; no 1:3 strip of the photo holds all of her.
    with pytest.raises(StepFailed, match="too small to hold"):
        _run(astronaut, embedded_model, crop.Input(target="person", ratio="1:3"))


def test_a_retry_leaves_more_room(embedded_model, astronaut):
    inp = crop.Input(target="face")
    _, first = _run(astronaut, embedded_model, inp)
    ctx, second = _run(astronaut, embedded_model, inp, attempt=2)
    assert _contains(second.data.box, first.data.box) and second.data.box.area > first.data.box.area
    assert crop.verify(inp, ctx, second).passed


# Verification rejects broken crops


def test_a_crop_that_cuts_the_face_is_rejected(embedded_model, astronaut):
    inp = crop.Input(target="face")
    ctx, result = _run(astronaut, embedded_model, inp)
    cut = Box(x0=150, y0=130, x1=300, y1=260)  # chin and neck: the face's top half is gone
    verdict = crop.verify(inp, ctx, _planted(result, astronaut.crop(cut.as_tuple()), cut))
    assert _failed(verdict) == {"target_inside", "target_found_again"}


def test_a_ratio_crop_that_loses_the_face_is_rejected(embedded_model, astronaut):
    inp = crop.Input(ratio="16:9")
    ctx, result = _run(astronaut, embedded_model, inp)
    low = Box(x0=0, y0=224, x1=512, y1=512)  # 16:9, but her face is above it
    verdict = crop.verify(inp, ctx, _planted(result, astronaut.crop(low.as_tuple()), low))
    assert {"target_inside", "target_found_again"} <= _failed(verdict)
    assert "ratio_ok" not in _failed(verdict) and "pure_crop" not in _failed(verdict)


def test_a_wrong_ratio_is_rejected(embedded_model, astronaut):
    inp = crop.Input(ratio="16:9")
    ctx, result = _run(astronaut, embedded_model, inp)
    square = Box(x0=0, y0=0, x1=512, y1=512)
    assert _failed(crop.verify(inp, ctx, _planted(result, astronaut, square))) == {"ratio_ok"}


def test_a_resized_crop_is_not_a_pure_crop(embedded_model, astronaut):
    inp = crop.Input(target="face")
    ctx, result = _run(astronaut, embedded_model, inp)
    box = result.data.box
    zoomed = astronaut.crop((box.x0 + 4, box.y0 + 4, box.x1 - 4, box.y1 - 4)).resize(result.image.size)
    assert "pure_crop" in _failed(crop.verify(inp, ctx, _planted(result, zoomed, box)))


def test_a_box_outside_the_image_is_rejected(embedded_model, astronaut):
    inp = crop.Input(ratio="1:1")
    ctx, result = _run(astronaut, embedded_model, inp)
    outside = Box(x0=100, y0=0, x1=612, y1=512)
    assert "pure_crop" in _failed(crop.verify(inp, ctx, _planted(result, result.image, outside)))


def test_the_input_returned_uncropped_fails_the_ratio(embedded_model):
    image = photo("rocket")
    inp = crop.Input(ratio="4:1")
    ctx, result = _run(image, embedded_model, inp)
    whole = Box(x0=0, y0=0, x1=image.width, y1=image.height)
    assert np.asarray(image).shape[:2] == (427, 640)
    assert _failed(crop.verify(inp, ctx, _planted(result, image, whole))) == {"ratio_ok"}
