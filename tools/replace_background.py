"""Put a new background behind the subject: a colour, a gradient, a blur, or another image."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import BadInput, Unsupported
from model_server.protocol import UnifiedModel
from model_server.types import Box, TextLine
from tools import masks
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict
from tools.colors import RGB, parse_color
from tools.ocr import similarity

logger = logging.getLogger(__name__)

Mode = Literal["color", "gradient", "blur", "image"]

MIN_SUBJECT, MAX_SUBJECT = 0.005, 0.97  # outside this share of the image there is no subject/background
COLOR_TOLERANCE = 16.0  # RGB distance under which a pixel counts as the expected background
UNCHANGED_TOLERANCE = 3  # per-channel difference under which a pixel counts as unchanged


class Input(BaseModel):
    mode: Literal["color", "gradient", "blur", "image"] = Field(
        default="color", description="what the new background is made of"
    )
    color: str | None = Field(default=None, description="colour name (en/zh) or hex; for color, gradient start")
    color2: str | None = Field(default=None, description="gradient end colour")
    image_index: int | None = Field(default=None, ge=1, description="input image (1-based) to use as background, mode=image")
    blur_radius: float = Field(default=12.0, gt=0, description="blur strength, mode=blur")


class Output(BaseModel):
    subject: Literal["person", "salient", "user"] = Field(
        description="which mask separated the subject: the person mask, the salient mask, or the user's mask"
    )
    subject_fraction: float = Field(description="fraction of pixels kept as foreground")
    kept_text_lines: int = Field(default=0, description="OCR text lines kept in front of the new background")
    kept_text: list[TextLine] = Field(default_factory=list, description="the text lines kept in front")
    strategy: str = Field(default="", description="mask threshold and feather width used, e.g. person@0.5 feather 2px")


@dataclass(frozen=True)
class Strategy:
    """How one attempt separates the subject."""

    kind: masks.SubjectKind | None  # None: person if it covers enough of the image, else salient
    threshold: float
    feather_px: int


def strategy_for(attempt: int, first_kind: masks.SubjectKind | None, size: tuple[int, int]) -> Strategy:
    """Attempt 1: the usual mask at 0.5. Attempt 2: a lower threshold, so more of the subject's
    soft edge is kept. Attempt 3 on: the other kind of mask."""
    base = max(2, round(min(size) / 256))
    if attempt <= 1:
        return Strategy(first_kind, 0.5, base)
    if attempt == 2:
        return Strategy(first_kind, 0.3, base + 1)
    other: masks.SubjectKind = "salient" if first_kind in (None, "person") else "person"
    return Strategy(other, 0.4, base)


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Replace the background behind the person (or main subject), keeping overlaid text."""
    image = ctx.image.convert("RGB")
    check_args(inp, ctx)  # bad input fails before any model runs

    # 1. The subject.
    subject, strategy = _choose_subject(ctx, image)
    if not MIN_SUBJECT <= subject.fraction <= MAX_SUBJECT:
        raise StepFailed(
            f"the {subject.kind} mask covers {subject.fraction:.1%} of the image: "
            "no subject to keep in front of a new background"
        )
    alpha = masks.feather(subject.mask, strategy.feather_px)
    if subject.kind == "person":
        alpha = np.maximum(alpha, _face_cores(ctx.model, image, subject.mask))

    # 2. Text drawn over the picture stays in front (it is kept as pixels, never read as orders).
    ink, kept = masks.text_ink(image, ctx.model.ocr(image))
    alpha = np.maximum(alpha, ink.astype(np.float32))

    # 3. The new background; 4. the subject and the text composited in front of it.
    background = build_background(inp, ctx, image, subject.mask)
    out = composite(np.asarray(image), background, alpha)
    data = Output(
        subject=subject.kind,
        subject_fraction=round(float((alpha >= 0.5).mean()), 4),
        kept_text_lines=len(kept),
        kept_text=kept,
        strategy=f"{subject.kind}@{subject.threshold} feather {strategy.feather_px}px",
    )
    return StepOutput(image=Image.fromarray(out), data=data)


def _choose_subject(ctx: StepContext, image: Image.Image) -> tuple[masks.Subject, Strategy]:
    if ctx.mask is not None:
        subject = masks.subject_mask(ctx.model, image, user_mask=ctx.mask)
        return subject, strategy_for(ctx.attempt, "user", image.size)
    first = masks.subject_mask(ctx.model, image).kind if ctx.attempt > 1 else None
    strategy = strategy_for(ctx.attempt, first, image.size)
    try:
        return masks.subject_mask(ctx.model, image, kind=strategy.kind, threshold=strategy.threshold), strategy
    except Unsupported as err:
        if ctx.attempt < 3:
            raise
        # The fallback mask is not available: retry the first kind with a looser threshold.
        logger.info("fallback to the %s mask unavailable (%s); using %s", strategy.kind, err, first)
        strategy = strategy_for(2, first, image.size)
        return masks.subject_mask(ctx.model, image, kind=first, threshold=strategy.threshold), strategy


def _face_cores(model: UnifiedModel, image: Image.Image, person: np.ndarray) -> np.ndarray:
    """An alpha of 1 on the ellipse inside each face that lies on the person, so a hole in the
    person mask never cuts into a face."""
    alpha = np.zeros(person.shape, dtype=np.float32)
    for face in model.detect_faces(image):
        ellipse = np.zeros(person.shape, dtype=np.uint8)
        (cx, cy), b = face.box.center, face.box
        axes = (max(1, round(b.width * 0.4)), max(1, round(b.height * 0.4)))
        cv2.ellipse(ellipse, (round(cx), round(cy)), axes, 0, 0, 360, 1, -1)
        core = ellipse.astype(bool)
        if person[core].mean() >= 0.5:
            alpha[core] = 1.0
    return alpha


def composite(fg: np.ndarray, bg: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """`fg` over `bg` with `alpha` (H, W); pixels where alpha is 1 are copied exactly."""
    a = alpha[:, :, None]
    out = fg.astype(np.float32) * a + bg.astype(np.float32) * (1.0 - a)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


# The new background


def check_args(inp: Input, ctx: StepContext) -> None:
    """BadInput when the mode's arguments are missing or wrong."""
    if inp.mode in ("color", "gradient"):
        _color(inp.color, inp.mode)
        _gradient_end(inp)
    elif inp.mode == "image":
        _background_image(inp, ctx)


def build_background(
    inp: Input, ctx: StepContext, image: Image.Image, subject: np.ndarray
) -> np.ndarray:
    """The new background as an (H, W, 3) uint8 array, before the subject goes in front.

    For blur, the subject's pixels are left out of the average so it leaves no halo.
    """
    w, h = image.size
    if inp.mode == "color":
        return np.broadcast_to(np.array(_color(inp.color, "color"), np.uint8), (h, w, 3)).copy()
    if inp.mode == "gradient":
        return gradient(_color(inp.color, "gradient"), _gradient_end(inp), w, h)
    if inp.mode == "image":
        return cover(_background_image(inp, ctx), w, h)
    return blur(np.asarray(image), inp.blur_radius, weight=~masks.dilate(subject, 2))


def _color(text: str | None, mode: str) -> RGB:
    if not text:
        raise BadInput(f"mode={mode} needs a colour, e.g. color='light blue' or '#ADD8E6'")
    return parse_color(text)


def _gradient_end(inp: Input) -> RGB:
    if inp.mode != "gradient":
        return (0, 0, 0)
    if inp.color2:
        return parse_color(inp.color2)
    start = np.array(_color(inp.color, "gradient"), dtype=np.float32)
    r, g, b = (int(round(v)) for v in start + (255 - start) * 0.6)  # a lighter tint of the start
    return (r, g, b)


def gradient(top: RGB, bottom: RGB, width: int, height: int) -> np.ndarray:
    """A vertical gradient from `top` to `bottom`."""
    t = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    rows = np.array(top, np.float32) * (1 - t) + np.array(bottom, np.float32) * t
    return np.broadcast_to(np.rint(rows).astype(np.uint8)[:, None, :], (height, width, 3)).copy()


def _background_image(inp: Input, ctx: StepContext) -> Image.Image:
    count = 1 + len(ctx.extra_images)
    index = inp.image_index if inp.image_index is not None else 2
    if index == 1:
        raise BadInput("image_index 1 is the image being edited; give another input image (2..) as background")
    if not 2 <= index <= count:
        raise BadInput(
            f"mode=image needs input image {index} as background, but {count} image(s) were given"
        )
    return ctx.extra_images[index - 2]


def cover(image: Image.Image, width: int, height: int) -> np.ndarray:
    """`image` scaled to cover `width` x `height` and centre-cropped to it."""
    scale = max(width / image.width, height / image.height)
    w, h = max(width, round(image.width * scale)), max(height, round(image.height * scale))
    resized = image.convert("RGB").resize((w, h), Image.Resampling.LANCZOS)
    x0, y0 = (w - width) // 2, (h - height) // 2
    return np.asarray(resized.crop((x0, y0, x0 + width, y0 + height))).copy()


def blur(rgb: np.ndarray, radius: float, weight: np.ndarray | None = None) -> np.ndarray:
    """Gaussian blur with sigma `radius`; with a `weight` mask, a normalised blur that averages
    only the weighted pixels, so the subject does not smear a halo into the background."""
    if weight is None:
        return cv2.GaussianBlur(rgb, (0, 0), radius, borderType=cv2.BORDER_REFLECT)
    wgt = weight.astype(np.float32)
    num = cv2.GaussianBlur(rgb.astype(np.float32) * wgt[:, :, None], (0, 0), radius)
    den = cv2.GaussianBlur(wgt, (0, 0), radius)[:, :, None]
    plain = cv2.GaussianBlur(rgb.astype(np.float32), (0, 0), radius)
    out = np.where(den > 1e-3, num / np.maximum(den, 1e-3), plain)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)
