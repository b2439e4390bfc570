"""diagram with the real embedded OCR: flowcharts, charts, geometry, mind maps and timelines are
drawn at the asked aspect, read back where they were drawn, and measured in the picture; broken
results are rejected by the check that looks at what broke."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pydantic import ValidationError

from tests.conftest import pixels
from tools import diagram
from tools.base import StepContext, StepFailed, StepOutput
from tools.colors import parse_color
from tools.diagrams import checks
from tools.diagrams.geometry import AUX_COLOR
from tools.diagrams.parse import parse
from tools.diagrams.reading import read_labels
from tools.diagrams.render import Label, Stroke


def _draw(model, kind: str, description: str, aspect: str | None = None, **extra):
    inp = diagram.Input(kind=kind, description=description, aspect=aspect, **extra)
    ctx = StepContext(image=Image.new("RGB", (64, 64), (9, 9, 9)), model=model)
    return inp, ctx, diagram.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _passes(inp, ctx, result) -> None:
    verdict = diagram.verify(inp, ctx, result)
    assert verdict.passed, [c for c in verdict.checks if not c.passed]


# Flowcharts


def test_arrow_flowchart_reads_in_order(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "draw a flowchart: A → B → C")

    assert [n.text for n in result.data.spec.nodes] == ["A", "B", "C"]
    assert result.image.size == (1200, 900)
    xs = [box.center[0] for box in (lb.box for lb in result.data.labels if lb.role == "node")]
    assert xs == sorted(xs)
    verdict = diagram.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    order = next(c for c in verdict.checks if c.name == "flow_order")
    assert "go right" in order.detail


def test_chinese_prose_flowchart(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "画一个流程图：先登录，然后选择图片，最后导出")

    assert [n.text for n in result.data.spec.nodes] == ["登录", "选择图片", "导出"]
    assert [(e.source, e.target) for e in result.data.spec.edges] == [(0, 1), (1, 2)]
    readings = read_labels(embedded_model, result.image, result.data.labels)
    assert [r.matched for r in readings] == [True, True, True]
    xs = [r.box.center[0] for r in readings]  # where OCR read them, not where they were put
    assert xs == sorted(xs)
    _passes(inp, ctx, result)


@pytest.mark.parametrize(("kind", "description", "aspect", "size"), [
    ("flowchart", "A → B → C", "4:1", (1200, 300)),
    ("flowchart", "A → B → C", "1:3", (1200, 3600)),
    ("timeline", "2019年成立，2021年上线，2023年上市", "4:1", (1200, 300)),
    ("bar chart", "一月 30，二月 45，三月 20", "1:3", (1200, 3600)),
], ids=["flow-4:1", "flow-1:3", "timeline-4:1", "bars-1:3"])
def test_extreme_aspects(embedded_model, kind, description, aspect, size):
    inp, ctx, result = _draw(embedded_model, kind, description, aspect)

    assert result.image.size == size
    w, h = (float(v) for v in aspect.split(":"))
    assert abs(result.image.width / result.image.height - w / h) <= 0.01 * w / h
    _passes(inp, ctx, result)


def test_portrait_flowchart_runs_down(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "A → B → C", "1:3")
    ys = [lb.box.center[1] for lb in result.data.labels if lb.role == "node"]
    assert result.data.layout.direction == "down" and ys == sorted(ys)


# Charts


def test_bar_chart_heights_follow_the_numbers(embedded_model):
    inp, ctx, result = _draw(embedded_model, "bar chart",
                             "draw a bar chart of sales 2021 10, 2022 15, 2023 22")
    spec = result.data.spec
    assert spec.categories == ["2021", "2022", "2023"] and spec.series[0].values == [10, 15, 22]

    # Measure the bars here too: columns of the bar colour, grouped into runs left to right.
    color = np.asarray(parse_color(result.data.layout.colors[0]))
    bar = np.abs(pixels(result.image) - color).max(axis=2) < 20
    heights = bar.sum(axis=0)
    columns = np.flatnonzero(heights > 0)
    runs = np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1)
    tallest = [int(heights[run].max()) for run in runs]
    assert len(tallest) == 3 and tallest == sorted(tallest)
    assert abs(tallest[0] / tallest[2] - 10 / 22) < 0.03
    _passes(inp, ctx, result)


def test_pie_chart_slices_match_shares(embedded_model):
    inp, ctx, result = _draw(embedded_model, "pie chart", "画一个饼图：房租 40，餐饮 30，交通 20，其他 10")

    shares = []
    for color in result.data.layout.colors:  # slice area by colour, in the picture
        rgb = np.asarray(parse_color(color))
        shares.append(int((np.abs(pixels(result.image) - rgb).max(axis=2) < 20).sum()))
    total = sum(shares)
    assert [round(s / total, 2) for s in shares] == pytest.approx([0.4, 0.3, 0.2, 0.1], abs=0.03)
    verdict = diagram.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    assert {"pie_shares_match", "labels_read"} <= {c.name for c in verdict.checks}


def test_line_chart(embedded_model):
    inp, ctx, result = _draw(embedded_model, "line chart",
                             "revenue 2019 3, 2020 5.5, 2021 4, 2022 8, 2023 12", "16:9")
    _passes(inp, ctx, result)


# Geometry


def test_right_triangle_with_altitude(embedded_model):
    inp, ctx, result = _draw(embedded_model, "geometry", "a right triangle ABC with the altitude from C")
    points = result.data.layout.points
    assert set(points) == {"A", "B", "C", "D"}  # D: the altitude's foot

    verdict = diagram.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    # The altitude's pixels: the auxiliary colour along the segment from C to its foot D.
    aux = np.abs(pixels(result.image) - np.asarray(parse_color(AUX_COLOR))).max(axis=2) < 60
    (cx, cy), (dx, dy) = points["C"], points["D"]
    samples = [(cx + t * (dx - cx), cy + t * (dy - cy)) for t in np.linspace(0.1, 0.9, 60)]
    hits = [aux[round(y) - 2: round(y) + 3, round(x) - 2: round(x) + 3].any() for x, y in samples]
    assert np.mean(hits) > 0.5  # a dashed line: about two thirds ink
    # ...and none of it far from the segment: away from it, the triangle's inside is blank.
    mx, my = (points["A"][0] + cx) / 2 + 10, (points["A"][1] + cy) / 2
    assert not aux[round(my) - 3: round(my) + 4, round(mx) - 3: round(mx) + 4].any()


def test_chinese_geometry_circle_and_square(embedded_model):
    for description, names in [("画一个圆和它的直径", {"O", "A", "B"}),
                               ("正方形 ABCD 加一条对角线", {"A", "B", "C", "D"})]:
        inp, ctx, result = _draw(embedded_model, "diagram", description)
        assert set(result.data.layout.points) == names
        assert any(s.style == "dashed" for s in result.data.strokes)
        _passes(inp, ctx, result)


# Mind maps and timelines


def test_mind_map(embedded_model):
    inp, ctx, result = _draw(embedded_model, "mind map",
                             "mind map of vloop: planning (rules, LLM), tools, verification")
    spec = result.data.spec
    assert spec.root == "vloop" and [b.text for b in spec.branches] == ["planning", "tools", "verification"]
    assert [lb.text for lb in result.data.labels if lb.role == "leaf"] == ["rules", "LLM"]
    assert len(result.data.strokes) == 5  # three branches, two children
    _passes(inp, ctx, result)


def test_timeline_in_order(embedded_model):
    inp, ctx, result = _draw(embedded_model, "timeline",
                             "make a timeline of 2019 founded, 2021 launch, 2023 IPO")
    xs = [lb.box.center[0] for lb in result.data.labels if lb.role == "date"]
    assert xs == sorted(xs)
    _passes(inp, ctx, result)


# Verification rejects broken results


def _replace(result, image: Image.Image | None = None, **data):
    new = result.data.model_copy(update=data)
    return StepOutput(image=image or result.image, data=new, region=result.region)


def test_verify_rejects_a_blank_picture(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "A → B → C")
    blank = _replace(result, Image.new("RGB", result.image.size, (255, 255, 255)))
    failed = _failed(diagram.verify(inp, ctx, blank))
    assert {"not_blank", "labels_read"} <= failed


def test_verify_rejects_the_wrong_aspect(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "A → B → C", "4:1")
    squeezed = _replace(result, result.image.crop((0, 0, 1200, 320)))  # 3.75:1
    assert "aspect_ratio" in _failed(diagram.verify(inp, ctx, squeezed))


def test_verify_rejects_a_missing_label(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "先登录，然后选择图片，最后导出")
    image = result.image.copy()
    box = result.data.labels[1].box  # 选择图片: painted over with the node's fill
    fill = image.getpixel((box.x0 - 2, box.y0 + 2))
    ImageDraw.Draw(image).rectangle((box.x0, box.y0, box.x1, box.y1), fill=fill)
    verdict = diagram.verify(inp, ctx, _replace(result, image))
    failed = _failed(verdict)
    assert "labels_read" in failed
    assert "选择图片" in next(c.detail for c in verdict.checks if c.name == "labels_read")


def test_verify_rejects_nodes_out_of_order(embedded_model):
    inp, ctx, result = _draw(embedded_model, "flowchart", "A → B → C")
    _, _, backwards = _draw(embedded_model, "flowchart", "C → B → A")
    # The picture and its label boxes say C, B, A left to right; the spec says A → B → C.
    refs = {"A": 0, "B": 1, "C": 2}
    labels = [Label(**{**lb.model_dump(), "ref": refs[lb.text]}) for lb in backwards.data.labels]
    lying = _replace(result, backwards.image, labels=labels)
    verdict = diagram.verify(inp, ctx, lying)
    assert _failed(verdict) == {"flow_order"}


def test_verify_rejects_bars_in_the_wrong_order(embedded_model):
    inp, ctx, result = _draw(embedded_model, "bar chart", "sales 2021 10, 2022 15, 2023 22")
    _, _, swapped = _draw(embedded_model, "bar chart", "sales 2021 22, 2022 15, 2023 10")
    verdict = diagram.verify(inp, ctx, _replace(result, swapped.image))
    assert _failed(verdict) == {"bar_heights_ordered"}


def test_verify_rejects_wrong_pie_shares(embedded_model):
    inp, ctx, result = _draw(embedded_model, "pie chart", "A 50%, B 30%, C 20%")
    _, _, other = _draw(embedded_model, "pie chart", "A 34%, B 33%, C 33%")
    # Its labels moved with the slices, so they are not where the claim says either.
    assert "pie_shares_match" in _failed(diagram.verify(inp, ctx, _replace(result, other.image)))


def test_verify_rejects_a_missing_auxiliary_line(embedded_model):
    inp, ctx, result = _draw(embedded_model, "geometry", "正方形 ABCD 加一条对角线")
    image = result.image.copy()
    (ax, ay), (cx, cy) = result.data.layout.points["A"], result.data.layout.points["C"]
    inner = [(ax + t * (cx - ax), ay + t * (cy - ay)) for t in (0.06, 0.94)]
    ImageDraw.Draw(image).line(inner, fill=(255, 255, 255), width=9)  # the diagonal wiped out
    verdict = diagram.verify(inp, ctx, _replace(result, image))
    assert _failed(verdict) == {"lines_drawn"}
    assert "diagonal AC" in next(c.detail for c in verdict.checks if c.name == "lines_drawn")


def test_stroke_check_measures_ink_along_the_line():
    image = Image.new("RGB", (200, 100), (255, 255, 255))
    ImageDraw.Draw(image).line((10, 50, 190, 50), fill=(0, 0, 0), width=3)
    on = Stroke(name="on", points=[(10, 50), (190, 50)])
    off = Stroke(name="off", points=[(10, 80), (190, 80)])
    assert checks.strokes_drawn(image, [on]).passed
    assert not checks.strokes_drawn(image, [on, off]).passed


# Input and failures


def test_input_validation():
    with pytest.raises(ValidationError):
        diagram.Input(kind="flowchart", description="A → B", aspect="wide")
    with pytest.raises(ValidationError):  # 50:1 at 1200 px wide is 24 px tall
        diagram.Input(kind="flowchart", description="A → B", aspect="50:1")
    assert diagram.Input(description="A → B", aspect=None).aspect == "4:3"


def test_unsupported_and_unreadable_requests_fail_with_a_reason(embedded_model):
    with pytest.raises(StepFailed, match="Venn"):
        _draw(embedded_model, "venn diagram", "cats and dogs")
    with pytest.raises(StepFailed, match="first X, then Y"):
        _draw(embedded_model, "flowchart", "a flowchart")
    with pytest.raises(StepFailed, match="numbers"):
        _draw(embedded_model, "bar chart", "a bar chart of my feelings")


def test_the_working_image_is_ignored(embedded_model):
    _, _, first = _draw(embedded_model, "flowchart", "A → B")
    inp = diagram.Input(kind="flowchart", description="A → B")
    other = diagram.run(inp, StepContext(image=Image.new("RGB", (500, 500), (255, 0, 0)),
                                         model=embedded_model))
    assert (pixels(first.image) == pixels(other.image)).all()
    assert diagram.TOOL.name == "diagram" and diagram.TOOL.kind == "edit"


# The description grammar


@pytest.mark.parametrize(("kind", "description", "expected"), [
    ("flowchart", "A → B → C", ["A", "B", "C"]),
    ("flowchart", "draw a flowchart: start -> load image -> export", ["start", "load image", "export"]),
    ("flowchart", "first open the app, then log in, finally export the picture",
     ["open the app", "log in", "export the picture"]),
    ("flowchart", "1. plan 2. execute 3. verify", ["plan", "execute", "verify"]),
    ("flowchart", "Step 1: plan, step 2: act, step 3: check", ["plan", "act", "check"]),
    ("flowchart", "画一个流程图：先登录，然后选择图片，最后导出", ["登录", "选择图片", "导出"]),
    ("flowchart", "画一个流程图：先登录，然后选择图片，导出", ["登录", "选择图片", "导出"]),
    ("flowchart", "先登录再选择图片最后导出", ["登录", "选择图片", "导出"]),
    ("flowchart", "首先打开应用；接着上传图片；最后下载结果", ["打开应用", "上传图片", "下载结果"]),
    ("flowchart", "第一步：打开，第二步：编辑，第三步：保存", ["打开", "编辑", "保存"]),
    ("org chart", "CEO -> CTO, CFO; CTO -> engineering", ["CEO", "CTO", "CFO", "engineering"]),
])
def test_parse_flow_steps(kind, description, expected):
    spec = parse(kind, description).spec
    assert spec.kind == "flowchart" and [n.text for n in spec.nodes] == expected


def test_parse_flow_shapes_branches_and_loops():
    spec = parse("flowchart", "start -> is it ok? -> end; is it ok? -> start; A -> B, C").spec
    shapes = {n.text: n.shape for n in spec.nodes}
    assert shapes["start"] == "terminal" and shapes["is it ok?"] == "decision"
    edges = {(spec.nodes[e.source].text, spec.nodes[e.target].text) for e in spec.edges}
    assert {("is it ok?", "start"), ("A", "B"), ("A", "C")} <= edges
    assert parse("flowchart", "画一个关于用户注册的流程图：填写信息 → 完成").title == "用户注册"


@pytest.mark.parametrize(("kind", "description", "categories", "values", "name"), [
    ("bar chart", "draw a bar chart of sales 2021 10, 2022 15, 2023 22",
     ["2021", "2022", "2023"], [10, 15, 22], "sales"),
    ("bar chart", "一月 30，二月 45", ["一月", "二月"], [30, 45], ""),
    ("bar chart", "销售额一月30，二月45，三月50", ["一月", "二月", "三月"], [30, 45, 50], "销售额"),
    ("pie chart", "画一个饼图：房租 40%，餐饮 30%、交通 30%", ["房租", "餐饮", "交通"], [40, 30, 30], ""),
    ("pie chart", "apples: 30%, pears 50%, plums 20%", ["apples", "pears", "plums"], [30, 50, 20], ""),
    ("line chart", "revenue in 2021 was 10, 2022 was 12 and 2023 was 17",
     ["2021", "2022", "2023"], [10, 12, 17], "revenue"),
    ("bar chart", "北京 1,200，上海 1,500、广州 900", ["北京", "上海", "广州"], [1200, 1500, 900], ""),
    ("bar chart", "Q1 = $12k, Q2 = $15k, Q3 = $9k", ["Q1", "Q2", "Q3"], [12, 15, 9], ""),
])
def test_parse_series(kind, description, categories, values, name):
    spec = parse(kind, description).spec
    assert spec.kind == kind and spec.categories == categories
    assert spec.series[0].values == values and spec.series[0].name == name


def test_parse_several_series_and_units():
    spec = parse("bar chart", "sales: 2021 10, 2022 15; costs: 2021 8, 2022 9").spec
    assert [s.name for s in spec.series] == ["sales", "costs"]
    assert spec.series[1].values == [8, 9]
    assert parse("bar chart", "Q1 $12k, Q2 $15k").spec.unit == "$k"


@pytest.mark.parametrize(("description", "shape", "names", "aux"), [
    ("a right triangle ABC with the altitude from C", "right triangle", "ABC", [("altitude", "C", "")]),
    ("画一个圆和它的直径", "circle", "O", [("diameter", "", "")]),
    ("正方形 ABCD 加一条对角线", "square", "ABCD", [("diagonal", "", "")]),
    ("△ABC 中作 BC 边上的高 AD", "triangle", "ABC", [("altitude", "A", "D")]),
    ("triangle ABC with median AD and the incircle", "triangle", "ABC",
     [("median", "A", "D"), ("incircle", "", "")]),
    ("rectangle PQRS with both diagonals", "rectangle", "PQRS", [("diagonal", "both", "")]),
    ("等边三角形ABC和它的外接圆", "equilateral triangle", "ABC", [("circumcircle", "", "")]),
    ("平行四边形ABCD，连接AC", "parallelogram", "ABCD", [("segment", "AC", "")]),
    ("画三角形ABC的角平分线AD", "triangle", "ABC", [("bisector", "A", "D")]),
])
def test_parse_geometry(description, shape, names, aux):
    spec = parse("diagram", description).spec
    assert spec.kind == "geometry" and spec.shape == shape and "".join(spec.names) == names
    assert [(a.what, a.at, a.name) for a in spec.auxiliaries] == aux


def test_parse_right_angle_vertex():
    assert parse("geometry", "直角三角形ABC，∠B=90°，作斜边上的高").spec.right_angle_at == "B"
    assert parse("geometry", "right triangle ABC").spec.right_angle_at == "C"


@pytest.mark.parametrize(("kind", "description", "root", "branches"), [
    ("mind map", "mind map of vloop: planning, tools, verification", "vloop",
     [("planning", []), ("tools", []), ("verification", [])]),
    ("mind map", "画一个关于vloop的思维导图：规划（规则、大模型），工具，验证", "vloop",
     [("规划", ["规则", "大模型"]), ("工具", []), ("验证", [])]),
    ("mind map", "vloop: planning: rules, LLM; tools: ocr, draw", "vloop",
     [("planning", ["rules", "LLM"]), ("tools", ["ocr", "draw"])]),
])
def test_parse_mind_map(kind, description, root, branches):
    spec = parse(kind, description).spec
    assert spec.root == root and [(b.text, b.children) for b in spec.branches] == branches


@pytest.mark.parametrize(("description", "events"), [
    ("make a 4:1 timeline of 2019 founded, 2021 launch, 2023 IPO",
     [("2019", "founded"), ("2021", "launch"), ("2023", "IPO")]),
    ("时间线：2019年成立，2021年上线，2023年上市",
     [("2019年", "成立"), ("2021年", "上线"), ("2023年", "上市")]),
    ("founded in 2019; launched in March 2021; IPO in Q3 2023",
     [("2019", "founded"), ("March 2021", "launched"), ("Q3 2023", "IPO")]),
    ("9:00 standup, 12:30 lunch, 18:00 demo", [("9:00", "standup"), ("12:30", "lunch"), ("18:00", "demo")]),
])
def test_parse_timeline(description, events):
    spec = parse("timeline", description, "4:1").spec
    assert [(e.when, e.text) for e in spec.events] == events


@pytest.mark.parametrize(("kind", "description", "resolved"), [
    ("chart", "market share: A 40%, B 35%, C 25%", "pie chart"),
    ("chart", "growth trend 2021 3, 2022 5, 2023 9", "line chart"),
    ("chart", "一月 30，二月 45", "bar chart"),
    ("diagram", "A -> B -> C", "flowchart"),
    ("diagram", "画一个圆和它的直径", "geometry"),
    ("architecture diagram", "UI -> runner -> tools", "flowchart"),
    ("流程图", "先登录，然后导出", "flowchart"),
])
def test_generic_kinds_are_narrowed(kind, description, resolved):
    assert parse(kind, description).spec.kind == resolved
