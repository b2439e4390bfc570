"""Draw marks and their labels' tags on a copy of an image."""

from __future__ import annotations

from PIL import Image

from tools.annotations.marks import Mark, Point, draw_mark
from tools.annotations.tags import beyond, draw_tag, tag_extent, tag_font
from tools.colors import RGB


def labelled(mark: Mark, text: str, anchor: Point, direction: Point, size: tuple[int, int]) -> Mark:
    """`mark` with its label `text` on a tag just past `anchor` in `direction` (no tag if no text)."""
    if not text:
        return mark
    box = beyond(anchor, direction, tag_extent(text, tag_font(text, size)), size)
    return mark.model_copy(update={"text": text, "label_box": box})


def render(image: Image.Image, marks: list[Mark], color: RGB) -> Image.Image:
    """A copy of `image` with every mark drawn, then every label's tag over them."""
    out = image.convert("RGB").copy()
    for mark in marks:
        draw_mark(out, mark, color)
    for mark in marks:
        if mark.label_box is not None:
            draw_tag(out, mark.text, mark.label_box, color, tag_font(mark.text, out.size))
    return out
