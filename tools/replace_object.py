"""Replace an object with another ("turn the man into a bear") with a generative edit model."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.base import Check, StepContext, StepOutput, Tool, Verdict


class Input(BaseModel):
    target: str = Field(min_length=1, description="the object to replace, as the user named it")
    new: str = Field(min_length=1, description="what to put in its place")
    instruction: str = Field(description="the user's words for this step, passed to the edit model")


class Output(BaseModel):
    backend: str = Field(description="the backend that made the edit")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    # The embedded backend raises Unsupported here, with the reason; generative backends edit.
    edited = ctx.model.edit(ctx.image, inp.instruction)
    return StepOutput(image=edited, data=Output(backend=ctx.model.name))


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    # Without an open-vocabulary detector the only honest check is that something changed.
    import numpy as np

    before = np.asarray(ctx.image.convert("RGB"), dtype=np.int16)
    after = np.asarray(result.image.convert("RGB").resize(ctx.image.size), dtype=np.int16)
    changed = float((np.abs(before - after).max(axis=2) > 24).mean())
    return Verdict.from_checks([
        Check(name="image_changed", passed=changed > 0.005, score=changed,
              detail=f"{changed:.1%} of pixels changed"),
    ])


TOOL = Tool(
    name="replace_object", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
