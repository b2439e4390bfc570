"""The report of a run: the contract of DESIGN.md, shared by the CLI, the UI and the API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.state import Language, RunState, Step, StepResult, StepStatus
from tools.base import Verdict


class InputInfo(BaseModel):
    path: str
    sha256: str
    width: int
    height: int


class PlannedStep(BaseModel):
    id: str
    op: str
    args: dict[str, Any]
    depends_on: list[str]
    target: str | None = None
    text: str = ""
    reason: str | None = None


class StepReport(BaseModel):
    id: str
    op: str
    status: StepStatus
    attempts: int
    seconds: float
    image: str | None = Field(default=None, description="path of the step's output picture")
    verification: Verdict | None = None
    reason: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class Report(BaseModel):
    instruction: str
    language: Language
    inputs: list[InputInfo]
    plan: list[PlannedStep]
    steps: list[StepReport]
    output: str | None
    passed: bool
    seconds: float
    backend: str
    thread_id: str


def planned(step: Step) -> PlannedStep:
    return PlannedStep(id=step.id, op=step.op, args=step.args, depends_on=step.depends_on,
                       target=step.target, text=step.text, reason=step.reason)


def step_report(result: StepResult) -> StepReport:
    return StepReport(id=result.id, op=result.op, status=result.status, attempts=result.attempts,
                      seconds=result.seconds, image=result.image.path if result.image else None,
                      verification=result.verification, reason=result.reason, data=result.data)


def build_report(state: RunState, *, inputs: list[InputInfo], output: str | None, seconds: float,
                 backend: str, thread_id: str) -> Report:
    steps = [step_report(r) for r in state.get("results", [])]
    return Report(
        instruction=state["instruction"], language=state["plan"].language, inputs=inputs,
        plan=[planned(s) for s in state["plan"].steps], steps=steps, output=output,
        passed=bool(steps) and all(s.status == "passed" for s in steps),
        seconds=round(seconds, 3), backend=backend, thread_id=thread_id,
    )
