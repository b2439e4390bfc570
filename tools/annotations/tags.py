"""Labels on tags: text in black or white on a filled tag of the mark's colour, edged in the
text's colour, so it reads on any background, in English or Chinese (Noto Sans CJK). Also
where a tag goes, and reading one back."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

from model_server.protocol import UnifiedModel
from model_server.types import Box
from tools.colors import RGB
from tools.drawing import contrasting_color, draw_text_in_box, fit_font, load_font, text_bbox

INK_TOLERANCE = 110.0  # RGB distance from the ink colour that still counts as a letter's pixel
READ_SCALE = 3  # tags are read back enlarged: OCR misses small single digits


def label_size(size: tuple[int, int]) -> int:
    """Label font size: 16 px at 512, 32 px at 1024."""
    return max(12, round(min(size) / 32))


def tag_font(text: str, size: tuple[int, int]) -> ImageFont.FreeTypeFont:
    """The label font for this image, shrunk when the text would be wider than the image."""
    font = load_font(label_size(size))
    pad = _pad(font)
    if text_width(text, font) + 2 * pad > size[0]:
        font = fit_font(text, size[0] - 2 * pad, line_height(font))
    return font


def tag_extent(text: str, font: ImageFont.FreeTypeFont) -> tuple[int, int]:
    """Width and height of the tag that holds `text`."""
    pad = _pad(font)
    return text_width(text, font) + 2 * pad, line_height(font) + 2 * pad


def _pad(font: ImageFont.FreeTypeFont) -> int:
    return max(2, round(font.size) // 5)


def text_width(text: str, font: ImageFont.FreeTypeFont) -> int:
    x0, _, x1, _ = text_bbox(text, font)
    return x1 - x0


def line_height(font: ImageFont.FreeTypeFont) -> int:
    _, y0, _, y1 = text_bbox("Ag国0", font)
    return y1 - y0


def draw_tag(image: Image.Image, text: str, tag: Box, color: RGB, font: ImageFont.FreeTypeFont) -> None:
    """Fill `tag` with `color`, edge it and write `text` in black or white, whichever reads."""
    ink = contrasting_color(color)
    ImageDraw.Draw(image).rectangle((tag.x0, tag.y0, tag.x1 - 1, tag.y1 - 1), fill=color, outline=ink)
    draw_text_in_box(image, text, tag, ink, font=font)


def clamp(x: float, y: float, w: int, h: int, size: tuple[int, int]) -> Box:
    """A `w` x `h` box with top-left near (x, y), moved inside the image."""
    w, h = min(w, size[0]), min(h, size[1])
    x0 = int(round(min(max(0, x), size[0] - w)))
    y0 = int(round(min(max(0, y), size[1] - h)))
    return Box(x0=x0, y0=y0, x1=x0 + w, y1=y0 + h)


def beyond(anchor: tuple[float, float], direction: tuple[float, float], extent: tuple[int, int],
           size: tuple[int, int], gap: int = 3) -> Box:
    """A tag of `extent` just past `anchor` in `direction` (a unit vector), inside the image:
    the tag at an arrow's tail, past a line's end, beside a dimension line."""
    (w, h), (dx, dy) = extent, direction
    reach = gap + abs(dx) * w / 2 + abs(dy) * h / 2
    cx, cy = anchor[0] + dx * reach, anchor[1] + dy * reach
    return clamp(cx - w / 2, cy - h / 2, w, h, size)


def read_tag(model: UnifiedModel, image: Image.Image, tag: Box, color: RGB) -> str:
    """What OCR reads on a tag: its letters (the pixels near the ink colour) redrawn black on
    white, padded and enlarged, so the tag's edge and colour do not confuse the reader."""
    ink = np.array(contrasting_color(color), np.float32)
    inner = tag.pad(-1, *image.size) if tag.width > 4 and tag.height > 4 else tag
    crop = np.asarray(image.convert("RGB").crop(inner.as_tuple()), np.float32)
    letters = np.linalg.norm(crop - ink, axis=2) <= INK_TOLERANCE
    grey = Image.fromarray(np.where(letters, 0, 255).astype(np.uint8))
    grey = ImageOps.expand(grey, max(8, tag.height // 2), fill=255)
    big = grey.resize((grey.width * READ_SCALE, grey.height * READ_SCALE), Image.Resampling.LANCZOS)
    return " ".join(t.text for t in model.ocr(big.convert("RGB")))
