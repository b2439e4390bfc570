"""Builders for recolouring, restyling, cropping, extending the canvas and combining images."""

from __future__ import annotations

import re

from agent.planner.draft import Built, Draft, group
from agent.planner.nouns import trim
from agent.planner.phrases import alternation, find_colors, image_indices, key, normalise_color, ratio, size
from agent.planner.quotes import Protected
from agent.planner.targets import canonical
from agent.planner.vocab import COMPOSE_MODES, EXTRA_STYLE_WORDS, UNSUPPORTED_STYLES
from agent.planner.where import POSITION_OF
from tools.styles import STYLES as TOOL_STYLES


def _style_words() -> dict[str, str]:
    """Every style word -> a tools.stylize style name (or, for a style vloop lacks, its own
    name: the step then fails validation and says which styles there are)."""
    words = {key(w): name for name, ws in UNSUPPORTED_STYLES.items() for w in ws}
    words |= {key(w): name for w, name in EXTRA_STYLE_WORDS.items()}
    for style in TOOL_STYLES.values():
        for word in (style.name.replace("_", " "), style.english, style.chinese, *style.aliases):
            if "/" not in word:
                words[key(word)] = style.name
    return words


STYLE_OF = _style_words()
STYLE = alternation(STYLE_OF)
_STYLE = re.compile(STYLE, re.I)
_NOT_A_THING = re.compile(r"\s(?:into|to|with)\s|\s(?:a|an)$", re.I)
_COLOUR_OF = re.compile(r"^(?:the\s+)?colou?rs?\s+of\s+|的?颜色$", re.I)
# A style word is the style asked for only where a style is said: first, or after "into",
# "as", "like", "apply", "成"…, and followed by nothing but "style", "painting" and the like (and
# what to apply it to). "Add a cartoon hat", "change the cup to a wooden pencil" and "replace the
# lamp with a vintage street lamp" name things, not styles.
_OTHER_EDIT = re.compile(r"^(?:add|insert|put|place|remove|delete|erase|replace|swap|加|添加|增加|放|去掉|删|"
                         r"移除|替换)", re.I)
_STYLE_LEAD = re.compile(
    r"(?:^|(?<![A-Za-z])(?:to|into|as|like|in|apply|use|with|of|it|them|image|photo|picture)\s+)"
    r"(?:(?:an?|the|some)\s+)?$"
    r"|^(?:an?|the)\s+$|^give\s+.+?\s+(?:an?|some|the)\s+$|(?:成|为|用|做|的)$",
    re.I,
)
_STYLE_MARK = re.compile(r"style|filter|effect|风格|画风|滤镜|效果", re.I)
_STYLE_TAIL = re.compile(
    r"^(?:[\s-]*(?:style|styled|painting|drawing|art|artwork|look|effect|filter|version|image|"
    r"photo|picture|portrait|illustration|render|rendering|vibe|aesthetic|风格|风|画风|画|效果|滤镜|"
    r"版|样式|感|的))*(?:\s+(?:to|on|for)\s+.+)?[\s.!。！]*$",
    re.I,
)
_STYLE_TARGET = re.compile(
    r"^(?:make|turn|convert|change|transform|render|restyle|redraw|repaint|paint|draw)\s+"
    r"(?P<t>.+?)\s+(?:into|to|as|in|like|look\s+like|with)\s"
    r"|^(?:apply|use)\s+.+?\s+(?:to|on)\s+(?P<t2>.+)$"
    r"|^give\s+(?P<t4>.+?)\s+(?:an?|some|the)\s"
    r"|^(?:把|将)?(?P<t3>.+?)(?:转成|转为|变成|换成|改成|做成|处理成|画成|转换成|转换为|改为|变为|渲染成)",
    re.I,
)


def recolor_step(words: str, color: str) -> Draft:
    """Recolour the thing `words` names; a background recolour is a new background colour."""
    target = canonical(words)
    color = normalise_color(color)
    if target == "background":
        return Draft("replace_background", {"mode": "color", "color": color}, target="background",
                     product="background")
    return Draft("recolor", {"target": target or "image", "color": color}, target=words or None,
                 slot="target", product=words or None)


def recolor(m: re.Match[str], part: Protected) -> Built:
    """`target` and `color` groups."""
    where = _COLOUR_OF.sub("", part.value(m["target"]).strip())
    if _NOT_A_THING.search(where):
        return None  # "turn the apple into an orange": the fruit, not the colour
    return recolor_step(trim(where), m["color"])


def style_name(text: str) -> str | None:
    found = _STYLE.search(text)
    return STYLE_OF[key(found.group())] if found else None


def stylize_step(style: str, words: str | None) -> Draft:
    target = canonical(words) if words else None
    args = {"style": style, **({"target": target} if target else {})}
    return Draft("stylize", args, target=words if target else None, slot="target")


def stylize(m: re.Match[str], part: Protected) -> Built:
    """The first style named; the thing restyled when one is named ("turn the cat into a
    cartoon")."""
    text, after = part.text, part.text[m.end():]
    marked = _STYLE_MARK.search(after)  # "add a vintage filter" asks for a style
    if not _STYLE_TAIL.match(after) or (_OTHER_EDIT.match(text) and not marked):
        return None
    if not (marked or _STYLE_LEAD.search(text[: m.start()])):
        return None
    named = _STYLE_TARGET.search(part.text)
    words = next((g for g in named.groups() if g), None) if named else None
    return stylize_step(STYLE_OF[key(m.group())], trim(part.value(words)) if words else None)


def crop(m: re.Match[str], part: Protected) -> Built:
    """A ratio ("crop to 4:1", "裁成正方形") or what to keep (`rest` group: "the face")."""
    found = ratio(part.text)
    if found:
        return Draft("crop", {"ratio": found})
    words = trim(part.value(group(m, "rest") or ""))
    target = canonical(words)
    return Draft("crop", {"target": target} if target else {}, target=words or None, slot="target")


_FILLS = [("blur", r"blur|模糊"), ("reflect", r"reflect|mirror|镜像"),
          ("inpaint", r"outpaint|inpaint|generat|AI|扩图|生成|补全")]


def resize_canvas(m: re.Match[str], part: Protected) -> Built:
    """A new aspect ratio or pixel size, and how to fill the new area when said; declines
    when the part gives neither ratio nor size."""
    found, pixels = ratio(part.text), size(part.text)
    if not found and not pixels:
        return None
    args: dict = {"ratio": found} if found else {"width": pixels[0], "height": pixels[1]}
    colors = find_colors(part.text)
    fill = next((f for f, pattern in _FILLS if re.search(pattern, part.text, re.I)), None)
    if colors:
        args.update(fill="color", color=colors[0])
    elif fill:
        args["fill"] = fill
    return Draft("resize_canvas", args)


_MODE_OF = {key(w): mode for mode, words in COMPOSE_MODES.items() for w in words}
_MODE = re.compile(alternation(_MODE_OF), re.I)
_POSITION = re.compile(alternation(POSITION_OF), re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")


def compose(m: re.Match[str], part: Protected) -> Built:
    """Image 2 (or the image named) as a logo at a position, side by side, or stacked."""
    text = part.text
    mode_word, position = _MODE.search(text), _POSITION.search(text)
    mode = _MODE_OF[key(mode_word.group())] if mode_word else ("logo" if position else "side_by_side")
    later = [i for i in image_indices(text) if i != 1]
    args: dict = {"mode": mode, "image_index": later[0] if later else 2}
    if mode == "logo" and position:
        args["position"] = POSITION_OF[key(position.group())]
    percent = _PERCENT.search(text)
    if mode == "logo" and percent:
        args["scale"] = float(percent[1]) / 100
    return Draft("compose", args)
