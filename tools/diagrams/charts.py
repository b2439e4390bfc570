"""Bar, line and pie charts with matplotlib's own axes, in the CJK font, laid out by its
constrained layout below the title. Each series (or pie slice) has its own palette colour, so
verification can find it in the picture (`chart_checks`)."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.layout_engine import ConstrainedLayoutEngine

from model_server.types import Box
from tools.base import StepFailed
from tools.diagrams.render import INK, PALETTE, Canvas, Label, Layout, draw_title, fit, font
from tools.diagrams.spec import Chart

MAX_CATEGORIES = 40
GRID_COLOR = "#e5e7eb"
_CURRENCY = "$¥€£￥"


def base_size(width: int, height: int) -> float:
    """The chart's text size in px: larger on larger canvases, readable on small ones."""
    return max(12.0, min(30.0, 0.035 * min(width, height) + 0.008 * max(width, height)))


def draw(spec: Chart, canvas: Canvas, title: str) -> Layout:
    """Draw the chart; returns its plot box (the axes, or the pie) and colours."""
    if len(spec.categories) > MAX_CATEGORIES:
        raise StepFailed(f"{len(spec.categories)} categories are too many for one chart; "
                         f"at most {MAX_CATEGORIES}")
    top = draw_title(canvas, title)
    canvas.fig.set_layout_engine(ConstrainedLayoutEngine(
        rect=(0.02, 0.02, 0.96, 0.96 - top / canvas.height), w_pad=0.02, h_pad=0.02))
    ax = canvas.fig.add_subplot()
    size = base_size(canvas.width, canvas.height)
    if spec.kind == "pie chart":
        colors = _pie(spec, canvas, ax, size)
    else:
        colors = _bars_or_lines(spec, canvas, ax, size)
    canvas.fig.draw_without_rendering()  # settle the layout, so the boxes below are final
    return Layout(plot_box=_plot_box(spec, canvas, ax), colors=colors)


def _plot_box(spec: Chart, canvas: Canvas, ax: Axes) -> Box:
    if spec.kind == "pie chart":
        cx, cy = canvas.to_pixels(ax, 0, 0)
        r = canvas.to_pixels(ax, 1, 0)[0] - cx
        return Box(x0=round(cx - r), y0=round(cy - r), x1=round(cx + r), y1=round(cy + r))
    ext = ax.get_window_extent()
    return Box(x0=math.ceil(ext.x0), y0=math.ceil(canvas.height - ext.y1),
               x1=math.floor(ext.x1), y1=math.floor(canvas.height - ext.y0))


def value_text(value: float, unit: str) -> str:
    """12 -> "12", 12.5 -> "12.5", with the unit: "$12k", "30%", "45万"."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    prefix = unit[0] if unit[:1] and unit[0] in _CURRENCY else ""
    return f"{prefix}{number}{unit[len(prefix):]}"


def _category_texts(spec: Chart, slot_w: float, size: float) -> tuple[list[str], float]:
    """Categories wrapped to fit their slot under the axis, all at one size."""
    fitted = [fit(c, slot_w * 0.9, size * 2.7, max_size=size, max_lines=2) for c in spec.categories]
    return [t for t, _ in fitted], max(10.0, min(s for _, s in fitted))


def _bars_or_lines(spec: Chart, canvas: Canvas, ax: Axes, size: float) -> list[str]:
    n, k = len(spec.categories), len(spec.series)
    colors = [PALETTE[i % len(PALETTE)] for i in range(k)]
    x = np.arange(n)
    for i, series in enumerate(spec.series):
        values = np.array([np.nan if v is None else v for v in series.values], dtype=float)
        if spec.kind == "bar chart":
            width = 0.62 if k == 1 else 0.8 / k
            bars = ax.bar(x + (i - (k - 1) / 2) * width, np.nan_to_num(values), width,
                          color=colors[i], label=series.name or None, zorder=2)
            ax.bar_label(bars, labels=["" if np.isnan(v) else value_text(v, spec.unit)
                                       for v in values], padding=3, fontproperties=font(size * 0.75),
                         color=INK)
        else:
            ax.plot(x, values, color=colors[i], linewidth=max(2.0, size / 8), marker="o",
                    markersize=max(6.0, size / 3), label=series.name or None, zorder=3)
    _style_axes(spec, canvas, ax, size)
    return colors


def _style_axes(spec: Chart, canvas: Canvas, ax: Axes, size: float) -> None:
    slot_w = canvas.width * 0.85 / len(spec.categories)
    texts, cat_size = _category_texts(spec, slot_w, size)
    ax.set_xticks(np.arange(len(texts)), labels=texts)
    for i, tick in enumerate(ax.get_xticklabels()):
        tick.set_fontproperties(font(cat_size))
        canvas.record(tick, Label(text=texts[i], role="category", ref=i))
    for tick in ax.get_yticklabels():
        tick.set_fontproperties(font(size * 0.75))
    ax.tick_params(colors=INK, length=0 if spec.kind == "bar chart" else 4)
    ax.grid(axis="y", color=GRID_COLOR, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if spec.unit:
        ax.set_ylabel(spec.unit, fontproperties=font(size * 0.8), color=INK)
    if spec.kind == "line chart":
        ax.margins(x=0.08, y=0.15)
    else:
        ax.margins(y=0.12)
    if len(spec.series) > 1:  # above the plot, so it never covers a bar
        legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(spec.series),
                           frameon=False, prop=font(size * 0.8))
        for i, text in enumerate(legend.get_texts()):
            canvas.record(text, Label(text=text.get_text(), role="series", ref=i))


def _pie(spec: Chart, canvas: Canvas, ax: Axes, size: float) -> list[str]:
    values = [v or 0.0 for v in spec.series[0].values]
    if any(v < 0 for v in values) or sum(values) <= 0:
        raise StepFailed(f"a pie chart needs shares that are not negative and not all zero, "
                         f"got {values}")
    if len(values) > len(PALETTE):
        raise StepFailed(f"a pie chart of {len(values)} slices cannot be told apart; at most "
                         f"{len(PALETTE)} (a bar chart shows more)")
    colors = PALETTE[: len(values)]
    _, texts, autotexts = ax.pie(
        values, labels=spec.categories, colors=colors, startangle=90, counterclock=False,
        autopct=lambda pct: f"{pct:.0f}%" if pct >= 4 else "", pctdistance=0.68,
        labeldistance=1.1, wedgeprops={"linewidth": 2, "edgecolor": "white"},
        textprops={"fontproperties": font(size), "color": INK})
    for t in autotexts:
        t.set_fontproperties(font(size * 0.8))
        t.set_color("white")
    for i, t in enumerate(texts):
        canvas.record(t, Label(text=spec.categories[i], role="category", ref=i))
    ax.set_aspect("equal")
    ax.set_xlim(-1.75, 1.75)
    ax.set_ylim(-1.3, 1.3)
    return colors
