"""Progress events a run emits while it goes: the plan, each step starting, retrying, done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from agent.state import Plan, Step, StepResult

EventKind = Literal["plan", "step_started", "step_retry", "step_finished", "done"]


@dataclass
class RunEvent:
    kind: EventKind
    index: int = 0  # 1-based position of the step in the plan
    total: int = 0
    plan: Plan | None = None
    step: Step | None = None
    result: StepResult | None = None
    attempt: int = 1


def events_from_update(update: dict[str, Any], state: dict[str, Any]) -> list[RunEvent]:
    """Translate one graph update (node name → changed keys) into progress events."""
    events: list[RunEvent] = []
    for node, changes in update.items():
        if not isinstance(changes, dict):
            continue
        events.extend(_events_for(node, changes, state))
    return events


def _events_for(node: str, changes: dict[str, Any], state: dict[str, Any]) -> list[RunEvent]:
    plan: Plan | None = state.get("plan")
    total = len(plan.steps) if plan else 0
    if node == "plan" and plan:
        return [RunEvent("plan", total=total, plan=plan), *_started(plan, 0)]
    if node == "verify" and changes.get("retrying"):
        index = state["cursor"]
        return [RunEvent("step_retry", index + 1, total, step=plan.steps[index],
                         attempt=changes["attempt"])]
    if node == "verify" and changes.get("results") and plan:
        result = changes["results"][-1]
        cursor = changes["cursor"]
        return [RunEvent("step_finished", cursor, total, step=plan.steps[cursor - 1], result=result),
                *_started(plan, cursor)]
    if node == "report":
        return [RunEvent("done", total=total)]
    return []


def _started(plan: Plan, index: int) -> list[RunEvent]:
    if index >= len(plan.steps):
        return []
    return [RunEvent("step_started", index + 1, len(plan.steps), step=plan.steps[index])]
