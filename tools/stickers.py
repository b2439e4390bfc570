"""vloop's bundled sticker set: icons drawn by our own code at any size, with English and
Chinese names.

`get_sticker("hat", 200)` renders an RGBA image 200 px wide: the icon is drawn four times
larger (twice over 512 px wide, once over 1024 px), given a contour in a contrasting shade,
and shrunk with box filtering, so its edges are anti-aliased. `STICKER_WORDS` maps every name and alias (帽子,
a hat, red hat ...) to its canonical name for the planner.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageDraw

from model_server.errors import BadInput
from tools.colors import RGB, color_names_longest_first, parse_color
from tools.drawing import contrast_ratio, load_font
from tools.sticker_art import sky, symbols, wear
from tools.sticker_art.pen import Pen, shade

Wear = Literal["head", "eyes"]
OUTLINE = 0.035  # contour width, as a share of the sticker's width
MAX_WIDTH = 4096
SUPERSAMPLED_SIDE = 2048  # draw at up to 4x, but no wider than this (stickers over 1024 px: 1x)


@dataclass(frozen=True)
class Sticker:
    """One icon of the set and how it is placed."""

    name: str
    art: Callable[[Pen, RGB], None]
    aspect: float  # height / width of the drawing
    color: RGB  # the main colour, replaced by a requested one
    words: tuple[str, ...]  # other names, English and Chinese
    wear: Wear | None = None  # worn on a head (hats) or over the eyes (glasses)
    fit: float = 0.4  # default width as a share of what it is placed on or by
    sink: float = 0.0  # worn on a head: how much of its height lies below the top of the head
    sky: bool = False  # without an anchor or position it goes top-right, else centre
    points: bool = False  # an arrow: turned to point at what it is placed by
    tail: bool = False  # a speech bubble: mirrored left of its speaker, so the tail points at them


STICKERS: tuple[Sticker, ...] = (
    Sticker("hat", wear.hat, 0.8, wear.HAT_COLOR,
            ("top hat", "cap", "帽子", "礼帽", "高帽", "高礼帽", "绅士帽"), wear="head", fit=1.1, sink=0.35),
    Sticker("party hat", wear.party_hat, 1.2, (80, 160, 240),
            ("birthday hat", "party cone", "派对帽", "生日帽", "尖帽"), wear="head", fit=0.7, sink=0.12),
    Sticker("crown", wear.crown, 0.72, (240, 190, 40),
            ("tiara", "皇冠", "王冠", "冠"), wear="head", fit=0.85, sink=0.15),
    Sticker("glasses", wear.glasses, 0.36, (35, 35, 42),
            ("eyeglasses", "spectacles", "眼镜"), wear="eyes", fit=1.0),
    Sticker("sunglasses", wear.sunglasses, 0.36, (35, 35, 42),
            ("shades", "墨镜", "太阳镜", "太阳眼镜"), wear="eyes", fit=1.0),
    Sticker("sun", sky.sun, 1.0, (255, 200, 40), ("太阳", "日", "阳光"), sky=True),
    Sticker("moon", sky.moon, 1.0, (250, 215, 90),
            ("crescent", "crescent moon", "月亮", "月", "弯月", "月牙"), sky=True),
    Sticker("star", sky.star, 0.95, (255, 205, 40), ("星星", "星", "五角星", "小星星"), sky=True),
    Sticker("sparkle", sky.sparkle, 1.0, (255, 230, 110),
            ("sparkles", "glint", "twinkle", "shine", "闪光", "闪亮", "闪闪", "亮晶晶", "星光"),
            sky=True),
    Sticker("cloud", sky.cloud, 0.62, (250, 252, 255), ("云", "云朵", "白云", "云彩"), sky=True),
    Sticker("heart", symbols.heart, 0.9, (230, 45, 75),
            ("love", "love heart", "爱心", "心", "红心", "心形", "桃心")),
    Sticker("arrow", symbols.arrow, 0.5, (225, 45, 45), ("pointer", "箭头", "指示箭头"),
            points=True),
    Sticker("speech bubble", symbols.speech_bubble, 0.78, (252, 252, 252),
            ("speech balloon", "bubble", "dialog", "dialogue", "对话框", "气泡", "对话气泡", "聊天气泡"),
            fit=0.7, tail=True),
    Sticker("balloon", symbols.balloon, 1.55, (235, 60, 70), ("气球",)),
    Sticker("flower", symbols.flower, 1.35, (240, 110, 165), ("blossom", "花", "花朵", "小花", "鲜花")),
)

BY_NAME: dict[str, Sticker] = {s.name: s for s in STICKERS}
STICKER_WORDS: dict[str, str] = {w: s.name for s in STICKERS for w in (s.name, *s.words)}


# Names


_ARTICLE = re.compile(r"^(?:an?|the|some|one)\s+", re.I)
_ZH_COUNT = re.compile(r"^(?:[一两二三四五六七八九十几]+)?(?:个|顶|颗|朵|只|副|支|轮|片|枚|对|张)")


def parse_object(text: str) -> tuple[Sticker, RGB | None]:
    """The sticker named in `text` and a colour said with it: "red hat", "一顶红色的帽子".

    Raises:
        BadInput: no sticker of the set is named; the message lists the set.
    """
    key = _ARTICLE.sub("", text.strip().lower()).strip()
    for words in (key, _ZH_COUNT.sub("", key).strip()):  # 对话框 is not 一对 + 话框
        color, rest = _split_color(words)
        for candidate in (rest, rest.removesuffix("s"), rest.removesuffix("es")):
            if candidate in STICKER_WORDS:
                return BY_NAME[STICKER_WORDS[candidate]], color
    raise BadInput(f"no sticker called {text!r}; vloop's stickers are: {sticker_list()}")


def _split_color(key: str) -> tuple[RGB | None, str]:
    if key in STICKER_WORDS:  # "sunglasses" is not "sun" + "glasses", nor 太阳镜 a yellow 镜
        return None, key
    for name in color_names_longest_first():
        if key.startswith(name) and len(key) > len(name):
            return parse_color(name), key[len(name):].strip().removeprefix("的").strip()
    return None, key


def lookup(name: str) -> Sticker:
    """The sticker called `name` (any of its names); BadInput listing the set otherwise."""
    return parse_object(name)[0]


def sticker_list() -> str:
    """The set as "hat (帽子), crown (皇冠), ..." for messages."""
    return ", ".join(f"{s.name} ({_first_chinese(s)})" for s in STICKERS)


def _first_chinese(sticker: Sticker) -> str:
    return next(w for w in sticker.words if not w.isascii())


# Rendering


def get_sticker(name: str, width: int, color: str | RGB | None = None) -> Image.Image:
    """The sticker `name` as an RGBA image `width` pixels wide (height from its aspect).

    Args:
        name: any name of a sticker in the set, English or Chinese ("hat", "帽子").
        width: width in pixels, 4 to 4096.
        color: the main colour (name, hex or RGB); None keeps the sticker's own.

    Raises:
        BadInput: unknown name or colour, or a width out of range.
    """
    sticker = lookup(name)
    if not 4 <= width <= MAX_WIDTH:
        raise BadInput(f"sticker width must be 4 to {MAX_WIDTH} px, got {width}")
    rgb = parse_color(color) if isinstance(color, str) else color
    return _render(sticker.name, int(width), tuple(rgb) if rgb else None).copy()


@lru_cache(maxsize=64)
def _render(name: str, width: int, color: RGB | None) -> Image.Image:
    """Draw supersampled, add the contour, shrink. Cached: verification renders the same
    stickers again."""
    sticker = BY_NAME[name]
    main = color or sticker.color
    factor = max(1, min(4, SUPERSAMPLED_SIDE // width))
    big_w = width * factor
    pad = max(2, round(OUTLINE * big_w))
    scale = big_w - 2 * pad
    height = max(1, round((sticker.aspect * scale + 2 * pad) / factor))
    canvas = Image.new("RGBA", (big_w, height * factor), (0, 0, 0, 0))
    sticker.art(Pen(ImageDraw.Draw(canvas), (pad, pad), scale), main)
    canvas = _with_contour(canvas, _contour_color(main), pad - 1)
    small = canvas.convert("RGBa").resize((width, height), Image.Resampling.BOX)
    return small.convert("RGBA")


def _contour_color(main: RGB) -> RGB:
    """A dark shade of the main colour, or near-white when the sticker itself is dark."""
    dark = shade(main, 0.35)
    return dark if contrast_ratio(main, dark) >= 3.0 else (246, 246, 246)


def _with_contour(art: Image.Image, color: RGB, radius: int) -> Image.Image:
    """`art` over a `radius`-pixel contour of `color` around its silhouette.

    The contour is left out deeper than 2 px inside the silhouette, so see-through parts (the
    glasses' lenses) stay see-through. Distances, not a dilation: a 145 px kernel on a
    2048 px canvas would cost a second.
    """
    alpha = np.asarray(art.getchannel("A"))
    inside = (alpha > 0).astype(np.uint8)
    outside_dist = cv2.distanceTransform(1 - inside, cv2.DIST_L2, 3)
    inside_dist = cv2.distanceTransform(inside, cv2.DIST_L2, 3)
    ring = (outside_dist <= radius) & (inside_dist <= 2)
    contour = np.dstack([np.full_like(alpha, c) for c in color] + [ring.astype(np.uint8) * 255])
    return Image.alpha_composite(Image.fromarray(contour, "RGBA"), art)


# Contact sheet


def contact_sheet(cell: int = 180, columns: int = 5) -> Image.Image:
    """Every sticker on a light sheet with its English and Chinese name, for the README."""
    rows = -(-len(STICKERS) // columns)
    label_h = cell // 6
    sheet = Image.new("RGB", (columns * cell, rows * (cell + label_h)), (248, 246, 240))
    draw = ImageDraw.Draw(sheet)
    font = load_font(max(10, label_h // 2))
    for i, sticker in enumerate(STICKERS):
        x, y = (i % columns) * cell, (i // columns) * (cell + label_h)
        side = int(cell * 0.8)
        width = max(4, min(side, int(side / sticker.aspect)))
        icon = get_sticker(sticker.name, width)
        sheet.paste(icon, (x + (cell - icon.width) // 2, y + (cell - icon.height) // 2 + label_h // 3), icon)
        label = f"{sticker.name} · {_first_chinese(sticker)}"
        draw.text((x + cell / 2, y + cell + label_h * 0.1), label, fill=(40, 40, 50), font=font, anchor="mt")
    return sheet
