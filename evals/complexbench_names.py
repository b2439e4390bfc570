"""Object names for the ComplexBench-Edit scorer, normalised on their own (not with the
planner's code, which is what is being measured): lower case, "_" as a space, no articles or
punctuation, English plurals singular, a few synonyms. Two names match when, without the
words that only say which one ("left", "front", "background"...), one ends with the other:
"right empty cup" ~ "cup", "white ceramic coffee cup" ~ "ceramic coffee cup"."""

from __future__ import annotations

import re

_ARTICLES = {"a", "an", "the", "some", "this", "that", "these", "those", "its", "his", "her", "their"}
_WHICH_ONE = {"left", "right", "top", "bottom", "upper", "lower", "front", "back", "rear", "middle",
              "center", "centre", "far", "near", "foreground", "background", "existing", "original",
              "other", "first", "second", "third", "top-left", "top-right", "bottom-left",
              "bottom-right", "step"}
_SYNONYMS = {"people": "person", "persons": "person", "men": "man", "women": "woman",
             "children": "child", "leaves": "leaf", "knives": "knife", "teeth": "tooth",
             "feet": "foot", "mice": "mouse", "licence": "license", "tv": "television",
             "cellphone": "cell phone", "doughnut": "donut", "sofa": "couch", "aeroplane": "airplane",
             "plane": "airplane", "bike": "bicycle", "motorbike": "motorcycle", "ski": "skis"}
_NO_PLURAL = {"pants", "jeans", "clothes", "scissors", "sheep", "bus", "grass",
              "glass", "skis", "shorts", "cactus", "series", "fish", "deer"}


def _singular(word: str) -> str:
    if word in _SYNONYMS:
        return _SYNONYMS[word]
    if word in _NO_PLURAL or len(word) < 4 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def tokens(name: str) -> list[str]:
    """A name as normalised words: "the Teddy_Bears" -> ["teddy", "bear"]."""
    text = re.sub(r"['’]s\b", "", name.lower().replace("_", " "))
    words = re.findall(r"[a-z0-9-]+|[\u4e00-\u9fff]+", text)
    return [_SYNONYMS.get(_singular(w), _singular(w)) for w in words if w not in _ARTICLES]


def _core(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in _WHICH_ONE]
    return kept or words


def same_thing(expected: str, planned: str) -> bool:
    """True when `planned` names the annotated object `expected`."""
    a, b = _core(tokens(expected)), _core(tokens(planned))
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[-len(shorter):] == shorter


def owners(phrase: str) -> list[str]:
    """The phrase and the things it says it belongs to: "person's shirt" -> [.., "person"],
    "pattern of the tie" -> [.., "tie"]."""
    found = [phrase]
    for pattern in (r"^(.+?)['’]s\s", r"\bof\s+(?:the\s+)?(.+)$", r"^(.+?)\s+of\s", r"^(.+?)的"):
        m = re.search(pattern, phrase, re.I)
        if m:
            found.append(m[1])
    return found
