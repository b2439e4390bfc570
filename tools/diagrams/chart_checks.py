"""Charts measured in the picture: bar heights, line points and pie slice shares, found by
their colours inside the plot box and at the categories' labels as OCR read them."""

from __future__ import annotations

import numpy as np
from PIL import Image

from model_server.types import Box
from tools.base import Check
from tools.colors import parse_color
from tools.diagrams.reading import Reading
from tools.diagrams.render import Label, Layout
from tools.diagrams.spec import Chart

COLOR_TOLERANCE = 40.0  # RGB distance from a series colour that still counts as that colour
PROPORTION_TOLERANCE = 0.05  # bar height / tallest vs value / largest
LINE_CORRELATION = 0.99  # between values and the points' heights
SHARE_TOLERANCE = 0.03  # pie slice share, absolute
RING = 0.88  # pie samples taken at this share of the radius: past the percentages


def measure_check(spec: Chart, image: Image.Image, layout: Layout, labels: list[Label],
                  readings: list[Reading]) -> Check:
    """The chart's numbers as the picture shows them."""
    arr = np.asarray(image.convert("RGB")).astype(np.float32)
    box = layout.plot_box
    if box is None or box.area == 0:
        return Check(name="chart_measured", passed=False, detail="no plot box was recorded")
    if spec.kind == "pie chart":
        return _pie_check(spec, arr, box, layout.colors)
    centres = {lb.ref: r.box.center[0] for lb, r in zip(labels, readings, strict=True)
               if lb.role == "category" and r.matched and r.box is not None}
    if spec.kind == "bar chart":
        return _bar_check(spec, arr, box, layout.colors, centres)
    return _line_check(spec, arr, box, layout.colors, centres)


def _mask(arr: np.ndarray, box: Box, color: str) -> np.ndarray:
    """Pixels of `box` within `COLOR_TOLERANCE` of `color`, bool (h, w)."""
    region = arr[box.y0: box.y1, box.x0: box.x1]
    return np.linalg.norm(region - np.asarray(parse_color(color), np.float32), axis=2) < COLOR_TOLERANCE


def bar_heights(arr: np.ndarray, box: Box, color: str, centre: float, slot: float) -> float:
    """Pixel height of the tallest column of `color` within half a slot of `centre`."""
    x0, x1 = max(box.x0, int(centre - slot / 2)), min(box.x1, int(centre + slot / 2))
    if x1 <= x0:
        return 0.0
    mask = _mask(arr, Box(x0=x0, y0=box.y0, x1=x1, y1=box.y1), color)
    return float(mask.sum(axis=0).max())


def _bar_check(spec: Chart, arr: np.ndarray, box: Box, colors: list[str],
               centres: dict[int, float]) -> Check:
    slot = box.width / len(spec.categories)
    problems, measured = [], []
    for s, series in enumerate(spec.series):
        pairs = [(abs(v), bar_heights(arr, box, colors[s], centres[i], slot))
                 for i, v in enumerate(series.values) if v is not None and i in centres]
        missing = [spec.categories[i] for i, v in enumerate(series.values)
                   if v is not None and i not in centres]
        problems += [f"no category label read for {m!r}" for m in missing]
        problems += _proportion_problems(series.name or f"series {s + 1}", pairs)
        measured += [f"{h:.0f}px" for _, h in pairs]
    return Check(name="bar_heights_ordered", passed=not problems,
                 detail="; ".join(problems) or f"bar heights {', '.join(measured)} are in the "
                 f"order and proportion of the numbers (within {PROPORTION_TOLERANCE:.0%})")


def _proportion_problems(name: str, pairs: list[tuple[float, float]]) -> list[str]:
    if not pairs:
        return []
    top_v, top_h = max(v for v, _ in pairs), max(h for _, h in pairs)
    if top_h == 0:
        return [f"{name}: no bars of its colour found"]
    out = []
    for (va, ha), (vb, hb) in zip(pairs, pairs[1:], strict=False):
        if (va - vb) * (ha - hb) < 0 and abs(va - vb) > 0.02 * top_v:
            out.append(f"{name}: bars {ha:.0f}px, {hb:.0f}px are not ordered like {va:g}, {vb:g}")
    for v, h in pairs:
        if top_v and abs(h / top_h - v / top_v) > PROPORTION_TOLERANCE:
            out.append(f"{name}: a bar of {v:g} is {h / top_h:.0%} of the tallest, "
                       f"expected {v / top_v:.0%}")
    return out


def line_point(arr: np.ndarray, box: Box, color: str, centre: float) -> float | None:
    """Pixel row of the series' point above `centre`: the middle of its colour in a thin column."""
    x0, x1 = max(box.x0, int(centre) - 2), min(box.x1, int(centre) + 3)
    if x1 <= x0:
        return None
    rows = np.nonzero(_mask(arr, Box(x0=x0, y0=box.y0, x1=x1, y1=box.y1), color).any(axis=1))[0]
    return float(box.y0 + np.median(rows)) if len(rows) else None


def _line_check(spec: Chart, arr: np.ndarray, box: Box, colors: list[str],
                centres: dict[int, float]) -> Check:
    problems = []
    for s, series in enumerate(spec.series):
        name = series.name or f"series {s + 1}"
        points = [(v, line_point(arr, box, colors[s], centres[i]))
                  for i, v in enumerate(series.values) if v is not None and i in centres]
        lost = [v for v, y in points if y is None]
        found = [(v, -y) for v, y in points if y is not None]
        if lost or len(found) < len([v for v in series.values if v is not None]):
            problems.append(f"{name}: {len(series.values) - len(found)} point(s) not found")
            continue
        problems += _correlation_problems(name, found)
    return Check(name="line_points_ordered", passed=not problems,
                 detail="; ".join(problems) or "every point's height follows its number "
                 f"(correlation at least {LINE_CORRELATION})")


def _correlation_problems(name: str, found: list[tuple[float, float]]) -> list[str]:
    values, heights = np.array(found).T
    if np.ptp(values) == 0:
        return [] if np.ptp(heights) <= 4 else [f"{name}: equal numbers drawn at different heights"]
    if np.ptp(heights) == 0:
        return [f"{name}: the points are flat, the numbers are not"]
    r = float(np.corrcoef(values, heights)[0, 1])
    return [] if r >= LINE_CORRELATION else [f"{name}: point heights do not follow the numbers "
                                              f"(correlation {r:.3f})"]


def pie_shares(arr: np.ndarray, box: Box, colors: list[str]) -> tuple[list[float], float]:
    """Each colour's share of a ring of samples around the pie, and the share classified."""
    cx, cy, r = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, box.width / 2 * RING
    angles = np.deg2rad(np.arange(0, 360, 0.5))
    xs = np.clip(np.round(cx + r * np.cos(angles)).astype(int), 0, arr.shape[1] - 1)
    ys = np.clip(np.round(cy + r * np.sin(angles)).astype(int), 0, arr.shape[0] - 1)
    px = arr[ys, xs]
    palette = np.asarray([parse_color(c) for c in colors], np.float32)
    dist = np.linalg.norm(px[:, None, :] - palette[None, :, :], axis=2)
    nearest, ok = dist.argmin(axis=1), dist.min(axis=1) < COLOR_TOLERANCE
    counts = np.bincount(nearest[ok], minlength=len(colors))
    total = max(1, int(ok.sum()))
    return [float(c) / total for c in counts], float(ok.mean())


def _pie_check(spec: Chart, arr: np.ndarray, box: Box, colors: list[str]) -> Check:
    values = [v or 0.0 for v in spec.series[0].values]
    shares, found = pie_shares(arr, box, colors)
    expected = [v / sum(values) for v in values]
    worst = max(abs(a - b) for a, b in zip(shares, expected, strict=True))
    passed = found >= 0.8 and worst <= SHARE_TOLERANCE
    pairs = ", ".join(f"{c} {s:.0%}/{e:.0%}" for c, s, e in zip(spec.categories, shares, expected,
                                                                 strict=True))
    return Check(name="pie_shares_match", passed=passed, score=round(1 - worst, 4),
                 detail=f"measured/expected: {pairs}; {found:.0%} of the ring is slice colour; "
                 f"off by at most {worst:.1%} (allowed {SHARE_TOLERANCE:.0%})")
