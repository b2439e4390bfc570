"""A rule is a pattern and a builder; a builder turns a match into draft steps (or declines,
and the next rule is tried). Drafts become `Step`s once the planner numbers and validates them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.planner.quotes import Protected

CAPABILITIES = (
    "change the background (a colour, gradient, blur, another image or a scene), replace quoted "
    "text, recolour, adjust brightness and the like, restyle, remove, add stickers, replace an "
    "object or its material or pose, crop, extend the canvas, combine images, box, number, "
    "measure or point arrows at faces, people or text, connect the eyes, draw a face's symmetry "
    "axis or the horizon, draw charts and geometry figures, read the text (OCR), answer a question"
)


@dataclass
class Draft:
    """A step before it has an id: the op, its arguments and what it acts on.

    `target` is the thing as the user named it ("the hat", "it"); `slot` is the argument that
    holds its canonical form ("target", "anchor"), where a chain reference ("step:s1") goes;
    `product` names what the step makes or changes ("hat" for "add a hat"), so a later step
    can refer to it.
    """

    op: str
    args: dict[str, Any] = field(default_factory=dict)
    target: str | None = None
    reason: str | None = None
    slot: str | None = None
    product: str | None = None


Built = Draft | list[Draft] | None
Builder = Callable[[re.Match[str], Protected], Built]


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    build: Builder


def rule(pattern: str, build: Builder) -> Rule:
    return Rule(re.compile(pattern, re.IGNORECASE), build)


def group(m: re.Match[str], name: str) -> str | None:
    """A named group that a rule's pattern may not define."""
    return m.groupdict().get(name)


def first_match(rules: Sequence[Rule], part: Protected) -> list[Draft] | None:
    """The drafts of the first rule whose pattern matches and whose builder accepts."""
    for r in rules:
        m = r.pattern.search(part.text)
        built = r.build(m, part) if m else None
        if built:
            return built if isinstance(built, list) else [built]
    return None


def unknown(text: str, why: str | None = None) -> Draft:
    """A part the planner could not map, with what vloop can do instead."""
    reason = why or f"vloop did not understand '{text}'; it can: {CAPABILITIES}"
    return Draft(op="unknown", reason=reason)


def is_unknown(drafts: Sequence[Draft]) -> bool:
    return any(d.op == "unknown" for d in drafts)
