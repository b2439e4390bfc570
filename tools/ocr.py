"""Read the text in the image, with a box around each line."""

from __future__ import annotations

from pydantic import BaseModel, Field

from model_server.types import TextLine
from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    pass


class Output(BaseModel):
    lines: list[TextLine] = Field(description="every line read, top to bottom")
    text: str = Field(description="all lines joined by newlines")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(
    name="ocr", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
