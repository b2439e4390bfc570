"""Checks for boxes and highlights: each sits on a target found again, in the asked colour,
with its label on a tag of that colour."""

from __future__ import annotations

import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box
from tools.annotations.boxes import HIGHLIGHT_OPACITY
from tools.annotations.checks import COLOR_TOLERANCE
from tools.annotations.targets import found_again
from tools.base import Check
from tools.colors import RGB
from tools.masks import box_mask


def boxes_where_found(model: UnifiedModel, after: Image.Image, target: str, boxes: list[Box]) -> Check:
    if not boxes:
        return Check(name="boxes_where_found", passed=False, detail="no boxes were drawn")
    found = found_again(model, after, target)
    best = [max((b.iou(f) for f in found), default=0.0) for b in boxes]
    bad = [f"{b.as_tuple()} (IoU {s:.2f})" for b, s in zip(boxes, best, strict=True) if s < 0.5]
    return Check(
        name="boxes_where_found", passed=not bad, score=round(1 - len(bad) / len(boxes), 4),
        detail=(f"no {target} found again at " + ", ".join(bad)) if bad
        else f"all {len(boxes)} box(es) on {target} found again in the output (IoU >= 0.5)",
    )


def outline_color(after: Image.Image, frames: list[Box], width: int, color: RGB, tags: np.ndarray) -> Check:
    """Pixels along the middle of each outline (off the label tags) have the asked colour."""
    arr = np.asarray(after, dtype=np.float32)
    shares = []
    for f in frames:
        ys, xs = _ring(f, width // 2)
        keep = ~tags[ys, xs]
        dist = np.linalg.norm(arr[ys[keep], xs[keep]] - np.array(color, np.float32), axis=1)
        shares.append(float((dist <= COLOR_TOLERANCE).mean()) if keep.any() else 0.0)
    worst = min(shares, default=0.0)
    return Check(
        name="outline_color", passed=bool(shares) and worst >= 0.9, score=round(worst, 4),
        detail=f"worst outline: {worst:.1%} of its pixels within {COLOR_TOLERANCE:g} of {color}; need 90%",
    )


def label_tags(after: Image.Image, tags: list[Box], count: int, color: RGB) -> Check:
    """One tag per box, each mostly the box colour (the label's letters cover the rest)."""
    if len(tags) != count:
        return Check(name="label_tags", passed=False, detail=f"{len(tags)} label tag(s) for {count} box(es)")
    arr = np.asarray(after, dtype=np.float32)
    shares = [
        float((np.linalg.norm(arr[t.y0 : t.y1, t.x0 : t.x1] - np.array(color, np.float32), axis=2)
               <= COLOR_TOLERANCE).mean()) if t.area else 0.0
        for t in tags
    ]
    worst = min(shares, default=1.0)
    return Check(
        name="label_tags", passed=worst >= 0.5, score=round(worst, 4),
        detail=f"{len(tags)} tag(s); the palest is {worst:.1%} the box colour; need 50%",
    )


def _ring(f: Box, inset: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates (ys, xs) of the rectangle `inset` pixels inside frame `f`."""
    x0, y0 = f.x0 + inset, f.y0 + inset
    x1, y1 = max(x0, f.x1 - 1 - inset), max(y0, f.y1 - 1 - inset)
    xs = np.arange(x0, x1 + 1)
    ys = np.arange(y0, y1 + 1)
    all_x = np.concatenate([xs, xs, np.full(len(ys), x0), np.full(len(ys), x1)])
    all_y = np.concatenate([np.full(len(xs), y0), np.full(len(xs), y1), ys, ys])
    return all_y, all_x


def highlight_color(
    before: Image.Image, after: Image.Image, boxes: list[Box], color: RGB, tags: np.ndarray
) -> Check:
    """Inside each box the output is the input tinted with the colour at the highlight opacity."""
    a, b = np.asarray(before, np.float32), np.asarray(after, np.float32)
    expected = a * (1 - HIGHLIGHT_OPACITY) + np.array(color, np.float32) * HIGHLIGHT_OPACITY
    shares = []
    for box in boxes:
        inside = box_mask(tags.shape, [box]) & ~tags
        diff = np.abs(b[inside] - expected[inside]).max(axis=1)
        shares.append(float((diff <= 3).mean()) if inside.any() else 0.0)
    worst = min(shares, default=0.0)
    return Check(
        name="highlight_color", passed=bool(shares) and worst >= 0.9, score=round(worst, 4),
        detail=f"worst box: {worst:.1%} of its pixels tinted {HIGHLIGHT_OPACITY:.0%} "
        f"towards {color}; need 90%",
    )
