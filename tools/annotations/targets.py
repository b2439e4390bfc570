"""What annotations are drawn on: faces, people or text lines found by the model, or a named
object ("object:cat": the salient object, when the classifier agrees it is one, as in
`tools.regions`)."""

from __future__ import annotations

import re
from typing import Annotated

from PIL import Image
from pydantic import StringConstraints

from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection
from tools import regions
from tools.base import StepContext, StepFailed

Target = Annotated[str, StringConstraints(pattern=r"^(?:faces|people|text|object:\S.{0,40})$")]

LABEL_MAX_CHARS = 24
MIN_TEXT_SCORE = 0.5  # fainter OCR readings are mostly texture taken for letters
# The word a label gives each target, in English and Chinese.
NAMES: dict[str, str] = {"faces": "face", "people": "person", "text": "text"}


def name(target: str) -> str:
    """What a label calls the target: face, person, text, or the object's name."""
    return NAMES.get(target) or re.sub(r"^object:", "", target)


def detect(model: UnifiedModel, image: Image.Image, target: str) -> list[Detection]:
    """The targets found, each with a label (the score, or the text read). Text boxes are
    padded so an outline clears the ink.

    Raises:
        StepFailed: a named object is not in the image (the message says what the classifier sees).
    """
    if target == "faces":
        return [d.model_copy(update={"label": f"face {d.score:.2f}"}) for d in model.detect_faces(image)]
    if target == "people":
        return [d.model_copy(update={"label": f"person {d.score:.2f}"}) for d in model.detect_people(image)]
    if target == "text":
        lines = [t for t in model.ocr(image) if t.score >= MIN_TEXT_SCORE]
        return [Detection(label=_short(t.text), box=_text_box(t.box, image.size), score=t.score)
                for t in lines]
    region = regions.resolve(target, StepContext(image=image, model=model))
    return [Detection(label=name(target), box=region.box, score=1.0)]


def found_again(model: UnifiedModel, image: Image.Image, target: str) -> list[Box]:
    """The targets' boxes in an output, for verification: none when a named object is no
    longer seen."""
    try:
        return [d.box for d in detect(model, image, target)]
    except StepFailed:
        return []


def _text_box(box: Box, size: tuple[int, int]) -> Box:
    return box.pad(max(2, round(0.12 * box.height)), *size)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 1] + "…"


def reading_order(boxes: list[Box]) -> list[int]:
    """Indices of `boxes` top to bottom in rows, left to right within a row. A box joins the
    current row when its centre is within half the row's typical height of the row's first."""
    order = sorted(range(len(boxes)), key=lambda i: boxes[i].center[1])
    rows: list[list[int]] = []
    for i in order:
        if rows and abs(boxes[i].center[1] - boxes[rows[-1][0]].center[1]) <= _half_height(boxes, rows[-1]):
            rows[-1].append(i)
        else:
            rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda j: boxes[j].center[0])]


def _half_height(boxes: list[Box], row: list[int]) -> float:
    heights = sorted(boxes[i].height for i in row)
    return heights[len(heights) // 2] / 2
