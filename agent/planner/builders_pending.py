"""Builders for canonical ops that have no tool yet. The executor reports them as unsupported;
their args are best-effort plain dicts until their tools define an Input."""

from __future__ import annotations

import re

from agent.planner.builders import annotate_targets
from agent.planner.draft import Built, Draft, group
from agent.planner.phrases import (
    RATIO,
    alternation,
    clean_target,
    image_indices,
    key,
    normalise_color,
    ratio,
    size,
)
from agent.planner.quotes import Protected
from agent.planner.vocab import ADJUSTMENTS, DECREASE, DIAGRAM_KINDS, INCREASE, MATERIALS, STYLES


def _names(table: dict[str, list[str]]) -> dict[str, str]:
    return {key(w): name for name, words in table.items() for w in words}


_STYLE_OF = _names(STYLES)
_MATERIAL_OF = _names(MATERIALS)
_KIND_OF = _names(DIAGRAM_KINDS)
STYLE = alternation(_STYLE_OF)
MATERIAL = alternation(_MATERIAL_OF)
DIAGRAM_KIND = alternation(_KIND_OF)
ADJUST = alternation(w for _, words, _ in ADJUSTMENTS for w in words)
_ADJUSTMENTS = [
    (re.compile(alternation(words), re.I), prop, way) for prop, words, way in ADJUSTMENTS
]
_INCREASE = re.compile(alternation(INCREASE), re.I)
_DECREASE = re.compile(alternation(DECREASE), re.I)
_NOT_A_THING = re.compile(r"\s(?:into|to|with)\s|\s(?:a|an)$", re.I)
_RATIO_PHRASE = re.compile(
    rf"\s*(?:\b(?:in|at|with)\s+)?(?:an?\s+)?{RATIO.pattern}(?:\s+(?:aspect\s+)?ratio)?"
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_IMAGE_ITSELF = re.compile(r"^(?:it|image|photo|picture|它|图片|图像|照片|整张图|画面)$", re.I)
_ADDING = re.compile(r"^(?:add|insert|put|place|加|添加|增加|放)", re.I)
_NAMED_IMAGE = re.compile(r"^(?:(?:an?\s+)?(?:image|picture|photo|illustration)\s+of\s+)", re.I)
_ZH_IMAGE = re.compile(r"^(?:一[张幅个])|的?(?:图片|图像|照片|图|画)$")


def _target(text: str | None) -> dict:
    target = clean_target(text or "")
    return {"target": target} if target and not _IMAGE_ITSELF.match(target) else {}


def _aspect(text: str) -> dict:
    found = ratio(text)
    return {"aspect": found} if found else {}


def answer(m: re.Match[str], part: Protected) -> Built:
    return Draft("answer", {"question": part.restore()})


def recolor(m: re.Match[str], part: Protected) -> Built:
    """`target` and `color` groups."""
    where = re.sub(r"^(?:the\s+)?colou?r\s+of\s+", "", part.value(m["target"]), flags=re.I)
    if _NOT_A_THING.search(where):
        return None  # "turn the apple into an orange": the fruit, not the colour
    args = {**_target(where), "color": normalise_color(m["color"])}
    return Draft("recolor", args, target=args.get("target"))


def stylize(m: re.Match[str], part: Protected) -> Built:
    if _ADDING.match(part.text):
        return None  # "add a cartoon hat" adds an object
    return Draft("stylize", {"style": _STYLE_OF[key(m.group())]})


def change_material(m: re.Match[str], part: Protected) -> Built:
    """`target` and `mat` groups."""
    args = {**_target(part.value(m["target"])), "material": _MATERIAL_OF[key(m["mat"])]}
    return Draft("change_material", args, target=args.get("target"))


def _direction(text: str, implied: str | None) -> dict:
    if implied:
        return {"direction": implied}
    if _INCREASE.search(text):
        return {"direction": "increase"}
    return {"direction": "decrease"} if _DECREASE.search(text) else {}


def adjust(m: re.Match[str], part: Protected) -> Built:
    """The first adjustment named; its direction, said or implied; an amount given in %."""
    prop, way = next((p, w) for pattern, p, w in _ADJUSTMENTS if pattern.search(part.text))
    args = {"property": prop, **_direction(part.text, way)}
    percent = _PERCENT.search(part.text)
    if percent:
        args["amount"] = float(percent[1]) / 100
    return Draft("adjust", args)


def crop(m: re.Match[str], part: Protected) -> Built:
    """A ratio ("crop to 4:1", "裁成正方形") or what to keep (`rest` group: "the face")."""
    found = ratio(part.text)
    args = {"ratio": found} if found else _target(part.value(m["rest"] or ""))
    return Draft("crop", args, target=args.get("target"))


def resize_canvas(m: re.Match[str], part: Protected) -> Built:
    """A new aspect ratio or pixel size; declines when the part gives neither."""
    found, pixels = ratio(part.text), size(part.text)
    if found:
        return Draft("resize_canvas", {"ratio": found})
    return Draft("resize_canvas", {"width": pixels[0], "height": pixels[1]}) if pixels else None


def compose(m: re.Match[str], part: Protected) -> Built:
    indices = image_indices(part.text)
    return Draft("compose", {"images": indices} if indices else {})


def perception_map(op: str):
    """A builder for depth_map, segmentation_map, edge_map or detection_map (`rest`: of what)."""

    def build(m: re.Match[str], part: Protected) -> Built:
        rest = group(m, "rest")
        targets = annotate_targets(part.text)
        args = {"target": targets[0]} if targets else _target(rest and part.value(rest))
        return Draft(op, args, target=args.get("target"))

    return build


def diagram(m: re.Match[str], part: Protected) -> Built:
    kind = _KIND_OF[key(m["kind"])]
    return Draft("diagram", {"kind": kind, "description": part.restore(), **_aspect(part.text)})


def generate(m: re.Match[str], part: Protected) -> Built:
    """`prompt` group: what to draw, without "an image of" / "一张…的图片"."""
    prompt = _RATIO_PHRASE.sub("", _NAMED_IMAGE.sub("", part.value(m["prompt"])))
    prompt = clean_target(_ZH_IMAGE.sub("", prompt))
    return Draft("generate", {"prompt": prompt, **_aspect(part.text)}) if prompt else None


def add_object(m: re.Match[str], part: Protected) -> Built:
    """`obj` and optional `where` groups; quoted text in `obj` is text to add."""
    quoted = part.contents(m["obj"])
    thing = {"object": "text", "text": quoted[0]} if quoted else {"object": clean_target(
        part.value(m["obj"]))}
    where = _target(part.value(group(m, "where") or "")).get("target")
    return Draft("add_object", {**thing, **({"where": where} if where else {})}, target=where)


def remove_object(m: re.Match[str], part: Protected) -> Built:
    """`obj` group. Quoted text is erased with replace_text (new text empty)."""
    quoted = part.contents(m["obj"])
    if quoted:
        return [Draft("replace_text", {"old": q, "new": ""}, target=q) for q in quoted]
    args = _target(part.value(m["obj"]))
    return Draft("remove_object", args, target=args.get("target")) if args else None
