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

import cv2
import numpy as np

logger = logging.getLogger(__name__)

SEARCH_SIDE = 512
GROUP_GAP = 0.02
RING = 0.3  # ring width as a fraction of the hole's larger side (at least 4 px)


def patch_fill(rgb: np.ndarray, hole: np.ndarray) -> np.ndarray:
    """`rgb` with each group of nearby holes filled from its best-matching window.

    Holes closer than GROUP_GAP of the image's side (the letters of a word) are filled as
    one, so a line of text costs one search, not one per letter.
    """
    out = rgb.copy()
    gap = max(3, round(GROUP_GAP * max(hole.shape)))
    near = cv2.dilate(hole.astype(np.uint8), np.ones((gap, gap), np.uint8))
    count, groups = cv2.connectedComponents(near, connectivity=8)
    for label in range(1, count):
        region = hole & (groups == label)
        out = _fill_one(out, region, cv2.boundingRect(region.astype(np.uint8)), hole)
    return out


def _fill_one(rgb: np.ndarray, region: np.ndarray, bbox: tuple[int, int, int, int],
              all_holes: np.ndarray) -> np.ndarray:
    x, y, w, h = bbox
    ring = max(4, round(RING * max(w, h)))
    height, width = region.shape
    x0, y0 = max(0, x - ring), max(0, y - ring)
    x1, y1 = min(width, x + w + ring), min(height, y + h + ring)
    source = _best_window(rgb, all_holes, (x0, y0, x1, y1))
    if source is None:
        logger.info("no clean window for a %dx%d hole; using Telea", w, h)
        return cv2.inpaint(rgb, region.astype(np.uint8) * 255, 5, cv2.INPAINT_TELEA)
    sx, sy = source
    patch = rgb[sy : sy + (y1 - y0), sx : sx + (x1 - x0)]
    return _blend(rgb, patch, region[y0:y1, x0:x1], ~all_holes[y0:y1, x0:x1], (x0, y0))


def _best_window(rgb: np.ndarray, holes: np.ndarray, box: tuple[int, int, int, int]
                 ) -> tuple[int, int] | None:
    """Top-left corner of the hole-free window that best matches the ring around the hole."""
    x0, y0, x1, y1 = box
    scale = min(1.0, SEARCH_SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small_holes = cv2.resize(holes.astype(np.uint8), small.shape[1::-1],
                             interpolation=cv2.INTER_NEAREST)
    tx0, ty0 = int(x0 * scale), int(y0 * scale)
    tw, th = max(2, round((x1 - x0) * scale)), max(2, round((y1 - y0) * scale))
    if tw >= small.shape[1] or th >= small.shape[0]:
        return None
    template = small[ty0 : ty0 + th, tx0 : tx0 + tw].astype(np.float32)
    ring = (small_holes[ty0 : ty0 + th, tx0 : tx0 + tw] == 0).astype(np.float32)
    if template.shape[:2] != (th, tw) or ring.sum() < 4:
        return None
    cost = cv2.matchTemplate(small.astype(np.float32), template, cv2.TM_SQDIFF,
                             mask=np.repeat(ring[:, :, None], 3, axis=2))
    cost[_touches_hole(small_holes, tw, th)] = np.inf
    if not np.isfinite(cost).any():
        return None
    sy, sx = np.unravel_index(int(np.argmin(cost)), cost.shape)
    limit_x, limit_y = rgb.shape[1] - (x1 - x0), rgb.shape[0] - (y1 - y0)
    return min(round(sx / scale), limit_x), min(round(sy / scale), limit_y)


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
    shift = target[ring].mean(axis=0) - patch[ring].astype(np.float32).mean(axis=0)
    outside = cv2.distanceTransform((~region).astype(np.uint8), cv2.DIST_L2, 3)
    alpha = np.clip(1.0 - outside / 3.0, 0.0, 1.0)[:, :, None]
    mixed = (patch + shift) * alpha + target * (1.0 - alpha)
    out = rgb.copy()
    out[y0 : y0 + ph, x0 : x0 + pw] = np.clip(mixed.round(), 0, 255).astype(np.uint8)
    return out
