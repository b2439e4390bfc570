"""The graph's nodes. Each is a verb that returns only the state keys it changes."""

from __future__ import annotations

import logging
import time

import numpy as np
from langgraph.runtime import Runtime
from PIL import Image

from agent.context import RunContext
from agent.state import Candidate, ImageRef, RunState, Step, StepResult
from model_server.errors import Unsupported
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict

log = logging.getLogger(__name__)


def ingest(state: RunState) -> dict:
    """Start on the first input image."""
    return {"current": state["inputs"][0], "cursor": 0, "attempt": 1, "elapsed": 0.0,
            "candidate": None, "retrying": False, "finished": False}


def plan(state: RunState, runtime: Runtime[RunContext]) -> dict:
    """Split the instruction into typed steps."""
    return {"plan": runtime.context.planner(state["instruction"])}


def execute(state: RunState, runtime: Runtime[RunContext]) -> dict:
    """Run the current step's tool on the working image."""
    step = current_step(state)
    started = time.perf_counter()
    candidate = _attempt(step, state, runtime.context)
    candidate.seconds = time.perf_counter() - started
    return {"candidate": candidate}


def verify(state: RunState, runtime: Runtime[RunContext]) -> dict:
    """Look again at the step's output; finish the step or ask for another attempt."""
    ctx = runtime.context
    step, candidate = current_step(state), state["candidate"]
    assert candidate is not None
    started = time.perf_counter()
    verdict = _verdict(step, candidate, state, ctx)
    elapsed = state["elapsed"] + candidate.seconds + time.perf_counter() - started
    if verdict is None:  # unsupported or skipped: nothing to verify, nothing to retry
        return _finish(state, _result(step, state, candidate, None, elapsed))
    if not verdict.passed and state["attempt"] < ctx.max_attempts:
        log.info("step %s attempt %d failed verification; retrying", step.id, state["attempt"])
        return {"attempt": state["attempt"] + 1, "elapsed": elapsed, "retrying": True,
                "candidate": None}
    finished = _finish(state, _result(step, state, candidate, verdict, elapsed))
    tool = ctx.tools.get(step.op)
    if verdict.passed and tool is not None and tool.kind == "edit" and candidate.image:
        finished["current"] = candidate.image
    return finished


def report(state: RunState) -> dict:
    """Mark the run finished; the runner turns the final state into the report."""
    return {"finished": True, "candidate": None}


def current_step(state: RunState) -> Step:
    return state["plan"].steps[state["cursor"]]


def _attempt(step: Step, state: RunState, ctx: RunContext) -> Candidate:
    blocked = _failed_dependencies(step, state)
    if blocked:
        return Candidate(skipped=f"depends on {', '.join(blocked)}, which did not pass")
    if step.op == "unknown":
        return Candidate(unsupported=step.reason or f"vloop did not understand {step.text!r}")
    tool = ctx.tools.get(step.op)
    if tool is None:
        return Candidate(unsupported=f"the {step.op!r} op is not available in this version of vloop")
    try:
        args = _mask_as_default_target(step.args, tool, state)
        output = tool.run(tool.input_model.model_validate(args), _step_context(state, ctx))
    except Unsupported as exc:
        return Candidate(unsupported=f"{ctx.model.name} backend: {exc}")
    except StepFailed as exc:
        return Candidate(failure=str(exc))
    region = None
    if output.region is not None:
        region = ctx.store.put(Image.fromarray(output.region.astype(np.uint8) * 255))
    return Candidate(image=ctx.store.put(output.image), region=region,
                     data=output.data.model_dump(mode="json"))


WHOLE_IMAGE_TARGETS = (None, "image")


def _mask_as_default_target(args: dict, tool: Tool, state: RunState) -> dict:
    """With a mask drawn by the user, an edit that names no region ("make it blue") acts on it."""
    takes_target = "target" in tool.input_model.model_fields
    if state.get("mask") is None or tool.kind != "edit" or not takes_target:
        return args
    return {**args, "target": "mask"} if args.get("target") in WHOLE_IMAGE_TARGETS else args


def _failed_dependencies(step: Step, state: RunState) -> list[str]:
    status = {r.id: r.status for r in state.get("results", [])}
    return [dep for dep in step.depends_on if status.get(dep) != "passed"]


def _step_context(state: RunState, ctx: RunContext) -> StepContext:
    extra = [ctx.store.get(ref) for ref in state["inputs"][1:]]
    mask = state.get("mask")
    return StepContext(image=ctx.store.get(state["current"]), model=ctx.model,
                       attempt=state["attempt"], extra_images=extra,
                       mask=_load_mask(ctx, mask) if mask else None,
                       regions=_dependency_regions(current_step(state), state, ctx))


def _load_mask(ctx: RunContext, ref: ImageRef) -> np.ndarray:
    return np.asarray(ctx.store.get(ref).convert("L")) > 127


def _dependency_regions(step: Step, state: RunState, ctx: RunContext) -> dict[str, np.ndarray]:
    """The regions of the steps this one depends on, for chained edits ("then make it red")."""
    done = {r.id: r for r in state.get("results", [])}
    return {dep: _load_mask(ctx, done[dep].region) for dep in step.depends_on
            if dep in done and done[dep].region is not None}


def _verdict(step: Step, candidate: Candidate, state: RunState, ctx: RunContext) -> Verdict | None:
    if candidate.unsupported or candidate.skipped:
        return None
    if candidate.failure:
        return Verdict.from_checks([Check(name="op_completed", passed=False, detail=candidate.failure)])
    tool: Tool = ctx.tools[step.op]
    assert candidate.image is not None
    region = _load_mask(ctx, candidate.region) if candidate.region else None
    output = StepOutput(image=ctx.store.get(candidate.image),
                        data=tool.output_model.model_validate(candidate.data), region=region)
    args = _mask_as_default_target(step.args, tool, state)
    return tool.verify(tool.input_model.model_validate(args), _step_context(state, ctx), output)


def _result(step: Step, state: RunState, candidate: Candidate, verdict: Verdict | None,
            elapsed: float) -> StepResult:
    if candidate.unsupported:
        status, reason = "unsupported", candidate.unsupported
    elif candidate.skipped:
        status, reason = "skipped", candidate.skipped
    else:
        assert verdict is not None
        status = "passed" if verdict.passed else "failed"
        reason = None if verdict.passed else _failed_checks(verdict)
    return StepResult(id=step.id, op=step.op, status=status, attempts=state["attempt"],
                      seconds=round(elapsed, 3), image=candidate.image, region=candidate.region,
                      data=candidate.data, verification=verdict, reason=reason)


def _failed_checks(verdict: Verdict) -> str:
    failed = [c for c in verdict.checks if not c.passed]
    return "; ".join(f"{c.name}: {c.detail}" if c.detail else c.name for c in failed)


def _finish(state: RunState, result: StepResult) -> dict:
    return {"results": [result], "cursor": state["cursor"] + 1, "attempt": 1, "elapsed": 0.0,
            "retrying": False, "candidate": None}
