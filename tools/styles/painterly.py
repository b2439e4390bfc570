"""Painted looks made by edge-preserving smoothing: oil painting and watercolour."""

from __future__ import annotations

import cv2
import numpy as np

from tools.styles.common import Styled, grain, kuwahara, luminance, relief, saturate, scaled, to_uint8


def oil_painting(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Oil painting: Kuwahara-flattened patches of rich colour with a light impasto relief."""
    radius = scaled(scale, 0.004 * (1 + 0.25 * level), minimum=3)
    paint = kuwahara(rgb, radius, sharpness=16.0)
    paint = kuwahara(paint, max(2, radius // 2))  # a second, finer pass merges leftover speckle
    paint = saturate(paint, 1.2)
    # Paint has crisp stroke borders: sharpen the patches' edges, which the soft Kuwahara
    # weights leave a little soft.
    paint += 0.8 * (paint - cv2.GaussianBlur(paint, (0, 0), 1.5))
    # Impasto: light from the top-left across the paint's own relief, kept faint so the flat
    # patches stay flat.
    shading = relief(cv2.GaussianBlur(luminance(paint), (0, 0), 1.0))
    paint += np.clip(shading * 0.025, -8, 8)[:, :, None]
    return Styled(to_uint8(paint), {"radius": radius})


def watercolor(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Watercolour: soft washes of lighter colour, darker pigment at their edges, paper grain."""
    sigma_s = 40 + 20 * level
    wash = cv2.edgePreservingFilter(np.ascontiguousarray(rgb[:, :, ::-1]), flags=cv2.RECURS_FILTER,
                                    sigma_s=sigma_s, sigma_r=0.45)[:, :, ::-1].astype(np.float32)
    wash = kuwahara(wash, scaled(scale, 0.004, minimum=2))
    # Pigment gathers where a wash ends: darken along the washes' own edges.
    lum = luminance(wash)
    edges = cv2.GaussianBlur(cv2.Laplacian(lum, cv2.CV_32F, ksize=3), (0, 0), 1.2)
    wash *= (1.0 - np.clip(np.abs(edges) / 100.0, 0.0, 0.25))[:, :, None]
    # Transparent pigment on white paper: everything is lighter than the photo.
    wash = 255.0 - (255.0 - wash) * 0.82
    paper = grain(rgb.shape[:2], scaled(scale, 0.004, minimum=2), seed=7)
    wash *= (1.0 + 0.02 * paper)[:, :, None]  # faint: the washes, not the paper, should show
    return Styled(to_uint8(wash), {"sigma_s": sigma_s})
