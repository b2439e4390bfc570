"""Graphic looks of flat colour and ink: cartoon and comic (posterised colour with halftone dots)."""

from __future__ import annotations

import cv2
import numpy as np

from tools.styles.common import Styled, luminance, quantize, saturate, scaled, to_uint8

INK = np.array([18, 18, 22], np.float32)
PAPER_WHITE = 250.0  # flat tones paler than this get no Ben-Day dots


def cartoon(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Cartoon: a few flat colours with dark outlines."""
    smooth = _smooth(rgb, passes=2 + level)
    flat, _ = quantize(saturate(smooth, 1.15), colours=18 - 3 * level)
    flat = cv2.medianBlur(to_uint8(flat), 5).astype(np.float32)  # drop one-pixel islands
    flat[_outlines(smooth, scale)] = INK
    return Styled(to_uint8(flat), {"colours": 18 - 3 * level})


def comic(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Comic / pop art: a bold posterised palette, ink halftone dots in the shadows, Ben-Day dots of
    a deeper shade in the pale flat tones (paper white stays white), ink outlines."""
    smooth = _smooth(rgb, passes=2)
    flat, _ = quantize(smooth, colours=9 - level)
    flat = saturate(flat, 1.8, 1.1)  # printing-ink colours: louder than the photo's
    step = halftone_step(scale, level)
    distance = _dot_distance(rgb.shape[:2], step)
    # Darkness averaged over a dot's cell sets the dot's radius, as a print screen does.
    darkness = 1.0 - cv2.GaussianBlur(luminance(smooth), (0, 0), step / 2) / 255.0
    shadow = distance < step * 1.05 * np.sqrt(np.clip(darkness - 0.15, 0.0, 1.0))
    tinted = (distance < step * 0.45) & ~shadow & (luminance(flat) < PAPER_WHITE)
    flat[tinted] = flat[tinted] * 0.6
    flat[shadow] = flat[shadow] * 0.3 + INK * 0.7
    flat[_outlines(smooth, scale)] = INK
    return Styled(to_uint8(flat), {"halftone_step": step})


def halftone_step(scale: int, level: int) -> int:
    """Half the diagonal of the 45° dot screen in pixels: dots sit at (i·s + j·s, i·s − j·s)."""
    return scaled(scale, 0.006 + 0.001 * level, minimum=4)


def _dot_distance(shape: tuple[int, int], step: int) -> np.ndarray:
    """Distance of each pixel to the nearest dot centre of the 45° screen of `step`."""
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    # Rotated coordinates in which the dots lie on a square grid of side 2·step.
    u, v = (x + y) / (2 * step), (x - y) / (2 * step)
    du, dv = u - np.rint(u), v - np.rint(v)
    return np.sqrt(du * du + dv * dv) * 2 * step / np.sqrt(2)


def _smooth(rgb: np.ndarray, passes: int) -> np.ndarray:
    """Repeated bilateral filtering at half size: flat areas, kept edges, cheaply."""
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, w // 2), max(1, h // 2)), interpolation=cv2.INTER_AREA)
    for _ in range(passes):
        small = cv2.bilateralFilter(small, 7, 40, 5)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def _outlines(smooth: np.ndarray, scale: int) -> np.ndarray:
    """Ink lines along the smoothed image's strong edges, a little thicker on large images."""
    grey = cv2.medianBlur(to_uint8(luminance(smooth)), 5)
    edges = cv2.Canny(grey, 40, 110)
    width = scaled(scale, 0.002, minimum=1)
    if width > 1:
        edges = cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (width, width)))
    return edges > 0
