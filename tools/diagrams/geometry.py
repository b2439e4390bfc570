"""Geometry figures drawn to fit the canvas: sides in solid ink, auxiliary lines dashed blue as
in a textbook, right angles marked, and every named point labelled just outside the figure.
Verification reads the names back next to their points and finds ink along every line."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.patches import Circle, Polygon

from tools.base import Check
from tools.diagrams.construction import Figure, construct
from tools.diagrams.reading import Reading
from tools.diagrams.render import INK, Canvas, Label, Layout, Stroke, draw_title
from tools.diagrams.spec import Geometry

AUX_COLOR = "#2563eb"
MARGIN = 0.05  # of the canvas, besides the room the labels take
LABEL_OFFSET = 0.8  # label centre from its point, in font sizes
NEAR = 2.2  # a label read farther than this many font sizes from its point is misplaced

Px = tuple[float, float]


def draw(spec: Geometry, canvas: Canvas, title: str) -> Layout:
    """Construct and draw the figure; returns each named point's pixel position."""
    fig = construct(spec)
    top = draw_title(canvas, title)
    size = max(20.0, min(64.0, 0.055 * min(canvas.width, canvas.height - top)))
    frame = _fit(fig, canvas, top, size)
    px = {n: frame.px(p) for n, p in fig.points.items()}
    lw = max(2.0, min(4.0, 0.004 * min(canvas.width, canvas.height)))
    _draw_circles(canvas, fig, frame, lw)
    for a, b in fig.sides:
        _line(canvas, px[a], px[b], f"side {a}{b}", lw, INK, dashed=False)
    for a, b, what in fig.aux:
        _line(canvas, px[a], px[b], f"{what} {a}{b}", lw * 0.8, AUX_COLOR, dashed=True)
    for vertex, arm1, arm2 in fig.right_angles:
        _right_angle(canvas, px[vertex], px[arm1], px[arm2], size * 0.4, lw * 0.7)
    centre = _centre(fig, px)
    for i, (name, p) in enumerate(px.items()):
        canvas.ax.add_patch(Circle(p, radius=max(3.0, lw * 1.4), color=INK, zorder=4))
        x, y = _label_position(p, centre, size)
        canvas.text(Label(text=name, role="point", ref=i), x, y, size)
    return Layout(points=px)


@dataclass(frozen=True)
class _Frame:
    """Plane to pixels: x right, y flipped to run down, `scale` pixels per unit."""

    ox: float
    oy: float
    scale: float

    def px(self, p: tuple[float, float]) -> Px:
        return self.ox + p[0] * self.scale, self.oy - p[1] * self.scale


def _fit(fig: Figure, canvas: Canvas, top: float, size: float) -> _Frame:
    """The frame that fits the figure (and room for its labels) in the canvas, centred."""
    xs = [p[0] for p in fig.points.values()] + [c[0][0] + s * c[1] for c in fig.circles for s in (-1, 1)]
    ys = [p[1] for p in fig.points.values()] + [c[0][1] + s * c[1] for c in fig.circles for s in (-1, 1)]
    room = 2 * (LABEL_OFFSET + 0.7) * size
    w = canvas.width * (1 - 2 * MARGIN) - room
    h = (canvas.height - top) * (1 - 2 * MARGIN) - room
    scale = min(w / max(max(xs) - min(xs), 1e-9), h / max(max(ys) - min(ys), 1e-9))
    return _Frame(ox=canvas.width / 2 - (min(xs) + max(xs)) / 2 * scale,
                  oy=top + (canvas.height - top) / 2 + (min(ys) + max(ys)) / 2 * scale, scale=scale)


def _draw_circles(canvas: Canvas, fig: Figure, frame: _Frame, lw: float) -> None:
    for centre, radius, name, aux in fig.circles:
        c, r = frame.px(centre), radius * frame.scale
        color = AUX_COLOR if aux else INK
        canvas.ax.add_patch(Circle(c, r, fill=False, edgecolor=color, linewidth=lw * (0.8 if aux else 1),
                                   zorder=2))
        ring = [(c[0] + r * math.cos(t), c[1] + r * math.sin(t)) for t in np.linspace(0, 2 * math.pi, 181)]
        canvas.stroke(Stroke(name=name, points=ring))


def _line(canvas: Canvas, a: Px, b: Px, name: str, lw: float, color: str, *, dashed: bool) -> None:
    canvas.ax.plot([a[0], b[0]], [a[1], b[1]], color=color, linewidth=lw, zorder=3,
                   linestyle=(0, (5, 3)) if dashed else "-", solid_capstyle="round")
    canvas.stroke(Stroke(name=name, points=[a, b], style="dashed" if dashed else "solid"))


def _right_angle(canvas: Canvas, v: Px, a: Px, b: Px, side: float, lw: float) -> None:
    """The little square that marks a right angle at `v` between the arms towards a and b."""
    pv = np.asarray(v)
    ua = (np.asarray(a) - pv) / max(1e-9, float(np.linalg.norm(np.asarray(a) - pv)))
    ub = (np.asarray(b) - pv) / max(1e-9, float(np.linalg.norm(np.asarray(b) - pv)))
    corner = [pv + side * ua, pv + side * (ua + ub), pv + side * ub]
    canvas.ax.add_patch(Polygon(corner, closed=False, fill=False, edgecolor=INK, linewidth=lw, zorder=3))


def _centre(fig: Figure, px: dict[str, Px]) -> Px:
    """Where labels are pushed away from: the middle of the shape (or the main circle)."""
    named = [px[a] for a, _ in fig.sides] or [px[next(iter(px))]]
    return float(np.mean([p[0] for p in named])), float(np.mean([p[1] for p in named]))


def _label_position(p: Px, centre: Px, size: float) -> Px:
    d = np.asarray(p) - np.asarray(centre)
    norm = float(np.linalg.norm(d))
    u = d / norm if norm > size * 0.5 else np.array([0.55, 0.85])  # at the centre: below right
    return p[0] + u[0] * LABEL_OFFSET * size * 1.1, p[1] + u[1] * LABEL_OFFSET * size * 1.1


def points_labelled(layout: Layout, labels: list[Label], readings: list[Reading]) -> Check:
    """Every point's name was read right next to the point."""
    far, unread = [], []
    for label, r in zip(labels, readings, strict=True):
        if label.role != "point":
            continue
        point = layout.points.get(label.text)
        if point is None or not r.matched or r.box is None:
            unread.append(label.text)
            continue
        reach = NEAR * max(label.box.height, label.box.width)
        if math.dist(r.box.center, point) > reach:
            far.append(f"{label.text} read {math.dist(r.box.center, point):.0f}px from its point")
    detail = "; ".join(far + [f"{n} not read" for n in unread]) or (
        f"all {len(layout.points)} point names read beside their points")
    return Check(name="points_labelled", passed=not far and not unread, detail=detail)
