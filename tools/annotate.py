"""Draw labelled boxes around faces, people or text lines, in the colour asked for."""

from __future__ import annotations

from typing import Literal, assert_never

import numpy as np
from PIL import Image, ImageDraw
from pydantic import BaseModel, Field

from model_server.protocol import UnifiedModel
from model_server.types import Box
from tools import masks
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict
from tools.colors import RGB, parse_color
from tools.drawing import contrasting_color, draw_text_in_box, fit_font, load_font, text_bbox

Target = Literal["faces", "people", "text"]
Style = Literal["box", "highlight"]

HIGHLIGHT_OPACITY = 0.35
LABEL_MAX_CHARS = 24
MIN_TEXT_SCORE = 0.5  # fainter OCR readings are mostly texture taken for letters
COLOR_TOLERANCE = 40.0  # RGB distance under which a sampled outline pixel has the asked colour


class Input(BaseModel):
    target: Literal["faces", "people", "text"] = Field(description="what to box")
    color: str = Field(default="red", description="box colour, name (en/zh) or hex")
    style: Literal["box", "highlight"] = Field(default="box", description="outline, or a translucent fill")
    label: bool = Field(default=True, description="write a label with the score next to each box")
    line_width: int | None = Field(
        default=None, ge=1, le=50, description="outline width; default scales with the image"
    )


class Output(BaseModel):
    boxes: list[Box] = Field(description="the boxes drawn")
    labels: list[str] = Field(description="the label of each box")
    label_boxes: list[Box] = Field(default_factory=list, description="where each label's tag was drawn")
    line_width: int = Field(default=0, description="outline width used, in pixels")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Box every face, person or text line, with a label on a tag in the box colour."""
    image = ctx.image.convert("RGB")
    color = parse_color(inp.color)
    found = detect(ctx.model, image, inp.target)
    if not found:
        raise StepFailed(f"no {inp.target} found in the image: nothing to annotate")
    boxes, labels = [b for b, _ in found], [t for _, t in found]
    width = inp.line_width or default_line_width(image.size)
    out, tags = draw_boxes(
        image, boxes, labels if inp.label else None, color, width=width, style=inp.style
    )
    data = Output(boxes=boxes, labels=labels, label_boxes=tags, line_width=width)
    return StepOutput(image=out, data=data)


def detect(model: UnifiedModel, image: Image.Image, target: Target) -> list[tuple[Box, str]]:
    """The boxes to draw and their labels. Text boxes are padded so the outline clears the ink."""
    if target == "faces":
        return [(d.box, f"face {d.score:.2f}") for d in model.detect_faces(image)]
    if target == "people":
        return [(d.box, f"person {d.score:.2f}") for d in model.detect_people(image)]
    if target == "text":
        lines = [t for t in model.ocr(image) if t.score >= MIN_TEXT_SCORE]
        return [(_text_box(t.box, image.size), _short(t.text)) for t in lines]
    assert_never(target)


def _text_box(box: Box, size: tuple[int, int]) -> Box:
    return box.pad(max(2, round(0.12 * box.height)), *size)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 1] + "…"


def default_line_width(size: tuple[int, int]) -> int:
    """Outline width that reads at this image size: 3 px at 512, 5 px at 1024."""
    return max(2, round(min(size) / 200))


def label_size(size: tuple[int, int]) -> int:
    """Label font size: 16 px at 512, 32 px at 1024."""
    return max(12, round(min(size) / 32))


def frame(box: Box, width: int, style: Style, size: tuple[int, int]) -> Box:
    """The rectangle a drawn box covers: for an outline, the box grown by the line width (the
    line sits just outside the box), clipped to the image; for a highlight, the box."""
    return box.pad(width if style == "box" else 0, *size)


def draw_boxes(
    image: Image.Image,
    boxes: list[Box],
    labels: list[str] | None,
    color: RGB,
    *,
    width: int,
    style: Style = "box",
) -> tuple[Image.Image, list[Box]]:
    """A copy of `image` with each box outlined (or highlighted) and, if `labels` are given,
    each label on a tag in the box colour. Returns the copy and the tags' boxes."""
    out = image.convert("RGB").copy()
    frames = [frame(b, width, style, out.size) for b in boxes]
    if style == "highlight":
        arr = np.asarray(out, dtype=np.float32).copy()
        for b in boxes:
            tinted = arr[b.y0 : b.y1, b.x0 : b.x1] * (1 - HIGHLIGHT_OPACITY)
            arr[b.y0 : b.y1, b.x0 : b.x1] = tinted + np.array(color) * HIGHLIGHT_OPACITY
        out = Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8))
    else:
        draw = ImageDraw.Draw(out)
        for f in frames:
            if f.area:
                draw.rectangle((f.x0, f.y0, f.x1 - 1, f.y1 - 1), outline=color, width=width)
    return out, (_draw_tags(out, frames, labels, color) if labels is not None else [])


def _draw_tags(image: Image.Image, frames: list[Box], labels: list[str], color: RGB) -> list[Box]:
    """Draw each label on a filled tag above its frame (else below, else inside), inside the
    image and, where there is a choice, off the other frames and tags."""
    size = label_size(image.size)
    pad = max(2, size // 5)
    ink = contrasting_color(color)
    draw = ImageDraw.Draw(image)
    placed: list[Box] = []
    for i, (f, text) in enumerate(zip(frames, labels, strict=True)):
        font = load_font(size)
        line_h = _line_height(font)
        if _text_width(text, font) + 2 * pad > image.width:
            font = fit_font(text, image.width - 2 * pad, line_h)
        tag_w, tag_h = _text_width(text, font) + 2 * pad, line_h + 2 * pad
        others = frames[:i] + frames[i + 1 :] + placed
        tag = _place(tag_w, tag_h, f, others, image.size)
        draw.rectangle((tag.x0, tag.y0, tag.x1 - 1, tag.y1 - 1), fill=color)
        draw_text_in_box(image, text, tag, ink, font=font)
        placed.append(tag)
    return placed


def _text_width(text: str, font: object) -> int:
    x0, _, x1, _ = text_bbox(text, font)  # type: ignore[arg-type]
    return x1 - x0


def _line_height(font: object) -> int:
    _, y0, _, y1 = text_bbox("Ag国0", font)  # type: ignore[arg-type]
    return y1 - y0


def _place(tag_w: int, tag_h: int, f: Box, others: list[Box], size: tuple[int, int]) -> Box:
    w, h = size
    tag_w, tag_h = min(tag_w, w), min(tag_h, h)
    spots = [(f.x0, f.y0 - tag_h), (f.x0, f.y1), (f.x0, f.y0)]
    fits = []
    for x, y in spots:
        x = min(max(0, x), w - tag_w)
        if 0 <= y <= h - tag_h:
            fits.append(Box(x0=x, y0=y, x1=x + tag_w, y1=y + tag_h))
    if not fits:  # taller than the space above and below: over the frame's top
        x, y = min(max(0, f.x0), w - tag_w), min(max(0, f.y0), h - tag_h)
        return Box(x0=x, y0=y, x1=x + tag_w, y1=y + tag_h)
    return min(fits, key=lambda t: sum(_overlap(t, o) for o in others))  # first free spot wins ties


def _overlap(a: Box, b: Box) -> int:
    return max(0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0, min(a.y1, b.y1) - max(a.y0, b.y0))


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: each box sits on something the detector finds in the output, its outline
    has the asked colour, and nothing changed away from the boxes and labels."""
    before, after = ctx.image.convert("RGB"), result.image.convert("RGB")
    if after.size != before.size:
        return Verdict.from_checks([Check(
            name="same_size", passed=False,
            detail=f"output is {after.width}x{after.height}, input {before.width}x{before.height}",
        )])
    data, color = result.data, parse_color(inp.color)
    frames = [frame(b, data.line_width, inp.style, after.size) for b in data.boxes]
    tags = masks.box_mask((after.height, after.width), data.label_boxes)
    colour_check = (
        _outline_color(after, frames, data.line_width, color, tags)
        if inp.style == "box"
        else _highlight_color(before, after, data.boxes, color, tags)
    )
    checks = [
        _boxes_where_found(ctx.model, after, inp.target, data.boxes),
        colour_check,
        _elsewhere_unchanged(before, after, frames + data.label_boxes),
    ]
    if inp.label:
        checks.append(_label_tags(after, data.label_boxes, len(data.boxes), color))
    return Verdict.from_checks(checks)


def _boxes_where_found(model: UnifiedModel, after: Image.Image, target: Target, boxes: list[Box]) -> Check:
    if not boxes:
        return Check(name="boxes_where_found", passed=False, detail="no boxes were drawn")
    found = [b for b, _ in detect(model, after, target)]
    best = [max((b.iou(f) for f in found), default=0.0) for b in boxes]
    bad = [f"{b.as_tuple()} (IoU {s:.2f})" for b, s in zip(boxes, best, strict=True) if s < 0.5]
    return Check(
        name="boxes_where_found", passed=not bad, score=round(1 - len(bad) / len(boxes), 4),
        detail=(f"no {target} found again at " + ", ".join(bad)) if bad
        else f"all {len(boxes)} box(es) on {target} found again in the output (IoU >= 0.5)",
    )


def _outline_color(after: Image.Image, frames: list[Box], width: int, color: RGB, tags: np.ndarray) -> Check:
    """Pixels along the middle of each outline (off the label tags) have the asked colour."""
    arr = np.asarray(after, dtype=np.float32)
    shares = []
    for f in frames:
        ys, xs = _ring(f, width // 2)
        keep = ~tags[ys, xs]
        dist = np.linalg.norm(arr[ys[keep], xs[keep]] - np.array(color, np.float32), axis=1)
        shares.append(float((dist <= COLOR_TOLERANCE).mean()) if keep.any() else 0.0)
    worst = min(shares, default=0.0)
    return Check(
        name="outline_color", passed=bool(shares) and worst >= 0.9, score=round(worst, 4),
        detail=f"worst outline: {worst:.1%} of its pixels within {COLOR_TOLERANCE:g} of {color}; need 90%",
    )


def _label_tags(after: Image.Image, tags: list[Box], count: int, color: RGB) -> Check:
    """One tag per box, each mostly the box colour (the label's letters cover the rest)."""
    if len(tags) != count:
        return Check(name="label_tags", passed=False, detail=f"{len(tags)} label tag(s) for {count} box(es)")
    arr = np.asarray(after, dtype=np.float32)
    shares = [
        float((np.linalg.norm(arr[t.y0 : t.y1, t.x0 : t.x1] - np.array(color, np.float32), axis=2)
               <= COLOR_TOLERANCE).mean()) if t.area else 0.0
        for t in tags
    ]
    worst = min(shares, default=1.0)
    return Check(
        name="label_tags", passed=worst >= 0.5, score=round(worst, 4),
        detail=f"{len(tags)} tag(s); the palest is {worst:.1%} the box colour; need 50%",
    )


def _ring(f: Box, inset: int) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates (ys, xs) of the rectangle `inset` pixels inside frame `f`."""
    x0, y0 = f.x0 + inset, f.y0 + inset
    x1, y1 = max(x0, f.x1 - 1 - inset), max(y0, f.y1 - 1 - inset)
    xs = np.arange(x0, x1 + 1)
    ys = np.arange(y0, y1 + 1)
    all_x = np.concatenate([xs, xs, np.full(len(ys), x0), np.full(len(ys), x1)])
    all_y = np.concatenate([np.full(len(xs), y0), np.full(len(xs), y1), ys, ys])
    return all_y, all_x


def _highlight_color(
    before: Image.Image, after: Image.Image, boxes: list[Box], color: RGB, tags: np.ndarray
) -> Check:
    """Inside each box the output is the input tinted with the colour at the highlight opacity."""
    a, b = np.asarray(before, np.float32), np.asarray(after, np.float32)
    expected = a * (1 - HIGHLIGHT_OPACITY) + np.array(color, np.float32) * HIGHLIGHT_OPACITY
    shares = []
    for box in boxes:
        inside = masks.box_mask(tags.shape, [box]) & ~tags
        diff = np.abs(b[inside] - expected[inside]).max(axis=1)
        shares.append(float((diff <= 3).mean()) if inside.any() else 0.0)
    worst = min(shares, default=0.0)
    return Check(
        name="highlight_color", passed=bool(shares) and worst >= 0.9, score=round(worst, 4),
        detail=f"worst box: {worst:.1%} of its pixels tinted {HIGHLIGHT_OPACITY:.0%} "
        f"towards {color}; need 90%",
    )


def _elsewhere_unchanged(before: Image.Image, after: Image.Image, drawn: list[Box]) -> Check:
    away = ~masks.box_mask((before.height, before.width), drawn, grow=1)
    diff = np.abs(np.asarray(before, np.int16) - np.asarray(after, np.int16)).max(axis=2)
    same = float((diff[away] <= 2).mean()) if away.any() else 1.0
    return Check(
        name="elsewhere_unchanged", passed=same >= 0.998, score=round(same, 4),
        detail=f"{same:.2%} of {away.sum()} pixels away from the boxes and labels unchanged; need 99.8%",
    )


TOOL = Tool(
    name="annotate", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
