"""Builders for text and perception: replace_text, annotate, ocr. Builders are shared by the
English and Chinese rules: the patterns differ, the arguments not; the planner validates every
step's args against its tool's Input."""

from __future__ import annotations

import re

from agent.planner.draft import Built, Draft, group, unknown
from agent.planner.phrases import (
    alternation,
    find_colors,
    is_color_list,
    key,
    normalise_color,
)
from agent.planner.quotes import PLACEHOLDER, Protected
from agent.planner.vocab import ANNOTATE_TARGETS

_QUOTE = re.compile(PLACEHOLDER)
# Unquoted text that reads like a sign rather than a thing: SALE, 50% OFF, 2024.
SIGN = re.compile(r"[A-Z0-9][A-Z0-9%$€¥£.,!&+\-]*")
# What a text-change sentence may name that is not the text itself ("把文字颜色改成红色").
_NOT_TEXT = {"颜色", "大小", "字体", "字号", "color", "colour", "size", "font"}


def _new_text(old: str, new_raw: str, part: Protected) -> dict[str, str]:
    """What `old` becomes: "'B'" -> new B; "红色的'特价'" -> new 特价 in 红色; "红色" -> the same
    words in 红色 (replace_text re-renders them)."""
    quoted = part.contents(new_raw)
    if len(quoted) == 1:
        colors = find_colors(_QUOTE.sub(" ", new_raw))
        return {"new": quoted[0], **({"color": colors[0]} if colors else {})}
    if not quoted and is_color_list(new_raw):
        return {"new": old, "color": find_colors(new_raw)[0]}
    return {"new": part.value(new_raw)}


def replace_text(m: re.Match[str], part: Protected) -> Built:
    """`old` and `new` groups (and `color`); an unquoted `old` needs a keyword group `kw` or to
    look like a sign ("SALE"), so "replace the cat with a dog" is left to replace_object."""
    old_raw = m["old"]
    old = part.value(old_raw)
    if not _QUOTE.fullmatch(old_raw.strip()) and (
        old.lower() in _NOT_TEXT or not (group(m, "kw") or SIGN.fullmatch(old))
    ):
        return None
    args = {"old": old, **_new_text(old, m["new"], part)}
    if group(m, "color"):
        args["color"] = normalise_color(m["color"])
    return Draft("replace_text", args, target=old, product=args["new"])


_TARGET_OF = {key(w): k for k, words in ANNOTATE_TARGETS.items() for w in words}
_TARGETS = re.compile(alternation(_TARGET_OF), re.I)
_LIST_GLUE = re.compile(
    r"(?:\s|,|，|、|和|与|以及|及|或|所有的?|(?<![A-Za-z])(?:and|or|all|every|each|the)(?![A-Za-z]))*",
    re.I,
)
_POSSESSIVE = re.compile(r"'s|’s|s'|的")


def annotate_targets(text: str) -> list[str]:
    """Faces, people, text named in `text`: one, or a list ("faces and text", "人脸、文字").
    A possessive names its owner, not the target: "the man's face" -> faces."""
    found = list(_TARGETS.finditer(text))
    if not found:
        return []
    found = [t for t, nxt in zip(found, [*found[1:], None], strict=True)
             if nxt is None or not _POSSESSIVE.match(text, t.end())]
    targets: list[str] = []
    for prev, t in zip([None, *found], found, strict=False):
        if prev is not None and not _LIST_GLUE.fullmatch(text, prev.end(), t.start()):
            break
        target = _TARGET_OF[key(t.group())]
        if target not in targets:
            targets.append(target)
    return targets


def annotate(m: re.Match[str], part: Protected) -> Built:
    """One annotate step per target named, in the first colour named (default: the tool's)."""
    targets = annotate_targets(part.text)
    if not targets:
        why = f"vloop can box faces, people or text, and '{part.restore()}' names none of them"
        return unknown(part.restore(), why)
    extra: dict = {}
    colors = find_colors(part.text)
    if colors:
        extra["color"] = colors[0]
    if re.search(r"highlight|高亮(?!度)|突出显示", part.text, re.I):
        extra["style"] = "highlight"
    return [Draft("annotate", {"target": t, **extra}, target=t) for t in targets]


def ocr(m: re.Match[str], part: Protected) -> Built:
    return Draft("ocr", {}, target="text")
