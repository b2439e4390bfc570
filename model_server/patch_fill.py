"""Clone-stamp filling for the embedded backend's inpaint(method="patch").

For each hole, the image is searched for the same-sized window whose ring of pixels around
the hole's position best matches the ring around the hole (sum of squared differences);
that window's pixels are copied into the hole, shifted to the ring's mean colour so light
and tint run on, and feathered over 3 px. The search runs on a copy shrunk to at most 512 px.

Honest about what it is: it copies texture that exists elsewhere in the image, so it fills
large holes in grass, wood, walls or bricks far better than Telea's smear, but it cannot
invent structure that is nowhere else (half a face), and a hole too big to find a clean
window for falls back to Telea.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

logger = logging.getLogger(__name__)

SEARCH_SIDE = 512
GROUP_GAP = 0.02  # holes closer than this fraction of the image's side are filled as one
RING = 0.3  # ring width as a fraction of the hole's smaller side (at least 4 px)
SEARCH_REACH = 3  # search this many window sizes around the hole


@dataclass
class _Search:
    """The image and its holes shrunk for matching, once per call."""

    image: np.ndarray  # float32, at most SEARCH_SIDE
    holes: np.ndarray  # uint8, 1 where any hole pixel falls in the shrunk pixel
    scale: float
    full_holes: np.ndarray  # bool, at the image's size


def patch_fill(rgb: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """`rgb` with each group of nearby holes filled from its best-matching window.

    Holes closer than GROUP_GAP of the image's side (the letters of a word) are filled as
    one, so a line of text costs one search, not one per letter.
    """
    out = rgb.copy()
    search = _prepare(rgb, hole)
    gap = max(3, round(GROUP_GAP * max(hole.shape)))
    near = cv2.dilate(hole.astype(np.uint8), np.ones((gap, gap), np.uint8))
    count, groups = cv2.connectedComponents(near, connectivity=8)
    for label in range(1, count):
        region = hole & (groups == label)
        out = _fill_one(out, region, cv2.boundingRect(region.astype(np.uint8)), search)
    return out


def _prepare(rgb: np.ndarray, hole: np.ndarray) -> _Search:
    scale = min(1.0, SEARCH_SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    # INTER_AREA then > 0: a 1 px stroke must not vanish when shrunk, or a window holding
    # it could be copied.
    holes = cv2.resize(hole.astype(np.float32), small.shape[1::-1], interpolation=cv2.INTER_AREA)
    return _Search(small.astype(np.float32), (holes > 0).astype(np.uint8), scale, hole)


def _fill_one(rgb: np.ndarray, region: np.ndarray, bbox: tuple[int, int, int, int],
              search: _Search) -> np.ndarray:
    x, y, w, h = bbox
    ring = max(4, round(RING * min(w, h)))
    height, width = region.shape
    x0, y0 = max(0, x - ring), max(0, y - ring)
    x1, y1 = min(width, x + w + ring), min(height, y + h + ring)
    source = _best_window(search, (x0, y0, x1, y1))
    # Rounding back from the shrunk search may shift the window onto a hole's edge.
    if source is None or search.full_holes[
        source[1] : source[1] + (y1 - y0), source[0] : source[0] + (x1 - x0)
    ].any():
        logger.info("no clean window for a %dx%d hole; using Telea", w, h)
        return cv2.inpaint(rgb, region.astype(np.uint8) * 255, 5, cv2.INPAINT_TELEA)
    sx, sy = source
    patch = rgb[sy : sy + (y1 - y0), sx : sx + (x1 - x0)]
    not_hole = ~search.full_holes[y0:y1, x0:x1]
    return _blend(rgb, patch, region[y0:y1, x0:x1], not_hole, (x0, y0))


def _best_window(search: _Search, box: tuple[int, int, int, int]) -> tuple[int, int] | None:
    """Top-left corner (full-size pixels) of the hole-free window near the hole whose pixels
    best match the ring around the hole, or None if there is none."""
    s = search.scale
    x0, y0, x1, y1 = box
    tx0, ty0 = int(x0 * s), int(y0 * s)
    tw, th = max(2, round((x1 - x0) * s)), max(2, round((y1 - y0) * s))
    template = search.image[ty0 : ty0 + th, tx0 : tx0 + tw]
    ring = 1.0 - search.holes[ty0 : ty0 + th, tx0 : tx0 + tw].astype(np.float32)
    if template.shape[:2] != (th, tw) or ring.sum() < 4:
        return None
    # Look within a few window sizes around the hole: nearby texture shares its light, and
    # the search costs far less than over the whole image.
    reach = max(SEARCH_REACH * max(tw, th), 64)
    ax0, ay0 = max(0, tx0 - reach), max(0, ty0 - reach)
    ax1 = min(search.image.shape[1], tx0 + tw + reach)
    ay1 = min(search.image.shape[0], ty0 + th + reach)
    if ax1 - ax0 <= tw or ay1 - ay0 <= th:
        return None
    cost = cv2.matchTemplate(search.image[ay0:ay1, ax0:ax1], template, cv2.TM_SQDIFF,
                             mask=np.repeat(ring[:, :, None], 3, axis=2))
    cost[_touches_hole(search.holes[ay0:ay1, ax0:ax1], tw, th)] = np.inf
    if not np.isfinite(cost).any():
        return None
    sy, sx = np.unravel_index(int(np.argmin(cost)), cost.shape)
    height, width = search.full_holes.shape
    return (min(round((sx + ax0) / s), width - (x1 - x0)),
            min(round((sy + ay0) / s), height - (y1 - y0)))


def _touches_hole(holes: np.ndarray, tw: int, th: int) -> np.ndarray:
    """For each window position matchTemplate scores: does that window hold a hole pixel?"""
    area = cv2.integral(holes.astype(np.uint8), sdepth=cv2.CV_32S)
    inside = area[th:, tw:] - area[:-th, tw:] - area[th:, :-tw] + area[:-th, :-tw]
    return inside > 0


def _blend(rgb: np.ndarray, patch: np.ndarray, region: np.ndarray, ring: np.ndarray,
           origin: tuple[int, int]) -> np.ndarray:
    """Paste `patch` over `region` at `origin`: its colour shifted by the mean difference
    on the ring around the hole (so light and tint run on), feathered over 3 px outside."""
    x0, y0 = origin
    ph, pw = patch.shape[:2]
    target = rgb[y0 : y0 + ph, x0 : x0 + pw].astype(np.float32)
    shift = np.zeros(3, np.float32)
    if ring.any():
        shift = target[ring].mean(axis=0) - patch[ring].astype(np.float32).mean(axis=0)
    outside = cv2.distanceTransform((~region).astype(np.uint8), cv2.DIST_L2, 3)
    alpha = np.clip(1.0 - outside / 3.0, 0.0, 1.0)[:, :, None]
    mixed = (patch + shift) * alpha + target * (1.0 - alpha)
    out = rgb.copy()
    out[y0 : y0 + ph, x0 : x0 + pw] = np.clip(mixed.round(), 0, 255).astype(np.uint8)
    return out
