"""Extend the canvas to an aspect ratio (4:1, 1:3, 16:9 ...) or a size, filling the new area
plausibly from the image, not with bars."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    ratio: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$", description="W:H, e.g. 4:1")
    width: int | None = Field(default=None, ge=8, le=8192)
    height: int | None = Field(default=None, ge=8, le=8192)
    fill: Literal["auto", "reflect", "blur", "inpaint", "color"] = Field(
        default="auto", description="how to fill the new area")
    color: str | None = Field(default=None, description="the fill colour, fill=color")


class Output(BaseModel):
    original_box: Box = Field(description="where the original image sits on the new canvas")
    fill: str = Field(description="the fill actually used")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="resize_canvas", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
