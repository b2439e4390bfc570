"""Where an op acts: a target as the planner names it, resolved to a mask on the image.

Targets are short canonical strings so that plans stay readable and typed:

| target          | the region                                                       |
|-----------------|------------------------------------------------------------------|
| None, "image"   | the whole image                                                  |
| "person"        | the person mask                                                  |
| "face"          | the detected faces (ellipses inside their boxes)                 |
| "clothes"       | the person minus faces, skin and hair above the face             |
| "subject"       | the main subject: a confirmed person, else the salient object    |
| "background"    | everything but the subject                                       |
| "text"          | the ink of every text line OCR reads                             |
| "text:SALE"     | the ink of the line (or part) that reads SALE                    |
| "color:red"     | pixels of that hue (saturated enough to have one)                |
| "object:cat"    | the salient object, when the classifier agrees it is a cat       |
| "mask"          | the user's mask (`--mask FILE`)                                  |
| "step:s1"       | what step s1 changed or added (chained edits: "then make it red") |

`TARGET_WORDS` maps the words people use, English and Chinese, to these targets; the planner
reads it, so one table serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from model_server.types import Box
from tools import masks
from tools.base import StepContext, StepFailed
from tools.colors import parse_color
from tools.text_match import find_text

TARGET_WORDS: dict[str, str] = {
    **dict.fromkeys(["image", "whole image", "picture", "photo", "整张图", "整张图片", "图片", "照片",
                     "画面", "全图"], "image"),
    **dict.fromkeys(["person", "people", "man", "woman", "boy", "girl", "astronaut", "人",
                     "人物", "男人", "女人", "男孩", "女孩", "宇航员"], "person"),
    **dict.fromkeys(["face", "faces", "脸", "人脸", "面部", "脸部"], "face"),
    **dict.fromkeys(["clothes", "clothing", "shirt", "suit", "jacket", "dress", "outfit", "coat",
                     "衣服", "上衣", "衬衫", "外套", "裙子", "服装", "宇航服"], "clothes"),
    **dict.fromkeys(["subject", "main object", "main subject", "object", "主体", "物体"], "subject"),
    **dict.fromkeys(["background", "backdrop", "背景"], "background"),
    **dict.fromkeys(["text", "words", "writing", "caption", "title", "文字", "字", "标题"], "text"),
}

# ImageNet labels that count as a named object, for "object:<name>" targets.
OBJECT_TAGS: dict[str, tuple[str, ...]] = {
    "cat": ("cat", "tabby", "tiger cat", "persian", "siamese", "egyptian", "lynx"),
    "dog": ("dog", "terrier", "retriever", "spaniel", "hound", "poodle", "shepherd", "collie"),
    "cup": ("cup", "espresso", "coffee mug", "mug", "teapot"),
    "car": ("car", "convertible", "cab", "jeep", "limousine", "minivan", "sports car", "wagon"),
    "rocket": ("missile", "projectile", "space shuttle", "rocket"),
    "bird": ("bird", "finch", "robin", "jay", "magpie", "chickadee", "eagle", "parrot", "macaw"),
    "flower": ("daisy", "flower", "rose", "sunflower", "pot"),
}
OBJECT_WORDS: dict[str, str] = {"猫": "cat", "狗": "dog", "杯子": "cup", "咖啡": "cup", "车": "car",
                                "汽车": "car", "火箭": "rocket", "鸟": "bird", "花": "flower"}

HUE_RANGES: dict[str, tuple[float, float]] = {  # OpenCV hue, 0-180
    "red": (170, 10), "orange": (8, 22), "yellow": (20, 35), "green": (35, 85),
    "cyan": (80, 100), "blue": (95, 130), "purple": (125, 155), "pink": (150, 175),
}


@dataclass
class Region:
    """A resolved target: its mask and what to call it in reports."""

    mask: np.ndarray  # bool (H, W)
    label: str

    @property
    def fraction(self) -> float:
        return float(self.mask.mean())

    @property
    def box(self) -> Box:
        ys, xs = np.nonzero(self.mask)
        if len(xs) == 0:
            return Box(x0=0, y0=0, x1=0, y1=0)
        return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


def resolve(target: str | None, ctx: StepContext) -> Region:
    """The region `target` names on `ctx.image`.

    Raises:
        StepFailed: the target is not in this image (no face found, no text 'SALE', ...).
        BadInput: a user mask of the wrong size, or a colour name vloop does not know.
    """
    kind, _, value = (target or "image").partition(":")
    finder = _FINDERS.get(kind)
    if finder is None:
        raise StepFailed(f"vloop cannot locate {target!r}; it knows: {', '.join(sorted(_FINDERS))}")
    region = finder(ctx, value)
    if not region.mask.any():
        raise StepFailed(f"no {region.label} found in the image")
    return region


def _image(ctx: StepContext, _: str) -> Region:
    return Region(np.ones((ctx.image.height, ctx.image.width), dtype=bool), "whole image")


def _person(ctx: StepContext, _: str) -> Region:
    subject = masks.subject_mask(ctx.model, ctx.image, kind="person")
    return Region(subject.mask, "person")


def _face(ctx: StepContext, _: str) -> Region:
    mask = np.zeros((ctx.image.height, ctx.image.width), dtype=np.uint8)
    for face in ctx.model.detect_faces(ctx.image):
        (cx, cy), b = face.box.center, face.box
        cv2.ellipse(mask, (int(cx), int(cy)), (b.width // 2, int(b.height * 0.6)), 0, 0, 360, 1, -1)
    return Region(mask.astype(bool), "face")


def _clothes(ctx: StepContext, _: str) -> Region:
    person = _person(ctx, "").mask
    faces = ctx.model.detect_faces(ctx.image)
    head = np.zeros_like(person)
    for face in faces:
        b = face.box
        # The head: the face box grown upwards (hair) and a little sideways and down (neck).
        grown = Box(x0=b.x0 - b.width // 3, y0=b.y0 - b.height // 2, x1=b.x1 + b.width // 3,
                    y1=b.y1 + b.height // 4).pad(0, ctx.image.width, ctx.image.height)
        head[max(0, grown.y0):grown.y1, max(0, grown.x0):grown.x1] = True
    clothes = person & ~head & ~_skin(ctx.image)
    return Region(masks.clean(clothes), "clothes")


def _skin(image: Image.Image) -> np.ndarray:
    ycrcb = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2YCrCb)
    cr, cb = ycrcb[:, :, 1], ycrcb[:, :, 2]
    return (cr >= 135) & (cr <= 173) & (cb >= 77) & (cb <= 127)


def _subject(ctx: StepContext, _: str) -> Region:
    subject = masks.subject_mask(ctx.model, ctx.image, user_mask=ctx.mask)
    return Region(subject.mask, f"main subject ({subject.kind})")


def _background(ctx: StepContext, _: str) -> Region:
    subject = masks.subject_mask(ctx.model, ctx.image, user_mask=ctx.mask)
    return Region(~subject.mask, "background")


def _text(ctx: StepContext, wanted: str) -> Region:
    lines = ctx.model.ocr(ctx.image)
    if wanted:
        match = find_text(wanted, [line.text for line in lines])
        lines = [lines[match.line]] if match else []
    ink, _ = masks.text_ink(ctx.image, lines)
    label = f"text {wanted!r}" if wanted else "text"
    return Region(masks.dilate(ink, 1), label)


def _color(ctx: StepContext, name: str) -> Region:
    hsv = cv2.cvtColor(np.asarray(ctx.image.convert("RGB")), cv2.COLOR_RGB2HSV)
    hue, sat, val = hsv[:, :, 0].astype(np.int16), hsv[:, :, 1], hsv[:, :, 2]
    low, high = _hue_range(name)
    in_hue = (hue >= low) & (hue <= high) if low <= high else (hue >= low) | (hue <= high)
    mask = in_hue & (sat >= 90) & (val >= 50)
    return Region(masks.clean(mask), f"{name} pixels")


def _hue_range(name: str) -> tuple[float, float]:
    key = name.strip().lower()
    if key in HUE_RANGES:
        return HUE_RANGES[key]
    r, g, b = parse_color(name)
    hue = float(cv2.cvtColor(np.uint8([[[r, g, b]]]), cv2.COLOR_RGB2HSV)[0, 0, 0])
    return (hue - 10) % 180, (hue + 10) % 180


def _object(ctx: StepContext, name: str) -> Region:
    key = OBJECT_WORDS.get(name, name).lower()
    wanted = OBJECT_TAGS.get(key, (key,))
    tags = ctx.model.tags(ctx.image, top_k=5)
    if not any(w in tag.label.lower() for tag in tags for w in wanted):
        seen = ", ".join(f"{t.label} {t.score:.2f}" for t in tags[:3])
        raise StepFailed(f"could not find a {name} in the image (the classifier sees: {seen})")
    return Region(masks.clean(masks.binary(ctx.model.salient_mask(ctx.image))), name)


def _mask(ctx: StepContext, _: str) -> Region:
    if ctx.mask is None:
        raise StepFailed("this step acts on the user's mask, but none was given: pass --mask FILE")
    return Region(masks.check_user_mask(ctx.mask, ctx.image), "masked region")


def _step(ctx: StepContext, step_id: str) -> Region:
    if step_id not in ctx.regions:
        raise StepFailed(f"step {step_id} left no region to act on")
    return Region(ctx.regions[step_id], f"what {step_id} made")


_FINDERS = {
    "image": _image, "person": _person, "face": _face, "clothes": _clothes, "subject": _subject,
    "background": _background, "text": _text, "color": _color, "object": _object, "mask": _mask,
    "step": _step,
}
