"""Change the colour of a target (clothes, background, text, an object, a colour region),
keeping its shading."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    target: str = Field(description="a target of tools.regions: clothes, text, color:red, step:s1, ...")
    color: str = Field(description="the new colour: a name (en/zh) or hex")


class Output(BaseModel):
    target_label: str = Field(description="what was recoloured, as found")
    region_fraction: float = Field(description="share of the image recoloured")
    hue_before: float = Field(description="mean hue of the region before, degrees")
    hue_after: float = Field(description="mean hue of the region after, degrees")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="recolor", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
