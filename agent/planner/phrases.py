"""Small phrase readers shared by the English and Chinese rules: colours, image numbers,
aspect ratios, sizes, and object names with their articles trimmed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.planner.vocab_things import COLOR_ALIASES
from tools.colors import COLOR_NAMES, color_names_longest_first


def alternation(words: Iterable[str]) -> str:
    """A regex alternation, longest first; ASCII words only match as whole words."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        body = r"[\s-]+".join(re.escape(w) for w in word.split())
        parts.append(rf"(?<![A-Za-z]){body}(?![A-Za-z])" if word.isascii() else body)
    return "(?:" + "|".join(parts) + ")"


HEX = r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![0-9a-zA-Z])"
COLOR = f"(?:{HEX}|{alternation([*color_names_longest_first(), *COLOR_ALIASES])})"
_COLOR_RE = re.compile(COLOR, re.IGNORECASE)
_LIST_GLUE = re.compile(r"(?<![A-Za-z])(?:and|or)(?![A-Za-z])|[\s,，、&/和与或及色-]", re.I)


def key(written: str) -> str:
    """A table key: lower case, hyphens and runs of spaces as one space ("Light-Blue")."""
    return " ".join(written.lower().replace("-", " ").split())


def normalise_color(written: str) -> str:
    """A colour as written: a name from tools.colors (lower case, one space) or the hex code;
    a word tools.colors lacks ("golden") becomes the name it stands for ("gold")."""
    if written.startswith("#"):
        return written
    name = key(written)
    return _ALIASES.get(name, name)


_ALIASES = {key(w): name for w, name in COLOR_ALIASES.items()}
_ENGLISH = {rgb: name for name, rgb in reversed(list(COLOR_NAMES.items())) if name.isascii()}


def english_color(written: str) -> str:
    """The English name of a colour ("红色" -> "red"), for color:<name> targets."""
    name = normalise_color(written)
    return _ENGLISH.get(COLOR_NAMES.get(name), name)  # type: ignore[arg-type]


def find_colors(text: str) -> list[str]:
    """Every colour named in `text`, in order; the longest name wins ("light blue", "浅蓝色")."""
    return [normalise_color(m.group()) for m in _COLOR_RE.finditer(text)]


def is_color_list(text: str) -> bool:
    """True for "white", "green and blue", "红、白": colours and list glue, nothing else."""
    rest = _LIST_GLUE.sub("", _COLOR_RE.sub("", text))
    return bool(find_colors(text)) and not rest


_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def number(text: str) -> int:
    """"3", "三", "十二", "二十" -> int (up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _ZH_DIGITS[text]
    tens, _, ones = text.partition("十")
    return _ZH_DIGITS.get(tens, 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "fifth": 5, "5th": 5, "other": 2, "another": 2}
_NUM = "[0-9一二两三四五六七八九十]+"
_PIC_EN = r"(?:image|picture|photo|pic|img)"
_PIC_ZH = "(?:图片|图像|照片|图)"
_IMAGE_REF = re.compile(
    rf"(?<![A-Za-z]){_PIC_EN}\s*(?:#|no\.?\s*|number\s+)?(?P<n>\d+)(?!\d)"
    rf"|(?<![A-Za-z])(?P<ord>{'|'.join(_ORDINALS)})\s+(?:input\s+)?{_PIC_EN}"
    rf"|第\s*(?P<zh>{_NUM})\s*[张幅个]?\s*(?:输入)?{_PIC_ZH}"
    rf"|{_PIC_ZH}\s*(?P<zh2>{_NUM})(?![张幅个])"
    rf"|(?P<other>另一|另外一)[张幅]?{_PIC_ZH}",
    re.IGNORECASE,
)


def image_indices(text: str) -> list[int]:
    """Input images referred to ("image 2", "the second photo", "第二张图", "图2"), 1-based."""
    found = []
    for m in _IMAGE_REF.finditer(text):
        if m["ord"]:
            found.append(_ORDINALS[m["ord"].lower()])
        elif m["other"]:
            found.append(2)
        else:
            found.append(number(m["n"] or m["zh"] or m["zh2"]))
    return found


RATIO = re.compile(r"(?<![\d.:])(\d{1,3})\s*(?:[:：∶]|比)\s*(\d{1,3})(?![\d:])")
_SQUARE = re.compile(r"(?<![A-Za-z])square(?![A-Za-z])|正方形|方形", re.I)
_SIZE = re.compile(r"(?<!\d)(\d{2,5})\s*[xX×*]\s*(\d{2,5})(?!\d)")


def ratio(text: str) -> str | None:
    """An aspect ratio as "W:H": "4:1", "16：9", "4比1", "square"/"正方形" -> "1:1"."""
    m = RATIO.search(text)
    if m:
        return f"{m[1]}:{m[2]}"
    return "1:1" if _SQUARE.search(text) else None


def size(text: str) -> tuple[int, int] | None:
    """A pixel size such as "1024x768"."""
    m = _SIZE.search(text)
    return (int(m[1]), int(m[2])) if m else None


_LEADING = re.compile(
    r"^(?:(?:all|every|each|any|both|the|a|an|this|that|these|those|some|its|his|her|their|my|"
    r"another)"
    r"\s+)+"
    r"|^(?:所有的?|全部的?|每[个张只位条]的?|(?:图|图片|图像|照片|画面)(?:中|里|上)的?"
    r"|[这那][个只张顶件条把辆位朵颗块]|一[个只条张顶把辆位头件幅朵颗块]|[个只])+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s,.;!?，。；！？的]+$")


def clean_target(text: str) -> str:
    """An object as the user named it, without articles: "the man" -> "man", "这只猫" -> "猫"."""
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _TRAILING.sub("", _LEADING.sub("", text)).strip()
    return text


_COLOR_ZH = alternation(n for n in color_names_longest_first() if not n.isascii())
# "background" in either language, and the ID-photo idiom "白底" / "蓝底" (a colour + 底).
BACKGROUND = (rf"(?<![A-Za-z])(?:background|backdrop)(?![A-Za-z])|背景|底色|抠图"
              rf"|{_COLOR_ZH}底(?![部下边层端面])")
