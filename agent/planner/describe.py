"""One line per step, in the language of the step's own words, for `vloop edit --dry-run` and
the UI: "s2 recolor: make step s1's result red (depends on s1)", "s1 add_object: 在猫上添加
3 个星星"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.planner.language import has_cjk
from agent.planner.objects import STICKER_WORDS
from agent.planner.targets import OBJECT_EN
from agent.state import Step
from tools.styles import STYLES as TOOL_STYLES

Phrase = Callable[[dict[str, Any], "Words"], str]


class Words:
    """How targets and amounts are said in one language."""

    def __init__(self, zh: bool) -> None:
        self.zh = zh

    def target(self, target: Any) -> str:
        """"step:s1" -> step s1's result / s1 的结果; "object:cat" -> the cat / 猫;
        None -> the whole image / 整张图."""
        kind, _, value = str(target or "image").partition(":")
        if not value:
            return _ZH_PLAIN.get(kind, kind) if self.zh else _EN_PLAIN.get(kind, f"the {kind}")
        if self.zh and kind == "object":
            return self.name(value)
        return (_ZH_NAMED if self.zh else _EN_NAMED).get(kind, "{v}").format(v=value)

    def name(self, thing: Any) -> str:
        """A sticker, object, style or property by its Chinese name when there is one."""
        return _ZH_NAMES.get(str(thing), str(thing)) if self.zh else str(thing)

    @staticmethod
    def percent(amount: Any) -> str:
        return f"{abs(float(amount)) * 100:.0f}%"


_EN_NAMED = {"step": "step {v}'s result", "object": "the {v}", "text": "the text '{v}'",
             "color": "the {v} areas"}
_ZH_NAMED = {"step": " {v} 的结果", "object": "{v}", "text": "文字“{v}”", "color": "{v}色区域"}


def _zh_names() -> dict[str, str]:
    names = {en: zh for zh, en in OBJECT_EN.items()}
    names |= {name: w for w, name in reversed(list(STICKER_WORDS.items())) if not w.isascii()}
    names |= {style.name: style.chinese for style in TOOL_STYLES.values()}
    return names | {"brightness": "亮度", "contrast": "对比度", "saturation": "饱和度", "warmth": "色温",
                    "sharpness": "清晰度", "blur": "模糊程度"}


_ZH_NAMES = _zh_names()
_EN_PLAIN = {"image": "the whole image", "mask": "the masked area", "subject": "the main subject",
             "face": "the faces"}
_ZH_PLAIN = {"image": "整张图", "mask": "蒙版区域", "subject": "主体", "person": "人物", "face": "人脸",
             "faces": "人脸", "people": "人物", "clothes": "衣服", "background": "背景", "text": "文字"}


def _adjust_en(a: dict, w: Words) -> str:
    amount, target = a.get("amount", 0.3), w.target(a.get("target"))
    if a.get("property") == "blur":
        return f"blur {target} (strength {w.percent(amount)})"
    way = "decrease" if float(amount) < 0 else "increase"
    return f"{way} the {a.get('property')} of {target} by {w.percent(amount)}"


def _adjust_zh(a: dict, w: Words) -> str:
    amount = a.get("amount", 0.3)
    way = "降低" if float(amount) < 0 else "提高"
    return f"把{w.target(a.get('target'))}的{w.name(a.get('property'))}{way} {w.percent(amount)}"


def _add_en(a: dict, w: Words) -> str:
    count = a.get("count", 1)
    thing = f"{count} {a.get('object')}" if count != 1 else f"a {a.get('object')}"
    color = f" in {a['color']}" if a.get("color") else ""
    if a.get("anchor"):
        return f"add {thing}{color} {a.get('relation', 'on')} {w.target(a['anchor'])}"
    return f"add {thing}{color} at the {a.get('position') or 'best place'}"


def _add_zh(a: dict, w: Words) -> str:
    where = w.target(a["anchor"]) + _ZH_RELATIONS.get(a.get("relation", "on"), "") if a.get(
        "anchor") else _ZH_POSITIONS.get(a.get("position"), "合适的位置")
    color = f"{a['color']}的" if a.get("color") else ""
    return f"在{where}添加 {a.get('count', 1)} 个{color}{w.name(a.get('object'))}"


_ZH_RELATIONS = {"on": "上", "above": "上方", "below": "下方", "left-of": "左边", "right-of": "右边"}
_ZH_POSITIONS = {"top-left": "左上角", "top": "顶部", "top-right": "右上角", "left": "左边", "center": "中间",
                 "right": "右边", "bottom-left": "左下角", "bottom": "底部", "bottom-right": "右下角"}


def _background_en(a: dict, w: Words) -> str:
    mode = a.get("mode", "color")
    return {"color": f"make the background {a.get('color')}",
            "gradient": f"make the background a {a.get('color')}-to-{a.get('color2')} gradient",
            "blur": "blur the background",
            "image": f"use image {a.get('image_index')} as the background"}.get(mode, mode)


def _background_zh(a: dict, w: Words) -> str:
    mode = a.get("mode", "color")
    return {"color": f"把背景换成{a.get('color')}",
            "gradient": f"把背景换成{a.get('color')}到{a.get('color2')}的渐变",
            "blur": "虚化背景", "image": f"用第 {a.get('image_index')} 张图做背景"}.get(mode, mode)


def _compose_en(a: dict, w: Words) -> str:
    i = a.get("image_index", 2)
    return {"logo": f"put image {i} as a logo in the {a.get('position', 'top-right')} corner",
            "side_by_side": f"put image 1 and image {i} side by side",
            "stack": f"stack image {i} below image 1"}.get(a.get("mode"), f"combine image 1 and image {i}")


def _compose_zh(a: dict, w: Words) -> str:
    i = a.get("image_index", 2)
    return {"logo": f"把第 {i} 张图作为标志放在{_ZH_POSITIONS.get(a.get('position', 'top-right'))}",
            "side_by_side": f"把第 1 张和第 {i} 张图并排",
            "stack": f"把第 {i} 张图拼在第 1 张下面"}.get(a.get("mode"), f"合成第 1 张和第 {i} 张图")


def _text_en(a: dict, w: Words) -> str:
    old = (f"the text '{a['old']}'" if a.get("old") else
           f"the text on {w.target(a['target'])}" if a.get("target") else "the text")
    if not a.get("new"):
        return f"erase {old}"
    color = f" in {a['color']}" if a.get("color") else ""
    return f"change {old} to '{a.get('new')}'{color}"


def _text_zh(a: dict, w: Words) -> str:
    old = (f"文字“{a['old']}”" if a.get("old") else
           f"{w.target(a['target'])}上的文字" if a.get("target") else "文字")
    if not a.get("new"):
        return f"删除{old}"
    return f"把{old}改成“{a.get('new')}”" + (f"（{a['color']}）" if a.get("color") else "")


def _axis_of(a: dict, w: Words) -> str:
    return w.target(a.get("target") or "faces")


def _annotate_en(a: dict, w: Words) -> str:
    target, label = w.target(a.get("target")), f" labelled '{a['text']}'" if a.get("text") else ""
    body = {
        "arrow": f"draw an arrow pointing at {target}{label}",
        "number": f"number {target} with circled badges, in reading order",
        "measure": f"measure the {a.get('dimension', 'width')} of {target} in pixels",
        "eye_line": f"draw a line joining the eyes{label}",
        "symmetry_axis": f"draw the symmetry axis of {_axis_of(a, w)}{label}",
        "horizon": f"draw the horizon{label}",
    }.get(a.get("mark", "box"), f"{'highlight' if a.get('style') == 'highlight' else 'box'} {target}")
    return body + (f" in {a['color']}" if a.get("color") else "")


def _annotate_zh(a: dict, w: Words) -> str:
    target, color = w.target(a.get("target")), a.get("color", "")
    dimension = "高度" if a.get("dimension") == "height" else "宽度"
    label = f"，标注“{a['text']}”" if a.get("text") else ""
    return {
        "arrow": f"用{color}箭头指向{target}{label}",
        "number": f"按从上到下、从左到右的顺序给{target}编号",
        "measure": f"用{color}尺寸线标出{target}的{dimension}（像素）",
        "eye_line": f"用{color}线连接两只眼睛{label}",
        "symmetry_axis": f"用{color}线画出{_axis_of(a, w)}的对称轴{label}",
        "horizon": f"用{color}线画出地平线{label}",
    }.get(a.get("mark", "box"), f"用{color}{'高亮' if a.get('style') == 'highlight' else '框'}标出{target}")


_EN: dict[str, Phrase] = {
    "replace_text": _text_en, "replace_background": _background_en,
    "recolor": lambda a, w: f"make {w.target(a.get('target'))} {a.get('color')}",
    "adjust": _adjust_en,
    "stylize": lambda a, w: f"restyle {w.target(a.get('target'))} as {a.get('style')}",
    "remove_object": lambda a, w: f"remove {w.target(a.get('target'))}",
    "add_object": _add_en,
    "crop": lambda a, w: f"crop to {a.get('ratio') or w.target(a.get('target'))}",
    "resize_canvas": lambda a, w: (f"extend the canvas to {a['ratio']}" if a.get("ratio")
                                   else f"resize the canvas to {a.get('width')}x{a.get('height')}"),
    "compose": _compose_en,
    "replace_object": lambda a, w: f"replace {_generative(a, w)} with {a.get('new')}",
    "change_material": lambda a, w: f"make {_generative(a, w)} out of {a.get('new')}",
    "change_pose": lambda a, w: f"change the pose of {_generative(a, w)} to {a.get('new')}",
    "annotate": _annotate_en,
    "ocr": lambda a, w: "read the text",
    "generate": lambda a, w: f"generate {a.get('prompt')}",
    "diagram": lambda a, w: (f"draw the figure: {a.get('description')}" if a.get("kind") == "geometry"
                             else f"draw a {a.get('kind')}"),
    "answer": lambda a, w: f"answer: {a.get('question')}",
}
_ZH: dict[str, Phrase] = {
    "replace_text": _text_zh, "replace_background": _background_zh,
    "recolor": lambda a, w: f"把{w.target(a.get('target'))}改成{a.get('color')}",
    "adjust": _adjust_zh,
    "stylize": lambda a, w: f"把{w.target(a.get('target'))}转成{w.name(a.get('style'))}风格",
    "remove_object": lambda a, w: f"去掉{w.target(a.get('target'))}",
    "add_object": _add_zh,
    "crop": lambda a, w: f"裁剪成 {a['ratio']}" if a.get("ratio") else f"裁出{w.target(a.get('target'))}",
    "resize_canvas": lambda a, w: (f"把画幅扩展为 {a['ratio']}" if a.get("ratio")
                                   else f"把画布改为 {a.get('width')}x{a.get('height')}"),
    "compose": _compose_zh,
    "replace_object": lambda a, w: f"把{_generative(a, w)}换成{a.get('new')}",
    "change_material": lambda a, w: f"把{_generative(a, w)}的材质换成{a.get('new')}",
    "change_pose": lambda a, w: f"把{_generative(a, w)}的姿势改成{a.get('new')}",
    "annotate": _annotate_zh,
    "ocr": lambda a, w: "识别文字",
    "generate": lambda a, w: f"生成{a.get('prompt')}",
    "diagram": lambda a, w: (f"画几何图形：{a.get('description')}" if a.get("kind") == "geometry"
                             else f"画一个{a.get('kind')}"),
    "answer": lambda a, w: f"回答：{a.get('question')}",
}


def _generative(a: dict, w: Words) -> str:
    """A generative target is the user's words, unless it points at a step."""
    target = str(a.get("target", ""))
    if target.startswith("step:"):
        return w.target(target)
    return _ZH_PLAIN.get(target, target) if w.zh else f"the {target}"


def describe_step(step: Step) -> str:
    """"s2 recolor: make step s1's result red (depends on s1)"; unknown steps give their reason.
    Chinese when the step's words are Chinese."""
    zh = has_cjk(step.text)
    words = Words(zh)
    if step.op == "unknown":
        body = step.reason or ("没有理解" if zh else "not understood")
    else:
        phrase = (_ZH if zh else _EN).get(step.op)
        body = phrase(step.args, words) if phrase else f"{step.op} {step.args}"
    depends = ""
    if step.depends_on:
        ids = ", ".join(step.depends_on)
        depends = f"（依赖 {ids}）" if zh else f" (depends on {ids})"
    return f"{step.id} {step.op}: {body}{depends}"
