"""The planner's annotation marks beyond boxes (arrows, numbers, measurements, eye lines,
symmetry axes, the horizon) and geometry figures, in Chinese and English, with exact arguments;
and the requests that must not be taken for them."""

from __future__ import annotations

import pytest

from agent.planner import plan
from agent.planner.describe import describe_step
from tools import TOOLS


def _ann(**args) -> tuple[str, dict]:
    return ("annotate", args)


def _geometry(description: str, **extra) -> tuple[str, dict]:
    return ("diagram", {"kind": "geometry", "description": description, **extra})


MARK_CASES = [
    # arrows: a label at the tail, in Chinese for a Chinese request
    ("draw an arrow pointing at the face", [_ann(target="faces", mark="arrow")]),
    ("point an arrow at the text", [_ann(target="text", mark="arrow")]),
    ("add a red arrow to the person", [_ann(target="people", mark="arrow", color="red")]),
    ("use an arrow to point at the cat", [_ann(target="object:cat", mark="arrow")]),
    ("用箭头指向猫", [_ann(target="object:cat", mark="arrow", text="猫")]),
    ("画一个箭头指向人脸", [_ann(target="faces", mark="arrow", text="人脸")]),
    ("用红色箭头指出文字", [_ann(target="text", mark="arrow", color="红色", text="文字")]),
    ("加一个箭头指着人物", [_ann(target="people", mark="arrow", text="人物")]),
    # numbered call-outs
    ("number each face", [_ann(target="faces", mark="number")]),
    ("add numbers to each face", [_ann(target="faces", mark="number")]),
    ("label every person with a number", [_ann(target="people", mark="number")]),
    ("给每个人脸编号", [_ann(target="faces", mark="number")]),
    ("给人物标上序号", [_ann(target="people", mark="number")]),
    ("给每行文字编号", [_ann(target="text", mark="number")]),
    # measurement lines
    ("measure the width of the face", [_ann(target="faces", mark="measure")]),
    ("measure the face's height", [_ann(target="faces", mark="measure", dimension="height")]),
    ("draw a dimension line for the height of the person",
     [_ann(target="people", mark="measure", dimension="height")]),
    ("show how wide the face is", [_ann(target="faces", mark="measure")]),
    ("标出人脸的宽度", [_ann(target="faces", mark="measure")]),
    ("测量人脸的高度", [_ann(target="faces", mark="measure", dimension="height")]),
    ("量一下人脸有多宽", [_ann(target="faces", mark="measure")]),
    # the eye line
    ("connect the two eyes", [_ann(mark="eye_line")]),
    ("draw a line between the eyes", [_ann(mark="eye_line")]),
    ("join her eyes with a green line", [_ann(mark="eye_line", color="green")]),
    ("连接两只眼睛", [_ann(mark="eye_line", text="眼睛连线")]),
    ("把两只眼睛连起来", [_ann(mark="eye_line", text="眼睛连线")]),
    ("用绿线连接双眼", [_ann(mark="eye_line", color="绿", text="眼睛连线")]),
    # the horizon
    ("draw the horizon", [_ann(mark="horizon")]),
    ("mark the horizon line in yellow", [_ann(mark="horizon", color="yellow")]),
    ("find the horizon", [_ann(mark="horizon")]),
    ("画出地平线", [_ann(mark="horizon", text="地平线")]),
    ("用黄色画出海平线", [_ann(mark="horizon", color="黄色", text="海平线")]),
    # the symmetry axis
    ("draw the symmetry axis", [_ann(mark="symmetry_axis")]),
    ("add a line of symmetry to the face", [_ann(mark="symmetry_axis")]),
    ("draw the axis of symmetry of her face", [_ann(mark="symmetry_axis")]),
    ("加一条对称轴", [_ann(mark="symmetry_axis", text="对称轴")]),
    ("画出人脸的对称轴", [_ann(mark="symmetry_axis", text="对称轴")]),
    ("标出脸部的中轴线", [_ann(mark="symmetry_axis", text="中轴线")]),
    ("draw the symmetry axis of the person", [_ann(mark="symmetry_axis", target="people")]),
    ("draw the symmetry axis of the cup", [_ann(mark="symmetry_axis", target="object:cup")]),
    ("画出人物的对称轴", [_ann(mark="symmetry_axis", text="对称轴", target="people")]),
    ("画出杯子的对称轴", [_ann(mark="symmetry_axis", text="对称轴", target="object:cup")]),
    # several marks in one request
    ("用红框标出人脸并用箭头指向文字",
     [_ann(target="faces", color="红"), _ann(target="text", mark="arrow", text="文字")]),
    ("number each face, then measure the width of the face",
     [_ann(target="faces", mark="number"), _ann(target="faces", mark="measure")]),
]

GEOMETRY_CASES = [
    ("画一个圆和它的直径", [_geometry("画一个圆和它的直径")]),
    ("draw a circle and its diameter", [_geometry("draw a circle and its diameter")]),
    ("draw a right triangle with its altitude", [_geometry("draw a right triangle with its altitude")]),
    ("画一个直角三角形并作高", [_geometry("画一个直角三角形并作高")]),
    ("正方形ABCD加一条对角线", [_geometry("正方形ABCD加一条对角线", aspect="1:1")]),
    ("triangle ABC with median AD", [_geometry("triangle ABC with median AD")]),
    ("draw a triangle", [_geometry("draw a triangle")]),
]


@pytest.mark.parametrize(("instruction", "expected"), MARK_CASES + GEOMETRY_CASES)
def test_marks_and_figures_plan_with_exact_args(instruction: str, expected: list) -> None:
    steps = plan(instruction).steps
    assert [(s.op, s.args) for s in steps] == expected
    for step in steps:  # every step is one the tool accepts
        TOOLS[step.op].input_model.model_validate(step.args)


@pytest.mark.parametrize(("instruction", "op", "args"), [
    ("draw a red circle around the face", "annotate", {"target": "faces", "color": "red"}),
    ("draw a flowchart with arrows: A -> B -> C", "diagram",
     {"kind": "flowchart", "description": "draw a flowchart with arrows: A -> B -> C"}),
    ("remove the arrow", "remove_object", {"target": "object:arrow"}),
    ("add a direction arrow on the top of the street sign", "add_object",
     {"object": "arrow", "anchor": "object:street sign", "relation": "on"}),
    ("remove the horizon", "remove_object", {"target": "object:horizon"}),
    ("make the image square", "resize_canvas", {"ratio": "1:1"}),
    ("crop to a square", "crop", {"ratio": "1:1"}),
    ("count the faces", "answer", {"question": "count the faces"}),
    ("how wide is the face?", "answer", {"question": "how wide is the face?"}),
    ("画一只猫", "generate", {"prompt": "猫"}),
])
def test_look_alikes_keep_their_own_op(instruction: str, op: str, args: dict) -> None:
    (step,) = plan(instruction).steps
    assert (step.op, step.args) == (op, args)


def test_a_mark_on_nothing_it_can_find_is_not_planned_as_a_mark() -> None:
    (step,) = plan("mark the cats with a red box").steps  # boxes stay faces, people or text
    assert step.op == "unknown" and "faces, people or text" in step.reason
    (step,) = plan("draw the symmetry axis of the text").steps
    assert step.op == "unknown" and "not for text" in step.reason


@pytest.mark.parametrize(("instruction", "line"), [
    ("draw an arrow pointing at the face in red", "s1 annotate: draw an arrow pointing at the faces in red"),
    ("用箭头指向猫", "s1 annotate: 用箭头指向猫，标注“猫”"),
    ("number each face", "s1 annotate: number the faces with circled badges, in reading order"),
    ("给每个人脸编号", "s1 annotate: 按从上到下、从左到右的顺序给人脸编号"),
    ("measure the face's height", "s1 annotate: measure the height of the faces in pixels"),
    ("标出人脸的宽度", "s1 annotate: 用尺寸线标出人脸的宽度（像素）"),
    ("connect the two eyes", "s1 annotate: draw a line joining the eyes"),
    ("连接两只眼睛", "s1 annotate: 用线连接两只眼睛，标注“眼睛连线”"),
    ("draw the horizon in yellow", "s1 annotate: draw the horizon in yellow"),
    ("画出地平线", "s1 annotate: 用线画出地平线，标注“地平线”"),
    ("draw the symmetry axis", "s1 annotate: draw the symmetry axis of the faces"),
    ("draw the symmetry axis of the person", "s1 annotate: draw the symmetry axis of the people"),
    ("加一条对称轴", "s1 annotate: 用线画出人脸的对称轴，标注“对称轴”"),
    ("用红框标出人脸", "s1 annotate: 用红框标出人脸"),
    ("highlight the faces", "s1 annotate: highlight the faces"),
    ("draw a circle and its diameter", "s1 diagram: draw the figure: draw a circle and its diameter"),
    ("画一个圆和它的直径", "s1 diagram: 画几何图形：画一个圆和它的直径"),
])
def test_describe_says_what_each_mark_does(instruction: str, line: str) -> None:
    (step,) = plan(instruction).steps
    assert describe_step(step) == line
