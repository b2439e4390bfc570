"""Where a thing goes: a named position ("top-right corner", "右上角") or an anchor and a
relation ("on the cat's head" -> object:cat, on; "behind the person" -> person, above;
"在人的左边" -> person, left-of). Words are read from tools.placement, then vocab_things."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent.planner.nouns import singular, split_owner, trim
from agent.planner.phrases import alternation, key
from agent.planner.targets import SAME_PLACE, canonical, is_pronoun
from agent.planner.vocab_things import EXTRA_POSITIONS, EXTRA_RELATIONS, MODIFIERS, PARTS, PLACES
from tools.placement import POSITION_WORDS, RELATION_WORDS

POSITION_OF = {key(w): p for w, p in {**EXTRA_POSITIONS, **POSITION_WORDS}.items()}
RELATION_OF = {key(w): r for w, r in {**EXTRA_RELATIONS, **RELATION_WORDS}.items()}
_PLACE_OF = {key(w): p for w, p in PLACES.items()}
_RELATION = re.compile(alternation(w for w in RELATION_OF if w.isascii()), re.I)
_ZH_RELATIONS = sorted((w for w in RELATION_OF if not w.isascii()), key=len, reverse=True)
_POSITION_NOISE = re.compile(
    r"(?<![A-Za-z])(?:at|in|on|to|into|onto|the|of|corners?|sides?|edges?|parts?|areas?|"
    r"regions?|hand|image|picture|photo|frame|canvas|poster|screen)(?![A-Za-z])"
    r"|图片|画面|图像|照片|整张图|角落|角|位置|处|边缘|部分|的|图|[,，]",
    re.I,
)
_DETERMINER = re.compile(r"\s+(?:the|a|an|his|her|its|their|my|this|that|these|those)\s", re.I)
_ZH_LEAD = re.compile("^(?:在|给|往|为|到|于|朝)")
_ZH_TAIL = re.compile("(?:的|处|位置|地方|那里|这里|再|然后|还|也|，|,|\\s)+$")


@dataclass(frozen=True)
class Where:
    """add_object's placement args, and the words naming the anchor (for chain references)."""

    args: dict[str, Any]
    words: str | None = None


def where(text: str | None) -> Where:
    """Placement of `text` ("on the cat's head", "in the top-right corner", "猫的头上")."""
    text = (text or "").strip()
    if not text:
        return Where({})
    if SAME_PLACE.match(text):  # "in its place": `references` anchors it to the step before
        return Where({"relation": "on"}, text)
    position = _position(text)
    if position:
        return Where({"position": position})
    relation, anchor = _relation_en(text) if text.isascii() else _relation_zh(text)
    return _anchored(anchor, relation)


def _position(text: str) -> str | None:
    rest = key(_POSITION_NOISE.sub(" ", _ZH_LEAD.sub("", text)))
    if rest in POSITION_OF:
        return POSITION_OF[rest]
    for place, corner in _PLACE_OF.items():  # "the sky", "the top left sky", "天空中"
        if rest == place or (not place.isascii() and rest.startswith(place)):
            return corner
        if rest.endswith(" " + place) and key(rest[: -len(place)]) in POSITION_OF:
            return POSITION_OF[key(rest[: -len(place)])]
    return None


def _relation_en(text: str) -> tuple[str, str]:
    """The first relation that says a side (left of, behind...) wins over on/in/to, so "on
    the grass to the right of the dog" places by the dog."""
    found = list(_RELATION.finditer(text))
    if not found:
        return "on", text
    strong = [m for m in found if RELATION_OF[key(m.group())] != "on"]
    # "to rest on the giraffe's neck": "to" before a verb is not a place
    weak = [m for m in found if not (m.group().lower() == "to" and not _DETERMINER.match(text, m.end()))]
    m = (strong or weak or found)[0]
    return RELATION_OF[key(m.group())], text[m.end():]


def _relation_zh(text: str) -> tuple[str, str]:
    body = _ZH_TAIL.sub("", _ZH_LEAD.sub("", text))
    for word in _ZH_RELATIONS:
        if body.endswith(word) and len(body) > len(word):
            anchor = body[: -len(word)].rstrip("的")
            # "女孩的头上": on her head, which canonical() reads as her face
            return RELATION_OF[word], anchor + "的头" if word in ("头上", "头顶") else anchor
    return "on", body


def _anchored(anchor: str, relation: str) -> Where:
    words = anchor_words(anchor)
    position = _position(anchor)
    if position:  # "to the left of the image", "在图片左边"
        return Where({"position": position})
    # "the man's head" is his face; "the red tram cab" is the tram
    target = canonical(anchor) if split_owner(anchor).owner else canonical(words)
    if target is None:  # "on it": `references` anchors it to an earlier step, if there is one
        return Where({"relation": relation} if is_pronoun(words) else {}, words)
    return Where({"anchor": target, "relation": relation}, words)


def anchor_words(phrase: str) -> str:
    """The thing a place names: "the cat's head" -> "cat", "the top of the lamp" -> "lamp"."""
    np = split_owner(phrase)
    words = np.head.split()
    if not words:
        return trim(phrase)
    part = words[-1] in PARTS or singular(words[-1]) in PARTS or np.head in PARTS
    if part and np.owner:
        return np.owner
    if part and len(words) > 1 and not all(w.lower() in MODIFIERS for w in words[:-1]):
        return " ".join(words[:-1])  # "the horse back", "red tram cab"
    return trim(phrase)
