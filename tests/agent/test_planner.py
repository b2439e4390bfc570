"""The rule-based planner: instructions in Chinese, English and both, one to five parts, quotes in
every style, mapped to ops with exact arguments.

Colour normalisation under test: a colour argument is the colour word as the user wrote it (a key
of tools.colors.COLOR_NAMES, lower case) or the hex code, so "红框" gives color "红" and
"Light-Blue" gives "light blue"; tools call parse_color on it.
"""

from __future__ import annotations

import pytest

from agent.planner import MAX_CHARS, plan
from agent.planner.language import detect_language
from agent.planner.phrases import find_colors
from agent.planner.quotes import protect
from agent.planner.split import split
from model_server.errors import BadInput
from tools import TOOLS
from tools.colors import parse_color

DESIGN_EXAMPLE = "把背景换成浅蓝色，把'SALE'改成'五折'，再用红框标出人脸"
DEMO = '把背景换成浅蓝色，把"SALE"改成"五折"，再用红框标出人脸'
DEMO_STEPS = [
    ("replace_background", {"mode": "color", "color": "浅蓝色"}),
    ("replace_text", {"old": "SALE", "new": "五折"}),
    ("annotate", {"target": "faces", "color": "红"}),
]
CANONICAL_OPS = {
    "replace_text", "recolor", "replace_background", "stylize", "remove_object", "add_object",
    "replace_object", "change_material", "adjust", "crop", "resize_canvas", "compose", "annotate",
    "ocr", "depth_map", "segmentation_map", "detection_map", "edge_map", "generate", "diagram",
    "answer",
}


def _gen(op: str, target: str, new: str, instruction: str) -> tuple[str, dict]:
    """A generative step: replace_object, change_material or change_pose."""
    return (op, {"target": target, "new": new, "instruction": instruction})


def _obj(target: str, new: str, instruction: str) -> tuple[str, dict]:
    return _gen("replace_object", target, new, instruction)


CASES = [
    # --- the DESIGN.md example and the demo instruction
    pytest.param(DESIGN_EXAMPLE, DEMO_STEPS, id="design-example"),
    pytest.param(DEMO, DEMO_STEPS, id="demo-ascii-double-quotes"),
    pytest.param("把背景换成浅蓝色，把“SALE”改成“五折”，再用红框标出人脸", DEMO_STEPS, id="demo-curly"),
    # --- replace_text, every quote style
    pytest.param("change 'SALE' to '50% OFF'",
                 [("replace_text", {"old": "SALE", "new": "50% OFF"})], id="en-single-quotes"),
    pytest.param('replace the text "A" with "B"',
                 [("replace_text", {"old": "A", "new": "B"})], id="en-double-quotes"),
    pytest.param("change ‘SALE’ to ‘50% OFF’",
                 [("replace_text", {"old": "SALE", "new": "50% OFF"})], id="en-curly-single"),
    pytest.param("把'SALE'改成'五折'", [("replace_text", {"old": "SALE", "new": "五折"})],
                 id="zh-ascii-single"),
    pytest.param("将“促销”替换为“Sale”", [("replace_text", {"old": "促销", "new": "Sale"})],
                 id="zh-curly-double"),
    pytest.param("将「新品」替换为『爆款』", [("replace_text", {"old": "新品", "new": "爆款"})],
                 id="zh-corner-brackets"),
    pytest.param("把‘SALE’改成‘五折’", [("replace_text", {"old": "SALE", "new": "五折"})],
                 id="zh-curly-single"),
    pytest.param("把文字 SALE 换成 五折", [("replace_text", {"old": "SALE", "new": "五折"})],
                 id="zh-unquoted-tokens"),
    pytest.param("把SALE改成五折", [("replace_text", {"old": "SALE", "new": "五折"})],
                 id="zh-unquoted-sign"),
    pytest.param("change the text SALE to 50% OFF in red",
                 [("replace_text", {"old": "SALE", "new": "50% OFF", "color": "red"})],
                 id="en-unquoted-with-colour"),
    pytest.param("change the text 'Joe's Bar' to 'the man's hat, and more'",
                 [("replace_text", {"old": "Joe's Bar", "new": "the man's hat, and more"})],
                 id="apostrophes-inside-quotes"),
    pytest.param("erase the text 'SALE'", [("replace_text", {"old": "SALE", "new": ""})],
                 id="en-erase-text"),
    pytest.param("删除文字“促销”", [("replace_text", {"old": "促销", "new": ""})], id="zh-erase-text"),
    pytest.param("把文字“促销”换成红色",
                 [("replace_text", {"old": "促销", "new": "促销", "color": "红色"})],
                 id="zh-same-text-new-colour"),
    pytest.param("把“促销”换成红色的“特价”",
                 [("replace_text", {"old": "促销", "new": "特价", "color": "红色"})],
                 id="zh-new-text-in-colour"),
    pytest.param("把文字颜色改成红色", [("recolor", {"target": "text", "color": "红色"})],
                 id="zh-text-colour-is-recolor"),
    # --- replace_background
    pytest.param("change the background to light blue",
                 [("replace_background", {"mode": "color", "color": "light blue"})], id="en-bg-color"),
    pytest.param("make the background #1E6FFF",
                 [("replace_background", {"mode": "color", "color": "#1E6FFF"})], id="en-bg-hex"),
    pytest.param("blur the background", [("replace_background", {"mode": "blur"})], id="en-bg-blur"),
    pytest.param("gradient background from blue to white",
                 [("replace_background", {"mode": "gradient", "color": "blue", "color2": "white"})],
                 id="en-bg-gradient"),
    pytest.param("use image 2 as the background",
                 [("replace_background", {"mode": "image", "image_index": 2})], id="en-bg-image"),
    pytest.param("use the second photo as the backdrop",
                 [("replace_background", {"mode": "image", "image_index": 2})], id="en-bg-ordinal"),
    pytest.param("用第二张图做背景", [("replace_background", {"mode": "image", "image_index": 2})],
                 id="zh-bg-image"),
    pytest.param("把背景换成浅蓝色", [("replace_background", {"mode": "color", "color": "浅蓝色"})],
                 id="zh-bg-color"),
    pytest.param("背景改为白色", [("replace_background", {"mode": "color", "color": "白色"})],
                 id="zh-bg-color-2"),
    pytest.param("背景虚化", [("replace_background", {"mode": "blur"})], id="zh-bg-blur"),
    pytest.param("把背景换成蓝白渐变",
                 [("replace_background", {"mode": "gradient", "color": "蓝", "color2": "白"})],
                 id="zh-bg-gradient"),
    pytest.param("换成蓝底", [("replace_background", {"mode": "color", "color": "蓝"})],
                 id="zh-id-photo-idiom"),
    pytest.param("change the white background to blue",
                 [("replace_background", {"mode": "color", "color": "blue"})], id="en-bg-last-colour"),
    pytest.param("make the background Light-Blue",
                 [("replace_background", {"mode": "color", "color": "light blue"})],
                 id="en-bg-colour-normalised"),
    # --- annotate
    pytest.param("用红框标出人脸", [("annotate", {"target": "faces", "color": "红"})], id="zh-annotate"),
    pytest.param("box every line of text in green", [("annotate", {"target": "text", "color": "green"})],
                 id="en-annotate-text"),
    pytest.param("框出所有文字", [("annotate", {"target": "text"})], id="zh-annotate-text"),
    pytest.param("mark the people with a blue box", [("annotate", {"target": "people", "color": "blue"})],
                 id="en-annotate-people"),
    pytest.param("highlight the faces", [("annotate", {"target": "faces", "style": "highlight"})],
                 id="en-highlight"),
    pytest.param("圈出人物", [("annotate", {"target": "people"})], id="zh-annotate-people"),
    pytest.param("框出所有人脸", [("annotate", {"target": "faces"})], id="zh-all-faces-not-people"),
    pytest.param("box the man's face", [("annotate", {"target": "faces"})], id="en-possessive"),
    pytest.param("框出人脸和文字", [("annotate", {"target": "faces"}), ("annotate", {"target": "text"})],
                 id="zh-annotate-two-targets"),
    pytest.param("提高亮度", [("adjust", {"property": "brightness", "amount": 0.3})],
                 id="zh-brightness-not-highlight"),
    # --- ocr, and questions that are not ocr
    pytest.param("read the text", [("ocr", {})], id="en-ocr-read"),
    pytest.param("extract the text", [("ocr", {})], id="en-ocr-extract"),
    pytest.param("OCR", [("ocr", {})], id="en-ocr-word"),
    pytest.param("识别图中的文字", [("ocr", {})], id="zh-ocr"),
    pytest.param("把图中的文字提取出来", [("ocr", {})], id="zh-ocr-ba-construction"),
    pytest.param("what does the text say", [("answer", {"question": "what does the text say"})],
                 id="en-question-not-ocr"),
    pytest.param("背景是蓝色的吗", [("answer", {"question": "背景是蓝色的吗"})], id="zh-yes-no-question"),
    pytest.param("能把背景换成蓝色吗", [("replace_background", {"mode": "color", "color": "蓝色"})],
                 id="zh-polite-request-not-question"),
    pytest.param("is the background blue?", [("answer", {"question": "is the background blue?"})],
                 id="en-question-not-edit"),
    # --- replace_object
    pytest.param("turn the man into a bear", [_obj("man", "bear", "turn the man into a bear")],
                 id="en-turn-into"),
    pytest.param("replace the cat with a dog", [_obj("cat", "dog", "replace the cat with a dog")],
                 id="en-replace-with"),
    pytest.param("把猫换成狗", [_obj("猫", "狗", "把猫换成狗")], id="zh-replace-object"),
    pytest.param("把人变成熊", [_obj("人", "熊", "把人变成熊")], id="zh-turn-into"),
    pytest.param("turn the apple into an orange",
                 [_obj("apple", "orange", "turn the apple into an orange")], id="en-orange-is-a-fruit"),
    # --- the other edit ops, with canonical targets
    pytest.param("make the car red", [("recolor", {"target": "object:car", "color": "red"})],
                 id="en-recolor"),
    pytest.param("把衣服颜色换成蓝色", [("recolor", {"target": "clothes", "color": "蓝色"})],
                 id="zh-recolor"),
    pytest.param("make it black and white", [("adjust", {"property": "saturation", "amount": -1.0})],
                 id="en-black-and-white"),
    pytest.param("turn the photo into a watercolor painting", [("stylize", {"style": "watercolor"})],
                 id="en-stylize"),
    pytest.param("把照片转成动漫风格", [("stylize", {"style": "cartoon"})], id="zh-stylize"),
    pytest.param("remove the watermark", [("remove_object", {"target": "object:watermark"})],
                 id="en-remove"),
    pytest.param("把左边的人去掉", [("remove_object", {"target": "person"})], id="zh-remove"),
    pytest.param("add a red hat to the man",
                 [("add_object", {"object": "hat", "color": "red", "anchor": "person", "relation": "on"})],
                 id="en-add"),
    pytest.param("把桌子换成大理石", [_gen("change_material", "桌子", "marble", "把桌子换成大理石")],
                 id="zh-material"),
    pytest.param("increase the contrast by 20%", [("adjust", {"property": "contrast", "amount": 0.2})],
                 id="en-adjust-amount"),
    pytest.param("crop to 4:1", [("crop", {"ratio": "4:1"})], id="en-crop-ratio"),
    pytest.param("裁出人脸", [("crop", {"target": "face"})], id="zh-crop-target"),
    pytest.param("extend the canvas to 1:3", [("resize_canvas", {"ratio": "1:3"})], id="en-canvas"),
    pytest.param("把画幅改为4比1", [("resize_canvas", {"ratio": "4:1"})], id="zh-canvas"),
    pytest.param("combine image 1 and image 2 side by side",
                 [("compose", {"mode": "side_by_side", "image_index": 2})],
                 id="en-compose-and-not-split"),
    pytest.param("predict the depth map", [("depth_map", {})], id="en-depth"),
    pytest.param("生成深度图", [("depth_map", {})], id="zh-depth"),
    pytest.param("segment the person", [("segmentation_map", {"target": "people"})], id="en-segment"),
    pytest.param("detect the cars", [("detection_map", {"target": "cars"})], id="en-detect"),
    pytest.param("edge map", [("edge_map", {})], id="en-edges"),
    pytest.param("generate a poster of a cat in 16:9",
                 [("generate", {"prompt": "poster of a cat", "aspect": "16:9"})], id="en-generate"),
    pytest.param("画一只猫", [("generate", {"prompt": "猫"})], id="zh-generate"),
    pytest.param("画一个流程图",
                 [("diagram", {"kind": "flowchart", "description": "画一个流程图"})], id="zh-diagram"),
    # --- several parts, separators, connectives, ellipsis
    pytest.param("把背景换成浅蓝色再用红框标出人脸然后识别文字",
                 [DEMO_STEPS[0], DEMO_STEPS[2], ("ocr", {})], id="zh-connectives-no-punctuation"),
    pytest.param("把背景换成浅蓝色；把「SALE」改成『五折』；最后用绿框框出文字",
                 [DEMO_STEPS[0], DEMO_STEPS[1], ("annotate", {"target": "text", "color": "绿"})],
                 id="zh-semicolons-finally"),
    pytest.param("把“买一送一，限时”改成“五折、包邮”，然后把背景换成白色",
                 [("replace_text", {"old": "买一送一，限时", "new": "五折、包邮"}),
                  ("replace_background", {"mode": "color", "color": "白色"})],
                 id="zh-separators-inside-quotes"),
    pytest.param('Replace "Sale, and more" with "50% off; today only", then blur the background',
                 [("replace_text", {"old": "Sale, and more", "new": "50% off; today only"}),
                  ("replace_background", {"mode": "blur"})], id="en-separators-inside-quotes"),
    pytest.param("change the background to blue and then box the faces in red, the text in green",
                 [("replace_background", {"mode": "color", "color": "blue"}),
                  ("annotate", {"target": "faces", "color": "red"}),
                  ("annotate", {"target": "text", "color": "green"})], id="en-ellipsis"),
    pytest.param("replace the cat with a dog, the man with a bear",
                 [_obj("cat", "dog", "replace the cat with a dog"),
                  _obj("man", "bear", "replace the man with a bear")], id="en-ellipsis-objects"),
    pytest.param("box the faces, the people and the text",
                 [("annotate", {"target": "faces"}), ("annotate", {"target": "people"}),
                  ("annotate", {"target": "text"})], id="en-list-of-targets"),
    pytest.param("First, blur the background. Second, read the text. Finally, crop to 4:1.",
                 [("replace_background", {"mode": "blur"}), ("ocr", {}), ("crop", {"ratio": "4:1"})],
                 id="en-sentences-with-ordinals"),
    pytest.param("把背景换成白色，同时保持人物不变",
                 [("replace_background", {"mode": "color", "color": "白色"})],
                 id="zh-constraint-joins-its-clause"),
    pytest.param("把背景换成浅蓝色，把'SALE'改成'五折'，再用红框标出人脸，然后识别图中的文字，最后裁剪成4:1",
                 [*DEMO_STEPS, ("ocr", {}), ("crop", {"ratio": "4:1"})], id="zh-five-parts"),
    pytest.param('Change the background to light blue; replace "SALE" with "50% OFF"; '
                 "box the faces in red; read the text; crop to 4:1",
                 [("replace_background", {"mode": "color", "color": "light blue"}),
                  ("replace_text", {"old": "SALE", "new": "50% OFF"}),
                  ("annotate", {"target": "faces", "color": "red"}), ("ocr", {}),
                  ("crop", {"ratio": "4:1"})], id="en-five-parts"),
    # --- mixed language
    pytest.param("把 background 换成 light blue",
                 [("replace_background", {"mode": "color", "color": "light blue"})], id="mixed-bg"),
    pytest.param("把 'SALE' 改成 '五折' and blur the background",
                 [("replace_text", {"old": "SALE", "new": "五折"}), ("replace_background", {"mode": "blur"})],
                 id="mixed-two-parts"),
    pytest.param("用 red box 标出 faces", [("annotate", {"target": "faces", "color": "red"})],
                 id="mixed-annotate"),
    pytest.param("把背景换成 light blue，再 box the faces",
                 [("replace_background", {"mode": "color", "color": "light blue"}),
                  ("annotate", {"target": "faces"})], id="mixed-connective"),
]


@pytest.mark.parametrize(("instruction", "expected"), CASES)
def test_plan_maps_each_part_to_ops_with_arguments(instruction: str, expected: list) -> None:
    steps = plan(instruction).steps
    assert [(s.op, s.args) for s in steps] == expected


@pytest.mark.parametrize(("instruction", "expected"), CASES)
def test_steps_are_numbered_and_tool_args_validate(instruction: str, expected: list) -> None:
    steps = plan(instruction).steps
    assert [s.id for s in steps] == [f"s{i}" for i in range(1, len(steps) + 1)]
    for step in steps:
        assert step.op in CANONICAL_OPS
        assert step.text and step.text in instruction
        if step.op in TOOLS:
            TOOLS[step.op].input_model.model_validate(step.args)
        for key in ("color", "color2"):
            if key in step.args:
                parse_color(step.args[key])  # raises BadInput for a colour tools cannot read


def test_demo_steps_are_independent_with_targets_and_texts() -> None:
    steps = plan(DEMO).steps
    assert [s.target for s in steps] == ["background", "SALE", "faces"]
    assert [s.text for s in steps] == ["把背景换成浅蓝色", '把"SALE"改成"五折"', "用红框标出人脸"]
    assert all(s.depends_on == [] for s in steps)
    assert plan(DEMO).language == "zh"


def test_a_part_referring_back_depends_on_the_step_before() -> None:
    steps = plan("read the text and translate it").steps
    assert [s.op for s in steps] == ["ocr", "answer"]
    assert steps[1].depends_on == ["s1"]
    assert steps[0].depends_on == []


def test_elliptical_part_keeps_its_own_words_as_text() -> None:
    steps = plan("box the faces in red, the text in green").steps
    assert [s.text for s in steps] == ["box the faces in red", "the text in green"]


@pytest.mark.parametrize(
    ("instruction", "language"),
    [
        (DEMO, "zh"),
        ("把背景换成#1E6FFF", "zh"),  # a hex code is not a Latin word
        ("把'SALE'改成'五折'", "zh"),  # quoted Latin does not count
        ("change the background to light blue", "en"),
        ("change 'SALE' to '五折'", "en"),  # quoted Chinese does not count
        ("resize to 1024x768", "en"),
        ("把文字 SALE 换成 五折", "mixed"),
        ("把背景换成 light blue，再 box the faces", "mixed"),
        ("用OCR识别文字", "mixed"),
    ],
)
def test_language_is_judged_outside_quotes(instruction: str, language: str) -> None:
    assert plan(instruction).language == language
    assert detect_language(protect(instruction).text) == language


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ("把'SALE'改成'五折'", ["SALE", "五折"]),
        ('say "a, b and c" now', ["a, b and c"]),
        ("“一，二”和「三；四」和『五』", ["一，二", "三；四", "五"]),
        ("‘left’ and 'right’", ["left", "right"]),  # straight and curly marks mixed
        ("the man's hat and the cats' toys", []),  # apostrophes are not quotes
        ("change 'Joe's Bar' now", ["Joe's Bar"]),
        ('an "unclosed quote', []),
    ],
)
def test_quotes_are_protected_exactly(text: str, contents: list[str]) -> None:
    protected = protect(text)
    assert protected.contents() == contents
    assert protected.restore() == text


def test_separators_inside_quotes_do_not_split() -> None:
    protected = protect("change 'a, b; c and then d' to 'e。f，再g' then blur the background")
    fragments = split(protected.text)
    assert [protected.restore(f.text) for f in fragments] == [
        "change 'a, b; c and then d' to 'e。f，再g'", "blur the background"]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("make it black and white", ["make it black", "white"]),  # split; ellipsis joins it back
        ("把最后一行文字改成红色", ["把最后一行文字改成红色"]),  # 最后 here is "the last", not "finally"
        ("再次虚化背景", ["再次虚化背景"]),  # 再次 is "again"
        ("1. 把背景换成白色 2. 识别文字", ["把背景换成白色", "识别文字"]),
        ("is it blue? make it red", ["is it blue?", "make it red"]),
    ],
)
def test_split(text: str, parts: list[str]) -> None:
    assert [f.text for f in split(text)] == parts


def test_a_colour_list_does_not_split_a_part() -> None:
    steps = plan("make the background blue, white and pink gradient").steps
    assert len(steps) == 1
    assert steps[0].args == {"mode": "gradient", "color": "blue", "color2": "white"}


def test_colours_match_longest_name_first() -> None:
    assert find_colors("light blue, 浅蓝色 and 深红色 on #1e6fff, not reduced") == [
        "light blue", "浅蓝色", "深红色", "#1e6fff"]


@pytest.mark.parametrize("instruction", ["", "   ", "\n\t ", "，，，", "and then"])
def test_empty_instruction_is_bad_input(instruction: str) -> None:
    with pytest.raises(BadInput, match="say what to do"):
        plan(instruction)


def test_huge_instruction_is_bad_input() -> None:
    with pytest.raises(BadInput, match=f"under {MAX_CHARS}"):
        plan("blur the background, " * 200)


def test_unknown_part_is_reported_with_what_vloop_can_do() -> None:
    steps = plan("fly to the moon, then blur the background").steps
    assert [s.op for s in steps] == ["unknown", "replace_background"]
    assert steps[0].text == "fly to the moon"
    assert "fly to the moon" in steps[0].reason and "it can:" in steps[0].reason
    assert steps[1].reason is None


def test_annotate_of_something_vloop_cannot_box_says_why() -> None:
    (step,) = plan("mark the cats with a red box").steps
    assert step.op == "unknown"
    assert "faces, people or text" in step.reason


def test_arguments_a_tool_rejects_become_unknown_with_the_reason() -> None:
    (step,) = plan("use image 0 as the background").steps
    assert step.op == "unknown"
    assert "image_index" in step.reason


# --- every op typed: canonical targets, positions, relations, counts, amounts, styles, modes

TYPED_CASES = [
    # adjust: property and signed amount ("much" > default > "a bit"; decreases are negative)
    pytest.param("make the photo much brighter", [("adjust", {"property": "brightness", "amount": 0.6})],
                 id="en-adjust-much"),
    pytest.param("make it a bit brighter", [("adjust", {"property": "brightness", "amount": 0.15})],
                 id="en-adjust-a-bit"),
    pytest.param("降低饱和度", [("adjust", {"property": "saturation", "amount": -0.3})],
                 id="zh-adjust-decrease-is-negative"),
    pytest.param("大幅提高对比度", [("adjust", {"property": "contrast", "amount": 0.6})],
                 id="zh-adjust-much"),
    pytest.param("brighten the face slightly",
                 [("adjust", {"property": "brightness", "amount": 0.15, "target": "face"})],
                 id="en-adjust-target"),
    pytest.param("把背景调暗一些",
                 [("adjust", {"property": "brightness", "amount": -0.15, "target": "background"})],
                 id="zh-adjust-target"),
    pytest.param("reduce the saturation of the background a lot",
                 [("adjust", {"property": "saturation", "amount": -0.6, "target": "background"})],
                 id="en-adjust-of-target"),
    pytest.param("亮度调高20%",
                 [("adjust", {"property": "brightness", "amount": 0.2})],
                 id="zh-adjust-percent"),
    pytest.param("blur the face", [("adjust", {"property": "blur", "amount": 0.3, "target": "face"})],
                 id="en-blur-face"),
    pytest.param("把照片变成黑白", [("adjust", {"property": "saturation", "amount": -1.0})],
                 id="zh-black-and-white"),
    # stylize: names from tools.styles.STYLES
    pytest.param("give the faces a mosaic", [("stylize", {"style": "mosaic", "target": "face"})],
                 id="en-mosaic-faces"),
    pytest.param("给人脸打码", [("stylize", {"style": "mosaic", "target": "face"})], id="zh-pixelate-faces"),
    pytest.param("make it look like Van Gogh", [("stylize", {"style": "van_gogh"})], id="en-van-gogh"),
    pytest.param("apply a sketch style to the background",
                 [("stylize", {"style": "pencil_sketch", "target": "background"})], id="en-style-target"),
    pytest.param("把照片转成油画风格", [("stylize", {"style": "oil_painting"})], id="zh-oil"),
    pytest.param("change the style to cartoon", [("stylize", {"style": "cartoon"})], id="en-style-attribute"),
    pytest.param("add a vintage filter", [("stylize", {"style": "vintage"})], id="en-filter-is-style"),
    pytest.param("change the person to a cartoon cat",
                 [_obj("person", "cartoon cat", "change the person to a cartoon cat")],
                 id="en-style-word-in-a-thing"),
    # add_object: sticker names, counts, colours, positions, anchors and relations
    pytest.param("add two stars in the top-right corner",
                 [("add_object", {"object": "star", "count": 2, "position": "top-right"})],
                 id="en-count-position"),
    pytest.param("在右上角加三颗星星",
                 [("add_object", {"object": "star", "count": 3, "position": "top-right"})],
                 id="zh-count-position"),
    pytest.param("add three red hearts above the man's head",
                 [("add_object", {"object": "heart", "count": 3, "color": "red", "anchor": "face",
                                  "relation": "above"})], id="en-count-colour-relation"),
    pytest.param("add a hat on the cat's head",
                 [("add_object", {"object": "hat", "anchor": "object:cat", "relation": "on"})],
                 id="en-on-the-cats-head"),
    pytest.param("在猫的头上加一顶帽子",
                 [("add_object", {"object": "hat", "anchor": "object:cat", "relation": "on"})],
                 id="zh-on-the-cats-head"),
    pytest.param("给那个女人戴上眼镜",
                 [("add_object", {"object": "glasses", "anchor": "person", "relation": "on"})],
                 id="zh-wear"),
    pytest.param("在人的左边加一个气球",
                 [("add_object", {"object": "balloon", "anchor": "person", "relation": "left-of"})],
                 id="zh-left-of"),
    pytest.param("add a tree behind the person",
                 [("add_object", {"object": "tree", "anchor": "person", "relation": "above"})],
                 id="en-behind"),
    pytest.param("add a speech bubble next to the man",
                 [("add_object", {"object": "speech bubble", "anchor": "person", "relation": "right-of"})],
                 id="en-next-to"),
    pytest.param("add a sun to the sky", [("add_object", {"object": "sun", "position": "top"})], id="en-sky"),
    pytest.param("在图片底部加一个箭头", [("add_object", {"object": "arrow", "position": "bottom"})],
                 id="zh-bottom"),
    pytest.param("put a crown on her head",
                 [("add_object", {"object": "crown", "anchor": "face", "relation": "on"})], id="en-her-head"),
    # remove_object and crop: canonical targets
    pytest.param("remove the person on the left", [("remove_object", {"target": "person"})],
                 id="en-remove-person"),
    pytest.param("delete the red areas", [("remove_object", {"target": "color:red"})], id="en-remove-colour"),
    pytest.param("去掉图片里的文字", [("remove_object", {"target": "text"})], id="zh-remove-text"),
    pytest.param("把桌子上的杯子删掉", [("remove_object", {"target": "object:cup"})], id="zh-remove-cup"),
    pytest.param("blur the masked area", [("adjust", {"property": "blur", "amount": 0.3, "target": "mask"})],
                 id="en-mask"),
    pytest.param("crop to the face", [("crop", {"target": "face"})], id="en-crop-face"),
    # recolor
    pytest.param("change the man's shirt to red", [("recolor", {"target": "clothes", "color": "red"})],
                 id="en-mans-shirt"),
    pytest.param("把衣服改成红色", [("recolor", {"target": "clothes", "color": "红色"})], id="zh-clothes"),
    pytest.param("make the red region blue", [("recolor", {"target": "color:red", "color": "blue"})],
                 id="en-red-region"),
    pytest.param("把红色区域改成蓝色", [("recolor", {"target": "color:red", "color": "蓝色"})],
                 id="zh-red-region"),
    pytest.param("make the text 'SALE' red", [("recolor", {"target": "text:SALE", "color": "red"})],
                 id="en-quoted-text-target"),
    pytest.param("change the color of the bell to golden",
                 [("recolor", {"target": "object:bell", "color": "gold"})],
                 id="en-colour-attribute-alias"),
    pytest.param("replace the bow tie with a blue one",
                 [("recolor", {"target": "object:bow tie", "color": "blue"})],
                 id="en-a-blue-one"),
    # canvas and compose
    pytest.param("extend the canvas to 16:9 with white",
                 [("resize_canvas", {"ratio": "16:9", "fill": "color", "color": "white"})],
                 id="en-canvas-fill"),
    pytest.param("put image 2 as a logo in the top-right corner",
                 [("compose", {"mode": "logo", "image_index": 2, "position": "top-right"})], id="en-logo"),
    pytest.param("把第二张图作为logo放在右下角",
                 [("compose", {"mode": "logo", "image_index": 2, "position": "bottom-right"})], id="zh-logo"),
    pytest.param("把两张图并排",
                 [("compose", {"mode": "side_by_side", "image_index": 2})],
                 id="zh-side-by-side"),
    pytest.param("stack the two images vertically", [("compose", {"mode": "stack", "image_index": 2})],
                 id="en-stack"),
    # generative: pose, material, scene backgrounds
    pytest.param("make the dog sit",
                 [_gen("change_pose", "dog", "sit", "make the dog sit")],
                 id="en-pose-verb"),
    pytest.param("make her raise her arm",
                 [_gen("change_pose", "person", "raise her arm", "make her raise her arm")],
                 id="en-pose-her"),
    pytest.param("让猫坐下", [_gen("change_pose", "猫", "坐下", "让猫坐下")], id="zh-pose-verb"),
    pytest.param("把狗的姿势改成躺着", [_gen("change_pose", "狗", "躺着", "把狗的姿势改成躺着")],
                 id="zh-pose-attribute"),
    pytest.param("change the pose of the man to waving",
                 [_gen("change_pose", "man", "waving", "change the pose of the man to waving")],
                 id="en-pose-attribute"),
    pytest.param("make the cup gold", [_gen("change_material", "cup", "gold", "make the cup gold")],
                 id="en-material"),
    pytest.param("把杯子的材质换成玻璃", [_gen("change_material", "杯子", "glass", "把杯子的材质换成玻璃")],
                 id="zh-material-attribute"),
    pytest.param("change the dining table to a wooden table",
                 [_gen("change_material", "dining table", "wood",
                       "change the dining table to a wooden table")],
                 id="en-same-thing-in-wood"),
    pytest.param("change the background to a beach",
                 [_gen("replace_object", "background", "beach", "change the background to a beach")],
                 id="en-scene-background"),
    pytest.param("把背景换成海滩", [_gen("replace_object", "background", "海滩", "把背景换成海滩")],
                 id="zh-scene-background"),
    pytest.param("change the pattern of the tie to stripes",
                 [_gen("replace_object", "pattern of tie", "stripes",
                       "change the pattern of the tie to stripes")],
                 id="en-content-attribute"),
]


@pytest.mark.parametrize(("instruction", "expected"), TYPED_CASES)
def test_every_op_gets_typed_args(instruction: str, expected: list) -> None:
    steps = plan(instruction).steps
    assert [(s.op, s.args) for s in steps] == expected
    for step in steps:
        TOOLS[step.op].input_model.model_validate(step.args)
        assert step.text and step.text in instruction


CHAINS = [
    pytest.param("add a hat to the cat, then make the hat red", "recolor", "target", id="en-the-hat"),
    pytest.param("add a hat to the cat, then make it red", "recolor", "target", id="en-it"),
    pytest.param("给猫戴上帽子，然后把它变成红色", "recolor", "target", id="zh-it"),
    pytest.param("在猫头上加一顶帽子，再把那顶帽子改成蓝色", "recolor", "target", id="zh-that-hat"),
    pytest.param("replace the cat with a dog, then add a collar to the dog", "add_object", "anchor",
                 id="en-the-new-dog"),
    pytest.param("把狗换成猫，再给猫戴上帽子", "add_object", "anchor", id="zh-the-new-cat"),
    pytest.param("turn the man into a bear and make the result black and white", "adjust", "target",
                 id="en-the-result"),
    pytest.param("remove the cat and put a balloon in its place", "add_object", "anchor", id="en-its-place"),
    pytest.param("add a star to the top right, then remove it", "remove_object", "target", id="en-remove-it"),
    pytest.param("在猫头上加一颗星星，然后在它上面再加一个月亮", "add_object", "anchor", id="zh-on-it"),
    pytest.param("change the cup to a glass mug then make the mug blue", "recolor", "target",
                 id="en-the-mug"),
]


@pytest.mark.parametrize(("instruction", "op", "slot"), CHAINS)
def test_a_reference_to_what_a_step_made_chains_to_it(instruction: str, op: str, slot: str) -> None:
    first, second = plan(instruction).steps
    assert first.text in instruction and second.text in instruction
    assert second.op == op
    assert second.args[slot] == "step:s1"
    assert second.depends_on == ["s1"] and first.depends_on == []


def test_the_example_chain_in_full() -> None:
    steps = plan("add a hat to the cat, then make the hat red").steps
    assert [(s.op, s.args, s.depends_on) for s in steps] == [
        ("add_object", {"object": "hat", "anchor": "object:cat", "relation": "on"}, []),
        ("recolor", {"target": "step:s1", "color": "red"}, ["s1"])]


@pytest.mark.parametrize("instruction", [
    "add a red car next to the bus, then remove the blue car",  # another colour: another car
    "change the left dog to a cat, then remove the right cat",  # another side: another cat
    "add a tennis ball, then delete the sports ball",  # another kind of ball
    "change the man's shirt to red, then change the woman's shirt to blue",  # someone else's
])
def test_a_different_thing_of_the_same_kind_does_not_chain(instruction: str) -> None:
    assert plan(instruction).steps[1].depends_on == []


@pytest.mark.parametrize(
    ("instruction", "in_reason"),
    [
        ("add 20 stars", "count"),
        ("cyberpunk style", "style"),
        ("denoise the photo", "property"),
        ("add the text 'SALE' in the corner", "cannot add new text"),
        ("remove it", "target"),
    ],
)
def test_args_a_tool_cannot_take_make_the_step_unknown_with_the_reason(instruction: str,
                                                                        in_reason: str) -> None:
    (step,) = plan(instruction).steps
    assert step.op == "unknown" and step.args == {}
    assert in_reason in step.reason


def test_an_argument_the_tool_does_not_have_is_rejected() -> None:
    from agent.planner.draft import Draft
    from agent.planner.validate import validated

    checked = validated(Draft("recolor", {"target": "clothes", "color": "red", "shade": "dark"}), "x")
    assert checked.op == "unknown" and "shade" in checked.reason


@pytest.mark.parametrize(
    ("instruction", "lines"),
    [
        ("add a hat to the cat, then make the hat red",
         ["s1 add_object: add a hat on the cat", "s2 recolor: make step s1's result red (depends on s1)"]),
        ("给猫戴上帽子，然后把它变成红色",
         ["s1 add_object: 在猫上添加 1 个帽子", "s2 recolor: 把 s1 的结果改成红色（依赖 s1）"]),
        ("make the face much brighter", ["s1 adjust: increase the brightness of the faces by 60%"]),
        ("降低饱和度", ["s1 adjust: 把整张图的饱和度降低 30%"]),
        ("put image 2 as a logo in the top-right corner",
         ["s1 compose: put image 2 as a logo in the top-right corner"]),
        ("change the text of the stop sign to SLOW",
         ["s1 replace_text: change the text on the stop sign to 'SLOW'"]),
        ("把招牌上的文字改成“营业中”", ["s1 replace_text: 把招牌上的文字改成“营业中”"]),
    ],
)
def test_describe_step_says_each_step_in_the_instructions_language(instruction: str, lines: list) -> None:
    from agent.planner.describe import describe_step

    assert [describe_step(s) for s in plan(instruction).steps] == lines


@pytest.mark.parametrize(("instruction", "expected"), CASES + TYPED_CASES)
def test_describe_step_has_a_line_for_every_op(instruction: str, expected: list) -> None:
    from agent.planner.describe import describe_step

    for step in plan(instruction).steps:
        line = describe_step(step)
        assert line.startswith(f"{step.id} {step.op}: ") and "\n" not in line and "None" not in line


# --- the ComplexBench-Edit scorer, on a fixture small enough to read

BENCH_FIXTURE = {
    "1": {"img_path": "a.jpg",
          "new_ins": "change the cat to white dog\r\nadd a collar on the white dog\r\ndelete the keyboard",
          "edit pair": [{"edit_type": "change object", "ori obj": "cat", "new_obj": "white dog"},
                        {"edit_type": "chain two", "ori obj": "nothing", "new_obj": "collar"},
                        {"edit_type": "delete object", "ori obj": "keyboard", "new_obj": "nothing"}]},
    "2": {"img_path": "b.jpg",
          "new_ins": "change the color of the left car to red\r\nchange the style to watercolor.\r\n"
                     "add a pigeon on top of the traffic light",
          "edit pair": [{"edit_type": "color", "ori obj": "left car", "new_obj": "nothing"},
                        {"edit_type": "change style", "ori obj": "nothing", "new_obj": "nothing"},
                        {"edit_type": "add object", "ori obj": "nothing", "new_obj": "pigeon"}]},
    # Two mismatches: the first line's op is not what the annotation says (a recolour, not a text
    # edit), and the annotated object of the delete is not the one the line names.
    "3": {"img_path": "c.jpg",
          "new_ins": "make the sign red\r\ndelete the bench\r\n"
                     "change the background to a beach",
          "edit pair": [{"edit_type": "text", "ori obj": "sign", "new_obj": "nothing"},
                        {"edit_type": "delete object", "ori obj": "bus", "new_obj": "nothing"},
                        {"edit_type": "change background", "ori obj": "nothing", "new_obj": "nothing"}]},
}


def test_benchmark_sentences_rotate_their_joiners() -> None:
    from evals.complexbench import sentence

    lines = ["change the cat to a dog", "add a hat.", "delete the cup"]
    assert sentence(lines, 0) == "change the cat to a dog and add a hat then delete the cup"
    assert sentence(lines, 1) == "change the cat to a dog then add a hat, delete the cup"


def test_benchmark_scorer_scores_and_reports_mismatches(tmp_path) -> None:
    import json

    from evals.complexbench import load, score_subset, table

    path = tmp_path / "fixture.json"
    path.write_text(json.dumps(BENCH_FIXTURE), encoding="utf-8")
    score, errors = score_subset("fixture", load(path), plan)
    assert [c.count_ok for c in score.cases] == [True, True, True]
    assert [c.ops for c in score.cases] == [[True] * 3, [True] * 3, [False, True, True]]
    assert [c.targets for c in score.cases] == [[True] * 3, [True] * 3, [True, False, True]]
    assert [c.chain for c in score.cases] == [True, None, None]
    assert [(e["id"], e["failed"]) for e in errors] == [("3", ["op", "target"])]
    assert errors[0]["planned"][0]["op"] == "recolor"
    assert errors[0]["expected"][0]["ops"] == ["replace_text"]
    assert "| fixture | 3 | 100.0% | 88.9% | 88.9% | 100.0% |" in table([score])


def test_benchmark_scorer_reports_a_wrong_step_count_and_a_broken_chain(tmp_path) -> None:
    import json

    from agent.state import Plan, Step
    from evals.complexbench import load, score_subset

    path = tmp_path / "fixture.json"
    path.write_text(json.dumps({"1": BENCH_FIXTURE["1"]}), encoding="utf-8")

    def two_unchained_steps(sentence: str) -> Plan:
        return Plan(language="en", steps=[
            Step(id="s1", op="replace_object", args={"target": "cat", "new": "white dog", "instruction": ""}),
            Step(id="s2", op="add_object", args={"object": "collar", "anchor": "object:dog"})])

    score, errors = score_subset("fixture", load(path), two_unchained_steps)
    (case,) = score.cases
    assert not case.count_ok and case.chain is False
    assert case.ops == [True, True, False] and case.targets == [True, False, False]
    assert errors[0]["failed"] == ["step_count", "op", "target", "chain"]
