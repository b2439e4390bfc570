"""Mosaic: the image as square tiles of one colour each."""

from __future__ import annotations

import numpy as np

from tools.styles.common import Styled, scaled, to_uint8

HIDING_SHARE = 1 / 3  # a region under this share of the image's side is being hidden, not styled


def mosaic(rgb: np.ndarray, level: int, scale: int) -> Styled:
    """Mosaic / pixel art: each square tile takes its pixels' mean colour.

    Tiles line up with the image's top-left corner, so verification knows the grid.
    """
    block = block_size(rgb.shape, scale, level)
    h, w = rgb.shape[:2]
    rows, cols = -(-h // block), -(-w // block)
    padded = np.pad(rgb.astype(np.float32), ((0, rows * block - h), (0, cols * block - w), (0, 0)),
                    mode="edge")
    means = padded.reshape(rows, block, cols, block, 3).mean(axis=(1, 3))
    tiles = np.repeat(np.repeat(means, block, axis=0), block, axis=1)[:h, :w]
    return Styled(to_uint8(tiles), {"block": block})


def block_size(shape: tuple[int, ...], scale: int, level: int) -> int:
    """Tile side in pixels: about 1/80 of `scale` for a pixel-art look, larger on retries.

    A small region (a face, a licence plate) is mosaicked to hide it, as people ask for with
    "打马赛克": then about six tiles span it, whatever the image's size, too few to show eyes or
    a mouth (a detector may still see a head-shaped blob).
    """
    grow = 1 + 0.5 * (level - 1)
    if scale < HIDING_SHARE * min(shape[:2]):
        return scaled(scale, grow / 6, minimum=4)
    return scaled(scale, 0.0125 * grow, minimum=4)
