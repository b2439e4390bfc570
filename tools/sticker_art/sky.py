"""Stickers of the sky: the sun, the moon, a star, a sparkle, a cloud."""

from __future__ import annotations

from tools.colors import RGB
from tools.sticker_art.pen import Pen, shade, star_points


def sun(pen: Pen, main: RGB) -> None:
    """A disc with twelve rays. Aspect 1."""
    pen.polygon(star_points(0.5, 0.5, 0.49, 0.33, 12), shade(main, 0.92))
    pen.circle(0.5, 0.5, 0.31, main)
    pen.circle(0.44, 0.44, 0.16, shade(main, 1.2))


def moon(pen: Pen, main: RGB) -> None:
    """A crescent moon with two craters. Aspect 1."""
    pen.circle(0.5, 0.5, 0.46, main)
    pen.circle(0.27, 0.62, 0.05, shade(main, 0.88))
    pen.circle(0.42, 0.82, 0.035, shade(main, 0.88))
    pen.circle(0.7, 0.36, 0.4, (0, 0, 0, 0))  # cut the crescent out of the disc


def star(pen: Pen, main: RGB) -> None:
    """A five-pointed star with a lighter core. Aspect 0.95."""
    pen.polygon(star_points(0.5, 0.52, 0.5, 0.21, 5), main)
    pen.polygon(star_points(0.5, 0.52, 0.27, 0.12, 5), shade(main, 1.3))


def sparkle(pen: Pen, main: RGB) -> None:
    """A four-pointed glint with a small one beside it. Aspect 1."""
    pen.polygon(star_points(0.45, 0.55, 0.44, 0.09, 4), main)
    pen.polygon(star_points(0.83, 0.18, 0.15, 0.035, 4), shade(main, 1.3))


def cloud(pen: Pen, main: RGB) -> None:
    """A puffy cloud, shaded underneath. Aspect 0.62."""
    _puffs(pen, shade(main, 0.86), 0.0)
    _puffs(pen, main, -0.035)


def _puffs(pen: Pen, color: RGB, dy: float) -> None:
    for cx, cy, r in ((0.27, 0.38, 0.17), (0.52, 0.27, 0.23), (0.75, 0.38, 0.17)):
        pen.circle(cx, cy + dy, r, color)
    pen.rect(0.05, 0.3 + dy, 0.95, 0.58 + dy, color, radius=0.14)
