""""Change the ATTRIBUTE of X to Y" ("the colour of the car to red", "the pose of the dog to
sitting", "把猫的姿势改成坐着"): the attribute says which op, X its target, Y the new value.

| attribute | op |
|---|---|
| colour | recolor, in the first colour named (replace_background for the background) |
| material | change_material |
| pose | change_pose |
| style | stylize |
| text, number, licence plate | replace_text (needs the old text: quoted, or "from A to B") |
| content, pattern, logo, screen, time | replace_object on "<attribute> of X"; replace_text when Y is |
|  | words to write (quoted, "text ...", a sign such as "SLOW") |
"""

from __future__ import annotations

import re

from agent.planner.builders import SIGN
from agent.planner.builders_image import recolor_step, style_name, stylize_step
from agent.planner.builders_objects import generative, material
from agent.planner.draft import Built, Draft, group
from agent.planner.nouns import trim
from agent.planner.phrases import alternation, clean_target, find_colors, is_color_list, key
from agent.planner.quotes import PLACEHOLDER, Protected
from agent.planner.targets import canonical
from agent.planner.vocab import ATTRIBUTES

_ON_OR_IN = re.compile(r"(?:上面|里面|上|里|中)$")
ATTRIBUTE_OF = {key(w): kind for kind, words in ATTRIBUTES.items() for w in words}
ATTRIBUTE = alternation(ATTRIBUTE_OF)
_WRITTEN = re.compile(rf"^(?:the\s+)?(?:text|words?|number|letters?|文字|数字)\b|^(?:the\s+)?{PLACEHOLDER}$",
                      re.I)
_FROM = re.compile(rf"^(?P<target>.*?)\s*(?:(?<![A-Za-z])from|从)\s*(?P<old>{PLACEHOLDER}|\S+)$", re.I)


def attribute(m: re.Match[str], part: Protected) -> Built:
    """`attr`, `new` and optional `target` groups."""
    kind = ATTRIBUTE_OF[key(m["attr"])]
    words = trim(part.value(group(m, "target") or ""))
    new_raw = m["new"].strip()
    new = clean_target(part.value(new_raw))
    if kind == "style":
        return stylize_step(style_name(new) or new, words or None)
    if kind == "color":
        colors = find_colors(new)  # "to red", "to a red jacket", "to darker green"
        return recolor_step(words, colors[0]) if colors else None
    if kind == "text" and is_color_list(new):  # "把文字改成白色": the text's colour
        return recolor_step(_attribute_of(m["attr"], words), find_colors(new)[0])
    if kind == "text" or (kind == "content" and _is_written(new_raw, new)):
        return _text(m, part, words, new_raw)
    if not words:
        return None
    if kind == "material":
        return generative("change_material", words, material(new), part)
    if kind == "pose":
        return generative("change_pose", words, new, part)
    step = generative("replace_object", _attribute_of(m["attr"], words), new, part)
    step.target, step.product = words, words  # the thing is still X, with new content
    return step


def _attribute_of(said: str, words: str) -> str:
    """"pattern of tie", "T恤的图案"."""
    if not words:
        return said
    return f"{said.lower()} of {words}" if said.isascii() else f"{words}的{said}"


def _is_written(new_raw: str, new: str) -> bool:
    """Y is words to write: quoted, "text ...", or a sign ("SLOW", "B234NMZ", "12:00")."""
    return bool(_WRITTEN.match(new_raw.strip()) or SIGN.fullmatch(new.replace(" ", "")))


def _text(m: re.Match[str], part: Protected, words: str, new_raw: str) -> Draft:
    """replace_text; its old text is quoted or said with "from" — without it, the one line of
    text on the thing named (the tool asks which when there are several)."""
    quoted = part.contents(new_raw)
    new = quoted[-1] if quoted else re.sub(r"^(?:the\s+)?(?:text|words?)\s+", "", part.value(new_raw),
                                          flags=re.I)
    said = _FROM.match(group(m, "target") or "")
    if not said:  # "change the text of the sign to SLOW": the one line of text on it
        words = _ON_OR_IN.sub("", words or "")  # 招牌上的文字: the sign, not "招牌上"
        args = {"new": new, **({"target": canonical(words)} if canonical(words) else {})}
        return Draft("replace_text", args, target=words or None)
    args = {"old": part.value(said["old"]), "new": new}
    return Draft("replace_text", args, target=trim(part.value(said["target"])) or None)
