"""Cut an object out along the image's edges with OpenCV's GrabCut, from a rough mask.

Two ways in:

- `refine`: a good but blurry mask (the selfie model sees the image at 256x256). GrabCut
  re-decides only a band around its 0.5 contour. Measured on the astronaut composited onto
  eight other backgrounds at 1024x1024: mean error in the 20 px boundary band fell from
  0.131 (raw selfie mask) to 0.058 and IoU rose from 0.970 to 0.981; a guided filter (colour
  or grey) made both worse.
- `from_prior`: a coarse probability map (saliency). Its confident parts seed GrabCut's
  colour models, its middle values are left for GrabCut to decide.
"""

from __future__ import annotations

import cv2
import numpy as np

REFINE_SIDE = 640  # refine runs at this size: ~0.25 s whatever the image's size
PRIOR_SIDE = 320  # from_prior re-decides whole regions; finer detail is not worth 4x the time
BAND = 10  # px at REFINE_SIDE on each side of the rough contour that GrabCut may re-decide
MIN_PIXELS = 20  # of sure inside and of sure outside, to fit GrabCut's colour models
# from_prior: one iteration. Against a slow reference cut (640 px, 4 iterations) on skimage's
# chelsea, cat, coffee, astronaut, rocket, camera and horse at 1024 px, one iteration scored a
# mean IoU of 0.928 and two 0.927, and one takes 0.46 s on chelsea where two take 0.70 s. Only
# coins, which has no single subject, did worse (0.59 against 0.68).
PRIOR_ITERATIONS = 1


def refine(rgb: np.ndarray, rough: np.ndarray) -> np.ndarray:
    """The rough (H, W) soft mask snapped to edges in `rgb`: float32 (H, W), 0..1.

    Returns `rough` unchanged when it is (nearly) empty or full: nothing to cut between.
    """
    small, size = _shrink(rgb, REFINE_SIDE)
    labels = _band_labels(cv2.resize(rough, size, interpolation=cv2.INTER_AREA) > 0.5)
    if not _seeded(labels):
        return rough
    y0, y1, x0, x1 = _undecided_box(labels, pad=2 * BAND)
    # Cutting only the box around the band is faster, and the colour models then describe
    # the pixels near the contour. One iteration: more changed the error by < 0.002.
    labels[y0:y1, x0:x1] = _grabcut(small[y0:y1, x0:x1], labels[y0:y1, x0:x1], iterations=1)
    return _grow(labels, rough.shape)


def from_prior(rgb: np.ndarray, prior: np.ndarray, sure: float = 0.75, likely: float = 0.4,
               unlikely: float = 0.15) -> np.ndarray:
    """Object mask from a (H, W) prior in [0, 1]: >= `sure` is object, < `unlikely` is not,
    in between GrabCut decides, starting from "object" above `likely`. Returns the prior
    itself when it has too few sure pixels on either side."""
    small, size = _shrink(rgb, PRIOR_SIDE)
    p = cv2.resize(prior, size, interpolation=cv2.INTER_AREA)
    labels = np.full(p.shape, cv2.GC_PR_BGD, np.uint8)
    labels[p >= likely] = cv2.GC_PR_FGD
    labels[p >= sure] = cv2.GC_FGD
    labels[p < unlikely] = cv2.GC_BGD
    if not _seeded(labels):
        return prior
    return _grow(_grabcut(small, labels, iterations=PRIOR_ITERATIONS), prior.shape)


def _shrink(rgb: np.ndarray, side: int) -> tuple[np.ndarray, tuple[int, int]]:
    height, width = rgb.shape[:2]
    scale = min(1.0, side / max(height, width))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), size


def _grow(labels: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """GrabCut's labels as a 0/1 float mask resized to `shape`; the resize softens the edge
    over about one working pixel."""
    mask = np.isin(labels, (cv2.GC_FGD, cv2.GC_PR_FGD)).astype(np.float32)
    return cv2.resize(mask, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


def _band_labels(inside: np.ndarray) -> np.ndarray:
    """Sure inside/outside away from the contour, "probably" within BAND of it."""
    kernel = np.ones((2 * BAND + 1, 2 * BAND + 1), np.uint8)
    labels = np.where(inside, cv2.GC_PR_FGD, cv2.GC_PR_BGD).astype(np.uint8)
    labels[cv2.erode(inside.astype(np.uint8), kernel) > 0] = cv2.GC_FGD
    labels[cv2.dilate(inside.astype(np.uint8), kernel) == 0] = cv2.GC_BGD
    return labels


def _seeded(labels: np.ndarray) -> bool:
    sure_in = np.count_nonzero(labels == cv2.GC_FGD)
    sure_out = np.count_nonzero(labels == cv2.GC_BGD)
    return sure_in >= MIN_PIXELS and sure_out >= MIN_PIXELS


def _grabcut(rgb: np.ndarray, labels: np.ndarray, iterations: int) -> np.ndarray:
    """GrabCut's final labels; inputs are not modified."""
    out = np.ascontiguousarray(labels.copy())
    bgr = np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    bg_model, fg_model = np.zeros((1, 65)), np.zeros((1, 65))
    cv2.setRNGSeed(0)  # GrabCut seeds its colour models by k-means: the same image, the same cut
    cv2.grabCut(bgr, out, None, bg_model, fg_model, iterations, cv2.GC_INIT_WITH_MASK)
    return out


def _undecided_box(labels: np.ndarray, pad: int) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero((labels == cv2.GC_PR_FGD) | (labels == cv2.GC_PR_BGD))
    height, width = labels.shape
    return (
        max(0, ys.min() - pad),
        min(height, ys.max() + pad + 1),
        max(0, xs.min() - pad),
        min(width, xs.max() + pad + 1),
    )
