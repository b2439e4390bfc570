"""Checks every annotation shares: the marks show their colour along their geometry, their
labels read back, and nothing changed away from the marks and labels."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box
from tools.annotations.marks import Mark, stroke_samples
from tools.annotations.tags import read_tag
from tools.base import Check
from tools.colors import RGB
from tools.text_match import similarity

COLOR_TOLERANCE = 40.0  # RGB distance under which a sampled stroke pixel has the asked colour
MIN_STROKE_SHARE = 0.9
MIN_LABEL_SIMILARITY = 0.7
MIN_UNCHANGED = 0.998


def color_hits(after: Image.Image, points: np.ndarray, color: RGB, reach: int = 0) -> np.ndarray:
    """Which of `points` (N, 2 as x, y) show `color`, at the point or within `reach` pixels of
    it (a drawn line's pixels are rounded to the grid); points off the image do not."""
    arr = np.asarray(after.convert("RGB"), np.float32)
    h, w = arr.shape[:2]
    match = (np.linalg.norm(arr - np.array(color, np.float32), axis=2) <= COLOR_TOLERANCE).astype(np.uint8)
    if reach:
        match = cv2.dilate(match, np.ones((2 * reach + 1, 2 * reach + 1), np.uint8))
    hits = np.zeros(len(points), bool)
    inside = (points[:, 0] >= 0) & (points[:, 0] < w) & (points[:, 1] >= 0) & (points[:, 1] < h)
    pts = points[inside]
    hits[inside] = match[pts[:, 1], pts[:, 0]] > 0
    return hits


def color_share(after: Image.Image, points: np.ndarray, color: RGB, reach: int = 0) -> float:
    """The share of `points` (N, 2 as x, y) that show `color`; 0 when there are none."""
    return float(color_hits(after, points, color, reach).mean()) if len(points) else 0.0


def strokes_colored(after: Image.Image, marks: list[Mark], color: RGB) -> Check:
    """Each mark shows the asked colour along its strokes (off the labels' tags, which may
    cross another mark)."""
    tags = [m.label_box for m in marks if m.label_box is not None and m.kind != "badge"]
    shares = [color_share(after, _off(stroke_samples(m), tags), color, reach=1) for m in marks]
    worst = min(shares, default=0.0)
    return Check(
        name="strokes_colored", passed=bool(shares) and worst >= MIN_STROKE_SHARE, score=round(worst, 4),
        detail=f"{len(marks)} mark(s); the worst shows {color} on {worst:.1%} of its strokes; "
        f"need {MIN_STROKE_SHARE:.0%}",
    )


def _off(points: np.ndarray, boxes: list[Box]) -> np.ndarray:
    keep = np.ones(len(points), bool)
    for b in boxes:
        xs, ys = points[:, 0], points[:, 1]
        keep &= ~((xs >= b.x0) & (xs < b.x1) & (ys >= b.y0) & (ys < b.y1))
    return points[keep]


def labels_read(model: UnifiedModel, after: Image.Image, marks: list[Mark], color: RGB) -> Check:
    """OCR reads each mark's label on its tag (a badge's number inside its disc)."""
    labelled = [m for m in marks if m.text and (m.label_box is not None or m.kind == "badge")]
    if not labelled:
        return Check(name="labels_read", passed=False, detail="no labels were drawn")
    misread = []
    for m in labelled:
        read = read_tag(model, after, label_area(m), color)
        # OCR may split a label, or read a lone character twice: the whole or any piece may match.
        if max(similarity(m.text, r) for r in [read, *read.split()]) < MIN_LABEL_SIMILARITY:
            misread.append(f"{m.text!r} read as {read!r}")
    return Check(
        name="labels_read", passed=not misread, score=round(1 - len(misread) / len(labelled), 4),
        detail="; ".join(misread) if misread else f"OCR reads all {len(labelled)} label(s) as drawn",
    )


def label_area(mark: Mark) -> Box:
    """Where a mark's label is: its tag, or the middle of a badge."""
    if mark.kind == "badge":
        (cx, cy), half = mark.points[0], 0.7 * mark.width
        return Box(x0=round(cx - half), y0=round(cy - half), x1=round(cx + half), y1=round(cy + half))
    assert mark.label_box is not None
    return mark.label_box


def elsewhere_unchanged(before: Image.Image, after: Image.Image, covered: np.ndarray) -> Check:
    """Pixels outside `covered` (bool H, W: the marks and labels as their geometry says) are as
    they were."""
    away = ~covered
    diff = np.abs(np.asarray(before.convert("RGB"), np.int16) - np.asarray(after.convert("RGB"), np.int16))
    diff = diff.max(axis=2)
    same = float((diff[away] <= 2).mean()) if away.any() else 1.0
    return Check(
        name="elsewhere_unchanged", passed=same >= MIN_UNCHANGED, score=round(same, 4),
        detail=f"{same:.2%} of {int(away.sum())} pixels away from the marks and labels unchanged; "
        f"need {MIN_UNCHANGED:.1%}",
    )
