"""Named colours ("our brand blue is #1E6FFF"): the names a user may say for one, in English
and Chinese, and an instruction with those names written as the stored hex code.

"brand blue" is also "品牌蓝" and "品牌蓝色"; "品牌色" is also "brand colour" and "brand color":
the head word comes from a small table and the colour word from `tools.colors`, so a colour
named in one language is understood in the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agent.planner.phrases import alternation, key
from memory.types import Preference
from tools.colors import COLOR_NAMES

_HEADS = {"brand": "品牌", "company": "公司", "logo": "标志", "theme": "主题"}
_COLOUR_EN = ("colour", "color")
_COLOUR_ZH = ("色", "颜色")
_OWNER = r"(?:(?<![A-Za-z])(?:our|my|the|your)\s+|(?:我们|我|咱们|公司)的?)?"
_OWNER_PREFIX = re.compile(rf"^{_OWNER}", re.I)


def bare(name: str) -> str:
    """The name without its owner: "our brand blue" -> "brand blue", "我们的品牌色" -> "品牌色"."""
    return key(_OWNER_PREFIX.sub("", name.strip()))


def _colour_words(word: str) -> list[str]:
    """Every word, in both languages, for the colour word `word` ("blue" -> blue, 蓝, 蓝色)."""
    if word in _COLOUR_EN or word in _COLOUR_ZH:
        return [*_COLOUR_EN, *_COLOUR_ZH]
    rgb = COLOR_NAMES.get(word)
    return [name for name, value in COLOR_NAMES.items() if value == rgb] if rgb else [word]


def _tail(said: str, head_en: str, head_zh: str) -> str | None:
    """What follows a known head word: "brand blue" -> "blue", "品牌色" -> "色"."""
    if said.startswith(head_en + " "):
        return said[len(head_en) + 1:]
    if said.startswith(head_zh) and len(said) > len(head_zh):
        return said[len(head_zh):]
    return None


def aliases(name: str) -> set[str]:
    """Every way to say a named colour: itself, and in both languages when its head is known."""
    said = bare(name)
    names = {said}
    for head_en, head_zh in _HEADS.items():
        tail = _tail(said, head_en, head_zh)
        if tail:
            words = _colour_words(tail)
            names |= {f"{head_en} {word}" for word in words if word.isascii()}
            names |= {head_zh + word for word in words if not word.isascii()}
    return names


def _table(named: Iterable[Preference]) -> dict[str, str]:
    """alias -> hex, for preferences that name a colour; later statements win."""
    table: dict[str, str] = {}
    for pref in named:
        if pref.name:
            table |= dict.fromkeys(aliases(pref.name), str(pref.value))
    return table


def expand(text: str, prefs: Iterable[Preference]) -> str:
    """`text` with every named colour (and its "our"/"我们的") replaced by its hex code:
    "make the shirt our brand blue" -> "make the shirt #1E6FFF"."""
    table = _table(prefs)
    if not table:
        return text
    pattern = re.compile(rf"{_OWNER}(?P<name>{alternation(table)})", re.I)
    return pattern.sub(lambda m: table[key(m["name"])], text)


def value_of(value: str | bool, prefs: Iterable[Preference]) -> str | bool:
    """A preference's value with a named colour resolved ("品牌蓝" -> "#1E6FFF")."""
    if isinstance(value, bool):
        return value
    return _table(prefs).get(bare(value), value)


def is_plain_colour(name: str) -> bool:
    """True for names that are ordinary colour words ("blue", "浅蓝色"): they cannot be renamed."""
    return bare(name) in COLOR_NAMES


def names_a_colour(name: str) -> bool:
    """True for names that end in a colour word or "colour"/"色": "brand blue", "accent colour",
    "品牌色", "品牌蓝" (and not "background", which is a thing, not a colour)."""
    said = bare(name)
    last = said.split()[-1] if said.split() else ""
    if last in _COLOUR_EN or last in COLOR_NAMES:
        return True
    return any(said.endswith(word) for word in (*_COLOUR_ZH, *COLOR_NAMES) if not word.isascii())
