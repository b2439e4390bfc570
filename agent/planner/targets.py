"""Canonical targets (tools.regions): the words a user names a thing with -> "person", "face",
"clothes", "background", "text", "text:SALE", "color:red", "object:cat", "mask" or None for the
whole image. Chained targets ("step:s1") are set later, by `references`.

"the man's shirt" -> clothes; "衣服" -> clothes; "the cat" -> object:cat; "the red region" ->
color:red; "the text 'SALE'" -> text:SALE; "the dog's ears" -> object:dog (a part acts for its
owner); "左边的人" -> person (which one is said in the step's text, not in the target).
"""

from __future__ import annotations

import re

from agent.planner.nouns import QUOTED_TEXT, singular, singular_phrase, split_owner, trim
from agent.planner.phrases import COLOR, english_color, key
from agent.planner.vocab_things import (
    EXTRA_TARGET_WORDS,
    MODIFIERS,
    MODIFIERS_ZH,
    OBJECT_ZH,
    PARTS,
)
from tools.regions import OBJECT_WORDS, TARGET_WORDS

TARGET_OF: dict[str, str] = {key(w): t for w, t in {**TARGET_WORDS, **EXTRA_TARGET_WORDS}.items()}
OBJECT_EN: dict[str, str] = {**OBJECT_ZH, **OBJECT_WORDS}
_COLOR_REGION = re.compile(
    rf"^(?:the\s+|all\s+|every\s+)*(?P<c>{COLOR})\s*(?:colou?red\s+)?(?:色的?)?\s*"
    r"(?:regions?|areas?|parts?|pixels?|zones?|spots?|bits?|things?|stuff|区域|部分|地方|的地方)$"
    rf"|^(?:everything|anything)\s+(?P<c2>{COLOR})$",
    re.I,
)
_PRONOUNS = re.compile(
    r"^(?:it|them|its|this|that|these|those|this one|that one|the result|result|the output|"
    r"output|the new one|它|它们|其|这个|那个|结果|上一步的?结果|上一步|刚才的结果)$",
    re.I,
)


# The place an earlier step acted on: "in its place", "在原来的位置".
SAME_PLACE = re.compile(
    r"^(?:(?:in|at|to|on)\s+)?(?:the\s+same\s+(?:place|spot|position)|its\s+(?:place|spot|position)|"
    r"where\s+it\s+was|the\s+original\s+(?:place|spot|position))$"
    r"|^(?:在|到|放在)?(?:原来的?(?:位置|地方)|原位置?|原处|原地|同一个?位置|那个位置)(?:上|处)?$",
    re.I,
)


HEAD_PARTS = frozenset(["head", "face", "forehead", "hair", "头", "头上", "头顶", "脸", "脸上", "头发"])


def is_pronoun(words: str | None) -> bool:
    """True for "it", "them", "the result", "它", "结果": words that point back at a step."""
    text = (words or "").strip()
    return bool(text) and (_PRONOUNS.match(text) is not None or SAME_PLACE.match(text) is not None)


def canonical(words: str | None) -> str | None:
    """The canonical target `words` name, or None for the whole image (and for pronouns,
    which `references` resolves)."""
    text = (words or "").strip()
    if not text or is_pronoun(text):
        return None
    quoted = QUOTED_TEXT.match(text)
    if quoted:
        return f"text:{quoted['q']}"
    region = _COLOR_REGION.match(trim(text))
    if region:
        return f"color:{english_color(region['c'] or region['c2'])}"
    found = _named(trim(text))
    return None if found == "image" else found


def _named(text: str) -> str:
    if not text:
        return "image"
    direct = TARGET_OF.get(key(text)) or TARGET_OF.get(key(singular_phrase(text)))
    if direct:
        return direct
    np = split_owner(text)
    if np.owner and (key(np.head) in PARTS or singular(np.head) in PARTS):
        owner = _named(np.owner)  # a person's head is where their face is
        return "face" if owner == "person" and key(np.head) in HEAD_PARTS else owner
    head = _without_modifiers(np.head)
    found = TARGET_OF.get(key(head)) or TARGET_OF.get(key(singular_phrase(head)))
    return found or f"object:{object_name(head)}"


def _without_modifiers(text: str) -> str:
    for word in MODIFIERS_ZH:
        if text.startswith(word) and len(text) > len(word):
            text = text[len(word):].lstrip("的")
    words = [w for w in re.split(r"\s+", text) if w]
    kept = [w for w in words if w.lower() not in MODIFIERS and w.lower() not in ("and", "or")
            and not re.fullmatch(COLOR, w, re.I)]
    return " ".join(kept or words[-1:])


def object_name(text: str) -> str:
    """What the tagger should look for: English, singular ("猫" -> cat, "traffic lights" ->
    traffic light); Chinese names without an English one stay as they are."""
    if text in OBJECT_EN:
        return OBJECT_EN[text]
    return singular_phrase(text.lower()) if text.isascii() else text
