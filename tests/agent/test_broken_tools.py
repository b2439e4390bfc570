"""Verification that can fail: broken tools planted in the real loop, checked by the real
verifiers on the real embedded backend. Each broken result must be caught, retried, and
reported as failed (exit code 1) — a verifier that always passes is the worst bug we can have."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agent.runner import Runner
from agent.settings import Settings
from agent.state import Step
from tests.fixtures.scripted import scripted_planner
from tools import TOOLS
from tools import replace_background as rb
from tools import replace_text as rt
from tools.base import StepContext, StepOutput, Tool
from ui.cli import exit_code
from ui.demo import demo_image


def returns_input(run: Callable) -> Callable:
    def broken(inp, ctx: StepContext) -> StepOutput:
        honest = run(inp, ctx)
        return StepOutput(image=ctx.image.copy(), data=honest.data)

    return broken


def writes_wrong_text(inp: rt.Input, ctx: StepContext) -> StepOutput:
    return rt.run(inp.model_copy(update={"new": "WRONG"}), ctx)


def recolours_subject(inp: rb.Input, ctx: StepContext) -> StepOutput:
    honest = rb.run(inp, ctx)
    subject = ctx.model.person_mask(ctx.image) > 0.5
    pixels = np.asarray(ctx.image).copy()
    pixels[subject] = (173, 216, 230)
    return StepOutput(image=Image.fromarray(pixels), data=honest.data)


CASES = [
    ("replace_text", {"old": "SALE", "new": "五折"}, returns_input(rt.run), "ocr_has_new_text"),
    ("replace_text", {"old": "SALE", "new": "五折"}, writes_wrong_text, "ocr_has_new_text"),
    ("replace_background", {"mode": "color", "color": "light blue"}, returns_input(rb.run),
     "background_is_target"),
    ("replace_background", {"mode": "color", "color": "light blue"}, recolours_subject,
     "subject_unchanged"),
]


def run_with(tmp_path: Path, embedded_model, op: str, args: dict, broken_run: Callable):
    tools: dict[str, Tool] = dict(TOOLS)
    tools[op] = replace(TOOLS[op], run=broken_run)
    runner = Runner(Settings(home=tmp_path / "home", max_attempts=2), model=embedded_model,
                    tools=tools, planner=scripted_planner(Step(id="s1", op=op, args=args)))
    return runner.edit([demo_image()], "scripted")


@pytest.mark.parametrize(("op", "args", "broken_run", "failing_check"), CASES,
                         ids=["text-unchanged", "text-wrong", "background-unchanged", "subject-recoloured"])
def test_broken_tool_is_caught_retried_and_reported(tmp_path, embedded_model, op, args, broken_run,
                                                    failing_check):
    report = run_with(tmp_path, embedded_model, op, args, broken_run).report
    step = report.steps[0]
    assert step.status == "failed"
    assert step.attempts == 2  # the retry ran
    failed = {c.name for c in step.verification.checks if not c.passed}
    assert failing_check in failed
    assert not report.passed and exit_code(report) == 1


@pytest.mark.parametrize("op,args", [(c[0], c[1]) for c in CASES[::2]], ids=["text", "background"])
def test_the_honest_tool_passes_the_same_verifier(tmp_path, embedded_model, op, args):
    report = run_with(tmp_path, embedded_model, op, args, TOOLS[op].run).report
    assert report.steps[0].status == "passed", report.steps[0].reason
    assert exit_code(report) == 0
