"""The box a line of text sits in: its background colour, the uniform-colour region around it
(a button, a card, the page), and whether the ink reaches that region's edge."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from model_server.types import Box
from tools.colors import RGB
from tools.drawing import text_ink_mask

FILL_TOLERANCE = 18  # per channel, from the seed colour, for the flood fill of the container
SAME_COLOR = 45.0  # RGB distance: a pixel this close to the background is background
MASK_PIXELS = 12_000  # larger text boxes are clustered on a downscaled copy, for speed
STRADDLE_SHARE = 0.04  # solid pixels of another colour behind the text: it crosses an edge


@dataclass(frozen=True)
class Container:
    """The uniform region around a text line and how the ink sits in it."""

    box: Box  # bounding box of the region (the whole image when the text is on the page)
    color: RGB  # the region's colour: what the text sits on
    ink: Box  # the ink's bounding box
    ink_color: RGB
    whole_image: bool
    margin: int  # pixels between the ink and the nearest edge of the region
    straddle: float  # share of the text box behind the ink that is another solid colour


def _dominant(pixels: np.ndarray) -> np.ndarray:
    """Mean colour of the most common 16-level colour bin of (N, 3) uint8 pixels."""
    bins = (pixels // 16).astype(np.int32)
    keys = bins[:, 0] * 256 + bins[:, 1] * 16 + bins[:, 2]
    top = np.bincount(keys).argmax()
    return pixels[keys == top].astype(np.float32).mean(axis=0)


def _ink_box(ink: np.ndarray, x0: int, y0: int) -> Box:
    ys, xs = np.nonzero(ink)
    if len(xs) == 0:
        return Box(x0=x0, y0=y0, x1=x0, y1=y0)
    return Box(x0=x0 + int(xs.min()), y0=y0 + int(ys.min()), x1=x0 + int(xs.max()) + 1,
               y1=y0 + int(ys.max()) + 1)


def _ink_color(patch: np.ndarray, ink: np.ndarray, background: np.ndarray) -> RGB:
    """Median of the ink's stroke cores (the half of the ink farthest from the background), so
    anti-aliased edges do not wash it out; as `tools.drawing.text_color`, without clustering again."""
    members = patch[ink].astype(np.float32)
    if len(members) == 0:
        return (int(background[0]), int(background[1]), int(background[2]))
    dist = np.linalg.norm(members - background, axis=1)
    med = np.median(members[dist >= np.median(dist)], axis=0)
    return (int(med[0]), int(med[1]), int(med[2]))


def _flood(arr: np.ndarray, seed: tuple[int, int]) -> Box:
    h, w = arr.shape[:2]
    mask = np.zeros((h + 2, w + 2), np.uint8)
    flags = 4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (255 << 8)
    tol = (FILL_TOLERANCE,) * 3
    _, _, _, (x, y, bw, bh) = cv2.floodFill(arr.copy(), mask, seed, (0, 0, 0), tol, tol, flags)
    return Box(x0=x, y0=y, x1=x + bw, y1=y + bh)


def _ink_mask(image: Image.Image, box: Box, max_pixels: int = MASK_PIXELS) -> np.ndarray:
    """`text_ink_mask` of `box`, clustered on a downscaled copy when the box is large."""
    factor = min(1.0, (max_pixels / max(1, box.area)) ** 0.5)
    if factor >= 1.0:
        return text_ink_mask(image, box)
    ring = max(2, box.height // 6)
    outer = box.pad(ring, *image.size)
    crop = image.crop(outer.as_tuple())
    small = crop.resize((max(1, round(crop.width * factor)), max(1, round(crop.height * factor))),
                        Image.BILINEAR)
    x0, y0 = round((box.x0 - outer.x0) * factor), round((box.y0 - outer.y0) * factor)
    x1, y1 = round((box.x1 - outer.x0) * factor), round((box.y1 - outer.y0) * factor)
    inner = Box(x0=x0, y0=y0, x1=max(x0 + 1, x1), y1=max(y0 + 1, y1))
    mask = Image.fromarray(text_ink_mask(small, inner).astype(np.uint8) * 255)
    return np.asarray(mask.resize((box.width, box.height), Image.NEAREST)) > 0


def container_of(image: Image.Image, arr: np.ndarray, box: Box) -> Container:
    """Find the uniform-colour region that the text in `box` sits in, and measure the fit."""
    h, w = arr.shape[:2]
    # 1. Ink and background inside the text box (ink dilated to drop anti-aliased edges)
    tb = box.pad(2, w, h)
    ink = _ink_mask(image, tb)
    wide = cv2.dilate(ink.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    patch = arr[tb.y0:tb.y1, tb.x0:tb.x1]
    behind = patch[~wide] if (~wide).sum() >= 20 else patch.reshape(-1, 3)
    color = _dominant(behind.reshape(-1, 3))
    # 2. Solid pixels of another colour behind the text: the text crosses the region's edge
    dist = np.linalg.norm(patch.astype(np.float32) - color, axis=2)
    other = ((dist > SAME_COLOR) & ~wide).astype(np.uint8)
    other = cv2.erode(other, np.ones((3, 3), np.uint8), iterations=2)
    straddle = float(other.mean())
    # 3. The region: flood fill from a background pixel next to the ink
    ys, xs = np.nonzero((dist <= SAME_COLOR / 3) & ~wide)
    region = _flood(arr, (tb.x0 + int(xs[0]), tb.y0 + int(ys[0]))) if len(xs) else Box(x0=0, y0=0, x1=w, y1=h)
    whole = region.width >= 0.98 * w and region.height >= 0.98 * h
    ink_box = _ink_box(ink, tb.x0, tb.y0)
    edge = Box(x0=0, y0=0, x1=w, y1=h) if whole else region
    margin = min(ink_box.x0 - edge.x0, ink_box.y0 - edge.y0, edge.x1 - ink_box.x1, edge.y1 - ink_box.y1)
    rgb = (int(color[0]), int(color[1]), int(color[2]))
    return Container(box=region, color=rgb, ink=ink_box, ink_color=_ink_color(patch, ink, color),
                     whole_image=whole, margin=int(margin), straddle=straddle)
