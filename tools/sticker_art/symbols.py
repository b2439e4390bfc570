"""Stickers that are signs and things: a heart, an arrow, a speech bubble, a balloon, a flower."""

from __future__ import annotations

import math

from tools.colors import RGB
from tools.sticker_art.pen import Pen, Point, shade

GLOSS = 1.55  # the gloss spot: the main colour lightened towards white


def heart(pen: Pen, main: RGB) -> None:
    """A heart with a gloss spot. Aspect 0.9."""
    pen.polygon(_heart_outline(0.9), main)
    pen.ellipse(0.18, 0.2, 0.34, 0.34, shade(main, GLOSS))


def _heart_outline(aspect: float) -> list[Point]:
    """The classic heart curve fitted to the unit width and `aspect` height."""
    ts = [2 * math.pi * i / 180 for i in range(180)]
    xs = [16 * math.sin(t) ** 3 for t in ts]
    ys = [-(13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)) for t in ts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return [(0.02 + 0.96 * (x - x0) / (x1 - x0), 0.02 + (aspect - 0.04) * (y - y0) / (y1 - y0))
            for x, y in zip(xs, ys, strict=True)]


def arrow(pen: Pen, main: RGB) -> None:
    """A bold arrow pointing right. Aspect 0.5."""
    pen.polygon([(0.02, 0.17), (0.58, 0.17), (0.58, 0.02), (0.98, 0.25), (0.58, 0.48), (0.58, 0.33),
                 (0.02, 0.33)], main)


def speech_bubble(pen: Pen, main: RGB) -> None:
    """A rounded speech bubble with a tail and three dots. Aspect 0.78."""
    pen.rect(0.02, 0.02, 0.98, 0.6, main, radius=0.16)
    pen.polygon([(0.2, 0.5), (0.13, 0.76), (0.44, 0.56)], main)
    for cx in (0.32, 0.5, 0.68):
        pen.circle(cx, 0.31, 0.055, (110, 110, 122))


def balloon(pen: Pen, main: RGB) -> None:
    """A balloon on a wavy string. Aspect 1.55."""
    pen.line([(0.5, 0.98), (0.45, 1.12), (0.55, 1.28), (0.5, 1.52)], (90, 90, 96), 0.022)
    pen.polygon([(0.5, 0.92), (0.42, 1.03), (0.58, 1.03)], shade(main, 0.8))
    pen.ellipse(0.1, 0.02, 0.9, 0.98, main)
    pen.ellipse(0.24, 0.14, 0.37, 0.36, shade(main, GLOSS))


def flower(pen: Pen, main: RGB) -> None:
    """A six-petalled flower on a stem with a leaf. Aspect 1.35."""
    pen.line([(0.5, 0.6), (0.5, 1.32)], (60, 150, 70), 0.06)
    pen.polygon([(0.5, 1.1), (0.66, 0.93), (0.84, 0.92), (0.72, 1.06)], (70, 170, 80))
    for i in range(6):
        a = i * math.pi / 3
        pen.circle(0.5 + 0.24 * math.cos(a), 0.44 + 0.24 * math.sin(a), 0.17, main)
    pen.circle(0.5, 0.44, 0.14, (250, 200, 50))
