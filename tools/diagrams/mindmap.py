"""Mind maps: the centre in the middle, branches split to its right and left (first half on the
right, as the map is read clockwise), each branch's children in a column beyond it, joined by
curved connectors in the branch's colour."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyBboxPatch

from tools.base import StepFailed
from tools.diagrams.render import PALETTE, Canvas, Label, Layout, Stroke, draw_title, fit, text_size
from tools.diagrams.spec import Branch, MindMap

MAX_BRANCHES, MAX_CHILDREN = 12, 8
ROOT_FILL, ROOT_TEXT = "#1e293b", "#ffffff"
MARGIN = 0.04


@dataclass
class _Node:
    x: float  # centre
    y: float
    w: float
    h: float
    text: str

    def edge(self, side: int) -> tuple[float, float]:
        """The middle of the box's left (side -1) or right (side 1) edge."""
        return self.x + side * self.w / 2, self.y


def tint(color: str, amount: float = 0.22) -> tuple[float, float, float]:
    """`color` mixed into white: a fill light enough for dark text."""
    r, g, b = to_rgb(color)
    return (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)


@dataclass
class _Side:
    """Where one side's branches go: right (1) or left (-1) of `start_x`, `width` wide, stacked
    within `span` (top, height); connectors leave the root at `anchor`."""

    direction: int
    items: list[tuple[int, Branch]]
    anchor: tuple[float, float]
    start_x: float
    width: float
    span: tuple[float, float]
    elbow: bool = False  # connectors go down from the anchor, then across (portrait)


def draw(spec: MindMap, canvas: Canvas, title: str) -> Layout:
    """Lay out and draw the mind map: two-sided around a central root on landscape and square
    canvases, an outline under a root at the top on portrait ones."""
    if len(spec.branches) > MAX_BRANCHES or any(len(b.children) > MAX_CHILDREN for b in spec.branches):
        raise StepFailed(f"a mind map shows at most {MAX_BRANCHES} branches of {MAX_CHILDREN} "
                         "children each; split it into several maps")
    top = draw_title(canvas, title)
    w, h = canvas.width, canvas.height - top
    cap = max(14.0, min(48.0, 0.05 * min(w, h) + 0.01 * max(w, h)))
    deep = any(b.children for b in spec.branches)
    portrait = h > 1.3 * w
    root, sides = (_portrait if portrait else _landscape)(spec, w, h, top, cap, deep)
    sizes = _font_sizes(spec, sides, deep, cap)
    canvas.ax.add_patch(_box(root, ROOT_FILL, ROOT_FILL, 0))
    canvas.text(Label(text=root.text, role="root"), root.x, root.y, max(sizes[0], sizes[1]),
                color=ROOT_TEXT)
    for side in sides:
        _draw_side(canvas, side, root, deep, sizes)
    return Layout()


def _landscape(spec: MindMap, w: float, h: float, top: float, cap: float, deep: bool
               ) -> tuple[_Node, list[_Side]]:
    half = math.ceil(len(spec.branches) / 2)
    root_w = w * (0.22 if deep else 0.28)
    side_w = (w * (1 - 2 * MARGIN) - root_w) / 2
    root = _root(spec.root, w / 2, top + h / 2, root_w * 0.9, h * 0.25, cap)
    span = (top + h * MARGIN, h * (1 - 2 * MARGIN))
    items = list(enumerate(spec.branches))
    return root, [_Side(d, part, root.edge(d), root.x + d * root.w / 2, side_w, span)
                  for d, part in ((1, items[:half]), (-1, items[half:])) if part]


def _portrait(spec: MindMap, w: float, h: float, top: float, cap: float, deep: bool
              ) -> tuple[_Node, list[_Side]]:
    root = _root(spec.root, 0, 0, w * 0.6, h * 0.08, cap)
    root.x, root.y = w * MARGIN + root.w / 2, top + h * MARGIN + root.h / 2
    anchor = (w * MARGIN + min(root.w * 0.3, w * 0.08), root.y + root.h / 2)
    start_x = anchor[0] + w * 0.05
    span_top = root.y + root.h / 2 + h * 0.02
    span = (span_top, top + h * (1 - MARGIN) - span_top)
    return root, [_Side(1, list(enumerate(spec.branches)), anchor, start_x,
                        w * (1 - MARGIN) - start_x, span, elbow=True)]


def _root(text: str, x: float, y: float, room_w: float, room_h: float, cap: float) -> _Node:
    wrapped, size = fit(text, room_w * 0.8, room_h, max_size=cap * 1.25)
    tw, th = text_size(wrapped, size)
    return _Node(x, y, min(room_w, tw + 1.6 * size), th + 1.2 * size, wrapped)


def _units(branch: Branch) -> int:
    return max(1, len(branch.children))


def _font_sizes(spec: MindMap, sides: list[_Side], deep: bool, cap: float) -> tuple[float, float, float]:
    """Root, branch and child text sizes: the largest each level's texts all fit at."""
    side_w = min(s.width for s in sides)
    unit = min(s.span[1] / sum(_units(b) for _, b in s.items) for s in sides)
    bw = side_w * (0.36 if deep else 0.62)
    branch = min(fit(b.text, bw * 0.82, min(unit * 0.62, bw * 0.5), max_size=cap)[1] for b in spec.branches)
    kids = [c for b in spec.branches for c in b.children]
    child = min((fit(c, side_w * 0.4 * 0.85, unit * 0.55, max_size=cap * 0.85)[1] for c in kids),
                default=branch)
    root = fit(spec.root, side_w * 0.6, unit * 0.8, max_size=cap * 1.25)[1]
    return root, branch, min(child, branch)


def _box(node: _Node, fill, edge, lw: float) -> FancyBboxPatch:
    return FancyBboxPatch((node.x - node.w / 2, node.y - node.h / 2), node.w, node.h,
                          boxstyle=f"round,pad=0,rounding_size={0.3 * min(node.w, node.h)}",
                          facecolor=fill, edgecolor=edge, linewidth=lw, zorder=3)


def _draw_side(canvas: Canvas, side: _Side, root: _Node, deep: bool,
               sizes: tuple[float, float, float]) -> None:
    """One side's branches, stacked in slots as tall as their children need."""
    top, height = side.span
    units = sum(_units(b) for _, b in side.items)
    unit = height / units
    y, d = top, side.direction
    for index, branch in side.items:
        slot = _units(branch) * unit
        color = PALETTE[index % len(PALETTE)]
        x = side.start_x + d * side.width * (0.3 if deep else 0.5)
        node = _sized(branch.text, x, y + slot / 2, side.width * (0.36 if deep else 0.62), unit, sizes[1])
        if side.elbow:  # portrait: start the branch where the trunk turns
            node.x = side.start_x + node.w / 2
        _connect(canvas, side.anchor, node.edge(-d), color, sizes[1] / 7,
                 f"{root.text}→{branch.text}", elbow=side.elbow)
        canvas.ax.add_patch(_box(node, tint(color), color, max(1.5, sizes[1] / 12)))
        canvas.text(Label(text=node.text, role="branch", ref=index), node.x, node.y, sizes[1])
        for k, child in enumerate(branch.children):
            cx = side.start_x + d * side.width * 0.76
            leaf = _sized(child, cx, y + (k + 0.5) * unit, side.width * 0.4, unit, sizes[2])
            _connect(canvas, node.edge(d), leaf.edge(-d), color, sizes[2] / 9,
                     f"{branch.text}→{child}")
            canvas.ax.add_patch(_box(leaf, tint(color, 0.1), color, max(1.0, sizes[2] / 16)))
            canvas.text(Label(text=leaf.text, role="leaf", ref=index), leaf.x, leaf.y, sizes[2])
        y += slot


def _sized(text: str, x: float, y: float, room_w: float, unit: float, size: float) -> _Node:
    wrapped, _ = fit(text, room_w * 0.82, unit * 0.62, max_size=size)
    tw, th = text_size(wrapped, size)
    return _Node(x, y, min(room_w, tw + 1.4 * size), min(unit * 0.85, th + 0.8 * size), wrapped)


def _connect(canvas: Canvas, a: tuple[float, float], b: tuple[float, float], color: str,
             width: float, name: str, *, elbow: bool = False) -> None:
    """A smooth curve from a to b: an S (a cubic Bézier with horizontal tangents), or with
    `elbow` a rounded corner that leaves a downwards and reaches b horizontally."""
    t = np.linspace(0, 1, 40)[:, None]
    p0, p3 = np.asarray(a), np.asarray(b)
    if elbow:
        p1 = p2 = np.array([a[0], b[1]])
    else:
        p1, p2 = np.array([(a[0] + b[0]) / 2, a[1]]), np.array([(a[0] + b[0]) / 2, b[1]])
    curve = (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3
    canvas.ax.plot(curve[:, 0], curve[:, 1], color=color, linewidth=max(1.5, width), zorder=2,
                   solid_capstyle="round")
    canvas.stroke(Stroke(name=name, points=[(float(x), float(y)) for x, y in curve]))


