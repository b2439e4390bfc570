"""Combine input images: image 2 as a logo in a corner of image 1, or side by side, or stacked.
(Image 2 as image 1's new background is replace_background with mode=image.)"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict
from tools.placement import Corner


class Input(BaseModel):
    mode: Literal["logo", "side_by_side", "stack"] = Field(description="how to combine")
    image_index: int = Field(default=2, ge=2, description="which input image (1-based) to bring in")
    position: Corner = Field(default="top-right", description="where the logo goes, mode=logo")
    scale: float = Field(default=0.2, gt=0, le=1, description="logo width as a share of image 1's width")


class Output(BaseModel):
    placed: list[Box] = Field(description="where each input image ended up on the output")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="compose", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
