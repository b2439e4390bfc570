"""The background builder. What the new background is made of decides the op:
a colour, gradient, blur or another input image -> replace_background in that mode; removed ->
plain white (the tool has no transparent mode); a scene ("a beach", "town square", "海滩") ->
replace_object on the background, since only a generative edit can paint a scene.

It declines when the background is not what is edited: "the car in the background", "the
background giraffe", "背景中的车" (remove_object and replace_object take those), "make the
background darker" (adjust) and "make the background watercolour" (stylize)."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.planner.builders_adjust import ADJUST
from agent.planner.builders_image import STYLE
from agent.planner.builders_objects import generative
from agent.planner.draft import Built, Draft
from agent.planner.phrases import COLOR, clean_target, find_colors, image_indices, is_color_list
from agent.planner.quotes import Protected

_WORD = re.compile(r"(?<![A-Za-z])(?:background|backdrop)(?![A-Za-z])|背景|底色", re.I)
_IDIOM = re.compile(rf"(?P<c>{COLOR})底(?![部下边层端面])")
_LOCATIVE = re.compile(r"(?:in|from|on|at|into|of|inside|behind)\s+(?:the\s+)?(?:far\s+)?$", re.I)
# Words that may follow "background" when it is itself the object.
_FOLLOWERS = frozenset("""to into with as color colour colors colours of and then please image
picture photo should is be a an the from for using so but while that which in entirely
completely""".split())
_ZH_LOCATIVE = re.compile("^(?:中|里|上|内|处)")
_INTO = re.compile(
    r"^(?:\s*(?:colou?r|colou?rs)?\s*(?:(?:should|must|will|can)\s+be|to\s+be|is|be|to|into|with|as|"
    r"for|by)\s+)+(?:(?:a|an|the|some|new)\s+)*"
    r"|^(?:的?颜色)?(?:替换成|替换为|修改成|修改为|更改为|更换为|换成|改成|改为|换为|变成|变为|设为|"
    r"设置为|设置成|调成|是|为|成)",
    re.I,
)
_CLAUSE_END = re.compile(r"[，,;；]|\s(?:but|while|and keep|keeping)\s", re.I)
_QUESTION = re.compile(r"\s*[吗呢吧？?。!！]+$")
_STYLE_MARK = re.compile(r"style|painting|effect|look|filter|风格|画风|效果|滤镜|画", re.I)
_PLAIN = re.compile(r"^(?:plain|solid|pure|纯|纯色的?|单色的?)\s*|\s*(?:colou?r|色|的)$", re.I)


def _complement(text: str) -> str | None:
    """What the background becomes, as said after the background word; None when the
    background is a place or a modifier, not the thing edited."""
    word = _WORD.search(text)
    if word is None:
        return ""
    before, after = text[: word.start()], text[word.end():]
    if _LOCATIVE.search(before) or _ZH_LOCATIVE.match(after):
        return None
    follower = re.match(r"\s+([A-Za-z]+)", after)
    if follower and follower[1].lower() not in _FOLLOWERS and not re.match(COLOR, after.strip(), re.I):
        return None
    said = _CLAUSE_END.split(_INTO.sub("", after.strip()).strip())[0]
    return clean_target(_QUESTION.sub("", said))


def _blur(text: str, rest: str) -> dict | None:
    blurred = re.search(r"blur|bokeh|defocus|out of focus|虚化|模糊|景深", text, re.I)
    return {"mode": "blur"} if blurred else None


def _gradient(text: str, rest: str) -> dict | None:
    if not re.search(r"gradient|渐变", text, re.I):
        return None
    colors = find_colors(text)
    args: dict = {"mode": "gradient"}
    args.update(zip(("color", "color2"), colors[:2], strict=False))
    return args


def _image(text: str, rest: str) -> dict | None:
    indices = image_indices(text)
    return {"mode": "image", "image_index": indices[0]} if indices else None


_REMOVED = re.compile(
    r"^(?:remove|delete|erase|get rid of|cut out|clear)\s+(?:the\s+)?(?:whole\s+|entire\s+)?"
    r"(?:background|backdrop)|(?:去掉|去除|删除|删掉|移除)背景|背景(?:去掉|去除|删除|删掉|移除)|抠图|去背景",
    re.I,
)


def _removed(text: str, rest: str) -> dict | None:
    return {"mode": "color", "color": "white"} if _REMOVED.search(text) and not rest else None


def _color(text: str, rest: str) -> dict | None:
    idiom = _IDIOM.search(text)
    if idiom:
        return {"mode": "color", "color": find_colors(idiom["c"])[0]}
    plain = _PLAIN.sub("", rest)
    if not (rest and is_color_list(plain or rest)):
        return None
    return {"mode": "color", "color": find_colors(rest)[0]}


_MODES: list[Callable[[str, str], dict | None]] = [_blur, _gradient, _image, _removed, _color]
_OTHER_EDIT = re.compile(rf"{ADJUST}|^(?:much|a bit|a little|slightly|more|less)\s", re.I)


def replace_background(m: re.Match[str], part: Protected) -> Built:
    """The first background mode the part describes; a scene; or decline."""
    rest = _complement(part.text)
    if rest is None:
        return None
    for mode in _MODES:
        args = mode(part.text, rest)
        if args:
            return Draft("replace_background", args, target="background", product="background")
    if not rest or _OTHER_EDIT.search(rest) or (re.search(STYLE, rest, re.I) and _STYLE_MARK.search(rest)):
        return None
    return generative("replace_object", "background", part.value(rest), part)
