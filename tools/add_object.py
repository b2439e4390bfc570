"""Add a sticker from vloop's bundled icon set (a hat, a sun, a star, ...), anchored to
something perception found or to a named position.

Anchors: faces are found one by one, so each gets its own hat ("on" a face: a hat above the
face box sized to the head, glasses over the eyes band); any other target of `tools.regions`
(the person, object:cat, the subject, a text line, step:s1, the user's mask) is a mask, and
"on" it means on the top of the mask for things worn on a head (the cat's head), centred on it
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.types import Box
from tools import placement, regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.colors import RGB, parse_color
from tools.placement import Corner, Relation
from tools.stickers import Sticker, get_sticker, parse_object

AnchorKind = Literal["face", "region", "position"]
PERCEIVE_SIDE = 384  # masks for placing a sticker are found on a copy no larger than this
FIT_STEPS = (1.0, 0.85, 0.7, 0.6, 0.5, 0.4)  # how far a sticker may shrink to fit by its anchor
MAX_SLIDE = 0.33  # and how far (share of its height) it may slide to stay inside the image
HAIR = 0.35  # the top of a head is this share of the face box's height above the box
HEAD_BAND = 0.3  # the top of a mask taken as its head, as a share of the mask's height
POSITION_SHARE = 0.2  # at a named position, a sticker is a fifth of the image's width
REGION_HAT = 0.55  # a hat on a mask's head is this share of the head band's width
SPACING = 0.15  # gap between spread copies, as a share of a copy's width
MIRROR = 360  # a `turn` that mirrors left to right instead (recorded as turn 0, mirrored)


class Input(BaseModel):
    object: str = Field(description="a sticker name from tools.stickers (en or zh), e.g. hat, 太阳")
    anchor: str | None = Field(default=None, description="a tools.regions target to place it by")
    relation: Relation = Field(default="on", description="where relative to the anchor")
    position: Corner | None = Field(default=None, description="a named position when there is no anchor")
    scale: float | None = Field(default=None, gt=0, le=3,
                                description="size as a share of the anchor (or image) width; a hat may be "
                                            "wider than the head it sits on")
    count: int = Field(default=1, ge=1, le=10, description="how many (one per anchor instance, or spread)")
    color: str | None = Field(default=None, description="tint the sticker this colour")


class Output(BaseModel):
    sticker: str = Field(description="the sticker's canonical name")
    boxes: list[Box] = Field(description="where each copy was placed (may reach past the image edge)")
    anchor_box: Box | None = Field(default=None, description="the anchor it was placed by")
    anchors: list[Box] = Field(default_factory=list, description="the anchor of each copy, in order")
    anchor_kind: AnchorKind = Field(default="position", description="face, region or position")
    position: Corner | None = Field(default=None, description="the named position used, if any")
    color: tuple[int, int, int] | None = Field(default=None, description="the main colour, if tinted")
    turn: int = Field(default=0, description="degrees the sticker was turned (an arrow points at its anchor)")
    mirrored: bool = Field(default=False, description="mirrored (a speech bubble left of its speaker)")
    scale: float = Field(default=0.0, description="the size used, as `Input.scale` means it (the "
                         "default when none was given): what a revision ('make it bigger') scales")


@dataclass
class _Anchor:
    box: Box  # what the sticker is placed by: a face box, a mask's box
    head: Box  # where a hat sits: the face box, or the top band of the mask
    kind: AnchorKind


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Add a sticker (hat, crown, sun, star, heart, ...) on, above or beside something, or in a corner."""
    image = ctx.image.convert("RGB")
    sticker, said = parse_object(inp.object)
    color = parse_color(inp.color) if inp.color else said
    shrink = {1: 1.0, 2: 0.8}.get(ctx.attempt, 0.6)  # a retry tries a smaller sticker

    # 1. What to place it by; 2. where each copy goes; 3. paste.
    anchors = _anchors(inp, ctx, image, sticker)
    turn = _turn(sticker, inp.relation) if anchors else 0
    if anchors:
        boxes, per_copy = _anchored_boxes(inp, sticker, anchors, image.size, color, turn, shrink)
        position = None
    else:
        position = inp.position or ("top-right" if sticker.sky else "center")
        boxes, per_copy = _positioned_boxes(inp, sticker, position, image.size, color, shrink), []
    out, alpha = paste(image, [_image(sticker, b, color, turn) for b in boxes], boxes)
    data = Output(sticker=sticker.name, boxes=boxes, anchor_box=per_copy[0] if per_copy else None,
                  anchors=per_copy, anchor_kind=anchors[0].kind if anchors else "position",
                  position=position, color=color, turn=turn % 360, mirrored=turn == MIRROR,
                  scale=_share(inp, sticker, anchors[0] if anchors else None))
    return StepOutput(image=out, data=data, region=alpha > 127)


# 1. Anchors


def _anchors(inp: Input, ctx: StepContext, image: Image.Image, sticker: Sticker) -> list[_Anchor]:
    """The anchors, largest first: faces one by one, or one mask; [] for a named position."""
    if not inp.anchor or placement.target_kind(inp.anchor) == "image":
        return []
    kind = placement.target_kind(inp.anchor)
    wants_head = sticker.wear is not None and inp.relation == "on"
    if kind == "face" or (kind == "person" and wants_head):
        faces = sorted(ctx.model.detect_faces(image), key=lambda f: -f.box.area)
        if faces:
            chosen = faces if inp.count == 1 else faces[: inp.count]
            return [_Anchor(f.box, f.box, "face") for f in chosen]
        if kind == "face":
            raise StepFailed(f"no face found to put the {sticker.name} on")
    mask = _region_mask(inp.anchor, ctx, image)
    return [_Anchor(_mask_box(mask), _head_box(mask), "region")]


def _region_mask(target: str, ctx: StepContext, image: Image.Image) -> np.ndarray:
    """The anchor's mask at the image's size. Perception targets are found on a copy at most
    PERCEIVE_SIDE px: placing a sticker needs only a box, and the salient mask costs seconds
    at full size."""
    kind = placement.target_kind(target)
    scale = PERCEIVE_SIDE / max(image.size)
    if kind not in ("person", "subject", "object") or scale >= 1 or ctx.mask is not None:
        return regions.resolve(target, ctx).mask
    small = image.resize((round(image.width * scale), round(image.height * scale)),
                         Image.Resampling.BILINEAR)
    found = regions.resolve(target, StepContext(image=small, model=ctx.model, attempt=ctx.attempt))
    return cv2.resize(found.mask.astype(np.uint8), image.size, interpolation=cv2.INTER_NEAREST) > 0


def _mask_box(mask: np.ndarray) -> Box:
    ys, xs = np.nonzero(mask)
    return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


def _head_box(mask: np.ndarray) -> Box:
    """The top band of a mask, its middle 90% of columns: where a hat on it would sit."""
    box = _mask_box(mask)
    y1 = box.y0 + max(1, round(HEAD_BAND * box.height))
    xs = np.nonzero(mask[box.y0 : y1])[1]
    lo, hi = np.percentile(xs, [5, 95])
    return Box(x0=int(lo), y0=box.y0, x1=int(hi) + 1, y1=y1)


def _turn(sticker: Sticker, relation: Relation) -> int:
    """Degrees (anticlockwise) to turn an arrow so it points at what it is placed by, or
    MIRROR for a speech bubble left of its speaker (its tail then points right, at them)."""
    if sticker.tail and relation == "left-of":
        return MIRROR
    if not sticker.points:
        return 0
    return {"left-of": 0, "right-of": 180, "above": 270, "below": 90}.get(relation, 0)


# 2. Boxes


def _image(sticker: Sticker, box: Box, color: RGB | None, turn: int) -> Image.Image:
    """The sticker rendered to fill `box` (turned by `turn` degrees)."""
    length = box.height if turn in (90, 270) else box.width
    return _turned(get_sticker(sticker.name, max(4, length), color), turn)


def _turned(icon: Image.Image, turn: int) -> Image.Image:
    ops = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
           270: Image.Transpose.ROTATE_270, MIRROR: Image.Transpose.FLIP_LEFT_RIGHT}
    return icon.transpose(ops[turn]) if turn in ops else icon


def _size(sticker: Sticker, length: float, color: RGB | None, turn: int) -> tuple[int, int]:
    icon = _turned(get_sticker(sticker.name, max(4, round(length)), color), turn)
    return icon.size


def _anchored_boxes(inp: Input, sticker: Sticker, anchors: list[_Anchor], size: tuple[int, int],
                    color: RGB | None, turn: int, shrink: float) -> tuple[list[Box], list[Box]]:
    """One box per anchor; copies spread in a row when there is one anchor and count > 1."""
    boxes, per_copy = [], []
    copies = inp.count if len(anchors) == 1 else 1
    for anchor in anchors:
        length = _length(inp, sticker, anchor, size) * shrink
        for box in _fit_anchored(inp, sticker, anchor, length, copies, size, color, turn):
            boxes.append(box)
            per_copy.append(anchor.box)
    return boxes, per_copy


def _length(inp: Input, sticker: Sticker, anchor: _Anchor, size: tuple[int, int]) -> float:
    """The sticker's width (an arrow's length): a share of the anchor's width, in bounds."""
    worn = sticker.wear is not None and inp.relation == "on"
    base = anchor.head.width if worn else anchor.box.width
    return float(np.clip(base * _share(inp, sticker, anchor), 0.03 * size[0], 0.6 * size[0]))


def _share(inp: Input, sticker: Sticker, anchor: _Anchor | None) -> float:
    """The sticker's width as a share of its anchor's (of the image's at a position)."""
    if inp.scale is not None:
        return inp.scale
    if anchor is None:
        return POSITION_SHARE
    worn = sticker.wear is not None and inp.relation == "on"
    if worn and sticker.wear == "head" and anchor.kind == "region":
        return sticker.fit * REGION_HAT  # a mask's top band is wider than a head: a cat's includes its ears
    return sticker.fit


def _fit_anchored(inp: Input, sticker: Sticker, anchor: _Anchor, length: float, copies: int,
                  size: tuple[int, int], color: RGB | None, turn: int) -> list[Box]:
    """The copies' boxes at the largest size (100% down to 40%) at which, slid inside the
    image by at most a third of their height, they still stand where asked; else the
    smallest, reaching past the image's edge."""
    for factor in FIT_STEPS:
        w, h = _size(sticker, length * factor, color, turn)
        group = _group_box(inp, sticker, anchor, (w * copies + round(SPACING * w) * (copies - 1), h))
        slid = _slide_inside(group, size)
        moved = abs(slid.x0 - group.x0) + abs(slid.y0 - group.y0)
        if moved <= MAX_SLIDE * h and _placed_right(sticker, inp.relation, slid, anchor.box):
            return _split(slid, copies, w)
    return _split(group, copies, w)


def _group_box(inp: Input, sticker: Sticker, anchor: _Anchor, box_size: tuple[int, int]) -> Box:
    """Where a `box_size` sticker (or row of copies) goes by the anchor."""
    bw, bh = box_size
    if inp.relation != "on" or sticker.wear is None:
        gap = max(2, round(0.04 * min(anchor.box.width, anchor.box.height)))
        return placement.relation_box(anchor.box, box_size, inp.relation, gap)
    head = anchor.head
    x0 = round(head.center[0] - bw / 2)
    if sticker.wear == "eyes":
        # A face box starts at the brows; a mask's top band is the top of its head.
        eye_line = head.y0 + (0.38 if anchor.kind == "face" else 0.8) * head.height
        y0 = round(eye_line - bh / 2)
    else:
        crown_of_head = head.y0 - (HAIR * head.height if anchor.kind == "face" else 0)
        y0 = round(crown_of_head + sticker.sink * bh) - bh
    return Box(x0=x0, y0=y0, x1=x0 + bw, y1=y0 + bh)


def _positioned_boxes(inp: Input, sticker: Sticker, position: Corner, size: tuple[int, int],
                      color: RGB | None, shrink: float) -> list[Box]:
    """The copies in a row at a named position, each `scale` (default a fifth) of the image's
    width, smaller when the row or a tall sticker would not fit."""
    w_img, h_img = size
    length = _share(inp, sticker, None) * w_img * shrink
    w, h = _size(sticker, length, color, 0)
    n = inp.count
    gap = round(SPACING * w)
    while (w * n + gap * (n - 1) > 0.94 * w_img or h > 0.9 * h_img) and w > 8:
        length *= 0.85  # too wide a row or too tall a sticker for this image: smaller copies
        w, h = _size(sticker, length, color, 0)
        gap = round(SPACING * w)
    group = placement.position_box(size, (w * n + gap * (n - 1), h), position)
    return _split(group, n, w)


def _split(group: Box, copies: int, width: int) -> list[Box]:
    """`copies` boxes of `width` spread evenly across `group` (the group itself for one)."""
    if copies == 1:
        return [group]
    step = (group.width - width) / (copies - 1)
    return [Box(x0=group.x0 + round(i * step), y0=group.y0, x1=group.x0 + round(i * step) + width,
                y1=group.y1) for i in range(copies)]


def _slide_inside(box: Box, size: tuple[int, int]) -> Box:
    """`box` moved the least to lie inside a `size` image (as far as it fits)."""
    dx = max(0, -box.x0) - max(0, box.x1 - size[0])
    dy = max(0, -box.y0) - max(0, box.y1 - size[1])
    return Box(x0=box.x0 + dx, y0=box.y0 + dy, x1=box.x1 + dx, y1=box.y1 + dy)


# 3. Paste


def paste(image: Image.Image, icons: list[Image.Image], boxes: list[Box]) -> tuple[Image.Image, np.ndarray]:
    """`icons` alpha-composited over `image` at `boxes` (clipped to the image); returns the
    RGB result and the stickers' combined alpha, uint8 (H, W)."""
    canvas = image.convert("RGBA")
    alpha = np.zeros((image.height, image.width), np.uint8)
    for icon, box in zip(icons, boxes, strict=True):
        visible = box.pad(0, *image.size)
        if visible.area == 0:
            continue
        crop = icon.crop((visible.x0 - box.x0, visible.y0 - box.y0,
                          visible.x1 - box.x0, visible.y1 - box.y0))
        canvas.alpha_composite(crop, (visible.x0, visible.y0))
        part = alpha[visible.y0 : visible.y1, visible.x0 : visible.x1]
        np.maximum(part, np.asarray(crop.getchannel("A")), out=part)
    return canvas.convert("RGB"), alpha


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: each sticker is in the output at its box, it is where it was asked to be
    (faces are detected again for that), and nothing else changed."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before, after = ctx.image.convert("RGB"), result.image.convert("RGB")
    data = result.data
    sticker = parse_object(data.sticker)[0]
    turn = MIRROR if data.mirrored else data.turn
    icons = [_image(sticker, b, data.color, turn) for b in data.boxes]
    return Verdict.from_checks([
        _sticker_present(before, after, icons, data.boxes),
        _placed_right_check(inp, ctx, sticker, data),
        _outside_unchanged(before, after, data.boxes),
    ])


def _sticker_present(before: Image.Image, after: Image.Image, icons: list[Image.Image],
                     boxes: list[Box]) -> Check:
    """Over each copy's opaque pixels, the output correlates with the rendered sticker (or
    matches it closely where the sticker is one flat colour)."""
    expected, _ = paste(before, icons, boxes)
    exp, out = np.asarray(expected, np.float32), np.asarray(after, np.float32)
    found, notes = 0, []
    for icon, box in zip(icons, boxes, strict=True):
        corr, mad, share = _agreement(exp, out, icon, box)
        ok = share >= 0.2 and (corr >= 0.9 or mad <= 12)
        found += ok
        notes.append(f"{box.as_tuple()}: r={corr:.2f}, mean diff {mad:.1f}, {share:.0%} visible")
    return Check(name="sticker_present", passed=bool(boxes) and found == len(boxes),
                 score=found / max(1, len(boxes)), detail="; ".join(notes) or "no sticker placed")


def _agreement(exp: np.ndarray, out: np.ndarray, icon: Image.Image, box: Box) -> tuple[float, float, float]:
    """Correlation and mean difference of output and expected over the copy's opaque pixels
    inside the image, and the share of its opaque pixels that are inside."""
    h, w = out.shape[:2]
    opaque = np.zeros((h, w), bool)
    icon_opaque = np.asarray(icon.getchannel("A")) >= 242
    visible = box.pad(0, w, h)
    if visible.area:
        opaque[visible.y0 : visible.y1, visible.x0 : visible.x1] = icon_opaque[
            visible.y0 - box.y0 : visible.y1 - box.y0, visible.x0 - box.x0 : visible.x1 - box.x0]
    if opaque.sum() < 4:
        return 0.0, 255.0, 0.0
    a, b = exp[opaque].ravel(), out[opaque].ravel()
    corr = float(np.corrcoef(a, b)[0, 1]) if a.std() > 1 and b.std() > 1 else 0.0
    return corr, float(np.abs(a - b).mean()), float(opaque.sum() / max(1, icon_opaque.sum()))


def _placed_right_check(inp: Input, ctx: StepContext, sticker: Sticker, data: Output) -> Check:
    """Each group of copies (a row spread by one anchor, or at one position) stands where it
    was asked. Faces are detected again rather than taken from the run."""
    name = "placed_right"
    if not data.boxes:
        return Check(name=name, passed=False, detail="no sticker placed")
    if data.anchor_kind == "position":
        ok, detail = placement.in_position(_union(data.boxes), ctx.image.size, data.position or "center")
        return Check(name=name, passed=ok, score=float(ok), detail=f"at {data.position}: {detail}")
    anchors: list[Box | None] = list(data.anchors)
    if data.anchor_kind == "face":
        faces = [f.box for f in ctx.model.detect_faces(ctx.image.convert("RGB"))]
        anchors = [_nearest(box, faces) for box in data.boxes]
    groups: dict[str, list[Box]] = {}
    for box, anchor in zip(data.boxes, anchors, strict=True):
        groups.setdefault(anchor.model_dump_json() if anchor else "", []).append(box)
    ok, notes = [], []
    for key, boxes in groups.items():
        anchor = Box.model_validate_json(key) if key else None
        union = _union(boxes)
        ok.append(anchor is not None and _placed_right(sticker, inp.relation, union, anchor))
        notes.append(f"{union.as_tuple()} {inp.relation} {anchor.as_tuple() if anchor else 'no face found'}")
    return Check(name=name, passed=all(ok), score=sum(ok) / len(ok),
                 detail=f"{'; '.join(notes)}: {sum(ok)} of {len(ok)} right")


def _union(boxes: list[Box]) -> Box:
    return Box(x0=min(b.x0 for b in boxes), y0=min(b.y0 for b in boxes),
               x1=max(b.x1 for b in boxes), y1=max(b.y1 for b in boxes))


def _nearest(box: Box, faces: list[Box]) -> Box | None:
    """The face a sticker was placed by: the one it overlaps most across, then nearest."""
    if not faces:
        return None
    cx = box.center[0]
    return max(faces, key=lambda f: (placement.overlap_x(box, f), -abs(f.center[0] - cx)))


def _placed_right(sticker: Sticker, relation: Relation, box: Box, anchor: Box) -> bool:
    """A hat: above the anchor's middle, not floating off it, across it. Glasses: centred on
    the upper half of the anchor. Anything else: `placement.relation_holds`."""
    if relation != "on" or sticker.wear is None:
        return placement.relation_holds(box, anchor, relation)[0]
    cx, cy = box.center
    if sticker.wear == "eyes":
        return anchor.x0 <= cx <= anchor.x1 and anchor.y0 + 0.1 * anchor.height <= cy <= anchor.center[1]
    across = placement.overlap_x(box, anchor) >= 0.5 * min(box.width, anchor.width)
    return across and anchor.y0 - 0.5 * anchor.height <= box.y1 <= anchor.center[1]


def _outside_unchanged(before: Image.Image, after: Image.Image, boxes: list[Box]) -> Check:
    w, h = before.size
    inside = np.zeros((h, w), bool)
    for box in boxes:
        b = box.pad(1, w, h)
        inside[max(0, b.y0) : b.y1, max(0, b.x0) : b.x1] = True
    diff = np.abs(np.asarray(before, np.int16) - np.asarray(after, np.int16)).max(axis=2)[~inside]
    changed = float((diff > 2).mean()) if diff.size else 0.0
    return Check(name="outside_unchanged", passed=changed == 0.0, score=1.0 - changed,
                 detail=f"{changed:.3%} of pixels outside the sticker boxes changed")


TOOL = Tool(name="add_object", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
