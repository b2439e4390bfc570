"""The run's state, defined in one place. Everything here is JSON-serialisable so that every
step can be checkpointed; images appear only as references into the image store."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict

from pydantic import BaseModel, Field

from tools.base import Verdict

Language = Literal["zh", "en", "mixed"]
StepStatus = Literal["passed", "failed", "unsupported", "skipped"]


class ImageRef(BaseModel):
    """An image in the content-addressed store."""

    sha256: str
    path: str
    width: int
    height: int


class Step(BaseModel):
    """One planned operation."""

    id: str = Field(description="s1, s2, ... in plan order")
    op: str = Field(description="canonical op name, a key of tools.TOOLS, or 'unknown'")
    args: dict[str, Any] = Field(default_factory=dict, description="validated by the op's Input")
    target: str | None = Field(default=None, description="what the step acts on, as named by the user")
    depends_on: list[str] = Field(default_factory=list, description="ids of steps this one needs")
    text: str = Field(default="", description="the part of the instruction this step came from")
    reason: str | None = Field(default=None, description="why the planner could not map it, op=unknown")


class Plan(BaseModel):
    """What the planner understood."""

    language: Language
    steps: list[Step]


class Candidate(BaseModel):
    """A step's output waiting for verification."""

    image: ImageRef | None = None
    region: ImageRef | None = Field(default=None, description="mask of what the step changed")
    data: dict[str, Any] = Field(default_factory=dict)
    seconds: float = 0.0
    unsupported: str | None = Field(default=None, description="the backend's reason, when it could not")
    failure: str | None = Field(default=None, description="why the op could not do it on this image")
    skipped: str | None = Field(default=None, description="why the step did not run")


class StepResult(BaseModel):
    """A finished step, as it appears in the report."""

    id: str
    op: str
    status: StepStatus
    attempts: int
    seconds: float
    image: ImageRef | None = Field(default=None, description="the step's output picture")
    region: ImageRef | None = Field(default=None, description="mask of what the step changed")
    data: dict[str, Any] = Field(default_factory=dict)
    verification: Verdict | None = None
    reason: str | None = None


def extend_or_reset(done: list[StepResult], new: list[StepResult]) -> list[StepResult]:
    """The `results` reducer: nodes append finished steps; a new turn's input `[]` starts afresh."""
    return list(new) if not new else done + new


class RunState(TypedDict, total=False):
    """The graph's state. Nodes return only the keys they change."""

    instruction: str
    turn: int  # 1 for a thread's first instruction, then one more for each follow-up
    inputs: list[ImageRef]
    mask: ImageRef | None
    plan: Plan
    cursor: int  # index into plan.steps of the step being worked on
    attempt: int  # 1-based attempt number of that step
    current: ImageRef  # the working image: the input, then each passed edit's output
    candidate: Candidate | None
    elapsed: float  # seconds spent on the current step over all its attempts
    retrying: bool  # the last verification failed and the step will run again
    finished: bool
    results: Annotated[list[StepResult], extend_or_reset]  # this turn's finished steps
