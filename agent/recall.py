"""Planning with memory: an instruction that points back ("same as last time", "和上次一样")
is planned as the earlier request it names, and the user's standing preferences fill what the
instruction left unsaid. The instruction the plan came from is kept, so that the run can be
remembered by what was really done."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from agent.state import Plan
from memory import Memory, apply_preferences, expand_named_colors


@dataclass
class RememberingPlanner:
    """Wraps a planner; `planned` is the instruction (references resolved) it last planned."""

    planner: Callable[[str], Plan]
    memory: Memory
    planned: list[str] = field(default_factory=list)

    def __call__(self, instruction: str) -> Plan:
        preferences = self.memory.preferences()
        text = self.memory.resolve_reference(instruction) or instruction
        self.planned.append(text)
        # named colours ("our brand blue") become hex codes before planning, so that chained steps
        # ("add a hat, then make it our brand blue") keep their links
        return apply_preferences(self.planner(expand_named_colors(text, preferences)), preferences)


def outcome_of(statuses: list[str]) -> str:
    """passed when every step passed, failed when none did, partial between."""
    passed = sum(status == "passed" for status in statuses)
    if statuses and passed == len(statuses):
        return "passed"
    return "partial" if passed else "failed"
