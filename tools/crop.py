"""Crop to a target (the face, the person, the text) or to an aspect ratio.

Three ways to ask:

- a ratio alone ("crop to 16:9"): the largest crop of that ratio, centred on the main subject
  when there is one (else on the image's centre), and moved as little as needed to keep
  the faces in frame;
- a target alone ("crop to the face"): the target's box with `margin` around it;
- both ("the face, square"): the target with its margin, widened to the ratio, so the target
  fills the crop. For the largest crop of a ratio that keeps the faces, give the ratio alone.

The output is a pure crop: every pixel is the input's pixel at the same place in the box.
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import BadInput, Unsupported
from model_server.types import Box
from tools import regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict

RATIO_TOLERANCE_PX = 1.0  # the crop's width may differ from height × ratio by this much
MIN_SIDE = 8  # px; a crop smaller than this is not a picture any more
MIN_REFOUND_IOU = 0.5  # the target found again on the output must overlap where it was
MIN_SUBJECT_KEPT = 0.8  # share of the best possible subject coverage a ratio crop must keep


class Input(BaseModel):
    ratio: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$", description="W:H")
    target: str | None = Field(default=None, description="a target of tools.regions to keep in frame")
    margin: float = Field(default=0.15, ge=0, le=1, description="space around the target, share of its size")


class Output(BaseModel):
    box: Box = Field(description="the crop, in the input's pixels")
    target_box: Box | None = None
    anchor: str = Field(default="", description="what the crop was placed on: the target, the "
                        "subject, the faces or the image's centre")


def parse_ratio(text: str | None) -> float | None:
    """"16:9" -> 16/9; None stays None.

    Raises:
        BadInput: a side of the ratio is zero, or the text is not W:H.
    """
    if text is None:
        return None
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*", text)
    if not match:
        raise BadInput(f"an aspect ratio is written W:H, such as 16:9 or 1:1; got {text!r}")
    w, h = float(match[1]), float(match[2])
    if w <= 0 or h <= 0:
        raise BadInput(f"both sides of an aspect ratio must be above zero, got {text!r}")
    return w / h


def _wants_target(target: str | None) -> bool:
    return target is not None and target.strip().lower() not in ("", "image")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Crop to a target with a margin, to an aspect ratio centred on the subject, or both."""
    image = ctx.image.convert("RGB")
    ratio = parse_ratio(inp.ratio)
    if ratio is None and not _wants_target(inp.target):
        raise BadInput("crop needs a ratio (such as 16:9) or a target to keep (face, person, text)")
    margin = _margin(inp.margin, ctx.attempt)
    if _wants_target(inp.target):
        # 1. The target, with room around it; 2. widened to the ratio.
        target = regions.resolve(inp.target, ctx)
        box = around(target.box, margin, ratio, image.size, target.label)
        data = Output(box=box, target_box=target.box, anchor=target.label)
    else:
        # 1. Where the subject is, and the faces that must stay; 2. the largest crop there.
        assert ratio is not None
        centre, keep, anchor = _subject_anchor(ctx, margin)
        box = largest(ratio, image.size, centre, keep)
        data = Output(box=box, target_box=keep, anchor=anchor)
    return StepOutput(image=image.crop(box.as_tuple()), data=data)


def _margin(margin: float, attempt: int) -> float:
    """More room on retries: a detector finds a face again more surely with some context."""
    return margin if attempt <= 1 else margin * (1 + 0.5 * (attempt - 1)) + 0.05 * (attempt - 1)


def _subject_anchor(ctx: StepContext, margin: float) -> tuple[tuple[float, float], Box | None, str]:
    """(centre to put the crop on, box that must stay in it, what they are)."""
    w, h = ctx.image.size
    faces = _optional_region("face", ctx)
    keep = _padded(faces.box, margin, w, h) if faces else None
    subject = _optional_region("subject", ctx)
    if subject is not None:
        return subject.box.center, keep, subject.label + (" and faces" if keep else "")
    if keep is not None:
        return keep.center, keep, "faces"
    return (w / 2, h / 2), None, "image centre"


def _optional_region(target: str, ctx: StepContext) -> regions.Region | None:
    """The region, or None when the image has none (or the backend cannot see it)."""
    try:
        return regions.resolve(target, ctx)
    except (StepFailed, Unsupported):
        return None


def _padded(box: Box, margin: float, width: int, height: int) -> Box:
    dx, dy = round(margin * box.width), round(margin * box.height)
    return Box(x0=max(0, box.x0 - dx), y0=max(0, box.y0 - dy),
               x1=min(width, box.x1 + dx), y1=min(height, box.y1 + dy))


def ratio_size(ratio: float, max_w: float, max_h: float) -> tuple[int, int]:
    """The largest integer (w, h) within max_w x max_h with w ≈ h × ratio (within a pixel)."""
    if max_w / max_h >= ratio:
        h = int(max_h)
        w = min(int(max_w), round(h * ratio))
    else:
        w = int(max_w)
        h = min(int(max_h), round(w / ratio))
    return max(1, w), max(1, h)


def largest(ratio: float, size: tuple[int, int], centre: tuple[float, float], keep: Box | None) -> Box:
    """The largest crop of `ratio` in an image of `size`, centred on `centre` as far as the
    image allows, and moved the least needed to hold `keep` when it fits."""
    width, height = size
    w, h = ratio_size(ratio, width, height)
    x0 = _place(centre[0], w, width, (keep.x0, keep.x1) if keep else None)
    y0 = _place(centre[1], h, height, (keep.y0, keep.y1) if keep else None)
    return Box(x0=x0, y0=y0, x1=x0 + w, y1=y0 + h)


def _place(centre: float, length: int, total: int, keep: tuple[int, int] | None) -> int:
    """Start of a window of `length` in [0, total] centred on `centre`, holding `keep`."""
    start = round(centre - length / 2)
    if keep is not None:
        k0, k1 = keep
        if k1 - k0 > length:
            start = round((k0 + k1 - length) / 2)
        elif k0 < start:
            start = k0
        elif k1 > start + length:
            start = k1 - length
    return int(min(max(start, 0), total - length))


def around(target: Box, margin: float, ratio: float | None, size: tuple[int, int], label: str) -> Box:
    """The target's box with `margin` of its size on each side, widened to `ratio`, inside the
    image; the margin shrinks where the image ends.

    Raises:
        StepFailed: no crop of `ratio` inside the image can hold the whole target.
    """
    width, height = size
    padded = _padded(target, margin, width, height)
    if ratio is None:
        return _at_least(padded, width, height)
    want_w = max(padded.width, padded.height * ratio)
    w, h = ratio_size(ratio, min(width, want_w), min(height, want_w / ratio))
    if w < target.width or h < target.height:
        raise StepFailed(
            f"a {ratio:.3g}:1 crop of this {width}x{height} image is at most {w}x{h}, too small to "
            f"hold the whole {label} ({target.width}x{target.height})"
        )
    cx, cy = target.center
    x0 = _place(cx, w, width, (target.x0, target.x1))
    y0 = _place(cy, h, height, (target.y0, target.y1))
    return Box(x0=x0, y0=y0, x1=x0 + w, y1=y0 + h)


def _at_least(box: Box, width: int, height: int) -> Box:
    """`box` grown to at least MIN_SIDE on each side, inside the image."""
    w, h = min(width, max(box.width, MIN_SIDE)), min(height, max(box.height, MIN_SIDE))
    x0 = _place(box.center[0], w, width, None)
    y0 = _place(box.center[1], h, height, None)
    return Box(x0=x0, y0=y0, x1=x0 + w, y1=y0 + h)


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the output is exactly the input's pixels in the box, has the ratio asked,
    and the target (or, for a ratio alone, the faces and the subject) is in the frame."""
    image = ctx.image.convert("RGB")
    out = result.image.convert("RGB")
    box = result.data.box
    checks = [_pure_crop(image, out, box)]
    ratio = parse_ratio(inp.ratio)
    if ratio is not None:
        checks.append(_ratio_ok(out, ratio, inp.ratio or ""))
    if _wants_target(inp.target):
        checks += _target_kept(inp.target or "", ctx, out, box)
    else:
        checks += _subject_kept(ctx, out, box)
    return Verdict.from_checks(checks)


def _pure_crop(image: Image.Image, out: Image.Image, box: Box) -> Check:
    name = "pure_crop"
    inside = 0 <= box.x0 < box.x1 <= image.width and 0 <= box.y0 < box.y1 <= image.height
    if not inside:
        return Check(name=name, passed=False, detail=f"box {box.as_tuple()} is not inside the "
                     f"{image.width}x{image.height} input")
    if out.size != (box.width, box.height):
        return Check(name=name, passed=False, detail=f"output is {out.width}x{out.height}, the box "
                     f"{box.width}x{box.height}")
    expected = np.asarray(image.crop(box.as_tuple()), np.int16)
    same = float((np.abs(np.asarray(out, np.int16) - expected).max(axis=2) == 0).mean())
    return Check(name=name, passed=same == 1.0, score=round(same, 4),
                 detail=f"{same:.2%} of the output's pixels equal the input's at {box.as_tuple()}; need all")


def _ratio_ok(out: Image.Image, ratio: float, text: str) -> Check:
    off = abs(out.width - out.height * ratio)
    return Check(
        name="ratio_ok", passed=off <= RATIO_TOLERANCE_PX + 1e-9, score=round(out.width / out.height, 4),
        detail=f"{out.width}x{out.height}: width is {off:.2f} px from height × {text}; "
        f"need ≤ {RATIO_TOLERANCE_PX:g}",
    )


def _contains(outer: Box, inner: Box) -> bool:
    return outer.x0 <= inner.x0 and outer.y0 <= inner.y0 and inner.x1 <= outer.x1 and inner.y1 <= outer.y1


def _target_kept(target: str, ctx: StepContext, out: Image.Image, box: Box) -> list[Check]:
    """The target, found on the input, lies wholly in the crop; and it is found again on the
    output where it should be."""
    try:
        before = regions.resolve(target, ctx)
    except StepFailed as err:
        return [Check(name="target_inside", passed=False, detail=f"on the input: {err}")]
    inside = _contains(box, before.box)
    checks = [Check(
        name="target_inside", passed=inside,
        detail=f"the {before.label} at {before.box.as_tuple()} is "
        f"{'inside' if inside else 'not wholly inside'} the crop {box.as_tuple()}",
    )]
    return checks + [_found_again(target, before, ctx, out, box)]


def _found_again(target: str, before: regions.Region, ctx: StepContext, out: Image.Image, box: Box) -> Check:
    name = "target_found_again"
    try:
        after = regions.resolve(target, _cropped_context(ctx, out, box))
    except StepFailed as err:
        return Check(name=name, passed=False, detail=f"on the output: {err}")
    moved = after.box
    found = Box(x0=moved.x0 + box.x0, y0=moved.y0 + box.y0, x1=moved.x1 + box.x0, y1=moved.y1 + box.y0)
    overlap = found.iou(before.box)
    return Check(
        name=name, passed=overlap >= MIN_REFOUND_IOU, score=round(overlap, 3),
        detail=f"the {before.label} found on the output at {found.as_tuple()} (input pixels), "
        f"IoU {overlap:.2f} with where it was; need {MIN_REFOUND_IOU}",
    )


def _cropped_context(ctx: StepContext, out: Image.Image, box: Box) -> StepContext:
    rows, cols = slice(box.y0, box.y1), slice(box.x0, box.x1)
    return StepContext(
        image=out, model=ctx.model, attempt=ctx.attempt, extra_images=ctx.extra_images,
        mask=None if ctx.mask is None else np.asarray(ctx.mask)[rows, cols],
        regions={k: v[rows, cols] for k, v in ctx.regions.items()},
    )


def _subject_kept(ctx: StepContext, out: Image.Image, box: Box) -> list[Check]:
    """For a ratio crop: the input's faces are in it and found again; the subject is kept
    about as well as the best crop of that size that holds the faces could."""
    checks = []
    faces = _optional_region("face", ctx)
    if faces is not None:
        checks += _target_kept("face", ctx, out, box)
    subject = _optional_region("subject", ctx)
    if subject is None:
        checks.append(Check(name="subject_kept", passed=True, detail="no main subject found; centred"))
        return checks
    kept = float(subject.mask[box.y0:box.y1, box.x0:box.x1].sum() / subject.mask.sum())
    best = _best_coverage(subject.mask, box.width, box.height, faces.box if faces else None)
    share = kept / best if best > 0 else 1.0
    checks.append(Check(
        name="subject_kept", passed=share >= MIN_SUBJECT_KEPT, score=round(share, 3),
        detail=f"{kept:.0%} of the {subject.label} is in the crop; the best crop of this size"
        f"{' holding the faces' if faces else ''} keeps {best:.0%}; need {MIN_SUBJECT_KEPT:.0%} of that",
    ))
    return checks


def _best_coverage(mask: np.ndarray, w: int, h: int, holding: Box | None) -> float:
    """The largest share of `mask` a w x h window holds (by summed-area table); only windows
    that hold the box `holding` count, when any can."""
    table = np.pad(mask.astype(np.int64), ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    sums = table[h:, w:] - table[:-h, w:] - table[h:, :-w] + table[:-h, :-w]  # [y0, x0]
    if holding is not None:
        ys = slice(max(0, holding.y1 - h), max(0, holding.y0) + 1)
        xs = slice(max(0, holding.x1 - w), max(0, holding.x0) + 1)
        if sums[ys, xs].size:
            sums = sums[ys, xs]
    return float(sums.max() / max(1, mask.sum()))


TOOL = Tool(name="crop", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
