"""Chat messages from run events, reports and history: pure adapters, no Gradio objects.

A message is the dict Gradio's Chatbot takes: `{"role": ..., "content": text | file | [both]}`,
where a file is `{"path": ...}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from agent.events import RunEvent
from agent.history import History, HistoryNode
from agent.planner.describe import describe_step
from agent.report import Report
from agent.state import ImageRef, Plan, StepResult
from memory import Preference
from ui.progress import STATUS_MARK

Message = dict


def user_message(text: str, images: Sequence[str | Path] = ()) -> Message:
    files = [{"path": str(p)} for p in images]
    return {"role": "user", "content": [*files, text] if files else text}


def assistant(text: str, image: ImageRef | str | None = None) -> Message:
    if image is None:
        return {"role": "assistant", "content": text}
    path = image.path if isinstance(image, ImageRef) else image
    return {"role": "assistant", "content": [text, {"path": path}]}


def plan_message(plan: Plan) -> Message:
    lines = [f"**Plan** · {len(plan.steps)} step(s), {plan.language}"]
    lines += [f"{i}. {describe_step(step)}" for i, step in enumerate(plan.steps, start=1)]
    return assistant("\n".join(lines))


def step_message(event: RunEvent) -> Message:
    """A finished step: its status, the verification's checks and its picture."""
    result = event.result
    assert result is not None, "step_finished events carry a result"
    return assistant("\n".join(step_lines(result, event.index, event.total)), result.image)


def event_message(event: RunEvent) -> Message | None:
    """What the chat shows for a run event: the plan, or a finished step; None for the others."""
    if event.kind == "plan" and event.plan:
        return plan_message(event.plan)
    if event.kind == "step_finished" and event.result:
        return step_message(event)
    return None


def step_lines(result: StepResult, index: int, total: int) -> list[str]:
    mark = STATUS_MARK.get(result.status, "?")
    lines = [f"**Step {index}/{total} {mark} {result.op} — {result.status}** · "
             f"{result.attempts} attempt(s), {result.seconds:.2f}s"]
    if result.reason:
        lines.append(f"_{result.reason}_")
    checks = result.verification.checks if result.verification else []
    lines += [f"- {'✓' if c.passed else '✗'} `{c.name}` {c.detail}" for c in checks]
    return lines


def progress_text(event: RunEvent) -> str:
    """Step i of n and the running step's name, for the progress line under the chat."""
    if event.kind == "plan":
        return f"Planned {event.total} step(s)"
    if event.kind == "done":
        return "Done"
    name = describe_step(event.step) if event.step else ""
    if event.kind == "step_retry":
        return f"Step {event.index} of {event.total}: {name} · retrying (attempt {event.attempt})"
    if event.kind == "step_started":
        return f"Step {event.index} of {event.total}: {name} · running"
    return f"Step {event.index} of {event.total}: {name} · finished"


def summary_message(report: Report) -> Message:
    passed = sum(s.status == "passed" for s in report.steps)
    mark = "✓" if report.passed else "✗"
    return assistant(f"{mark} **{passed}/{len(report.steps)} steps passed** in {report.seconds:.1f}s · "
                     f"thread `{report.thread_id}`")


def remembered_message(preferences: Sequence[Preference]) -> Message:
    said = "; ".join(p.describe() for p in preferences)
    return assistant(f"✎ Remembered for later requests: {said}. Nothing was run.")


def moved_message(verb: str, head: HistoryNode, tail: str = "") -> Message:
    """The head moved (undo, going back to a step, switching branch): where it is now."""
    return assistant(f"{verb} **{head.label}** (turn {head.turn}){tail}.", head.image)


def history_messages(history: History) -> list[Message]:
    """The chat of a thread, rebuilt from its history: each turn on the path to the head."""
    messages: list[Message] = []
    path = history.path_to_head()
    for _turn, nodes in groupby(path, key=lambda node: node.turn):
        group = list(nodes)
        first = group[0]
        images = [first.image.path] if first.status == "input" else []
        messages.append(user_message(first.instruction, images))
        messages += [node_message(node) for node in group if node.status != "input"]
    return messages


def node_message(node: HistoryNode) -> Message:
    return assistant(f"**{node.label}** (turn {node.turn})", node.image)
