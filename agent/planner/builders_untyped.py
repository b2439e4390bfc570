"""Builders for canonical ops that have no tool: answer, the perception maps, diagram and
generate. The executor reports them as unsupported; their args are plain dicts."""

from __future__ import annotations

import re

from agent.planner.builders import annotate_targets
from agent.planner.draft import Built, Draft, group
from agent.planner.nouns import trim
from agent.planner.phrases import RATIO, alternation, clean_target, key, ratio
from agent.planner.quotes import Protected
from agent.planner.vocab import DIAGRAM_KINDS

_KIND_OF = {key(w): name for name, words in DIAGRAM_KINDS.items() for w in words}
DIAGRAM_KIND = alternation(_KIND_OF)
_RATIO_PHRASE = re.compile(
    rf"\s*(?:\b(?:in|at|with)\s+)?(?:an?\s+)?{RATIO.pattern}(?:\s+(?:aspect\s+)?ratio)?"
)
_IMAGE_ITSELF = re.compile(r"^(?:it|image|photo|picture|它|图片|图像|照片|整张图|画面)$", re.I)
_NAMED_IMAGE = re.compile(r"^(?:(?:an?\s+)?(?:image|picture|photo|illustration)\s+of\s+)", re.I)
_ZH_IMAGE = re.compile(r"^(?:一[张幅个])|的?(?:图片|图像|照片|图|画)$")
_ON_SOMETHING = re.compile(r"\s(?:on|onto)\s+(?:the|his|her|its|my|their)\s", re.I)


def aspect(text: str) -> dict:
    found = ratio(text)
    return {"aspect": found} if found else {}


def answer(m: re.Match[str], part: Protected) -> Built:
    return Draft("answer", {"question": part.restore()})


def perception_map(op: str):
    """A builder for depth_map, segmentation_map, edge_map or detection_map (`rest`: of what)."""

    def build(m: re.Match[str], part: Protected) -> Built:
        rest = group(m, "rest")
        targets = annotate_targets(part.text)
        target = targets[0] if targets else trim(part.value(rest or ""))
        args = {"target": target} if target and not _IMAGE_ITSELF.match(target) else {}
        return Draft(op, args, target=args.get("target"))

    return build


def diagram(m: re.Match[str], part: Protected) -> Built:
    kind = _KIND_OF[key(m["kind"])]
    return Draft("diagram", {"kind": kind, "description": part.restore(), **aspect(part.text)})


def generate(m: re.Match[str], part: Protected) -> Built:
    """`prompt` group: what to draw, without "an image of" / "一张…的图片". "Draw a hat on the
    cat" adds to the image instead."""
    if _ON_SOMETHING.search(part.text):
        return None
    prompt = _RATIO_PHRASE.sub("", _NAMED_IMAGE.sub("", part.value(m["prompt"])))
    prompt = clean_target(_ZH_IMAGE.sub("", prompt))
    return Draft("generate", {"prompt": prompt, **aspect(part.text)}) if prompt else None
