"""Classical inpainting for the embedded backend.

- "telea", "ns": OpenCV's Telea and Navier-Stokes methods. Good for thin strokes, scratches
  and erased text; large holes come out smeared.
- "patch": clone-stamp filling (`patch_fill.py`): copies the best-matching window from
  elsewhere in the image. Good for large holes in repeating texture; cannot invent structure.

Nothing here knows what should be behind an object: that needs the `hf` backend's diffusion
inpainting.
"""

from __future__ import annotations

import cv2
import numpy as np

from model_server.errors import BadInput
from model_server.patch_fill import patch_fill

METHODS = {"telea": cv2.INPAINT_TELEA, "ns": cv2.INPAINT_NS}


def inpaint_rgb(rgb: np.ndarray, mask: np.ndarray, method: str) -> np.ndarray:
    """Fill `mask` (bool, (H, W)) in an RGB uint8 array from the pixels around it.

    The mask is first grown by 1 px, so anti-aliased fringes of a stroke are filled too.
    For Telea and NS the radius, how far around each hole pixel colours are taken from,
    grows with the hole's thickness (3 px for thin strokes, at most 15 px).
    """
    if method not in (*METHODS, "patch"):
        raise BadInput(f"unknown inpaint method {method!r}; expected telea, ns or patch")
    if not mask.any():
        return rgb.copy()
    hole = cv2.dilate(mask.astype(np.uint8) * 255, np.ones((3, 3), np.uint8))
    if method == "patch":
        return patch_fill(rgb, hole > 0)
    bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    filled = cv2.inpaint(bgr, hole, _radius(hole), METHODS[method])
    return cv2.cvtColor(filled, cv2.COLOR_BGR2RGB)


def _radius(hole: np.ndarray) -> int:
    """Half the hole's thickest part, clamped to 3..15 px."""
    thickness = cv2.distanceTransform((hole > 0).astype(np.uint8), cv2.DIST_L2, 3).max()
    return int(np.clip(round(thickness), 3, 15))
