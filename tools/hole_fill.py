"""Filling a hole left by a removed object: which fill each attempt uses, the fill itself, and
the measures that tell a plausible fill from a smear.

Fills, from the backend or here:
- "telea", "ns": diffusion (`model.inpaint`); right for thin holes such as text strokes.
- "patch": the backend copies the best-matching window of the image into the hole. It needs
  one hole-free window as large as the hole and a ring around it; for a hole large for its
  image there is none, and it smears instead.
- "copy": the hole-free window nearby whose ring best matches the hole's ring, found here
  (a window only as large as the hole) and blended in by Poisson cloning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

import cv2
import numpy as np
from PIL import Image

from model_server.types import Box
from tools import masks
from tools.base import StepContext

Fill = Literal["telea", "ns", "patch", "copy"]
FEATHER = 4  # fills may blend this many pixels beyond the (1 px grown) hole
FLAT = 0.35  # a fill with less than this share of its ring's fine detail is a smear


@dataclass(frozen=True)
class Strategy:
    """How one attempt fills: the method and how far the found mask is grown."""

    method: Fill
    grow: int


def strategy_for(method: str, thickness: float, attempt: int, grow: int,
                 size: tuple[int, int]) -> Strategy:
    """How attempt 1, 2, 3 fill the hole.

    Thin holes: Telea, then Navier-Stokes grown 1 px more (anti-aliased fringes), then
    patches grown 2 px more. Thick holes: patches (a smear is replaced by a copy, see
    `fill`), then a copy from a hole grown twice as far (covering leftover edges and
    shadows), then Telea. A method the user chose goes first, the others follow.
    """
    thin = thickness <= thin_limit(size)
    order: list[str] = ["telea", "ns", "patch"] if thin else ["patch", "copy", "telea"]
    if method != "auto":
        order = [method] + [m for m in order if m != method]
    step = min(attempt, len(order)) - 1
    extra = step if thin else grow * min(step, 1)
    return Strategy(order[step], grow + extra)  # type: ignore[arg-type]


def half_thickness(mask: np.ndarray) -> float:
    """Half the thickness of the mask's thickest part, in pixels (a 5 px stroke: 2.5)."""
    if not mask.any():
        return 0.0
    padded = np.pad(mask.astype(np.uint8), 1)  # the image's edge does not count as an edge
    return float(cv2.distanceTransform(padded, cv2.DIST_L2, 5).max())


def thin_limit(size: tuple[int, int]) -> float:
    """Half-thickness up to which a hole counts as thin: 5 px, more on big images."""
    return max(5.0, 0.006 * min(size))


def bbox(mask: np.ndarray) -> Box:
    """The bounding box of a bool mask (empty at the origin when the mask is)."""
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return Box(x0=0, y0=0, x1=0, y1=0)
    return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


# Filling


def fill(ctx: StepContext, image: Image.Image, hole: np.ndarray, method: Fill) -> tuple[Image.Image, str]:
    """`image` with `hole` filled by `method`, and the fill actually used.

    A patch fill that comes back smooth where the hole's surroundings are textured found no
    window to copy and smeared: the hole is then filled by a copy instead.
    """
    if method == "copy":
        return copy_fill(ctx, image, hole)
    out = ctx.model.inpaint(image, hole, method=method).convert("RGB")
    if method == "patch" and looks_flat(np.asarray(out, np.float32), hole).flat:
        copied, used = copy_fill(ctx, image, hole)
        return copied, f"{used} (the patch fill came back flat)"
    return out, method


def copy_fill(ctx: StepContext, image: Image.Image, hole: np.ndarray) -> tuple[Image.Image, str]:
    """The hole filled from the best hole-free window nearby (see `best_shift`) or, when the
    image has no window that large, tile by tile; blended in by Poisson cloning so light and
    tint run on from the hole's edge. Telea when not even a tile's window is found."""
    arr = np.asarray(image.convert("RGB"))
    zone = masks.dilate(hole, 3)  # the clone's edge lies on real pixels, not on the object's rim
    copied = _copy_whole(arr, zone)
    used = "copy"
    if copied is None:
        side = tile_side(hole.shape)
        copied = _copy_tiles(arr, zone, side)
        used = f"copy in {side} px tiles"
    if copied is None:
        return ctx.model.inpaint(image, hole, method="telea").convert("RGB"), "telea (no window to copy)"
    return Image.fromarray(_poisson(copied, arr, zone)), used


def tile_side(shape: tuple[int, int]) -> int:
    """Side of the tiles a hole too large for one window is copied in: a tenth of the shorter
    side, at least 24 px."""
    return max(24, min(shape) // 10)


def _copy_whole(arr: np.ndarray, zone: np.ndarray) -> np.ndarray | None:
    """`arr` with the zone copied from one shifted window, or None if none is clean."""
    shift = best_shift(arr.astype(np.float32), zone, _around(zone, zone), zone)
    if shift is None:
        return None
    out = arr.copy()
    ys, xs = np.nonzero(zone)
    out[ys, xs] = arr[ys - shift[0], xs - shift[1]]
    return out


def _copy_tiles(arr: np.ndarray, zone: np.ndarray, side: int) -> np.ndarray | None:
    """`arr` with the zone copied tile by tile from its edge inwards, each tile matched on
    the known pixels around it (the image, and tiles already copied), never copying from the
    part of the zone still to fill. None if a tile finds no window."""
    out = arr.astype(np.float32)
    left = zone.copy()
    for piece in _tiles(zone, side):
        shift = best_shift(out, piece, _around(piece, left), left)
        if shift is None:
            return None
        ys, xs = np.nonzero(piece)
        out[ys, xs] = out[ys - shift[0], xs - shift[1]]
        left &= ~piece
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _around(piece: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """The known pixels in a 6 px ring around `piece`: what a copy into it must match."""
    return masks.dilate(piece, 6) & ~piece & ~unknown


def _tiles(zone: np.ndarray, side: int) -> list[np.ndarray]:
    """The zone cut by a grid of `side` px cells, the pieces nearest its edge first."""
    depth = cv2.distanceTransform(np.pad(zone.astype(np.uint8), 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    box = bbox(zone)
    pieces = []
    for y in range(box.y0, box.y1, side):
        for x in range(box.x0, box.x1, side):
            piece = np.zeros_like(zone)
            piece[y : y + side, x : x + side] = zone[y : y + side, x : x + side]
            if piece.any():
                pieces.append((float(depth[piece].min()), y, x, piece))
    return [p for *_, p in sorted(pieces, key=lambda t: t[:3])]


def _poisson(src: np.ndarray, dst: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """`src` cloned into `dst` over `zone` (OpenCV's seamless cloning). Both are padded by
    reflecting `src`, so where the zone touches the image's edge the clone meets itself, not
    the removed object's reflection."""
    pad = 8
    src_p = cv2.copyMakeBorder(src, pad, pad, pad, pad, cv2.BORDER_REFLECT)
    dst_p = src_p.copy()
    dst_p[pad:-pad, pad:-pad] = dst
    zone_p = np.pad(zone, pad).astype(np.uint8) * 255
    x, y, w, h = cv2.boundingRect(zone_p)
    cloned = cv2.seamlessClone(src_p, dst_p, zone_p, (x + w // 2, y + h // 2), cv2.NORMAL_CLONE)
    out = dst.copy()
    out[zone] = cloned[pad:-pad, pad:-pad][zone]  # OpenCV also touches its box around the zone
    return out


def best_shift(arr: np.ndarray, hole: np.ndarray, ring_px: np.ndarray,
               forbidden: np.ndarray) -> tuple[int, int] | None:
    """The (dy, dx) that brings a window free of `forbidden` onto the hole with the least
    difference on `ring_px`: a coarse grid within two hole sizes, then a fine search around
    the best (which finds a texture's period, so stripes and bricks stay in line)."""
    box, (h, w) = bbox(hole), hole.shape
    ry, rx = np.nonzero(ring_px)
    if len(ry) == 0:
        return None
    pick = np.linspace(0, len(ry) - 1, min(len(ry), 3000)).astype(int)
    ry, rx = ry[pick], rx[pick]
    target = arr[ry, rx]
    used = cv2.integral(forbidden.astype(np.uint8))

    def cost(dy: int, dx: int) -> float:
        y0, x0, y1, x1 = box.y0 - dy, box.x0 - dx, box.y1 - dy, box.x1 - dx  # the source window
        if y0 < 0 or x0 < 0 or y1 > h or x1 > w:
            return np.inf
        if used[y1, x1] - used[y0, x1] - used[y1, x0] + used[y0, x0]:
            return np.inf  # the window holds part of what is still to fill
        sy, sx = ry - dy, rx - dx
        ok = (sy >= 0) & (sy < h) & (sx >= 0) & (sx < w)  # the ring's copy may reach past the edge
        ok[ok] &= ~forbidden[sy[ok], sx[ok]]
        if ok.sum() < 0.5 * len(ok):
            return np.inf
        return float(np.abs(arr[sy[ok], sx[ok]] - target[ok]).mean())

    step = max(3, min(box.width, box.height) // 6)
    reach_y, reach_x = 2 * box.height + step, 2 * box.width + step
    best = min(((cost(dy, dx), dy, dx) for dy in range(-reach_y, reach_y + 1, step)
                for dx in range(-reach_x, reach_x + 1, step)), default=(np.inf, 0, 0))
    if not np.isfinite(best[0]):
        return None
    fine = [(cost(best[1] + dy, best[2] + dx), best[1] + dy, best[2] + dx)
            for dy in range(-step, step + 1, 2) for dx in range(-step, step + 1, 2)]
    _, dy, dx = min([best, *fine])
    return dy, dx


# Measures


def ring(hole: np.ndarray, thickness: float) -> np.ndarray:
    """Pixels just beyond the blend zone around the hole, as wide as the hole is thick
    (4 to 30 px): what a fill should look like."""
    width = int(np.clip(thickness, 4, 30))
    return masks.dilate(hole, FEATHER + width) & ~masks.dilate(hole, FEATHER)


def texture(a: np.ndarray, where: np.ndarray) -> float:
    """Fine detail over `where`: the upper quartile of |grey level - its 1.5 px blur|. A
    quartile, not the mean, so a few sharp edges (letters beside the hole) do not make a
    flat background count as texture; not the median, so sparse texture (the mortar between
    bricks) does count."""
    if not where.any():
        return 0.0
    box = bbox(masks.dilate(where, 6))  # blur only around `where`: whole images cost 30 ms
    crop = a[box.y0 : box.y1, box.x0 : box.x1] @ np.array([0.299, 0.587, 0.114], np.float32)
    detail = np.abs(crop - cv2.GaussianBlur(crop, (0, 0), 1.5))
    return float(np.percentile(detail[where[box.y0 : box.y1, box.x0 : box.x1]], 75))


class Flatness(NamedTuple):
    flat: bool
    texture: float  # median fine detail in the filled hole
    ring_texture: float  # and in the ring around it


def looks_flat(a: np.ndarray, hole: np.ndarray) -> Flatness:
    """Whether the filled hole lost the texture of its surroundings: its fine detail, or its
    grey-level spread, is under FLAT of the ring's."""
    around = ring(hole, half_thickness(hole))
    inner = masks.erode(hole, 2)
    inner = inner if inner.any() else hole
    tex, ring_tex = texture(a, inner), texture(a, around)
    grey = a @ np.array([0.299, 0.587, 0.114], np.float32)
    spread, ring_spread = float(grey[inner].std()), float(grey[around].std()) if around.any() else 0.0
    flat = (ring_tex >= 2.0 and tex < FLAT * ring_tex) or (ring_spread >= 8.0 and spread < FLAT * ring_spread)
    return Flatness(flat, tex, ring_tex)
