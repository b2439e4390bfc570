"""Input the embedded backend cannot use is refused with a message saying what was expected."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput


def test_not_an_image(embedded_model):
    with pytest.raises(BadInput, match="expected a PIL image, got str"):
        embedded_model.detect_faces("photo.png")  # type: ignore[arg-type]


def test_empty_image(embedded_model):
    with pytest.raises(BadInput, match="image is empty"):
        embedded_model.ocr(Image.new("RGB", (0, 10)))


def test_mask_with_channels_or_wrong_shape(embedded_model):
    image = Image.new("RGB", (64, 48))
    with pytest.raises(BadInput, match="mask must be 2-D"):
        embedded_model.inpaint(image, np.zeros((48, 64, 3), bool))
    with pytest.raises(BadInput, match="mask must be 64x48 like the image, got 48x64"):
        embedded_model.inpaint(image, np.zeros((64, 48), bool))


def test_sixteen_bit_greyscale_is_scaled_not_clipped(embedded_model):
    """A 16-bit scan (PIL mode I;16) keeps its contrast: its edges are still found."""
    values = np.full((100, 100), 9000, np.uint16)
    values[30:70, 30:70] = 50000
    edges = embedded_model.edges(Image.fromarray(values))
    assert edges[25:75, 25:35].any() and not edges[40:60, 40:60].any()
