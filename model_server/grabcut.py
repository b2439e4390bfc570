"""Snap a rough soft mask to the image's edges with OpenCV's GrabCut.

The selfie model sees the image at 256x256, so its mask is blurry and misplaced by a few of
its pixels; saliency maps are rougher still. GrabCut re-decides only a band around the rough
mask's 0.5 contour, from colour models of the sure inside and outside, and cuts along image
edges. Measured on the astronaut composited onto six other backgrounds at 1024x1024: mean
error in the 20 px boundary band fell from 0.131 (raw selfie mask) to 0.058, IoU rose from
0.970 to 0.981; a guided filter (colour or grey) made both worse.
"""

from __future__ import annotations

import cv2
import numpy as np

WORK_SIDE = 640  # GrabCut runs at this size: ~0.25 s whatever the image's size
BAND = 10  # px at WORK_SIDE on each side of the rough contour that GrabCut may re-decide
ITERATIONS = 1  # more changed the measured error by < 0.002 and cost 0.1 s each
MIN_PIXELS = 64  # of sure inside and of sure outside, to fit GrabCut's colour models


def refine(rgb: np.ndarray, rough: np.ndarray, band: int = BAND) -> np.ndarray:
    """The rough (H, W) soft mask snapped to edges in `rgb`: float32 (H, W), 0..1.

    Returns `rough` unchanged when it is (nearly) empty or full, where there is nothing to
    cut between.
    """
    height, width = rough.shape
    scale = min(1.0, WORK_SIDE / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    small = cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
    labels = _seed_labels(cv2.resize(rough, size, interpolation=cv2.INTER_AREA) > 0.5, band)
    if labels is None:
        return rough
    cut = _grabcut(small, labels, band)
    return cv2.resize(cut, (width, height), interpolation=cv2.INTER_LINEAR)


def _seed_labels(inside: np.ndarray, band: int) -> np.ndarray | None:
    """GrabCut labels: sure inside/outside away from the contour, "probably" within `band`."""
    kernel = np.ones((2 * band + 1, 2 * band + 1), np.uint8)
    sure_in = cv2.erode(inside.astype(np.uint8), kernel) > 0
    sure_out = cv2.dilate(inside.astype(np.uint8), kernel) == 0
    if sure_in.sum() < MIN_PIXELS or sure_out.sum() < MIN_PIXELS:
        return None
    labels = np.where(inside, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
    labels[sure_in] = cv2.GC_FGD
    labels[sure_out] = cv2.GC_BGD
    return labels


def _grabcut(rgb: np.ndarray, labels: np.ndarray, band: int) -> np.ndarray:
    """Run GrabCut on the box around the undecided band only (faster, and the colour models
    then describe the pixels near the contour); returns a float32 0/1 mask."""
    y0, y1, x0, x1 = _undecided_box(labels, pad=2 * band)
    sub = np.ascontiguousarray(labels[y0:y1, x0:x1])
    bgr = np.ascontiguousarray(cv2.cvtColor(rgb[y0:y1, x0:x1], cv2.COLOR_RGB2BGR))
    bg_model, fg_model = np.zeros((1, 65)), np.zeros((1, 65))
    cv2.grabCut(bgr, sub, None, bg_model, fg_model, ITERATIONS, cv2.GC_INIT_WITH_MASK)
    labels[y0:y1, x0:x1] = sub
    return np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.float32)


def _undecided_box(labels: np.ndarray, pad: int) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero((labels == cv2.GC_PR_FGD) | (labels == cv2.GC_PR_BGD))
    height, width = labels.shape
    return (
        max(0, ys.min() - pad),
        min(height, ys.max() + pad + 1),
        max(0, xs.min() - pad),
        min(width, xs.max() + pad + 1),
    )
