"""The embedded backend removes a drawn stroke and leaves everything else alone."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from scipy import ndimage
from skimage import data

from model_server.errors import BadInput
from tests.conftest import pixels


def gradient(width: int = 400, height: int = 300) -> Image.Image:
    """Left-to-right ramp from dark blue-grey to light sand."""
    t = np.linspace(0.0, 1.0, width)[None, :, None]
    left, right = np.array([40, 60, 90]), np.array([230, 210, 170])
    row = (left + (right - left) * t).round().astype(np.uint8)
    return Image.fromarray(np.repeat(row, height, axis=0))


def with_stroke(clean: Image.Image) -> tuple[Image.Image, np.ndarray]:
    """The image with a thick black scribble, and the mask of exactly its pixels."""
    dirty = clean.copy()
    ImageDraw.Draw(dirty).line([(60, 80), (200, 220), (340, 60)], fill=(0, 0, 0), width=7)
    mask = np.any(pixels(dirty) != pixels(clean), axis=2)
    return dirty, mask


@pytest.mark.parametrize("method", ["telea", "ns"])
@pytest.mark.parametrize("background", ["flat", "gradient"])
def test_stroke_is_removed(embedded_model, method, background):
    clean = Image.new("RGB", (400, 300), (120, 160, 200)) if background == "flat" else gradient()
    dirty, mask = with_stroke(clean)
    result = embedded_model.inpaint(dirty, mask, method)
    error = np.abs(pixels(result) - pixels(clean))
    assert result.size == clean.size and result.mode == "RGB"
    assert error[mask].max() <= 12  # the black line (up to 230 levels off) is gone
    assert error[mask].mean() <= 3


def test_pixels_away_from_the_mask_do_not_change(embedded_model):
    dirty, mask = with_stroke(gradient())
    result = embedded_model.inpaint(dirty, mask)
    near = np.zeros_like(mask)
    ys, xs = np.nonzero(mask)
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            near[np.clip(ys + dy, 0, 299), np.clip(xs + dx, 0, 399)] = True
    assert np.array_equal(pixels(result)[~near], pixels(dirty)[~near])


def test_accepts_uint8_and_float_masks(embedded_model):
    dirty, mask = with_stroke(Image.new("RGB", (400, 300), (120, 160, 200)))
    for as_type in (mask.astype(np.uint8) * 255, mask.astype(np.float32)):
        result = embedded_model.inpaint(dirty, as_type)
        assert np.abs(pixels(result) - (120, 160, 200))[mask].max() <= 12


def test_empty_mask_returns_the_image_unchanged(embedded_model, astronaut):
    result = embedded_model.inpaint(astronaut, np.zeros((512, 512), bool))
    assert np.array_equal(pixels(result), pixels(astronaut))


def test_mask_of_the_wrong_size_is_bad_input(embedded_model):
    image = Image.new("RGB", (1024, 768), "white")
    with pytest.raises(BadInput, match="mask must be 1024x768 like the image, got 512x512"):
        embedded_model.inpaint(image, np.zeros((512, 512), bool))


def test_unknown_method_is_bad_input(embedded_model):
    dirty, mask = with_stroke(gradient())
    with pytest.raises(BadInput, match="telea"):
        embedded_model.inpaint(dirty, mask, "magic")  # type: ignore[arg-type]


def brick_with_blob() -> tuple[Image.Image, Image.Image, np.ndarray]:
    """skimage's brick wall, and the same with a red disc 90 px across painted on it."""
    clean = Image.fromarray(data.brick()).convert("RGB")
    dirty = clean.copy()
    ImageDraw.Draw(dirty).ellipse((210, 230, 300, 320), fill=(255, 0, 0))
    mask = np.any(pixels(dirty) != pixels(clean), axis=2)
    return clean, dirty, mask


def test_patch_fills_a_large_hole_with_the_texture_around_it(embedded_model):
    clean, dirty, mask = brick_with_blob()
    patched = pixels(embedded_model.inpaint(dirty, mask, "patch"))
    smeared = pixels(embedded_model.inpaint(dirty, mask, "telea"))
    original = pixels(clean)
    assert np.abs(patched[mask][:, 0] - patched[mask][:, 1]).max() < 30  # no red left
    # The bricks' mortar lines go on through the hole: contrast as in the original, where
    # Telea's smear flattens it.
    assert patched[mask].std() > 0.8 * original[mask].std() > smeared[mask].std()
    assert np.abs(patched - original)[mask].mean() < np.abs(smeared - original)[mask].mean()


def test_patch_leaves_pixels_away_from_the_hole_alone(embedded_model):
    _, dirty, mask = brick_with_blob()
    patched = pixels(embedded_model.inpaint(dirty, mask, "patch"))
    far = ndimage.distance_transform_edt(~mask) > 6  # the seam is feathered over ~4 px
    assert np.array_equal(patched[far], pixels(dirty)[far])


def test_patch_handles_holes_at_the_border_and_many_small_ones(embedded_model):
    clean, dirty, _ = brick_with_blob()
    dirty = clean.copy()
    draw = ImageDraw.Draw(dirty)
    draw.rectangle((0, 0, 60, 40), fill=(255, 0, 0))  # in the corner
    for i in range(12):  # a dotted line
        draw.ellipse((40 + 30 * i, 440, 52 + 30 * i, 452), fill=(255, 0, 0))
    mask = np.any(pixels(dirty) != pixels(clean), axis=2)
    patched = pixels(embedded_model.inpaint(dirty, mask, "patch"))
    assert np.abs(patched[mask][:, 0] - patched[mask][:, 1]).max() < 30
