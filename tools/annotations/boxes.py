"""Boxes and highlights around targets, each with its label on a tag above (else below, else
inside) the box."""

from __future__ import annotations

from typing import Literal

import numpy as np
from PIL import Image, ImageDraw

from model_server.types import Box
from tools.annotations.tags import clamp, draw_tag, tag_extent, tag_font
from tools.colors import RGB

Style = Literal["box", "highlight"]

HIGHLIGHT_OPACITY = 0.35


def default_line_width(size: tuple[int, int]) -> int:
    """Outline width that reads at this image size: 3 px at 512, 5 px at 1024."""
    return max(2, round(min(size) / 200))


def frame(box: Box, width: int, style: Style, size: tuple[int, int]) -> Box:
    """The rectangle a drawn box covers: for an outline, the box grown by the line width (the
    line sits just outside the box), clipped to the image; for a highlight, the box."""
    return box.pad(width if style == "box" else 0, *size)


def draw_boxes(
    image: Image.Image,
    boxes: list[Box],
    labels: list[str] | None,
    color: RGB,
    *,
    width: int,
    style: Style = "box",
) -> tuple[Image.Image, list[Box]]:
    """A copy of `image` with each box outlined (or highlighted) and, if `labels` are given,
    each label on a tag in the box colour. Returns the copy and the tags' boxes."""
    out = image.convert("RGB").copy()
    frames = [frame(b, width, style, out.size) for b in boxes]
    if style == "highlight":
        arr = np.asarray(out, dtype=np.float32).copy()
        for b in boxes:
            tinted = arr[b.y0 : b.y1, b.x0 : b.x1] * (1 - HIGHLIGHT_OPACITY)
            arr[b.y0 : b.y1, b.x0 : b.x1] = tinted + np.array(color) * HIGHLIGHT_OPACITY
        out = Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8))
    else:
        draw = ImageDraw.Draw(out)
        for f in frames:
            if f.area:
                draw.rectangle((f.x0, f.y0, f.x1 - 1, f.y1 - 1), outline=color, width=width)
    return out, (_draw_tags(out, frames, labels, color) if labels is not None else [])


def _draw_tags(image: Image.Image, frames: list[Box], labels: list[str], color: RGB) -> list[Box]:
    """Draw each label on a tag by its frame, inside the image and, where there is a choice,
    off the other frames and tags."""
    placed: list[Box] = []
    for i, (f, text) in enumerate(zip(frames, labels, strict=True)):
        font = tag_font(text, image.size)
        others = frames[:i] + frames[i + 1 :] + placed
        tag = _place(tag_extent(text, font), f, others, image.size)
        draw_tag(image, text, tag, color, font)
        placed.append(tag)
    return placed


def _place(extent: tuple[int, int], f: Box, others: list[Box], size: tuple[int, int]) -> Box:
    """Above the frame, else below, else inside its top; the spot least over `others` wins."""
    tag_w, tag_h = min(extent[0], size[0]), min(extent[1], size[1])
    fits = [clamp(x, y, tag_w, tag_h, size) for x, y in [(f.x0, f.y0 - tag_h), (f.x0, f.y1), (f.x0, f.y0)]
            if 0 <= y <= size[1] - tag_h]
    if not fits:  # taller than the space above and below: over the frame's top
        return clamp(f.x0, f.y0, tag_w, tag_h, size)
    return min(fits, key=lambda t: sum(overlap(t, o) for o in others))  # first free spot wins ties


def overlap(a: Box, b: Box) -> int:
    """Pixels two boxes share."""
    return max(0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0, min(a.y1, b.y1) - max(a.y0, b.y0))
