"""The shared drawing surface: an exact-size matplotlib figure with the Noto CJK font, a pixel
coordinate system, fitted text, and a record of every label, line and colour drawn.

The figure uses 72 dpi so a point is a pixel: font sizes and line widths below are pixels.
Coordinates given to `Canvas` methods are image pixels, origin top-left, y down.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.text import Text
from PIL import Image
from pydantic import BaseModel, Field

from model_server.types import Box
from tools.drawing import font_path

FONT_FAMILY = "Noto Sans CJK SC"  # face 2 of the bundled collection: Simplified Chinese + Latin
DPI = 72
LINE_SPACING = 1.25
BACKGROUND = "#ffffff"
INK = "#1f2937"  # text and outlines: near-black slate, reads as black to OCR
# Distinct hues, none grey: charts tell series and slices apart by colour when measuring them.
PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b",
           "#9d755d", "#ff9da6", "#2f4b7c"]
_font_lock = threading.Lock()

Role = Literal["title", "node", "category", "series", "point", "root", "branch", "leaf", "date",
               "event"]
StrokeStyle = Literal["solid", "dashed"]


class Label(BaseModel):
    """A piece of text drawn, and where: verification reads it back there."""

    text: str
    role: Role
    ref: int = Field(default=0, description="index of the node, category, branch or event")
    box: Box = Field(default_factory=lambda: Box(x0=0, y0=0, x1=0, y1=0))
    lines: int = Field(default=1, description="lines the text was wrapped into")


class Stroke(BaseModel):
    """A line drawn between labelled things (an edge, a side, a connector), as a pixel polyline."""

    name: str = Field(description="what it is, e.g. 'A→B', 'altitude CD', 'root→tools'")
    points: list[tuple[float, float]]
    style: StrokeStyle = "solid"
    check_fraction: float = Field(
        default=1.0, description="how much of the polyline (from its start) must show ink; "
        "less than 1 where an arrowhead or a node covers the end")


class Layout(BaseModel):
    """Where a diagram put things, for measuring them in the picture."""

    direction: Literal["right", "down"] | None = Field(
        default=None, description="flowcharts and timelines: which way the flow runs")
    bands: list[tuple[float, float]] = Field(
        default_factory=list, description="flowcharts: the span across the flow of each line "
        "the flow is wrapped into, in pixels, first line first")
    plot_box: Box | None = Field(default=None, description="charts: the axes; pies: the pie")
    colors: list[str] = Field(default_factory=list, description="per series, or per pie slice")
    points: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="geometry: each named point's pixel position")


@lru_cache(maxsize=1)
def register_font() -> str:
    """Add the bundled CJK font to matplotlib, once per process; returns the family to use.

    Matplotlib adds every face of a collection since 3.10; older versions add only the first
    (Japanese glyph shapes, same coverage), which is then used instead of the SC face.
    """
    path = font_path()
    with _font_lock:
        fontManager.addfont(path)
    names = [f.name for f in fontManager.ttflist if f.fname == path]
    return FONT_FAMILY if FONT_FAMILY in names else names[0]


def font(size: float) -> FontProperties:
    """The CJK font at `size` pixels."""
    return FontProperties(family=register_font(), size=size)


@lru_cache(maxsize=4096)
def _text_extent(line: str) -> tuple[float, float]:
    """Width of `line` and the font's line height, at 100 px; text scales linearly with size."""
    fig = Figure(dpi=DPI)
    renderer = FigureCanvasAgg(fig).get_renderer()
    width, _, _ = renderer.get_text_width_height_descent(line or " ", font(100), ismath=False)
    return width, 100.0 * LINE_SPACING


def text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height in pixels of (possibly multi-line) `text` at font size `size`."""
    lines = text.split("\n")
    width = max(_text_extent(line)[0] for line in lines) * size / 100
    return width, len(lines) * size * LINE_SPACING


@dataclass
class Canvas:
    """An exact `width` x `height` figure; `ax` spans it in pixel coordinates (y down)."""

    width: int
    height: int
    fig: Figure = field(init=False)
    ax: Axes = field(init=False)
    labels: list[Label] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    _artists: list[Text] = field(default_factory=list)

    def __post_init__(self) -> None:
        register_font()
        # A hair over the size, so float rounding never truncates a pixel off the figure.
        self.fig = Figure(figsize=((self.width + 0.01) / DPI, (self.height + 0.01) / DPI), dpi=DPI,
                          facecolor=BACKGROUND)
        FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, self.width)
        self.ax.set_ylim(self.height, 0)
        self.ax.set_axis_off()

    def text(self, label: Label, x: float, y: float, size: float, *, color: str = INK,
             ha: str = "center", va: str = "center") -> Text:
        """Draw `label.text` at (x, y) and record it; its box is measured when the figure is drawn."""
        artist = self.ax.text(x, y, label.text, fontproperties=font(size), color=color, ha=ha,
                              va=va, multialignment="center", linespacing=LINE_SPACING,
                              parse_math=False, zorder=5)
        self.record(artist, label)
        return artist

    def record(self, artist: Text, label: Label) -> None:
        """Keep a text artist drawn by other means (tick labels, pie labels) as a label."""
        artist.set_parse_math(False)  # "$12" is money, not mathtext
        self.labels.append(label)
        self._artists.append(artist)

    def stroke(self, stroke: Stroke) -> None:
        """Record a line drawn between labelled things, for verification to look along."""
        self.strokes.append(stroke)

    def to_pixels(self, ax: Axes, x: float, y: float) -> tuple[float, float]:
        """Image pixel coordinates of the data point (x, y) of another axes."""
        px, py = ax.transData.transform((x, y))
        return float(px), float(self.height - py)

    def finish(self) -> Image.Image:
        """Render the figure; fill in each label's pixel box from the renderer; return RGB."""
        self.fig.canvas.draw()
        renderer = self.fig.canvas.get_renderer()  # type: ignore[attr-defined]
        for label, artist in zip(self.labels, self._artists, strict=True):
            ext = artist.get_window_extent(renderer)
            label.box = Box(
                x0=max(0, int(np.floor(ext.x0))), y0=max(0, int(np.floor(self.height - ext.y1))),
                x1=min(self.width, int(np.ceil(ext.x1))),
                y1=min(self.height, int(np.ceil(self.height - ext.y0))),
            )
            label.lines = label.text.count("\n") + 1
        rgba = np.asarray(self.fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
        image = Image.fromarray(rgba[: self.height, : self.width, :3].copy())
        if image.size != (self.width, self.height):
            raise RuntimeError(f"rendered {image.size}, expected {(self.width, self.height)}")
        return image


def _units(text: str) -> list[str]:
    """Where a line may break: between words, and between CJK characters."""
    return re.findall(r"[\x00-\x7f]+?(?=\s|[^\x00-\x7f]|$)|[^\x00-\x7f]|\s+", text)


def wrap(text: str, lines: int) -> str:
    """`text` broken into about `lines` balanced lines, never inside a Latin word."""
    text = " ".join(text.split())
    if lines <= 1:
        return text
    target = len(text) / lines
    out, current = [], ""
    for unit in _units(text):
        if current.strip() and len(current) + len(unit) > target * 1.15 and len(out) < lines - 1 \
                and not unit.isspace():
            out.append(current.strip())
            current = ""
        current += unit
    out.append(current.strip())
    return "\n".join(part for part in out if part)


def fit(text: str, box_w: float, box_h: float, *, max_size: float, max_lines: int = 3
        ) -> tuple[str, float]:
    """The wrapping of `text` (1 to `max_lines` lines) that allows the largest font in the box.

    Returns the wrapped text and its font size in pixels (never above `max_size`).
    """
    best = (text, 0.0)
    for n in range(1, max_lines + 1):
        wrapped = wrap(text, n)
        w, h = text_size(wrapped, 100)
        size = min(max_size, 100 * box_w / max(w, 1), 100 * box_h / max(h, 1))
        if size > best[1] * 1.08:  # another line only for a clearly larger font
            best = (wrapped, size)
    return best


def draw_title(canvas: Canvas, title: str) -> float:
    """Draw `title` across the top; returns the height it takes (0 without a title)."""
    if not title:
        return 0.0
    text, size = fit(title, canvas.width * 0.9, canvas.height * 0.08, max_size=44, max_lines=1)
    size = max(size, 12.0)
    height = size * 2.0
    canvas.text(Label(text=text, role="title"), canvas.width / 2, height * 0.55, size)
    return height
