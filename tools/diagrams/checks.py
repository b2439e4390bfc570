"""Checks every diagram gets: the aspect ratio, a picture that is not blank, every label read
back where it was drawn, and ink along every line drawn between labelled things."""

from __future__ import annotations

import numpy as np
from PIL import Image

from tools.base import Check
from tools.diagrams.reading import Reading
from tools.diagrams.render import Label, Stroke

ASPECT_TOLERANCE = 0.01
MIN_INK_SHARE = 0.0005  # of the pixels: a sparse 1:3 figure of a circle has 0.2%
MIN_INK_SPREAD = 0.2  # of the width or height the ink spans: a diagram is not a speck
INK_DELTA = 60  # a pixel this far (max channel) from the background is ink
SAMPLE_STEP = 3.0  # px between samples along a stroke
INK_RADIUS = 2  # px around a sample searched for ink: anti-aliasing and rounding
STROKE_SHARE = {"solid": 0.9, "dashed": 0.4}  # of the samples that must find ink


def parse_aspect(aspect: str) -> float:
    """"4:1" -> 4.0, "1:3" -> 0.333…"""
    w, h = (float(v) for v in aspect.split(":"))
    return w / h


def aspect_ratio(image: Image.Image, aspect: str) -> Check:
    """The picture's width over height is the asked ratio, within 1%."""
    want = parse_aspect(aspect)
    got = image.width / image.height
    error = abs(got - want) / want
    return Check(name="aspect_ratio", passed=error <= ASPECT_TOLERANCE, score=round(got, 4),
                 detail=f"{image.width}x{image.height} is {got:.4f}, asked {aspect} = {want:.4f} "
                        f"(off by {error:.1%}, allowed {ASPECT_TOLERANCE:.0%})")


def background(arr: np.ndarray) -> np.ndarray:
    """The picture's background colour: the median of its border."""
    border = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
    return np.median(border, axis=0)


def ink_mask(arr: np.ndarray) -> np.ndarray:
    """Pixels clearly unlike the background, bool (H, W)."""
    return np.abs(arr.astype(np.int16) - background(arr)).max(axis=2) > INK_DELTA


def not_blank(image: Image.Image) -> Check:
    """Some ink, spread over a good part of the picture."""
    ink = ink_mask(np.asarray(image.convert("RGB")))
    share = float(ink.mean())
    ys, xs = np.nonzero(ink)
    spread = max((np.ptp(xs) + 1) / ink.shape[1], (np.ptp(ys) + 1) / ink.shape[0]) if len(xs) else 0.0
    return Check(name="not_blank", passed=share >= MIN_INK_SHARE and spread >= MIN_INK_SPREAD,
                 score=round(share, 5),
                 detail=f"{share:.2%} of the pixels are ink (need {MIN_INK_SHARE:.2%}), spread "
                        f"over {spread:.0%} of the picture (need {MIN_INK_SPREAD:.0%})")


def labels_read(labels: list[Label], readings: list[Reading]) -> Check:
    """Every label was read back where it was drawn."""
    if not labels:
        return Check(name="labels_read", passed=False, detail="no labels were drawn")
    missing = [f"{lb.text!r} read as {r.text!r}" if r.text else f"{lb.text!r} not read"
               for lb, r in zip(labels, readings, strict=True) if not r.matched]
    share = 1 - len(missing) / len(labels)
    views = sorted({r.view for r in readings if r.matched})
    return Check(name="labels_read", passed=not missing, score=round(share, 4),
                 detail=("; ".join(m.replace("\n", " ") for m in missing) if missing else
                         f"all {len(labels)} label(s) read back") + f" (views used: {views})")


def strokes_drawn(image: Image.Image, strokes: list[Stroke]) -> Check:
    """Ink along every stroke's polyline: edges, sides, auxiliary lines, connectors."""
    if not strokes:
        return Check(name="lines_drawn", passed=True, detail="no lines to look for")
    ink = ink_mask(np.asarray(image.convert("RGB")))
    shares = [stroke_ink(ink, s) for s in strokes]
    bad = [f"{s.name} {share:.0%}" for s, share in zip(strokes, shares, strict=True)
           if share < STROKE_SHARE[s.style]]
    return Check(name="lines_drawn", passed=not bad, score=round(min(shares), 4),
                 detail=(f"too little ink along: {', '.join(bad)}" if bad else
                         f"ink along all {len(strokes)} line(s), least {min(shares):.0%}")
                 + " (need 90% solid, 40% dashed)")


def stroke_ink(ink: np.ndarray, stroke: Stroke) -> float:
    """Share of samples along the stroke with ink within `INK_RADIUS` px."""
    samples = sample_polyline(stroke.points, SAMPLE_STEP, stroke.check_fraction)
    hits = 0
    for x, y in samples:
        x0, y0 = max(0, round(x) - INK_RADIUS), max(0, round(y) - INK_RADIUS)
        hits += bool(ink[y0: y0 + 2 * INK_RADIUS + 1, x0: x0 + 2 * INK_RADIUS + 1].any())
    return hits / len(samples) if samples else 0.0


def sample_polyline(points: list[tuple[float, float]], step: float, fraction: float = 1.0
                    ) -> list[tuple[float, float]]:
    """Points every `step` px along the first `fraction` of a polyline's length."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(pts) < 2:
        return [(float(x), float(y)) for x, y in pts]
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    out = []
    for d in np.arange(0.0, seg.sum() * fraction + 1e-9, step):
        k = min(int(np.searchsorted(cum, d, side="right")) - 1, len(seg) - 1)
        t = (d - cum[k]) / seg[k] if seg[k] else 0.0
        x, y = pts[k] + t * (pts[k + 1] - pts[k])
        out.append((float(x), float(y)))
    return out
