"""Draw a diagram from a description: a flowchart, bar/line/pie chart, geometry figure, mind map
or timeline, in Chinese or English, at any aspect ratio."""

from __future__ import annotations

from typing import assert_never

import numpy as np
from pydantic import BaseModel, Field, field_validator, model_validator

from tools.base import Check, StepContext, StepOutput, Tool, Verdict
from tools.diagrams import chart_checks, charts, checks, flowchart, geometry, mindmap, timeline
from tools.diagrams.parse import parse
from tools.diagrams.reading import Reading, read_labels
from tools.diagrams.render import Canvas, Label, Layout, Stroke
from tools.diagrams.spec import Chart, Flowchart, Geometry, MindMap, Spec, Timeline

DEFAULT_ASPECT = "4:3"
MIN_SIDE, MAX_SIDE = 100, 8192


class Input(BaseModel):
    kind: str = Field(
        default="diagram", description="flowchart, bar chart, line chart, pie chart, mind map, "
        "timeline, geometry; org chart and architecture diagram are drawn as flowcharts; "
        "chart or diagram: the kind is read from the description")
    description: str = Field(min_length=1, max_length=2000, description="the user's words")
    aspect: str | None = Field(default=DEFAULT_ASPECT, pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$",
                               description="W:H, e.g. 4:3, 4:1, 1:3")
    width: int = Field(default=1200, ge=200, le=4096, description="image width in pixels")
    title: str | None = Field(default=None, max_length=200, description="a title to draw on top")

    @field_validator("aspect")
    @classmethod
    def _default_aspect(cls, value: str | None) -> str:
        return value or DEFAULT_ASPECT

    @model_validator(mode="after")
    def _height_in_range(self) -> Input:
        height = self.height
        if not MIN_SIDE <= height <= MAX_SIDE:
            raise ValueError(f"aspect {self.aspect} at width {self.width} gives a height of "
                             f"{height} px; it must be {MIN_SIDE}-{MAX_SIDE}: change the width")
        return self

    @property
    def height(self) -> int:
        """The image height the aspect ratio gives at this width."""
        return round(self.width / checks.parse_aspect(self.aspect or DEFAULT_ASPECT))


class Output(BaseModel):
    kind: str = Field(description="what was drawn: flowchart, bar chart, ..., geometry")
    spec: Spec = Field(description="the diagram read from the description")
    title: str = Field(default="", description="the title drawn, if any")
    aspect: str = Field(description="the aspect ratio asked for, W:H")
    labels: list[Label] = Field(description="every text drawn and its pixel box")
    strokes: list[Stroke] = Field(default_factory=list, description="lines between labelled things")
    layout: Layout = Field(default_factory=Layout, description="where things went, for measuring")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Draw a flowchart, chart, geometry figure, mind map or timeline from a description."""
    # 1. Read the description into a typed spec (StepFailed when it holds no diagram).
    parsed = parse(inp.kind, inp.description, inp.aspect)
    title = inp.title if inp.title is not None else parsed.title
    # 2. Draw it on a new canvas of the asked size; the working image's pixels are not used.
    canvas = Canvas(inp.width, inp.height)
    layout = draw(parsed.spec, canvas, title)
    image = canvas.finish()
    data = Output(kind=parsed.spec.kind, spec=parsed.spec, title=title,
                  aspect=inp.aspect or DEFAULT_ASPECT, labels=canvas.labels,
                  strokes=canvas.strokes, layout=layout)
    return StepOutput(image=image, data=data, region=np.ones((inp.height, inp.width), dtype=bool))


def draw(spec: Spec, canvas: Canvas, title: str) -> Layout:
    """Draw `spec` with the module of its kind."""
    if isinstance(spec, Flowchart):
        return flowchart.draw(spec, canvas, title)
    if isinstance(spec, Chart):
        return charts.draw(spec, canvas, title)
    if isinstance(spec, Geometry):
        return geometry.draw(spec, canvas, title)
    if isinstance(spec, MindMap):
        return mindmap.draw(spec, canvas, title)
    if isinstance(spec, Timeline):
        return timeline.draw(spec, canvas, title)
    assert_never(spec)


# Verification: look at the picture again


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Measure the picture: its aspect, ink, every label read back where it was drawn, and the
    kind's own facts (arrows in order, bar heights, pie shares, lines between points)."""
    image, data = result.image, result.data
    readings = read_labels(ctx.model, image, data.labels)
    found = [
        checks.aspect_ratio(image, data.aspect),
        checks.not_blank(image),
        checks.labels_read(data.labels, readings),
    ]
    return Verdict.from_checks(found + kind_checks(data, result, readings))


def kind_checks(data: Output, result: StepOutput[Output], readings: list[Reading]) -> list[Check]:
    """The checks only this kind of diagram has."""
    spec, image = data.spec, result.image
    if isinstance(spec, Flowchart):
        return [flowchart.order_check(spec, data.layout, data.labels, readings),
                checks.strokes_drawn(image, data.strokes)]
    if isinstance(spec, Chart):
        return [chart_checks.measure_check(spec, image, data.layout, data.labels, readings)]
    if isinstance(spec, Geometry):
        return [checks.strokes_drawn(image, data.strokes),
                geometry.points_labelled(data.layout, data.labels, readings)]
    if isinstance(spec, MindMap):
        return [checks.strokes_drawn(image, data.strokes)]
    if isinstance(spec, Timeline):
        return [timeline.order_check(spec, data.layout, data.labels, readings),
                checks.strokes_drawn(image, data.strokes)]
    assert_never(spec)


TOOL = Tool(
    name="diagram", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
