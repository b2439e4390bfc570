"""Read the text in the image, with a box around each line."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps
from pydantic import BaseModel, Field

from model_server.protocol import UnifiedModel
from model_server.types import Box, TextLine
from tools import masks
from tools.annotate import default_line_width, draw_boxes
from tools.base import Check, StepContext, StepOutput, Tool, Verdict
from tools.text_match import normalize, similarity

BOX_COLOR = (230, 30, 120)  # a magenta that rarely matches the text it frames
AGREEMENT = 0.8  # similarity a second reading needs to count as the same text
REREAD_TEXT_HEIGHT = 48  # px: the recogniser's input height; small lines are upscaled to it
REREAD_MAX_TEXT_HEIGHT = 96  # px: taller lines are scaled down to it (a 431 px "10" on cat fur)
CANVAS_MAX_WIDTH, CANVAS_MAX_HEIGHT, GAP = 1600, 1400, 32
CANVAS_MIN_SIDE = 128  # px: room around a single short crop for the detector to see it whole
MISSED_MIN_SCORE = 0.7  # a reading this sure, of 2+ characters, that no line covers is missed text


class Input(BaseModel):
    pass


class Output(BaseModel):
    lines: list[TextLine] = Field(description="every line read, top to bottom")
    text: str = Field(description="all lines joined by newlines")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Read every line of text (Chinese and English); the picture shows each line numbered."""
    image = ctx.image.convert("RGB")
    lines = ctx.model.ocr(image)  # the protocol returns lines in reading order
    picture, _ = draw_boxes(
        image, [line.box for line in lines], [str(i + 1) for i in range(len(lines))],
        BOX_COLOR, width=default_line_width(image.size),
    )
    return StepOutput(image=picture, data=Output(lines=lines, text="\n".join(t.text for t in lines)))


# Verification: a second look


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Re-read every line from an upscaled crop of it, and look for text no line covers."""
    image = ctx.image.convert("RGB")
    lines = result.data.lines
    return Verdict.from_checks([
        _boxes_inside_image(lines, image.size),
        _lines_reread(ctx.model, image, lines),
        _no_text_missed(ctx.model, image, lines),
    ])


def _boxes_inside_image(lines: list[TextLine], size: tuple[int, int]) -> Check:
    w, h = size
    bad = [
        t.box.as_tuple() for t in lines
        if not (0 <= t.box.x0 < t.box.x1 <= w and 0 <= t.box.y0 < t.box.y1 <= h)
    ]
    detail = f"{len(lines)} box(es) inside {w}x{h}"
    if bad:
        detail = f"boxes outside the {w}x{h} image or empty: {bad}"
    return Check(name="boxes_inside_image", passed=not bad, detail=detail)


def _lines_reread(model: UnifiedModel, image: Image.Image, lines: list[TextLine]) -> Check:
    if not lines:
        return Check(name="lines_reread", passed=True, detail="no lines to re-read")
    second = reread(model, image, [t.box for t in lines])
    scores = [similarity(t.text, again) for t, again in zip(lines, second, strict=True)]
    bad = [f"{t.text!r} re-read as {again!r} ({s:.2f})"
           for t, again, s in zip(lines, second, scores, strict=True) if s < AGREEMENT]
    agreed = 1 - len(bad) / len(lines)
    return Check(
        name="lines_reread", passed=not bad, score=round(agreed, 4),
        detail=("; ".join(bad) if bad else f"all {len(lines)} line(s) re-read alike")
        + f" (need similarity {AGREEMENT})",
    )


@dataclass
class _Slot:
    index: tuple[int, int]  # (request, box)
    top: int
    bottom: int


def reread(model: UnifiedModel, image: Image.Image, boxes: list[Box]) -> list[str]:
    """Read each box again from a padded crop scaled so its text is about 48 px tall."""
    return reread_many(model, [(image, boxes)])[0]


def read_drawn(model: UnifiedModel, image: Image.Image, boxes: list[Box]) -> list[str]:
    """What the recogniser alone reads in each box: for one-line labels vloop drew itself (a
    legend, a box's tag), where the question is whether they are legible where they were put,
    not whether they are text. Faster than `reread`, which must find each line again."""
    readable = [i for i, box in enumerate(boxes) if box.pad(0, *image.size).area > 0]
    read = model.read_lines([_scaled_crop(image, boxes[i]) for i in readable]) if readable else []
    texts = [""] * len(boxes)
    for i, (text, _) in zip(readable, read, strict=True):
        texts[i] = text
    return texts


def reread_many(model: UnifiedModel, requests: list[tuple[Image.Image, list[Box]]]) -> list[list[str]]:
    """`reread` for boxes on several images at once: for each (image, boxes), what each box reads.

    The crops, their text scaled to 48-96 px tall, are stacked on a few tall canvases, one OCR
    call each, read as they are (`enlarge=False`): enlarged to the detector's usual 736 px
    short side, a 1600x150 canvas would become 7850x736, take seconds and make 48 px text
    235 px tall. A second look, not the same call again: the detector must find each line
    anew on its canvas, which texture that once read as text ("10" on fur) rarely passes.
    """
    crops = [(r, i, _scaled_crop(image, box)) for r, (image, boxes) in enumerate(requests)
             for i, box in enumerate(boxes) if box.pad(0, *image.size).area > 0]  # else nothing to read
    texts = [[""] * len(boxes) for _, boxes in requests]
    canvas_crops: list[tuple[tuple[int, int], Image.Image]] = []
    height = 0
    for r, i, crop in crops:
        if canvas_crops and height + crop.height + GAP > CANVAS_MAX_HEIGHT:
            _read_canvas(model, canvas_crops, texts)
            canvas_crops, height = [], 0
        canvas_crops.append(((r, i), crop))
        height += crop.height + GAP
    if canvas_crops:
        _read_canvas(model, canvas_crops, texts)
    return texts


def _scaled_crop(image: Image.Image, box: Box) -> Image.Image:
    padded = box.pad(max(4, round(0.2 * box.height)), *image.size)
    crop = image.crop(padded.as_tuple())
    height = max(1, box.height)
    scale = min(4.0, max(REREAD_TEXT_HEIGHT / height, min(1.0, REREAD_MAX_TEXT_HEIGHT / height)))
    scale = min(scale, CANVAS_MAX_WIDTH / crop.width, (CANVAS_MAX_HEIGHT - GAP) / crop.height)
    size = (max(1, round(crop.width * scale)), max(1, round(crop.height * scale)))
    return crop.resize(size, Image.Resampling.LANCZOS)


def _read_canvas(model: UnifiedModel, crops: list[tuple[tuple[int, int], Image.Image]],
                 texts: list[list[str]]) -> None:
    width = max(max(c.width for _, c in crops) + 2 * GAP, CANVAS_MIN_SIDE)
    height = max(sum(c.height + GAP for _, c in crops) + GAP, CANVAS_MIN_SIDE)
    canvas = Image.new("RGB", (width, height), _fill(crops))
    slots, y = [], GAP
    for index, crop in crops:
        canvas.paste(crop, (GAP, y))
        slots.append(_Slot(index, y, y + crop.height))
        y += crop.height + GAP
    parts: dict[tuple[int, int], list[TextLine]] = {}
    for line in model.ocr(canvas, enlarge=False):
        cy = line.box.center[1]
        slot = next((s for s in slots if s.top - GAP / 2 <= cy < s.bottom + GAP / 2), None)
        if slot is not None:
            parts.setdefault(slot.index, []).append(line)
    for (request, box), found in parts.items():
        texts[request][box] = " ".join(t.text for t in sorted(found, key=lambda t: t.box.x0))


def _fill(crops: list[tuple[tuple[int, int], Image.Image]]) -> tuple[int, int, int]:
    """The median colour of the crops' borders, so the canvas does not frame them."""
    borders = []
    for _, crop in crops:
        a = np.asarray(crop)
        borders += [a[0], a[-1], a[:, 0], a[:, -1]]
    r, g, b = np.median(np.concatenate(borders), axis=0)
    return int(r), int(g), int(b)


def _no_text_missed(model: UnifiedModel, image: Image.Image, lines: list[TextLine]) -> Check:
    """A second look at the whole image, differently prepared: the lines found painted out,
    grey levels stretched, and small images enlarged. Sure readings left over were missed."""
    view = _second_view(image, lines)
    scale = view.width / image.width
    missed = [
        t.text for t in model.ocr(view)
        if t.score >= MISSED_MIN_SCORE and len(normalize(t.text)) >= 2
        and not any(_covers(line.box, t.box, scale) for line in lines)
    ]
    return Check(
        name="no_text_missed", passed=not missed,
        detail=f"a second look read text no line covers: {missed}" if missed
        else f"a second look found no text beyond the {len(lines)} line(s)",
    )


def _second_view(image: Image.Image, lines: list[TextLine]) -> Image.Image:
    arr = np.asarray(image).copy()
    h, w = arr.shape[:2]
    for line in lines:
        b = line.box.pad(masks.text_padding(line.box), w, h)
        crop = arr[b.y0 : b.y1, b.x0 : b.x1]
        if crop.size == 0:
            continue
        ring = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
        crop[:] = np.median(ring, axis=0).astype(np.uint8)
    view = ImageOps.autocontrast(Image.fromarray(arr).convert("L"), cutoff=1).convert("RGB")
    if max(w, h) < 1000:  # det already sees large images at full size
        view = view.resize((round(w * 1.5), round(h * 1.5)), Image.Resampling.LANCZOS)
    return view


def _covers(line: Box, found: Box, scale: float) -> bool:
    """Whether a box found on the view (at `scale`) lies mostly on a known line."""
    f = Box(**{k: int(v / scale) for k, v in found.model_dump().items()})
    ix = max(0, min(line.x1, f.x1) - max(line.x0, f.x0))
    iy = max(0, min(line.y1, f.y1) - max(line.y0, f.y0))
    return f.area > 0 and ix * iy / f.area >= 0.3


TOOL = Tool(
    name="ocr", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
