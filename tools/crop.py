"""Crop to a target (the face, the person, the text) or to an aspect ratio."""

from __future__ import annotations

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    ratio: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$", description="W:H")
    target: str | None = Field(default=None, description="a target of tools.regions to keep in frame")
    margin: float = Field(default=0.15, ge=0, le=1, description="space around the target, share of its size")


class Output(BaseModel):
    box: Box = Field(description="the crop, in the input's pixels")
    target_box: Box | None = None


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="crop", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
