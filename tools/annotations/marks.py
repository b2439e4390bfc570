"""Marks as plain geometry (saved in the step's data), one drawing routine for all of them, and
the two things verification needs from the geometry alone: where a mark's strokes run (to
sample their colour) and everything the mark may cover (to check nothing else changed).

Points are (x, y) pixel centres. Line marks go from `points[0]` to `points[1]`: an arrow from
its tail to its tip, a dimension line from end to end; a badge is a disc around `points[0]`.
"""

from __future__ import annotations

import math
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageDraw
from pydantic import BaseModel, Field

from model_server.types import Box
from tools.colors import RGB
from tools.drawing import contrasting_color, draw_text_in_box, fit_font

MarkKind = Literal["line", "arrow", "dimension", "badge"]
Point = tuple[float, float]


class Mark(BaseModel):
    """One drawn mark."""

    kind: MarkKind
    points: list[Point] = Field(description="line marks: start and end (an arrow's tail, tip); badge: centre")
    width: int = Field(ge=1, description="stroke width; for a badge, its radius")
    text: str = Field(default="", description="the label (a badge's number)")
    label_box: Box | None = Field(default=None, description="where the label's tag was drawn")

    @property
    def length(self) -> float:
        (x0, y0), (x1, y1) = self.points[0], self.points[-1]
        return math.hypot(x1 - x0, y1 - y0)

    @property
    def direction(self) -> Point:
        """Unit vector from the first point to the last."""
        (x0, y0), (x1, y1) = self.points[0], self.points[-1]
        n = self.length or 1.0
        return ((x1 - x0) / n, (y1 - y0) / n)

    @property
    def head(self) -> float:
        """An arrow head's length, a dimension line's tick half-length."""
        return float(max(12, 4 * self.width + 6) if self.kind == "arrow" else max(6, 2 * self.width + 4))


def draw_mark(image: Image.Image, mark: Mark, color: RGB, ink: RGB | None = None) -> None:
    """Draw `mark` on `image` in place; `ink` is a badge number's colour (default black or
    white, whichever reads on `color`)."""
    draw = ImageDraw.Draw(image)
    p, q = mark.points[0], mark.points[-1]
    if mark.kind == "badge":
        _badge(image, mark, color, ink or contrasting_color(color))
    elif mark.kind == "arrow":
        base = _along(q, mark.direction, -mark.head * 0.8)
        draw.line([p, base], fill=color, width=mark.width)
        draw.polygon(_head_triangle(mark), fill=color)
    else:
        draw.line([p, q], fill=color, width=mark.width)
        if mark.kind == "dimension":
            for end in (p, q):
                draw.line(_tick(mark, end), fill=color, width=mark.width)


def _badge(image: Image.Image, mark: Mark, color: RGB, ink: RGB) -> None:
    (cx, cy), r = mark.points[0], mark.width
    edge = max(1, r // 8)
    draw = ImageDraw.Draw(image)
    draw.ellipse((cx - r - edge, cy - r - edge, cx + r + edge, cy + r + edge), fill=ink)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
    side = 1.15 * r  # the digits fit well inside the disc
    box = (round(cx - side / 2), round(cy - side / 2), round(cx + side / 2), round(cy + side / 2))
    draw_text_in_box(image, mark.text, box, ink, font=fit_font(mark.text, side, side))


def _along(p: Point, d: Point, t: float) -> Point:
    return (p[0] + d[0] * t, p[1] + d[1] * t)


def _normal(d: Point) -> Point:
    return (-d[1], d[0])


def _head_triangle(mark: Mark) -> list[Point]:
    tip, d = mark.points[-1], mark.direction
    base, n = _along(tip, d, -mark.head), _normal(d)
    return [tip, _along(base, n, mark.head * 0.5), _along(base, n, -mark.head * 0.5)]


def _tick(mark: Mark, end: Point) -> list[Point]:
    n = _normal(mark.direction)
    return [_along(end, n, -mark.head), _along(end, n, mark.head)]


def stroke_samples(mark: Mark) -> np.ndarray:
    """Integer (x, y) points where the mark must show its colour: along a line's or an arrow
    shaft's centre, down the middle of an arrow head, around a badge inside its rim. (N, 2)."""
    p, q = mark.points[0], mark.points[-1]
    if mark.kind == "badge":
        angles = np.linspace(0, 2 * np.pi, 72, endpoint=False)
        r = 0.85 * mark.width
        pts = np.stack([p[0] + r * np.cos(angles), p[1] + r * np.sin(angles)], axis=1)
    else:
        end = _along(q, mark.direction, -mark.head * 0.5) if mark.kind == "arrow" else q
        n = max(2, int(math.hypot(end[0] - p[0], end[1] - p[1])))
        pts = np.linspace(p, end, n)
    return np.rint(pts).astype(int)


def footprint(marks: list[Mark], size: tuple[int, int], grow: int = 2) -> np.ndarray:
    """Bool (H, W): every pixel the marks (and their labels' tags) may cover, from their
    geometry, grown by `grow` pixels."""
    canvas = Image.new("RGB", size, (0, 0, 0))
    white = (255, 255, 255)
    for mark in marks:
        draw_mark(canvas, mark, white, white)
        if mark.label_box is not None:
            b = mark.label_box
            ImageDraw.Draw(canvas).rectangle((b.x0, b.y0, b.x1 - 1, b.y1 - 1), fill=white)
    mask = np.asarray(canvas).max(axis=2) > 0
    if grow:
        kernel = np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)
        mask = cv2.dilate(mask.astype(np.uint8), kernel) > 0
    return mask
