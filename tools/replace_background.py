"""Put a new background behind the subject: a colour, a gradient, a blur, or another image."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.base import StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    mode: Literal["color", "gradient", "blur", "image"] = Field(
        default="color", description="what the new background is made of"
    )
    color: str | None = Field(default=None, description="colour name (en/zh) or hex; for color, gradient start")
    color2: str | None = Field(default=None, description="gradient end colour")
    image_index: int | None = Field(default=None, ge=1, description="input image (1-based) to use as background, mode=image")
    blur_radius: float = Field(default=12.0, gt=0, description="blur strength, mode=blur")


class Output(BaseModel):
    subject: Literal["person", "salient"] = Field(description="which mask separated the subject")
    subject_fraction: float = Field(description="fraction of pixels kept as foreground")
    kept_text_lines: int = Field(default=0, description="OCR text lines kept in front of the new background")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(
    name="replace_background", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
