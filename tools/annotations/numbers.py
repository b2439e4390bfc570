"""Numbered call-outs: a circled 1, 2, 3 … beside each target's box, in reading order (rows top
to bottom, left to right within a row)."""

from __future__ import annotations

import math

from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection
from tools.annotations.boxes import overlap
from tools.annotations.marks import Mark
from tools.annotations.tags import label_size
from tools.annotations.targets import found_again, reading_order
from tools.base import Check


def badge_radius(size: tuple[int, int]) -> int:
    """12 px at 512, 24 px at 1024: the number is as large as a label's letters."""
    return max(9, round(0.75 * label_size(size)))


def make(found: list[Detection], frames: list[Box], size: tuple[int, int]) -> list[Mark]:
    """A badge per target, numbered in reading order, outside its frame where it fits."""
    r = badge_radius(size)
    marks: list[Mark] = []
    for number, i in enumerate(reading_order([d.box for d in found]), start=1):
        taken = frames[:i] + frames[i + 1 :] + [_disc(m) for m in marks]
        spots = [_disc_at(c, r) for c in _spots(frames[i], r)]
        fits = [s for s in spots if s.x0 >= 0 and s.y0 >= 0 and s.x1 <= size[0] and s.y1 <= size[1]]
        best = min(fits or spots[-1:], key=lambda s: sum(overlap(s, t) for t in taken))
        marks.append(Mark(kind="badge", points=[best.center], width=r, text=str(number)))
    return marks


def _spots(f: Box, r: int) -> list[tuple[float, float]]:
    """Badge centres by the frame's top-left corner: left of it, above it, right of the top
    right corner, below the bottom left; last, inside the top-left corner."""
    e = r + max(1, r // 8) + 1  # radius and rim, clear of the frame
    return [(f.x0 - e, f.y0 + e), (f.x0 + e, f.y0 - e), (f.x1 + e, f.y0 + e), (f.x0 + e, f.y1 + e),
            (f.x0 + e, f.y0 + e)]


def _disc_at(c: tuple[float, float], r: int) -> Box:
    e = r + max(1, r // 8)
    return Box(x0=round(c[0] - e), y0=round(c[1] - e), x1=round(c[0] + e) + 1, y1=round(c[1] + e) + 1)


def _disc(m: Mark) -> Box:
    return _disc_at(m.points[0], m.width)


def checks(model: UnifiedModel, after: Image.Image, target: str, marks: list[Mark]) -> list[Check]:
    """Look again: as many targets as badges, and badge k beside the k-th target found in
    reading order (the nearest target to each badge)."""
    discs = [_disc(m) for m in marks]
    # OCR reads the badges' own digits as text lines: those are not targets.
    found = [b for b in found_again(model, after, target)
             if not any(overlap(b, d) > 0.5 * b.area for d in discs)]
    ordered = [found[i] for i in reading_order(found)]
    count = Check(name="one_badge_per_target", passed=len(found) == len(marks) > 0,
                  detail=f"{len(marks)} badge(s) drawn, {len(found)} {target} found again")
    wrong = []
    for m in sorted(marks, key=lambda m: int(m.text)):
        k = int(m.text)
        nearest = min(range(len(ordered)), key=lambda j: _distance(m.points[0], ordered[j]), default=None)
        if nearest != k - 1:
            wrong.append(f"badge {k} is nearest {target} {'none' if nearest is None else nearest + 1}")
    order = Check(name="badges_in_reading_order", passed=bool(marks) and not wrong,
                  detail="; ".join(wrong) if wrong else f"badges 1-{len(marks)} beside the {target} "
                  "in reading order (top to bottom, left to right)")
    return [count, order]


def _distance(p: tuple[float, float], b: Box) -> float:
    dx = max(b.x0 - p[0], 0, p[0] - b.x1)
    dy = max(b.y0 - p[1], 0, p[1] - b.y1)
    return math.hypot(dx, dy)
