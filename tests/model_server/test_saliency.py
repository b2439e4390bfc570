"""The embedded backend's salient mask covers the photo's subject, not its surroundings."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from skimage import data


def centre_and_border(mask: np.ndarray) -> tuple[float, float]:
    """Mean of the middle half of the image, and of a 10% frame around the edge."""
    h, w = mask.shape
    centre = mask[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4].mean()
    frame = np.ones_like(mask, dtype=bool)
    frame[h // 10 : h - h // 10, w // 10 : w - w // 10] = False
    return float(centre), float(mask[frame].mean())


def test_covers_the_cat(embedded_model, chelsea):
    mask = embedded_model.salient_mask(chelsea)
    assert mask.shape == (300, 451) and mask.dtype == np.float32
    assert 0.0 <= mask.min() and mask.max() <= 1.0
    centre, border = centre_and_border(mask)
    assert centre > 0.8 and border < 0.3
    assert mask[120:160, 150:190].mean() > 0.9  # between her eyes
    assert mask[40:100, 390:440].mean() < 0.1  # the blurred room on the right


def test_covers_the_cup(embedded_model):
    coffee = Image.fromarray(data.coffee())
    mask = embedded_model.salient_mask(coffee)
    centre, border = centre_and_border(mask)
    assert centre > 0.8 and border < 0.2
    assert mask[110:170, 230:330].mean() > 0.9  # the crema in the cup
    assert mask[300:390, 520:590].mean() < 0.1  # the wooden table


def test_object_on_a_plain_background(embedded_model, chelsea):
    """A product-shot layout: the cat's photo as an object on an off-white page."""
    page = Image.new("RGB", (800, 600), (246, 244, 240))
    page.paste(chelsea.resize((300, 200)), (250, 200))
    mask = embedded_model.salient_mask(page)
    inside = mask[210:390, 260:540].mean()
    outside = np.concatenate([mask[:150].ravel(), mask[450:].ravel()]).mean()
    assert inside > 0.8 and outside < 0.05


def test_blank_image_gives_a_valid_mask(embedded_model):
    mask = embedded_model.salient_mask(Image.new("RGB", (320, 240), "white"))
    assert mask.shape == (240, 320) and mask.dtype == np.float32
    assert np.isfinite(mask).all() and 0.0 <= mask.min() and mask.max() <= 1.0


def test_draws_nothing_on_the_input(embedded_model):
    image = Image.new("RGB", (320, 240), (30, 60, 90))
    ImageDraw.Draw(image).ellipse((100, 60, 220, 180), fill=(240, 200, 40))
    before = np.asarray(image).copy()
    mask = embedded_model.salient_mask(image)
    assert np.array_equal(np.asarray(image), before)
    assert mask[100:140, 140:180].mean() > 0.9 and mask[:30].mean() < 0.1
