"""What add_object adds: how many, in what colour, and which sticker ("two red stars" ->
star x2 in red; "三颗星星" -> star x3; "a cowboy hat" -> hat). A thing that is not a sticker
keeps its name ("a pigeon" -> pigeon); the tool then says it has no such sticker."""

from __future__ import annotations

import re

from agent.planner.nouns import count_of, singular_phrase, trim
from agent.planner.phrases import COLOR, clean_target, find_colors, key
from agent.planner.vocab_things import MODIFIERS, STICKERS_FALLBACK

try:  # the sticker set is the source of truth for sticker names, when it is installed
    from tools.stickers import STICKER_WORDS
except ImportError:  # pragma: no cover - only before tools/stickers.py exists
    STICKER_WORDS = {w: name for name, words in STICKERS_FALLBACK.items() for w in words}

_STICKER_OF = {key(w): name for w, name in STICKER_WORDS.items()}
_ZH_STICKERS = sorted((w for w in _STICKER_OF if not w.isascii() and len(w) > 1), key=len, reverse=True)
_COLOR_WORD = re.compile(rf"{COLOR}(?:色)?(?:的)?", re.I)
_FILLER = re.compile(r"(?<![A-Za-z])(?:and|or|colou?red)(?![A-Za-z])", re.I)


def added(phrase: str) -> tuple[dict, str]:
    """add_object's object / count / color args for `phrase`, and the thing's name as said."""
    count, rest = count_of(clean_target(phrase))
    rest = trim(rest)
    colors = find_colors(rest)
    name = _FILLER.sub(" ", _COLOR_WORD.sub(" ", rest))
    name = " ".join(w for w in name.split() if w.lower() not in MODIFIERS) or name.strip()
    name = re.sub(r"(?<![\w])-+|-+(?![\w])", " ", name)
    name = " ".join(name.split()).strip("的")
    args: dict = {"object": sticker_name(name) or _plain(name)}
    if count and count != 1:
        args["count"] = count
    if colors:
        args["color"] = colors[0]
    return args, name


def sticker_name(name: str) -> str | None:
    """The sticker a name means: "stars" -> star, "cowboy hat" -> hat, "红色的帽子" -> hat."""
    words = key(name).split()
    for n in range(len(words), 0, -1):  # "party hat" before "hat"
        tail = " ".join(words[-n:])
        found = _STICKER_OF.get(tail) or _STICKER_OF.get(singular_phrase(tail))
        if found:
            return found
    if name in _STICKER_OF:
        return _STICKER_OF[name]
    return next((_STICKER_OF[w] for w in _ZH_STICKERS if name.endswith(w)), None)


def _plain(name: str) -> str:
    return singular_phrase(name.lower()) if name.isascii() and name.split() else name
