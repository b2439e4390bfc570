"""What each style measurably does to a picture, checked by comparing the input with the
restyled output over the same region. Verification calls `STYLES[style].signature`.

Thresholds were set on skimage's astronaut, chelsea, coffee and rocket photos so that every
style passes on all four, while the input returned unchanged, a Gaussian or median blur, a
plain greyscale copy and another photo fail.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tools.styles import measures as m
from tools.styles.common import luminance

GREY_INPUT_CHROMA = 5.0  # an input this grey has no colour to boost or keep ...
GREY_INPUT_SATURATION = 0.05  # ... measured as chroma (0..255) or HSV saturation (0..1)


@dataclass
class Signature:
    """Whether the style's marks are there, and the numbers that say so."""

    passed: bool
    detail: str


@dataclass
class _Fact:
    label: str
    value: float
    need: str  # e.g. "≤ 0.75"
    ok: bool


def _signature(*facts: _Fact) -> Signature:
    detail = "; ".join(f"{f.label} {f.value:.2f} (need {f.need})" for f in facts)
    return Signature(passed=all(f.ok for f in facts), detail=detail)


def _at_most(label: str, value: float, limit: float) -> _Fact:
    return _Fact(label, value, f"≤ {limit:.2f}", value <= limit)


def _at_least(label: str, value: float, limit: float) -> _Fact:
    return _Fact(label, value, f"≥ {limit:.2f}", value >= limit)


def _ratio(after: float, before: float) -> float:
    return after / before if before > 1e-6 else (1.0 if after <= 1e-6 else float("inf"))


def _texture_ratio(before: np.ndarray, after: np.ndarray, mask: np.ndarray) -> float:
    """How much of the fine texture is left, relative to the picture's contrast (so that just
    lightening a photo does not count as washing its texture out).

    Measured where the input has texture to lose: on a poster, flat panels would otherwise make
    the median texture zero before and after, and the ratio meaningless."""
    textured = mask & m.textured(before)
    where = textured if textured.sum() >= 0.05 * mask.sum() else mask
    return _ratio(m.relative_texture(after, where), m.relative_texture(before, where))


def _colour_ratio(before: np.ndarray, after: np.ndarray, mask: np.ndarray) -> float:
    chroma_before = m.chroma(before, mask)
    if chroma_before < GREY_INPUT_CHROMA:
        return 1.0
    return m.chroma(after, mask) / chroma_before


def oil_painting(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """Fine texture flattened into patches, edges still crisp (not a blur), colour richer."""
    return _signature(
        _at_most("fine texture ×", _texture_ratio(before, after, mask), 0.8),
        _at_least("edge sharpness", m.edge_sharpness(after, mask), 1.9),
        _at_least("colour ×", _colour_ratio(before, after, mask), 1.08),
    )


def watercolor(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """Fine texture washed out, the whole lighter (pigment on white paper), colour not louder."""
    lighter = m.mean_luminance(after, mask) - m.mean_luminance(before, mask)
    room = 255.0 - m.mean_luminance(before, mask)  # a white picture cannot get lighter
    return _signature(
        _at_most("fine texture ×", _texture_ratio(before, after, mask), 0.85),
        _at_least("lighter by", lighter, min(8.0, 0.3 * room)),
        _at_most("colour ×", _colour_ratio(before, after, mask), 1.0),
    )


def pencil_sketch(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """Grey graphite on white paper: no colour, mostly paper, and some drawn lines."""
    lines = float((luminance(after)[mask] < 160).mean())
    return _signature(
        _at_most("colour", m.chroma(after, mask), 6.0),
        _at_least("paper brightness", m.luminance_percentile(after, mask, 50), 170.0),
        _at_least("share drawn", lines, 0.005),
    )


def cartoon(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """A few flat colours (the 24 commonest cover almost everything), colour kept, dark outlines."""
    return _signature(
        _at_least("share in 24 colours", m.palette_share(after, mask, 24),
                  max(0.85, m.palette_share(before, mask, 24) + 0.1)),
        _at_least("colour ×", _colour_ratio(before, after, mask), 0.6),
        _at_least("outline share", m.thin_dark_lines(after, mask, _scale(mask, params)), 0.003),
    )


def comic(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """Halftone dots repeating on the screen's lattice, and a posterised palette."""
    step = int(params.get("halftone_step", 0))
    if step < 2:
        return Signature(False, "no halftone_step recorded to look for the dot screen")
    return _signature(
        _at_least("dot periodicity", m.dot_periodicity(after, mask, step), 0.25),
        _at_least("share in 24 colours", m.palette_share(after, mask, 24), 0.85),
    )


def mosaic(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """Square tiles of one colour: inside each tile the pixels barely vary."""
    block = int(params.get("block", 0))
    if block < 2:
        return Signature(False, "no tile size recorded to check the tiles")
    inside = m.block_variation(after, mask, block)
    return _signature(_at_most(f"variation inside {block}px tiles", inside,
                               max(1.5, 0.1 * m.block_variation(before, mask, block))))


def vintage(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """A sepia tint (brown hues, not grey), duller colour than the input, faded blacks."""
    sat_before = m.saturation(before, mask)
    return _signature(
        _at_least("sepia-hued share", m.sepia_share(after, mask), 0.85),
        _at_least("tint", m.chroma(after, mask), 4.0),
        _at_most("saturation", m.saturation(after, mask), max(0.8 * sat_before, 0.12)),
        _at_least("darkest 1% luminance", m.luminance_percentile(after, mask, 1), 15.0),
    )


def van_gogh(before: np.ndarray, after: np.ndarray, mask: np.ndarray, params: dict) -> Signature:
    """Oriented stroke texture over most of the picture, and bolder colour."""
    scale = max(2.0, _scale(mask, params) * 0.004)
    stroked = m.stroke_coverage(after, mask, scale)
    sat_before = m.saturation(before, mask)
    # A grey input has no colour to boost; only the strokes can show.
    bolder = _ratio(m.saturation(after, mask), sat_before) if sat_before > GREY_INPUT_SATURATION else 2.0
    return _signature(
        _at_least("stroke-textured share", stroked,
                  max(0.6, m.stroke_coverage(before, mask, scale) + 0.1)),
        _at_least("saturation ×", bolder, 1.1),
    )


def _scale(mask: np.ndarray, params: dict) -> float:
    """The length the look was sized to, as the filter recorded it (default: the shorter side)."""
    return float(params.get("scale", min(mask.shape)))

