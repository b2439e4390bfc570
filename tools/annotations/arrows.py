"""Arrows pointing at targets: the head just inside the target's box, the label at the tail."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection
from tools.annotations.boxes import overlap
from tools.annotations.marks import Mark, Point, stroke_samples
from tools.annotations.render import labelled
from tools.annotations.tags import tag_extent, tag_font
from tools.annotations.targets import found_again
from tools.base import Check

_D = math.sqrt(0.5)
# Where the arrow comes from, in order of preference: the upper corners read best.
MIN_LENGTH = 30.0  # px: shorter and the head is most of the arrow
DIRECTIONS: list[Point] = [(-_D, -_D), (_D, -_D), (-1, 0), (1, 0), (-_D, _D), (_D, _D), (0, -1), (0, 1)]


def make(found: list[Detection], text: str, width: int, size: tuple[int, int]) -> list[Mark]:
    """One labelled arrow per target, each from the side with the most room."""
    marks: list[Mark] = []
    for d in found:
        others = [o.box for o in found if o is not d] + [m.label_box for m in marks if m.label_box]
        drawn = np.concatenate([stroke_samples(m) for m in marks]) if marks else np.zeros((0, 2))
        candidates = [_arrow(d.box, v, text, width, size) for v in DIRECTIONS]
        marks.append(min(candidates, key=lambda m: _cost(m, d.box, others, size) + _crossing(m, drawn)))
    return marks


def _crossing(mark: Mark, drawn: np.ndarray) -> float:
    """Pixels of the arrow's shaft on arrows already drawn."""
    if not len(drawn):
        return 0.0
    shaft = stroke_samples(mark)
    near = np.abs(shaft[:, None, :] - drawn[None, :, :]).max(axis=2) <= mark.width + 2
    return float(mark.width * near.any(axis=1).sum())


def _arrow(box: Box, v: Point, text: str, width: int, size: tuple[int, int]) -> Mark:
    """From the box's centre along `v`: the tip just inside the box's edge, the tail and its
    tag outside it; where the image ends first, the arrow starts inside the box and its tip
    moves towards the box's centre."""
    centre = box.center
    tip_at = _reach(centre, v, (box.x0, box.y0, box.x1, box.y1)) - max(2.0, 0.06 * min(box.width, box.height))
    edge_at = _reach(centre, v, (0, 0, size[0], size[1])) - width - 2 - _tag_depth(text, v, size)
    want = min(max(40.0, 0.9 * max(box.width, box.height)), 0.35 * min(size))
    if edge_at - tip_at < MIN_LENGTH:  # no room outside the box: the arrow starts inside it
        tip_at = max(0.0, edge_at - want)
    length = max(MIN_LENGTH, min(want, edge_at - tip_at))
    tip = (centre[0] + v[0] * tip_at, centre[1] + v[1] * tip_at)
    tail = (tip[0] + v[0] * length, tip[1] + v[1] * length)
    return labelled(Mark(kind="arrow", points=[tail, tip], width=width), text, tail, v, size)


def _tag_depth(text: str, v: Point, size: tuple[int, int]) -> float:
    """How far a tag at the tail reaches along `v`."""
    if not text:
        return 0.0
    w, h = tag_extent(text, tag_font(text, size))
    return 3 + abs(v[0]) * w + abs(v[1]) * h


def _reach(p: Point, v: Point, bounds: tuple[float, float, float, float]) -> float:
    """How far from `p` along `v` the rectangle `bounds` (x0, y0, x1, y1) ends."""
    x0, y0, x1, y1 = bounds
    tx = ((x1 - 1 - p[0]) / v[0] if v[0] > 0 else (p[0] - x0) / -v[0]) if v[0] else math.inf
    ty = ((y1 - 1 - p[1]) / v[1] if v[1] > 0 else (p[1] - y0) / -v[1]) if v[1] else math.inf
    return max(0.0, min(tx, ty))


def _cost(mark: Mark, own: Box, others: list[Box], size: tuple[int, int]) -> float:
    """Pixels of the tag and the shaft over other targets and tags and of the shaft over its own
    target (past the head), plus a large cost for a tail off the image or a tag pushed back over
    its own arrow; the first direction wins ties."""
    (tx, ty), w, h = mark.points[0], *size
    cost = 0.0 if 0 <= tx < w and 0 <= ty < h else 1e9
    tag = mark.label_box
    shaft = stroke_samples(mark)
    cost += mark.width * sum(_inside((x, y), o) for x, y in shaft for o in others)
    cost += mark.width * sum(_inside((x, y), own) for x, y in shaft[: -int(mark.head)])
    if tag is not None:
        cost += sum(overlap(tag, o) for o in others)
        cost += 1e6 * bool(any(_inside((x, y), tag) for x, y in shaft[len(shaft) // 6 :]))
    return cost


def checks(model: UnifiedModel, after: Image.Image, target: str, marks: list[Mark]) -> list[Check]:
    """Look again: each arrow's tip lies in a target found in the output, and the arrow points
    towards that target's centre (its tip is nearer the centre than its tail)."""
    found = found_again(model, after, target)
    bad = []
    for m in marks:
        tail, tip = m.points
        hit = [b for b in found if _inside(tip, b.pad(m.width, *after.size))]
        if not hit:
            bad.append(f"tip {_xy(tip)} is on no {target} found again")
        elif not any(math.dist(tip, b.center) < math.dist(tail, b.center) for b in hit):
            bad.append(f"the arrow from {_xy(tail)} points away from the {target} its tip is on")
    return [Check(
        name="arrows_point_at_targets", passed=bool(marks) and not bad,
        score=round(1 - len(bad) / max(1, len(marks)), 4),
        detail="; ".join(bad) if bad else f"all {len(marks)} arrow tip(s) on the {len(found)} {target} "
        "found again in the output, pointing inwards",
    )]


def _inside(p: Point, b: Box) -> bool:
    return b.x0 <= p[0] < b.x1 and b.y0 <= p[1] < b.y1


def _xy(p: Point) -> str:
    return f"({p[0]:.0f}, {p[1]:.0f})"
