"""Builders for annotate's marks beyond boxes — arrows, numbered badges, measurement lines, the
eye line, the face's symmetry axis, the horizon — and for geometry figures ("画一个圆和它的
直径"), which the diagram op draws.

A mark on targets names them as `annotate` does (faces, people, text) or as a thing ("the
cat" -> object:cat); a builder that finds none declines, so "a flowchart with arrows" goes on
to the diagram rules. A Chinese request gets a Chinese label.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.planner.builders import annotate_targets
from agent.planner.builders_untyped import aspect
from agent.planner.draft import Built, Draft
from agent.planner.language import has_cjk
from agent.planner.nouns import trim
from agent.planner.phrases import find_colors
from agent.planner.quotes import Protected
from agent.planner.targets import canonical
from tools.diagrams.parse_geometry import parse_geometry

_ZH_TARGET = {"faces": "人脸", "people": "人物", "text": "文字"}
_ZH_MARK = {"eye_line": "眼睛连线", "symmetry_axis": "对称轴", "horizon": "地平线"}
_ZH_MARK_WORDS = re.compile("地平线|海平线|天际线|对称轴|对称线|中轴线")
_AS_TARGET = {"face": "faces", "person": "people", "text": "text"}
# What an arrow points at, or what is measured: "pointing at the cat", "指向猫", "the width of the cup".
# "Add an arrow on top of the sign" adds a sticker: a thing is pointed at, not put an arrow on.
_POINTED = re.compile(
    r"^.*(?<![A-Za-z])(?:at|towards?|(?:point(?:ing|s|ed)?|aim(?:ed|ing)?)\s+to)\s+(?P<what>[^,，]+?)\s*$"
    r"|(?:指向|指着|指出|对准|指)(?P<zh>[^，,]+?)$", re.I)
_MEASURED = re.compile(r"(?:width|height|size|length)\s+of\s+(?P<what>[^,，]+?)\s*$"
                       r"|^measure\s+(?P<what2>[^,，]+?)(?:'s|’s)?\s*(?:width|height|size)?\s*$"
                       r"|(?:测量|量一下|量出|标出|标注|标明|画出)?(?P<zh>[^，,]+?)的?(?:宽度|高度|尺寸|长度|多宽|多高)",
                       re.I)
_HEIGHT = re.compile(r"height|tall|高度|多高|有多高", re.I)
_AROUND = re.compile(r"(?<![A-Za-z])around(?![A-Za-z])|圈出|圈住|框", re.I)


def _style(part: Protected) -> dict:
    colors = find_colors(part.text)
    return {"color": colors[0]} if colors else {}


def _named(words: str | None, part: Protected) -> tuple[str, str] | None:
    """(target, label words) for a thing named in `words`: a face, person, text or object."""
    if not words:
        return None
    written = trim(part.value(words))
    found = canonical(written)
    if found in _AS_TARGET:
        return _AS_TARGET[found], _ZH_TARGET[_AS_TARGET[found]]
    if found and found.startswith("object:"):
        return found, written
    return None


def _target(pattern: re.Pattern[str], part: Protected) -> tuple[str, str] | None:
    named = annotate_targets(part.text)
    if named:
        return named[0], _ZH_TARGET[named[0]]
    m = pattern.search(part.text)
    return _named(next((g for g in m.groups() if g), None), part) if m else None


def on_targets(mark: str, pattern: re.Pattern[str], extra: Callable[[Protected], dict] | None = None):
    """A builder for a mark drawn on targets (arrow, number, measure)."""

    def build(m: re.Match[str], part: Protected) -> Built:
        found = _target(pattern, part)
        if found is None:
            return None
        target, zh_label = found
        args = {"target": target, "mark": mark, **_style(part), **(extra(part) if extra else {})}
        if mark == "arrow" and has_cjk(part.text):
            args["text"] = zh_label
        return Draft("annotate", args, target=target)

    return build


def dimension(part: Protected) -> dict:
    return {"dimension": "height"} if _HEIGHT.search(part.text) else {}


arrow = on_targets("arrow", _POINTED)
numbers = on_targets("number", _POINTED)
measure = on_targets("measure", _MEASURED, dimension)


def on_picture(mark: str):
    """A builder for a mark the picture itself gives: the eye line and symmetry axis of the
    faces, the horizon."""

    def build(m: re.Match[str], part: Protected) -> Built:
        args: dict = {"mark": mark, **_style(part)}
        if has_cjk(part.text):
            said = _ZH_MARK_WORDS.search(part.text)
            args["text"] = said.group() if said else _ZH_MARK[mark]
        target = None if mark == "horizon" else "faces"
        return Draft("annotate", args, target=target)

    return build


eye_line = on_picture("eye_line")
horizon = on_picture("horizon")
_AXIS_OF = re.compile(r"^.*(?<![A-Za-z])(?:of|to|for)\s+(?P<what>[^,，]+?)\s*$"
                      r"|^(?:画出|画|标出|标注|作出|作|加上|加|添加|找出|显示|绘制)?(?:一条)?(?P<zh>[^，,]+?)"
                      r"的(?:对称轴|对称线|中轴线)", re.I)
_THE_FACE = on_picture("symmetry_axis")


def symmetry_axis(m: re.Match[str], part: Protected) -> Built:
    """The face's axis by default ("加一条对称轴"); a person's or a thing's when named
    ("the symmetry axis of the cup", "画出人物的对称轴")."""
    draft = _THE_FACE(m, part)
    found = _target(_AXIS_OF, part)
    if isinstance(draft, Draft) and found and found[0] != "faces":
        draft.args["target"] = draft.target = found[0]
    return draft


def geometry(m: re.Match[str], part: Protected) -> Built:
    """A figure with its lines ("draw a circle and its diameter"): the diagram op's geometry.
    Declines when the shape is a mark on the picture ("draw a circle around the face")."""
    text = part.restore()
    if annotate_targets(part.text) or _AROUND.search(part.text):
        return None
    if parse_geometry(text) is None:
        return None
    return Draft("diagram", {"kind": "geometry", "description": text, **aspect(part.text)})
