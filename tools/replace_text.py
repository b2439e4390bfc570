"""Replace a piece of text in the image with new text, in the old text's place and colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageFont
from pydantic import BaseModel, Field

from model_server.errors import BadInput
from model_server.protocol import InpaintMethod, UnifiedModel
from model_server.types import Box, TextLine
from tools import regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict
from tools.colors import parse_color
from tools.drawing import (
    RGB,
    background_color,
    draw_text_in_box,
    fit_font,
    ink_bbox,
    load_font,
    text_color,
    text_ink_mask,
)
from tools.text_match import find_text, normalize, row_texts, similarity

# Verification allows changes up to this far outside the old box: the widest erase margin
# (a fraction of the box height, plus a pixel) and a few pixels of slack.
MAX_PAD_FRAC = 0.35
VERIFY_MARGIN = 3
DIFF_TOLERANCE = 2  # max abs difference (0-255) that still counts as unchanged
FLAT_RESIDUAL = 3.0  # ring residual std (0-255) below which the background is a plane
FLAT_INLIERS = 0.85  # share of ring pixels that must sit on that plane
VERIFY_TEXT_PX = (48, 32)  # heights the old box is scaled to for the 1st and 2nd verifying read
MAX_LISTED_LINES = 12
# PP-OCR's boxes pad the text: its ink fills about 50-70% of a box's height, never all of it.
OCR_BOX_TYPICAL_FILL = 0.58
OCR_BOX_MAX_FILL = 0.85
MIN_FONT_PX = 8  # new text in a smaller font is not legible; the step fails instead


class Input(BaseModel):
    old: str | None = Field(default=None, description="the text to find, as the user wrote it; unsaid: the "
                            "one line of text in `target` (or in the image)")
    target: str | None = Field(default=None, description="a tools.regions target whose text to replace when "
                               "`old` is unsaid: text on the clothes, in the mask")
    new: str = Field(description="the text to put in its place; empty erases the old text")
    color: str | None = Field(default=None, description="colour of the new text; default: the old text's")


class Output(BaseModel):
    old_box: Box = Field(description="where the old text was found")
    matched_text: str = Field(description="the OCR line (or part of it) that matched `old`")
    new_box: Box = Field(description="where the new text was drawn")
    strategy: str = Field(
        description="how the old text was erased: flat_fill, gradient_fill, inpaint_telea_ink "
        "(the ink pixels), inpaint_ns_box or inpaint_telea_box (the whole padded box)"
    )
    line_text: str = Field(description="the whole OCR line `matched_text` is part of")
    line_box: Box = Field(description="the box of that whole line")
    span: tuple[int, int] = Field(description="start and end of `matched_text` in `line_text`")
    match_score: float = Field(description="similarity of `matched_text` to `old`, 1.0 = exact")
    color: RGB = Field(description="the colour the new text was drawn in")
    font_size: int = Field(description="font size of the new text in pixels; 0 when erasing")

    def line_with(self, new: str) -> str:
        """The line as it should read after the edit: `matched_text` replaced by `new`."""
        return self.line_text[: self.span[0]] + new + self.line_text[self.span[1]:]


@dataclass(frozen=True)
class _Strategy:
    """One way to erase and redraw; later attempts erase wider and draw a little smaller."""

    mask: Literal["ink", "box"]  # inpaint the dilated ink pixels, or the whole padded box
    method: InpaintMethod
    pad_frac: float
    font_scale: float


_STRATEGIES = (
    _Strategy(mask="ink", method="telea", pad_frac=0.15, font_scale=1.0),
    _Strategy(mask="box", method="ns", pad_frac=0.25, font_scale=0.95),
    _Strategy(mask="box", method="telea", pad_frac=MAX_PAD_FRAC, font_scale=0.85),
)


@dataclass(frozen=True)
class _Found:
    box: Box
    text: str
    line_text: str
    line_box: Box
    span: tuple[int, int]
    score: float


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Find `old` with OCR, erase it, and draw `new` fitted to its box in its colour.

    Raises:
        StepFailed: `old` is not in the image (the message says what OCR read instead), or
            `new` is too long to be legible in its place.
        BadInput: `old` is blank or `color` names no known colour.
    """
    if inp.old is not None and not normalize(inp.old):
        raise BadInput("the text to replace is blank: say which text to change")
    image = ctx.image.convert("RGB")
    strategy = _STRATEGIES[min(max(ctx.attempt, 1), len(_STRATEGIES)) - 1]

    # 1. Read the text and find the old one
    lines = ctx.model.ocr(image)
    old = inp.old if inp.old is not None else _only_line(lines, inp.target, ctx)
    found = _find(old, lines, image, ctx.mask)

    # 2. Sample the old text's colour and extent, and lay out the new text
    color = parse_color(inp.color) if inp.color else text_color(image, found.box)
    ink = _ink_box(image, found.box)
    layout = None
    if inp.new.strip():
        layout = _layout(inp.new, found.text, found.box, ink, strategy.font_scale)

    # 3. Erase the old text
    erased, how = _erase(ctx.model, image, found.box, strategy, sub_span=found.text != found.line_text)

    # 4. Draw the new text in its place
    if layout is None:
        cx, cy = (int(v) for v in ink.center)
        new_box, size = Box(x0=cx, y0=cy, x1=cx, y1=cy), 0
    else:
        font, target = layout
        new_box = draw_text_in_box(erased, inp.new, target, color, font=font)
        size = int(font.size)
    return StepOutput(
        image=erased,
        data=Output(
            old_box=found.box, matched_text=found.text, new_box=new_box, strategy=how,
            line_text=found.line_text, line_box=found.line_box, span=found.span,
            match_score=found.score, color=color, font_size=size,
        ),
    )


def _candidates(lines: list[TextLine]) -> list[tuple[str, Box]]:
    """Every OCR line, plus each pair of neighbours on one row joined (OCR may split a phrase)."""
    out = [(line.text, line.box) for line in lines]
    for a, b in zip(lines, lines[1:], strict=False):
        h = min(a.box.height, b.box.height)
        same_row = abs(a.box.center[1] - b.box.center[1]) < h / 2
        if same_row and 0 <= b.box.x0 - a.box.x1 < 2 * h:
            box = Box(x0=a.box.x0, y0=min(a.box.y0, b.box.y0), x1=b.box.x1,
                      y1=max(a.box.y1, b.box.y1))
            out.append((f"{a.text} {b.text}", box))
    return out


def _inside_mask(
    lines: list[TextLine], mask: np.ndarray | None, width: int, height: int
) -> list[TextLine]:
    """The lines whose centre is in the user's mask, when there is a mask and any are in it."""
    if mask is None:
        return lines
    if mask.shape[:2] != (height, width):
        raise BadInput(
            f"mask must be {width}x{height} like the image, got {mask.shape[1]}x{mask.shape[0]}"
        )
    inside = [ln for ln in lines if mask[int(ln.box.center[1]), int(ln.box.center[0])]]
    return inside or lines


def _only_line(lines: list[TextLine], target: str | None, ctx: StepContext) -> str:
    """The text to replace when the user did not quote it: the one line in the target region
    (or the mask, or the image). StepFailed naming the lines when there are several."""
    where = (f"in the {target}" if target else "in the marked region" if ctx.mask is not None
             else "in the image")
    region = regions.resolve(target, ctx).mask if target else ctx.mask
    inside = [ln for ln in lines if region is None or region[int(ln.box.center[1]), int(ln.box.center[0])]]
    if not inside:
        raise StepFailed(f"OCR read no text {where}")
    if len({normalize(ln.text) for ln in inside}) > 1:
        listed = ", ".join(repr(ln.text) for ln in inside[:MAX_LISTED_LINES])
        raise StepFailed(f"there are {len(inside)} lines of text {where} ({listed}): quote the one to change")
    return inside[0].text


def _find(old: str, lines: list[TextLine], image: Image.Image, mask: np.ndarray | None) -> _Found:
    """The best match for `old` among the OCR lines, with its box; StepFailed if none."""
    if not lines:
        raise StepFailed(f"could not find {old!r}: OCR read no text at all in the image")
    candidates = _candidates(_inside_mask(lines, mask, *image.size))
    match = find_text(old, [text for text, _ in candidates])
    if match is None:
        read = ", ".join(repr(line.text) for line in lines[:MAX_LISTED_LINES])
        more = f" and {len(lines) - MAX_LISTED_LINES} more" if len(lines) > MAX_LISTED_LINES else ""
        raise StepFailed(f"could not find {old!r} in the image; OCR read: {read}{more}")
    line_text, line_box = candidates[match.line]
    box = line_box if match.whole else _sub_box(image, line_box, line_text, match.start, match.end)
    return _Found(box=box, text=line_text[match.start:match.end], line_text=line_text,
                  line_box=line_box, span=(match.start, match.end), score=match.score)


def _sub_box(image: Image.Image, line_box: Box, text: str, start: int, end: int) -> Box:
    """Where `text[start:end]` sits in the line's box.

    The span's edges are placed in proportion to the text's advance widths in our font (so a
    CJK character counts about twice a Latin one) across the line's inked columns, then moved
    to the nearest blank column (the gap between words or characters) if one is close. A span
    that starts or ends the line keeps the line box's edge there.
    """
    ink = text_ink_mask(image, line_box).astype(np.uint8)
    ink = cv2.dilate(ink, np.ones((1, 3), np.uint8))  # anti-aliased edges are not gaps
    h, w = ink.shape
    blank = ink.sum(axis=0) <= max(1, int(0.02 * h))
    inked = np.flatnonzero(~blank)
    lo, hi = (int(inked[0]), int(inked[-1]) + 1) if len(inked) else (0, w)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    font = load_font(64)
    total = font.getlength(body) or 1.0
    reach = max(2, int(0.4 * h))
    x0 = 0 if start <= lead else _snap(
        blank, round(lo + (hi - lo) * font.getlength(text[lead:start]) / total), reach)
    x1 = w if end >= lead + len(body) else _snap(
        blank, round(lo + (hi - lo) * font.getlength(text[lead:end]) / total), reach)
    if x1 - x0 < 2:
        x0, x1 = max(0, x0 - 1), min(w, x0 + 1)
    return Box(x0=line_box.x0 + x0, y0=line_box.y0, x1=line_box.x0 + x1, y1=line_box.y1)


def _snap(blank: np.ndarray, x: int, reach: int) -> int:
    """The blank column nearest to `x` within `reach`, or `x` if there is none."""
    for d in range(reach + 1):
        for c in (x - d, x + d):
            if 0 <= c < len(blank) and blank[c]:
                return c
    return min(max(x, 0), len(blank))


def _ink_box(image: Image.Image, box: Box) -> Box:
    """The tight box of the text's ink inside `box`.

    OCR boxes pad the text, so glyphs do not touch the box's edge: ink-coloured blobs that do
    (background of a similar colour) and specks are dropped. When what is left is unclear,
    it is the middle of `box` at the usual share of an OCR box's height that text fills.
    """
    ink = text_ink_mask(image, box).astype(np.uint8)
    h, w = ink.shape
    if h >= 40:  # cut thin bridges to similar-coloured background; the strokes are thicker
        k = 2 + h // 60
        ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    touches = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    keep = ~touches & (area >= max(2, (0.05 * h) ** 2))
    keep[0] = False  # the label of the pixels that are not ink
    glyphs = keep[labels]
    rows, cols = np.flatnonzero(glyphs.any(axis=1)), np.flatnonzero(glyphs.any(axis=0))
    if len(rows) < 2 or len(cols) < 2 or len(rows) > OCR_BOX_MAX_FILL * h:
        half = int(OCR_BOX_TYPICAL_FILL * h / 2)
        cy = (box.y0 + box.y1) // 2
        return Box(x0=box.x0, y0=cy - half, x1=box.x1, y1=cy + half)
    return Box(x0=box.x0 + int(cols[0]), y0=box.y0 + int(rows[0]),
               x1=box.x0 + int(cols[-1]) + 1, y1=box.y0 + int(rows[-1]) + 1)


def _erase(
    model: UnifiedModel, image: Image.Image, box: Box, strategy: _Strategy, *, sub_span: bool
) -> tuple[Image.Image, str]:
    """Erase the text in `box`: fill a plane when the background around it is flat or a smooth
    gradient, otherwise inpaint (the ink pixels, or the whole padded box, by strategy)."""
    w, h = image.size
    pad = int(round(strategy.pad_frac * box.height)) + 1
    pad_x = min(pad, 2) if sub_span else pad  # a part of a line has neighbours left and right
    region = Box(x0=max(0, box.x0 - pad_x), y0=max(0, box.y0 - pad),
                 x1=min(w, box.x1 + pad_x), y1=min(h, box.y1 + pad))
    arr = np.asarray(image).copy()
    plane = _fit_plane(arr, region, ring=max(3, box.height // 4))
    if plane is not None:
        fill, sloped = plane
        arr[region.y0:region.y1, region.x0:region.x1] = fill
        return Image.fromarray(arr), "gradient_fill" if sloped else "flat_fill"
    mask = np.zeros((h, w), dtype=bool)
    if strategy.mask == "ink":
        grow = max(2, box.height // 8)
        ink = cv2.dilate(text_ink_mask(image, box).astype(np.uint8),
                         np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)).astype(bool)
        mask[box.y0:box.y1, box.x0:box.x1] = ink
        mask &= _box_mask(region, (h, w))
    else:
        mask = _box_mask(region, (h, w))
    _inpaint_around(model, arr, mask, region, strategy.method)
    return Image.fromarray(arr), f"inpaint_{strategy.method}_{strategy.mask}"


def _box_mask(box: Box, shape: tuple[int, int]) -> np.ndarray:
    mask = np.zeros(shape, dtype=bool)
    mask[box.y0:box.y1, box.x0:box.x1] = True
    return mask


def _fit_plane(arr: np.ndarray, region: Box, ring: int) -> tuple[np.ndarray, bool] | None:
    """Fit colour = a*x + b*y + c to the ring around `region`; the plane over the region if
    the ring lies on it (a flat or smoothly graded background), else None."""
    h, w = arr.shape[:2]
    outer = region.pad(ring, w, h)
    ys, xs = np.mgrid[outer.y0:outer.y1, outer.x0:outer.x1]
    in_ring = ~((xs >= region.x0) & (xs < region.x1) & (ys >= region.y0) & (ys < region.y1))
    xs, ys = xs[in_ring].astype(np.float64), ys[in_ring].astype(np.float64)
    if len(xs) < 16:
        return None
    values = arr[ys.astype(int), xs.astype(int)].astype(np.float64)
    design = np.stack([xs, ys, np.ones_like(xs)], axis=1)
    keep = np.ones(len(xs), dtype=bool)
    for _ in range(2):  # refit without outliers (a neighbouring glyph, a speck)
        coef, *_ = np.linalg.lstsq(design[keep], values[keep], rcond=None)
        residual = np.abs(values - design @ coef).max(axis=1)
        keep = residual < 4 * FLAT_RESIDUAL
    if keep.mean() < FLAT_INLIERS or (values[keep] - design[keep] @ coef).std() > FLAT_RESIDUAL:
        return None
    gy, gx = np.mgrid[region.y0:region.y1, region.x0:region.x1]
    fill = gx[..., None] * coef[0] + gy[..., None] * coef[1] + coef[2]
    sloped = float(np.abs(coef[0]).max() * region.width + np.abs(coef[1]).max() * region.height) > 2
    return np.clip(np.round(fill), 0, 255).astype(np.uint8), sloped


def _inpaint_around(
    model: UnifiedModel, arr: np.ndarray, mask: np.ndarray, region: Box, method: InpaintMethod
) -> None:
    """Inpaint `mask` in `arr` (in place), sending the model only a crop around `region`."""
    h, w = mask.shape
    crop = region.pad(max(8, region.height), w, h)
    ys, xs = slice(crop.y0, crop.y1), slice(crop.x0, crop.x1)
    sub_mask = mask[ys, xs]
    if not sub_mask.any():
        return
    filled = np.asarray(model.inpaint(Image.fromarray(arr[ys, xs]), sub_mask, method).convert("RGB"))
    arr[ys, xs][sub_mask] = filled[sub_mask]


def _layout(
    text: str, old_text: str, box: Box, ink: Box, scale: float
) -> tuple[ImageFont.FreeTypeFont, Box]:
    """The font and box for `text`: the old text's font size (times `scale`), smaller if it
    does not fit in `box`, centred on the old ink.

    The old font size is what makes `old_text` as tall as its ink in our font, so "SALE" (all
    capitals) and "五折" come out at the same type size, as a designer would set them.

    Raises:
        StepFailed: the new text is so much longer that it would be too small to read.
    """
    cx, cy = ink.center
    half_w = max(1.0, min(cx - box.x0, box.x1 - cx) - 1)
    half_h = max(1.0, min(cy - box.y0, box.y1 - cy) - 1)
    reference = load_font(100)
    _, top, _, bottom = ink_bbox(old_text, reference)
    old_size = ink.height * 100 / max(1, bottom - top)
    font = fit_font(text, 2 * half_w * scale, 2 * half_h * scale, min_size=4,
                    max_size=max(4, round(old_size * scale)))
    if font.size < MIN_FONT_PX:
        raise StepFailed(
            f"{text!r} does not fit legibly in place of the old text ({box.width}x{box.height} px):"
            f" its font would be {font.size} px, under {MIN_FONT_PX} px; use shorter text"
        )
    target = Box(x0=int(cx - half_w), y0=int(cy - half_h), x1=int(cx + half_w), y1=int(cy + half_h))
    return font, target


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Read the edited line again: the new text is there, the old is gone, nothing else moved."""
    data = result.data
    if inp.old is None:  # the text the run found in the target is what must be gone
        inp = inp.model_copy(update={"old": data.matched_text})
    readings = [_read_around(ctx.model, result.image, data.line_box, VERIFY_TEXT_PX[0])]
    first = _check_new_text if normalize(inp.new) else _check_erased
    check = first(inp, data, readings[0])
    if not check.passed:  # OCR splits and misreads vary with scale: read once more at another
        readings.append(_read_around(ctx.model, result.image, data.line_box, VERIFY_TEXT_PX[1]))
        again = first(inp, data, readings[1])
        check = again if again.passed else check
    checks = [
        check,
        _check_old_gone(inp, [line for read in readings for line in read]),
        _check_outside_unchanged(ctx.image, result.image, data.old_box),
    ]
    return Verdict.from_checks(checks)


def _read_around(model: UnifiedModel, image: Image.Image, box: Box, text_px: int) -> list[TextLine]:
    """OCR a padded crop around `box`, scaled so the box is `text_px` tall; boxes in image pixels.

    PP-OCR reads most reliably at that size: tiny text is upscaled, and very large text
    (which its detector tends to split into words with stray letters) is shrunk. The crop is
    centred on a square canvas of its border colour, because the detector scales an image's
    short side up to 736 px: a wide strip would cost more than the whole image.
    """
    w, h = image.size
    crop = box.pad(max(8, int(0.6 * box.height)), w, h)
    scale = min(4.0, max(0.4, text_px / max(1, box.height)))
    patch = image.convert("RGB").crop(crop.as_tuple())
    size = (max(1, round(patch.width * scale)), max(1, round(patch.height * scale)))
    patch = patch.resize(size, Image.Resampling.BICUBIC if scale > 1 else Image.Resampling.LANCZOS)
    side = max(patch.size)
    canvas = Image.new("RGB", (side, side), background_color(patch, (0, 0, *patch.size)))
    ox, oy = (side - patch.width) // 2, (side - patch.height) // 2
    canvas.paste(patch, (ox, oy))
    lines = model.ocr(canvas)

    def back(b: Box) -> Box:
        def x(v: float) -> int:
            return int(np.clip(crop.x0 + (v - ox) / scale, 0, w))

        def y(v: float) -> int:
            return int(np.clip(crop.y0 + (v - oy) / scale, 0, h))

        return Box(x0=x(b.x0), y0=y(b.y0), x1=x(b.x1 + scale - 1), y1=y(b.y1 + scale - 1))

    return [line.model_copy(update={"box": back(line.box), "polygon": []}) for line in lines]


def _listing(read: list[TextLine]) -> str:
    return "[" + ", ".join(repr(line.text) for line in read) + "]"


def _check_new_text(inp: Input, data: Output, read: list[TextLine]) -> Check:
    """The new text is read exactly (ignoring case and spaces), alone or as the edited line."""
    want = normalize(inp.new)
    whole = normalize(data.line_with(inp.new))
    texts = {normalize(line.text) for line in read} | set(row_texts(read))
    ok = want in texts or whole in texts
    best = max((similarity(inp.new, text) for text in texts), default=0.0)
    return Check(name="ocr_has_new_text", passed=ok, score=1.0 if ok else best,
                 detail=f"expected {inp.new!r}; OCR read {_listing(read)} around the old box")


def _check_erased(inp: Input, data: Output, read: list[TextLine]) -> Check:
    """Erasing: no text is read over the old box (the rest of a longer line may remain)."""
    rest = normalize(data.line_with(""))
    inside = [ln for ln in read if _covered(data.old_box, ln.box) > 0.3]
    left_is_rest = bool(rest) and rest in row_texts(read)
    ok = not inside or left_is_rest
    return Check(name="ocr_box_empty", passed=ok, score=1.0 if ok else 0.0,
                 detail=f"OCR read {_listing(inside)} over the erased box"
                 + (f"; the rest of the line {rest!r} remains" if left_is_rest else ""))


def _covered(box: Box, other: Box) -> float:
    """The fraction of `box` that `other` covers."""
    ix = max(0, min(box.x1, other.x1) - max(box.x0, other.x0))
    iy = max(0, min(box.y1, other.y1) - max(box.y0, other.y0))
    return ix * iy / box.area if box.area else 0.0


def _check_old_gone(inp: Input, read: list[TextLine]) -> Check:
    """The old text is not read around its old place (unless the new text contains it)."""
    if normalize(inp.old) in normalize(inp.new):
        return Check(name="ocr_old_text_gone", passed=True, score=1.0,
                     detail=f"not checked: the new text {inp.new!r} contains {inp.old!r}")
    still = []
    # Each line, and each row joined, in case OCR split the old text into pieces.
    for text in dict.fromkeys([line.text for line in read] + row_texts(read)):
        old = find_text(inp.old, [text])
        new = find_text(inp.new, [text]) if normalize(inp.new) else None
        if old is not None and (new is None or new.score < old.score):  # "2024" -> "2025"
            still.append(text)
    return Check(name="ocr_old_text_gone", passed=not still, score=0.0 if still else 1.0,
                 detail=f"{inp.old!r} still read in {still}" if still
                 else f"{inp.old!r} not read near its old place; OCR read {_listing(read)}")


def _check_outside_unchanged(before: Image.Image, after: Image.Image, old_box: Box) -> Check:
    name = "outside_unchanged"
    if before.size != after.size:
        return Check(name=name, passed=False, score=0.0,
                     detail=f"size changed from {before.size[0]}x{before.size[1]} "
                            f"to {after.size[0]}x{after.size[1]}")
    w, h = before.size
    margin = int(np.ceil(MAX_PAD_FRAC * old_box.height)) + 1 + VERIFY_MARGIN
    allowed = _box_mask(old_box.pad(margin, w, h), (h, w))
    diff = np.abs(np.asarray(before.convert("RGB"), np.int16)
                  - np.asarray(after.convert("RGB"), np.int16)).max(axis=2)
    outside = diff[~allowed]
    changed = float((outside > DIFF_TOLERANCE).mean()) if outside.size else 0.0
    worst = int(outside.max()) if outside.size else 0
    return Check(name=name, passed=worst <= DIFF_TOLERANCE, score=1.0 - changed,
                 detail=f"{changed:.2%} of pixels farther than {margin} px from the old box "
                        f"changed; max difference {worst}")


TOOL = Tool(
    name="replace_text", kind="edit", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
