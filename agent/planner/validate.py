"""Check a draft's args against its op's tool `Input`: unknown fields and values the tool
would reject turn the step into "unknown", with the reason and, where one helps, how to say it."""

from __future__ import annotations

from pydantic import ValidationError

from agent.planner.draft import Draft, unknown
from tools import TOOLS

# (op, field) -> how the user can give what was missing.
HINTS: dict[tuple[str, str], str] = {
    ("replace_text", "old"): "say which text to change, in quotes: change 'OLD' to 'NEW'",
    ("recolor", "target"): "say what to recolour: make the shirt red",
    ("remove_object", "target"): "say what to remove: remove the cup",
    ("add_object", "count"): "add_object places 1 to 10 copies",
}


def validated(draft: Draft, text: str) -> Draft:
    """The draft if its args fit its tool's Input (ops without a tool pass as they are)."""
    tool = TOOLS.get(draft.op)
    if tool is None:
        return draft
    extra = sorted(set(draft.args) - set(tool.input_model.model_fields))
    if extra:
        return _unknown(draft.op, extra[0], "no such argument", text)
    try:
        tool.input_model.model_validate(draft.args)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        return _unknown(draft.op, field, first["msg"], text)
    return draft


def _unknown(op: str, field: str, message: str, text: str) -> Draft:
    hint = HINTS.get((op, field))
    reason = f"vloop could not use '{text}' for {op}: {field}: {message}" + (f" ({hint})" if hint else "")
    return unknown(text, reason)
