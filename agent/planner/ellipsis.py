"""Put back together what splitting cut too eagerly, and fill in what a clause left out.

After a comma or "and", a piece without its own verb continues the clause before it:
- a colour list ("make it black and white") or a constraint ("keep the face unchanged"): joined;
- an elliptical clause ("box the faces in red, the text in green", "remove the cat, the dog"):
  gets the earlier verb, "box the text in green", and becomes a step of its own;
- a list item ("box the faces, the people", "combine image 1 and image 2"): joined, when that
  changes what the clause does;
- a trailing phrase vloop cannot plan on its own ("remove the plate, including the food",
  "lower right"): joined; otherwise a piece stands alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agent.planner.draft import Draft, is_unknown
from agent.planner.language import has_cjk
from agent.planner.phrases import is_color_list
from agent.planner.quotes import PLACEHOLDER
from agent.planner.rules_en import strip_polite
from agent.planner.split import Fragment
from agent.planner.vocab import VERBS_EN, VERBS_ZH

Mapper = Callable[[str], list[Draft]]

_CONSTRAINT = re.compile(
    r"^(?:keep|leave|preserve|don'?t|do not|without|but keep|while keeping|make sure not|"
    r"except)(?![A-Za-z])|^(?:保持|保留|不要|别|不改变|不改|不动|其他|其余|但)",
    re.I,
)
# An elliptical clause starts with the thing it acts on: "the text in green", "a star on the dog".
_NOUN_FIRST = re.compile(
    rf"^(?:the|a|an|all|every|each|both|his|her|its|their|this|that|these|those|some|one|two|"
    rf"three|\d+)(?![A-Za-z])|^{PLACEHOLDER}",
    re.I,
)
# "between the sign and the feet": the "and" belongs to the place, not to a new clause.
_BETWEEN = re.compile(r"(?<![A-Za-z])between\s+[^,，]+$", re.I)
_FIRST_WORD = re.compile(r"[A-Za-z']+")
_QUESTION_WORDS = {"what", "which", "who", "whom", "whose", "where", "when", "why", "how", "is",
                   "are", "was", "were", "does", "do", "did", "can", "could", "should", "would",
                   "will", "has", "have"}


@dataclass(frozen=True)
class Piece:
    """A part to plan: `written` as the user wrote it, `meant` with any ellipsis filled in."""

    written: str
    meant: str


def _verb_en(text: str) -> str | None:
    m = _FIRST_WORD.match(strip_polite(text))
    return m.group().lower() if m and m.group().lower() in VERBS_EN else None


def starts_clause(text: str) -> bool:
    """True when `text` has its own verb: an English one first, or any Chinese one."""
    return _verb_en(text) is not None or any(v in text for v in VERBS_ZH)


def _gist(drafts: list[Draft]) -> list[tuple[str, str | None, dict[str, Any]]]:
    # replace_object's instruction always grows with the text; what matters is the rest.
    return [(d.op, d.target, {k: v for k, v in d.args.items() if k != "instruction"})
            for d in drafts]


def _filled(prev: Piece, frag: Fragment, mapper: Mapper) -> Piece | None:
    """`frag` with the verb of `prev` in front, when that makes a step vloop understands."""
    verb = _verb_en(prev.meant)
    if not verb or verb in _QUESTION_WORDS or has_cjk(frag.text):
        return None
    if not _NOUN_FIRST.match(frag.text) or _BETWEEN.search(prev.meant):
        return None
    filled = Piece(frag.text, f"{verb} {frag.text}")
    return None if is_unknown(mapper(filled.meant)) else filled


def _continued(prev: Piece, frag: Fragment, mapper: Mapper) -> list[Piece] | None:
    """`prev` and `frag` as they should be planned, or None when `frag` stands on its own."""
    joined = Piece(prev.written + frag.sep + frag.text, prev.meant + frag.sep + frag.text)
    if _CONSTRAINT.match(frag.text):
        return [joined]
    if not frag.weak or starts_clause(frag.text):
        return None
    before = mapper(prev.meant)
    if is_unknown(before) or is_color_list(frag.text) or _describes_diagram(before):
        return [joined]
    filled = _filled(prev, frag, mapper)
    if filled:
        return [prev, filled]
    alone = mapper(frag.text)
    if is_unknown(alone) or _gist(alone) == _gist(before):
        return [joined]  # a trailing phrase ("delete the plate, including the food") or a restatement
    return [joined] if _gist(mapper(joined.meant)) != _gist(before) else None


def _describes_diagram(drafts: list[Draft]) -> bool:
    """A diagram's description takes what follows it: "draw a circle and its diameter"."""
    return any(d.op == "diagram" for d in drafts)


def resolve(fragments: list[Fragment], mapper: Mapper) -> list[Piece]:
    """The pieces to plan, each one clause."""
    pieces: list[Piece] = []
    for frag in fragments:
        continued = _continued(pieces[-1], frag, mapper) if pieces else None
        if continued is None:
            pieces.append(Piece(frag.text, frag.text))
        else:
            pieces[-1:] = continued
    return pieces
