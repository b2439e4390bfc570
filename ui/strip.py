"""A side-by-side before/after picture, for the demo and the README."""

from __future__ import annotations

from PIL import Image, ImageDraw

from tools.drawing import load_font


def before_after(before: Image.Image, after: Image.Image, height: int = 512) -> Image.Image:
    """Both images scaled to `height`, side by side, each with a caption above it."""
    panels = [_scaled(before, height), _scaled(after, height)]
    caption = max(24, height // 16)
    gap = 16
    width = sum(p.width for p in panels) + gap * 3
    strip = Image.new("RGB", (width, height + caption + gap * 2), (255, 255, 255))
    draw = ImageDraw.Draw(strip)
    font = load_font(int(caption * 0.7))
    x = gap
    for label, panel in zip(("before", "after"), panels, strict=True):
        draw.text((x, gap // 2), label, font=font, fill=(40, 40, 40))
        strip.paste(panel, (x, caption + gap))
        x += panel.width + gap
    return strip


def _scaled(image: Image.Image, height: int) -> Image.Image:
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.Resampling.LANCZOS)
