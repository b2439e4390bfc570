"""Drawing in a sticker's own units: x from 0 to 1 across its width, y from 0 to its aspect
(height / width) down, so each icon is written once and rendered at any size."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import ImageDraw

from tools.colors import RGB

Point = tuple[float, float]
RGBA = tuple[int, int, int, int]


def shade(color: RGB, factor: float) -> RGB:
    """`color` darkened (factor < 1) or lightened towards white (factor > 1)."""
    if factor <= 1:
        r, g, b = (round(c * factor) for c in color)
    else:
        t = min(1.0, factor - 1)
        r, g, b = (round(c + (255 - c) * t) for c in color)
    return (r, g, b)


class Pen:
    """ImageDraw in sticker units on a supersampled canvas."""

    def __init__(self, draw: ImageDraw.ImageDraw, origin: tuple[int, int], scale: float) -> None:
        self.draw = draw
        self.ox, self.oy = origin
        self.scale = scale

    def xy(self, p: Point) -> tuple[float, float]:
        return (self.ox + p[0] * self.scale, self.oy + p[1] * self.scale)

    def px(self, length: float) -> int:
        """A length in units as whole canvas pixels (at least 1)."""
        return max(1, round(length * self.scale))

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (*self.xy((x0, y0)), *self.xy((x1, y1)))

    def ellipse(self, x0: float, y0: float, x1: float, y1: float, fill: RGB | RGBA) -> None:
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill)

    def circle(self, cx: float, cy: float, r: float, fill: RGB | RGBA) -> None:
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: RGB | RGBA,
             radius: float = 0.0) -> None:
        self.draw.rounded_rectangle(self.box(x0, y0, x1, y1), radius=self.px(radius) if radius else 0,
                                    fill=fill)

    def polygon(self, points: Sequence[Point], fill: RGB | RGBA) -> None:
        self.draw.polygon([self.xy(p) for p in points], fill=fill)

    def line(self, points: Sequence[Point], fill: RGB | RGBA, width: float) -> None:
        self.draw.line([self.xy(p) for p in points], fill=fill, width=self.px(width), joint="curve")


def star_points(cx: float, cy: float, outer: float, inner: float, tips: int,
                turn: float = -math.pi / 2) -> list[Point]:
    """The outline of a star with `tips` points, the first pointing at angle `turn`."""
    points = []
    for i in range(2 * tips):
        r = outer if i % 2 == 0 else inner
        a = turn + i * math.pi / tips
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points
