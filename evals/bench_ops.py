"""The 1024x1024 image and the op arguments the benchmark times."""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw

OP_CASES: list[tuple[str, dict]] = [
    ("replace_text", {"old": "SALE", "new": "五折"}),
    ("replace_background", {"mode": "color", "color": "light blue"}),
    ("annotate", {"target": "faces", "color": "red"}),
    ("ocr", {}),
]


@cache
def op_image() -> Image.Image:
    """The demo poster scaled to 1024 wide on a 1024x1024 canvas: a person, zh and en text."""
    from ui.demo import demo_image

    with Image.open(demo_image()) as poster:
        scaled = poster.convert("RGB").resize((1024, 683), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (1024, 1024), (244, 236, 218))
    canvas.paste(scaled, (0, 170))
    from tools.drawing import load_font

    ImageDraw.Draw(canvas).text((40, 40), "Limited offer 限时", font=load_font(64), fill=(30, 30, 40))
    return canvas
