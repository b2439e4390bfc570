"""Text drawing shared by the ops: the CJK font, fitting text to a box, drawing it centred, and
reading the colours of text already in an image.

Boxes are `model_server.types.Box` or `(x0, y0, x1, y1)` tuples with exclusive `x1`, `y1`.
Colours are `(r, g, b)` tuples of ints.
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from model_server.types import Box
from tools.colors import RGB

BoxLike = Box | tuple[int, int, int, int]

# Face 2 of the Noto Sans CJK collection is Simplified Chinese; it has Latin glyphs too.
_FONT_FACE_SC = 2
_MIN_CLUSTER_SHARE = 0.03  # an ink cluster must cover at least this much of the box


def font_path() -> str:
    """Path of the Noto Sans CJK collection shipped by the `noto-cjk-sans-otc` wheel."""
    import noto_cjk_sans_otc

    return os.path.join(os.path.dirname(noto_cjk_sans_otc.__file__), "NotoSansCJK-Regular.ttc")


@lru_cache(maxsize=128)
def load_font(size: int) -> ImageFont.FreeTypeFont:
    """Noto Sans CJK SC at `size` pixels (em size), cached per size."""
    if size < 1:
        raise ValueError(f"font size must be at least 1 px, got {size}")
    return ImageFont.truetype(font_path(), size, index=_FONT_FACE_SC)


def _xyxy(box: BoxLike) -> tuple[int, int, int, int]:
    return box.as_tuple() if isinstance(box, Box) else tuple(int(v) for v in box)  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _measure() -> ImageDraw.ImageDraw:
    return ImageDraw.Draw(Image.new("L", (1, 1)))


def text_bbox(text: str, font: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """Bounding box of `text` drawn at the origin (left, top of the ascender), multi-line aware.

    Vertically it is the ink; horizontally it runs from the pen origin to the last advance, which
    is at most a pixel or two wider than the ink.
    """
    bbox = _measure().multiline_textbbox((0, 0), text, font=font, align="center")
    return (int(bbox[0]), int(bbox[1]), int(bbox[2]), int(bbox[3]))


def ink_bbox(text: str, font: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    """The exact box of the inked pixels of `text` drawn at the origin, like `text_bbox`."""
    bx0, by0, bx1, by1 = text_bbox(text, font)
    pad = font.size // 2 + 2
    canvas = Image.new("L", (bx1 - bx0 + 2 * pad, by1 - by0 + 2 * pad))
    ImageDraw.Draw(canvas).multiline_text(
        (pad - bx0, pad - by0), text, fill=255, font=font, align="center"
    )
    ink = canvas.getbbox()
    if ink is None:
        return (bx0, by0, bx0, by0)
    dx, dy = pad - bx0, pad - by0
    return (ink[0] - dx, ink[1] - dy, ink[2] - dx, ink[3] - dy)


def fit_font(
    text: str, box_w: float, box_h: float, *, min_size: int = 6, max_size: int | None = None
) -> ImageFont.FreeTypeFont:
    """The largest font whose inked pixels of `text` fit in `box_w` x `box_h` pixels.

    Returns the `min_size` font when even that does not fit; callers that care compare
    `ink_bbox(text, font)` with the box.
    """
    if max_size is None:
        max_size = max(min_size, int(box_h * 2) + 2)
    lo, hi = min_size, max(min_size, max_size)

    def fits(size: int) -> bool:
        x0, y0, x1, y1 = ink_bbox(text, load_font(size))
        return x1 - x0 <= box_w and y1 - y0 <= box_h

    if not fits(lo):
        return load_font(lo)
    while lo < hi:  # invariant: fits(lo)
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return load_font(lo)


def draw_text_in_box(
    image: Image.Image,
    text: str,
    box: BoxLike,
    color: RGB,
    *,
    font: ImageFont.FreeTypeFont | None = None,
    scale: float = 1.0,
) -> Box:
    """Draw `text` centred in `box` on `image` (in place), fitted to the box unless `font` is given.

    Args:
        image: RGB or RGBA image to draw on.
        text: one or more lines; lines are centred on each other.
        box: where the text goes; the text is as large as fits in it.
        color: ink colour.
        font: a fixed font instead of the fitted one.
        scale: shrink the fitted text to this fraction of the box (1.0 fills it).

    Returns:
        The box of the drawn text, clipped to the image (empty at the centre if `text` is blank).
    """
    x0, y0, x1, y1 = _xyxy(box)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if not text.strip():
        return Box(x0=int(cx), y0=int(cy), x1=int(cx), y1=int(cy))
    if font is None:
        font = fit_font(text, (x1 - x0) * scale, (y1 - y0) * scale)
    bx0, by0, bx1, by1 = ink_bbox(text, font)
    ox = round(cx - (bx0 + bx1) / 2)
    oy = round(cy - (by0 + by1) / 2)
    ImageDraw.Draw(image).multiline_text(
        (ox, oy), text, fill=tuple(color), font=font, align="center"
    )
    w, h = image.size
    return Box(
        x0=max(0, ox + bx0), y0=max(0, oy + by0), x1=min(w, ox + bx1), y1=min(h, oy + by1)
    )


def ring_pixels(image: Image.Image, box: BoxLike, width: int | None = None) -> np.ndarray:
    """The pixels of a ring `width` pixels wide just outside `box` (inside the image), (N, 3).

    Falls back to the box's own one-pixel border when the box fills the image.
    """
    arr = np.asarray(image.convert("RGB"))
    x0, y0, x1, y1 = _xyxy(box)
    if width is None:
        width = max(2, (y1 - y0) // 6)
    h, w = arr.shape[:2]
    ox0, oy0 = max(0, x0 - width), max(0, y0 - width)
    ox1, oy1 = min(w, x1 + width), min(h, y1 + width)
    outer = np.ones((oy1 - oy0, ox1 - ox0), dtype=bool)
    outer[max(0, y0 - oy0):y1 - oy0, max(0, x0 - ox0):x1 - ox0] = False
    pixels = arr[oy0:oy1, ox0:ox1][outer]
    if len(pixels) == 0:
        inner = arr[y0:y1, x0:x1]
        pixels = np.concatenate([inner[0], inner[-1], inner[:, 0], inner[:, -1]])
    return pixels.reshape(-1, 3)


def background_color(image: Image.Image, box: BoxLike, width: int | None = None) -> RGB:
    """Median colour of the ring just outside `box`: what the text sits on."""
    med = np.median(ring_pixels(image, box, width).astype(np.float32), axis=0)
    return (int(med[0]), int(med[1]), int(med[2]))


def _kmeans3(px: np.ndarray, reference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Deterministic 3-means of `px` (N, 3) float; seeds spread by distance from `reference`."""
    dist = np.linalg.norm(px - reference, axis=1)
    order = np.argsort(dist)
    centres = px[order[[len(order) // 10, len(order) // 2, int(len(order) * 0.98)]]].copy()
    labels = np.zeros(len(px), dtype=np.int64)
    for _ in range(12):
        d = np.linalg.norm(px[:, None, :] - centres[None, :, :], axis=2)
        labels = d.argmin(axis=1)
        for k in range(3):
            if np.any(labels == k):
                centres[k] = px[labels == k].mean(axis=0)
    return centres, labels


def _ink_cluster(
    image: Image.Image, box: BoxLike
) -> tuple[np.ndarray, np.ndarray, int, np.ndarray]:
    """Cluster the box's pixels; return (pixels, labels, ink label, background colour)."""
    x0, y0, x1, y1 = _xyxy(box)
    arr = np.asarray(image.convert("RGB"))[y0:y1, x0:x1].astype(np.float32)
    if arr.size == 0:
        raise ValueError(f"empty box {(x0, y0, x1, y1)} in a {image.size[0]}x{image.size[1]} image")
    px = arr.reshape(-1, 3)
    bg = np.asarray(background_color(image, box), dtype=np.float32)
    centres, labels = _kmeans3(px, bg)
    shares = np.bincount(labels, minlength=3) / len(labels)
    far = np.linalg.norm(centres - bg, axis=1)
    far[shares < _MIN_CLUSTER_SHARE] = -1.0
    return px, labels, int(far.argmax()), bg


def text_ink_mask(image: Image.Image, box: BoxLike) -> np.ndarray:
    """Which pixels of `box` are the text's ink: bool (box height, box width).

    The ink is the colour cluster in the box farthest from the background around the box.
    Anti-aliased edges are only partly included; dilate the mask to cover them.
    """
    x0, y0, x1, y1 = _xyxy(box)
    _, labels, ink, _ = _ink_cluster(image, box)
    return (labels == ink).reshape(y1 - y0, x1 - x0)


def text_color(image: Image.Image, box: BoxLike) -> RGB:
    """Estimate the ink colour of the text inside `box`.

    The ink is the colour cluster in the box farthest from the median of the ring around the
    box; its stroke cores (the half of it farthest from the background) give the colour, so
    anti-aliased edges do not wash it out.
    """
    px, labels, ink, bg = _ink_cluster(image, box)
    members = px[labels == ink]
    dist = np.linalg.norm(members - bg, axis=1)
    core = members[dist >= np.median(dist)]
    med = np.median(core, axis=0)
    return (int(med[0]), int(med[1]), int(med[2]))


def _luminance(color: RGB) -> float:
    def channel(c: int) -> float:
        v = c / 255.0
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio between two colours, 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def contrasting_color(color: RGB) -> RGB:
    """Black or white, whichever reads better on `color` (e.g. a label on a coloured box)."""
    black, white = (0, 0, 0), (255, 255, 255)
    return black if contrast_ratio(color, black) >= contrast_ratio(color, white) else white
