"""OCR for the embedded backend: RapidOCR (PP-OCR as ONNX, shipped in the wheel), zh + en."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model_server.imaging import clipped_box
from model_server.types import TextLine


@dataclass
class OcrEngine:
    """RapidOCR and a lock: it keeps per-call state, so calls must not overlap."""

    rapidocr: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_rapidocr() -> OcrEngine:
    """RapidOCR with its own models from the wheel; its INFO chatter silenced."""
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return OcrEngine(RapidOCR(params={"Global.log_level": "error"}))


def read_text(engine: OcrEngine, rgb: np.ndarray) -> list[TextLine]:
    """Every line RapidOCR finds in an RGB array, sorted top-to-bottom then left-to-right."""
    with engine.lock:
        result = engine.rapidocr(rgb)
    if result.boxes is None or result.txts is None:
        return []
    height, width = rgb.shape[:2]
    lines = [
        _text_line(polygon, text, score, width, height)
        for polygon, text, score in zip(result.boxes, result.txts, result.scores, strict=True)
        if text.strip()
    ]
    return sort_reading_order(lines)


def _text_line(polygon: np.ndarray, text: str, score: float, width: int, height: int) -> TextLine:
    points = [(float(x), float(y)) for x, y in np.asarray(polygon).reshape(-1, 2)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = clipped_box(min(xs), min(ys), max(xs), max(ys), width, height)
    return TextLine(text=text, box=box, polygon=points, score=float(score))


def sort_reading_order(lines: list[TextLine]) -> list[TextLine]:
    """Top-to-bottom, then left-to-right among lines whose vertical centres are close.

    Two lines count as one row when their centres differ by less than half the smaller
    line's height, so slightly skewed boxes on one row still read left to right.
    """
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda t: t.box.center[1]):
        row = rows[-1] if rows else None
        if row is not None and _same_row(row[-1], line):
            row.append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda t: t.box.x0)]


def _same_row(a: TextLine, b: TextLine) -> bool:
    tolerance = min(a.box.height, b.box.height) / 2
    return abs(a.box.center[1] - b.box.center[1]) < tolerance
