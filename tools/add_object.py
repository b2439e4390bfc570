"""Add a sticker from vloop's bundled icon set (a hat, a sun, a star, ...), anchored to
something perception found or to a named position."""

from __future__ import annotations

from pydantic import BaseModel, Field

from model_server.types import Box
from tools.base import StepContext, StepOutput, Tool, Verdict
from tools.placement import Corner, Relation


class Input(BaseModel):
    object: str = Field(description="a sticker name from tools.stickers (en or zh), e.g. hat, 太阳")
    anchor: str | None = Field(default=None, description="a tools.regions target to place it by")
    relation: Relation = Field(default="on", description="where relative to the anchor")
    position: Corner | None = Field(default=None, description="a named position when there is no anchor")
    scale: float | None = Field(default=None, gt=0, le=1,
                                description="size as a share of the anchor (or image) width")
    count: int = Field(default=1, ge=1, le=10, description="how many (one per anchor instance, or spread)")
    color: str | None = Field(default=None, description="tint the sticker this colour")


class Output(BaseModel):
    sticker: str = Field(description="the sticker's canonical name")
    boxes: list[Box] = Field(description="where each copy was placed")
    anchor_box: Box | None = Field(default=None, description="the anchor it was placed by")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="add_object", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
