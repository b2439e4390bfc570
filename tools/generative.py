"""Edits only a generative model can make — replace an object, change a material, change a
pose. They share one mechanism: the step's words go to the backend's `edit`; the embedded
backend raises Unsupported with the reason, so the report says which backend can do them."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field

from tools.base import Check, StepContext, StepOutput, Tool, Verdict

CHANGED_PIXEL = 24  # a channel difference above this counts as a changed pixel
MIN_CHANGED = 0.005  # an edit that changes less than this share of pixels did nothing


class Input(BaseModel):
    target: str = Field(min_length=1, description="what to change, as the user named it")
    new: str = Field(min_length=1, description="what it should become (object, material or pose)")
    instruction: str = Field(description="the user's words for this step, passed to the edit model")


class Output(BaseModel):
    backend: str = Field(description="the backend that made the edit")
    changed_fraction: float = Field(description="share of pixels the edit changed")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    edited = ctx.model.edit(ctx.image, inp.instruction).convert("RGB").resize(ctx.image.size)
    changed = _changed(ctx, edited)
    return StepOutput(image=edited, data=Output(backend=ctx.model.name,
                                                changed_fraction=float(changed.mean())),
                      region=changed)


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    # Without an open-vocabulary detector the only honest check is that something changed.
    share = float(_changed(ctx, result.image).mean())
    return Verdict.from_checks([Check(name="image_changed", passed=share > MIN_CHANGED, score=share,
                                      detail=f"{share:.1%} of pixels changed; need {MIN_CHANGED:.1%}")])


def _changed(ctx: StepContext, edited) -> np.ndarray:
    before = np.asarray(ctx.image.convert("RGB"), dtype=np.int16)
    after = np.asarray(edited.convert("RGB").resize(ctx.image.size), dtype=np.int16)
    return np.abs(before - after).max(axis=2) > CHANGED_PIXEL


def generative_tool(name: str, summary: str) -> Tool:
    return Tool(name=name, kind="edit", summary=summary, input_model=Input, output_model=Output,
                run=run, verify=verify)


REPLACE_OBJECT = generative_tool(
    "replace_object", 'Replace an object with another ("turn the man into a bear").')
CHANGE_MATERIAL = generative_tool(
    "change_material", 'Change what something is made of ("make the cup gold").')
CHANGE_POSE = generative_tool(
    "change_pose", 'Change a person\'s or animal\'s pose ("make her raise her arm").')
