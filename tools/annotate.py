"""Annotate an image: boxes, arrows, numbers, measurements, eye lines, symmetry axes, horizons.

Boxes and highlights go around faces, people or text lines; arrows point at them with a label
at the tail; numbered badges call them out in reading order; dimension lines measure their width
or height in pixels; face landmarks give the line joining the eyes and the face's symmetry axis;
the horizon is found from the picture's edges. Every mark is checked by looking again (see
`tools.annotations`).
"""

from __future__ import annotations

from typing import Literal, assert_never

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field, model_validator

from model_server.types import Box, Detection
from tools import masks
from tools.annotations import arrows, box_checks, face_lines, horizon, measure, numbers, subject_axis
from tools.annotations.boxes import Style, default_line_width, draw_boxes, frame
from tools.annotations.checks import elsewhere_unchanged, labels_read, strokes_colored
from tools.annotations.marks import Mark, footprint
from tools.annotations.render import render
from tools.annotations.tags import label_size
from tools.annotations.targets import Target, detect, name
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.colors import RGB, parse_color

__all__ = ["TOOL", "Input", "Output", "default_line_width", "draw_boxes", "frame", "label_size", "run",
           "verify"]

MarkName = Literal["box", "arrow", "number", "measure", "eye_line", "symmetry_axis", "horizon"]
_ON_TARGETS = {"box", "arrow", "number", "measure"}
_ON_FACES = {"eye_line", "symmetry_axis"}
DEFAULT_TEXT = {"eye_line": "eye line", "symmetry_axis": "symmetry axis", "horizon": "horizon"}


class Input(BaseModel):
    target: Target | None = Field(
        default=None, description="what to mark: faces, people, text or object:NAME, e.g. object:cat "
        "(eye lines: faces; symmetry axes: faces, people or an object; the horizon: none)")
    mark: MarkName = Field(default="box", description="box (or highlight), arrow, number, measure, "
                           "eye_line, symmetry_axis or horizon")
    color: str = Field(default="red", description="mark colour, name (en/zh) or hex")
    style: Style = Field(default="box", description="for boxes: outline, or a translucent fill")
    label: bool = Field(default=True, description="write a label by each mark")
    text: str | None = Field(default=None, min_length=1, max_length=40,
                             description="the label's words, e.g. 人脸; default names the mark")
    dimension: Literal["width", "height"] = Field(default="width", description="what `measure` measures")
    line_width: int | None = Field(
        default=None, ge=1, le=50, description="line width; default scales with the image"
    )

    @model_validator(mode="after")
    def _target_fits_mark(self) -> Input:
        if self.mark in _ON_TARGETS and self.target is None:
            raise ValueError(f"a {self.mark} needs a target: faces, people or text")
        if self.mark == "eye_line" and self.target not in (None, "faces"):
            raise ValueError(f"an eye line is drawn from face landmarks, not on {self.target}")
        if self.mark == "symmetry_axis" and self.target == "text":
            raise ValueError("a symmetry axis is drawn for faces, people or an object, not for text")
        if self.mark == "horizon" and self.target is not None:
            raise ValueError(f"the horizon is found in the whole picture, not on {self.target}")
        return self

    @property
    def on_subject(self) -> bool:
        """A symmetry axis of a person or an object, from its mask rather than face landmarks."""
        return self.mark == "symmetry_axis" and self.target not in (None, "faces")

    @property
    def marked(self) -> str | None:
        return "faces" if self.mark in _ON_FACES and not self.on_subject else self.target


class Output(BaseModel):
    boxes: list[Box] = Field(description="the targets' boxes (drawn for box and number)")
    labels: list[str] = Field(description="the label of each box or mark")
    label_boxes: list[Box] = Field(default_factory=list, description="where each label's tag was drawn")
    line_width: int = Field(default=0, description="line width used, in pixels")
    marks: list[Mark] = Field(default_factory=list, description="arrows, badges, lines drawn")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Mark faces, people or text (box, arrow, number, measure), face lines or the horizon."""
    image = ctx.image.convert("RGB")
    color = parse_color(inp.color)
    width = inp.line_width or default_line_width(image.size)
    # 1. Find what to mark.
    found = _find(inp, ctx, image)
    boxes = [d.box for d in found]
    # 2. Boxes (with their tags) under the marks, where the mark is a box or a numbered box.
    if inp.mark in ("box", "number"):
        labels = [d.label for d in found] if inp.mark == "box" and inp.label else None
        image, tags = draw_boxes(image, boxes, labels, color, width=width, style=inp.style)
        if inp.mark == "box":
            data = Output(boxes=boxes, labels=[d.label for d in found], label_boxes=tags, line_width=width)
            return StepOutput(image=image, data=data)
    # 3. The marks and their labels.
    marks = _marks(inp, ctx, found, image, width)
    data = Output(boxes=boxes, labels=[m.text for m in marks], line_width=width, marks=marks,
                  label_boxes=[m.label_box for m in marks if m.label_box is not None])
    return StepOutput(image=render(image, marks, color), data=data)


def _find(inp: Input, ctx: StepContext, image: Image.Image) -> list[Detection]:
    target = inp.marked
    if target is None or inp.on_subject:
        return []
    found = detect(ctx.model, image, target)
    if not found:
        raise StepFailed(f"no {target} found in the image: nothing to annotate")
    return found


def _text(inp: Input) -> str:
    if not inp.label:
        return ""
    if inp.text:
        return inp.text
    return name(inp.target) if inp.mark == "arrow" and inp.target else DEFAULT_TEXT.get(inp.mark, "")


def _marks(inp: Input, ctx: StepContext, found: list[Detection], image: Image.Image,
           width: int) -> list[Mark]:
    size, mark, stroke = image.size, inp.mark, width | 1  # odd: a line centred on its pixels
    if mark == "arrow":
        return arrows.make(found, _text(inp), stroke, size)
    if mark == "number":
        return numbers.make(found, [frame(d.box, width, "box", size) for d in found], size)
    if mark == "measure":
        return measure.make(found, inp.dimension, stroke, size)
    if mark == "symmetry_axis" and inp.on_subject and inp.target:
        return subject_axis.make(ctx.model, image, inp.target, _text(inp), stroke)
    if mark == "eye_line" or mark == "symmetry_axis":
        return face_lines.make(image, found, mark, _text(inp), stroke)
    if mark == "horizon":
        return horizon.make(image, _text(inp), stroke)
    if mark == "box":
        raise AssertionError("boxes are drawn by draw_boxes")
    assert_never(mark)


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the marks are where the targets (or landmarks, or the horizon) are found in
    the output, in the asked colour, their labels read back, and nothing else changed."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before, after = ctx.image.convert("RGB"), result.image.convert("RGB")
    data, color = result.data, parse_color(inp.color)
    if inp.mark == "box":
        return Verdict.from_checks(_box_checks(inp, ctx, before, after, data, color))
    covered = footprint(data.marks, after.size)
    checks = [strokes_colored(after, data.marks, color)]
    if inp.mark == "number":
        frames = [frame(b, data.line_width, "box", after.size) for b in data.boxes]
        no_tags = np.zeros(covered.shape, bool)
        checks.append(box_checks.outline_color(after, frames, data.line_width, color, no_tags))
        covered |= masks.box_mask(covered.shape, frames, grow=1)
    if any(m.text for m in data.marks):
        checks.append(labels_read(ctx.model, after, data.marks, color))
    checks += _kind_checks(inp, ctx, before, after, data, color)
    checks.append(elsewhere_unchanged(before, after, covered))
    return Verdict.from_checks(checks)


def _kind_checks(inp: Input, ctx: StepContext, before: Image.Image, after: Image.Image, data: Output,
                 color: RGB) -> list[Check]:
    model, mark, target = ctx.model, inp.mark, inp.marked
    if mark == "horizon":
        return horizon.checks(before, data.marks)
    assert target is not None
    if mark == "arrow":
        return arrows.checks(model, after, target, data.marks)
    if mark == "number":
        return numbers.checks(model, after, target, data.marks)
    if mark == "measure":
        return measure.checks(model, after, target, inp.dimension, data.marks, color)
    if mark == "symmetry_axis" and inp.on_subject:
        return subject_axis.checks(model, before, after, target, data.marks)
    if mark == "eye_line" or mark == "symmetry_axis":
        return face_lines.checks(model, before, after, mark, data.boxes, data.marks)
    if mark == "box":
        raise AssertionError("boxes have their own checks")
    assert_never(mark)


def _box_checks(inp: Input, ctx: StepContext, before: Image.Image, after: Image.Image, data: Output,
                color: RGB) -> list[Check]:
    """Each box sits on something the detector finds in the output, its outline (or tint) has the
    asked colour, its label is on a tag, and nothing changed away from the boxes and labels."""
    assert inp.target is not None
    frames = [frame(b, data.line_width, inp.style, after.size) for b in data.boxes]
    tags = masks.box_mask((after.height, after.width), data.label_boxes)
    colour = (box_checks.outline_color(after, frames, data.line_width, color, tags) if inp.style == "box"
              else box_checks.highlight_color(before, after, data.boxes, color, tags))
    covered = masks.box_mask(tags.shape, frames + data.label_boxes, grow=1)
    checks = [box_checks.boxes_where_found(ctx.model, after, inp.target, data.boxes), colour,
              elsewhere_unchanged(before, after, covered)]
    if inp.label:
        checks.append(box_checks.label_tags(after, data.label_boxes, len(data.boxes), color))
    return checks


TOOL = Tool(
    name="annotate", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
