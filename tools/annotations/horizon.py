"""The horizon: the straight, near-level line across the whole picture where the brightness (or
one colour channel) steps most consistently, such as sky over land or sea.

Every candidate line (tilted up to 12 degrees, every row) is scored by the median of the
vertical gradient along it, over the image's median gradient: the median asks that the step
run along most of the width, not be one strong edge somewhere. Lines that hug the top or bottom
border are skipped. Measured on skimage photos: the rocket's treeline scores 4.9 and the
cameraman's field edge 5.0; the astronaut (a studio backdrop), coffee and chelsea, which have
no horizon, score 3.1, 1.6 and 1.8, so a horizon must score 4.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from tools.annotations.marks import Mark
from tools.annotations.render import labelled
from tools.base import Check, StepFailed

MAX_TILT = 12.0  # degrees
SEARCH_SIDE = 640  # px: the search runs on the image shrunk to this longer side (scores measured so)
TILT_STEP = 0.5
MIN_STRENGTH = 4.0
BLUR_SIGMA = 2.0
BAND = (3, 9)  # rows above and below a line that verification compares
MIN_EDGE_RANK = 0.95  # the drawn line's contrast must beat this share of the image's level lines


@dataclass
class Horizon:
    left_y: float  # at x = 0
    right_y: float  # at x = width - 1
    strength: float
    tilt: float = 0.0  # degrees, positive when the right end is lower


def find(image: Image.Image) -> Horizon:
    """The strongest horizon; StepFailed when no line stands out enough to be one. The search
    runs on the image shrunk to SEARCH_SIDE; the line is then placed on the full image."""
    rgb = np.asarray(image.convert("RGB"))
    scale = min(1.0, SEARCH_SIDE / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    tilts = np.arange(-MAX_TILT, MAX_TILT + 1e-6, TILT_STEP)
    best = max((_best_line(gy, tilts) for gy in _gradients(small)), key=lambda h: h.strength)
    if best.strength < MIN_STRENGTH:
        raise StepFailed(f"no horizon found: no long, near-level edge runs across the picture "
                         f"(the strongest scores {best.strength:.1f}, a horizon needs {MIN_STRENGTH:g})")
    if scale == 1:
        return best
    near = (best.left_y / scale - 2 / scale, best.left_y / scale + 2 / scale)
    placed = max((_best_line(gy, np.array([best.tilt]), near) for gy in _gradients(rgb)),
                 key=lambda h: h.strength)
    return Horizon(placed.left_y, placed.right_y, best.strength, best.tilt)


def _gradients(rgb: np.ndarray) -> list[np.ndarray]:
    """Vertical gradients of the grey image and of each channel (a blue sky over dark land
    steps more in blue than in grey)."""
    channels = [cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)] + [rgb[..., c] for c in range(3)]
    out = []
    for c in channels:
        smooth = cv2.GaussianBlur(np.ascontiguousarray(c).astype(np.float32), (0, 0), BLUR_SIGMA)
        out.append(cv2.Sobel(smooth, cv2.CV_32F, 0, 1, ksize=3) / 8)
    return out


def _best_line(gy: np.ndarray, tilts: np.ndarray, rows: tuple[float, float] | None = None) -> Horizon:
    """The line (one of `tilts`, starting in `rows` at x = 0, else anywhere off the borders)
    with the strongest consistent step."""
    h, w = gy.shape
    xs, margin = np.arange(w), max(3, h // 40)
    noise = float(np.median(np.abs(gy))) + 0.05
    best = Horizon(0.0, 0.0, 0.0)
    for deg in tilts:
        slope = float(np.tan(np.radians(deg)))
        rise = np.rint(xs * slope).astype(int)
        lo, hi = margin - min(0, rise.min()), h - margin - max(0, rise.max())
        if rows is not None:
            lo, hi = max(lo, int(np.floor(rows[0]))), min(hi, int(np.ceil(rows[1])) + 1)
        starts = np.arange(lo, hi)
        if not len(starts):
            continue
        along = gy[starts[:, None] + rise[None, :], xs[None, :]]
        score = np.abs(np.median(along, axis=1)) / noise
        i = int(score.argmax())
        if score[i] > best.strength:
            best = Horizon(float(starts[i]), float(starts[i] + slope * (w - 1)), float(score[i]), float(deg))
    return best


def make(image: Image.Image, text: str, width: int) -> list[Mark]:
    line = find(image)
    mark = Mark(kind="line", points=[(0.0, line.left_y), (image.width - 1.0, line.right_y)], width=width)
    anchor = (0.04 * image.width, line.left_y + 0.04 * (line.right_y - line.left_y) - width)
    return [labelled(mark, text, anchor, (0.0, -1.0), image.size)]


def band_contrast(rgb: np.ndarray, ys: np.ndarray) -> float:
    """Median over columns of the colour distance between the bands just above and just below
    the line through `ys` (one row per column)."""
    h, w = rgb.shape[:2]
    xs = np.arange(w)
    near, far = BAND
    above = [rgb[np.clip(ys - k, 0, h - 1), xs] for k in range(near, far)]
    below = [rgb[np.clip(ys + k, 0, h - 1), xs] for k in range(near, far)]
    diff = np.linalg.norm(np.mean(above, axis=0) - np.mean(below, axis=0), axis=1)
    return float(np.median(diff))


def checks(before: Image.Image, marks: list[Mark]) -> list[Check]:
    """Look again at the picture under the line: the colours above and below it differ more
    than along almost any level line of the image, and the line spans the width."""
    rgb = np.asarray(before.convert("RGB"), np.float32)
    h, w = rgb.shape[:2]
    (x0, y0), (x1, y1) = marks[0].points
    xs = np.arange(w)
    line = np.rint(y0 + (y1 - y0) * (xs - x0) / max(1.0, x1 - x0)).astype(int)
    drawn = band_contrast(rgb, line)
    level = [band_contrast(rgb, np.full(w, y)) for y in range(BAND[1], h - BAND[1], 2)]
    rank = float(np.mean([drawn > c for c in level])) if level else 0.0
    spans = (x1 - x0) >= 0.9 * (w - 1)
    return [Check(
        name="horizon_on_strong_edge", passed=rank >= MIN_EDGE_RANK and spans, score=round(rank, 4),
        detail=f"the colours across the line differ by {drawn:.1f}, more than across {rank:.0%} of the "
        f"image's level lines (need {MIN_EDGE_RANK:.0%}); it spans {x1 - x0 + 1:.0f} of {w} px",
    )]
