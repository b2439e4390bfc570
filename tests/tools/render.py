"""Test images with known text on them: flat, gradient and photo backgrounds (skimage.data)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

from model_server.types import Box
from tools.drawing import RGB, draw_text_in_box, load_font

LIGHT: RGB = (244, 241, 232)
DARK: RGB = (28, 34, 48)


def flat(size: tuple[int, int], color: RGB) -> Image.Image:
    return Image.new("RGB", size, color)


def gradient(size: tuple[int, int], start: RGB, end: RGB) -> Image.Image:
    """A diagonal linear gradient from `start` (top-left) to `end` (bottom-right)."""
    w, h = size
    t = (np.arange(w)[None, :] / max(1, w - 1) + np.arange(h)[:, None] / max(1, h - 1)) / 2
    a, b = np.asarray(start, np.float32), np.asarray(end, np.float32)
    arr = a + (b - a) * t[:, :, None]
    return Image.fromarray(arr.round().astype(np.uint8))


@lru_cache(maxsize=4)
def _photo(name: str) -> Image.Image:
    from skimage import data

    return Image.fromarray(getattr(data, name)()).convert("RGB")


def photo(name: str, crop: tuple[int, int, int, int] | None = None) -> Image.Image:
    """A bundled skimage photo ("astronaut", "coffee", ...), optionally cropped."""
    image = _photo(name)
    return (image.crop(crop) if crop else image).copy()


def write(image: Image.Image, text: str, center: tuple[int, int], size: int, color: RGB) -> Box:
    """Draw `text` at font size `size` centred on `center` (in place); return its ink box."""
    cx, cy = center
    box = (cx - 4 * size * len(text), cy - size, cx + 4 * size * len(text), cy + size)
    return draw_text_in_box(image, text, box, color, font=load_font(size))
