"""Planning with memory: an instruction that points back ("same as last time", "和上次一样")
is planned as the earlier request it names, and the user's standing preferences fill what the
instruction left unsaid. The instruction the plan came from is kept, so that the run can be
remembered by what was really done.

One sentence may both state a preference and ask for an edit ("our brand blue is #1E6FFF, make
the background brand blue", "以后背景都用白色，把背景换成白色"): `split_preference` cuts it into
the two, so that the preference is remembered first and then fills what the edit leaves unsaid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.state import Plan
from memory import Memory, Preference, apply_preferences, expand_named_colors
from memory.preferences import parse as parse_preferences
from model_server.errors import BadInput

# Clause ends: commas and sentence ends, not "and" (which joins parts of one edit or preference)
# nor a full stop inside a number.
_CLAUSE_END = re.compile(r"(\s*(?:[,，;；。!！]|\.(?=\s|$))\s*)")


@dataclass
class RememberingPlanner:
    """Wraps a planner; `planned` is the instruction (references resolved) it last planned."""

    planner: Callable[[str], Plan]
    memory: Memory
    planned: list[str] = field(default_factory=list)

    def __call__(self, instruction: str) -> Plan:
        text = self.memory.resolve_reference(instruction) or instruction
        self.planned.append(text)
        return plan_with_preferences(self.planner, text, self.memory.preferences())


def plan_with_preferences(planner: Callable[[str], Plan], text: str, prefs: list[Preference]) -> Plan:
    """`planner`'s plan of `text` with `prefs` filling what it leaves unsaid."""
    # named colours ("our brand blue") become hex codes before planning, so that chained steps
    # ("add a hat, then make it our brand blue") keep their links
    return apply_preferences(planner(expand_named_colors(text, prefs)), prefs)


@dataclass(frozen=True)
class Said:
    """An instruction cut into the preference it states and the edit it asks for; either may be ""."""

    preference: str = ""
    edit: str = ""


def split_preference(text: str, memory: Memory, planner: Callable[[str], Plan]) -> Said:
    """The preference `text` states and the edit it asks for.

    A clause (cut at commas and sentence ends) states a preference when `memory` says it does.
    Any other clause belongs to the edit when `planner` finds an edit in it with the preferences
    applied, to the preference when it adds one ("…, and green boxes"), and to neither otherwise
    ("谢谢"). When the preference clauses do not parse on their own, the text is taken whole, as
    a preference when it is said as one, else as an edit.
    """
    clauses = _clauses(text)
    kinds = ["preference" if memory.is_preference(clause) else "" for _, clause in clauses]
    if "preference" not in kinds:
        return Said(edit=text)
    stored = memory.preferences()
    names = [pref.name for pref in stored if pref.name]
    stated = _parsed(_rebuilt(clauses, kinds, "preference"), names)
    if not stated:
        return Said(preference=text) if memory.is_preference(text) else Said(edit=text)
    prefs = [*stored, *stated]
    for index, (_, clause) in enumerate(clauses):
        if kinds[index]:
            continue
        if any(step.op != "unknown" for step in plan_with_preferences(planner, clause, prefs).steps):
            kinds[index] = "edit"
            continue
        trial = [*kinds[:index], "preference", *kinds[index + 1:]]
        more = _parsed(_rebuilt(clauses, trial, "preference"), names)
        if len(more) > len(stated):
            kinds, stated = trial, more
    return Said(preference=_rebuilt(clauses, kinds, "preference"), edit=_rebuilt(clauses, kinds, "edit"))


def _clauses(text: str) -> list[tuple[str, str]]:
    """(separator before it, clause) for every non-empty clause of `text`."""
    pieces = _CLAUSE_END.split(text.strip())
    separators = ["", *(sep.lstrip() for sep in pieces[1::2])]
    return [(sep, clause) for sep, clause in zip(separators, pieces[0::2], strict=True) if clause]


def _rebuilt(clauses: list[tuple[str, str]], kinds: list[str], kind: str) -> str:
    """The clauses of one kind, joined by the separators the user wrote before them."""
    chosen = [(sep, clause) for (sep, clause), said in zip(clauses, kinds, strict=True) if said == kind]
    return "".join(f"{sep if i else ''}{clause}" for i, (sep, clause) in enumerate(chosen)).strip()


def _parsed(text: str, names: list[str]) -> list[Preference]:
    """The preferences `text` states; [] when it states none vloop can apply."""
    try:
        return parse_preferences(text, names) if text else []
    except BadInput:
        return []


def outcome_of(statuses: list[str]) -> str:
    """passed when every step passed, failed when none did, partial between."""
    passed = sum(status == "passed" for status in statuses)
    if statuses and passed == len(statuses):
        return "passed"
    return "partial" if passed else "failed"
