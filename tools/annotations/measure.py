"""Measurement lines: a dimension line with end ticks along a target's width (above it) or
height (left of it), labelled with its length in pixels."""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection
from tools.annotations.checks import color_hits
from tools.annotations.marks import Mark, Point
from tools.annotations.render import labelled
from tools.annotations.tags import read_tag, tag_extent, tag_font
from tools.annotations.targets import found_again
from tools.base import Check
from tools.colors import RGB

Dimension = Literal["width", "height"]
READ_TOLERANCE = 2  # px between the number read and the length measured on the picture
FIND_TOLERANCE = 0.06  # share of the length between the line and the target found again
_NUMBER = re.compile(r"\d+")


def make(found: list[Detection], dimension: Dimension, width: int, size: tuple[int, int]) -> list[Mark]:
    return [_dimension_line(d.box, dimension, width, size) for d in found]


def _dimension_line(box: Box, dimension: Dimension, width: int, size: tuple[int, int]) -> Mark:
    """Outside the box (above or left; below or right when there is no room), end to end."""
    length = box.width if dimension == "width" else box.height
    text = f"{length} px"
    probe = Mark(kind="dimension", points=[(0, 0), (1, 0)], width=width)
    tag_w, tag_h = tag_extent(text, tag_font(text, size))
    off = 3 + probe.head
    if dimension == "width":
        y = box.y0 - off if box.y0 - off - tag_h >= 0 else box.y1 - 1 + off
        p, q = (box.x0, y), (box.x1 - 1, y)
        out: Point = (0, -1) if y < box.y0 else (0, 1)
    else:
        x = box.x0 - off if box.x0 - off - tag_w >= 0 else box.x1 - 1 + off
        p, q = (x, box.y0), (x, box.y1 - 1)
        out = (-1, 0) if x < box.x0 else (1, 0)
    mark = Mark(kind="dimension", points=[p, q], width=width)
    middle = ((p[0] + q[0]) / 2 + out[0] * mark.head, (p[1] + q[1]) / 2 + out[1] * mark.head)
    return labelled(mark, text, middle, out, size)


def drawn_length(after: Image.Image, mark: Mark, color: RGB) -> float | None:
    """The length the picture shows: the distance between the centres of the two end ticks,
    found along a line beside the dimension line where only the ticks cross, plus one (a line
    from pixel 0 to pixel 9 is 10 px long). None unless exactly two ticks are seen."""
    (px, py), (dx, dy) = mark.points[0], mark.direction
    nx, ny, side, run = -dy, dx, 0.6 * mark.head, 2 * mark.head
    t = np.arange(-run, mark.length + run + 1)
    pts = np.stack([px + dx * t + nx * side, py + dy * t + ny * side], axis=1)
    hits = color_hits(after, np.rint(pts).astype(int), color)
    runs = _runs(hits)
    if len(runs) != 2:
        return None
    centres = [t[(a + b) // 2] for a, b in runs]
    return float(centres[1] - centres[0] + 1)


def _runs(hits: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) indices of each run of True."""
    edges = np.diff(np.concatenate([[0], hits.astype(int), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def checks(model: UnifiedModel, after: Image.Image, target: str, dimension: Dimension,
           marks: list[Mark], color: RGB) -> list[Check]:
    """Look again: the number OCR reads on each label is the length the picture shows (±2 px),
    and that length is the target's, found again in the output."""
    found = found_again(model, after, target)
    read_bad, fit_bad = [], []
    for m in marks:
        shown = drawn_length(after, m, color)
        assert m.label_box is not None
        numbers = _NUMBER.findall(read_tag(model, after, m.label_box, color))
        read = int(numbers[0]) if numbers else None
        if shown is None or read is None or abs(read - shown) > READ_TOLERANCE:
            read_bad.append(f"label reads {read}, the line is {shown} px")
        if shown is not None and not _fits_target(shown, m, found, dimension):
            fit_bad.append(f"a {shown:.0f} px line matches the {dimension} of no {target} found again")
    return [
        Check(name="label_is_drawn_length", passed=bool(marks) and not read_bad,
              detail="; ".join(read_bad) or f"all {len(marks)} label(s) read as the drawn length "
              f"±{READ_TOLERANCE} px"),
        Check(name="length_is_target_size", passed=bool(marks) and not fit_bad,
              detail="; ".join(fit_bad) or f"each line is the {dimension} of a {target} found again "
              f"(±{FIND_TOLERANCE:.0%})"),
    ]


def _fits_target(shown: float, mark: Mark, found: list[Box], dimension: Dimension) -> bool:
    """A target found again lies alongside the line and is as long as it, within tolerance."""
    (px, py), (qx, qy) = mark.points
    for b in found:
        size, start, end = (b.width, b.x0, b.x1 - 1) if dimension == "width" else (b.height, b.y0, b.y1 - 1)
        along = (px, qx) if dimension == "width" else (py, qy)
        tol = max(3.0, FIND_TOLERANCE * size)
        if abs(size - shown) <= tol and abs(start - along[0]) <= tol and abs(end - along[1]) <= tol:
            return True
    return False
