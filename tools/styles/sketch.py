"""Pencil sketch: graphite lines where the photo has edges, on white paper."""

from __future__ import annotations

import cv2
import numpy as np

from tools.styles.common import Styled, grain, luminance, scaled, to_uint8


def pencil_sketch(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Pencil sketch: a colour-dodge line drawing, light shading, paper grain, in grey."""
    lum = luminance(rgb)
    sigma = scaled(scale, 0.004 * level, minimum=1)
    blurred = cv2.GaussianBlur(lum, (0, 0), sigma)
    # Colour dodge of the grey by its blurred self: flat areas go to paper white, and only
    # where the grey differs from its surroundings (an edge) does graphite remain.
    lines = np.clip(lum * 255.0 / np.maximum(blurred, 1.0), 0, 255)
    lines = 255.0 * (lines / 255.0) ** (1.5 + level)  # darker, firmer strokes
    # A hint of the photo's tone, as light hatching would give.
    tone = 0.85 + 0.15 * cv2.GaussianBlur(lum, (0, 0), 2 * sigma) / 255.0
    paper = 1.0 + 0.03 * grain(lum.shape, scaled(scale, 0.002, minimum=1), seed=3)
    grey = to_uint8(lines * tone * paper)
    return Styled(np.repeat(grey[:, :, None], 3, axis=2), {"sigma": sigma})
