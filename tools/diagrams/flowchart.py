"""Flowcharts: nodes in layers along the flow (longest path from the start), lines of layers
wrapped like text when there are more than fit, orthogonal arrows; and the order check.

The flow runs right on landscape and square canvases and down on portrait ones. Work is done
in (main, cross) coordinates — along the flow and across it — then mapped to pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.patches import ArrowStyle, FancyArrowPatch, FancyBboxPatch, Polygon
from matplotlib.path import Path

from tools.base import Check, StepFailed
from tools.diagrams.reading import Reading
from tools.diagrams.render import INK, Canvas, Label, Layout, Stroke, draw_title, fit, text_size
from tools.diagrams.spec import Flowchart, FlowNode

MAX_NODES = 40
ENOUGH = 0.55  # a layout whose text is this share of the largest possible is good enough
MIN_FONT = 16.0  # px: smaller text is hard to read in a flowchart
MARGIN = 0.04  # of the canvas on each side
BOX_MAIN, BOX_CROSS = 0.64, 0.72  # share of a cell a box may take; the rest is for arrows
# Share of a box the text may take: a diamond holds text only in its middle.
TEXT_ROOM = {"process": (0.84, 0.72), "terminal": (0.76, 0.72), "decision": (0.52, 0.5)}
FILL = {"process": "#e8f0fe", "decision": "#fef3c7", "terminal": "#dcfce7"}
EDGE = {"process": "#1e40af", "decision": "#b45309", "terminal": "#15803d"}
ARROW_COLOR = "#334155"


@dataclass
class _Box:
    main: float
    cross: float
    half_main: float
    half_cross: float
    line: int
    pos: int  # place along its line
    text: str  # the node's text as wrapped to fit


def back_edges(spec: Flowchart) -> set[tuple[int, int]]:
    """Edges that close a loop (found depth-first from the nodes in order): drawn, not ranked."""
    out: dict[int, list[int]] = {i: [] for i in range(len(spec.nodes))}
    for e in spec.edges:
        out[e.source].append(e.target)
    state, back = [0] * len(spec.nodes), set()

    def visit(u: int) -> None:
        state[u] = 1
        for v in out[u]:
            if state[v] == 1:
                back.add((u, v))
            elif state[v] == 0:
                visit(v)
        state[u] = 2

    for i in range(len(spec.nodes)):
        if state[i] == 0:
            visit(i)
    return back


def layers(spec: Flowchart) -> list[int]:
    """Each node's layer: the longest path to it over the edges that are not loops."""
    back = back_edges(spec)
    forward = [(e.source, e.target) for e in spec.edges if (e.source, e.target) not in back]
    layer = [0] * len(spec.nodes)
    for _ in spec.nodes:
        changed = False
        for s, t in forward:
            if layer[t] < layer[s] + 1:
                layer[t], changed = layer[s] + 1, True
        if not changed:
            break
    return layer


@dataclass
class _Grid:
    per_line: int
    lines: int
    size: float
    cell_main: float
    cell_cross: float  # one node's share of a line's band


def _plan_grid(spec: Flowchart, groups: list[list[int]], main_len: float, cross_len: float,
               right: bool, cap: float) -> _Grid:
    """How many layers per line: the fewest lines whose text is still near the largest possible
    (a flow read in one line beats a slightly larger font in a zigzag)."""
    widest = max(len(g) for g in groups)
    grids = []
    for per_line in range(len(groups), 0, -1):
        lines = math.ceil(len(groups) / per_line)
        cell_main, cell_cross = main_len / per_line, cross_len / (lines * widest)
        bw, bh = _box_room(cell_main, cell_cross, right)
        size = min(_text_fit(n, bw, bh, cap)[1] for n in spec.nodes)
        grids.append(_Grid(per_line, lines, size, cell_main, cell_cross))
    best = max(g.size for g in grids)
    good = [g for g in grids if g.size >= max(ENOUGH * best, min(best, MIN_FONT))]
    return min(good, key=lambda g: (g.lines, -g.size))


def _box_room(cell_main: float, cell_cross: float, right: bool) -> tuple[float, float]:
    bw, bh = (cell_main * BOX_MAIN, cell_cross * BOX_CROSS) if right else (
        cell_cross * BOX_CROSS, cell_main * BOX_MAIN)
    return bw, min(bh, bw * 0.75)


def _text_fit(node: FlowNode, bw: float, bh: float, cap: float) -> tuple[str, float]:
    rw, rh = TEXT_ROOM[node.shape]
    return fit(node.text, bw * rw, bh * rh, max_size=cap)


def draw(spec: Flowchart, canvas: Canvas, title: str) -> Layout:
    """Lay out and draw the flowchart; returns the flow direction and the lines' bands."""
    if len(spec.nodes) > MAX_NODES:
        raise StepFailed(f"a flowchart of {len(spec.nodes)} nodes is too many to read; "
                         f"at most {MAX_NODES}")
    w, h = canvas.width, canvas.height
    right = w >= h
    top = draw_title(canvas, title)
    layer = layers(spec)
    groups = [[i for i, lay in enumerate(layer) if lay == j] for j in range(max(layer) + 1)]
    main_len, cross_len = (w, h - top) if right else (h - top, w)
    main0, cross0 = (MARGIN * main_len, top + MARGIN * cross_len) if right else (
        top + MARGIN * main_len, MARGIN * cross_len)
    main_len, cross_len = main_len * (1 - 2 * MARGIN), cross_len * (1 - 2 * MARGIN)
    cap = max(MIN_FONT, min(96.0, 0.06 * min(w, h) + 0.01 * max(w, h)))
    grid = _plan_grid(spec, groups, main_len, cross_len, right, cap)
    boxes, bands = _place(spec, groups, grid, (main0, cross0, main_len, cross_len), right)
    for i, node in enumerate(spec.nodes):
        _draw_node(canvas, node, boxes[i], grid, right, i)
    back = back_edges(spec)
    for e in spec.edges:
        loop = (e.source, e.target) in back
        _draw_edge(canvas, spec, boxes, loop, e.source, e.target, right, grid)
    return Layout(direction="right" if right else "down", bands=bands)


def _place(spec: Flowchart, groups: list[list[int]], grid: _Grid,
           area: tuple[float, float, float, float], right: bool
           ) -> tuple[dict[int, _Box], list[tuple[float, float]]]:
    """Boxes sized to their text, in cells no larger than they need, centred in `area`
    (main0, cross0, main_len, cross_len); also returns each line's band across the flow."""
    room_w, room_h = _box_room(grid.cell_main, grid.cell_cross, right)
    texts = [_text_fit(n, room_w, room_h, grid.size)[0] for n in spec.nodes]
    dims = [_box_dims(n, t, grid.size, room_w, room_h, texts) for n, t in zip(spec.nodes, texts, strict=True)]
    halves = [(bw / 2, bh / 2) if right else (bh / 2, bw / 2) for bw, bh in dims]
    widest = max(len(g) for g in groups)
    cell_main = min(grid.cell_main, 2 * max(m for m, _ in halves) + max(2.4 * grid.size, 48))
    slot = min(grid.cell_cross, 2 * max(c for _, c in halves) * 1.6)
    band = slot * widest
    main0, cross0, main_len, cross_len = area
    main0 += (main_len - cell_main * grid.per_line) / 2
    cross0 += (cross_len - band * grid.lines) / 2
    boxes = {}
    for j, group in enumerate(groups):
        line, pos = divmod(j, grid.per_line)
        for k, i in enumerate(group):
            main = main0 + (pos + 0.5) * cell_main
            cross = cross0 + line * band + (k + 0.5) * band / len(group)
            boxes[i] = _Box(main, cross, *halves[i], line, pos, texts[i])
    return boxes, [(cross0 + k * band, cross0 + (k + 1) * band) for k in range(grid.lines)]


def _box_dims(node: FlowNode, text: str, size: float, room_w: float, room_h: float,
              texts: list[str]) -> tuple[float, float]:
    """A box's width and height: all boxes as wide as the widest text, a diamond its own."""
    rw, rh = TEXT_ROOM[node.shape]
    extents = [text_size(t, size) for t in (texts if node.shape != "decision" else [text])]
    tw, th = max(e[0] for e in extents), max(e[1] for e in extents)
    return (min(room_w, max(tw / rw + size, 3.2 * size)),
            min(room_h, max(th / rh + 0.6 * size, 2.2 * size)))


def _xy(main: float, cross: float, right: bool) -> tuple[float, float]:
    return (main, cross) if right else (cross, main)


def _draw_node(canvas: Canvas, node: FlowNode, b: _Box, grid: _Grid, right: bool, index: int) -> None:
    cx, cy = _xy(b.main, b.cross, right)
    hw, hh = (b.half_main, b.half_cross) if right else (b.half_cross, b.half_main)
    lw = max(1.5, grid.size / 12)
    if node.shape == "decision":
        patch = Polygon([(cx, cy - hh), (cx + hw, cy), (cx, cy + hh), (cx - hw, cy)], closed=True)
    else:
        rounding = hh if node.shape == "terminal" else 0.25 * min(hw, hh)
        patch = FancyBboxPatch((cx - hw, cy - hh), 2 * hw, 2 * hh,
                               boxstyle=f"round,pad=0,rounding_size={rounding}")
    patch.set(facecolor=FILL[node.shape], edgecolor=EDGE[node.shape], linewidth=lw, zorder=3)
    canvas.ax.add_patch(patch)
    canvas.text(Label(text=b.text, role="node", ref=index), cx, cy, grid.size, color=INK)


def _route(a: _Box, b: _Box, loop: bool, lanes: tuple[float, float, float]
           ) -> list[tuple[float, float]]:
    """The arrow's path in (main, cross) coordinates from box `a` to box `b`."""
    above, loop_lane, wrap_lane = lanes
    if loop:  # back to an earlier node: out and in through the far side, below the line
        return [(a.main, a.cross + a.half_cross), (a.main, loop_lane), (b.main, loop_lane),
                (b.main, b.cross + b.half_cross)]
    if b.line > a.line:  # on to the next line, like a carriage return
        return [(a.main, a.cross + a.half_cross), (a.main, wrap_lane), (b.main, wrap_lane),
                (b.main, b.cross - b.half_cross)]
    start, end = (a.main + a.half_main, a.cross), (b.main - b.half_main, b.cross)
    if b.pos - a.pos > 1:  # jumps over nodes: go above them
        return [(a.main, a.cross - a.half_cross), (a.main, above), (b.main, above),
                (b.main, b.cross - b.half_cross)]
    if abs(a.cross - b.cross) < 1:
        return [start, end]
    mid = (start[0] + end[0]) / 2
    return [start, (mid, a.cross), (mid, b.cross), end]


def _lanes(boxes: dict[int, _Box], line: int) -> tuple[float, float, float]:
    """Cross positions for arrows to run along: above a line's boxes, and two below them (loops
    nearer the boxes than arrows to the next line, so the two do not share a lane)."""
    in_line = [b for b in boxes.values() if b.line == line]
    nxt = [b for b in boxes.values() if b.line == line + 1]
    top = min(b.cross - b.half_cross for b in in_line)
    bottom = max(b.cross + b.half_cross for b in in_line)
    gap = min(b.half_cross for b in in_line) * 0.6
    if nxt:
        gap = (min(b.cross - b.half_cross for b in nxt) - bottom) / 3
    return top - min(b.half_cross for b in in_line) * 0.6, bottom + gap, bottom + 2 * gap


def _draw_edge(canvas: Canvas, spec: Flowchart, boxes: dict[int, _Box], loop: bool, s: int, t: int,
               right: bool, grid: _Grid) -> None:
    path = [_xy(m, c, right) for m, c in _route(boxes[s], boxes[t], loop, _lanes(boxes, boxes[s].line))]
    arrow = FancyArrowPatch(
        path=Path(path), arrowstyle=ArrowStyle("-|>", head_length=0.7, head_width=0.35),
        mutation_scale=max(12.0, grid.size), linewidth=max(1.5, grid.size / 12),
        color=ARROW_COLOR, zorder=2)
    canvas.ax.add_patch(arrow)
    canvas.stroke(Stroke(name=f"{spec.nodes[s].text}→{spec.nodes[t].text}", points=path))


def order_check(spec: Flowchart, layout: Layout, labels: list[Label], readings: list[Reading]
                ) -> Check:
    """Each arrow's target was read further along the flow than its source: to the right (or
    below) on the same line, or on a later line."""
    where = {lb.ref: r.box for lb, r in zip(labels, readings, strict=True)
             if lb.role == "node" and r.matched and r.box is not None}
    back = back_edges(spec)
    bad, unplaced = [], []
    for e in spec.edges:
        if (e.source, e.target) in back:
            continue
        a, b = where.get(e.source), where.get(e.target)
        if a is None or b is None:
            unplaced.append(f"{spec.nodes[e.source].text}→{spec.nodes[e.target].text}")
        elif not _key(b.center, layout) > _key(a.center, layout):
            bad.append(f"{spec.nodes[e.target].text!r} is not after {spec.nodes[e.source].text!r}")
    detail = "; ".join(bad + [f"could not place {u}" for u in unplaced]) or (
        f"all {len(spec.edges) - len(back)} arrow(s) go {layout.direction} along the flow")
    return Check(name="flow_order", passed=not bad and not unplaced, detail=detail)


def _key(center: tuple[float, float], layout: Layout) -> tuple[int, float]:
    """(line, position along the flow) of a point; a later line comes after any position."""
    main, cross = center if layout.direction == "right" else (center[1], center[0])
    line = min(range(len(layout.bands)),
               key=lambda k: 0 if layout.bands[k][0] <= cross < layout.bands[k][1] else
               min(abs(cross - layout.bands[k][0]), abs(cross - layout.bands[k][1])))
    return line, round(main / 4)  # 4 px: a box's read centre wobbles a little
