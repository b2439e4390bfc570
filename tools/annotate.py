"""Draw labelled boxes around faces, people or text lines, in the colour asked for."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    target: Literal["faces", "people", "text"] = Field(description="what to box")
    color: str = Field(default="red", description="box colour, name (en/zh) or hex")
    style: Literal["box", "highlight"] = Field(default="box", description="outline, or a translucent fill")
    label: bool = Field(default=True, description="write a label with the score next to each box")
    line_width: int | None = Field(default=None, ge=1, le=50, description="outline width; default scales with the image")


class Output(BaseModel):
    boxes: list[Box] = Field(description="the boxes drawn")
    labels: list[str] = Field(description="the label of each box")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(
    name="annotate", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
