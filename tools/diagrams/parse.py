"""A diagram request (kind + the user's words) to a typed spec.

The kind the planner gives is trusted; generic kinds ("chart", "diagram") are narrowed from the
words. Org charts and architecture diagrams are drawn as flowcharts (boxes and arrows);
geometry figures come as kind "geometry" or a generic "diagram" naming a shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.base import StepFailed
from tools.diagrams.parse_flow import ARROW, parse_flow
from tools.diagrams.parse_geometry import parse_geometry
from tools.diagrams.parse_mindmap import parse_mindmap
from tools.diagrams.parse_series import NUMBER, parse_series
from tools.diagrams.parse_timeline import DATE, parse_timeline
from tools.diagrams.spec import ChartKind, Spec
from tools.diagrams.words import KIND_WORDS, find_kind, split_head, split_lead, tidy_title

KINDS = ("flowchart", "bar chart", "line chart", "pie chart", "mind map", "timeline", "geometry")
_AS_FLOWCHART = {"org chart", "architecture diagram"}
_UNSUPPORTED = {
    "venn diagram": "Venn diagrams are not drawn yet; a mind map or a bar chart can show the sets",
    "sequence diagram": "sequence diagrams are not drawn yet; a flowchart can show the steps",
}
_GEOMETRY_WORDS = {"geometry", "geometry figure", "geometric figure", "几何", "几何图", "几何图形"}
_GENERIC = {"", "diagram", "figure", "chart", "graph", "plot", "图", "图表", "示意图", "图形"}
_PIE_HINT = re.compile(r"%|％|\bshares?\b|proportion|breakdown|占比|比例|份额|构成", re.I)
_LINE_HINT = re.compile(r"trend|over time|growth|走势|趋势|变化|增长", re.I)
_STEP_HINT = re.compile(r"\b(?:first|then|finally|step)\b|首先|然后|接着|最后|第一步|^先", re.I)

EXAMPLES = {
    "flowchart": "'A → B → C' or 'first X, then Y, finally Z' / '先…然后…最后…'",
    "bar chart": "categories with numbers: 'sales 2021 10, 2022 15, 2023 22' / '一月 30，二月 45'",
    "line chart": "categories with numbers: 'sales 2021 10, 2022 15, 2023 22' / '一月 30，二月 45'",
    "pie chart": "parts with numbers: 'rent 40%, food 30%, other 30%' / '房租 40，餐饮 30'",
    "mind map": "'mind map of TOPIC: A, B (B1, B2), C' / '关于主题的思维导图：甲、乙、丙'",
    "timeline": "dated events: '2019 founded, 2021 launch, 2023 IPO' / '2019年成立，2021年上线'",
    "geometry": "a shape and its lines: 'right triangle ABC with the altitude from C' / "
                "'正方形ABCD加一条对角线'",
}


@dataclass
class Parsed:
    spec: Spec
    title: str = ""


def parse(kind: str, description: str, aspect: str | None = None) -> Parsed:
    """The spec of a `kind` diagram described by `description`.

    Raises:
        StepFailed: the kind is not drawn, or the words hold no diagram of that kind; the
            message shows how to write one.
    """
    resolved = resolve_kind(kind, description)
    parsed = _parse_as(resolved, description, aspect)
    if parsed is None:
        raise StepFailed(f"could not read a {resolved} from {description!r}; write it as "
                         f"{EXAMPLES[resolved]}")
    return parsed


def resolve_kind(kind: str, description: str) -> str:
    """One of `KINDS` for the planner's kind (any of its words, en or zh) and the description."""
    word = " ".join(kind.lower().split())
    named = next((k for k, ws in KIND_WORDS.items() if word == k or word in ws), word)
    if named in _GEOMETRY_WORDS:
        return "geometry"
    if named in _UNSUPPORTED:
        raise StepFailed(_UNSUPPORTED[named])
    if named in _AS_FLOWCHART:
        return "flowchart"
    if named in ("chart", "graph", "plot", "图表"):
        return _chart_kind(description)
    if named in _GENERIC:
        return infer_kind(description)
    if named not in KINDS:
        raise StepFailed(f"unknown diagram kind {kind!r}; vloop draws {', '.join(KINDS)}")
    return named


def infer_kind(description: str) -> str:
    """The kind a description without a specific kind word asks for."""
    found = find_kind(description)
    if found and found[0] not in ("chart", "diagram"):
        return resolve_kind(found[0], description)
    if parse_geometry(description) is not None:
        return "geometry"
    if ARROW.search(description) or _STEP_HINT.search(description):
        return "flowchart"
    if len(NUMBER.findall(description)) >= 2:
        return _chart_kind(description)
    if len(DATE.findall(description)) >= 2:
        return "timeline"
    raise StepFailed(f"could not tell what to draw from {description!r}; name a kind "
                     f"({', '.join(KINDS)}) or write e.g. {EXAMPLES['flowchart']}")


def _chart_kind(description: str) -> ChartKind:
    if _PIE_HINT.search(description):
        return "pie chart"
    return "line chart" if _LINE_HINT.search(description) else "bar chart"


def _parse_as(kind: str, description: str, aspect: str | None) -> Parsed | None:
    if kind == "geometry":
        geometry = parse_geometry(description)
        return Parsed(geometry) if geometry else None
    topic, content = split_lead(description, aspect)
    if kind in ("bar chart", "line chart", "pie chart"):
        chart = parse_series(kind, content, topic)  # type: ignore[arg-type]
        return Parsed(chart[0], chart[1]) if chart else None
    if kind == "mind map":
        mind_map = parse_mindmap(content, topic)
        return Parsed(mind_map) if mind_map else None
    head, body = split_head(content)
    if kind == "timeline":
        if DATE.search(head):
            head, body = "", content
        timeline = parse_timeline(body)
        return Parsed(timeline, tidy_title(topic or head)) if timeline else None
    if ARROW.search(head) or _STEP_HINT.search(head):
        head, body = "", content
    flow = parse_flow(body)
    return Parsed(flow, tidy_title(topic or head)) if flow else None
