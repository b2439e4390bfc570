"""Remove something — text, a person, a face, the main object, a masked region — and fill
the hole from its surroundings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    target: str = Field(description="a target of tools.regions: text, text:SALE, person, face, mask, ...")
    method: Literal["auto", "telea", "ns", "patch"] = Field(
        default="auto", description="how to fill: auto picks by hole size and texture")


class Output(BaseModel):
    target_label: str
    hole_box: Box = Field(description="bounding box of the filled hole")
    hole_fraction: float
    method: str = Field(description="the fill actually used")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="remove_object", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
