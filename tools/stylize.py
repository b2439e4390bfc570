"""Restyle the image with a named classical filter: oil painting, watercolour, pencil sketch,
cartoon, comic, mosaic, vintage, Van Gogh-like strokes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.base import StepContext, StepOutput, Tool, Verdict

StyleName = Literal["oil_painting", "watercolor", "pencil_sketch", "cartoon", "comic", "mosaic",
                    "vintage", "van_gogh"]

# The fixed list the planner and the help text both show: name -> (English, Chinese, aliases).
STYLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "oil_painting": ("oil painting", "油画", ("oil", "oil-painting", "油画风格")),
    "watercolor": ("watercolour", "水彩", ("watercolor", "water colour", "水彩画")),
    "pencil_sketch": ("pencil sketch", "素描", ("sketch", "pencil", "pencil drawing", "铅笔画", "铅笔素描")),
    "cartoon": ("cartoon", "卡通", ("anime", "toon", "动漫", "漫画风")),
    "comic": ("comic / halftone", "波普漫画", ("comic", "halftone", "pop art", "网点", "美漫")),
    "mosaic": ("mosaic", "马赛克", ("pixel art", "pixelate", "pixelated", "像素风")),
    "vintage": ("vintage", "复古", ("retro", "sepia", "old photo", "老照片", "怀旧")),
    "van_gogh": ("Van Gogh-like brush strokes", "梵高风格", ("van gogh", "starry night", "梵高", "星空")),
}


class Input(BaseModel):
    style: StyleName = Field(description="one of the named styles")
    strength: float = Field(default=1.0, gt=0.0, le=1.0, description="blend with the original, 1 = full")
    target: str | None = Field(default=None, description="a target of tools.regions; None = whole image")


class Output(BaseModel):
    style: StyleName
    region_fraction: float


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    raise NotImplementedError


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    raise NotImplementedError


TOOL = Tool(name="stylize", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
