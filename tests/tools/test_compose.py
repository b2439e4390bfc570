"""compose on real photos: the logo is in the corner asked and the rest of the photo is as it
was; side by side and stacked outputs hold both images, sizes matched."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from model_server.types import Box
from tests.conftest import pixels
from tools import compose
from tools.base import StepContext, StepOutput
from tools.stickers import get_sticker


def _photo(name: str) -> Image.Image:
    from skimage import data

    return Image.fromarray(getattr(data, name)()).convert("RGB")


def _run(base: Image.Image, other: Image.Image, **args):
    ctx = StepContext(image=base, model=None, extra_images=[other])  # compose needs no model
    inp = compose.Input(**args)
    return ctx, inp, compose.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.astype(np.float32).ravel(), b.astype(np.float32).ravel())[0, 1])


def test_logo_in_the_top_right_corner(astronaut) -> None:
    logo = _photo("logo")
    ctx, inp, result = _run(astronaut, logo, mode="logo")
    _, box = result.data.placed
    w, h = astronaut.size
    assert box.x0 >= w / 2 and box.y1 <= h / 2, "the logo is not in the top-right quarter"
    assert w - box.x1 == box.y0 > 0, "the logo is not a margin from the corner's two edges"
    assert box.width == pytest.approx(0.2 * w, abs=1)
    shown = pixels(result.image)[box.y0 : box.y1, box.x0 : box.x1]
    scaled = pixels(logo.convert("RGB").resize((box.width, box.height)))
    assert _corr(shown, scaled) > 0.95
    outside = np.ones((h, w), bool)
    outside[box.y0 : box.y1, box.x0 : box.x1] = False
    assert (pixels(result.image)[outside] == pixels(astronaut)[outside]).all()
    verdict = compose.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_logo_with_transparency_shows_the_photo_through_it(chelsea) -> None:
    logo = get_sticker("star", 300)  # RGBA: a star on a transparent square
    ctx, inp, result = _run(chelsea, logo, mode="logo", position="bottom-left", scale=0.3)
    _, box = result.data.placed
    assert result.data.alpha
    assert box.x0 < chelsea.width / 4 and box.y1 > chelsea.height * 3 / 4
    corner = (box.y0 + 1, box.x0 + 1)  # transparent in a star's box
    assert (pixels(result.image)[corner] == pixels(chelsea)[corner]).all()
    centre = pixels(result.image)[(box.y0 + box.y1) // 2, (box.x0 + box.x1) // 2]
    assert centre[0] > 200 and centre[2] < 150, "the star's yellow is not in the middle of its box"
    assert result.region is not None and result.region[box.y0 : box.y1, box.x0 : box.x1].mean() < 0.7
    assert compose.verify(inp, ctx, result).passed


def test_side_by_side_holds_both_images_at_one_height(astronaut) -> None:
    coffee = _photo("coffee")
    ctx, inp, result = _run(astronaut, coffee, mode="side_by_side")
    first, second = result.data.placed
    assert result.image.size == (512 + 768, 512) and first.height == second.height == 512
    out = pixels(result.image)
    assert (out[:, :512] == pixels(astronaut)).all()
    assert _corr(out[:, 512:], pixels(coffee.resize((768, 512)))) > 0.98
    assert compose.verify(inp, ctx, result).passed


def test_stack_holds_both_images_at_one_width(astronaut) -> None:
    rocket = _photo("rocket")
    ctx, inp, result = _run(astronaut, rocket, mode="stack")
    _, second = result.data.placed
    assert result.image.width == 512 and second.width == 512 and second.y0 == 512
    assert second.height == round(427 * 512 / 640)
    assert compose.verify(inp, ctx, result).passed


def test_missing_second_image_is_bad_input(astronaut) -> None:
    ctx = StepContext(image=astronaut, model=None)
    with pytest.raises(BadInput, match="input image 2"):
        compose.run(compose.Input(mode="side_by_side"), ctx)


def test_a_hair_thin_second_image_is_bad_input(astronaut) -> None:
    with pytest.raises(BadInput, match="too long and thin"):
        _run(astronaut, Image.new("RGB", (4000, 2)), mode="side_by_side")


# Verification must reject broken results.


def test_verify_rejects_a_missing_logo(astronaut) -> None:
    ctx, inp, result = _run(astronaut, _photo("logo"), mode="logo")
    broken = StepOutput(image=astronaut.copy(), data=result.data, region=result.region)
    assert _failed(compose.verify(inp, ctx, broken)) == {"inputs_found"}


def test_verify_rejects_a_logo_in_another_corner(astronaut) -> None:
    logo = _photo("logo")
    ctx, inp, result = _run(astronaut, logo, mode="logo")
    _, box = result.data.placed
    moved = astronaut.copy()
    moved.paste(logo.resize((box.width, box.height)), (15, 512 - 15 - box.height))
    broken = StepOutput(image=moved, data=result.data, region=result.region)
    assert _failed(compose.verify(inp, ctx, broken)) == {"inputs_found", "rest_unchanged"}


def test_verify_rejects_a_logo_recorded_in_the_wrong_corner(astronaut) -> None:
    """The logo went bottom-left, but the step asked for top-right."""
    ctx, _, result = _run(astronaut, _photo("logo"), mode="logo", position="bottom-left")
    asked = compose.Input(mode="logo", position="top-right")
    assert _failed(compose.verify(asked, ctx, result)) == {"placed_right"}


def test_verify_rejects_side_by_side_without_image_two(astronaut) -> None:
    ctx, inp, result = _run(astronaut, _photo("coffee"), mode="side_by_side")
    doubled = result.image.copy()
    doubled.paste(astronaut.resize((768, 512)), (512, 0))
    broken = StepOutput(image=doubled, data=result.data, region=result.region)
    assert _failed(compose.verify(inp, ctx, broken)) == {"inputs_found"}


def test_verify_rejects_a_recorded_box_outside_the_output(astronaut) -> None:
    ctx, inp, result = _run(astronaut, _photo("coffee"), mode="stack")
    first, second = result.data.placed
    off = Box(x0=0, y0=second.y0 + 100, x1=512, y1=second.y1 + 100)
    broken = StepOutput(image=result.image, data=result.data.model_copy(update={"placed": [first, off]}))
    assert "inputs_found" in _failed(compose.verify(inp, ctx, broken))
