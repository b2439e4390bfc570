"""References to an earlier request, and the request they stand for.

"same as last time", "like before", "do it again", "和上次一样", "照旧" point at the most recent
request; "same as the poster edit", "跟海报那次一样" name one, found by similarity. What else the
text says is a change to it: a lone colour ("but in red", "但这次用红色") replaces the earlier
request's one colour; anything else is added as a further part ("like last time, then add a hat").

Only occasions count: "the same colour as the shirt" and "和衣服一样" compare things in the
image and are not references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.planner.language import has_cjk
from agent.planner.phrases import COLOR, find_colors, is_color_list, normalise_color
from model_server.errors import BadInput

_LAST_EN = (r"(?:the\s+)?(?:last|previous)\s+(?:time|one|request|edit)|last time|before|previously|earlier|"
            r"the other day|yesterday")
_OCCASION_EN = r"(?:edit|one|request|job|time|change|run)"
_EN = re.compile(
    rf"(?<![A-Za-z])(?:(?:do\s+)?(?:exactly\s+)?(?:the\s+)?same(?:\s+thing)?\s+as\s+"
    rf"(?:(?P<last>{_LAST_EN})|(?:the\s+|that\s+)?(?P<named>[^,，;；]+?)\s+{_OCCASION_EN})"
    rf"|(?:just\s+|exactly\s+)?(?:like|as)\s+(?:{_LAST_EN})"
    rf"|(?:do\s+(?:it|that|this|the\s+same)|same)\s+again|repeat\s+(?:the\s+)?(?:last|previous)\s+"
    rf"(?:one|edit|request)|the\s+usual)(?![A-Za-z])",
    re.I,
)
_LAST_ZH = "上次|上一次|上回|之前|以前|刚才|前面|前一次|那次|那回"
_ZH = re.compile(
    r"(?:和|跟|同|像|按照|依照|按|照)(?P<zh>[^，,。；;！？!?]{0,16}?)(?:那次|那回|那样|一样|的来|的做)+"
    r"|同上次|照旧|老样子|再来一次|再做一次|重复上一?次"
)
_EDGES = re.compile(
    r"^(?:[\s,，;；。.!！:：]|(?:but|except|only|and|then|this time|however|please)(?![A-Za-z])"
    r"|但是|但|不过|只是|只不过|这次|这回|然后|再|并且|请)+"
    r"|(?:[\s,，;；。.!！:：]|(?<![A-Za-z])(?:please|this time)|吧|这次)+$",
    re.I,
)
_FILLER = re.compile(
    r"(?<![A-Za-z])(?:in|use|using|with|make it|the|colou?r|instead|this time)(?![A-Za-z])"
    r"|用|换成|改成|改为|变成|颜色|这次|的|色调",
    re.I,
)
_COLOR_RE = re.compile(COLOR, re.I)


@dataclass(frozen=True)
class Reference:
    """Where a text points back, and what it changes."""

    named: str | None  # words naming the earlier request ("poster"); None: the most recent
    change: str  # the rest of the text, connectors trimmed ("in red"); "" for none


def find(text: str) -> Reference | None:
    """The reference in `text`, or None when it points at no earlier request."""
    for match in [*_EN.finditer(text), *_ZH.finditer(text)]:
        if match.re is _ZH and match["zh"] is not None and not re.search(_LAST_ZH, match.group()):
            continue  # "和衣服一样" compares with a thing, not an occasion
        rest = f"{text[: match.start()]} {text[match.end():]}"
        return Reference(named=_named(match), change=_trimmed(rest))
    return None


def _named(match: re.Match[str]) -> str | None:
    said = match.groupdict().get("named") or match.groupdict().get("zh") or ""
    said = re.sub(rf"{_LAST_ZH}|的|时候|(?<![A-Za-z])(?:last|previous|earlier)(?![A-Za-z])", " ", said,
                  flags=re.I)
    return " ".join(said.split()) or None


def _trimmed(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _EDGES.sub("", text.strip())
    return text


def rewrite(earlier: str, change: str) -> str:
    """The earlier instruction with the change made: a lone colour replaces its one colour,
    anything else is added as a further part.

    Raises:
        BadInput: the change is a colour but the earlier request names several.
    """
    if not change:
        return earlier
    colour = _lone_colour(change)
    said = {normalise_color(m.group()) for m in _COLOR_RE.finditer(earlier)}
    if colour and len(said) == 1:
        return _COLOR_RE.sub(colour, earlier)
    if colour and len(said) > 1:
        raise BadInput(f"'{change}' changes a colour, but the earlier request '{earlier}' names several "
                       f"({', '.join(sorted(said))}): say the whole request again with the colours you want")
    return f"{earlier}，{change}" if has_cjk(earlier) else f"{earlier}, then {change}"


def _lone_colour(change: str) -> str | None:
    """The colour as written when the change is only a colour ("in red", "用红色")."""
    rest = _FILLER.sub(" ", change).strip()
    if not (rest and is_color_list(rest) and len(find_colors(rest)) == 1):
        return None
    return _COLOR_RE.search(rest).group()  # type: ignore[union-attr]
