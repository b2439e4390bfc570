"""Stickers worn on a head or a face: hats, a crown, glasses."""

from __future__ import annotations

from tools.colors import RGB
from tools.sticker_art.pen import Pen, shade

HAT_COLOR: RGB = (46, 46, 60)


def hat(pen: Pen, main: RGB) -> None:
    """A top hat: brim, crown slightly wider at the top, a band, the lit top. Aspect 0.8."""
    band = (190, 40, 50) if main == HAT_COLOR else shade(main, 0.6)
    pen.ellipse(0.0, 0.6, 1.0, 0.78, main)
    pen.polygon([(0.21, 0.06), (0.79, 0.06), (0.75, 0.68), (0.25, 0.68)], main)
    pen.polygon([(0.235, 0.5), (0.765, 0.5), (0.757, 0.63), (0.243, 0.63)], band)
    pen.ellipse(0.21, 0.02, 0.79, 0.11, shade(main, 1.25))
    pen.polygon([(0.3, 0.12), (0.36, 0.12), (0.35, 0.47), (0.315, 0.47)], shade(main, 1.18))


def party_hat(pen: Pen, main: RGB) -> None:
    """A party cone with dots, a trim and a pompom. Aspect 1.2."""
    pen.polygon([(0.5, 0.1), (0.86, 1.08), (0.14, 1.08)], main)
    for cx, cy in ((0.5, 0.42), (0.4, 0.72), (0.62, 0.66), (0.3, 0.98), (0.52, 0.95), (0.72, 0.99)):
        pen.circle(cx, cy, 0.045, (255, 225, 80))
    pen.rect(0.1, 1.02, 0.9, 1.17, (250, 250, 250), radius=0.07)
    pen.circle(0.5, 0.1, 0.09, (255, 225, 80))


def crown(pen: Pen, main: RGB) -> None:
    """A three-pointed crown with balls on its tips and jewels on its band. Aspect 0.72."""
    pen.polygon([(0.05, 0.68), (0.05, 0.2), (0.27, 0.42), (0.5, 0.1), (0.73, 0.42), (0.95, 0.2),
                 (0.95, 0.68)], main)
    pen.rect(0.05, 0.5, 0.95, 0.69, shade(main, 0.82))
    for cx, cy, r in ((0.05, 0.17, 0.05), (0.5, 0.07, 0.06), (0.95, 0.17, 0.05)):
        pen.circle(cx, cy, r, shade(main, 1.2))
    for cx, r, jewel in ((0.27, 0.05, (200, 30, 50)), (0.5, 0.06, (40, 90, 210)),
                         (0.73, 0.05, (30, 160, 80))):
        pen.circle(cx, 0.595, r, jewel)


def glasses(pen: Pen, main: RGB) -> None:
    """Round-cornered glasses with light, see-through lenses. Aspect 0.36."""
    _frames(pen, main, lens=(205, 232, 255, 90))


def sunglasses(pen: Pen, main: RGB) -> None:
    """Sunglasses: the glasses' frame with dark lenses and a glint. Aspect 0.36."""
    _frames(pen, main, lens=(22, 24, 34, 235))
    for x in (0.1, 0.6):
        pen.polygon([(x, 0.2), (x + 0.08, 0.1), (x + 0.12, 0.1), (x + 0.04, 0.2)], (255, 255, 255, 140))


def _frames(pen: Pen, main: RGB, lens: tuple[int, int, int, int]) -> None:
    pen.line([(0.42, 0.13), (0.5, 0.09), (0.58, 0.13)], main, 0.035)
    for x0 in (0.02, 0.55):
        pen.rect(x0, 0.03, x0 + 0.43, 0.33, main, radius=0.1)
        pen.rect(x0 + 0.04, 0.07, x0 + 0.39, 0.29, lens, radius=0.07)
