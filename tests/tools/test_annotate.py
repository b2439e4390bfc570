"""annotate with the real embedded models: the box is on the face (or each text line), in the
colour asked, the label can be read, and nothing else in the picture moved."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from model_server.types import Box
from tests.conftest import pixels
from tools import annotate
from tools.base import StepContext, StepFailed
from tools.colors import parse_color
from tools.drawing import load_font
from tools.text_match import similarity

FACE = Box(x0=175, y0=80, x1=272, y1=175)  # the astronaut's face, measured by hand
RED = np.array(parse_color("red"))


def _run(image: Image.Image, model, inp: annotate.Input):
    ctx = StepContext(image=image, model=model)
    return ctx, annotate.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _text_image() -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """Three rendered lines on paper, with the ink box of each as drawn."""
    image = Image.new("RGB", (720, 480), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    lines = {"Quarterly report": (40, 40, (20, 20, 20)), "限时特价 五折优惠": (40, 190, (200, 30, 30)),
             "Buy now 50% OFF": (300, 340, (20, 60, 160))}
    ink = {}
    for text, (x, y, colour) in lines.items():
        draw.text((x, y), text, fill=colour, font=load_font(44))
        ink[text] = draw.textbbox((x, y), text, font=load_font(44))
    return image, ink


def test_red_box_around_the_astronauts_face_with_a_readable_label(embedded_model, astronaut):
    inp = annotate.Input(target="faces", color="red")
    ctx, result = _run(astronaut, embedded_model, inp)

    assert len(result.data.boxes) == 1
    box = result.data.boxes[0]
    assert box.iou(FACE) >= 0.5
    # The outline is red all round, just outside the box.
    out = pixels(result.image)
    w = result.data.line_width
    for side in (out[box.y0 - w : box.y0, box.x0 : box.x1], out[box.y1 : box.y1 + w, box.x0 : box.x1],
                 out[box.y0 : box.y1, box.x0 - w : box.x0], out[box.y0 : box.y1, box.x1 : box.x1 + w]):
        assert (np.linalg.norm(side - RED, axis=2) < 10).mean() > 0.9
    # The face inside the box is untouched.
    inside = (slice(box.y0, box.y1), slice(box.x0, box.x1))
    assert (out[inside] == pixels(astronaut)[inside]).all()
    # The label says what and how sure, and OCR reads it.
    label = result.data.labels[0]
    assert label.startswith("face 0.")
    tag = result.data.label_boxes[0]
    assert 0 <= tag.x0 < tag.x1 <= astronaut.width and 0 <= tag.y0 < tag.y1 <= astronaut.height
    read = embedded_model.ocr(result.image.crop(tag.pad(12, *astronaut.size).as_tuple()))
    assert max(similarity(label, r.text) for r in read) >= 0.8, read

    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_every_text_line_is_boxed_and_a_chinese_label_reads_back(embedded_model):
    image, ink = _text_image()
    inp = annotate.Input(target="text", color="blue")
    ctx, result = _run(image, embedded_model, inp)

    assert len(result.data.boxes) == 3
    for text, (x0, y0, x1, y1) in ink.items():
        drawn = [b for b in result.data.boxes if b.x0 <= x0 and b.y0 <= y0 and b.x1 >= x1 and b.y1 >= y1]
        assert len(drawn) == 1, f"{text!r} is not inside exactly one box"
        assert drawn[0].iou(Box(x0=x0, y0=y0, x1=x1, y1=y1)) >= 0.5
    # The labels are the lines' text; the Chinese one is drawn legibly enough to OCR again.
    assert any(similarity(label, "限时特价五折优惠") >= 0.9 for label in result.data.labels)
    readings = [t.text for t in embedded_model.ocr(result.image)]
    assert sum(similarity(r, "限时特价五折优惠") >= 0.8 for r in readings) == 2, readings

    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_highlight_tints_the_face_and_nothing_else(embedded_model, astronaut):
    inp = annotate.Input(target="faces", color="yellow", style="highlight")
    ctx, result = _run(astronaut, embedded_model, inp)
    box = result.data.boxes[0]
    before = pixels(astronaut)[box.y0 : box.y1, box.x0 : box.x1].astype(float)
    after = pixels(result.image)[box.y0 : box.y1, box.x0 : box.x1].astype(float)
    yellow = np.array(parse_color("yellow"))
    # Every pixel moved part way towards yellow, and the face still shows through.
    assert (np.linalg.norm(after - yellow, axis=2) < np.linalg.norm(before - yellow, axis=2)).mean() > 0.95
    assert np.corrcoef(before[..., 1].ravel(), after[..., 1].ravel())[0, 1] > 0.95
    assert annotate.verify(inp, ctx, result).passed


def test_people_box_holds_the_face(embedded_model, astronaut):
    inp = annotate.Input(target="people", color="green", label=False)
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.data.label_boxes == []
    assert any(
        b.x0 <= FACE.x0 and b.y0 <= FACE.y0 and b.x1 >= FACE.x1 and b.y1 >= FACE.y1
        for b in result.data.boxes
    )
    assert annotate.verify(inp, ctx, result).passed


def test_line_width_scales_with_the_image(embedded_model, astronaut):
    big = astronaut.resize((1024, 1024))
    _, small_result = _run(astronaut, embedded_model, annotate.Input(target="faces"))
    _, big_result = _run(big, embedded_model, annotate.Input(target="faces"))
    assert big_result.data.line_width > small_result.data.line_width >= 2


def test_no_face_is_a_step_failure_that_says_so(embedded_model):
    from skimage import data

    rocket = Image.fromarray(data.rocket())
    with pytest.raises(StepFailed, match="no faces found"):
        _run(rocket, embedded_model, annotate.Input(target="faces"))


# Verification rejects broken results


def _planted(result, image: Image.Image, **data_changes):
    return type(result)(image=image, data=result.data.model_copy(update=data_changes))


def test_verify_rejects_the_input_returned_unchanged(embedded_model, astronaut):
    inp = annotate.Input(target="faces")
    ctx, result = _run(astronaut, embedded_model, inp)
    verdict = annotate.verify(inp, ctx, _planted(result, astronaut.copy()))
    assert "outline_color" in _failed(verdict)


def test_verify_rejects_a_box_drawn_in_the_wrong_place(embedded_model, astronaut):
    inp = annotate.Input(target="faces")
    ctx, result = _run(astronaut, embedded_model, inp)
    b = result.data.boxes[0]
    moved = Box(x0=b.x0 + 180, y0=b.y0 + 200, x1=b.x1 + 180, y1=b.y1 + 200)
    wrong, tags = annotate.draw_boxes(
        astronaut, [moved], result.data.labels, tuple(RED), width=result.data.line_width
    )
    # The data tells the truth about where the box was drawn: it is on no face.
    verdict = annotate.verify(inp, ctx, _planted(result, wrong, boxes=[moved], label_boxes=tags))
    assert _failed(verdict) == {"boxes_where_found"}
    # The data claims the face, the pixels say elsewhere.
    verdict = annotate.verify(inp, ctx, _planted(result, wrong))
    assert {"outline_color", "elsewhere_unchanged"} <= _failed(verdict)


def test_verify_rejects_the_wrong_colour(embedded_model, astronaut):
    inp = annotate.Input(target="faces", color="red")
    ctx, result = _run(astronaut, embedded_model, inp)
    blue = tuple(parse_color("blue"))
    wrong, tags = annotate.draw_boxes(
        astronaut, result.data.boxes, result.data.labels, blue, width=result.data.line_width
    )
    verdict = annotate.verify(inp, ctx, _planted(result, wrong, label_boxes=tags))
    assert _failed(verdict) == {"outline_color", "label_tags"}


def test_verify_rejects_changes_hidden_under_a_claimed_label(embedded_model, astronaut):
    inp = annotate.Input(target="faces")
    ctx, result = _run(astronaut, embedded_model, inp)
    scribbled = result.image.copy()
    ImageDraw.Draw(scribbled).line((0, 400, 511, 500), fill=(0, 255, 0), width=9)
    everywhere = Box(x0=0, y0=0, x1=astronaut.width, y1=astronaut.height)
    verdict = annotate.verify(inp, ctx, _planted(result, scribbled, label_boxes=[everywhere]))
    assert _failed(verdict) == {"label_tags", "outline_color"}  # elsewhere_unchanged is fooled
    verdict = annotate.verify(inp, ctx, _planted(result, scribbled))
    assert _failed(verdict) == {"elsewhere_unchanged"}


def test_verify_rejects_a_text_box_on_no_text(embedded_model):
    image, _ = _text_image()
    inp = annotate.Input(target="text")
    ctx, result = _run(image, embedded_model, inp)
    boxes = list(result.data.boxes)
    boxes[0] = Box(x0=400, y0=100, x1=700, y1=160)  # blank paper
    wrong, tags = annotate.draw_boxes(
        image, boxes, result.data.labels, tuple(RED), width=result.data.line_width
    )
    verdict = annotate.verify(inp, ctx, _planted(result, wrong, boxes=boxes, label_boxes=tags))
    assert _failed(verdict) == {"boxes_where_found"}
