"""recolor on real photos and rendered images with the real embedded models: what a person
would check is that the thing is now the new colour, its folds and shadows are still there,
and nothing else changed; and that verification catches results that are not so."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from model_server.errors import BadInput
from tests.conftest import pixels
from tests.tools import render
from tools import recolor
from tools.base import StepContext, StepFailed, StepOutput
from tools.drawing import text_color

FACE = (175, 80, 272, 175)  # the astronaut's face, measured by hand
BLUE, RED, GREEN = (30, 90, 220), (220, 30, 40), (40, 170, 60)


def _run(image: Image.Image, model, target: str, color: str, **ctx_args):
    inp = recolor.Input(target=target, color=color)
    ctx = StepContext(image=image, model=model, **ctx_args)
    return inp, ctx, recolor.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _lab(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB"), np.float32) / 255, cv2.COLOR_RGB2LAB)


def _hue(lab: np.ndarray, where: np.ndarray) -> float:
    """Chroma-weighted mean Lab hue over `where`, degrees."""
    return float(np.degrees(np.arctan2(lab[:, :, 2][where].sum(), lab[:, :, 1][where].sum())) % 360)


def _hue_off(a: float, b: float) -> float:
    return abs((a - b + 180) % 360 - 180)


def _face_ellipse(shape: tuple[int, int]) -> np.ndarray:
    x0, y0, x1, y1 = FACE
    mask = np.zeros(shape, np.uint8)
    cv2.ellipse(mask, ((x0 + x1) // 2, (y0 + y1) // 2), ((x1 - x0) // 2, (y1 - y0) // 2), 0, 0, 360, 1, -1)
    return mask.astype(bool)


def _suit(astronaut: Image.Image) -> np.ndarray:
    """The suit as a person would point at it: well-lit orange in the body's part of the frame."""
    hsv = cv2.cvtColor(np.asarray(astronaut), cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hue, sat, val = hsv[:, :, 0] * 360 / 256, hsv[:, :, 1] / 255, hsv[:, :, 2] / 255
    suit = (hue >= 8) & (hue <= 30) & (sat >= 0.5) & (val >= 0.5)
    suit[:200] = False  # the face and hair are orange-ish too
    suit[:, 360:] = False
    suit[:, :50] = False  # the flag's stripes
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))
    return cv2.erode(suit.astype(np.uint8), kernel).astype(bool)  # not its seams and edges


@pytest.fixture(scope="module")
def suit_blue(embedded_model, astronaut):
    """One run of "make the astronaut's suit blue", shared by the tests that look at it."""
    return _run(astronaut, embedded_model, "clothes", "blue")


def poster() -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    image = render.flat((640, 400), render.LIGHT)
    title = render.write(image, "SALE", (320, 140), 96, render.DARK)
    line = render.write(image, "50% OFF today", (320, 300), 40, (200, 30, 40))
    return image, {"title": title.as_tuple(), "line": line.as_tuple()}


def shapes() -> Image.Image:
    """A red disc, a blue square and a shaded red ball on light grey."""
    image = render.flat((600, 400), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 60, 220, 240), fill=RED)
    draw.rectangle((260, 80, 400, 220), fill=BLUE)
    arr = np.asarray(image).copy()
    arr[_ball()] = (np.array([200, 25, 30]) * _shade()[_ball(), None]).astype(np.uint8)
    return Image.fromarray(arr)


def _ball(radius: int = 80) -> np.ndarray:
    yy, xx = np.mgrid[0:400, 0:600]
    return np.hypot(xx - 500, yy - 300) < radius


def _shade() -> np.ndarray:
    yy, xx = np.mgrid[0:400, 0:600]
    return np.clip(1.1 - np.hypot(xx - 480, yy - 280) / 110, 0.25, 1.0)


# The astronaut's suit


def test_suit_turns_blue_keeping_its_folds(astronaut, suit_blue):
    _, _, result = suit_blue
    suit = _suit(astronaut)
    before, after = _lab(astronaut), _lab(result.image)

    assert _hue_off(_hue(after, suit), 293) <= 15  # Lab hue of (30, 90, 220)
    hsv = cv2.cvtColor(np.asarray(result.image), cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    blue = (hsv[:, :, 0] * 360 / 256 >= 200) & (hsv[:, :, 0] * 360 / 256 <= 250)
    assert blue[suit].mean() >= 0.95
    corr = np.corrcoef(before[:, :, 0][suit], after[:, :, 0][suit])[0, 1]
    assert corr >= 0.95  # the folds and shadows are where they were
    assert after[:, :, 0][suit].std() >= 0.8 * before[:, :, 0][suit].std()  # and as deep


def test_suit_recolour_leaves_face_and_backdrop_alone(astronaut, suit_blue):
    _, _, result = suit_blue
    same = np.abs(pixels(astronaut) - pixels(result.image)).max(axis=2) == 0
    assert same[_face_ellipse(same.shape)].all()
    assert same[:60, 420:].all()  # the backdrop, top right
    assert same[440:500, 330:420].all()  # the black helmet she holds
    assert same[370:400, 155:185].all()  # the mission badge on the suit


def test_suit_recolour_passes_verification(suit_blue):
    inp, ctx, result = suit_blue
    verdict = recolor.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    assert result.data.target_label == "clothes"
    assert _hue_off(result.data.hue_before, 45) <= 10 and _hue_off(result.data.hue_after, 293) <= 10
    assert result.region is not None and 0.15 < result.region.mean() < 0.35


@pytest.mark.parametrize(("colour", "lightness"), [("white", (75, 100)), ("black", (0, 30))])
def test_suit_in_white_or_black_keeps_its_shading(embedded_model, astronaut, colour, lightness):
    inp, ctx, result = _run(astronaut, embedded_model, "clothes", colour)
    suit = _suit(astronaut)
    after = _lab(result.image)
    chroma = np.hypot(after[:, :, 1], after[:, :, 2])[suit]
    assert chroma.mean() <= 6
    assert lightness[0] <= after[:, :, 0][suit].mean() <= lightness[1]
    assert np.corrcoef(_lab(astronaut)[:, :, 0][suit], after[:, :, 0][suit])[0, 1] >= 0.95
    assert recolor.verify(inp, ctx, result).passed


def test_hair_in_chinese_colour_name(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, "头发", "红色")
    hair = np.zeros(astronaut.size[::-1], bool)
    hair[25:60, 200:260] = True  # the crown
    assert _hue_off(_hue(_lab(result.image), hair), 33) <= 20
    assert recolor.verify(inp, ctx, result).passed


# Text and graphics


def test_poster_title_in_red_still_reads_sale(embedded_model):
    image, boxes = poster()
    inp, ctx, result = _run(image, embedded_model, "text:SALE", "red")
    read = [line.text for line in embedded_model.ocr(result.image)]
    assert "SALE" in read and "50% OFF today" in read
    ink = text_color(result.image, boxes["title"])
    assert np.abs(np.subtract(ink, RED)).max() <= 12, ink  # the ink is now the new colour
    x0, y0, x1, y1 = boxes["line"]
    same = np.abs(pixels(image) - pixels(result.image)).max(axis=2) == 0
    assert same[y0 - 5 : y1 + 5, x0 - 5 : x1 + 5].all()  # the other line is untouched
    assert recolor.verify(inp, ctx, result).passed


def test_all_text_takes_one_colour_whatever_it_was(embedded_model):
    image, boxes = poster()
    inp, ctx, result = _run(image, embedded_model, "text", "#1E5ADC")
    for box in boxes.values():
        assert np.abs(np.subtract(text_color(result.image, box), BLUE)).max() <= 12
    assert recolor.verify(inp, ctx, result).passed


def test_text_on_a_photo_turns_yellow(embedded_model):
    photo = render.photo("coffee")
    box = render.write(photo, "OPEN", (470, 330), 48, (250, 250, 250)).as_tuple()
    inp, ctx, result = _run(photo, embedded_model, "text:OPEN", "yellow")
    assert "OPEN" in [line.text for line in embedded_model.ocr(result.image)]
    r, g, b = text_color(result.image, box)
    assert r > 200 and g > 170 and b < 90
    assert recolor.verify(inp, ctx, result).passed


def test_red_shapes_turn_green_and_the_ball_keeps_its_shading(embedded_model):
    image = shapes()
    inp, ctx, result = _run(image, embedded_model, "color:red", "green")
    after = pixels(result.image)
    assert np.abs(after[150, 130] - GREEN).max() <= 3  # the flat disc is exactly the new colour
    assert (after[90:210, 270:390] == BLUE).all()  # the blue square is not red: untouched
    ball = _ball(76)
    lab_before, lab_after = _lab(image), _lab(result.image)
    assert _hue_off(_hue(lab_after, ball), 141) <= 15
    assert np.corrcoef(lab_before[:, :, 0][ball], lab_after[:, :, 0][ball])[0, 1] >= 0.95
    assert recolor.verify(inp, ctx, result).passed


def test_grey_object_gets_colour_it_did_not_have(embedded_model):
    arr = np.full((300, 300, 3), 240, np.uint8)
    yy, xx = np.mgrid[0:300, 0:300]
    ball = np.hypot(xx - 150, yy - 150) < 100
    shade = np.clip(1.1 - np.hypot(xx - 120, yy - 120) / 140, 0.2, 1.0)
    arr[ball] = (np.array([150, 150, 150]) * shade[ball, None]).astype(np.uint8)
    image = Image.fromarray(arr)
    inp, ctx, result = _run(image, embedded_model, "mask", "red", mask=ball)
    lab_after = _lab(result.image)
    core = np.hypot(xx - 150, yy - 150) < 95
    assert np.hypot(lab_after[:, :, 1], lab_after[:, :, 2])[core].mean() >= 30
    assert _hue_off(_hue(lab_after, core), 33) <= 15
    assert np.corrcoef(_lab(image)[:, :, 0][core], lab_after[:, :, 0][core])[0, 1] >= 0.95
    assert recolor.verify(inp, ctx, result).passed


def test_white_object_made_red_is_red_not_pink(embedded_model):
    arr = np.full((300, 300, 3), (90, 110, 140), np.uint8)
    yy, xx = np.mgrid[0:300, 0:300]
    ball = np.hypot(xx - 150, yy - 150) < 100
    shade = np.clip(1.1 - np.hypot(xx - 120, yy - 120) / 140, 0.2, 1.0)
    arr[ball] = (250 * (0.55 + 0.45 * shade[ball, None])).astype(np.uint8)
    image = Image.fromarray(arr)
    inp, ctx, result = _run(image, embedded_model, "mask", "red", mask=ball)
    core = np.hypot(xx - 150, yy - 150) < 95
    lab_after = _lab(result.image)
    assert 40 <= lab_after[:, :, 0][core].mean() <= 65  # red's lightness, not a pale pink
    assert np.hypot(lab_after[:, :, 1], lab_after[:, :, 2])[core].mean() >= 50
    assert np.corrcoef(_lab(image)[:, :, 0][core], lab_after[:, :, 0][core])[0, 1] >= 0.95
    assert recolor.verify(inp, ctx, result).passed


def test_chained_step_region(embedded_model):
    image = shapes()
    square = np.zeros((400, 600), bool)
    square[80:221, 260:401] = True
    inp, ctx, result = _run(image, embedded_model, "step:s1", "orange", regions={"s1": square})
    assert np.abs(pixels(result.image)[150, 330] - (250, 140, 20)).max() <= 3
    assert (pixels(result.image)[150, 130] == RED).all()
    assert recolor.verify(inp, ctx, result).passed


# Refusals


def test_unknown_colour_is_bad_input_before_any_model_runs(astronaut):
    with pytest.raises(BadInput, match="unknown colour 'blurple'"):
        recolor.run(recolor.Input(target="clothes", color="blurple"),
                    StepContext(image=astronaut, model=None))  # type: ignore[arg-type]


def test_missing_target_fails_the_step(embedded_model, chelsea):
    with pytest.raises(StepFailed, match="no person"):
        _run(chelsea, embedded_model, "clothes", "blue")


# Verification catches broken results


def _planted(result: StepOutput, image: Image.Image) -> StepOutput:
    return StepOutput(image=image, data=result.data, region=result.region)


def test_verify_rejects_the_input_returned_unchanged(embedded_model, astronaut, suit_blue):
    inp, ctx, result = suit_blue
    verdict = recolor.verify(inp, ctx, _planted(result, astronaut))
    assert _failed(verdict) == {"hue_moved"}


def test_verify_rejects_the_wrong_colour(embedded_model, astronaut, suit_blue):
    inp, ctx, result = suit_blue
    green_inp, green_ctx, green = _run(astronaut, embedded_model, "clothes", "green")
    assert recolor.verify(green_inp, green_ctx, green).passed
    assert _failed(recolor.verify(inp, ctx, _planted(result, green.image))) == {"hue_moved"}


def test_verify_rejects_a_flat_fill_that_kills_the_shading(embedded_model, astronaut, suit_blue):
    inp, ctx, result = suit_blue
    flat = np.asarray(astronaut).copy()
    flat[result.region] = BLUE
    verdict = recolor.verify(inp, ctx, _planted(result, Image.fromarray(flat)))
    assert _failed(verdict) == {"shading_kept"}


def test_verify_rejects_the_wrong_region_edited(embedded_model, astronaut, suit_blue):
    inp, ctx, result = suit_blue
    # The backdrop recoloured instead of the suit, the step claiming the suit.
    _, _, backdrop = _run(astronaut, embedded_model, "background", "blue")
    verdict = recolor.verify(inp, ctx, _planted(result, backdrop.image))
    assert {"hue_moved", "outside_unchanged"} <= _failed(verdict)
    # Verification without the step's region resolves the target itself, and agrees.
    unclaimed = StepOutput(image=backdrop.image, data=result.data)
    assert {"hue_moved", "outside_unchanged"} <= _failed(recolor.verify(inp, ctx, unclaimed))


def test_verify_rejects_a_recolour_that_spilled_outside(embedded_model, astronaut, suit_blue):
    inp, ctx, result = suit_blue
    spilled = np.asarray(result.image).copy()
    spilled[:120, 380:] = BLUE  # a block of the backdrop painted too
    verdict = recolor.verify(inp, ctx, _planted(result, Image.fromarray(spilled)))
    assert _failed(verdict) == {"outside_unchanged"}


def test_verify_rejects_another_size(embedded_model, astronaut, suit_blue):
    inp, ctx, result = suit_blue
    verdict = recolor.verify(inp, ctx, _planted(result, result.image.resize((256, 256))))
    assert _failed(verdict) == {"same_size"}
