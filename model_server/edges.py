"""Edge maps for the embedded backend: OpenCV's Canny with thresholds from the image."""

from __future__ import annotations

import cv2
import numpy as np

SIGMA = 0.33  # thresholds at (1 -/+ SIGMA) x the median grey level: the usual "auto Canny"
MIN_LOW = 20  # so a dark image's noise does not become edges


def canny(rgb: np.ndarray) -> np.ndarray:
    """(H, W) uint8 edge map, 0 or 255, after a light blur against sensor noise."""
    grey = cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    median = float(np.median(grey))
    low = max(MIN_LOW, (1.0 - SIGMA) * median)
    high = max(2 * MIN_LOW, min(255.0, (1.0 + SIGMA) * median))
    return cv2.Canny(grey, low, high)
