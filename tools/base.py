"""What every op module shares: the step context, the output, checks and verdicts, the registry
entry. An op module defines `Input` and `Output` pydantic models, `run(inp, ctx)` and
`verify(inp, ctx, result)`, and a `TOOL = Tool(...)` entry listed in `tools/__init__.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.protocol import UnifiedModel

InputT = TypeVar("InputT", bound=BaseModel)
OutputT = TypeVar("OutputT", bound=BaseModel)

class StepFailed(Exception):
    """The op could not do what was asked on this image (say, the text to replace is not
    there). The message is the reason shown in the report; the step is marked failed."""


# "edit" ops change the working image; "perceive" ops return data plus a picture of it
# (a map, boxes drawn on a copy) and leave the working image as it was.
ToolKind = Literal["edit", "perceive"]


@dataclass
class StepContext:
    """Everything a step sees: the image it works on and the model it may call."""

    image: Image.Image
    model: UnifiedModel
    attempt: int = 1
    extra_images: list[Image.Image] = field(default_factory=list)
    mask: np.ndarray | None = None  # user mask, bool (H, W), True = region to act on
    regions: dict[str, np.ndarray] = field(default_factory=dict)  # step id -> what it changed


@dataclass
class StepOutput(Generic[OutputT]):
    """What `run` returns: the new image (edit) or picture of the result (perceive), and data."""

    image: Image.Image
    data: OutputT
    region: np.ndarray | None = None  # bool (H, W): what the step changed or added, for chains


class Check(BaseModel):
    """One thing verification looked at."""

    name: str = Field(description="short snake_case name, e.g. ocr_has_new_text")
    passed: bool
    detail: str = Field(default="", description="what was measured, in numbers")
    score: float | None = Field(default=None, description="the measured value, when there is one")


class Verdict(BaseModel):
    """The result of looking again at a step's output."""

    passed: bool
    score: float = Field(ge=0.0, le=1.0, description="fraction of checks that passed")
    checks: list[Check]

    @classmethod
    def from_checks(cls, checks: list[Check]) -> Verdict:
        if not checks:
            raise ValueError("a verdict needs at least one check")
        passed = sum(c.passed for c in checks)
        return cls(passed=passed == len(checks), score=passed / len(checks), checks=checks)


def size_mismatch(before: Image.Image, after: Image.Image) -> Verdict | None:
    """A failing verdict when a step's picture is not the size of its input; None when it is."""
    if after.size == before.size:
        return None
    return Verdict.from_checks([Check(
        name="same_size", passed=False,
        detail=f"the output is {after.width}x{after.height}, the input {before.width}x{before.height}")])


@dataclass(frozen=True)
class Tool(Generic[InputT, OutputT]):
    """A registry entry: one operation with its schemas, `run` and `verify`."""

    name: str
    kind: ToolKind
    summary: str
    input_model: type[InputT]
    output_model: type[OutputT]
    run: Callable[[Any, StepContext], StepOutput[Any]]
    verify: Callable[[Any, StepContext, StepOutput[Any]], Verdict]
