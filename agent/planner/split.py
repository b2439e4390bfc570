"""Split an instruction into parts on punctuation and connectives ("，", ";", "and then", "再",
"然后" …). It runs on protected text, so nothing inside a quoted string can split."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.planner.vocab import VERBS_ZH

# Sentence ends, numbered items (" 2. "), and after a question mark (kept with the question).
_SENTENCE_END = r"[；;。！!\n]+|(?<=\s)\(?\d{1,2}[.)、）](?=\s)|\.(?=\s|$)|(?<=[?？])"
_COMMA = r"[，、]|(?<!\d),|,(?!\d)"
# "and" always splits; `ellipsis` joins "black and white" or "image 1 and image 2" back.
_EN_WORDS = (r"(?<![A-Za-z])(?:and\s+then|and\s+also|and\s+finally|after\s+that|afterwards|then|"
             r"also|and)(?![A-Za-z])")
# 再 but not 再次/再见/一再/不再; 最后 and 并 only before a clause ("最后一行": the last line).
_ZH_WORDS = ("然后|接着|随后|之后|并且|同时|另外|此外|还要|(?<![一不])再(?![次见来])"
             "|最后(?=[把将用给再请帮])|并(?=[把将用给])")
_SEPARATOR = re.compile(
    rf"\s*(?:(?P<end>{_SENTENCE_END})|(?P<comma>{_COMMA})|{_EN_WORDS}|{_ZH_WORDS})\s*", re.I
)
_LEADING = re.compile(
    r"^(?:(?:\(?\d{1,2}[.)、）:：]|step\s+\d+:?|first(?:ly)?|second(?:ly)?|third(?:ly)?|next|"
    r"finally|lastly|plus|and|then|also|首先|第[一二三四五六七八九十\d]步|其次|之后|然后|接着|另外|"
    r"此外|还要|并且|同时|最后(?![一二两三几的面])|再(?!次)|并(?=[把将用给]))"
    r"(?![A-Za-z])[\s,，:：]*)+",
    re.I,
)


@dataclass(frozen=True)
class Fragment:
    """One part of the instruction (protected text) and the separator written before it."""

    text: str
    sep: str = ""
    weak: bool = False  # after a comma or connective, not a sentence end: may continue a clause


_NUMBER_ONLY = re.compile(r"\(?\d{1,2}\)?")


def _trim(text: str) -> str:
    text = _LEADING.sub("", text.strip()).strip()
    return "" if _NUMBER_ONLY.fullmatch(text) else text


# "在它上面再加一个月亮": a Chinese place phrase cut off before 再/然后 belongs to the clause after.
_ZH_PLACE = re.compile("^(?:在|给|往|朝|对|为)")
_ZH_PREPOSITIONS = {"在", "给", "往", "朝", "对", "为", "把", "将", "用"}


def _dangling(text: str) -> bool:
    """A place phrase without a verb of its own: "在它上面"."""
    verbs = (v for v in VERBS_ZH if v not in _ZH_PREPOSITIONS)
    return _ZH_PLACE.match(text) is not None and not any(v in text for v in verbs)


def _join_dangling(fragments: list[Fragment]) -> list[Fragment]:
    joined: list[Fragment] = []
    for frag in fragments:
        if joined and frag.weak and _dangling(joined[-1].text):
            prev = joined.pop()
            frag = Fragment(prev.text + frag.sep + frag.text, prev.sep, prev.weak)
        joined.append(frag)
    return joined


def split(text: str) -> list[Fragment]:
    """The parts of `text`, in order, without empty ones and without leading connectives."""
    fragments: list[Fragment] = []
    start, sep, ended = 0, "", False
    for m in _SEPARATOR.finditer(text):
        piece = _trim(text[start : m.start()])
        if piece:
            fragments.append(Fragment(piece, sep, weak=bool(fragments) and not ended))
            sep, ended = "", False
        sep += m.group()
        ended = ended or m["end"] is not None
        start = m.end()
    piece = _trim(text[start:])
    if piece:
        fragments.append(Fragment(piece, sep, weak=bool(fragments) and not ended))
    return _join_dangling(fragments)
