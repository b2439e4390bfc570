"""Replace a piece of text in the image with new text, in the old text's place and colour."""

from __future__ import annotations

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    old: str = Field(min_length=1, description="the text to find, as the user wrote it")
    new: str = Field(description="the text to put in its place; empty erases the old text")
    color: str | None = Field(default=None, description="colour of the new text; default: the old text's")


class Output(BaseModel):
    old_box: Box = Field(description="where the old text was found")
    matched_text: str = Field(description="the OCR line (or part of it) that matched `old`")
    new_box: Box = Field(description="where the new text was drawn")
    strategy: str = Field(description="how the old text was erased, e.g. flat_fill or inpaint_telea")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(
    name="replace_text", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
