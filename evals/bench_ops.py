"""The 1024x1024 image and the op arguments the benchmark times."""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw

# (label, op, args, extra input images)
OP_CASES: list[tuple[str, str, dict, int]] = [
    ("replace_text", "replace_text", {"old": "SALE", "new": "五折"}, 0),
    ("replace_background", "replace_background", {"mode": "color", "color": "light blue"}, 0),
    ("annotate faces", "annotate", {"target": "faces", "color": "red"}, 0),
    ("ocr", "ocr", {}, 0),
    ("recolor clothes", "recolor", {"target": "clothes", "color": "blue"}, 0),
    ("adjust brightness", "adjust", {"property": "brightness", "amount": 0.3}, 0),
    ("adjust blur background", "adjust", {"property": "blur", "amount": 0.6, "target": "background"}, 0),
    *[(f"stylize {style}", "stylize", {"style": style}, 0) for style in (
        "oil_painting", "watercolor", "pencil_sketch", "cartoon", "comic", "mosaic", "vintage",
        "van_gogh")],
    ("remove_object text", "remove_object", {"target": "text:SALE"}, 0),
    ("remove_object person (patch)", "remove_object", {"target": "person", "method": "patch"}, 0),
    ("add_object hat on face", "add_object", {"object": "hat", "anchor": "face", "relation": "on"}, 0),
    ("add_object sun top-right", "add_object", {"object": "sun", "position": "top-right"}, 0),
    ("crop to face", "crop", {"target": "face"}, 0),
    ("resize_canvas 4:1", "resize_canvas", {"ratio": "4:1"}, 0),
    ("compose logo", "compose", {"mode": "logo", "position": "top-right"}, 1),
    ("edge_map", "edge_map", {}, 0),
    ("segmentation_map people", "segmentation_map", {"target": "people"}, 0),
    ("segmentation_map colors", "segmentation_map", {"target": "colors"}, 0),
    ("segmentation_map (all)", "segmentation_map", {}, 0),
    ("detection_map faces", "detection_map", {"target": "faces"}, 0),
    ("detection_map (all)", "detection_map", {}, 0),
    ("diagram flowchart 4:1", "diagram", {"kind": "flowchart", "description": "A → B → C → D",
                                          "aspect": "4:1"}, 0),
]


@cache
def op_image() -> Image.Image:
    """The demo poster scaled to 1024 wide on a 1024x1024 canvas: a person, zh and en text."""
    from ui.demo import demo_image

    with Image.open(demo_image()) as poster:
        scaled = poster.convert("RGB").resize((1024, 683), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (1024, 1024), (244, 236, 218))
    canvas.paste(scaled, (0, 170))
    from tools.drawing import load_font

    ImageDraw.Draw(canvas).text((40, 40), "Limited offer 限时", font=load_font(64), fill=(30, 30, 40))
    return canvas


@cache
def logo_image() -> Image.Image:
    """A second input for compose: skimage's coffee photo."""
    from skimage import data

    return Image.fromarray(data.coffee()).convert("RGB")
