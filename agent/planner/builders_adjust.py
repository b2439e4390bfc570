"""The adjust builder: property, signed amount and target ("make the face much brighter" ->
brightness +0.6 on face; "降低饱和度" -> saturation -0.3; "black and white" -> saturation -1).
English rules pass the target as a `target` group; in Chinese the target is what is left once
the adjustment's own words are gone ("把人脸调亮一点" -> 人脸)."""

from __future__ import annotations

import re

from agent.planner.builders_image import stylize_step
from agent.planner.draft import Built, Draft, group
from agent.planner.nouns import trim
from agent.planner.phrases import alternation
from agent.planner.quotes import Protected
from agent.planner.targets import canonical
from agent.planner.vocab import ADJUSTMENTS, DECREASE, INCREASE, INTENSITY

ADJUST = alternation(w for _, words, _ in ADJUSTMENTS for w in words)
INTENSE = alternation(w for _, words in INTENSITY for w in words)
_ADJUSTMENTS = [(re.compile(alternation(words), re.I), prop, sign) for prop, words, sign in ADJUSTMENTS]
_INTENSITY = [(re.compile(alternation(words), re.I), amount) for amount, words in INTENSITY]
_INCREASE = re.compile(alternation(INCREASE), re.I)
_DECREASE = re.compile(alternation(DECREASE), re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%|百分之(\d+)")
DEFAULT_AMOUNT = 0.3

# Chinese: the words of the adjustment itself; what remains names the target.
_ZH_WORDS = re.compile(
    "|".join([ADJUST, INTENSE, alternation(INCREASE + DECREASE),
              "调整|调节|调成|调为|调到|调|变成|变为|转为|转成|转换为|变得|变|弄|处理|设置为|设为|改为|改成|换成",
              r"[把将让使给对]|一下|了|得|的|更|再|些|点|稍|\d+(?:\.\d+)?\s*%|百分之\d+|[，,\s]"])
)
_ZH_INTO = re.compile("变成|变为|转为|转成|换成|改成|改为|调成|处理成")
_ZH_OTHER_VERB = re.compile("换|改|加|添|删|去掉|去除|移除|放(?!大)|画(?![面布幅])|贴|替|框|标")


def amount(text: str) -> float:
    """How much: a percentage said, else the intensity words ("much" 0.6, "a bit" 0.15)."""
    percent = _PERCENT.search(text)
    if percent:
        return min(1.0, float(percent[1] or percent[2]) / 100)
    return next((a for pattern, a in _INTENSITY if pattern.search(text)), DEFAULT_AMOUNT)


def _property(text: str) -> tuple[str, int | None]:
    return next((prop, sign) for pattern, prop, sign in _ADJUSTMENTS if pattern.search(text))


def _sign(text: str, implied: int | None) -> int:
    if implied:
        return implied
    return -1 if _DECREASE.search(text) and not _INCREASE.search(text) else 1


def zh_target(text: str) -> str | None:
    """The target words of a Chinese adjustment, or None when the part is another edit
    ("把猫换成黑白的狗" changes the cat, it does not desaturate it)."""
    into = _ZH_INTO.search(text)
    if into and _ZH_WORDS.sub("", text[into.end():]):
        return None
    rest = _ZH_WORDS.sub("", text)
    return None if _ZH_OTHER_VERB.search(rest) else rest


def adjust(m: re.Match[str], part: Protected) -> Built:
    """`target` group (English) or the words left over (Chinese)."""
    text = part.text
    words = group(m, "target")
    if words is None and not text.isascii():
        words = zh_target(text)
        if words is None:
            return None
    words = trim(part.value(words)) if words else None
    prop, implied = _property(text)
    target = canonical(words)
    where = {"target": target} if target else {}
    slot = {"target": words or None, "slot": "target"}
    if prop == "pixelate":
        return stylize_step("mosaic", words)
    if prop == "grayscale":
        return Draft("adjust", {"property": "saturation", "amount": -1.0, **where}, **slot)
    signed = round(_sign(text, implied) * amount(text), 2)
    return Draft("adjust", {"property": prop, "amount": signed, **where}, **slot)
