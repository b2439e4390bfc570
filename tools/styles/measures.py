"""Numbers that tell one look from another, measured over a region of an RGB uint8 image.

Every measure takes the image and a bool mask (H, W) of where to look, so a style applied to
the background only is judged on the background. They are what `signatures` compares between
the input and the output.
"""

from __future__ import annotations

import cv2
import numpy as np

from tools.styles.common import luminance


def fine_texture(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Median |Laplacian| of the luminance: the fine grain and texture of most pixels.

    The median, not the variance, so a few strong edges (which painting keeps) do not drown
    out the texture of the many flat pixels (which painting removes)."""
    lap = cv2.Laplacian(luminance(rgb), cv2.CV_32F, ksize=1)
    return float(np.median(np.abs(lap[mask])))


def textured(rgb: np.ndarray, floor: float = 3.0) -> np.ndarray:
    """Pixels whose 5x5 neighbourhood varies (luminance std above `floor`): not flat fills."""
    lum = luminance(rgb).astype(np.float32)
    mean = cv2.blur(lum, (5, 5))
    var = cv2.blur(lum * lum, (5, 5)) - mean * mean
    return np.sqrt(np.maximum(var, 0.0)) > floor


def relative_texture(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Fine texture over the luminance's spread: how much of the picture's contrast is fine
    grain. Lightening or dulling a photo leaves it as it was; smoothing lowers it."""
    spread = float(luminance(rgb)[mask].std())
    return fine_texture(rgb, mask) / spread if spread > 1e-6 else 0.0


def edge_strength(rgb: np.ndarray, mask: np.ndarray) -> float:
    """99th percentile of the one-pixel gradient: how sharp the strongest edges are.
    A blur lowers it; edge-preserving smoothing does not."""
    lum = luminance(rgb)
    gx = cv2.Sobel(lum, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(lum, cv2.CV_32F, 0, 1, ksize=3)
    return float(np.percentile(np.hypot(gx, gy)[mask], 99))


def chroma(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Mean of max(R, G, B) - min(R, G, B): 0 for grey, up to 255 for pure colour."""
    arr = rgb[mask].astype(np.int16)
    return float((arr.max(axis=1) - arr.min(axis=1)).mean())


def mean_luminance(rgb: np.ndarray, mask: np.ndarray) -> float:
    return float(luminance(rgb)[mask].mean())


def luminance_percentile(rgb: np.ndarray, mask: np.ndarray, q: float) -> float:
    return float(np.percentile(luminance(rgb)[mask], q))


def palette_share(rgb: np.ndarray, mask: np.ndarray, colours: int) -> float:
    """Share of the pixels covered by the `colours` most common colours (at 5 bits a channel)."""
    px = (rgb[mask] >> 3).astype(np.int32)
    codes = (px[:, 0] << 10) | (px[:, 1] << 5) | px[:, 2]
    counts = np.bincount(codes, minlength=1 << 15)
    top = np.partition(counts, len(counts) - colours)[-colours:]
    return float(top.sum() / max(1, len(codes)))


def edge_sharpness(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Strongest one-pixel edges over the strongest edges after a 2 px blur: about 1 for a
    blurred picture, 2 and more where edges are crisp steps."""
    blurred = cv2.GaussianBlur(rgb, (0, 0), 2.0)
    return edge_strength(rgb, mask) / max(edge_strength(blurred, mask), 1e-6)


def thin_dark_lines(rgb: np.ndarray, mask: np.ndarray, scale: float) -> float:
    """Share of pixels on dark lines a few pixels wide (outlines, ink): much darker than their
    surroundings (black-hat transform) and dark themselves. `scale` sizes "a few pixels"."""
    lum = luminance(rgb)
    k = 2 * max(2, round(scale * 0.004)) + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    blackhat = cv2.morphologyEx(lum, cv2.MORPH_BLACKHAT, kernel)
    return float(((blackhat > 40) & (lum < 70))[mask].mean())


def block_variation(rgb: np.ndarray, mask: np.ndarray, block: int) -> float:
    """Mean standard deviation of the pixels inside each block of a grid of `block` px from the
    top-left corner, over the blocks wholly inside `mask`: about 0 for a mosaic of that grid."""
    h, w = mask.shape
    rows, cols = h // block, w // block
    if rows == 0 or cols == 0:
        return 0.0
    crop = rgb[: rows * block, : cols * block].astype(np.float32)
    tiles = crop.reshape(rows, block, cols, block, 3)
    std = tiles.std(axis=(1, 3)).mean(axis=2)
    inside = mask[: rows * block, : cols * block].reshape(rows, block, cols, block).all(axis=(1, 3))
    return float(std[inside].mean()) if inside.any() else 0.0


def dot_periodicity(rgb: np.ndarray, mask: np.ndarray, step: int) -> float:
    """How much more the fine detail repeats at a 45° dot screen's lattice step (step, step)
    than halfway between dots (step, 0): about 0 for a photo, clearly positive for halftone."""
    lum = luminance(rgb)
    detail = lum - cv2.GaussianBlur(lum, (0, 0), step)
    return _shift_corr(detail, mask, step, step) - _shift_corr(detail, mask, step, 0)


def _shift_corr(arr: np.ndarray, mask: np.ndarray, dy: int, dx: int) -> float:
    a, b = arr[: arr.shape[0] - dy, : arr.shape[1] - dx], arr[dy:, dx:]
    m = mask[: mask.shape[0] - dy, : mask.shape[1] - dx] & mask[dy:, dx:]
    if m.sum() < 16:
        return 0.0
    x, y = a[m] - a[m].mean(), b[m] - b[m].mean()
    return float((x * y).sum() / (np.sqrt((x * x).sum() * (y * y).sum()) + 1e-6))


def sepia_share(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Share of the coloured pixels whose hue is sepia's (orange to yellow-brown, 10°-60°); pixels too
    grey to have a hue count as sepia, as a toned print's highlights do."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hue, sat = hsv[:, :, 0][mask].astype(np.float32) * 2, hsv[:, :, 1][mask]
    coloured = sat >= 20
    return float(1.0 - ((hue < 10) | (hue > 60))[coloured].sum() / max(1, mask.sum()))


def saturation(rgb: np.ndarray, mask: np.ndarray) -> float:
    """Mean HSV saturation, 0..1."""
    return float(cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)[:, :, 1][mask].mean() / 255.0)


def stroke_coverage(rgb: np.ndarray, mask: np.ndarray, scale: float) -> float:
    """Share of pixels covered by visible oriented texture at `scale` px: fine detail of more
    than 4 grey levels whose structure tensor has a clear direction (coherence > 0.4).
    Brush strokes cover a painting everywhere; a photo has flat areas, a blur has none."""
    lum = luminance(rgb)
    detail = lum - cv2.GaussianBlur(lum, (0, 0), scale)
    gx = cv2.Sobel(detail, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(detail, cv2.CV_32F, 0, 1, ksize=3)
    window = 2 * scale
    jxx = cv2.GaussianBlur(gx * gx, (0, 0), window)
    jyy = cv2.GaussianBlur(gy * gy, (0, 0), window)
    jxy = cv2.GaussianBlur(gx * gy, (0, 0), window)
    coherence = np.sqrt((jxx - jyy) ** 2 + 4 * jxy * jxy) / (jxx + jyy + 1e-3)
    amplitude = np.sqrt(cv2.GaussianBlur(detail * detail, (0, 0), window))
    return float(((amplitude > 4) & (coherence > 0.4))[mask].mean())


def structure_similarity(before: np.ndarray, after: np.ndarray, mask: np.ndarray) -> float:
    """The better of two correlations between input and output on a 64 px grid: of the
    luminance, and of the edge density. Either is high when the picture is recognisably the
    same scene (a sketch keeps the edges, a painting the tones)."""
    def grid(arr: np.ndarray) -> np.ndarray:
        side = 64
        return cv2.resize(arr, (side, side), interpolation=cv2.INTER_AREA)

    m = grid(mask.astype(np.float32)) > 0.5
    lum_b, lum_a = luminance(before), luminance(after)
    return max(_corr(grid(lum_b)[m], grid(lum_a)[m]), _corr(grid(_edges(lum_b))[m], grid(_edges(lum_a))[m]))


def _edges(lum: np.ndarray) -> np.ndarray:
    small = cv2.GaussianBlur(lum, (0, 0), 1.5)
    return np.hypot(cv2.Sobel(small, cv2.CV_32F, 1, 0), cv2.Sobel(small, cv2.CV_32F, 0, 1))


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    if a.size < 4 or a.std() < 1e-6 or b.std() < 1e-6:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])
