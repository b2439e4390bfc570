"""The embedded backend's edge map marks outlines and nothing on flat areas."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw


def test_outline_of_a_square_and_nothing_else(embedded_model):
    image = Image.new("RGB", (200, 200), (200, 200, 200))
    ImageDraw.Draw(image).rectangle((50, 50, 149, 149), fill=(40, 40, 40))
    edges = embedded_model.edges(image)
    assert edges.shape == (200, 200) and edges.dtype == np.uint8
    assert set(np.unique(edges)) <= {0, 255}
    assert edges[45:155, 45:55].any() and edges[45:155, 145:155].any()  # left and right sides
    assert edges[45:55, 45:155].any() and edges[145:155, 45:155].any()  # top and bottom
    assert not edges[60:140, 60:140].any()  # inside the square
    assert not edges[:40].any() and not edges[160:].any()  # the flat background


def test_blank_image_has_no_edges(embedded_model):
    assert not embedded_model.edges(Image.new("RGB", (64, 48), "white")).any()


def test_photo_has_some_edges_not_all(embedded_model, astronaut):
    edges = embedded_model.edges(astronaut)
    assert 0.01 < (edges > 0).mean() < 0.3


def test_dark_low_contrast_text_is_found(embedded_model):
    image = Image.new("RGB", (200, 100), (10, 10, 10))
    ImageDraw.Draw(image).rectangle((80, 30, 120, 70), fill=(60, 60, 60))
    edges = embedded_model.edges(image)
    assert edges[25:75, 75:85].any() and not edges[:20].any()
