"""Builders for edits of things: add_object (stickers), remove_object, and the generative
replace_object / change_material / change_pose, whose target stays as the user named it (the
edit model reads words, not masks)."""

from __future__ import annotations

import re

from agent.planner.builders_image import recolor_step
from agent.planner.draft import Built, Draft, group, unknown
from agent.planner.nouns import singular, split_owner, trim
from agent.planner.objects import added
from agent.planner.phrases import COLOR, alternation, clean_target, find_colors, key
from agent.planner.quotes import PLACEHOLDER, Protected
from agent.planner.targets import canonical, is_pronoun
from agent.planner.vocab import MATERIALS
from agent.planner.where import where

MATERIAL_OF = {key(w): name for name, words in MATERIALS.items() for w in words}
MATERIAL = alternation(MATERIAL_OF)
_MATERIAL = re.compile(MATERIAL, re.I)
_COLORS_ONLY = re.compile(rf"(?:(?:an?|the|solid|pure|plain|bright|dark|light)\s+)*{COLOR}"
                          rf"(?:\s*(?:,|and|&|-)?\s*{COLOR})*(?:\s+colou?red)?", re.I)
_MATERIALS_ONLY = re.compile(rf"(?:(?:an?|the|solid|pure|shiny|polished)\s+)*{MATERIAL}(?:\s+{MATERIAL})*",
                             re.I)
_TEXT_THING = re.compile(r"^(?:(?:the|a|an|some)\s+)?(?:text|words?|title|caption|label|letters?|"
                         r"文字|标题|文本|字)(?:\s|$)", re.I)
_PERSON = re.compile(r"^(?:he|she|him|her|they|them|他|她|他们|她们)$", re.I)


def add_object(m: re.Match[str], part: Protected) -> Built:
    """`obj` and optional `where` groups: a sticker with its count and colour, placed by an
    anchor ("on the cat's head") or at a position ("in the top-right corner")."""
    obj = part.value(m["obj"])
    quote_only = part.contents(m["obj"]) and not trim(part.value(re.sub(PLACEHOLDER, "", m["obj"])))
    if quote_only or _TEXT_THING.match(obj):
        why = (f"vloop cannot add new text ('{part.restore()}'): add_object adds stickers; "
               "replace_text changes text that is already there")
        return unknown(part.restore(), why)
    args, name = added(obj)
    if not name:
        return None
    placed = where(part.value(group(m, "where") or ""))
    return Draft("add_object", {**args, **placed.args}, target=placed.words, slot="anchor",
                 product=trim(obj))


def remove_object(m: re.Match[str], part: Protected) -> Built:
    """`obj` group. Quoted text is erased with replace_text (new text empty)."""
    quoted = part.contents(m["obj"])
    if quoted:
        return [Draft("replace_text", {"old": q, "new": ""}, target=q) for q in quoted]
    words = trim(part.value(m["obj"]))
    if not words:
        return None
    target = canonical(words)
    if target is None and not is_pronoun(words):
        return None  # "remove the image" is not an edit; "remove it" may point back at a step
    return Draft("remove_object", {"target": target} if target else {}, target=words,
                 slot="target")


def generative(op: str, target_words: str, new: str, part: Protected) -> Draft:
    """A replace_object / change_material / change_pose step; its product is what it made
    (replace_object) or the thing it changed."""
    target = _as_named(target_words)
    args = {"target": target, "new": new, "instruction": part.restore()}
    product = trim(new) if op == "replace_object" else target
    return Draft(op, args, target=target, slot="target", product=product)


def _as_named(words: str) -> str:
    target = trim(words)
    return "person" if _PERSON.match(target) else target


def replace_object(m: re.Match[str], part: Protected) -> Built:
    """`target` and `new` groups; the whole part is the edit model's instruction. The same
    thing in another colour or material is a recolour or a material change: "replace the
    bow tie with a blue one", "change the dining table to a wooden table"."""
    target = trim(part.value(m["target"]))
    new = clean_target(part.value(m["new"]))
    if not target or not new or re.match(r"^(?:text|words?|文字|文本|字)$", target, re.I):
        return None
    return _same_thing(target, new, part) or generative("replace_object", target, new, part)


def _same_thing(target: str, new: str, part: Protected) -> Draft | None:
    words = new.split()
    if len(words) < 2 or not new.isascii():
        return None
    head = singular(words[-1])
    if head not in ("one", "ones") and head != singular(split_owner(target).head.split()[-1]):
        return None
    said = " ".join(words[:-1])
    if _COLORS_ONLY.fullmatch(said):
        return recolor_step(target, find_colors(said)[0])
    if _MATERIALS_ONLY.fullmatch(said):
        return generative("change_material", target, material(said), part)
    return None  # "a wine bottle", "a bunk bed": another thing


def change_material(m: re.Match[str], part: Protected) -> Built:
    """`target` and `mat` groups: "make the table marble", "把桌子换成大理石"."""
    target = trim(part.value(m["target"]))
    if not target:
        return None
    return generative("change_material", target, material(part.value(m["mat"])), part)


def material(words: str) -> str:
    """A material's name: the table's word for it ("木质" -> wood), else the words as said."""
    found = _MATERIAL.search(words)
    return MATERIAL_OF[key(found.group())] if found else clean_target(words)


def change_pose(m: re.Match[str], part: Protected) -> Built:
    """`target` and `pose` groups: "make the dog sit", "让猫坐下"."""
    target = trim(part.value(m["target"]))
    pose = clean_target(part.value(m["pose"]))
    if not target or not pose:
        return None
    return generative("change_pose", target, pose, part)
