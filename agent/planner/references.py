"""Chain references: a step that names what an earlier step made ("add a hat to the cat, then
make the hat red"; "那顶帽子") or points back at it ("it", "them", "它", "the result") acts on
that step's region: its target becomes "step:sN" and it depends on sN.

Names match on their head noun, in either language ("帽子" is "hat"); a reference's words that
say which one must be among the product's, and its other words may not all differ ("the dog"
and "the woven basket" are the "white dog" and the "basket"; "the right dog" is not the "left
dog", nor "the red car" the "blue car")."""

from __future__ import annotations

from dataclasses import dataclass

from agent.planner.draft import Draft
from agent.planner.nouns import singular, split_owner, trim
from agent.planner.objects import sticker_name
from agent.planner.targets import SAME_PLACE, is_pronoun, object_name
from agent.planner.vocab_things import MODIFIERS

_ANY_STEP = {"result", "the result", "output", "the output", "结果", "上一步", "上一步的结果", "刚才的结果"}


@dataclass(frozen=True)
class Made:
    """What an earlier step made or changed, under the names a later step may use."""

    step_id: str
    head: frozenset[str]
    words: frozenset[str]


def made(step_id: str, product: str | None) -> Made | None:
    if not product:
        return None
    head, words = _names(product)
    return Made(step_id, head, words) if head else None


def _names(phrase: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names of a thing's head ("hat", its sticker and English names) and its other words,
    its owner's included ("the man's shirt" is not "the woman's shirt")."""
    np = split_owner(phrase)
    text = trim(np.head).lower()
    parts = text.split()
    if not parts:
        return frozenset(), frozenset()
    last = text if not text.isascii() else singular(parts[-1])
    heads = {last, object_name(last), sticker_name(last) or last}
    if text.isascii() and len(parts) > 1:
        heads |= {object_name(" ".join([*parts[:-1], last]))}
    owner = trim(np.owner).lower().split() if np.owner else []
    return frozenset(heads), frozenset([*parts[:-1], *owner])


def referent(words: str | None, earlier: list[Made], last_step: str | None) -> str | None:
    """The id of the step `words` refers to, most recent first; None when it names nothing
    made before."""
    if not words:
        return None
    if words.strip().lower() in _ANY_STEP or SAME_PLACE.match(words.strip()):
        return last_step
    if is_pronoun(words):
        return earlier[-1].step_id if earlier else last_step
    head, extra = _names(words)
    for thing in reversed(earlier):
        if head & thing.head and not _conflict(extra, thing.words):
            return thing.step_id
    return None


def _conflict(said: frozenset[str], made_with: frozenset[str]) -> bool:
    """"the right dog" is not the "left dog", nor "the sports ball" the "tennis ball"; "the new
    cup" is the one just made."""
    said = said - {"new"}
    which = {w for w in said if w in MODIFIERS} - made_with
    return bool(which) or bool(said and made_with and not said & made_with)


def link(draft: Draft, earlier: list[Made], last_step: str | None) -> list[str]:
    """Point `draft` at the step it refers to (its slot becomes "step:sN"); its depends_on."""
    if not draft.slot:
        return []
    ref = referent(draft.target, earlier, last_step)
    if ref is None:
        return []
    draft.args[draft.slot] = f"step:{ref}"
    return [ref]
