"""Conversions and checks shared by the embedded backend's modules."""

from __future__ import annotations

import numpy as np
from PIL import Image

from model_server.errors import BadInput
from model_server.types import Box


def rgb_array(image: Image.Image) -> np.ndarray:
    """Any PIL image as a C-contiguous (H, W, 3) uint8 RGB array (what mediapipe needs)."""
    if not isinstance(image, Image.Image):
        raise BadInput(f"expected a PIL image, got {type(image).__name__}")
    if image.width == 0 or image.height == 0:
        raise BadInput(f"image is empty ({image.width}x{image.height})")
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = _to_8bit(image)
    return np.ascontiguousarray(np.asarray(image.convert("RGB"), dtype=np.uint8))


def _to_8bit(image: Image.Image) -> Image.Image:
    """16-bit and float greyscale images scaled to 0..255 (PIL's convert would clip them)."""
    values = np.asarray(image, dtype=np.float32)
    top = float(values.max()) or 1.0
    return Image.fromarray((values / top * 255).clip(0, 255).astype(np.uint8))


def check_mask(mask: np.ndarray, image: Image.Image) -> np.ndarray:
    """The mask as a bool (H, W) array; BadInput if its size differs from the image's."""
    mask = np.asarray(mask)
    if mask.ndim == 3 and mask.shape[2] == 1:
        mask = mask[:, :, 0]
    if mask.ndim != 2:
        raise BadInput(f"mask must be 2-D (height, width), got shape {mask.shape}")
    height, width = mask.shape
    if (width, height) != image.size:
        raise BadInput(
            f"mask must be {image.width}x{image.height} like the image, got {width}x{height}"
        )
    if mask.dtype == bool:
        return mask
    return mask > (127 if mask.dtype == np.uint8 else 0.5)


def clipped_box(x0: float, y0: float, x1: float, y1: float, width: int, height: int) -> Box:
    """A pixel box, rounded outwards and clipped to a `width` x `height` image."""
    return Box(
        x0=int(np.clip(np.floor(x0), 0, width)),
        y0=int(np.clip(np.floor(y0), 0, height)),
        x1=int(np.clip(np.ceil(x1), 0, width)),
        y1=int(np.clip(np.ceil(y1), 0, height)),
    )
