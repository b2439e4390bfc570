"""Timelines: an arrow along the long side of the canvas, one dot per event in the order
written, and each event's date and text on a stem, alternating sides so neighbours have room.
Verification reads the dates back in order along the arrow."""

from __future__ import annotations

from matplotlib.patches import Circle, FancyArrowPatch

from tools.base import Check, StepFailed
from tools.diagrams.reading import Reading
from tools.diagrams.render import PALETTE, Canvas, Label, Layout, Stroke, draw_title, fit, text_size
from tools.diagrams.spec import Timeline

MAX_EVENTS = 20
AXIS_COLOR = "#334155"
MARGIN = 0.04


def draw(spec: Timeline, canvas: Canvas, title: str) -> Layout:
    """Lay out and draw the timeline; returns which way it runs."""
    if len(spec.events) > MAX_EVENTS:
        raise StepFailed(f"{len(spec.events)} events are too many for one timeline; at most {MAX_EVENTS}")
    top = draw_title(canvas, title)
    across = canvas.width >= canvas.height
    main0, main1 = (canvas.width * MARGIN, canvas.width * (1 - MARGIN)) if across else (
        top + (canvas.height - top) * MARGIN, canvas.height * (1 - MARGIN))
    mid = top + (canvas.height - top) / 2 if across else canvas.width / 2
    half = ((canvas.height - top) / 2 if across else canvas.width / 2) * (1 - 2 * MARGIN)
    step = (main1 - main0) / len(spec.events)
    lw = max(2.0, min(5.0, half / 60))
    _axis(canvas, main0, main1, mid, across, lw)
    sizes = _sizes(spec, step, half, across, 0.05 * min(canvas.width, canvas.height) +
                   0.01 * max(canvas.width, canvas.height))
    for i, event in enumerate(spec.events):
        _event(canvas, i, event.when, event.text, main0 + (i + 0.5) * step, mid, half, across, sizes, lw)
    return Layout(direction="right" if across else "down")


def _xy(main: float, cross: float, across: bool) -> tuple[float, float]:
    return (main, cross) if across else (cross, main)


def _axis(canvas: Canvas, main0: float, main1: float, mid: float, across: bool, lw: float) -> None:
    a, b = _xy(main0, mid, across), _xy(main1, mid, across)
    canvas.ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=lw * 8, linewidth=lw,
                                        color=AXIS_COLOR, shrinkA=0, shrinkB=0, zorder=2))
    canvas.stroke(Stroke(name="axis", points=[a, b], check_fraction=0.95))


def _sizes(spec: Timeline, step: float, half: float, across: bool, cap: float
           ) -> tuple[float, float]:
    """Date and text sizes: every event's card fits its room (two slots wide across: they
    alternate sides), no larger than `cap` (which grows with the canvas)."""
    room_w = step * 1.8 if across else half * 0.8
    room_h = half * 0.62 if across else step * 0.9
    cap = max(14.0, min(64.0, cap, room_h / 3))
    date = min((fit(e.when, room_w * 0.9, room_h * 0.3, max_size=cap, max_lines=1)[1]
                for e in spec.events if e.when), default=cap)
    text = min((fit(e.text, room_w * 0.9, room_h * 0.55, max_size=cap * 0.9)[1]
                for e in spec.events if e.text), default=cap)
    return date, min(text, date)


def _event(canvas: Canvas, i: int, when: str, text: str, main: float, mid: float, half: float,
           across: bool, sizes: tuple[float, float], lw: float) -> None:
    """A dot on the axis, a stem to one side, and the date then the text beyond it."""
    side = -1 if i % 2 == 0 else 1  # above (or left) first
    color = PALETTE[i % len(PALETTE)]
    end = mid + side * half * 0.18
    stem = [_xy(main, mid, across), _xy(main, end, across)]
    canvas.ax.plot(*zip(*stem, strict=True), color=color, linewidth=lw * 0.7, zorder=1)
    canvas.stroke(Stroke(name=f"stem {when or text}", points=stem))
    canvas.ax.add_patch(Circle(stem[0], radius=lw * 2.6, color=color, zorder=3))
    date_size, body_size = sizes
    wrapped = fit(text, half * 0.72, half * 0.6, max_size=body_size)[0] if text else ""
    date_w, date_h = text_size(when, date_size) if when else (0.0, 0.0)
    text_w, text_h = text_size(wrapped, body_size) if text else (0.0, 0.0)
    if across:  # the date nearest the axis, the text beyond it
        date_at = (main, end + side * date_h / 2)
        text_at = (main, end + side * (date_h + text_h / 2 + 0.2 * body_size))
    else:  # a card beside the axis: the date over the text
        x = end + side * (max(date_w, text_w) / 2 + 0.3 * date_size)
        date_at, text_at = (x, main - text_h / 2), (x, main + date_h / 2 + 0.1 * body_size)
    if when:
        canvas.text(Label(text=when, role="date", ref=i), *date_at, date_size)
    if text:
        canvas.text(Label(text=wrapped, role="event", ref=i), *text_at, body_size)


def order_check(spec: Timeline, layout: Layout, labels: list[Label], readings: list[Reading]) -> Check:
    """The events were read in the order written along the arrow (by date, else by text)."""
    where: dict[int, float] = {}
    for role in ("event", "date"):  # a date, when there is one, wins
        for lb, r in zip(labels, readings, strict=True):
            if lb.role == role and r.matched and r.box is not None:
                where[lb.ref] = r.box.center[0 if layout.direction == "right" else 1]
    missing = [i for i in range(len(spec.events)) if i not in where]
    order = [where[i] for i in range(len(spec.events)) if i in where]
    bad = [f"{spec.events[i + 1].when or spec.events[i + 1].text!r} is not after "
           f"{spec.events[i].when or spec.events[i].text!r}"
           for i in range(len(order) - 1) if not order[i + 1] > order[i] + 4]
    detail = "; ".join(bad + [f"event {i + 1} not read" for i in missing]) or (
        f"all {len(spec.events)} events read in order along the timeline")
    return Check(name="events_in_order", passed=not bad and not missing, detail=detail)
