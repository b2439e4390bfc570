"""The rule-based planner: one instruction in Chinese, English or both -> a typed `Plan`.

How it works:
1. `quotes`: quoted strings ('SALE', “五折”, 「…」) become placeholders, so nothing splits or
   matches inside them and they come back exactly as typed.
2. `split`: the instruction is cut into parts on punctuation and connectives (and, then, 再, 然后…).
3. `ellipsis`: colour lists, lists of things, elliptical clauses and constraints are joined back.
4. `mapping`: each part is matched against the pattern tables of `rules_zh` / `rules_en`; the
   first rule whose builder accepts gives the part's steps (the `builders*` modules), with
   targets in canonical form (`targets`, `where`, `objects`).
5. `references`: a step that names what an earlier step made ("the hat", "那顶帽子") or points
   back ("it", "它", "the result") acts on that step ("step:sN") and depends on it.
6. `validate`: every step's args are checked against its op's tool `Input`; a step that does
   not fit becomes "unknown" with the reason.

Colours are kept as the user wrote them (a `tools.colors` name, lower case, or a hex code):
"红框" gives color "红", "light blue" gives "light blue"; tools call `parse_color` on them.
The planner only ever sees the user's instruction, never text read from an image.
"""

from __future__ import annotations

import re

from agent.planner.draft import Draft
from agent.planner.ellipsis import resolve
from agent.planner.language import detect_language
from agent.planner.mapping import map_part
from agent.planner.quotes import Protected, protect
from agent.planner.references import Made, link, made
from agent.planner.split import split
from agent.planner.validate import validated
from agent.state import Plan, Step
from model_server.errors import BadInput

MAX_CHARS = 2000
_EXAMPLE = 'e.g. "change the background to light blue" or "把背景换成浅蓝色，再用红框标出人脸"'
_REFERS_BACK = re.compile(
    r"(?<![A-Za-z])(?:it|its|them|the result)(?![A-Za-z])|(?<!其)它|结果|上一步", re.I
)

__all__ = ["MAX_CHARS", "plan"]


def plan(instruction: str) -> Plan:
    """Plan an instruction as typed steps, one or more per part, in the order written.

    Raises:
        BadInput: the instruction is empty (or only punctuation), or longer than MAX_CHARS.
    """
    protected = _protected(instruction)
    pieces = resolve(split(protected.text), lambda text: map_part(protected.part(text)))
    if not pieces:
        raise BadInput(f"the instruction has nothing to do in it: say what to do, {_EXAMPLE}")
    steps: list[Step] = []
    products: list[Made] = []
    for piece in pieces:
        written = protected.restore(piece.written).strip()
        for draft in map_part(protected.part(piece.meant)):
            step = _step(draft, f"s{len(steps) + 1}", written, steps, products, piece.meant)
            steps.append(step)
            thing = made(step.id, draft.product) if step.op != "unknown" else None
            products += [thing] if thing else []
    return Plan(language=detect_language(protected.text), steps=steps)


def _step(draft: Draft, step_id: str, written: str, steps: list[Step], products: list[Made],
          meant: str) -> Step:
    """Link the draft to the step it refers to, validate it, and number it."""
    last = steps[-1].id if steps else None
    depends = link(draft, products, last)
    if not depends and not draft.slot and last and _REFERS_BACK.search(meant):
        depends = [last]  # "read the text and translate it"
    checked = validated(draft, written)
    return Step(id=step_id, op=checked.op, args=checked.args, target=checked.target,
                depends_on=depends, text=written, reason=checked.reason)


def _protected(instruction: str) -> Protected:
    if not instruction or not instruction.strip():
        raise BadInput(f"the instruction is empty: say what to do, {_EXAMPLE}")
    if len(instruction) > MAX_CHARS:
        raise BadInput(f"the instruction is {len(instruction)} characters long: keep it under "
                       f"{MAX_CHARS}, or split it into several runs")
    return protect(instruction)
