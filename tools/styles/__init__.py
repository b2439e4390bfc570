"""The style filters stylize can apply, by name.

Each takes an RGB uint8 array, a level (1 on the first attempt, stronger on retries) and a
scale (the length in pixels the look is sized to: the image's shorter side, or the target
region's), and returns a `Styled`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tools.styles.common import Styled
from tools.styles.graphic import cartoon, comic
from tools.styles.painterly import oil_painting, watercolor
from tools.styles.sketch import pencil_sketch
from tools.styles.strokes import van_gogh
from tools.styles.tiles import mosaic
from tools.styles.vintage import vintage

Filter = Callable[[np.ndarray, int, int], Styled]

FILTERS: dict[str, Filter] = {
    "oil_painting": oil_painting,
    "watercolor": watercolor,
    "pencil_sketch": pencil_sketch,
    "cartoon": cartoon,
    "comic": comic,
    "mosaic": mosaic,
    "vintage": vintage,
    "van_gogh": van_gogh,
}

__all__ = ["FILTERS", "Filter", "Styled"]
