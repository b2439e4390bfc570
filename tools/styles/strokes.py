"""Van Gogh-like brush strokes: short strokes of boosted colour that follow the image's own flow.

The flow is the direction of least change at each pixel (the minor eigenvector of the
structure tensor), smoothed over a wide window so that strokes swirl around shapes as in
"The Starry Night". Strokes are drawn by line-integral convolution (LIC): a stroke-sized noise
is averaged along each pixel's streamline, which smears it into streaks; the colours are
smeared along the same streamlines over a shorter reach, so faces stay readable.
"""

from __future__ import annotations

import cv2
import numpy as np

from tools.styles.common import Styled, kuwahara, luminance, relief, saturate, scaled, to_uint8


def van_gogh(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Van Gogh-like strokes: vivid colour in thick strokes along the image's gradient flow."""
    tx, ty = flow_field(luminance(rgb), scaled(scale, 0.012, minimum=3))
    base = saturate(kuwahara(rgb, scaled(scale, 0.003, minimum=2)), 1.55, 1.05)
    noise = _stroke_noise(rgb.shape[:2], scaled(scale, 0.004, minimum=2))
    reach = scaled(scale, 0.008 * (1 + 0.3 * (level - 1)), minimum=3)  # half a stroke's length
    colour, texture = lic(base, noise, tx, ty, reach=reach, colour_reach=max(1, reach // 3))
    texture = (texture - texture.mean()) / (texture.std() + 1e-6)
    # Paint ridges catch the light: each stroke is lighter along one flank, darker along the other.
    shade = 1.0 + 0.14 * texture + 0.05 * np.clip(relief(texture), -3, 3)
    # Strokes show in the shadows too: part of the texture is added, not multiplied.
    painted = colour * shade[:, :, None] + 6.0 * texture[:, :, None]
    return Styled(to_uint8(painted), {"stroke_length": 2 * reach})


def flow_field(lum: np.ndarray, rho: float) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors (tx, ty) along the edges: perpendicular to the structure tensor's main
    gradient direction, averaged over a Gaussian window of `rho` pixels."""
    g = cv2.GaussianBlur(lum, (0, 0), 1.5)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    jxx = cv2.GaussianBlur(gx * gx, (0, 0), rho)
    jyy = cv2.GaussianBlur(gy * gy, (0, 0), rho)
    jxy = cv2.GaussianBlur(gx * gy, (0, 0), rho)
    theta = 0.5 * np.arctan2(2 * jxy, jxx - jyy)  # the gradient's direction
    return -np.sin(theta).astype(np.float32), np.cos(theta).astype(np.float32)


def lic(colour: np.ndarray, noise: np.ndarray, tx: np.ndarray, ty: np.ndarray, *, reach: int,
        colour_reach: int) -> tuple[np.ndarray, np.ndarray]:
    """Average `noise` along each pixel's streamline over `reach` pixels each way, and
    `colour` over `colour_reach` pixels each way (one-pixel steps)."""
    h, w = noise.shape
    gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    flow = np.dstack([tx, ty])
    colour_sum, noise_sum = colour.astype(np.float32).copy(), noise.astype(np.float32).copy()
    for sign in (1.0, -1.0):
        px, py = gx.copy(), gy.copy()
        dx, dy = sign * tx, sign * ty
        for i in range(reach):
            px += dx
            py += dy
            noise_sum += cv2.remap(noise, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            if i < colour_reach:
                colour_sum += cv2.remap(colour, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            d = cv2.remap(flow, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            # Orientations have no sign: keep walking the way we came.
            turn = np.copysign(np.float32(1.0), d[:, :, 0] * dx + d[:, :, 1] * dy)
            dx, dy = d[:, :, 0] * turn, d[:, :, 1] * turn
    return colour_sum / (2 * colour_reach + 1), noise_sum / (2 * reach + 1)


def _stroke_noise(shape: tuple[int, int], width: int) -> np.ndarray:
    """Random blobs about a stroke wide, 0..255: LIC turns them into separate strokes."""
    h, w = shape
    rng = np.random.default_rng(5)
    small = rng.random((max(2, h // width), max(2, w // width)), dtype=np.float32) * 255.0
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)
