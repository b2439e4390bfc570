"""Image filters shared by the ops."""

from __future__ import annotations

import cv2
import numpy as np


def masked_blur(rgb: np.ndarray, radius: float, weight: np.ndarray | None = None) -> np.ndarray:
    """Gaussian blur with sigma `radius`; with a `weight` mask, a normalised blur that averages
    only the weighted pixels, so the subject does not smear a halo into the background.

    Large blurs run on a smaller copy and are scaled back: the result is as smooth, for a
    fraction of the cost.
    """
    h, w = rgb.shape[:2]
    wgt = np.ones((h, w), np.float32) if weight is None else weight.astype(np.float32)
    factor = max(1, min(int(radius // 4), min(h, w) // 16))
    size = (max(1, w // factor), max(1, h // factor))
    num = cv2.resize(rgb.astype(np.float32) * wgt[:, :, None], size, interpolation=cv2.INTER_AREA)
    den = cv2.resize(wgt, size, interpolation=cv2.INTER_AREA)
    num = cv2.GaussianBlur(num, (0, 0), radius / factor, borderType=cv2.BORDER_REFLECT)
    den = cv2.GaussianBlur(den, (0, 0), radius / factor, borderType=cv2.BORDER_REFLECT)
    out = num / np.maximum(den, 1e-4)[:, :, None]
    out = cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)
