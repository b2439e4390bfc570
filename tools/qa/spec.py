"""Parse a QA spec into typed assertions: Chinese or English prose (one assertion per line or
sentence) or YAML (a list of `{assert: kind, ...}`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from model_server.errors import BadInput
from tools.colors import color_names_longest_first, parse_color

Kind = Literal[
    "contains_text", "lacks_text", "face_count", "background", "text_margin",
    "logo_corner", "text_contrast", "button", "no_overflow",
]
Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]

KIND_EXAMPLES: dict[str, str] = {
    "contains_text": "contains the text 'Buy now' / 包含文字“立即购买”",
    "lacks_text": "does not contain the text 'TODO' / 不包含文字“TODO”",
    "face_count": "exactly one face / at least 2 faces / 一张人脸 / 两个人",
    "background": "background is white / 背景是白色",
    "text_margin": "no text touches the border / 文字不贴边",
    "logo_corner": "the logo (image 2) is in the top-right corner / 标志（图2）在右上角",
    "text_contrast": "text contrast is at least 4.5:1 / 文字对比度至少4.5:1",
    "button": "a red button with text 'Buy' / 一个红色按钮，文字“购买”",
    "no_overflow": "text does not overflow its container / 文字不溢出",
}


class Assertion(BaseModel):
    """One typed assertion, with the sentence (or YAML item) it came from."""

    model_config = ConfigDict(extra="forbid")  # a misspelt YAML key is an error, not ignored

    kind: Kind
    text: str = Field(description="the assertion as the user wrote it")
    value: str | None = Field(default=None, description="the text to find (text kinds, button)")
    count: int | None = Field(default=None, ge=0, description="number of faces")
    compare: Literal["exactly", "at_least", "at_most"] = "exactly"
    color: str | None = Field(default=None, description="colour name or hex (background, button)")
    corner: Corner | None = None
    image: int = Field(default=2, ge=2, description="which input image is the logo (2 = second)")
    ratio: float = Field(default=4.5, gt=1.0, le=21.0, description="least WCAG contrast ratio")


def supported_kinds() -> str:
    """Every kind with an example, on one line, for error messages."""
    return "; ".join(f"{k} ({ex})" for k, ex in KIND_EXAMPLES.items())


def parse_spec(spec: str, *, yaml_only: bool = False) -> list[Assertion]:
    """Typed assertions from a spec: YAML when it is a YAML list, prose otherwise.

    Args:
        spec: the spec text.
        yaml_only: the spec came from a .yaml file; it must be a YAML list.

    Raises:
        BadInput: the spec is empty, or a sentence or item is not a supported assertion.
    """
    if not spec.strip():
        raise BadInput("the spec is empty: give assertions such as \"contains the text 'Buy'\"")
    items = _yaml_list(spec)
    if items is None and yaml_only:
        raise BadInput("a YAML spec must be a list of {assert: kind, ...} items; kinds: " + supported_kinds())
    if items is not None:
        return [_from_yaml(item) for item in items]
    return [parse_sentence(s) for s in split_sentences(spec)]


def _yaml_list(spec: str) -> list | None:
    if not re.search(r"^\s*-\s", spec, re.MULTILINE):
        return None
    try:
        data = yaml.safe_load(spec)
    except yaml.YAMLError as exc:
        raise BadInput(f"the spec looks like YAML but does not parse: {exc}") from None
    return data if isinstance(data, list) else None


def _from_yaml(item: object) -> Assertion:
    if not isinstance(item, dict) or "assert" not in item:
        raise BadInput(f"YAML item {item!r} must be a mapping with an 'assert' key; kinds: "
                       + supported_kinds())
    fields = {k: v for k, v in item.items() if k != "assert"}
    kind = str(item["assert"])
    if kind not in KIND_EXAMPLES:
        raise BadInput(f"unknown assertion kind {kind!r}; supported kinds: " + supported_kinds())
    if "value" not in fields and "text" in fields:
        fields["value"] = fields.pop("text")
    if fields.get("value") is not None:
        fields["value"] = str(fields["value"])
    try:
        out = Assertion(kind=kind, text=_describe(kind, fields), **fields)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise BadInput(f"YAML item {item!r} is not a valid {kind} assertion: "
                       f"{exc.errors()[0]['msg']}") from None
    return _validated(out)


def _describe(kind: str, fields: dict) -> str:
    parts = ", ".join(f"{k}={v}" for k, v in fields.items())
    return f"{kind}({parts})"


def _validated(a: Assertion) -> Assertion:
    needs = {"contains_text": "value", "lacks_text": "value", "button": "value",
             "face_count": "count", "background": "color", "logo_corner": "corner"}
    field = needs.get(a.kind)
    if field and getattr(a, field) is None:
        raise BadInput(f"{a.text!r}: a {a.kind} assertion needs '{field}'")
    if a.color:
        parse_color(a.color)  # raises BadInput naming the unknown colour
    return a


_OPEN, _CLOSE, _SAME = "“‘「『", "”’」』", "'\""
_ENDS = "。；;！!？?\n"


def split_sentences(spec: str) -> list[str]:
    """The spec's sentences: split at line breaks and sentence ends (". ", "。", ";") outside
    quotes, so "contains the text 'v1.2. beta'" stays one sentence."""
    out, current, quote = [], "", ""
    for i, ch in enumerate(spec):
        if quote:
            quote = "" if ch == quote or (quote in _OPEN and ch in _CLOSE) else quote
        elif ch in _OPEN or (ch in _SAME and not _is_apostrophe(spec, i)):
            quote = ch
        elif ch in _ENDS or (ch == "." and spec[i + 1:i + 2] in ("", " ", "\t", "\n")):
            out.append(current)
            current = ""
            continue
        current += ch
    out.append(current)
    return [s.strip(" \t,，、") for s in out if s.strip(" \t,，、")]


def _is_apostrophe(text: str, i: int) -> bool:
    """An apostrophe inside a word ("doesn't"), not a quote."""
    return text[i] == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()


# Prose patterns ------------------------------------------------------------------------------

_Q = r"""['"“‘「『](?P<value>[^'"”’」』]+)['"”’」』]"""
_NUMS = {"no": 0, "zero": 0, "one": 1, "a": 1, "an": 1, "a single": 1, "two": 2, "three": 3,
         "four": 4, "five": 5, "six": 6, "零": 0, "无": 0, "没有": 0, "一": 1, "二": 2, "两": 2,
         "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CORNERS = {"top-left": "top-left", "top left": "top-left", "upper left": "top-left", "左上": "top-left",
            "top-right": "top-right", "top right": "top-right", "upper right": "top-right",
            "右上": "top-right", "bottom-left": "bottom-left", "bottom left": "bottom-left",
            "lower left": "bottom-left", "左下": "bottom-left", "bottom-right": "bottom-right",
            "bottom right": "bottom-right", "lower right": "bottom-right", "右下": "bottom-right"}
_COMPARE = {"exactly": "exactly", "恰好": "exactly", "正好": "exactly", "只有": "exactly",
            "at least": "at_least", "至少": "at_least", "不少于": "at_least",
            "at most": "at_most", "no more than": "at_most", "最多": "at_most", "至多": "at_most",
            "不超过": "at_most", "不多于": "at_most"}
_COLOR = "(?P<color>" + "|".join(re.escape(c) for c in color_names_longest_first()) + r"|#[0-9a-fA-F]{3,6})"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(map(re.escape, _NUMS), key=len, reverse=True)) + ")"
_CMP = "(?:(?P<cmp>" + "|".join(map(re.escape, _COMPARE)) + r")\s*)?"
_NEG = r"(?:does not|doesn't|do not|must not|should not|never|不|没有|无)"

Builder = Callable[[re.Match[str], str], Assertion]


def _text_kind(kind: Kind) -> Builder:
    return lambda m, s: Assertion(kind=kind, text=s, value=m["value"])


def _faces(m: re.Match[str], s: str) -> Assertion:
    num = m["num"].lower()
    count = int(num) if num.isdigit() else _NUMS[num]
    compare = _COMPARE.get((m["cmp"] or "").lower(), "exactly")
    return Assertion(kind="face_count", text=s, count=count, compare=compare)  # type: ignore[arg-type]


def _logo(m: re.Match[str], s: str) -> Assertion:
    n = m["img"]
    return Assertion(kind="logo_corner", text=s, corner=_CORNERS[m["corner"].lower()],  # type: ignore[arg-type]
                     image=int(n) if n and n.isdigit() else _NUMS.get(n or "", 2))


def _contrast(m: re.Match[str], s: str) -> Assertion:
    return Assertion(kind="text_contrast", text=s, ratio=float(m["ratio"]))


_CORNER = "(?P<corner>" + "|".join(map(re.escape, _CORNERS)) + ")"
_IMG = r"(?:\s*[(（]\s*(?:image|图|图片|第)\s*(?P<img>\d+|[二三四五])\s*(?:张)?\s*[)）])?"

PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    (re.compile(_NEG + r".{0,20}?(?:contain|show|have|include|display|包含|含有|显示|出现|有).{0,12}?" + _Q,
                re.I), _text_kind("lacks_text")),
    (re.compile(r"(?:contain|show|has|have|include|display|包含|含有|显示|出现|有).{0,12}?" + _Q, re.I),
     _text_kind("contains_text")),
    (re.compile(_CMP + _NUM + r"\s*(?:faces?\b|(?:张|个|位)\s*(?:人脸|脸|人))", re.I), _faces),
    (re.compile(r"(?:background\s+(?:colou?r\s+)?(?:is|should be|must be)\s+"
                r"|背景(?:色|颜色)?(?:是|为|应为|应该是)\s*)" + _COLOR, re.I),
     lambda m, s: Assertion(kind="background", text=s, color=m["color"])),
    (re.compile(r"no text touches the (?:border|edge)|text (?:does not|doesn't) touch the (?:border|edge)"
                r"|文字不贴边|文字(?:不|没有)(?:接触|碰到|贴着)(?:边|边缘|边框)", re.I),
     lambda m, s: Assertion(kind="text_margin", text=s)),
    (re.compile(r"(?:logo|标志|徽标)" + _IMG + r".{0,20}?" + _CORNER, re.I), _logo),
    (re.compile(r"(?:contrast|对比度).{0,20}?(?P<ratio>\d+(?:\.\d+)?)\s*[:：]\s*1", re.I), _contrast),
    (re.compile(r"(?:overflow|溢出|超出)", re.I), lambda m, s: Assertion(kind="no_overflow", text=s)),
]

_ANY_QUOTED = _Q.replace("?P<value>", "")
_BUTTON = re.compile(_COLOR + r"\s*(?:的)?\s*(?:" + _ANY_QUOTED + r"\s*)?(?:button|按钮)", re.I)


def parse_sentence(sentence: str) -> Assertion:
    """One prose sentence (zh or en) as a typed assertion.

    Raises:
        BadInput: the sentence matches no supported kind; the message lists the kinds.
    """
    button = _BUTTON.search(sentence)
    quoted = re.search(_Q, sentence)
    if button and quoted and not re.match(_NEG, sentence.strip(), re.I):
        return _validated(Assertion(kind="button", text=sentence, value=quoted["value"],
                                    color=button["color"]))
    for pattern, build in PATTERNS:
        m = pattern.search(sentence)
        if m:
            return _validated(build(m, sentence))
    raise BadInput(f"cannot understand the assertion {sentence!r}; supported kinds: " + supported_kinds())
