"""OCR for the embedded backend: RapidOCR (PP-OCR as ONNX, shipped in the wheel), zh + en."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model_server.imaging import clipped_box
from model_server.types import TextLine

NO_SPINNING = "session.intra_op.allow_spinning"
AS_IS_MAX_SIDE = 2000  # px: RapidOCR's own cap on the image it reads (Global.max_side_len)


@dataclass
class OcrEngine:
    """RapidOCR and a lock: it keeps per-call state, so calls must not overlap."""

    rapidocr: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_rapidocr(enlarge: bool = True) -> OcrEngine:
    """RapidOCR with its own models from the wheel; its INFO chatter silenced.

    `enlarge`: its detector enlarges an image until the short side is 736 px (RapidOCR's
    default), which finds small text in small images. Without it, an image is read at its own
    size (up to `AS_IS_MAX_SIDE`): for canvases of text already at a readable size, where the
    enlarging costs time and blows a thin strip of text up to hundreds of pixels tall.
    """
    from rapidocr import RapidOCR

    _stop_spinning()
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    params: dict[str, object] = {"Global.log_level": "error"}
    if not enlarge:
        params |= {"Det.limit_type": "max", "Det.limit_side_len": AS_IS_MAX_SIDE}
    return OcrEngine(RapidOCR(params=params))


def _stop_spinning() -> None:
    """Make RapidOCR's ONNX Runtime sessions sleep, not spin, while their threads wait.

    vloop reads text beside other perception (GrabCut, MediaPipe) on a two-core machine; a
    spinning ONNX thread pool takes the core the other job needs. Measured on a 1024 px
    segmentation map of skimage's chelsea (OCR beside GrabCut): 1.62-1.80 s spinning,
    1.22-1.30 s without; OCR alone takes the same time either way. RapidOCR 3.10 builds its
    session options in `OrtInferSession._init_sess_opts`, with no setting for this, so the
    options it builds are extended once here.
    """
    from rapidocr.inference_engine.onnxruntime.main import OrtInferSession

    build = OrtInferSession._init_sess_opts
    if getattr(build, "vloop_no_spinning", False):
        return

    def options(cfg: Any) -> Any:
        opts = build(cfg)
        opts.add_session_config_entry(NO_SPINNING, "0")
        return opts

    options.vloop_no_spinning = True  # type: ignore[attr-defined]
    OrtInferSession._init_sess_opts = staticmethod(options)


def read_text(engine: OcrEngine, rgb: np.ndarray) -> list[TextLine]:
    """Every line RapidOCR finds in an RGB array, sorted top-to-bottom then left-to-right."""
    with engine.lock:  # every step named: `read_lines` turns detection off for its calls
        result = engine.rapidocr(rgb, use_det=True, use_cls=True, use_rec=True)
    if result.boxes is None or result.txts is None:
        return []
    height, width = rgb.shape[:2]
    lines = [
        _text_line(polygon, text, score, width, height)
        for polygon, text, score in zip(result.boxes, result.txts, result.scores, strict=True)
        if text.strip()
    ]
    return sort_reading_order(lines)


def read_lines(engine: OcrEngine, crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Each RGB crop read as one line of text by the recogniser alone (no detection), with its
    confidence; ("", 0.0) when it reads nothing."""
    with engine.lock:
        results = [engine.rapidocr(crop, use_det=False, use_cls=False, use_rec=True) for crop in crops]
    return [(str(r.txts[0]), float(r.scores[0])) if getattr(r, "txts", None) else ("", 0.0)
            for r in results]


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
