"""Follow-ups that act on the thread's last instruction rather than on a fresh request.

- "undo that", "撤销": go back to the picture before the last change.
- "把刚才的红色改成蓝色", "make it blue instead": swap a colour the last instruction chose.
- "make it bigger", "小一点": resize the sticker the last instruction added; when it added none,
  `cannot_resize` says so instead of the request going to the planner as a fresh one.

A revision re-runs the last instruction's plan, with the one argument changed, from the image
that instruction started on; the picture is not edited twice, and the first try stays in the
history as its own branch.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.planner.phrases import find_colors
from agent.state import Plan, Step, StepResult
from model_server.errors import BadInput
from tools.colors import parse_color

UNDO = re.compile(
    r"^\s*(?:undo(?: that| it| the last (?:step|edit|change))?|go back|revert(?: that| it)?|"
    r"撤销(?:上一步|刚才的修改|一下)?|撤回|回到上一步|还原(?:一下)?)\s*[.!。！]?\s*$",
    re.IGNORECASE,
)
INSTEAD = re.compile(r"\binstead\b|\brather\b|还是|刚才|just now|you (?:just )?(?:made|used|chose)",
                     re.IGNORECASE)
BIGGER = re.compile(r"\b(?:bigger|larger)\b|大一点|大一些|放大|更大", re.IGNORECASE)
SMALLER = re.compile(r"\bsmaller\b|小一点|小一些|缩小|更小", re.IGNORECASE)
RESIZE_FACTOR = 1.4
COLOUR_ARGS = ("color", "colour", "background")


@dataclass
class Revision:
    plan: Plan  # the last instruction's plan with the change made
    change: str  # what changed, for the progress line: "s1 color: red → blue"


def is_undo(text: str) -> bool:
    return bool(UNDO.match(text))


def asks_resize(text: str, planner: Callable[[str], Plan]) -> bool:
    """True when `text` asks for bigger or smaller and `planner` finds no edit of its own in it
    ("add a bigger hat" is a new sticker, not a resize)."""
    return _factor(text) is not None and all(step.op == "unknown" for step in planner(text).steps)


def cannot_resize(text: str, last_plan: Plan | None) -> str:
    """Why `text` ("make it bigger") resizes nothing, in one line; `last_plan` is None when there is
    no earlier turn to continue from."""
    said = f"'{text}' resizes the object added last"
    if last_plan is None:
        return (f"{said}; there is no earlier turn that added one: add it first (e.g. 'add a hat on his "
                "head'), then ask again in the same thread")
    added = [s for s in last_plan.steps if s.op == "add_object"]
    if not added:
        ran = ", ".join(dict.fromkeys(s.op for s in last_plan.steps if s.op != "unknown"))
        return f"{said}; the last turn added nothing (it ran {ran or 'no edit'})"
    step = added[-1]
    return (f"{said}; the {step.args.get('object', 'object')} the last turn added ({step.id}) was not "
            "placed, so there is nothing to resize")


def revise(text: str, last_plan: Plan, last_results: list[StepResult]) -> Revision | None:
    """The last plan changed as `text` asks, or None when `text` is not a revision of it (the
    results tell what size a sticker came out when the plan did not say)."""
    return _swap_colour(text, last_plan) or _resize(text, last_plan, last_results)


def _swap_colour(text: str, last_plan: Plan) -> Revision | None:
    colours = find_colors(text)
    if len(colours) >= 2:  # "把刚才的红色改成蓝色": the old colour names the step
        old, new = colours[0], colours[-1]
        match = _step_with_colour(last_plan, old)
    elif len(colours) == 1 and INSTEAD.search(text):  # "make it blue instead"
        new = colours[0]
        match = _only_colour_step(last_plan)
    else:
        return None
    if match is None:
        return None
    step, arg = match
    return Revision(plan=_with_arg(last_plan, step, arg, new),
                    change=f"{step.id} {arg}: {step.args[arg]} → {new}")


def _resize(text: str, last_plan: Plan, last_results: list[StepResult]) -> Revision | None:
    factor = _factor(text)
    added = [s for s in last_plan.steps if s.op == "add_object"]
    if factor is None or not added:
        return None
    step = added[-1]
    placed = next((r for r in last_results if r.id == step.id and r.status == "passed"), None)
    used = step.args.get("scale") or (placed.data.get("scale") if placed else None)
    if not used:
        return None
    scale = round(min(3.0, max(0.03, used * factor)), 3)
    return Revision(plan=_with_arg(last_plan, step, "scale", scale),
                    change=f"{step.id} scale: {used:.2f} → {scale:.2f}")


def _factor(text: str) -> float | None:
    """How much bigger `text` asks the sticker to be: 1.4 for "bigger", 1/1.4 for "小一点"."""
    if BIGGER.search(text):
        return RESIZE_FACTOR
    return 1 / RESIZE_FACTOR if SMALLER.search(text) else None


def _step_with_colour(plan: Plan, colour: str) -> tuple[Step, str] | None:
    """The last step that chose `colour`: the same words first ("红色"), else the same RGB ("红")."""
    wanted = _rgb(colour)
    chosen = [(s, a) for s in plan.steps for a in COLOUR_ARGS if isinstance(s.args.get(a), str)]
    same_words = [(s, a) for s, a in chosen if s.args[a].strip().lower() == colour.strip().lower()]
    same_rgb = [(s, a) for s, a in chosen if wanted is not None and _rgb(s.args[a]) == wanted]
    found = same_words or same_rgb
    return found[-1] if found else None


def _only_colour_step(plan: Plan) -> tuple[Step, str] | None:
    found = [(s, a) for s in plan.steps for a in COLOUR_ARGS
             if isinstance(s.args.get(a), str) and _rgb(s.args[a]) is not None]
    return found[0] if len(found) == 1 else None


def _rgb(colour: str) -> tuple[int, int, int] | None:
    try:
        return parse_color(colour)
    except BadInput:
        return None


def _with_arg(plan: Plan, step: Step, arg: str, value: object) -> Plan:
    steps = [s.model_copy(update={"args": {**s.args, arg: value}}) if s.id == step.id else s
             for s in plan.steps]
    return plan.model_copy(update={"steps": steps})
