"""Split an image's pixels into a few areas of one colour each, named by a basic colour word.

k-means in Lab on a subsample learns the colours; every pixel then takes its nearest colour
through a lookup table, and a median filter makes the areas regions rather than noise. Areas
whose colours share a name ("two greys") are merged, so each name appears once.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from tools.colors import RGB

COLOR_SIDE = 160  # k-means learns the colours from about this many pixels a side
SPECKLE = 7  # px: median filter on the colour labels, so areas are regions, not noise
MIN_SHARE = 0.002  # a colour area smaller than this share of the image is left out

_HUES = ((15, "red", "红色"), (45, "orange", "橙色"), (70, "yellow", "黄色"), (165, "green", "绿色"),
         (195, "cyan", "青色"), (255, "blue", "蓝色"), (290, "purple", "紫色"), (345, "pink", "粉色"),
         (361, "red", "红色"))


@dataclass
class ColorArea:
    """Pixels of one named colour: `name` in English and Chinese, `mask` bool (H, W)."""

    name: tuple[str, str]
    mask: np.ndarray


def color_areas(image: Image.Image, free: np.ndarray, k: int) -> list[ColorArea]:
    """The `free` pixels (bool (H, W)) of an RGB image split into at most `k` colour areas,
    each at least `MIN_SHARE` of the image; the same image gives the same areas."""
    lab = cv2.cvtColor(cv2.GaussianBlur(np.asarray(image), (5, 5), 0), cv2.COLOR_RGB2LAB)
    step = max(1, round(max(free.shape) / COLOR_SIDE))
    sample = lab[::step, ::step][free[::step, ::step]].astype(np.float32)
    if len(sample) < 10 * k:
        return []
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    cv2.setRNGSeed(0)  # k-means++ seeding is random; the same image gives the same map
    _, _, centres = cv2.kmeans(sample, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    nearest = cv2.medianBlur(_nearest_centre(lab, centres), SPECKLE)
    named: dict[tuple[str, str], np.ndarray] = {}
    for index, centre in enumerate(centres):
        name = color_name(_lab_to_rgb(centre))
        named[name] = named.get(name, np.zeros_like(free)) | (nearest == index)
    areas = [ColorArea(name, mask & free) for name, mask in named.items()]
    return [a for a in areas if a.mask.mean() >= MIN_SHARE]


def _nearest_centre(lab: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Which centre each Lab pixel (uint8) is nearest, (H, W) uint8, through a table over Lab
    cut to 5 bits a channel: one lookup a pixel instead of k distances over a megapixel. The
    cut moves only pixels within 4 levels of the line between two areas' colours."""
    grid = np.arange(32, dtype=np.float32) * 8 + 3.5  # each cell's middle
    cells = np.stack(np.meshgrid(grid, grid, grid, indexing="ij"), axis=-1).reshape(-1, 3)
    table = np.stack([np.square(cells - c).sum(axis=1) for c in centres]).argmin(axis=0).astype(np.uint8)
    q = (lab >> 3).astype(np.int32)
    return table[(q[..., 0] << 10) | (q[..., 1] << 5) | q[..., 2]]


def _lab_to_rgb(lab: np.ndarray) -> RGB:
    pixel = np.clip(np.rint(lab), 0, 255).astype(np.uint8).reshape(1, 1, 3)
    r, g, b = cv2.cvtColor(pixel, cv2.COLOR_LAB2RGB)[0, 0]
    return int(r), int(g), int(b)


def color_name(rgb: RGB) -> tuple[str, str]:
    """A basic colour word for `rgb`, in English and Chinese: ("blue", "蓝色")."""
    h, s, v = cv2.cvtColor(np.uint8([[rgb]]), cv2.COLOR_RGB2HSV_FULL)[0, 0] / np.array([255 / 360, 255, 255])
    if v < 0.2:
        return "black", "黑色"
    if s < 0.18:
        return ("white", "白色") if v > 0.85 else ("grey", "灰色")
    if 15 <= h < 50 and (v < 0.6 or s < 0.35):  # dark or greyish orange: wood, fur, sand
        return ("beige", "米色") if v > 0.8 else ("brown", "棕色")
    return next((en, zh) for limit, en, zh in _HUES if h < limit)
