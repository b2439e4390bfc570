"""Question understanding: a user's question (zh/en) to the kind of fact that answers it.

One table of patterns, checked in order; the first match wins. Questions the embedded
perception cannot know (thoughts, age, brand, names, feelings) are matched first, so they
are answered "unknown" with a reason instead of being mistaken for something answerable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from tools.colors import color_names_longest_first
from tools.regions import TARGET_WORDS

Kind = Literal[
    "unanswerable", "is_color", "count_faces", "count_people", "where_text", "has_text", "read_text",
    "background_color", "dominant_color", "main_object", "relative_position", "what_changed",
    "differ", "unknown",
]
Lang = Literal["zh", "en"]

_CJK = re.compile(r"[\u4e00-\u9fff]")
_QUOTED = r"[\"'“”‘’「」『』]"
_COLOR_WORDS = "|".join(re.escape(c) for c in color_names_longest_first())
_Q = rf"{_QUOTED}(?P<text>[^\"'“”‘’「」『』]+){_QUOTED}"  # a quoted piece of text


@dataclass(frozen=True)
class Question:
    """What was asked: the kind of fact, the language to answer in, and its arguments."""

    text: str
    kind: Kind
    lang: Lang
    args: dict[str, str] = field(default_factory=dict)


# Why the embedded perception cannot know it, per (en, zh).
UNANSWERABLE: list[tuple[str, str, str]] = [
    (r"think|thinking|feel|feeling|mood|emotion|想什么|在想|心情|感受|情绪",
     "it is about thoughts or feelings, which a picture does not show",
     "问的是想法或情绪，图片本身看不出来"),
    (r"\bhow old\b|\bage\b|多大|几岁|年龄|年纪",
     "vloop's models do not estimate age", "vloop 的模型不估计年龄"),
    (r"\bbrand\b|\bwhat make\b|\bmodel of\b|品牌|牌子|型号",
     "vloop's models do not recognise brands or models", "vloop 的模型不识别品牌和型号"),
    (r"\bwho is\b|\bwho's\b|\bher name\b|\bhis name\b|是谁|他叫什么|她叫什么|名字",
     "vloop does not identify people", "vloop 不识别人的身份"),
    (r"\bwhy\b|为什么|为何", "a picture does not show why", "图片看不出原因"),
    (r"\bwhen\b|\bwhat year\b|哪一年|什么时候|何时",
     "a picture does not show when it was taken", "图片看不出拍摄时间"),
]

_PATTERNS: list[tuple[Kind, str]] = [
    ("what_changed", r"what (has )?changed|what is different|what's different|哪里变了|改了什么|"
                     r"变了什么|有什么变化|什么变化|改动"),
    ("differ", r"\bdiffer|different|same|\bdiff\b|不同|区别|一样|相同|差别|差异"),
    ("count_faces", r"how many faces|number of faces|count the faces|几张脸|多少张脸|几个人脸|"
                    r"多少个人脸|多少脸"),
    ("count_people", r"how many (people|persons|men|women|humans|astronauts)|number of people|"
                     r"几个人|多少人|多少个人|几位|人数"),
    ("relative_position", r"(is|are) (the )?(?P<a>.+?) (to the )?(?P<rel>left|right|above|below|"
                          r"on top|under)( of)? (the )?(?P<b>[^?？]+)"),
    ("relative_position", r"(?P<a>.+?)在(?P<b>.+?)的?(?P<rel>左边|右边|上面|下面|上方|下方|左侧|右侧)"),
    ("where_text", rf"where (is|does)( the)?( text| word)? {_Q}"),
    ("where_text", rf"{_Q}在(哪|什么位置|图片的什么位置)"),
    ("has_text", rf"(is|does) there (any )?(the )?(text |word )?{_Q}"),
    ("has_text", rf"(say|contain|read|show)s? {_Q}"),
    ("has_text", rf"(有没有|是否有|有).*{_Q}"),
    ("has_text", rf"{_Q}(这几个字|这个词)?吗"),
    ("is_color", rf"^(is|are) (the )?(?P<what>[^?？]*?)\s?(?P<color>{_COLOR_WORDS})\s*[?？.]?$"),
    ("is_color", rf"(?P<what>.*?)是(?P<color>{_COLOR_WORDS})的?(吗|么|嘛|不)"),
    ("background_color", r"background colou?r|colou?r of the background|背景.*(什么|哪种)?颜色|"
                         r"背景色"),
    ("dominant_color", r"colou?r|颜色|色调|什么色"),
    ("read_text", r"what (does|do) (the )?.*(say|read)|what is written|what text|read the text|"
                  r"what.*(text|words|banner|sign|title)|写(的是|着|了)?什么|什么字|哪些字|"
                  r"文字.*什么|内容是什么|上面写"),
    ("main_object", r"what is (this|it|in the (image|picture|photo))|what('s| is) the main|"
                    r"main (object|subject)|what animal|what object|what is shown|这是什么|"
                    r"主体|主要.*(是什么|物体)|什么东西|什么动物|画的是什么|拍的是什么|图里是什么"),
]

_RELATIONS = {"left": "left", "左边": "left", "左侧": "left", "right": "right", "右边": "right",
              "右侧": "right", "above": "above", "on top": "above", "上面": "above", "上方": "above",
              "below": "below", "under": "below", "下面": "below", "下方": "below"}


def language(text: str) -> Lang:
    """zh when the question has a Chinese character outside quoted text, else en."""
    unquoted = re.sub(_Q, " ", text)
    return "zh" if _CJK.search(unquoted) else "en"


def parse(text: str) -> Question:
    """The kind of `text`, the language to answer in, and the arguments (quoted text, a, b)."""
    lang = language(text)
    lowered = text.strip().lower()
    for pattern, reason_en, reason_zh in UNANSWERABLE:
        if re.search(pattern, lowered):
            reason = reason_zh if lang == "zh" else reason_en
            return Question(text, "unanswerable", lang, {"reason": reason})
    for kind, pattern in _PATTERNS:
        match = re.search(pattern, lowered)
        if match:
            return Question(text, kind, lang, _args(kind, match, text))
    return Question(text, "unknown", lang, {})


def _args(kind: Kind, match: re.Match[str], original: str) -> dict[str, str]:
    groups = {k: v for k, v in match.groupdict().items() if v}
    if "text" in groups:  # keep the user's case: match on lowered, take from the original
        groups["text"] = original[match.start("text"):match.end("text")].strip()
    if kind in ("dominant_color", "is_color"):
        target = colour_target(groups.pop("what", original))
        if target:
            groups["target"] = target
    if kind == "background_color":
        groups["target"] = "background"
    if kind == "relative_position":
        groups["rel"] = _RELATIONS[groups["rel"]]
        for key in ("a", "b"):
            groups[key] = _strip_filler(original[match.start(key):match.end(key)])
    return groups


def _strip_filler(phrase: str) -> str:
    phrase = re.sub(r"^(请问|the |a |an )", "", phrase.strip(), flags=re.IGNORECASE)
    phrase = re.sub(r"(吗|呢|是不是|是否)$", "", phrase.strip())
    return phrase.strip(" \"'“”‘’「」?？。.")


def colour_target(question: str) -> str | None:
    """The region a colour question is about ("the shirt" -> "clothes"), None for the image."""
    lowered = re.sub(r"\b\w+'s\b|[\u4e00-\u9fff]+的", " ", question.lower())  # "the man's shirt": shirt
    for word in sorted(TARGET_WORDS, key=len, reverse=True):
        pattern = rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word)
        if re.search(pattern, lowered):
            target = TARGET_WORDS[word]
            return None if target == "image" else target
    return None
