"""Put back together what splitting cut too eagerly: colour lists ("black and white"), lists of
things ("the faces, the text"), elliptical clauses ("…, the text in green" after "box the faces
in red") and constraints ("keep the face unchanged"), which belong to the clause before them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.planner.draft import Draft, is_unknown
from agent.planner.language import has_cjk
from agent.planner.phrases import is_color_list
from agent.planner.rules_en import strip_polite
from agent.planner.split import Fragment
from agent.planner.vocab import VERBS_EN, VERBS_ZH

Mapper = Callable[[str], list[Draft]]

_CONSTRAINT = re.compile(
    r"^(?:keep|leave|preserve|don'?t|do not|without|but keep|while keeping|make sure not|"
    r"except)(?![A-Za-z])|^(?:保持|保留|不要|别|不改变|不改|不动|其他|其余|但)",
    re.I,
)
_FIRST_WORD = re.compile(r"[A-Za-z']+")


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


def _continued(prev: Piece, frag: Fragment, mapper: Mapper) -> list[Piece] | None:
    """`prev` and `frag` as they should be planned, or None when `frag` stands on its own."""
    joined = Piece(prev.written + frag.sep + frag.text, prev.meant + frag.sep + frag.text)
    if _CONSTRAINT.match(frag.text):
        return [joined]
    if not frag.weak or starts_clause(frag.text):
        return None
    if is_color_list(frag.text):
        return [joined]
    alone = mapper(frag.text)
    asking = [d.op for d in mapper(prev.meant)] == ["answer"]
    if not is_unknown(alone) and not asking:
        return None  # a clause of its own; but a question keeps its list ("a red button, no overflow?")
    verb = _verb_en(prev.meant)
    if verb and not has_cjk(frag.text):
        filled = Piece(frag.text, f"{verb} {frag.text}")
        if not is_unknown(mapper(filled.meant)):
            return [prev, filled]
    return [joined]


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
