"""annotate's marks beyond boxes, with the real embedded models on skimage photos: arrows,
numbered badges, measurement lines, the eye line, the face's symmetry axis and the horizon.
Each is checked against hand-measured facts, and each verifier is shown to reject a wrong mark."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pydantic import ValidationError
from skimage import data

from model_server.types import Box
from tests.model_server.samples import ASTRONAUT_FACE, ASTRONAUT_HEAD
from tests.tools.test_annotate import _text_image
from tools import annotate
from tools.annotations.marks import stroke_samples
from tools.annotations.measure import drawn_length
from tools.annotations.render import render
from tools.annotations.tags import read_tag
from tools.base import StepContext, StepFailed
from tools.colors import parse_color
from tools.text_match import similarity

PUPILS = [(203, 100), (247, 100)]  # the astronaut's right and left pupils, measured by hand
RED = parse_color("red")


def _run(image: Image.Image, model, **args):
    inp = annotate.Input(**args)
    ctx = StepContext(image=image, model=model)
    return inp, ctx, annotate.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _redrawn(ctx, result, marks, color=RED, *, boxed=False):
    """The step's result with `marks` drawn instead (over the target boxes if `boxed`), and the
    data saying so."""
    data = result.data.model_copy(update={"marks": marks})
    base = ctx.image
    if boxed:
        base, _ = annotate.draw_boxes(base, data.boxes, None, color, width=data.line_width)
    return type(result)(image=render(base, marks, color), data=data)


def _inside(p, box: Box) -> bool:
    return box.x0 <= p[0] < box.x1 and box.y0 <= p[1] < box.y1


@pytest.fixture(scope="module")
def rocket() -> Image.Image:
    return Image.fromarray(data.rocket())


@pytest.fixture(scope="module")
def three_faces(astronaut) -> Image.Image:
    """Three astronaut heads: two in the top row (the right one higher), one below on the left."""
    head = astronaut.crop(ASTRONAUT_HEAD.as_tuple()).resize((150, 166))
    canvas = Image.new("RGB", (720, 560), (200, 200, 190))
    for x, y in [(420, 20), (60, 60), (100, 360)]:
        canvas.paste(head, (x, y))
    return canvas


# Arrows


def test_arrow_points_at_the_face_with_its_label_at_the_tail(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, target="faces", mark="arrow")
    (arrow,) = result.data.marks
    tail, tip = arrow.points
    assert _inside(tip, ASTRONAUT_FACE.pad(4, 512, 512)) and not _inside(tail, ASTRONAUT_FACE)
    assert math.dist(tail, ASTRONAUT_FACE.center) > math.dist(tip, ASTRONAUT_FACE.center) + 30
    # The head is filled red at the tip; the label sits at the tail and reads "face".
    x, y = round(tip[0]), round(tip[1])
    head = np.asarray(result.image)[y - 1 : y + 2, x - 1 : x + 2]
    assert (np.linalg.norm(head - np.array(RED), axis=2) < 40).any()
    tag = arrow.label_box
    assert math.dist(tail, tag.center) < max(tag.width, tag.height)
    assert similarity("face", read_tag(embedded_model, result.image, tag, RED)) >= 0.8
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_arrow_at_a_person_filling_the_picture_with_a_chinese_label(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, target="people", mark="arrow", text="宇航员")
    (arrow,) = result.data.marks
    assert _inside(arrow.points[1], result.data.boxes[0]) and arrow.length >= 30
    assert similarity("宇航员", read_tag(embedded_model, result.image, arrow.label_box, RED)) >= 0.6
    assert annotate.verify(inp, ctx, result).passed


def test_arrow_at_a_named_object_the_classifier_agrees_on(embedded_model, chelsea, astronaut):
    inp, ctx, result = _run(chelsea, embedded_model, target="object:cat", mark="arrow", text="猫")
    (arrow,) = result.data.marks
    cat = result.data.boxes[0]
    assert cat.area > 0.3 * chelsea.width * chelsea.height  # the salient cat, not a speck
    assert _inside(arrow.points[1], cat)
    assert annotate.verify(inp, ctx, result).passed
    with pytest.raises(StepFailed, match="could not find a cat"):
        _run(astronaut, embedded_model, target="object:cat", mark="arrow")


def test_verify_rejects_an_arrow_pointing_at_the_wall(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, target="faces", mark="arrow")
    (arrow,) = result.data.marks
    moved = arrow.model_copy(update={"points": [(x + 250, y + 20) for x, y in arrow.points],
                                     "label_box": None, "text": ""})
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, [moved]))
    assert "arrows_point_at_targets" in _failed(verdict)


def test_arrows_at_three_text_lines_cross_no_other_line_nor_each_other(embedded_model):
    image, _ = _text_image()
    inp, ctx, result = _run(image, embedded_model, target="text", mark="arrow", color="blue")
    arrows = result.data.marks
    assert len(arrows) == 3
    for arrow, box in zip(arrows, result.data.boxes, strict=True):
        shaft = stroke_samples(arrow)
        others = [b for b in result.data.boxes if b != box]
        assert not any(_inside(p, b) for p in shaft for b in others)
        assert _inside(arrow.points[1], box)
    a, b = (stroke_samples(m) for m in arrows[:2])
    assert np.abs(a[:, None] - b[None]).max(axis=2).min() > 3
    assert annotate.verify(inp, ctx, result).passed


# Numbered badges


def test_badges_on_text_lines_are_not_taken_for_text(embedded_model):
    image, _ = _text_image()
    inp, ctx, result = _run(image, embedded_model, target="text", mark="number")
    centre = {m.text: m.points[0] for m in result.data.marks}
    assert centre["1"][1] < centre["2"][1] < centre["3"][1]  # top to bottom
    verdict = annotate.verify(inp, ctx, result)  # OCR reads the digits too, yet 3 targets
    assert verdict.passed, verdict.checks


def test_badges_number_three_faces_in_reading_order(embedded_model, three_faces):
    inp, ctx, result = _run(three_faces, embedded_model, target="faces", mark="number")
    badges = result.data.marks
    assert sorted(m.text for m in badges) == ["1", "2", "3"]
    centre = {m.text: m.points[0] for m in badges}
    # Top row left to right (though the right face is higher), then the row below.
    assert centre["1"][0] < 300 < centre["2"][0]
    assert centre["3"][1] > 300 > max(centre["1"][1], centre["2"][1])
    for badge in badges:  # each badge sits beside a face's box and OCR reads its number
        nearest = min(result.data.boxes, key=lambda b: math.dist(badge.points[0], b.center))
        assert math.dist(badge.points[0], nearest.center) < 0.9 * max(nearest.width, nearest.height)
        area = Box(x0=round(badge.points[0][0] - 9), y0=round(badge.points[0][1] - 9),
                   x1=round(badge.points[0][0] + 9), y1=round(badge.points[0][1] + 9))
        assert read_tag(embedded_model, result.image, area, RED).strip() == badge.text
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_verify_rejects_badges_out_of_order_or_missing(embedded_model, three_faces):
    inp, ctx, result = _run(three_faces, embedded_model, target="faces", mark="number")
    badges = sorted(result.data.marks, key=lambda m: m.text)
    swapped = [badges[0].model_copy(update={"text": "2"}), badges[1].model_copy(update={"text": "1"}),
               badges[2]]
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, swapped, boxed=True))
    assert _failed(verdict) == {"badges_in_reading_order"}
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, badges[:2], boxed=True))
    assert "one_badge_per_target" in _failed(verdict)


# Measurement lines


@pytest.mark.parametrize("dimension", ["width", "height"])
def test_measure_labels_the_faces_size_in_pixels(embedded_model, astronaut, dimension):
    inp, ctx, result = _run(astronaut, embedded_model, target="faces", mark="measure", dimension=dimension)
    (line,) = result.data.marks
    box = result.data.boxes[0]
    size = box.width if dimension == "width" else box.height
    assert line.text == f"{size} px"
    assert abs(size - (ASTRONAUT_FACE.width if dimension == "width" else ASTRONAUT_FACE.height)) <= 15
    # The picture shows a line of that length between its end ticks, outside the face.
    assert abs(drawn_length(result.image, line, RED) - size) <= 1
    assert not any(_inside(p, box) for p in line.points)
    assert str(size) in read_tag(embedded_model, result.image, line.label_box, RED)
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_verify_rejects_a_measurement_whose_label_lies(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, target="faces", mark="measure")
    (line,) = result.data.marks
    lying = line.model_copy(update={"text": "150 px"})
    assert "label_is_drawn_length" in _failed(annotate.verify(inp, ctx, _redrawn(ctx, result, [lying])))
    (x0, y0), (x1, y1) = line.points
    short = line.model_copy(update={"points": [(x0, y0), (x0 + 0.6 * (x1 - x0), y1)]})
    assert "length_is_target_size" in _failed(annotate.verify(inp, ctx, _redrawn(ctx, result, [short])))


# Lines from face landmarks


def test_eye_line_joins_the_pupils(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, mark="eye_line", color="green")
    (line,) = result.data.marks
    for end, pupil in zip(line.points, PUPILS, strict=True):
        assert math.dist(end, pupil) <= 4, (end, pupil)
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_verify_rejects_an_eye_line_on_the_eyebrows(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, mark="eye_line", color="green")
    (line,) = result.data.marks
    raised = line.model_copy(update={"points": [(x, y - 14) for x, y in line.points]})
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, [raised], parse_color("green")))
    assert "eye_line_on_the_eyes" in _failed(verdict)


def test_symmetry_axis_bisects_the_eyes_down_the_nose(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, mark="symmetry_axis", text="对称轴", color="yellow")
    (axis,) = result.data.marks
    (tx, ty), (bx, by) = axis.points
    assert abs(math.degrees(math.atan2(bx - tx, by - ty))) < 10  # near vertical, top to bottom
    middle = ((PUPILS[0][0] + PUPILS[1][0]) / 2, 100)
    x_at = tx + (bx - tx) * (middle[1] - ty) / (by - ty)
    assert abs(x_at - middle[0]) <= 4
    assert ty < ASTRONAUT_FACE.y0 + 5 and by > ASTRONAUT_FACE.y1 - 5  # it spans the face
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_verify_rejects_a_tilted_axis(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, mark="symmetry_axis", color="yellow")
    (axis,) = result.data.marks
    (tx, ty), (bx, by) = axis.points
    tilted = axis.model_copy(update={"points": [(tx - 20, ty), (bx + 20, by)]})
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, [tilted], parse_color("yellow")))
    assert "axis_bisects_the_eyes" in _failed(verdict)


@pytest.mark.parametrize(("name", "target", "axis_x"),
                         [("astronaut", "people", 225), ("coffee", "object:cup", 280)])
def test_symmetry_axis_of_a_subject_mirrors_its_mask(embedded_model, name, target, axis_x):
    image = Image.fromarray(getattr(data, name)())
    inp, ctx, result = _run(image, embedded_model, mark="symmetry_axis", target=target)
    (axis,) = result.data.marks
    (x0, y0), (x1, y1) = axis.points
    assert x0 == x1 and abs(x0 - axis_x) <= 8 and y1 - y0 > 0.6 * image.height
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    aside = axis.model_copy(update={"points": [(x0 + 60, y0), (x1 + 60, y1)], "label_box": None, "text": ""})
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, [aside]))
    assert "axis_mirrors_the_subject" in _failed(verdict)


def test_no_symmetry_axis_for_a_subject_that_is_not_symmetric(embedded_model, chelsea):
    with pytest.raises(StepFailed, match="not symmetric enough"):  # the salient part of a cat's face
        _run(chelsea, embedded_model, mark="symmetry_axis", target="object:cat")


# The horizon


def _landscape(left_y: int, right_y: int) -> Image.Image:
    """A sky gradient over a darker sea, the horizon tilted from left_y to right_y, with noise
    and a lighthouse standing across it."""
    w, h = 640, 420
    ys, xs = np.mgrid[0:h, 0:w]
    horizon = left_y + (right_y - left_y) * xs / (w - 1)
    sky = np.stack([150 + 0.1 * ys, 190 + 0.08 * ys, 235 + 0 * ys], axis=-1)
    sea = np.stack([30 + 0 * ys, 70 + 0.05 * ys, 110 + 0.05 * ys], axis=-1)
    rgb = np.where((ys < horizon)[..., None], sky, sea) + np.random.default_rng(0).normal(0, 6, (h, w, 3))
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8))
    ImageDraw.Draw(image).rectangle((470, 120, 500, 300), fill=(240, 240, 235))
    return image


def test_horizon_found_on_a_rendered_seascape(embedded_model):
    inp, ctx, result = _run(_landscape(230, 200), embedded_model, mark="horizon", text="地平线")
    (line,) = result.data.marks
    (x0, y0), (x1, y1) = line.points
    assert (x0, x1) == (0, 639) and abs(y0 - 230) <= 3 and abs(y1 - 200) <= 3
    assert similarity("地平线", read_tag(embedded_model, result.image, line.label_box, RED)) >= 0.6
    verdict = annotate.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_horizon_on_the_rocket_photo_follows_the_treeline(embedded_model, rocket):
    inp, ctx, result = _run(rocket, embedded_model, mark="horizon", color="yellow")
    (x0, y0), (x1, y1) = result.data.marks[0].points
    assert 350 <= y0 <= 395 and 350 <= y1 <= 395 and abs(y1 - y0) < math.tan(math.radians(3)) * 640
    assert annotate.verify(inp, ctx, result).passed


@pytest.mark.parametrize("name", ["astronaut", "coffee"])
def test_no_horizon_in_a_studio_portrait_or_a_table_top(embedded_model, name):
    image = Image.fromarray(getattr(data, name)())
    with pytest.raises(StepFailed, match="no horizon found"):
        _run(image, embedded_model, mark="horizon")


def test_verify_rejects_a_horizon_drawn_across_the_sky(embedded_model, rocket):
    inp, ctx, result = _run(rocket, embedded_model, mark="horizon", color="yellow")
    (line,) = result.data.marks
    in_the_sky = line.model_copy(update={"points": [(0.0, 120.0), (639.0, 120.0)], "label_box": None,
                                         "text": ""})
    verdict = annotate.verify(inp, ctx, _redrawn(ctx, result, [in_the_sky], parse_color("yellow")))
    assert "horizon_on_strong_edge" in _failed(verdict)


# Shared checks


@pytest.mark.parametrize("args", [dict(target="faces", mark="arrow"), dict(mark="symmetry_axis")])
def test_verify_rejects_nothing_drawn_and_changes_away_from_the_marks(embedded_model, astronaut, args):
    inp, ctx, result = _run(astronaut, embedded_model, **args)
    blank = type(result)(image=astronaut.copy(), data=result.data)
    assert {"strokes_colored", "labels_read"} <= _failed(annotate.verify(inp, ctx, blank))
    scribbled = result.image.copy()
    ImageDraw.Draw(scribbled).line((0, 450, 511, 500), fill=(0, 255, 0), width=9)
    scribbled_result = type(result)(image=scribbled, data=result.data)
    assert _failed(annotate.verify(inp, ctx, scribbled_result)) == {"elsewhere_unchanged"}


@pytest.mark.parametrize("args", [dict(mark="arrow"), dict(mark="measure"),
                                  dict(mark="horizon", target="faces"), dict(mark="eye_line", target="text")])
def test_a_mark_without_what_it_needs_is_refused(args):
    with pytest.raises(ValidationError):
        annotate.Input(**args)


def test_no_face_no_eye_line(embedded_model, rocket):
    with pytest.raises(StepFailed, match="no faces found"):
        _run(rocket, embedded_model, mark="eye_line")


@pytest.mark.parametrize("background", [(255, 255, 255), (0, 0, 0), (220, 30, 40), (120, 120, 120)])
@pytest.mark.parametrize(("color", "text"),
                         [("red", "对称轴"), ("yellow", "eye line"), ("blue", "地平线 horizon")])
def test_labels_read_on_any_background(embedded_model, background, color, text):
    from tools.annotations.tags import draw_tag, tag_extent, tag_font

    image = Image.new("RGB", (320, 120), background)
    font = tag_font(text, (512, 512))
    w, h = tag_extent(text, font)
    tag = Box(x0=40, y0=40, x1=40 + w, y1=40 + h)
    draw_tag(image, text, tag, parse_color(color), font)
    # The tag stands out from the background all along its rim: by its edge where the background
    # has the tag's colour, by its fill where the background has the edge's.
    rows = np.asarray(image)[tag.y0 : tag.y0 + 2, tag.x0 + 2 : tag.x1 - 2].astype(int)
    assert (np.abs(rows - np.array(background)).max(axis=2).max(axis=0) > 60).all()
    assert similarity(text, embedded_model.ocr(image.resize((960, 360)))[0].text) >= 0.8
