"""Colour names in English and Chinese, and hex codes, to RGB."""

from __future__ import annotations

import re

from model_server.errors import BadInput

RGB = tuple[int, int, int]

# One table for both languages; the planner reads its keys to recognise colour words.
COLOR_NAMES: dict[str, RGB] = {
    "red": (220, 30, 40), "红": (220, 30, 40), "红色": (220, 30, 40),
    "dark red": (140, 20, 25), "深红": (140, 20, 25), "深红色": (140, 20, 25),
    "green": (40, 170, 60), "绿": (40, 170, 60), "绿色": (40, 170, 60),
    "light green": (150, 230, 150), "浅绿": (150, 230, 150), "浅绿色": (150, 230, 150),
    "dark green": (20, 90, 40), "深绿": (20, 90, 40), "深绿色": (20, 90, 40),
    "blue": (30, 90, 220), "蓝": (30, 90, 220), "蓝色": (30, 90, 220),
    "light blue": (173, 216, 230), "浅蓝": (173, 216, 230), "浅蓝色": (173, 216, 230),
    "淡蓝色": (173, 216, 230), "淡蓝": (173, 216, 230),
    "sky blue": (135, 206, 235), "天蓝": (135, 206, 235), "天蓝色": (135, 206, 235),
    "dark blue": (20, 40, 120), "深蓝": (20, 40, 120), "深蓝色": (20, 40, 120),
    "navy": (0, 0, 128), "藏青色": (0, 0, 128),
    "yellow": (250, 210, 30), "黄": (250, 210, 30), "黄色": (250, 210, 30),
    "orange": (250, 140, 20), "橙": (250, 140, 20), "橙色": (250, 140, 20), "橘色": (250, 140, 20),
    "purple": (130, 50, 180), "紫": (130, 50, 180), "紫色": (130, 50, 180),
    "pink": (250, 170, 200), "粉": (250, 170, 200), "粉色": (250, 170, 200),
    "粉红色": (250, 170, 200),
    "white": (255, 255, 255), "白": (255, 255, 255), "白色": (255, 255, 255),
    "black": (0, 0, 0), "黑": (0, 0, 0), "黑色": (0, 0, 0),
    "gray": (128, 128, 128), "grey": (128, 128, 128), "灰": (128, 128, 128),
    "灰色": (128, 128, 128),
    "light gray": (211, 211, 211), "light grey": (211, 211, 211), "浅灰": (211, 211, 211),
    "浅灰色": (211, 211, 211),
    "brown": (140, 90, 50), "棕": (140, 90, 50), "棕色": (140, 90, 50), "咖啡色": (140, 90, 50),
    "beige": (235, 220, 190), "米色": (235, 220, 190),
    "gold": (212, 175, 55), "金色": (212, 175, 55),
    "silver": (192, 192, 192), "银色": (192, 192, 192),
    "cyan": (0, 200, 220), "青色": (0, 200, 220),
    "teal": (0, 128, 128), "蓝绿色": (0, 128, 128),
    "magenta": (220, 0, 180), "品红": (220, 0, 180), "洋红色": (220, 0, 180),
}

_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def parse_color(text: str) -> RGB:
    """Turn "light blue", "浅蓝色" or "#1E6FFF" into an (r, g, b) tuple.

    Raises:
        BadInput: the text names no colour vloop knows.
    """
    key = text.strip().lower()
    if key in COLOR_NAMES:
        return COLOR_NAMES[key]
    match = _HEX.match(key)
    if match:
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    known = ", ".join(sorted(k for k in COLOR_NAMES if k.isascii())[:12])
    raise BadInput(f"unknown colour {text!r}: use a name such as {known}, or a hex code like #1E6FFF")


def color_names_longest_first() -> list[str]:
    """Every colour name, longest first, so "light blue" matches before "blue"."""
    return sorted(COLOR_NAMES, key=len, reverse=True)
