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


def _obj(target: str, new: str, instruction: str) -> tuple[str, dict]:
    return ("replace_object", {"target": target, "new": new, "instruction": instruction})


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
    pytest.param("把文字颜色改成红色", [("recolor", {"target": "文字", "color": "红色"})],
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
    pytest.param("提高亮度", [("adjust", {"property": "brightness", "direction": "increase"})],
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
    # --- ops without a tool yet
    pytest.param("make the car red", [("recolor", {"target": "car", "color": "red"})], id="en-recolor"),
    pytest.param("把衣服颜色换成蓝色", [("recolor", {"target": "衣服", "color": "蓝色"})],
                 id="zh-recolor"),
    pytest.param("make it black and white", [("adjust", {"property": "grayscale"})],
                 id="en-black-and-white"),
    pytest.param("turn the photo into a watercolor painting", [("stylize", {"style": "watercolor"})],
                 id="en-stylize"),
    pytest.param("把照片转成动漫风格", [("stylize", {"style": "anime"})], id="zh-stylize"),
    pytest.param("remove the watermark", [("remove_object", {"target": "watermark"})], id="en-remove"),
    pytest.param("把左边的人去掉", [("remove_object", {"target": "左边的人"})], id="zh-remove"),
    pytest.param("add a red hat to the man", [("add_object", {"object": "red hat", "where": "man"})],
                 id="en-add"),
    pytest.param("把桌子换成大理石", [("change_material", {"target": "桌子", "material": "marble"})],
                 id="zh-material"),
    pytest.param("increase the contrast by 20%",
                 [("adjust", {"property": "contrast", "direction": "increase", "amount": 0.2})],
                 id="en-adjust-amount"),
    pytest.param("crop to 4:1", [("crop", {"ratio": "4:1"})], id="en-crop-ratio"),
    pytest.param("裁出人脸", [("crop", {"target": "人脸"})], id="zh-crop-target"),
    pytest.param("extend the canvas to 1:3", [("resize_canvas", {"ratio": "1:3"})], id="en-canvas"),
    pytest.param("把画幅改为4比1", [("resize_canvas", {"ratio": "4:1"})], id="zh-canvas"),
    pytest.param("combine image 1 and image 2 side by side", [("compose", {"images": [1, 2]})],
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
