"""Render the demo's bundled sample: a poster with a photo of a person (skimage's astronaut,
public domain, NASA) and Chinese and English text. Run once; the PNG is committed.

    .venv/bin/python ui/assets/make_demo_poster.py
"""

from __future__ import annotations

import os
from pathlib import Path

import noto_cjk_sans_otc
from PIL import Image, ImageDraw, ImageFont
from skimage import data

FONT = os.path.join(os.path.dirname(noto_cjk_sans_otc.__file__), "NotoSansCJK-Regular.ttc")
OUT = Path(__file__).with_name("demo_poster.png")


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size, index=2)


def main() -> None:
    poster = Image.new("RGB", (768, 512), (244, 236, 218))
    poster.paste(Image.fromarray(data.astronaut()), (256, 0))
    draw = ImageDraw.Draw(poster)
    draw.text((28, 70), "SALE", font=font(76), fill=(150, 20, 30))
    draw.text((28, 200), "限时特价", font=font(46), fill=(30, 30, 40))
    draw.text((28, 290), "Spring 2026", font=font(30), fill=(60, 60, 70))
    draw.text((28, 420), "vloop demo", font=font(22), fill=(90, 90, 100))
    poster.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
