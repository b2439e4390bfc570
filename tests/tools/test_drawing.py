"""The shared text-drawing helpers, checked on the pixels they draw."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from model_server.types import Box
from tests.tools import render
from tools.drawing import (
    background_color,
    contrast_ratio,
    contrasting_color,
    draw_text_in_box,
    fit_font,
    ink_bbox,
    load_font,
    text_color,
    text_ink_mask,
)


def ink_of(image: Image.Image, background: tuple[int, int, int]) -> Box:
    """The box of every pixel that differs from a flat background."""
    diff = np.abs(np.asarray(image, np.int16) - np.asarray(background, np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff)
    return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


def test_font_is_cached_and_has_chinese_glyphs() -> None:
    font = load_font(40)
    assert load_font(40) is font
    assert "CJK SC" in " ".join(font.getname())
    # Distinct ideographs render differently (a font without them draws the same box for both).
    a, b = (np.asarray(font.getmask(ch)) for ch in ("五", "折"))
    assert a.shape != b.shape or not np.array_equal(a, b)
    with pytest.raises(ValueError, match="at least 1 px"):
        load_font(0)


@pytest.mark.parametrize("text", ["SALE", "五折优惠", "Hello 世界", "two\nlines"])
@pytest.mark.parametrize("box_w, box_h", [(300, 60), (80, 200), (40, 12)])
def test_fit_font_is_the_largest_that_fits(text: str, box_w: int, box_h: int) -> None:
    font = fit_font(text, box_w, box_h)
    x0, y0, x1, y1 = ink_bbox(text, font)
    if font.size > 6:  # the minimum size is returned even when it does not fit
        assert x1 - x0 <= box_w and y1 - y0 <= box_h
    bigger = fit_font(text, box_w + 1000, box_h + 1000)
    assert bigger.size > font.size
    x0, y0, x1, y1 = ink_bbox(text, load_font(font.size + 2))
    assert x1 - x0 > box_w or y1 - y0 > box_h


@pytest.mark.parametrize("text", ["SALE", "限时特价", "Ag 中"])
def test_draw_text_in_box_centres_the_ink_and_reports_it(text: str) -> None:
    image = render.flat((400, 200), render.LIGHT)
    box = Box(x0=60, y0=50, x1=340, y1=130)
    drawn = draw_text_in_box(image, text, box, (200, 20, 30))
    assert drawn == ink_of(image, render.LIGHT)
    assert box.x0 <= drawn.x0 and drawn.x1 <= box.x1 and box.y0 <= drawn.y0 and drawn.y1 <= box.y1
    assert abs(drawn.center[0] - box.center[0]) <= 1 and abs(drawn.center[1] - box.center[1]) <= 1
    assert drawn.width >= 0.9 * box.width or drawn.height >= 0.9 * box.height  # as large as fits


def test_draw_blank_text_draws_nothing() -> None:
    image = render.flat((100, 50), render.LIGHT)
    drawn = draw_text_in_box(image, "  ", (10, 10, 90, 40), (0, 0, 0))
    assert drawn.area == 0
    assert np.all(np.asarray(image) == render.LIGHT)


@pytest.mark.parametrize(
    "background, ink",
    [
        (lambda: render.flat((300, 120), render.LIGHT), (180, 20, 30)),
        (lambda: render.flat((300, 120), render.DARK), (250, 250, 250)),
        (lambda: render.gradient((300, 120), (20, 30, 80), (90, 30, 60)), (255, 230, 120)),
        (lambda: render.photo("astronaut", (0, 256, 300, 376)), (255, 255, 255)),
        (lambda: render.photo("coffee", (300, 280, 600, 400)), (240, 240, 120)),
    ],
    ids=["flat_light", "flat_dark", "gradient", "photo_suit", "photo_wood"],
)
def test_text_color_and_ink_mask_find_the_ink(background, ink) -> None:
    image = background()
    drawn = render.write(image, "SALE 五折", (150, 60), 40, ink)
    box = drawn.pad(8, image.width, image.height)
    assert max(abs(a - b) for a, b in zip(text_color(image, box), ink, strict=True)) <= 12
    mask = text_ink_mask(image, box)
    assert mask.shape == (box.height, box.width)
    assert 0.05 < mask.mean() < 0.5


def test_background_color_is_the_ring_around_the_box() -> None:
    image = render.flat((200, 100), render.DARK)
    render.write(image, "SALE", (100, 50), 30, (255, 255, 255))
    assert background_color(image, (60, 30, 140, 70)) == render.DARK


def test_contrasting_color() -> None:
    assert contrasting_color((250, 210, 30)) == (0, 0, 0)  # yellow label: black text
    assert contrasting_color((20, 40, 120)) == (255, 255, 255)  # dark blue: white text
    assert contrasting_color((220, 30, 40)) == (255, 255, 255)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
