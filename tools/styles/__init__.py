"""The style filters stylize can apply, by name.

Each takes an RGB uint8 array, a level (1 on the first attempt, stronger on retries) and a
scale (the length in pixels the look is sized to: the image's shorter side, or the target
region's), and returns a `Styled`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tools.styles import signatures
from tools.styles.common import Styled
from tools.styles.graphic import cartoon, comic
from tools.styles.painterly import oil_painting, watercolor
from tools.styles.signatures import Signature
from tools.styles.sketch import pencil_sketch
from tools.styles.strokes import van_gogh
from tools.styles.tiles import mosaic
from tools.styles.vintage import vintage

Filter = Callable[[np.ndarray, int, int], Styled]
SignatureCheck = Callable[[np.ndarray, np.ndarray, np.ndarray, dict], Signature]


@dataclass(frozen=True)
class Style:
    """A named style: how to apply it, how to recognise it, and what people call it."""

    name: str
    english: str
    chinese: str
    aliases: tuple[str, ...]
    apply: Filter
    signature: SignatureCheck  # (before, after, region, params) -> is the look there?


STYLES: dict[str, Style] = {style.name: style for style in (
    Style("oil_painting", "oil painting", "油画", ("oil", "oil-painting", "油画风格"),
          oil_painting, signatures.oil_painting),
    Style("watercolor", "watercolour", "水彩", ("watercolor", "water colour", "水彩画"),
          watercolor, signatures.watercolor),
    Style("pencil_sketch", "pencil sketch", "素描",
          ("sketch", "pencil", "pencil drawing", "铅笔画", "铅笔素描"),
          pencil_sketch, signatures.pencil_sketch),
    Style("cartoon", "cartoon", "卡通", ("anime", "toon", "动漫", "漫画风"), cartoon, signatures.cartoon),
    Style("comic", "comic / halftone", "波普漫画", ("comic", "halftone", "pop art", "网点", "美漫"),
          comic, signatures.comic),
    Style("mosaic", "mosaic", "马赛克", ("pixel art", "pixelate", "pixelated", "像素风"),
          mosaic, signatures.mosaic),
    Style("vintage", "vintage", "复古", ("retro", "sepia", "old photo", "老照片", "怀旧"),
          vintage, signatures.vintage),
    Style("van_gogh", "Van Gogh-like brush strokes", "梵高风格", ("van gogh", "starry night", "梵高", "星空"),
          van_gogh, signatures.van_gogh),
)}

__all__ = ["STYLES", "Filter", "Style", "Styled"]
