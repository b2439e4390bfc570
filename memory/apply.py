"""Preferences applied to a plan: named colours become their hex code, and what the user left
unsaid is filled in. What the user said in this instruction always wins.

1. A step whose words name a stored colour ("make the shirt our brand blue", "背景换成品牌色")
   is planned again with the hex code written in, so the planner sees an ordinary colour. A step
   planned alone loses its links to earlier steps ("add a hat, then make it brand blue"), so
   callers should plan `names.expand(instruction, prefs)` in the first place; this catches
   the rest.
2. A step the planner could not map because it said no colour ("change the background",
   "换背景") becomes a colour background when a background colour is preferred.
3. Each preference fills its op's argument where the step's words did not give it: the
   planner's stand-ins (white for "remove the background", red boxes) give way to the preference.
"""

from __future__ import annotations

import logging
import re

from agent.planner import plan as plan_instruction
from agent.planner.phrases import find_colors
from agent.state import Plan, Step
from memory.names import expand, value_of
from memory.preferences import LABEL_WORDS
from memory.types import Preference

logger = logging.getLogger(__name__)

_NEW_BACKGROUND = re.compile(
    r"^(?:please\s+)?(?:change|replace|swap|switch|use a new|give (?:it|the image) a new)\s+(?:the\s+)?"
    r"(?:background|backdrop)(?:\s+please)?$"
    r"|^(?:请)?(?:给(?:图片|照片|这张图|它)?)?(?:换|更换|替换|改)(?:个|一下|一个)?(?:新的?)?背景(?:吧)?$",
    re.I,
)


def apply_preferences(plan: Plan, prefs: list[Preference]) -> Plan:
    """The plan with named colours resolved and unspecified arguments filled from `prefs`
    (later preferences win over earlier ones); `plan` itself is not changed."""
    named = [pref for pref in prefs if pref.name]
    standing = [pref for pref in prefs if not pref.name]
    steps = [_filled(_named_colours(step, named), standing, named) for step in plan.steps]
    return plan.model_copy(update={"steps": steps})


def _named_colours(step: Step, named: list[Preference]) -> Step:
    """Plan the step's words again with named colours written as hex codes."""
    text = expand(step.text, named)
    if text == step.text:
        return step
    replanned = plan_instruction(text).steps
    if len(replanned) != 1 or replanned[0].op == "unknown":
        logger.info("named colour in %r, but %r does not plan as one step; kept as planned", step.text, text)
        return step
    new = replanned[0]
    return step.model_copy(update={"op": new.op, "args": new.args, "target": new.target, "reason": None})


def _filled(step: Step, standing: list[Preference], named: list[Preference]) -> Step:
    step = _background_without_colour(step, standing)
    args = dict(step.args)
    for pref in standing:
        if pref.scope == step.op and _applies(step, pref, named):
            args[pref.arg] = value_of(pref.value, named)
            logger.info("preference %r fills %s.%s of %s", pref.text, step.op, pref.arg, step.id)
    return step if args == step.args else step.model_copy(update={"args": args})


def _background_without_colour(step: Step, standing: list[Preference]) -> Step:
    """"change the background" says no colour, so the planner could not map it; a preferred
    background colour completes it."""
    wanted = any(p.scope == "replace_background" and p.arg == "color" for p in standing)
    if step.op != "unknown" or not wanted or not _NEW_BACKGROUND.match(step.text.strip(" 。.!！")):
        return step
    return step.model_copy(update={"op": "replace_background", "args": {"mode": "color"},
                                   "target": "background", "reason": None})


def _applies(step: Step, pref: Preference, named: list[Preference]) -> bool:
    """The step takes this argument and its words did not give it."""
    if step.op == "replace_background" and step.args.get("mode", "color") not in ("color", "gradient"):
        return False  # a blurred or image background has no colour to fill
    return not _said(expand(step.text, named), pref.arg)


def _said(text: str, arg: str) -> bool:
    if arg == "color":
        return bool(find_colors(text))  # names and hex codes
    if arg == "label":
        return bool(LABEL_WORDS.search(text))
    return False
