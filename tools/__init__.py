"""The op registry: every operation vloop can plan, by canonical name."""

from tools import (
    add_object,
    adjust,
    annotate,
    answer,
    compose,
    crop,
    depth_map,
    detection_map,
    diagram,
    edge_map,
    generative,
    ocr,
    recolor,
    remove_object,
    replace_background,
    replace_text,
    resize_canvas,
    segmentation_map,
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
        edge_map.TOOL,
        segmentation_map.TOOL,
        detection_map.TOOL,
        depth_map.TOOL,
        diagram.TOOL,
        answer.TOOL,
        generative.REPLACE_OBJECT,
        generative.CHANGE_MATERIAL,
        generative.CHANGE_POSE,
    )
}

__all__ = ["TOOLS", "Tool"]
