"""ocr with the real embedded model: the lines are read right and in order, the picture shows
them boxed, and the second look catches readings that are wrong or missing."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from model_server.types import Box, TextLine
from tests.conftest import pixels
from tools import ocr
from tools.base import StepContext
from tools.drawing import load_font
from tools.text_match import normalize

LINES = ["SALE", "50% OFF today", "限时特价 五折优惠"]


def _document() -> Image.Image:
    image = Image.new("RGB", (640, 420), (252, 252, 248))
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), LINES[0], fill=(200, 20, 30), font=load_font(72))
    draw.rectangle((30, 160, 470, 240), fill=(20, 40, 120))
    draw.text((45, 170), LINES[1], fill=(255, 255, 255), font=load_font(44))
    draw.text((40, 300), LINES[2], fill=(30, 30, 30), font=load_font(44))
    return image


def _run(image: Image.Image, model):
    ctx = StepContext(image=image, model=model)
    return ctx, ocr.run(ocr.Input(), ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _with_lines(result, lines: list[TextLine]):
    data = ocr.Output(lines=lines, text="\n".join(t.text for t in lines))
    return type(result)(image=result.image, data=data)


def test_reads_english_and_chinese_lines_in_order(embedded_model):
    image = _document()
    ctx, result = _run(image, embedded_model)

    assert [normalize(t.text) for t in result.data.lines] == [normalize(t) for t in LINES]
    assert normalize(result.data.text) == normalize("".join(LINES))
    assert (pixels(image) == pixels(_document())).all()  # the input is left as it was
    # The picture is a copy with every line framed in the box colour.
    picture = pixels(result.image)
    for line in result.data.lines:
        b = line.box
        frame = picture[max(0, b.y0 - 2), b.x0 : b.x1]
        assert (np.abs(frame - ocr.BOX_COLOR).max(axis=1) < 10).mean() > 0.9

    verdict = ocr.verify(ocr.Input(), ctx, result)
    assert verdict.passed, verdict.checks


def test_small_text_is_reread_from_an_upscaled_crop(embedded_model):
    image = Image.new("RGB", (480, 360), (255, 255, 255))
    ImageDraw.Draw(image).text((20, 20), "Order 4471 ships on Friday", fill=(0, 0, 0), font=load_font(15))
    ctx, result = _run(image, embedded_model)
    assert [t.text for t in result.data.lines] == ["Order 4471 ships on Friday"]
    assert ocr.reread(embedded_model, image, [result.data.lines[0].box]) == ["Order 4471 ships on Friday"]
    assert ocr.verify(ocr.Input(), ctx, result).passed


def test_a_photo_without_text_reads_nothing_and_passes(embedded_model, astronaut):
    ctx, result = _run(astronaut, embedded_model)
    assert result.data.lines == [] and result.data.text == ""
    verdict = ocr.verify(ocr.Input(), ctx, result)
    assert verdict.passed, verdict.checks


# Verification rejects broken results


def test_verify_rejects_a_wrong_reading(embedded_model):
    ctx, result = _run(_document(), embedded_model)
    lines = [t.model_copy() for t in result.data.lines]
    lines[1] = lines[1].model_copy(update={"text": "BUY TWO GET ONE"})
    verdict = ocr.verify(ocr.Input(), ctx, _with_lines(result, lines))
    assert _failed(verdict) == {"lines_reread"}
    assert "BUY TWO GET ONE" in next(c.detail for c in verdict.checks if not c.passed)


def test_verify_rejects_a_missing_line(embedded_model):
    ctx, result = _run(_document(), embedded_model)
    verdict = ocr.verify(ocr.Input(), ctx, _with_lines(result, result.data.lines[:2]))
    assert _failed(verdict) == {"no_text_missed"}


def test_verify_rejects_no_text_on_an_image_with_text(embedded_model):
    ctx, result = _run(_document(), embedded_model)
    verdict = ocr.verify(ocr.Input(), ctx, _with_lines(result, []))
    assert _failed(verdict) == {"no_text_missed"}


def test_verify_rejects_a_box_outside_the_image(embedded_model):
    ctx, result = _run(_document(), embedded_model)
    lines = list(result.data.lines)
    lines[0] = lines[0].model_copy(update={"box": Box(x0=700, y0=500, x1=800, y1=560)})
    verdict = ocr.verify(ocr.Input(), ctx, _with_lines(result, lines))
    assert {"boxes_inside_image", "lines_reread"} <= _failed(verdict)
