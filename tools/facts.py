"""Perception facts about an image, for answering questions: faces, people, text lines with
where they are, dominant colours by name, the main object, and the difference of two images.

Every fact carries its evidence: a box and a one-line description with the numbers measured.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box, TextLine
from tools.base import StepContext, StepFailed
from tools.colors import COLOR_NAMES
from tools.regions import COLOR_FAMILIES, OBJECT_TAGS, OBJECT_WORDS, TARGET_WORDS, resolve
from tools.text_match import find_text

MIN_FACE_SCORE = 0.6
MIN_TEXT_SCORE = 0.5  # fainter OCR readings are mostly texture taken for letters
COLOR_SIDE = 96  # colours are counted on a copy this size: enough for proportions
DIFF_LEVEL = 40  # per-pixel max channel difference that counts as changed
MIN_DIFF_FRACTION = 0.0005  # less than this share of pixels changed is compression noise

# The colour names answers use: the families of `tools.regions.COLOR_FAMILIES`, in Chinese too.
ZH_COLOR = {"red": "红色", "orange": "橙色", "yellow": "黄色", "green": "绿色", "cyan": "青色",
            "blue": "蓝色", "purple": "紫色", "magenta": "品红色", "pink": "粉色", "brown": "棕色",
            "white": "白色", "gray": "灰色", "black": "黑色"}
COLOR_ORDER = list(ZH_COLOR)
ACHROMATIC = 0.15  # saturation below which a pixel is white, grey or black, as in color_family


@dataclass(frozen=True)
class Fact:
    """One thing seen: what it is, where, and the evidence line that says so."""

    label: str
    box: Box
    evidence: str


def faces(model: UnifiedModel, image: Image.Image) -> list[Fact]:
    """The faces found with a score of at least `MIN_FACE_SCORE`, left to right."""
    found = sorted((d for d in model.detect_faces(image) if d.score >= MIN_FACE_SCORE),
                   key=lambda d: d.box.x0)
    return [Fact("face", d.box, f"face at {_corners(d.box)} score {d.score:.2f}") for d in found]


def people(model: UnifiedModel, image: Image.Image) -> list[Fact]:
    """One person per face found: the person mask merges people who touch, faces do not."""
    return [Fact("person", f.box, f.evidence.replace("face at", "person's face at"))
            for f in faces(model, image)]


def text_lines(model: UnifiedModel, image: Image.Image) -> list[TextLine]:
    """The lines OCR reads with a score of at least `MIN_TEXT_SCORE`, in reading order."""
    return [t for t in model.ocr(image) if t.score >= MIN_TEXT_SCORE and t.text.strip()]


def text_fact(line: TextLine, size: tuple[int, int]) -> Fact:
    where = position(line.box, size)
    return Fact(line.text, line.box, f"text {line.text!r} at {_corners(line.box)} ({where}) "
                                     f"score {line.score:.2f}")


def position(box: Box, size: tuple[int, int]) -> str:
    """Where a box lies in the image: "top left", "centre", "bottom", ... (English words)."""
    cx, cy = box.center
    w, h = size
    row = "top" if cy < h / 3 else "bottom" if cy > 2 * h / 3 else ""
    col = "left" if cx < w / 3 else "right" if cx > 2 * w / 3 else ""
    return f"{row} {col}".strip() or "centre"


def _corners(box: Box) -> str:
    return f"({box.x0},{box.y0})-({box.x1},{box.y1})"


# Relative positions


def relation(a: Box, b: Box) -> list[str]:
    """How box `a`'s centre lies from `b`'s: the clear directions (centres a box apart)."""
    (ax, ay), (bx, by) = a.center, b.center
    out = []
    if abs(ax - bx) > min(a.width, b.width) / 2:
        out.append("left" if ax < bx else "right")
    if abs(ay - by) > min(a.height, b.height) / 2:
        out.append("above" if ay < by else "below")
    return out


_SHAPE_WORDS = re.compile(r"\s*(block|square|box|area|patch|rectangle|region|色块|方块|块|区域)$")


def locate(phrase: str, image: Image.Image, model: UnifiedModel) -> Box | None:
    """The box of what `phrase` names: a face or person, a colour, an object, else text."""
    key = _SHAPE_WORDS.sub("", phrase.strip().lower()).strip()
    target = TARGET_WORDS.get(key)
    if target in ("face", "person"):
        found = faces(model, image)
        return found[0].box if found else None
    if key in COLOR_NAMES:
        target = f"color:{key}"
    elif key in OBJECT_TAGS or key in OBJECT_WORDS:
        target = f"object:{key}"
    if target:
        try:
            return resolve(target, StepContext(image=image, model=model)).box
        except StepFailed:
            return None
    lines = text_lines(model, image)
    match = find_text(phrase, [t.text for t in lines])
    return None if match is None else lines[match.line].box

# Colours


def color_shares(image: Image.Image, mask: np.ndarray | None = None,
                 side: int = COLOR_SIDE) -> list[tuple[str, float]]:
    """Each colour name's share of the (masked) pixels, largest first.

    Pixels are named by the HSV families `tools.regions` uses for "color:" targets, so an
    answer's colour is the one an edit of that colour would act on.
    """
    small = np.asarray(image.convert("RGB").resize((side, side), Image.Resampling.BOX))
    names = color_names(small).reshape(-1)
    if mask is not None:
        names = names[_small_mask(mask, side).reshape(-1)]
    counts = np.bincount(names, minlength=len(COLOR_ORDER)) / max(1, len(names))
    order = np.argsort(-counts, kind="stable")
    return [(COLOR_ORDER[i], float(counts[i])) for i in order if counts[i] > 0]


def color_names(rgb: np.ndarray) -> np.ndarray:
    """The index in `COLOR_ORDER` of each pixel's colour name, (H, W)."""
    hsv = cv2.cvtColor(rgb.astype(np.uint8), cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hue, sat, val = hsv[..., 0] * (360 / 256), hsv[..., 1] / 255, hsv[..., 2] / 255
    out = np.zeros(hue.shape, dtype=np.int64)
    for name in ("red", "orange", "yellow", "green", "cyan", "blue", "purple", "magenta"):
        low, high = COLOR_FAMILIES[name].hue or (0.0, 360.0)
        inside = (hue >= low) & (hue < high) if low <= high else (hue >= low) | (hue < high)
        out[inside] = COLOR_ORDER.index(name)
    out[(hue >= 290) & (sat < 0.6) & (val >= 0.6)] = COLOR_ORDER.index("pink")
    out[(hue >= 5) & (hue < 45) & (val < 0.6)] = COLOR_ORDER.index("brown")
    out[sat < ACHROMATIC] = COLOR_ORDER.index("gray")
    out[(sat < ACHROMATIC) & (val >= 0.85)] = COLOR_ORDER.index("white")
    out[val < 0.18] = COLOR_ORDER.index("black")
    return out


def target_mask(target: str | None, image: Image.Image, model: UnifiedModel) -> np.ndarray | None:
    """The mask of a region named as in `tools.regions` ("clothes", "sky"), the background as
    the image's border; None for the whole image; empty when the region is not in the image."""
    if not target:
        return None
    if target == "background":
        return border_mask(image.size)
    try:
        return resolve(target, StepContext(image=image, model=model)).mask
    except StepFailed:
        return np.zeros((image.height, image.width), dtype=bool)


def border_mask(size: tuple[int, int], share: float = 0.06) -> np.ndarray:
    """The outer ring of the image, `share` of each side deep: where the background shows."""
    w, h = size
    mask = np.ones((h, w), dtype=bool)
    dy, dx = max(1, int(h * share)), max(1, int(w * share))
    mask[dy:h - dy, dx:w - dx] = False
    return mask


def _small_mask(mask: np.ndarray, side: int) -> np.ndarray:
    resized = cv2.resize(mask.astype(np.uint8), (side, side), interpolation=cv2.INTER_NEAREST)
    return resized.astype(bool)


# Two images


@dataclass(frozen=True)
class Difference:
    """Where two images differ: the share of pixels changed and the changed areas' boxes."""

    fraction: float
    boxes: list[Box]

    @property
    def differ(self) -> bool:
        return self.fraction >= MIN_DIFF_FRACTION and bool(self.boxes)


def difference(first: Image.Image, second: Image.Image, scale: float = 1.0) -> Difference:
    """The pixels that differ between the images (the second resized to the first's size),
    grouped into boxes in the first image's coordinates, largest first."""
    a = first.convert("RGB")
    b = second.convert("RGB").resize(a.size, Image.Resampling.LANCZOS) if second.size != a.size \
        else second.convert("RGB")
    if scale != 1.0:
        size = (max(8, round(a.width * scale)), max(8, round(a.height * scale)))
        a, b = a.resize(size, Image.Resampling.BOX), b.resize(size, Image.Resampling.BOX)
    changed = np.abs(np.asarray(a, np.int16) - np.asarray(b, np.int16)).max(axis=2) > DIFF_LEVEL
    changed = cv2.morphologyEx(changed.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return Difference(float(changed.mean()), _blobs(changed, 1 / scale))


def _blobs(changed: np.ndarray, scale: float, keep: int = 5) -> list[Box]:
    merged = cv2.dilate(changed, np.ones((15, 15), np.uint8))  # one box per changed thing
    count, _, stats, _ = cv2.connectedComponentsWithStats(merged)
    min_area = max(16, changed.size * MIN_DIFF_FRACTION)
    found = sorted((s for s in stats[1:count] if s[cv2.CC_STAT_AREA] >= min_area),
                   key=lambda s: -s[cv2.CC_STAT_AREA])[:keep]
    return [Box(x0=int(x * scale), y0=int(y * scale), x1=int((x + w) * scale), y1=int((y + h) * scale))
            for x, y, w, h, _ in found]


def box_mask(size: tuple[int, int], box: Box) -> np.ndarray:
    w, h = size
    mask = np.zeros((h, w), dtype=bool)
    mask[max(0, box.y0):min(h, box.y1), max(0, box.x0):min(w, box.x1)] = True
    return mask
