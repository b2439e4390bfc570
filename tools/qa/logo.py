"""Find a logo (a reference image) in a screenshot by multi-scale template matching."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from model_server.types import Box

WORK_SIDE = 512  # match on a copy this large, for speed
SCALES = np.geomspace(0.04, 0.6, 20)  # logo width as a share of the image width
CORNER_SHARE = 0.4  # "in the top-left corner": centre in the top-left 40% x 40%


@dataclass(frozen=True)
class LogoMatch:
    box: Box
    score: float  # normalised cross-correlation, -1 to 1
    scale: float  # logo width / image width


def find_logo(image: Image.Image, logo: Image.Image) -> LogoMatch:
    """The best place and size of `logo` in `image`."""
    factor = min(1.0, WORK_SIDE / max(image.size))
    small = np.asarray(image.resize((max(1, round(image.width * factor)),
                                     max(1, round(image.height * factor))), Image.BILINEAR))
    best = LogoMatch(box=Box(x0=0, y0=0, x1=0, y1=0), score=-1.0, scale=0.0)
    for share in SCALES:
        tw = round(share * small.shape[1])
        th = round(tw * logo.height / logo.width)
        if tw < 8 or th < 8 or th > small.shape[0]:
            continue
        tpl = np.asarray(logo.resize((tw, th), Image.BILINEAR))
        scores = cv2.matchTemplate(small, tpl, cv2.TM_CCOEFF_NORMED)
        _, score, _, (x, y) = cv2.minMaxLoc(scores)
        if score > best.score:
            box = Box(x0=round(x / factor), y0=round(y / factor), x1=round((x + tw) / factor),
                      y1=round((y + th) / factor))
            best = LogoMatch(box=box, score=float(score), scale=float(share))
    return best


def in_corner(box: Box, size: tuple[int, int], corner: str) -> bool:
    """Whether the centre of `box` lies in the named corner region of a `size` image."""
    cx, cy = box.center
    w, h = size
    fx, fy = cx / w, cy / h
    left = fx <= CORNER_SHARE if "left" in corner else fx >= 1 - CORNER_SHARE
    top = fy <= CORNER_SHARE if "top" in corner else fy >= 1 - CORNER_SHARE
    return left and top
