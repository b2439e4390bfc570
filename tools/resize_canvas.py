"""Extend the canvas to an aspect ratio (4:1, 1:3, 16:9 ...) or a size, filling the new area from the image.

Not with bars: the original sits centred on the new canvas, its pixels unchanged. Fills:

- `reflect`: the image mirrored across each seam, blurred more the farther from the seam, so
  the mirror is not obvious away from the image (it keeps texture best; a subject near the
  edge shows mirrored);
- `blur`: the outer quarter of the image along each seam, mirrored, stretched over the new
  area and blurred: a soft backdrop that continues what is at the edge (wall, sky, table),
  never a second copy of the subject; for anything wider than a narrow strip;
- `edge`: the border's own colours drawn outwards and smoothed into a gradient: for flat
  borders (sky, a studio wall);
- `inpaint`: the backend's inpainting ("patch" copies matching texture from the image): for
  narrow extensions of a textured border;
- `color`: a flat colour, only when asked.

`auto` picks by how much is added (a narrow strip or several image widths) and how textured
the border is, and tries the next candidate on a retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import BadInput
from model_server.types import Box
from tools.base import Check, StepContext, StepOutput, Tool, Verdict
from tools.colors import parse_color
from tools.crop import parse_ratio

Fill = Literal["reflect", "blur", "edge", "inpaint", "color"]

NARROW = 0.15  # an extension up to this share of the image's side counts as narrow
STRETCH_BAND = 0.25  # share of the image's side that `blur` stretches over a wide extension
TEXTURED = 6.0  # mean gradient at the border above which it counts as textured
RATIO_TOLERANCE_PX = 1.0
MIN_NEW_STD = 8.0  # colour std a filled (not flat) new area reaches ...
NEW_STD_SHARE = 0.3  # ... or this share of the border's own std, if the border is flatter
MAX_SEAM_STEP = 24.0  # mean colour step across the seam, 0..255
COLOR_TOLERANCE = 3  # per channel, for fill=color


class Input(BaseModel):
    ratio: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$", description="W:H, e.g. 4:1")
    width: int | None = Field(default=None, ge=8, le=8192)
    height: int | None = Field(default=None, ge=8, le=8192)
    fill: Literal["auto", "reflect", "blur", "edge", "inpaint", "color"] = Field(
        default="auto", description="how to fill the new area")
    color: str | None = Field(default=None, description="the fill colour, fill=color")


class Output(BaseModel):
    original_box: Box = Field(description="where the original image sits on the new canvas")
    fill: str = Field(description="the fill actually used")
    scale: float = Field(default=1.0, description="the original was scaled by this to fit a "
                         "smaller size asked for; 1 = kept at its size")


@dataclass
class Layout:
    """The original (as placed, maybe scaled down), where it sits, and the canvas size."""

    image: np.ndarray  # uint8 (h, w, 3)
    box: Box
    size: tuple[int, int]  # canvas (width, height)


# The canvas


def canvas_size(inp: Input, width: int, height: int) -> tuple[tuple[int, int], float]:
    """((canvas width, canvas height), scale of the original) for what `inp` asks.

    A ratio only ever adds area. A width and height give the canvas exactly; when the image
    is larger than that, it is scaled down to fit inside first. One of them alone keeps the
    image's other side (scaled alike).

    Raises:
        BadInput: nothing asked, or a ratio together with both width and height.
    """
    ratio = parse_ratio(inp.ratio)
    if ratio is None and inp.width is None and inp.height is None:
        raise BadInput("resize_canvas needs a ratio (such as 4:1) or a width and/or height in pixels")
    if ratio is not None and inp.width is not None and inp.height is not None:
        raise BadInput(f"give a ratio or a width and height, not all three ({inp.ratio}, "
                       f"{inp.width}x{inp.height})")
    if ratio is not None and inp.width is None and inp.height is None:
        return _extend_to_ratio(ratio, width, height), 1.0
    want_w, want_h = inp.width, inp.height
    if ratio is not None:  # a ratio and one side give the other side
        want_w = want_w if want_w is not None else round(want_h * ratio)  # type: ignore[operator]
        want_h = want_h if want_h is not None else round(want_w / ratio)
    scale = min(1.0, *(s / o for s, o in ((want_w, width), (want_h, height)) if s is not None))
    cw = want_w if want_w is not None else round(width * scale)
    ch = want_h if want_h is not None else round(height * scale)
    return (max(cw, 1), max(ch, 1)), scale


def _extend_to_ratio(ratio: float, width: int, height: int) -> tuple[int, int]:
    if width / height < ratio:
        return max(width, round(height * ratio)), height
    return width, max(height, round(width / ratio))


def _fitted(image: Image.Image, scale: float) -> Image.Image:
    if scale >= 1.0:
        return image
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Extend the canvas to a ratio or size, filling the new area from the image itself."""
    source = ctx.image.convert("RGB")
    (cw, ch), scale = canvas_size(inp, source.width, source.height)
    image = np.asarray(_fitted(source, scale))
    h, w = image.shape[:2]
    # 1. Where the original goes: centred.
    box = Box(x0=(cw - w) // 2, y0=(ch - h) // 2, x1=(cw - w) // 2 + w, y1=(ch - h) // 2 + h)
    # 2. How to fill the rest.
    if (cw, ch) == (w, h):
        fill: str = "none"  # the image already has that shape
        canvas = image.copy()
    else:
        fill = choose_fill(inp, image, (cw, ch), ctx.attempt)
        canvas = _FILLERS[fill](Layout(image, box, (cw, ch)), inp, ctx)
    # 3. The original, pixel for pixel.
    canvas[box.y0:box.y1, box.x0:box.x1] = image
    added = np.ones((ch, cw), bool)
    added[box.y0:box.y1, box.x0:box.x1] = False
    return StepOutput(image=Image.fromarray(canvas), data=Output(original_box=box, fill=fill, scale=scale),
                      region=added)


def choose_fill(inp: Input, image: np.ndarray, size: tuple[int, int], attempt: int) -> Fill:
    """The fill asked for; for `auto`, the `attempt`-th candidate for this extension."""
    if inp.fill != "auto":
        return inp.fill
    candidates = _candidates(image, size)
    return candidates[min(attempt, len(candidates)) - 1]


def _candidates(image: np.ndarray, size: tuple[int, int]) -> list[Fill]:
    h, w = image.shape[:2]
    cw, ch = size
    extension = max((cw - w) / 2 / w, (ch - h) / 2 / h)
    if extension > NARROW:  # mirroring this much would show a mirrored subject
        return ["blur", "reflect", "edge"]
    if border_texture(image, size) >= TEXTURED:
        return ["inpaint", "reflect", "blur"]
    return ["edge", "reflect", "blur"]


def border_texture(image: np.ndarray, size: tuple[int, int]) -> float:
    """Mean gradient magnitude in bands along the sides that will be extended."""
    h, w = image.shape[:2]
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float32)
    grad = np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1))
    band_w, band_h = max(2, w // 20), max(2, h // 20)
    bands = []
    if size[0] > w:
        bands += [grad[:, :band_w], grad[:, -band_w:]]
    if size[1] > h:
        bands += [grad[:band_h], grad[-band_h:]]
    return float(np.mean([b.mean() for b in bands])) if bands else 0.0


# Fills: each returns the whole canvas; `run` puts the original back on top.


def _padding(box: Box, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) pixels added around the original."""
    cw, ch = size
    return box.y0, ch - box.y1, box.x0, cw - box.x1


def _distance_from(box: Box, size: tuple[int, int]) -> np.ndarray:
    """Each canvas pixel's distance from the original's box (0 inside it), float32."""
    cw, ch = size
    xs = np.arange(cw, dtype=np.float32)
    ys = np.arange(ch, dtype=np.float32)
    dx = np.maximum(np.maximum(box.x0 - xs, xs - (box.x1 - 1)), 0)
    dy = np.maximum(np.maximum(box.y0 - ys, ys - (box.y1 - 1)), 0)
    return np.hypot(dx[None, :], dy[:, None])


def _soft(rgb: np.ndarray, sigma: float) -> np.ndarray:
    """A strong Gaussian blur, done on a shrunk copy (as smooth, far cheaper), uint8."""
    h, w = rgb.shape[:2]
    factor = max(1, int(sigma // 4))
    small = cv2.resize(rgb, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), sigma / factor, borderType=cv2.BORDER_REFLECT)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)


def _ramp(sharp: np.ndarray, soft: np.ndarray, box: Box, size: tuple[int, int], reach: float) -> np.ndarray:
    """`sharp` at the seam turning into `soft` over `reach` pixels away from the original."""
    t = np.clip(_distance_from(box, size) / max(reach, 1.0), 0.0, 1.0)
    t = t * t * (3 - 2 * t)  # smoothstep: no visible line where the ramp starts or ends
    # blendLinear mixes uint8 images by per-pixel weights without float copies of the canvas.
    return cv2.blendLinear(sharp, soft, np.ascontiguousarray(1.0 - t), np.ascontiguousarray(t))


def _axis_map(length: int, offset: int, size: int, band: float | None) -> np.ndarray:
    """For each canvas position along one axis, the image position it copies: itself inside
    the image, mirrored across the seam outside it. With `band`, the `band` px next to the
    seam are stretched over the whole extension, so far out still shows the border's content
    and not the far side of the image."""
    pos = np.arange(length, dtype=np.float32) - offset
    last = size - 1
    before, after = pos < 0, pos > last
    squeeze_before = min(1.0, band / max(1, offset)) if band else 1.0
    squeeze_after = min(1.0, band / max(1, length - offset - size)) if band else 1.0
    src = pos.copy()
    src[before] = -pos[before] * squeeze_before
    src[after] = last - (pos[after] - last) * squeeze_after
    if last == 0:
        return np.zeros_like(src)
    period = 2 * last  # extensions wider than the image mirror back and forth
    folded = np.mod(src, period)
    return np.where(folded > last, period - folded, folded).astype(np.float32)


def _mirrored(image: np.ndarray, box: Box, size: tuple[int, int], band_share: float | None) -> np.ndarray:
    h, w = image.shape[:2]
    cw, ch = size
    xs = _axis_map(cw, box.x0, w, band_share * w if band_share else None)
    ys = _axis_map(ch, box.y0, h, band_share * h if band_share else None)
    map_x = np.ascontiguousarray(np.broadcast_to(xs[None, :], (ch, cw)))
    map_y = np.ascontiguousarray(np.broadcast_to(ys[:, None], (ch, cw)))
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT_101)


def _fill_reflect(lay: Layout, inp: Input, ctx: StepContext) -> np.ndarray:
    mirrored = _mirrored(lay.image, lay.box, lay.size, None)
    side = min(lay.image.shape[:2])
    return _ramp(mirrored, _soft(mirrored, 0.04 * side), lay.box, lay.size, reach=0.3 * side)


def _fill_blur(lay: Layout, inp: Input, ctx: StepContext) -> np.ndarray:
    # The border's outer quarter, mirrored and stretched over the extension, then blurred:
    # the backdrop continues what is at the edge (wall, sky, table), never the subject.
    stretched = _mirrored(lay.image, lay.box, lay.size, STRETCH_BAND)
    side = min(lay.image.shape[:2])
    return _ramp(stretched, _soft(stretched, 0.05 * side), lay.box, lay.size, reach=0.2 * side)


def _fill_edge(lay: Layout, inp: Input, ctx: StepContext) -> np.ndarray:
    # Replicated border pixels make streaks; blurring them turns the streaks into a gradient
    # of the border's colours.
    top, bottom, left, right = _padding(lay.box, lay.size)
    streaks = cv2.copyMakeBorder(lay.image, top, bottom, left, right, cv2.BORDER_REPLICATE)
    side = min(lay.image.shape[:2])
    return _ramp(streaks, _soft(streaks, 0.08 * side), lay.box, lay.size, reach=0.25 * side)


def _fill_inpaint(lay: Layout, inp: Input, ctx: StepContext) -> np.ndarray:
    # The mirror is only a starting point: the backend refills all of the new area from
    # windows of the image that match the seam.
    canvas = _fill_reflect(lay, inp, ctx)
    hole = np.ones(canvas.shape[:2], bool)
    hole[lay.box.y0:lay.box.y1, lay.box.x0:lay.box.x1] = False
    filled = ctx.model.inpaint(Image.fromarray(canvas), hole, method="patch")
    return np.asarray(filled.convert("RGB")).copy()


def _fill_color(lay: Layout, inp: Input, ctx: StepContext) -> np.ndarray:
    cw, ch = lay.size
    return np.broadcast_to(np.array(fill_color(inp, lay.image), np.uint8), (ch, cw, 3)).copy()


def fill_color(inp: Input, image: np.ndarray) -> tuple[int, int, int]:
    """The colour asked for; without one, the median colour of the image's border."""
    if inp.color:
        return parse_color(inp.color)
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    r, g, b = np.median(border, axis=0)
    return int(r), int(g), int(b)


_FILLERS = {"reflect": _fill_reflect, "blur": _fill_blur, "edge": _fill_edge, "inpaint": _fill_inpaint,
            "color": _fill_color}


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the canvas has the size asked, the original is there unchanged, and the new
    area is filled (not a flat bar) and runs on from the image at every seam."""
    source = ctx.image.convert("RGB")
    canvas = np.asarray(result.image.convert("RGB"))
    (cw, ch), scale = canvas_size(inp, source.width, source.height)
    original = np.asarray(_fitted(source, scale))
    box = result.data.original_box
    checks = [_size_ok(inp, canvas, (cw, ch)), _original_unchanged(canvas, original, box)]
    if checks[1].passed:
        strips = _strips(canvas, box)
        checks += [_new_area_filled(inp, canvas, original, strips),
                   _seam_continuous(inp, canvas, box, strips)]
    return Verdict.from_checks(checks)


def _size_ok(inp: Input, canvas: np.ndarray, expected: tuple[int, int]) -> Check:
    h, w = canvas.shape[:2]
    ratio = parse_ratio(inp.ratio)
    if ratio is not None and inp.width is None and inp.height is None:
        off = abs(w - h * ratio)
        return Check(name="size_ok", passed=off <= RATIO_TOLERANCE_PX + 1e-9, score=round(w / h, 4),
                     detail=f"canvas {w}x{h}: width is {off:.2f} px from height × {inp.ratio}; "
                     f"need ≤ {RATIO_TOLERANCE_PX:g}")
    passed = (w, h) == expected
    return Check(name="size_ok", passed=passed, detail=f"canvas {w}x{h}; asked {expected[0]}x{expected[1]}")


def _original_unchanged(canvas: np.ndarray, original: np.ndarray, box: Box) -> Check:
    name = "original_unchanged"
    h, w = original.shape[:2]
    ch, cw = canvas.shape[:2]
    if (box.width, box.height) != (w, h) or box.x0 < 0 or box.y0 < 0 or box.x1 > cw or box.y1 > ch:
        return Check(name=name, passed=False, detail=f"original_box {box.as_tuple()} does not hold the "
                     f"{w}x{h} original inside the {cw}x{ch} canvas")
    placed = canvas[box.y0:box.y1, box.x0:box.x1].astype(np.int16)
    same = float((np.abs(placed - original.astype(np.int16)).max(axis=2) == 0).mean())
    return Check(name=name, passed=same == 1.0, score=round(same, 4),
                 detail=f"{same:.2%} of the original's pixels unchanged at {box.as_tuple()}; need all")


def _strips(canvas: np.ndarray, box: Box) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """For each side with new area: (side, the new strip, the band of new pixels along the
    seam, the band of original pixels along the seam), bands 2% of the image deep."""
    ch, cw = canvas.shape[:2]
    out = []
    dy, dx = max(2, box.height // 50), max(2, box.width // 50)
    rows, cols = slice(box.y0, box.y1), slice(box.x0, box.x1)
    if box.x0 > 0:
        out.append(("left", canvas[:, : box.x0], canvas[rows, max(0, box.x0 - dx): box.x0],
                    canvas[rows, box.x0: box.x0 + dx]))
    if box.x1 < cw:
        out.append(("right", canvas[:, box.x1:], canvas[rows, box.x1: box.x1 + dx],
                    canvas[rows, box.x1 - dx: box.x1]))
    if box.y0 > 0:
        out.append(("top", canvas[: box.y0], canvas[max(0, box.y0 - dy): box.y0, cols],
                    canvas[box.y0: box.y0 + dy, cols]))
    if box.y1 < ch:
        out.append(("bottom", canvas[box.y1:], canvas[box.y1: box.y1 + dy, cols],
                    canvas[box.y1 - dy: box.y1, cols]))
    return out


def _colour_std(pixels: np.ndarray) -> float:
    return float(pixels.reshape(-1, 3).astype(np.float32).std(axis=0).mean())


def _new_area_filled(inp: Input, canvas: np.ndarray, original: np.ndarray, strips: list) -> Check:
    name = "new_area_filled"
    if not strips:
        return Check(name=name, passed=True, detail="the image already had that shape: nothing added")
    if inp.fill == "color":
        colour = np.array(fill_color(inp, original), np.int16)
        new = np.concatenate([s[1].reshape(-1, 3) for s in strips]).astype(np.int16)
        close = float((np.abs(new - colour).max(axis=1) <= COLOR_TOLERANCE).mean())
        rgb = tuple(int(c) for c in colour)
        return Check(name=name, passed=close >= 0.99, score=round(close, 4),
                     detail=f"{close:.1%} of the new area is the colour {rgb}; need 99%")
    problems, details = [], []
    for side, strip, _, inner in strips:
        need = min(MIN_NEW_STD, NEW_STD_SHARE * _colour_std(inner))
        std = _colour_std(strip)
        details.append(f"{side} std {std:.1f} (need ≥ {need:.1f})")
        if std < need:
            problems.append(side)
    return Check(name=name, passed=not problems, detail=("flat fill on the " + ", ".join(problems) + ": "
                 if problems else "") + "; ".join(details))


def _seam_continuous(inp: Input, canvas: np.ndarray, box: Box, strips: list) -> Check:
    name = "seam_continuous"
    if not strips:
        return Check(name=name, passed=True, detail="nothing added, no seam")
    if inp.fill == "color":
        return Check(name=name, passed=True, detail="fill=color: a flat border was asked for")
    steps = {side: _seam_step(outer, inner, along=0 if side in ("left", "right") else 1)
             for side, _, outer, inner in strips}
    worst = max(steps.values())
    measured = ", ".join(f"{side} {step:.1f}" for side, step in steps.items())
    return Check(name=name, passed=worst <= MAX_SEAM_STEP, score=round(worst, 2),
                 detail=f"mean colour step across the seam: {measured}; need ≤ {MAX_SEAM_STEP:g}")


def _seam_step(outer: np.ndarray, inner: np.ndarray, along: int) -> float:
    """Mean colour difference between the two bands beside a seam, compared segment by segment
    along it (so a bar whose average happens to match the image still shows)."""
    # Average across the band's depth, then over segments of 8 px along the seam.
    a = outer.astype(np.float32).mean(axis=1 - along)
    b = inner.astype(np.float32).mean(axis=1 - along)
    n = (len(a) // 8) * 8
    if n == 0:
        return float(np.abs(a - b).mean())
    a, b = a[:n].reshape(-1, 8, 3).mean(axis=1), b[:n].reshape(-1, 8, 3).mean(axis=1)
    return float(np.abs(a - b).mean())


TOOL = Tool(name="resize_canvas", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
