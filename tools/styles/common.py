"""Pixel helpers the style filters share: luminance, saturation, edge-preserving smoothing
(Kuwahara), colour quantisation, relief shading, grain, and sizes that scale with the image.

Arrays are RGB; filters take and return uint8 (H, W, 3), and work in float32 in between.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

CHROMA_WEIGHT = 2.5
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


@dataclass
class Styled:
    """A filter's result: the restyled RGB image and the parameters verification needs."""

    image: np.ndarray  # uint8 (H, W, 3)
    params: dict[str, float] = field(default_factory=dict)


def to_uint8(arr: np.ndarray) -> np.ndarray:
    """Round and clip to 0..255."""
    return np.clip(np.rint(arr), 0, 255).astype(np.uint8)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """Rec. 601 luma, float32 (H, W) in 0..255."""
    return rgb.astype(np.float32) @ _LUMA


def scaled(scale: int, share: float, minimum: int = 1) -> int:
    """`share` of `scale` (the length a look is sized to: the image's shorter side, or the
    target region's) in pixels, at least `minimum`: strokes and kernels that look the same
    on a 512 px and a 4000 px photo."""
    return max(minimum, round(scale * share))


def saturate(rgb: np.ndarray, factor: float, value: float = 1.0) -> np.ndarray:
    """Scale saturation (and brightness) in HSV; float in, float out."""
    hsv = cv2.cvtColor(to_uint8(rgb), cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hsv[:, :, 1] *= factor
    hsv[:, :, 2] *= value
    return cv2.cvtColor(to_uint8(hsv), cv2.COLOR_HSV2RGB_FULL).astype(np.float32)


def kuwahara(rgb: np.ndarray, radius: int, sharpness: float = 8.0) -> np.ndarray:
    """Generalised Kuwahara filter: each pixel takes the mean of the four (radius+1)² windows
    that have it as a corner, weighted towards the window of least variance.

    Flat areas flatten and edges stay sharp, because the least-varied window never straddles an
    edge; soft weights instead of a hard minimum avoid the classic filter's blocky artefacts.
    """
    img = rgb.astype(np.float32)
    lum = luminance(img)
    k = radius + 1
    total = np.zeros_like(img)
    weights = np.zeros(img.shape[:2], np.float32)
    for anchor in ((0, 0), (radius, 0), (0, radius), (radius, radius)):
        box = _box(img, k, anchor)
        mean_l = _box(lum, k, anchor)
        var = np.maximum(_box(lum * lum, k, anchor) - mean_l * mean_l, 0.0)
        w = 1.0 / (1.0 + var / 16.0) ** (sharpness / 2)
        total += box * w[:, :, None]
        weights += w
    return total / weights[:, :, None]


def _box(arr: np.ndarray, k: int, anchor: tuple[int, int]) -> np.ndarray:
    return cv2.boxFilter(arr, -1, (k, k), anchor=anchor, normalize=True, borderType=cv2.BORDER_REFLECT)


def quantize(rgb: np.ndarray, colours: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Map every pixel to the nearest of `colours` k-means centres, clustered in CIELAB on a
    sample so that a small but distinct area (a face in a large background) keeps its hue.

    Returns the quantised RGB image (float32) and the palette (colours, 3) in RGB.
    Deterministic: the sample and k-means++ seeding use a fixed seed.
    """
    px = cv2.cvtColor(to_uint8(rgb), cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.float32)
    # 8-bit Lab stretches L to 0..255 but not a, b: weigh hue back up so skin is not grey.
    px[:, 1:] = (px[:, 1:] - 128.0) * CHROMA_WEIGHT
    rng = np.random.default_rng(seed)
    sample = px[rng.choice(len(px), size=min(len(px), 20000), replace=False)]
    cv2.setRNGSeed(seed)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    _, _, centres = cv2.kmeans(sample, colours, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    lab = centres.copy()
    lab[:, 1:] = lab[:, 1:] / CHROMA_WEIGHT + 128.0
    palette = cv2.cvtColor(to_uint8(lab)[None], cv2.COLOR_LAB2RGB)[0].astype(np.float32)
    return palette[nearest(px, centres)].reshape(rgb.shape), palette


def nearest(px: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre for each row of `px` (N, 3)."""
    d = (px * px).sum(1)[:, None] - 2 * px @ centres.T + (centres * centres).sum(1)[None, :]
    return d.argmin(axis=1)


def relief(height: np.ndarray) -> np.ndarray:
    """Shading of a height map lit from the top-left: its slope towards the bottom-right."""
    return cv2.Sobel(height, cv2.CV_32F, 1, 0, ksize=3) + cv2.Sobel(height, cv2.CV_32F, 0, 1, ksize=3)


def grain(shape: tuple[int, int], size: float, seed: int) -> np.ndarray:
    """Smooth noise in [-1, 1] with blobs about `size` pixels wide (paper, film grain)."""
    h, w = shape
    rng = np.random.default_rng(seed)
    small = (max(2, round(w / size)), max(2, round(h / size)))
    noise = rng.standard_normal((small[1], small[0])).astype(np.float32)
    noise = cv2.resize(noise, (w, h), interpolation=cv2.INTER_CUBIC)
    return np.clip(noise / 2.5, -1.0, 1.0)
