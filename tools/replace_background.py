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
from model_server.types import Box, Detection, TextLine
from tools import masks
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.colors import RGB, parse_color
from tools.filters import masked_blur
from tools.text_match import similarity

logger = logging.getLogger(__name__)

MIN_SUBJECT, MAX_SUBJECT = 0.005, 0.97  # outside this share of the image there is no subject/background
COLOR_TOLERANCE = 16.0  # RGB distance under which a pixel counts as the expected background
UNCHANGED_TOLERANCE = 3  # per-channel difference under which a pixel counts as unchanged
MIN_TEXT_SCORE = 0.8  # OCR finds faint "text" in photo textures; real overlaid text reads surer


class Input(BaseModel):
    mode: Literal["color", "gradient", "blur", "image"] = Field(
        default="color", description="what the new background is made of"
    )
    color: str | None = Field(
        default=None, description="colour name (en/zh) or hex; for color, gradient start"
    )
    color2: str | None = Field(default=None, description="gradient end colour")
    image_index: int | None = Field(
        default=None, ge=1, description="input image (1-based) to use as background, mode=image"
    )
    blur_radius: float = Field(default=12.0, gt=0, description="blur strength, mode=blur")


class Output(BaseModel):
    subject: Literal["person", "salient", "user"] = Field(
        description="which mask separated the subject: the person mask, the salient mask, or the user's mask"
    )
    subject_fraction: float = Field(description="fraction of pixels kept as foreground")
    kept_text_lines: int = Field(default=0, description="OCR text lines kept in front of the new background")
    kept_text: list[TextLine] = Field(default_factory=list, description="the text lines kept in front")
    strategy: str = Field(
        default="",
        description="how the subject was cut out, e.g. 'person mask at 0.5, grown 0px, feather 2px'",
    )


@dataclass(frozen=True)
class Strategy:
    """How one attempt separates the subject."""

    kind: masks.SubjectKind
    threshold: float
    feather_px: int
    grow_px: int = 0


def strategy_for(attempt: int, kind: masks.SubjectKind, size: tuple[int, int]) -> Strategy:
    """Attempt 1: the mask chosen for the image, at 0.5. Attempt 2: a lower threshold and the
    mask grown a little, so more of the subject's edge (hair, fingers) is kept. Attempt 3 on:
    the other kind of mask."""
    base = max(2, round(min(size) / 256))
    if attempt <= 1:
        return Strategy(kind, 0.5, base)
    if attempt == 2 or kind == "user":
        return Strategy(kind, 0.3, base, grow_px=base)
    return Strategy("salient" if kind == "person" else "person", 0.4, base)


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Replace the background behind the person (or main subject), keeping overlaid text."""
    image = ctx.image.convert("RGB")
    check_args(inp, ctx)  # bad input fails before any model runs

    # 1. The subject.
    faces = ctx.model.detect_faces(image) if ctx.mask is None else []
    subject, strategy = _choose_subject(ctx, image, faces)
    if not MIN_SUBJECT <= subject.fraction <= MAX_SUBJECT:
        raise StepFailed(
            f"the {subject.kind} mask covers {subject.fraction:.1%} of the image: "
            "no subject to keep in front of a new background"
        )
    alpha = masks.feather(masks.dilate(subject.mask, strategy.grow_px), strategy.feather_px)
    if subject.kind == "person":
        alpha = np.maximum(alpha, _face_cores(faces, subject.mask))

    # 2. Text drawn over the picture stays in front (it is kept as pixels, never read as orders).
    ink, kept = masks.text_ink(image, _text_off_subject(ctx.model.ocr(image), subject.mask))
    alpha = np.maximum(alpha, ink.astype(np.float32))

    # 3. The new background; 4. the subject and the text composited in front of it.
    background = build_background(inp, ctx, image, subject.mask)
    out = composite(np.asarray(image), background, alpha)
    data = Output(
        subject=subject.kind,
        subject_fraction=round(float((alpha >= 0.5).mean()), 4),
        kept_text_lines=len(kept),
        kept_text=kept,
        strategy=f"{subject.kind} mask at {subject.threshold}, grown {strategy.grow_px}px, "
        f"feather {strategy.feather_px}px",
    )
    return StepOutput(image=Image.fromarray(out), data=data)


def _text_off_subject(lines: list[TextLine], subject: np.ndarray) -> list[TextLine]:
    """Lines read surely enough to keep, that are not already part of the subject."""
    return [
        t for t in lines
        if t.score >= MIN_TEXT_SCORE and t.box.area > 0
        and subject[t.box.y0 : t.box.y1, t.box.x0 : t.box.x1].mean() < 0.9
    ]


def _choose_subject(
    ctx: StepContext, image: Image.Image, faces: list[Detection]
) -> tuple[masks.Subject, Strategy]:
    first = masks.subject_mask(ctx.model, image, user_mask=ctx.mask, faces=faces)
    strategy = strategy_for(ctx.attempt, first.kind, image.size)
    if (strategy.kind, strategy.threshold) == (first.kind, first.threshold):
        return first, strategy
    if first.kind == "user":
        return first, strategy  # the user's mask is the subject; only how its edge is cut changes
    try:
        subject = masks.subject_mask(ctx.model, image, kind=strategy.kind, threshold=strategy.threshold)
        return subject, strategy
    except Unsupported as err:
        # The other kind of mask is not available here: loosen the first kind instead.
        logger.info("no %s mask (%s); retrying the %s mask looser", strategy.kind, err, first.kind)
        strategy = strategy_for(2, first.kind, image.size)
        return masks.subject_mask(ctx.model, image, kind=first.kind, threshold=strategy.threshold), strategy


def _face_cores(faces: list[Detection], person: np.ndarray) -> np.ndarray:
    """An alpha of 1 on the ellipse inside each face that lies on the person, so a hole in the
    person mask never cuts into a face."""
    alpha = np.zeros(person.shape, dtype=np.float32)
    for face in faces:
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
    if inp.mode == "color":
        _color(inp.color, inp.mode)
    elif inp.mode == "gradient":
        _gradient_end(inp)
    elif inp.mode == "image":
        _background_image(inp, ctx)


def build_background(
    inp: Input, ctx: StepContext, image: Image.Image, subject: np.ndarray
) -> np.ndarray:
    """The new background as an (H, W, 3) uint8 array, before the subject goes in front.

    For blur, the subject's pixels (and a margin as wide as any attempt grows the subject)
    are left out of the average so it leaves no halo; the radius is for a 512 px image and
    scales with the image, so the result looks alike at any resolution.
    """
    w, h = image.size
    if inp.mode == "color":
        return np.broadcast_to(np.array(_color(inp.color, "color"), np.uint8), (h, w, 3)).copy()
    if inp.mode == "gradient":
        return gradient(_color(inp.color, "gradient"), _gradient_end(inp), w, h)
    if inp.mode == "image":
        return cover(_background_image(inp, ctx), w, h)
    margin = 2 + max(2, round(min(w, h) / 256))
    sigma = inp.blur_radius * min(w, h) / 512
    return masked_blur(np.asarray(image), sigma, weight=~masks.dilate(subject, margin))


def _color(text: str | None, mode: str) -> RGB:
    if not text:
        raise BadInput(f"mode={mode} needs a colour, e.g. color='light blue' or '#ADD8E6'")
    return parse_color(text)


def _gradient_end(inp: Input) -> RGB:
    start = _color(inp.color, "gradient")
    if inp.color2:
        return parse_color(inp.color2)
    tint = np.array(start, dtype=np.float32)
    r, g, b = (int(round(v)) for v in tint + (255 - tint) * 0.6)  # a lighter tint of the start
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
        raise BadInput(
            "image_index 1 is the image being edited; give another input image (2..) as background"
        )
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


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the background is what was asked, the subject, its faces and the kept text
    are as they were, and the subject is still found as one.

    The subject is judged by the mask verification chooses itself (the user's, else the
    person with a face on it, else the salient one), not by the mask this attempt used: a
    retry that cut along another mask must still keep the same subject.
    """
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before, after = ctx.image.convert("RGB"), result.image.convert("RGB")
    faces = ctx.model.detect_faces(before) if ctx.mask is None else []
    subject = masks.subject_mask(ctx.model, before, user_mask=ctx.mask, faces=faces)
    band = max(3, round(0.015 * min(before.size)))
    kept = result.data.kept_text
    read_after = ctx.model.ocr(after) if kept else []  # only kept text needs reading again
    text_zone = masks.box_mask(
        subject.mask.shape, [t.box.pad(2 * masks.text_padding(t.box), *before.size) for t in kept]
    )
    background = ~masks.dilate(subject.mask, band) & ~text_zone
    near_subject = masks.dilate(subject.mask, band)
    return Verdict.from_checks([
        _background_is_target(inp, ctx, before, after, subject.mask, background),
        _subject_unchanged(before, after, subject, band),
        _faces_unchanged(ctx.model, _on(faces, near_subject), before, after),
        _subject_still_found(ctx.model, after, subject),
        _text_kept(kept, read_after),
    ])


def _on(faces: list[Detection], region: np.ndarray) -> list[Detection]:
    return [f for f in faces if region[masks.box_centre(f.box)]]


def _unchanged(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    diff = np.abs(before.astype(np.int16) - after.astype(np.int16)).max(axis=-1)
    return diff <= UNCHANGED_TOLERANCE


def _background_is_target(
    inp: Input, ctx: StepContext, before: Image.Image, after: Image.Image,
    subject: np.ndarray, region: np.ndarray,
) -> Check:
    """Outside the subject (and the kept text) the pixels are the background that was asked;
    for blur, also visibly softer than the old background."""
    name = "background_is_target"
    if region.mean() < 0.01:
        detail = f"only {region.mean():.2%} of the image is background to check"
        return Check(name=name, passed=False, detail=detail)
    expected = build_background(inp, ctx, before, subject)[region].astype(np.float32)
    dist = np.linalg.norm(np.asarray(after, dtype=np.float32)[region] - expected, axis=1)
    close = float((dist <= COLOR_TOLERANCE).mean())
    passed = close >= 0.9
    detail = (
        f"{close:.1%} of {region.sum()} background pixels within {COLOR_TOLERANCE:g} of "
        f"{_describe(inp)}; need 90%"
    )
    if inp.mode == "blur":
        sharp_before, sharp_after = _sharpness(before, region), _sharpness(after, region)
        passed = passed and (sharp_after <= 0.5 * sharp_before or sharp_before < 4.0)
        detail += f"; Laplacian variance {sharp_before:.1f} -> {sharp_after:.1f}, need at most half"
    return Check(name=name, passed=passed, detail=detail, score=round(close, 4))


def _describe(inp: Input) -> str:
    if inp.mode == "color":
        return f"colour {_color(inp.color, 'color')}"
    if inp.mode == "gradient":
        return f"the gradient {_color(inp.color, 'gradient')} -> {_gradient_end(inp)}"
    if inp.mode == "image":
        return f"input image {inp.image_index or 2} scaled to cover"
    return f"the original blurred with radius {inp.blur_radius:g}"


def _sharpness(image: Image.Image, region: np.ndarray) -> float:
    gray = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2GRAY)
    lap = cv2.Laplacian(gray, cv2.CV_32F)
    return float(lap[masks.erode(region, 1)].var())


def _subject_unchanged(before: Image.Image, after: Image.Image, subject: masks.Subject, band: int) -> Check:
    core = masks.erode(subject.mask, band)
    if not core.any():
        return Check(name="subject_unchanged", passed=False, detail="the subject mask is empty once eroded")
    same = float(_unchanged(np.asarray(before)[core], np.asarray(after)[core]).mean())
    return Check(
        name="subject_unchanged", passed=same >= 0.98, score=round(same, 4),
        detail=f"{same:.2%} of {core.sum()} pixels of the {subject.kind} mask (eroded {band}px) "
        "unchanged; need 98%",
    )


def _faces_unchanged(
    model: UnifiedModel, faces: list[Detection], before: Image.Image, after: Image.Image
) -> Check:
    """The input's faces on the subject are found again in the same place, same pixels."""
    if not faces:
        return Check(name="faces_unchanged", passed=True, detail="no face on the subject in the input")
    found = model.detect_faces(after)
    a, b = np.asarray(before), np.asarray(after)
    problems = []
    for face in faces:
        best = max((face.box.iou(f.box) for f in found), default=0.0)
        core = _shrink(face.box, 0.15)
        rows, cols = slice(core.y0, core.y1), slice(core.x0, core.x1)
        same = float(_unchanged(a[rows, cols], b[rows, cols]).mean())
        if best < 0.5 or same < 0.98:
            problems.append(
                f"face at {face.box.as_tuple()}: IoU {best:.2f} (need 0.5), "
                f"{same:.1%} unchanged (need 98%)"
            )
    return Check(
        name="faces_unchanged", passed=not problems, score=1 - len(problems) / len(faces),
        detail="; ".join(problems) or f"{len(faces)} face(s) found again in place, pixels unchanged",
    )


def _shrink(box: Box, share: float) -> Box:
    dx, dy = round(box.width * share), round(box.height * share)
    x0, y0 = box.x0 + dx, box.y0 + dy
    return Box(x0=x0, y0=y0, x1=max(x0 + 1, box.x1 - dx), y1=max(y0 + 1, box.y1 - dy))


def _subject_still_found(model: UnifiedModel, after: Image.Image, subject: masks.Subject) -> Check:
    if subject.kind == "user":
        detail = "the subject is the user's mask; not re-detected"
        return Check(name="subject_still_found", passed=True, detail=detail)
    again = masks.subject_mask(model, after, kind=subject.kind, threshold=0.5)
    overlap = masks.iou(again.mask, subject.mask)
    return Check(
        name="subject_still_found", passed=overlap >= 0.8, score=round(overlap, 4),
        detail=f"{subject.kind} mask on the output vs the input: IoU {overlap:.2f}; need 0.8",
    )


def _text_kept(kept: list[TextLine], read_after: list[TextLine]) -> Check:
    if not kept:
        return Check(name="text_kept", passed=True, detail="no text in front of the background to keep")
    lost = [
        line.text for line in kept
        if not any(similarity(line.text, r.text) >= 0.8 and line.box.iou(r.box) >= 0.3 for r in read_after)
    ]
    return Check(
        name="text_kept", passed=not lost, score=1 - len(lost) / len(kept),
        detail=f"not read again: {lost}" if lost else f"{len(kept)} text line(s) read again in place",
    )


TOOL = Tool(
    name="replace_background", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
