"""A colour key drawn beside a picture: distinct colours, swatches and labels that OCR can read.

Maps (segmentation) and labelled boxes (detection) share the palette, so one kind of thing
keeps one colour across ops. The legend sits in a white panel to the right of the image, so
the image keeps its place (top-left) and its size in the picture.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw
from pydantic import BaseModel

from model_server.protocol import UnifiedModel
from model_server.types import Box
from tools.annotate import label_size
from tools.base import Check
from tools.colors import RGB
from tools.drawing import load_font
from tools.ocr import read_drawn
from tools.text_match import similarity

# Sasha Trubetskoy's distinct colours, the light and grey ones left out: any two differ by at
# least 60 in RGB, so a colour can be told back from a tinted pixel.
PALETTE: tuple[RGB, ...] = (
    (230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180), (70, 240, 240),
    (240, 50, 230), (255, 225, 25), (0, 128, 128), (170, 110, 40), (128, 0, 0), (0, 0, 128),
    (210, 245, 60), (128, 128, 0),
)
# One colour per kind of thing found, the same in every map and box drawing.
KIND_COLORS: dict[str, RGB] = {
    "person": (0, 130, 200), "face": (240, 50, 230), "text": (255, 225, 25), "object": (60, 180, 75),
    "image": (145, 30, 180),
}
OTHER_COLOR: RGB = (230, 25, 75)  # any other kind: a region target such as clothes or sky
PANEL: RGB = (255, 255, 255)
INK: RGB = (20, 20, 20)
SWATCH_TOLERANCE = 12.0  # RGB distance within which a swatch pixel has its entry's colour
READ_AGREEMENT = 0.8  # similarity an OCR reading of a label needs to count as that label


class Key(BaseModel):
    """Where one legend entry was drawn in the picture."""

    swatch: Box
    text: Box


def palette(count: int, taken: tuple[RGB, ...] = ()) -> list[RGB]:
    """`count` palette colours not in `taken`, in palette order (repeating if it runs out)."""
    free = [c for c in PALETTE if c not in taken] or list(PALETTE)
    return [free[i % len(free)] for i in range(count)]


def with_legend(image: Image.Image, entries: list[tuple[str, RGB]]) -> tuple[Image.Image, list[Key]]:
    """The image with a panel to its right listing each entry's colour swatch and label.

    The picture is as tall as the image, or taller when the entries need more room.
    """
    size = label_size(image.size)
    font = load_font(size)
    pad, row = max(6, size // 2), round(size * 1.7)
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    text_w = max((int(measure.textlength(text, font=font)) for text, _ in entries), default=0)
    panel_w = 3 * pad + size + text_w + pad
    height = max(image.height, 2 * pad + row * len(entries))
    picture = Image.new("RGB", (image.width + panel_w, height), PANEL)
    picture.paste(image.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(picture)
    keys = []
    for i, (text, color) in enumerate(entries):
        x, y = image.width + 2 * pad, pad + i * row
        draw.rectangle((x, y, x + size - 1, y + size - 1), fill=color, outline=INK)
        tx0, ty0, tx1, ty1 = draw.textbbox((x + size + pad, y), text, font=font)
        draw.text((x + size + pad, y), text, fill=INK, font=font)
        ink = Box(x0=int(tx0), y0=int(ty0), x1=int(tx1), y1=int(ty1))
        keys.append(Key(swatch=Box(x0=x, y0=y, x1=x + size, y1=y + size), text=ink))
    return picture, keys


# Verification


def swatches_check(picture: Image.Image, colors: list[RGB], keys: list[Key]) -> Check:
    """Each swatch's inside (its outline left out) has its entry's colour."""
    if len(keys) != len(colors):
        return Check(name="legend_swatches", passed=False,
                     detail=f"{len(keys)} swatch(es) for {len(colors)} entries")
    arr = np.asarray(picture.convert("RGB"), dtype=np.float32)
    shares = []
    for key, color in zip(keys, colors, strict=True):
        s = key.swatch
        inside = arr[s.y0 + 1 : s.y1 - 1, s.x0 + 1 : s.x1 - 1].reshape(-1, 3)
        dist = np.linalg.norm(inside - np.array(color, np.float32), axis=1)
        shares.append(float((dist <= SWATCH_TOLERANCE).mean()) if len(inside) else 0.0)
    worst = min(shares, default=1.0)
    return Check(
        name="legend_swatches", passed=worst >= 0.95, score=round(worst, 4),
        detail=f"{len(keys)} swatch(es); the worst is {worst:.1%} its entry's colour; need 95%",
    )


def reads_check(model: UnifiedModel, picture: Image.Image, texts: list[str], keys: list[Key]) -> Check:
    """OCR reads each legend label back from the picture."""
    if not keys:
        return Check(name="legend_reads", passed=False, detail="the legend has no entries")
    read = read_drawn(model, picture.convert("RGB"), [k.text for k in keys])
    bad = [f"{t!r} read as {r!r}" for t, r in zip(texts, read, strict=True)
           if similarity(t, r) < READ_AGREEMENT]
    return Check(
        name="legend_reads", passed=not bad, score=round(1 - len(bad) / len(keys), 4),
        detail=("; ".join(bad) if bad else f"OCR read all {len(keys)} legend label(s)")
        + f" (need similarity {READ_AGREEMENT})",
    )
