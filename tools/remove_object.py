"""Remove something — text, a person, a face, the main object, a masked region — and fill
the hole from its surroundings.

Thin holes (text strokes, scratches) are filled by diffusion (Telea or Navier-Stokes); thick
ones by copying the best-matching patch of the image, which keeps texture (`tools.hole_fill`).
Nothing here knows what was behind the object: a hole too large to fill from its
surroundings fails honestly rather than being smeared over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.protocol import UnifiedModel
from model_server.types import Box, TextLine
from tools import masks, regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.drawing import background_color, load_font
from tools.hole_fill import FEATHER, bbox, fill, half_thickness, looks_flat, ring, strategy_for, thin_limit
from tools.placement import target_kind
from tools.text_match import Match, find_text

MAX_HOLE = 0.4  # a hole over this share of the image cannot be filled from what is left
TEXT_SCORE = 0.6  # "remove the text": lines read surer than this (photo texture reads as faint text)
UNCHANGED = 3  # per-channel difference under which a pixel counts as unchanged


class Input(BaseModel):
    target: str = Field(description="a target of tools.regions: text, text:SALE, person, face, mask, ...")
    method: Literal["auto", "telea", "ns", "patch"] = Field(
        default="auto", description="how to fill: auto picks by hole size and texture")


class Output(BaseModel):
    target_label: str
    hole_box: Box = Field(description="bounding box of the filled hole")
    hole_fraction: float
    method: str = Field(description="the fill actually used")
    grow_px: int = Field(default=0, description="how far the found mask was grown before filling")
    thickness_px: float = Field(default=0.0, description="half the thickness of the hole's thickest part")
    removed_text: list[str] = Field(default_factory=list, description="text lines removed, as read")
    removed_boxes: list[Box] = Field(default_factory=list,
                                     description="boxes of the removed lines, faces or people")


@dataclass
class _Found:
    """The target's mask and what it was, for the report and for looking again."""

    mask: np.ndarray
    label: str
    texts: list[str]
    boxes: list[Box]


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Remove text, a person, a face or an object and fill the hole from its surroundings."""
    image = ctx.image.convert("RGB")
    # 1. Find what to remove.
    found = _find(inp.target, ctx, image)
    # 2. Grow it over its edges (and a person's shadow); choose how to fill by its thickness.
    thickness = half_thickness(found.mask)
    grow = _base_grow(inp.target, found, image.size)
    strategy = strategy_for(inp.method, thickness, ctx.attempt, grow, image.size)
    hole = _grow(found.mask, strategy.grow, person=target_kind(inp.target) == "person")
    if hole.mean() > MAX_HOLE:
        raise StepFailed(
            f"the {found.label} covers {hole.mean():.0%} of the image: too much to fill from its "
            "surroundings (a generative inpainting backend, hf or remote, could invent what is behind)"
        )
    # 3. Fill. The backend grows the hole by 1 px; the region records what it may change.
    out, used = fill(ctx, image, hole, strategy.method)
    region = masks.dilate(hole, 1)
    data = Output(target_label=found.label, hole_box=bbox(region),
                  hole_fraction=round(float(region.mean()), 5), method=used,
                  grow_px=strategy.grow, thickness_px=round(thickness, 1),
                  removed_text=found.texts, removed_boxes=found.boxes)
    return StepOutput(image=out.convert("RGB"), data=data, region=region)


# 1. Finding


def _find(target: str, ctx: StepContext, image: Image.Image) -> _Found:
    """The target's mask; text lines and face and person boxes are kept for verification."""
    kind, value = target_kind(target), target.partition(":")[2].strip()
    if kind == "text":
        return _find_text(ctx, image, value)
    region = regions.resolve(target, ctx)
    boxes = []
    if kind == "face":
        boxes = [f.box for f in ctx.model.detect_faces(image)]
    elif kind == "person":
        boxes = [p.box for p in ctx.model.detect_people(image)]
    return _Found(region.mask, region.label, [], boxes)


def _find_text(ctx: StepContext, image: Image.Image, wanted: str) -> _Found:
    """The ink of the lines to remove: the line (or the part of a line) that reads `wanted`,
    or every line read surely. A line whose ink cannot be told from its background is
    removed as its box."""
    lines = ctx.model.ocr(image)
    match = find_text(wanted, [line.text for line in lines]) if wanted else None
    if wanted:
        lines = [lines[match.line]] if match else []
    else:
        lines = [line for line in lines if line.score >= TEXT_SCORE]
    if not lines:
        raise StepFailed(f"no text {wanted!r} found in the image" if wanted else "no text found in the image")
    ink, inked = masks.text_ink(image, lines, min_score=0.0)
    rest = [line for line in lines if line not in inked]
    mask = masks.dilate(ink, 1) | masks.box_mask(ink.shape, [line.box for line in rest], grow=2)
    if match is not None and not match.whole:
        lines = [_part(lines[0], match, ink)]
        columns = np.zeros_like(mask)
        columns[:, lines[0].box.x0 : lines[0].box.x1] = True
        mask &= columns
    return _Found(mask, f"text {wanted!r}" if wanted else "text",
                  [line.text for line in lines], [line.box for line in lines])


def _part(line: TextLine, match: Match, ink: np.ndarray) -> TextLine:
    """The part of `line` that `match` covers. Its edges are estimated from the glyphs'
    advance widths (a CJK glyph is about twice a Latin one), then moved to the middle of the
    nearest gap between inked columns, so no letter of the next word is cut."""
    font = load_font(max(8, line.box.height))
    total = font.getlength(line.text) or 1.0
    b = line.box
    x0 = b.x0 + font.getlength(line.text[: match.start]) / total * b.width
    x1 = b.x0 + font.getlength(line.text[: match.end]) / total * b.width
    inked = ink[b.y0 : b.y1, b.x0 : b.x1].any(axis=0)
    reach = max(2, round(0.4 * b.height))
    box = Box(x0=b.x0 + _gap(inked, round(x0) - b.x0, reach), y0=b.y0,
              x1=b.x0 + _gap(inked, round(x1) - b.x0, reach), y1=b.y1)
    return line.model_copy(update={"text": line.text[match.start : match.end], "box": box, "polygon": []})


def _gap(inked: np.ndarray, x: int, reach: int) -> int:
    """The middle of the blank run of columns nearest `x` (within `reach`), else `x`."""
    x = int(np.clip(x, 0, len(inked)))
    if not inked.any():
        return x  # no ink found on this line: keep the estimate
    best = None
    for start in range(max(0, x - reach), min(len(inked), x + reach)):
        if inked[start] or (start > 0 and not inked[start - 1]):
            continue  # not the first column of a blank run
        end = start
        while end < len(inked) and not inked[end]:
            end += 1
        middle = (start + end) // 2
        if best is None or abs(middle - x) < abs(best - x):
            best = middle
    return x if best is None else best


# 2. Growing


def _base_grow(target: str, found: _Found, size: tuple[int, int]) -> int:
    """How far to grow the found mask: edges of a soft mask and a person's halo are wider."""
    kind = target_kind(target)
    if kind == "text":
        return 1
    if kind == "person":
        return max(3, round(0.02 * bbox(found.mask).height))
    if kind == "face":
        return max(2, round(0.05 * max((b.width for b in found.boxes), default=0)))
    return max(2, round(0.006 * min(size)))


def _grow(mask: np.ndarray, px: int, person: bool) -> np.ndarray:
    """The mask grown by `px`; a person's also stretched down by 2*px for a cast shadow."""
    grown = masks.dilate(mask, px)
    if person and px > 0:
        kernel = np.zeros((4 * px + 1, 1), np.uint8)
        kernel[: 2 * px + 1] = 1  # anchored at the centre: reaches only downwards
        grown |= cv2.dilate(grown.astype(np.uint8), kernel).astype(bool)
    return grown


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the target is no longer found where it was, the fill looks like its
    surroundings (no flat or black blob), and nothing beyond the hole changed."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    if result.region is None:
        return Verdict.from_checks([Check(name="hole_recorded", passed=False,
                                          detail="the step did not record which pixels it filled")])
    before, after = ctx.image.convert("RGB"), result.image.convert("RGB")
    hole = result.region
    b, a = np.asarray(before, np.float32), np.asarray(after, np.float32)
    thick = result.data.thickness_px > thin_limit(before.size)
    return Verdict.from_checks([
        _target_gone(inp, ctx, after, result, b, a),
        fill_plausible(a, hole, thick),
        outside_unchanged(b, a, hole),
    ])


def _target_gone(inp: Input, ctx: StepContext, after: Image.Image, result: StepOutput[Output],
                 b: np.ndarray, a: np.ndarray) -> Check:
    """The detector that found the target, run on the output, no longer finds it there."""
    data, kind = result.data, target_kind(inp.target)
    core = masks.erode(result.region, data.grow_px + 1)  # the target itself, not its margin
    if kind == "text":
        ok, detail = _text_gone(ctx, after, data)
    elif kind == "face":
        ok, detail = _faces_gone(ctx, after, data.removed_boxes)
    elif kind == "person":
        ok, detail = _person_gone(ctx, after, core)
    elif kind == "color":
        ok, detail = _color_gone(inp.target, ctx, after, core)
    else:
        ok, detail = _pixels_gone(b, a, core, result.region)
    return Check(name="target_gone", passed=ok, score=float(ok), detail=detail)


def _text_gone(ctx: StepContext, after: Image.Image, data: Output) -> tuple[bool, str]:
    reads = _read_where(ctx.model, after, data.removed_boxes)
    still = [(text, read) for text, read in zip(data.removed_text, reads, strict=True)
             if find_text(text, [read]) is not None]
    if still:
        return False, f"OCR still reads {[r for _, r in still]} where {[t for t, _ in still]} was"
    return True, f"OCR reads {reads} where {data.removed_text} was"


def _read_where(model: UnifiedModel, image: Image.Image, boxes: list[Box]) -> list[str]:
    """What OCR reads at each box: from a square crop around it for one or two boxes, from
    the whole image for more.

    A square crop, because the detector scales an image's short side up to 736 px: a crop of
    one line (a thin strip) would be blown up to thousands of pixels wide and cost more than
    the whole image.
    """
    if len(boxes) > 2:
        lines = model.ocr(image)
        return [" ".join(t.text for t in lines if t.box.iou(b) > 0 or _inside(t.box, b)) for b in boxes]
    return [_read_near(model, image, box) for box in boxes]


def _inside(a: Box, b: Box) -> bool:
    return b.x0 <= a.center[0] <= b.x1 and b.y0 <= a.center[1] <= b.y1


def _read_near(model: UnifiedModel, image: Image.Image, box: Box) -> str:
    crop = box.pad(max(8, round(0.5 * box.height)), *image.size)
    patch = image.crop(crop.as_tuple())
    side = max(patch.size)
    canvas = Image.new("RGB", (side, side), background_color(patch, (0, 0, *patch.size)))
    canvas.paste(patch, ((side - patch.width) // 2, (side - patch.height) // 2))
    return " ".join(line.text for line in model.ocr(canvas))


def _faces_gone(ctx: StepContext, after: Image.Image, removed: list[Box]) -> tuple[bool, str]:
    found = [f.box for f in ctx.model.detect_faces(after)]
    still = [f for f in found if any(f.iou(r) > 0.3 for r in removed)]
    return not still, f"{len(still)} face(s) still detected at {[r.as_tuple() for r in removed]}"


def _person_gone(ctx: StepContext, after: Image.Image, core: np.ndarray) -> tuple[bool, str]:
    share = float((ctx.model.person_mask(after)[core] >= 0.5).mean()) if core.any() else 0.0
    return share < 0.3, f"the person mask covers {share:.0%} of where the person was (want < 30%)"


def _color_gone(target: str, ctx: StepContext, after: Image.Image, core: np.ndarray) -> tuple[bool, str]:
    try:
        left = regions.resolve(target, StepContext(image=after, model=ctx.model)).mask
    except StepFailed:
        return True, f"no {target.partition(':')[2]} pixels left in the image"
    share = float(left[core].mean()) if core.any() else 0.0
    return share < 0.1, f"{share:.0%} of the hole is still {target.partition(':')[2]} (want < 10%)"


def _pixels_gone(b: np.ndarray, a: np.ndarray, core: np.ndarray, hole: np.ndarray) -> tuple[bool, str]:
    """For masks without a detector: the hole's pixels are new, and its mean colour is now
    close to the ring around it."""
    if not core.any():
        core = hole
    same = float((np.abs(a[core] - b[core]).max(axis=1) <= 10).mean())
    around = ring(hole, half_thickness(hole))
    dist = float(np.linalg.norm(a[core].mean(axis=0) - a[around].mean(axis=0))) if around.any() else 0.0
    tolerance = _mean_tolerance(a[around]) if around.any() else 25.0
    ok = same < 0.5 and dist <= tolerance
    return ok, (f"{same:.0%} of the hole still has its old pixels (want < 50%); its mean colour is "
                f"{dist:.0f} from the ring around it (want <= {tolerance:.0f})")


def _mean_tolerance(ring_px: np.ndarray) -> float:
    """How far the hole's mean colour may be from the ring's: more for a busier ring."""
    spread = float(np.sqrt(ring_px.var(axis=0).sum()))
    return max(25.0, 0.8 * spread)


def fill_plausible(a: np.ndarray, hole: np.ndarray, thick: bool) -> Check:
    """The hole's colour statistics match the ring around it: its mean is close, it is no
    black or white blob, and a thick hole keeps the ring's texture (no flat fill)."""
    around = ring(hole, half_thickness(hole))
    if not hole.any() or not around.any():
        return Check(name="fill_plausible", passed=False, detail="no hole, or no ring around it to compare")
    inner, outer = a[hole], a[around]
    dist = float(np.linalg.norm(inner.mean(axis=0) - outer.mean(axis=0)))
    tolerance = _mean_tolerance(outer)
    extreme = float(_extreme(inner).mean()) - float(_extreme(outer).mean())
    problems = []
    if dist > tolerance:
        problems.append(f"mean colour {dist:.0f} from the ring's (max {tolerance:.0f})")
    if extreme > 0.25:
        problems.append(f"{extreme:.0%} more black or white pixels than the ring")
    detail = f"mean colour {dist:.0f} from the ring's (max {tolerance:.0f})"
    if thick:
        flat = looks_flat(a, hole)
        detail += f"; texture {flat.texture:.1f} vs the ring's {flat.ring_texture:.1f}"
        if flat.flat:
            problems.append(f"flat: texture {flat.texture:.1f} vs the ring's {flat.ring_texture:.1f}")
    return Check(name="fill_plausible", passed=not problems, score=float(not problems),
                 detail="; ".join(problems) or detail)


def _extreme(px: np.ndarray) -> np.ndarray:
    return (px.max(axis=1) < 20) | (px.min(axis=1) > 235)


def outside_unchanged(b: np.ndarray, a: np.ndarray, hole: np.ndarray) -> Check:
    """No pixel beyond the hole and its blend zone changed."""
    outside = ~masks.dilate(hole, FEATHER)
    diff = np.abs(a - b).max(axis=2)[outside]
    changed = float((diff > UNCHANGED).mean()) if diff.size else 0.0
    return Check(name="outside_unchanged", passed=changed == 0.0, score=1.0 - changed,
                 detail=f"{changed:.3%} of pixels beyond {FEATHER} px of the hole changed")


TOOL = Tool(name="remove_object", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
