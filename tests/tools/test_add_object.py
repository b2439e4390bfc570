"""add_object and the bundled stickers, with the real embedded models on real photos: what a
person would check is that the hat sits on the head it was meant for, the sun is in the corner
asked, and nothing else in the picture moved."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from model_server.types import Box
from tests.conftest import pixels
from tools import add_object as ao
from tools import stickers
from tools.base import StepContext, StepFailed, StepOutput
from tools.placement import POSITION_WORDS, RELATION_WORDS, overlap_x

FACE = Box(x0=175, y0=80, x1=272, y1=175)  # the astronaut's face, measured by hand: brows to chin
CAT_FACE = Box(x0=95, y0=85, x1=345, y1=270)  # chelsea's face, by hand: eyes, nose and muzzle


def _run(image: Image.Image, model, **args) -> tuple[StepContext, ao.Input, StepOutput]:
    ctx = StepContext(image=image, model=model)
    inp = ao.Input(**args)
    return ctx, inp, ao.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _changed(before: Image.Image, after: Image.Image) -> np.ndarray:
    return np.abs(pixels(before) - pixels(after)).max(axis=2) > 2


@cache
def _hat_on_cat(model) -> tuple[StepContext, ao.Input, StepOutput]:
    from skimage import data

    return _run(Image.fromarray(data.chelsea()), model, object="hat", anchor="object:cat")


@cache
def _sun_top_right(model) -> tuple[StepContext, ao.Input, StepOutput]:
    from skimage import data

    return _run(Image.fromarray(data.chelsea()), model, object="太阳", position=POSITION_WORDS["右上角"])


# Placing


def test_hat_on_the_cats_head_sits_above_its_face(embedded_model) -> None:
    ctx, inp, result = _hat_on_cat(embedded_model)
    (box,) = result.data.boxes
    assert box.y1 <= CAT_FACE.center[1], "the hat reaches below the middle of the cat's face"
    assert overlap_x(box, CAT_FACE) >= 0.8 * box.width, "the hat is not over the cat's face"
    assert box.height >= 40, "the hat is too small to see"
    changed = _changed(ctx.image, result.image)
    assert changed[box.y0 : box.y1, box.x0 : box.x1].mean() > 0.3
    assert not changed[box.y1 + 2 :].any(), "something below the hat changed"
    assert ao.verify(inp, ctx, result).passed


def test_hat_on_the_astronauts_face_sits_above_the_face(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="帽子", anchor="face")
    (box,) = result.data.boxes
    assert result.data.sticker == "hat"
    assert box.y0 < FACE.y0 and box.y1 <= FACE.center[1]
    assert overlap_x(box, FACE) >= 0.8 * FACE.width
    assert 0.8 * FACE.width <= box.width <= 1.6 * FACE.width, "the hat is not sized to the head"
    verdict = ao.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_crown_on_the_person_goes_on_her_head(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="crown", anchor="person",
                            relation=RELATION_WORDS["头上"])
    (box,) = result.data.boxes
    assert box.y1 <= FACE.y0 + 0.25 * FACE.height and overlap_x(box, FACE) > 0.5 * box.width
    assert ao.verify(inp, ctx, result).passed


def test_glasses_cover_the_eyes_band(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="眼镜", anchor="face")
    (box,) = result.data.boxes
    eyes_y = FACE.y0 + 0.38 * FACE.height  # the eyes, by hand, at y = 116
    assert box.y0 <= eyes_y <= box.y1
    assert FACE.x0 - 10 <= box.x0 and box.x1 <= FACE.x1 + 10
    assert ao.verify(inp, ctx, result).passed


def test_sun_in_the_top_right_corner(embedded_model) -> None:
    ctx, inp, result = _sun_top_right(embedded_model)
    (box,) = result.data.boxes
    w, h = ctx.image.size
    assert box.x0 >= w / 2 and box.y1 <= h / 2, "the sun is not in the top-right quarter"
    sun = pixels(result.image)[box.y0 : box.y1, box.x0 : box.x1].reshape(-1, 3)
    yellow = (sun[:, 0] > 200) & (sun[:, 1] > 150) & (sun[:, 2] < 120)
    assert yellow.mean() > 0.3, "no yellow sun in its box"
    assert ao.verify(inp, ctx, result).passed


def test_three_stars_spread_along_the_top(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="stars", count=3, position="top")
    boxes = result.data.boxes
    assert len(boxes) == 3
    assert all(a.x1 <= b.x0 for a, b in zip(boxes, boxes[1:], strict=False)), "stars overlap"
    assert all(b.y1 <= astronaut.height / 3 for b in boxes)
    assert ao.verify(inp, ctx, result).passed


def test_star_above_a_red_box_and_an_arrow_pointing_at_it(embedded_model) -> None:
    image = Image.new("RGB", (640, 480), (235, 235, 225))
    image.paste((210, 30, 40), (260, 220, 380, 340))
    red = Box(x0=260, y0=220, x1=380, y1=340)
    ctx, inp, result = _run(image, embedded_model, object="star", anchor="color:red", relation="above")
    (star,) = result.data.boxes
    assert star.y1 <= red.y0 and overlap_x(star, red) > 0.5 * star.width
    assert ao.verify(inp, ctx, result).passed

    ctx, inp, result = _run(image, embedded_model, object="arrow", anchor="color:red", relation="left-of",
                            scale=1.0)
    (arrow,) = result.data.boxes
    assert arrow.x1 <= red.x0 and arrow.y0 < red.center[1] < arrow.y1
    tip = pixels(result.image)[arrow.y0 : arrow.y1, arrow.x1 - 8 : arrow.x1]
    tail = pixels(result.image)[arrow.y0 : arrow.y1, arrow.x0 : arrow.x0 + 8]
    assert _redness(tip) > 0 and _redness(tail) > 0, "the arrow does not span its box"
    assert _redness(pixels(result.image)[arrow.y0 : arrow.y1, arrow.x1 - 30 : arrow.x1 - 22]) > \
        _redness(tail), "the arrow's head (the wide end) is not towards the red box"


def _redness(block: np.ndarray) -> int:
    px = block.reshape(-1, 3)
    return int(((px[:, 0] > 150) & (px[:, 1] < 90)).sum())


def test_region_is_the_sticker_for_a_later_step(embedded_model) -> None:
    """"add a hat to the cat, then make the hat red": the recolour step acts on this region."""
    ctx, _, result = _hat_on_cat(embedded_model)
    (box,) = result.data.boxes
    region = result.region
    assert region is not None and region.shape == (ctx.image.height, ctx.image.width)
    inside = np.zeros_like(region)
    inside[max(0, box.y0) : box.y1, box.x0 : box.x1] = True
    assert not (region & ~inside).any(), "the region reaches outside the hat's box"
    assert region[inside].mean() > 0.4
    changed = _changed(ctx.image, result.image)
    assert changed[region].mean() > 0.95, "the region holds pixels the hat did not cover"


def test_no_face_to_put_it_on_fails_the_step(embedded_model) -> None:
    from skimage import data

    with pytest.raises(StepFailed, match="no face"):
        _run(Image.fromarray(data.coffee()), embedded_model, object="hat", anchor="face")


def test_colour_said_with_the_name_tints_the_sticker(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="红色的帽子", anchor="face")
    assert result.data.color == (220, 30, 40)
    hat = pixels(result.image)[result.region]
    assert ((hat[:, 0] > 150) & (hat[:, 1] < 80)).mean() > 0.5, "the hat is not red"
    assert ao.verify(inp, ctx, result).passed


# Stickers


@pytest.mark.parametrize("name", ["帽子", "皇冠", "太阳", "星星", "爱心", "眼镜", "云", "花", "气球", "箭头",
                                  "对话框", "月亮", "闪光", "墨镜", "派对帽"])
def test_every_chinese_name_renders_an_antialiased_sticker(name: str) -> None:
    icon = stickers.get_sticker(name, 120)
    assert icon.mode == "RGBA" and icon.width == 120
    alpha = np.asarray(icon.getchannel("A"))
    assert (alpha == 255).mean() > 0.1 and (alpha == 0).mean() > 0.05
    assert ((alpha > 0) & (alpha < 255)).any(), "edges are not anti-aliased"
    assert stickers.STICKER_WORDS[name] in stickers.BY_NAME


def test_sticker_set_is_complete_and_named_in_both_languages() -> None:
    wanted = {"hat", "crown", "sun", "star", "heart", "glasses", "cloud", "flower", "balloon", "arrow",
              "speech bubble", "moon", "sparkle"}
    assert wanted <= set(stickers.BY_NAME)
    for sticker in stickers.STICKERS:
        assert any(not w.isascii() for w in sticker.words), f"{sticker.name} has no Chinese name"


def test_unknown_sticker_is_bad_input_listing_the_set() -> None:
    with pytest.raises(BadInput, match=r"unicorn.*hat \(帽子\).*sun \(太阳\)"):
        stickers.get_sticker("unicorn", 100)


def test_sticker_scales_and_takes_a_colour() -> None:
    small, big = stickers.get_sticker("heart", 40), stickers.get_sticker("heart", 800)
    assert big.height / big.width == pytest.approx(small.height / small.width, abs=0.03)
    blue = np.asarray(stickers.get_sticker("heart", 200, color="blue"))
    core = blue[blue[:, :, 3] == 255][:, :3]
    assert (core[:, 2] > core[:, 0]).mean() > 0.6


def test_contact_sheet_shows_every_sticker() -> None:
    sheet = stickers.contact_sheet(cell=100, columns=5)
    rows = -(-len(stickers.STICKERS) // 5)
    assert sheet.width == 500 and sheet.height > rows * 100


# Verification must reject broken results.


def test_verify_rejects_an_unchanged_image(embedded_model) -> None:
    ctx, inp, result = _sun_top_right(embedded_model)
    broken = StepOutput(image=ctx.image.copy(), data=result.data, region=result.region)
    assert "sticker_present" in _failed(ao.verify(inp, ctx, broken))


def test_verify_rejects_a_sticker_in_the_wrong_corner(embedded_model) -> None:
    ctx, inp, result = _sun_top_right(embedded_model)
    (box,) = result.data.boxes
    moved = Box(x0=10, y0=ctx.image.height - 10 - box.height, x1=10 + box.width, y1=ctx.image.height - 10)
    image, _ = ao.paste(ctx.image, [stickers.get_sticker("sun", box.width)], [moved])
    broken = StepOutput(image=image, data=result.data.model_copy(update={"boxes": [moved]}))
    assert _failed(ao.verify(inp, ctx, broken)) == {"placed_right"}


def test_verify_rejects_a_hat_placed_on_the_chin(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="hat", anchor="face")
    (box,) = result.data.boxes
    low = Box(x0=box.x0, y0=FACE.y1 - box.height // 2, x1=box.x1, y1=FACE.y1 - box.height // 2 + box.height)
    image, _ = ao.paste(astronaut, [stickers.get_sticker("hat", box.width)], [low])
    broken = StepOutput(image=image, data=result.data.model_copy(update={"boxes": [low]}))
    assert _failed(ao.verify(inp, ctx, broken)) == {"placed_right"}


def test_verify_rejects_a_sticker_pasted_away_from_its_recorded_box(embedded_model) -> None:
    ctx, inp, result = _sun_top_right(embedded_model)
    (box,) = result.data.boxes
    elsewhere = Box(x0=20, y0=20, x1=20 + box.width, y1=20 + box.height)
    image, _ = ao.paste(ctx.image, [stickers.get_sticker("sun", box.width)], [elsewhere])
    broken = StepOutput(image=image, data=result.data)
    assert _failed(ao.verify(inp, ctx, broken)) == {"sticker_present", "outside_unchanged"}


def test_verify_rejects_changes_outside_the_sticker(embedded_model) -> None:
    ctx, inp, result = _hat_on_cat(embedded_model)
    spoiled = result.image.copy()
    spoiled.paste((0, 0, 0), (300, 250, 340, 290))
    broken = StepOutput(image=spoiled, data=result.data, region=result.region)
    assert _failed(ao.verify(inp, ctx, broken)) == {"outside_unchanged"}


def test_speech_bubble_left_of_the_face_turns_its_tail_to_her(embedded_model, astronaut) -> None:
    ctx, inp, result = _run(astronaut, embedded_model, object="对话框", anchor="face", relation="left-of")
    (box,) = result.data.boxes
    assert result.data.mirrored and box.x1 <= FACE.x0 + 0.1 * box.width
    alpha = result.region[box.y0 : box.y1, box.x0 : box.x1]
    low = alpha[int(0.8 * alpha.shape[0]) :]  # the tail is the only part this low
    assert low[:, low.shape[1] // 2 :].sum() > low[:, : low.shape[1] // 2].sum(), "the tail points away"
    assert ao.verify(inp, ctx, result).passed
