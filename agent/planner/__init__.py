"""The rule-based planner: one instruction in Chinese, English or both -> a typed `Plan`.

How it works:
1. `quotes`: quoted strings ('SALE', “五折”, 「…」) become placeholders, so nothing splits or
   matches inside them and they come back exactly as typed.
2. `split`: the instruction is cut into parts on punctuation and connectives (and, then, 再, 然后…).
3. `ellipsis`: colour lists, lists of things, elliptical clauses and constraints are joined back.
4. `mapping`: each part is matched against the pattern tables of `rules_zh` / `rules_en`; the
   first rule whose builder accepts gives the part's steps (`builders`, `builders_pending`).
5. Here: steps are numbered s1, s2…, their args validated against the op's tool `Input`, and a
   part that refers back ("it", "它") depends on the step before it.

Colours are kept as the user wrote them (a `tools.colors` name, lower case, or a hex code):
"红框" gives color "红", "light blue" gives "light blue"; tools call `parse_color` on them.
The planner only ever sees the user's instruction, never text read from an image.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from agent.planner.draft import Draft, unknown
from agent.planner.ellipsis import resolve
from agent.planner.language import detect_language
from agent.planner.mapping import map_part
from agent.planner.quotes import Protected, protect
from agent.planner.split import split
from agent.state import Plan, Step
from model_server.errors import BadInput
from tools import TOOLS

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
    for piece in pieces:
        written = protected.restore(piece.written).strip()
        previous = [steps[-1].id] if steps and _REFERS_BACK.search(piece.meant) else []
        for draft in map_part(protected.part(piece.meant)):
            checked = _validated(draft, written)
            steps.append(Step(id=f"s{len(steps) + 1}", op=checked.op, args=checked.args,
                              target=checked.target, depends_on=previous, text=written,
                              reason=checked.reason))
    return Plan(language=detect_language(protected.text), steps=steps)


def _protected(instruction: str) -> Protected:
    if not instruction or not instruction.strip():
        raise BadInput(f"the instruction is empty: say what to do, {_EXAMPLE}")
    if len(instruction) > MAX_CHARS:
        raise BadInput(f"the instruction is {len(instruction)} characters long: keep it under "
                       f"{MAX_CHARS}, or split it into several runs")
    return protect(instruction)


def _validated(draft: Draft, text: str) -> Draft:
    """The draft if its args fit its tool's Input (ops without a tool pass as they are)."""
    tool = TOOLS.get(draft.op)
    if tool is None:
        return draft
    try:
        tool.input_model.model_validate(draft.args)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        return unknown(text, f"vloop could not use '{text}' for {draft.op}: {field}: {first['msg']}")
    return draft
