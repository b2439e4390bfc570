"""The op registry: every operation vloop can plan, by canonical name."""

from tools import (
    add_object,
    adjust,
    annotate,
    compose,
    crop,
    diagram,
    generative,
    ocr,
    recolor,
    remove_object,
    replace_background,
    replace_text,
    resize_canvas,
    stylize,
)
from tools.base import Tool

TOOLS: dict[str, Tool] = {
    tool.name: tool
    for tool in (
        replace_text.TOOL,
        replace_background.TOOL,
        recolor.TOOL,
        adjust.TOOL,
        stylize.TOOL,
        remove_object.TOOL,
        add_object.TOOL,
        crop.TOOL,
        resize_canvas.TOOL,
        compose.TOOL,
        annotate.TOOL,
        ocr.TOOL,
        diagram.TOOL,
        generative.REPLACE_OBJECT,
        generative.CHANGE_MATERIAL,
        generative.CHANGE_POSE,
    )
}

__all__ = ["TOOLS", "Tool"]
