"""Noun phrases: the thing a part names, trimmed of articles, counts and what follows it
("the cup on the desk near the laptop" -> "cup"), split into head and owner ("the man's shirt",
"the shirt of the man", "男人的衣服" -> shirt of man), and English plurals made singular."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.planner.phrases import alternation, clean_target, key, number
from agent.planner.vocab_things import COUNT_WORDS

# Where an English noun phrase ends: a locative, a relative clause, a participle.
_TAIL_EN = re.compile(
    r"\s+(?:on|in|at|from|near|next\s+to|beside|behind|under|underneath|below|above|over|inside|"
    r"by|with|without|that|which|who|whose|where|along|across|against|between|among|around|"
    r"towards?|for|lying|sitting|standing|hanging|holding|wearing|placed|located|parked|"
    r"floating|facing|looking|resting|leaning|off|outside|visible|carried|held|riding|driving|"
    r"playing|eating|drinking|walking|running|flying|swimming|carrying|using|reading|talking|"
    r"waiting|sleeping|seen|shown|seating|beneath|jumping|climbing|perched|peeking|being|ridden|"
    r"grazing|pointing|to\s+the\s+(?:left|right))(?![A-Za-z]).*$",
    re.I,
)
# A Chinese phrase ends before a trailing locative: "桌子上的杯子" keeps 杯子 (the head after 的).
_POSSESSIVE_EN = re.compile(r"^(?P<owner>.+?)(?:'s|’s|s'|’)\s+(?P<head>.+)$")
_OF = re.compile(r"^(?P<head>.+?)\s+of\s+(?P<owner>.+)$", re.I)
# "glasses of the person" is whose glasses; "a glass of juice" is how much juice.
_OWNED = re.compile(r"^(?:the|his|her|its|their|my|this|that)\s", re.I)
# "a glass of juice", "two leaves of lettuce": the whole phrase is the thing.
MEASURES = frozenset("""glass glasses cup cups slice slices piece pieces bunch bunches pair pairs
bowl bowls plate plates bottle bottles box boxes pile piles stack stacks loaf loaves bar bars
sheet sheets can cans jar jars bag bags basket baskets handful couple group groups set sets lot
lots leaf leaves sprig sprigs scoop scoops row rows line lines cluster clusters flock herd""".split())

_IRREGULAR = {"people": "person", "persons": "person", "men": "man", "women": "woman",
              "children": "child", "mice": "mouse", "geese": "goose", "teeth": "tooth",
              "feet": "foot", "leaves": "leaf", "knives": "knife", "wolves": "wolf",
              "shelves": "shelf", "loaves": "loaf", "halves": "half", "calves": "calf",
              "scarves": "scarf", "dice": "die"}
_UNCHANGED = frozenset("""glasses sunglasses pants jeans trousers shorts clothes scissors sheep fish
deer series species news bus grass glass dress class boss cactus octopus canvas gas lens goggles
binoculars headphones earphones tongs chess physics mathematics""".split())
_OES = frozenset("tomatoes potatoes heroes echoes mangoes volcanoes torpedoes".split())
_KEEP_S = ("ss", "us", "is", "ous", "ics")


def singular(word: str) -> str:
    """An English noun in the singular: "stars" -> "star", "leaves" -> "leaf", "bus" -> "bus"."""
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low in _UNCHANGED or not low.isascii() or len(low) < 4 or low.endswith(_KEEP_S):
        return low
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zes")) or low in _OES:
        return low[:-2]
    return low[:-1] if low.endswith("s") else low


def singular_phrase(phrase: str) -> str:
    """The phrase with its last word singular: "traffic lights" -> "traffic light"."""
    words = phrase.split()
    return " ".join([*words[:-1], singular(words[-1])]) if words else phrase


_COUNT_EN = re.compile(rf"^(?:(?P<d>\d+)|(?P<w>{alternation(COUNT_WORDS)}))\s+(?:pairs?\s+of\s+)?", re.I)
_COUNT_ZH = re.compile(
    "^(?P<n>一些|[0-9一二两三四五六七八九十几]+)"
    "(?:个|只|颗|顶|朵|把|张|条|件|位|头|辆|本|片|块|对|双|副|支|轮|枚|棵|架|艘|盏|束|些)?"
)
def count_of(text: str) -> tuple[int | None, str]:
    """The count said before a thing, and the thing: "two stars" -> (2, "stars")."""
    text = text.strip()
    m = _COUNT_EN.match(text) if text.isascii() else _COUNT_ZH.match(text)
    if not m or not m.group():
        return None, text
    said = m.groupdict().get("d") or m.groupdict().get("w") or m.groupdict().get("n")
    if said is None:
        return 1, text[m.end():]
    if said.isdigit() or (not said.isascii() and said not in COUNT_WORDS):
        return number(said), text[m.end():]
    return COUNT_WORDS[key(said)], text[m.end():]


# Text named by its words: "the text 'SALE'", "文字“促销”", "'SALE'".
QUOTED_TEXT = re.compile(
    r"^(?:(?:the|all)\s+)?(?:(?:text|words?|caption|title|label|sign|文字|文本|字样|字|标题)\s*)?"
    r"[\"'“‘「『](?P<q>[^\"'“”‘’「」『』]+)[\"'”’」』]$",
    re.I,
)


def trim(phrase: str) -> str:
    """The noun phrase without articles or what follows it: "the cup on the desk" -> "cup"."""
    if QUOTED_TEXT.match(phrase.strip()):
        return phrase.strip()
    text = clean_target(phrase.replace("_", " "))
    text = clean_target(count_of(_TAIL_EN.sub("", text))[1])
    return _zh_head_phrase(text)


_ZH_LOCATIVE = re.compile("(?:上|里|中|内|下|旁|前|后|边|面|侧|附近|周围)的")


def _zh_head_phrase(text: str) -> str:
    """"桌子上的杯子" -> "杯子": a Chinese locative before 的 describes the head, not owns it."""
    ends = [m.end() for m in _ZH_LOCATIVE.finditer(text)]
    return text[ends[-1]:] if ends and ends[-1] < len(text) else text


@dataclass(frozen=True)
class NounPhrase:
    """A thing as named: its head ("shirt") and, when said, its owner ("man")."""

    head: str
    owner: str | None = None


def split_owner(phrase: str) -> NounPhrase:
    """Head and owner of a trimmed phrase; measure phrases ("a glass of juice") stay whole."""
    text = trim(phrase)
    m = _POSSESSIVE_EN.match(text)
    if m:
        return NounPhrase(trim(m["head"]), trim(m["owner"]))
    m = _OF.match(text)
    if m and (m["head"].split()[-1].lower() not in MEASURES or _OWNED.match(m["owner"])):
        return NounPhrase(trim(m["head"]), trim(m["owner"]))
    if "的" in text:
        owner, _, head = text.rpartition("的")
        if owner and head:
            return NounPhrase(head, trim(owner))
    return NounPhrase(text)
