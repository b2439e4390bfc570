"""The op registry: every operation vloop can plan, by canonical name."""

from tools import annotate, ocr, replace_background, replace_object, replace_text
from tools.base import Tool

TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        replace_text.TOOL,
        replace_background.TOOL,
        annotate.TOOL,
        ocr.TOOL,
        replace_object.TOOL,
    )
}

__all__ = ["TOOLS", "Tool"]
