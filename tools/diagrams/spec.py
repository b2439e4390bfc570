"""The typed specs a description parses into: one model per kind, joined in `Spec`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

NodeShape = Literal["process", "decision", "terminal"]


class FlowNode(BaseModel):
    text: str
    shape: NodeShape = Field(default="process", description="box, diamond (a question) or pill")


class FlowEdge(BaseModel):
    source: int = Field(description="index into nodes")
    target: int = Field(description="index into nodes")


class Flowchart(BaseModel):
    kind: Literal["flowchart"] = "flowchart"
    nodes: list[FlowNode]
    edges: list[FlowEdge]


class Series(BaseModel):
    name: str = Field(default="", description="what is measured, e.g. sales; empty if unnamed")
    values: list[float | None] = Field(description="one per category; None where not given")


ChartKind = Literal["bar chart", "line chart", "pie chart"]


class Chart(BaseModel):
    kind: ChartKind
    categories: list[str]
    series: list[Series]
    unit: str = Field(default="", description="a unit written after the numbers: %, 万, k ...")


class Branch(BaseModel):
    text: str
    children: list[str] = Field(default_factory=list)


class MindMap(BaseModel):
    kind: Literal["mind map"] = "mind map"
    root: str
    branches: list[Branch]


class Event(BaseModel):
    when: str = Field(default="", description="the date as written: 2019, 2021年3月, Q1 ...")
    text: str = Field(default="", description="what happened")


class Timeline(BaseModel):
    kind: Literal["timeline"] = "timeline"
    events: list[Event]


GeometryShape = Literal[
    "triangle", "right triangle", "isosceles triangle", "equilateral triangle", "square",
    "rectangle", "parallelogram", "rhombus", "trapezoid", "polygon", "circle",
]
AuxKind = Literal[
    "altitude", "median", "bisector", "midline", "diagonal", "diameter", "radius", "chord",
    "segment", "incircle", "circumcircle",
]


class Auxiliary(BaseModel):
    """An auxiliary construction: `altitude` from `at` (foot named `name`), `diagonal` AC, ..."""

    what: AuxKind
    at: str = Field(default="", description="the vertex it starts from, or both end points ('AC')")
    name: str = Field(default="", description="the name given to the new point, if any")


class Geometry(BaseModel):
    kind: Literal["geometry"] = "geometry"
    shape: GeometryShape
    names: list[str] = Field(description="vertex names in order (circle: centre, then points)")
    right_angle_at: str = Field(default="", description="right triangles: the vertex with 90°")
    sides: int = Field(default=0, description="polygon: number of sides")
    auxiliaries: list[Auxiliary] = Field(default_factory=list)


Spec = Annotated[Flowchart | Chart | MindMap | Timeline | Geometry, Field(discriminator="kind")]
