"""Stated preferences, read from the user's words.

| said | preference |
|---|---|
| "our brand blue is #1E6FFF", "我们的品牌色是#E60012" | scope any, a named colour |
| "always use a white background", "以后背景都用白色" | replace_background.color |
| "use green boxes from now on", "标注框用绿色" | annotate.color |
| "no labels on the boxes from now on", "以后标注不要标签" | annotate.label = False |

A text states a preference when it names a colour ("X is #hex"), carries a word of permanence
("always", "from now on", "以后", "默认") or sets the box colour outright ("标注框用绿色").
Such a text that maps onto nothing vloop can apply is refused with what it can remember, rather
than kept and silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from agent.planner.phrases import HEX, find_colors
from memory.names import aliases, bare, is_plain_colour, names_a_colour
from memory.types import Preference
from model_server.errors import BadInput

_MARKER = re.compile(
    r"(?<![A-Za-z])(?:from now on|always|by default|default|going forward|in (?:the )?future|every time|"
    r"each time|whenever|henceforth|prefer|preferably)(?![A-Za-z])"
    r"|以后|今后|往后|默认|总是|一律|每次|始终|偏好",
    re.I,
)
_SETTING = re.compile(
    r"^(?:标注框|标注|框的颜色|框|(?:the\s+)?(?:box|annotation)\s+colou?r|(?:the\s+)?boxes|"
    r"(?:the\s+)?annotations)\s*(?:都用|用|是|为|改用|:|：|=|should be|are|is)",
    re.I,
)
_NAMED = (
    re.compile(rf"^(?P<name>[A-Za-z][A-Za-z' -]{{0,40}}?)\s*(?:is|=|:|means)\s*(?P<hex>{HEX})\s*[.!]?$",
               re.I),
    re.compile(rf"^(?P<name>[\u4e00-\u9fffA-Za-z ]{{1,16}}?)\s*(?:就是|是|为|用|=|:|：)\s*"
               rf"(?P<hex>{HEX})\s*[。！!.]?$"),
)
_BACKGROUND = re.compile(r"(?<![A-Za-z])(?:backgrounds?|backdrops?)(?![A-Za-z])|背景|底色", re.I)
_BOXES = re.compile(
    r"(?<![A-Za-z])(?:box(?:es)?|frames?|outlines?|annotations?|rectangles?|labels?)(?![A-Za-z])"
    r"|标注|框|标签|标记",
    re.I,
)
LABEL_WORDS = re.compile(r"(?<![A-Za-z])(?:labels?|labell?ed|scores?)(?![A-Za-z])|标签|分数", re.I)
_NO_LABELS = re.compile(
    r"(?<![A-Za-z])(?:no|without|never|don'?t|do not|skip)\s+(?:[a-z]+\s+){0,3}?(?:labels?|scores?)"
    r"|不(?:要|用|需要)?(?:加|写|显示|带|标)?(?:标签|分数)|去掉(?:标签|分数)",
    re.I,
)
_CLAUSES = re.compile(r"[,，;；。!！]|(?<![A-Za-z])(?:and|but)(?![A-Za-z])|并且|而且|另外", re.I)
_CAN = ("vloop remembers background colours ('always use a white background', '以后背景都用白色'), box "
        "colours ('use green boxes from now on', '标注框用绿色'), box labels ('no labels on boxes from now "
        "on') and named colours ('our brand blue is #1E6FFF', '我们的品牌色是#E60012')")


def states_preference(text: str) -> bool:
    """True when the text is said as a standing preference, usable or not."""
    said = text.strip()
    return bool(_named_match(said) or _MARKER.search(said) or _SETTING.match(said))


def parse(text: str, names: Iterable[str] = ()) -> list[Preference]:
    """Every preference stated in `text`, one per clause; [] when the text states none.

    Args:
        names: named colours already stored ("brand blue"), so "以后背景都用品牌蓝" keeps the name.

    Raises:
        BadInput: the text is said as a preference but names nothing vloop can apply.
    """
    said = text.strip()
    named = _named(said)
    if named:
        return [named]
    if not states_preference(said):
        return []
    known = sorted({alias for name in names for alias in aliases(name)}, key=len, reverse=True)
    prefs = [pref for clause in _CLAUSES.split(said) if (pref := _clause(clause.strip(), said, known))]
    if not prefs:
        raise BadInput(_why_not(said))
    return prefs


def _named_match(said: str) -> re.Match[str] | None:
    for pattern in _NAMED:
        match = pattern.match(said)
        if match and names_a_colour(match["name"]):
            return match
    return None


def _named(said: str) -> Preference | None:
    """"our brand blue is #1E6FFF" -> the name "brand blue" for #1E6FFF."""
    match = _named_match(said)
    if match is None:
        return None
    if is_plain_colour(match["name"]):
        raise BadInput(f"'{match['name'].strip()}' is an ordinary colour word and keeps its meaning: "
                       f"give the colour a name of its own, e.g. 'our brand blue is {match['hex']}'")
    return Preference(scope="any", arg="color", value=match["hex"].upper(), text=said,
                      name=bare(match["name"]))


def _colour(clause: str, known: list[str]) -> str | None:
    """The colour a clause names: a stored name first ("品牌蓝"), then an ordinary colour or hex."""
    lowered = clause.lower()
    for name in known:
        if name in lowered:
            return name
    colours = find_colors(clause)
    return colours[0] if colours else None


def _label(clause: str, known: list[str]) -> tuple[str, str, str | bool] | None:
    if not (_BOXES.search(clause) and LABEL_WORDS.search(clause)):
        return None
    return "annotate", "label", not _NO_LABELS.search(clause)


def _box_colour(clause: str, known: list[str]) -> tuple[str, str, str | bool] | None:
    colour = _colour(clause, known)
    return ("annotate", "color", colour) if colour and _BOXES.search(clause) else None


def _background_colour(clause: str, known: list[str]) -> tuple[str, str, str | bool] | None:
    colour = _colour(clause, known)
    return ("replace_background", "color", colour) if colour and _BACKGROUND.search(clause) else None


_READERS: tuple[Callable[[str, list[str]], tuple[str, str, str | bool] | None], ...] = (
    _background_colour, _label, _box_colour,
)


def _clause(clause: str, text: str, known: list[str]) -> Preference | None:
    for reader in _READERS:
        found = reader(clause, known)
        if found:
            scope, arg, value = found
            return Preference(scope=scope, arg=arg, value=value, text=text)
    return None


def _why_not(said: str) -> str:
    if (_BACKGROUND.search(said) or _BOXES.search(said)) and not find_colors(said):
        return (f"'{said}' names no colour vloop knows: use a name such as white or 浅蓝色, or a hex code "
                "such as #1E6FFF")
    return f"'{said}' sounds like a standing preference, but vloop cannot apply it: {_CAN}"
