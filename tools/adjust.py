"""Adjust brightness, contrast, saturation, warmth, sharpness or blur, on the whole image or a
target ("blur the background")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.base import StepContext, StepOutput, Tool, Verdict

Property = Literal["brightness", "contrast", "saturation", "warmth", "sharpness", "blur"]


class Input(BaseModel):
    property: Property = Field(description="what to change")
    amount: float = Field(default=0.3, ge=-1.0, le=1.0,
                          description="how much: +0.3 is 30% more, -0.3 is 30% less; blur: strength 0-1")
    target: str | None = Field(default=None, description="a target of tools.regions; None = whole image")


class Output(BaseModel):
    target_label: str
    region_fraction: float
    measured_before: float = Field(description="the property measured in the region before")
    measured_after: float = Field(description="the same measure after")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="adjust", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
