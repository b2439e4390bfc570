"""Vintage: an old, faded sepia print."""

from __future__ import annotations

import numpy as np

from tools.styles.common import Styled, grain, scaled, to_uint8

# The classic sepia-toning matrix: each output channel from the input's R, G, B.
SEPIA = np.array([[0.393, 0.769, 0.189],
                  [0.349, 0.686, 0.168],
                  [0.272, 0.534, 0.131]], np.float32)


def vintage(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Vintage: sepia tone, faded blacks and whites, a vignette and film grain."""
    img = rgb.astype(np.float32)
    toned = np.minimum(img @ SEPIA.T, 255.0)
    mix = min(1.0, 0.85 + 0.05 * level)  # keep a trace of the original colour, less on retries
    out = toned * mix + img * (1 - mix)
    out = 28.0 + out * (232.0 - 28.0) / 255.0  # faded: no true black or white left
    h, w = rgb.shape[:2]
    y, x = np.ogrid[0:h, 0:w]
    r2 = ((x - w / 2) / (w / 2)) ** 2 + ((y - h / 2) / (h / 2)) ** 2
    out *= (1.0 - 0.18 * np.clip(r2 / 2, 0, 1) * (1 + 0.3 * (level - 1)))[:, :, None]
    out += 5.0 * grain((h, w), scaled(scale, 0.0015, minimum=1), seed=11)[:, :, None]
    return Styled(to_uint8(out), {"sepia_mix": mix})
