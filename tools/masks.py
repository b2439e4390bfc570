"""Mask helpers shared by the ops: choosing the subject's mask, cleaning it, growing and
shrinking it, feathering it into an alpha, and finding the ink of text lines.

Masks are bool (H, W) numpy arrays, True = the region; soft masks from the model are float32
in [0, 1]. Alphas are float32 in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from model_server.errors import BadInput, Unsupported
from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection, TextLine
from tools.drawing import text_color

SubjectKind = Literal["person", "salient", "user"]

MIN_PERSON_FRACTION = 0.03  # a person mask smaller than this is a stray detection, not a subject
MIN_COMPONENT_FRACTION = 0.002  # specks smaller than this share of the image are dropped
MAX_HOLE_FRACTION = 0.002  # holes smaller than this share of the image are filled


@dataclass
class Subject:
    """The subject's mask and where it came from."""

    kind: SubjectKind
    mask: np.ndarray  # bool (H, W)
    threshold: float

    @property
    def fraction(self) -> float:
        return float(self.mask.mean())


def check_user_mask(mask: np.ndarray, image: Image.Image) -> np.ndarray:
    """A user's mask as bool (H, W); BadInput when its shape does not fit the image."""
    arr = np.asarray(mask)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim != 2 or arr.shape != (image.height, image.width):
        got = "x".join(str(s) for s in arr.shape[::-1]) if arr.ndim == 2 else f"shape {arr.shape}"
        raise BadInput(f"mask must be {image.width}x{image.height} like the image, got {got}")
    if arr.dtype == bool:
        return arr
    return arr > (127 if arr.dtype == np.uint8 else 0.5)


def subject_mask(
    model: UnifiedModel,
    image: Image.Image,
    *,
    kind: SubjectKind | None = None,
    threshold: float = 0.5,
    user_mask: np.ndarray | None = None,
    faces: list[Detection] | None = None,
) -> Subject:
    """The subject to keep: the user's mask if given; else the person mask when it covers a
    meaningful area and a face lies on it; else the salient mask. `kind` forces one of them.

    The face is asked for because the person model marks something in any picture (most of
    a cat photo, say); `faces` are the image's detected faces if already known.

    Raises:
        Unsupported: no person was confirmed and the backend has no salient mask.
    """
    if user_mask is not None:
        return Subject("user", clean(check_user_mask(user_mask, image)), 0.5)
    if kind == "salient":
        return Subject("salient", clean(binary(model.salient_mask(image), threshold)), threshold)
    person = Subject("person", clean(binary(model.person_mask(image), threshold)), threshold)
    if kind == "person":
        return person
    if person.fraction >= MIN_PERSON_FRACTION:
        faces = model.detect_faces(image) if faces is None else faces
        if any(person.mask[box_centre(f.box)] for f in faces):
            return person
    try:
        return subject_mask(model, image, kind="salient", threshold=threshold)
    except Unsupported as err:
        raise Unsupported(
            f"no person found (no face on the person mask) and no salient-object mask: {err}"
        ) from err


def box_centre(box: Box) -> tuple[int, int]:
    """(row, column) of a box's centre, inside the box."""
    cx, cy = box.center
    return int(min(cy, box.y1 - 1)), int(min(cx, box.x1 - 1))


def binary(soft: np.ndarray, threshold: float = 0.5) -> np.ndarray:
    """A soft (H, W) mask as bool."""
    return np.asarray(soft, dtype=np.float32) >= threshold


def clean(mask: np.ndarray) -> np.ndarray:
    """Drop specks and fill small holes, so a soft mask's noise does not leak through."""
    h, w = mask.shape
    keep = _large_components(mask, MIN_COMPONENT_FRACTION * h * w)
    holes = _large_components(~keep, MAX_HOLE_FRACTION * h * w)
    return ~holes


def _large_components(mask: np.ndarray, min_area: float) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), 8)
    big = np.zeros(count, dtype=bool)
    big[1:] = stats[1:, cv2.CC_STAT_AREA] >= min_area
    return big[labels]


def _disk(px: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * px + 1, 2 * px + 1))


def dilate(mask: np.ndarray, px: int) -> np.ndarray:
    """Grow a bool mask by `px` pixels."""
    if px <= 0:
        return mask.copy()
    return cv2.dilate(mask.astype(np.uint8), _disk(px)).astype(bool)


def erode(mask: np.ndarray, px: int) -> np.ndarray:
    """Shrink a bool mask by `px` pixels (the image border counts as inside)."""
    if px <= 0:
        return mask.copy()
    eroded = cv2.erode(mask.astype(np.uint8), _disk(px), borderType=cv2.BORDER_REPLICATE)
    return eroded.astype(bool)


def feather(mask: np.ndarray, width: float) -> np.ndarray:
    """An alpha that ramps from 0 to 1 over `width` pixels centred on the mask's edge.

    Pixels deeper than `width / 2` inside the mask get exactly 1, so they are copied as they
    were; pixels farther than that outside get exactly 0.
    """
    if width <= 0:
        return mask.astype(np.float32)
    inside = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 5)
    outside = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 5)
    signed = np.where(mask, inside - 0.5, 0.5 - outside)
    return np.clip(0.5 + signed / width, 0.0, 1.0).astype(np.float32)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two bool masks (1.0 when both are empty)."""
    union = np.count_nonzero(a | b)
    return np.count_nonzero(a & b) / union if union else 1.0


def box_mask(shape: tuple[int, int], boxes: list[Box], grow: int = 0) -> np.ndarray:
    """A bool mask that is True inside the boxes, each grown by `grow` pixels."""
    h, w = shape
    mask = np.zeros((h, w), dtype=bool)
    for box in boxes:
        b = box.pad(grow, w, h)
        mask[b.y0 : b.y1, b.x0 : b.x1] = True
    return mask


def text_padding(box: Box) -> int:
    """How far around a text line's box its ink may reach (ascenders, accents, italics)."""
    return max(2, round(0.08 * box.height))


def text_ink(
    image: Image.Image, lines: list[TextLine], min_score: float = 0.5
) -> tuple[np.ndarray, list[TextLine]]:
    """The ink of each text line: pixels in the line's padded box that are far in colour from
    the median of the box's border, towards the text's own colour. Returns the mask and the
    lines whose ink was found.

    Measuring along the line from the border colour to the ink colour keeps anti-aliased
    glyph edges and leaves out whatever else differs from the border in another colour (a
    photo behind the text). A line is skipped when what it finds is not ink-like (under 2% or
    over 60% of the box): then the border is not what the text sits on, and keeping it would
    keep a rectangle of the old background.
    """
    arr = np.asarray(image.convert("RGB"), dtype=np.float32)
    h, w = arr.shape[:2]
    mask = np.zeros((h, w), dtype=bool)
    kept = []
    for line in lines:
        if line.score < min_score or line.box.area == 0:
            continue
        b = line.box.pad(text_padding(line.box), w, h)
        colour = np.array(text_color(image, line.box), np.float32)
        ink = _ink_in_box(arr[b.y0 : b.y1, b.x0 : b.x1], colour, line.box.height)
        if ink is None:
            continue
        mask[b.y0 : b.y1, b.x0 : b.x1] |= ink
        kept.append(line)
    return mask, kept


def _ink_in_box(crop: np.ndarray, ink: np.ndarray, line_height: int) -> np.ndarray | None:
    border = np.concatenate([crop[0], crop[-1], crop[:, 0], crop[:, -1]])
    bg = np.median(border, axis=0)
    axis = ink - bg
    length = float(np.linalg.norm(axis))
    if length < 40.0:  # the text's colour is too close to what it sits on to tell apart
        return None
    rel = crop - bg
    t = rel @ axis / length**2  # 0 at the border colour, 1 at the ink colour
    core = np.linalg.norm(crop - ink, axis=2) <= max(24.0, 0.12 * length)
    # Anti-aliased edges: one pixel around the cores, if they lean towards the ink colour.
    edge = dilate(core, 1) & (t >= 0.25)
    found = core | edge
    # Glyph strokes are thin; a blob thicker than half the line is something else of the
    # ink's colour (a dark object behind the text), so it is left out.
    radius = max(2, round(0.25 * line_height))
    blobs = cv2.morphologyEx(found.astype(np.uint8), cv2.MORPH_OPEN, _disk(radius)).astype(bool)
    found &= ~dilate(blobs, 1)
    if not 0.02 <= found.mean() <= 0.6:
        return None
    return found
