"""Change the colour of a target (clothes, hair, text, an object, a colour), keeping its shading.

Two kinds of pixels, told apart part by part:

- Flat ink (text, a logo, a filled shape): its pixels are mixes of one ink colour and what it
  sits on, as anti-aliasing makes them. Each pixel is re-mixed with the new ink by how much
  ink covers it, so the letters take exactly the new colour and their edges stay smooth.
- Shaded surfaces (a suit, hair, a cat): in CIELAB lightness, chroma and hue, each pixel
  takes the new colour's hue, its chroma moves to the new colour's in proportion to what it
  had (a pale fold stays paler than a vivid one), and its lightness keeps its pattern around a
  mean that moves part of the way to the new colour's lightness (all the way for white, black
  and grey). Grey surfaces, which have no chroma to scale, get the new colour's evenly. The
  edge is feathered.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from tools import masks
from tools.base import Check, StepContext, StepOutput, Tool, Verdict, size_mismatch
from tools.colors import RGB, parse_color
from tools.regions import Region, resolve

ACHROMATIC = 8.0  # Lab chroma under which a colour is white, black or grey
FLAT_SPREAD = 6.0  # Lab L range holding most of a flat region's pixels (text, graphics)
MIN_INK_CONTRAST = 30.0  # RGB distance of flat ink from its background to re-mix its edges
MAX_PARTS = 256  # more separate pieces than this is a speckled region, judged as one
PART_MARGIN = 8  # pixels around a flat part where its background is read
QUICK_AREA = 40_000  # pixels: a part larger than this is first judged on a smaller copy
MAX_OFF_LINE = 0.08  # how far (share of ink contrast) flat ink's pixels stray from ink/background mixes
LIGHTNESS_SHIFT = (0.6, 0.8, 1.0)  # share of the way to the new colour's L, per attempt
MIN_SHADING_SCALE = 0.6  # the lightness pattern may be compressed this far to fit L in 0-100
HUE_TOLERANCE = 25.0  # degrees: the recoloured region's mean hue must be this close
SHADING_CORRELATION = 0.9
UNCHANGED_TOLERANCE = 3  # per-channel difference under which a pixel counts as unchanged


class Input(BaseModel):
    target: str = Field(description="a target of tools.regions: clothes, text, color:red, step:s1, ...")
    color: str = Field(description="the new colour: a name (en/zh) or hex")


class Output(BaseModel):
    target_label: str = Field(description="what was recoloured, as found")
    region_fraction: float = Field(description="share of the image recoloured")
    hue_before: float = Field(description="mean hue of the region before, degrees")
    hue_after: float = Field(description="mean hue of the region after, degrees")


@dataclass(frozen=True)
class Lch:
    """A colour as CIELAB lightness (0-100), chroma and hue (degrees)."""

    lightness: float
    chroma: float
    hue: float

    @classmethod
    def of(cls, rgb: RGB) -> Lch:
        lab = to_lab(np.array([[rgb]], np.uint8))[0, 0]
        return cls(float(lab[0]), float(np.hypot(lab[1], lab[2])),
                   float(np.degrees(np.arctan2(lab[2], lab[1])) % 360))

    @property
    def achromatic(self) -> bool:
        return self.chroma < ACHROMATIC


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Recolour a target, keeping its shading: "make the shirt blue", "把文字改成红色"."""
    new_rgb = parse_color(inp.color)  # bad input fails before any model runs

    # 1. Where.
    region = resolve(inp.target, ctx)
    rgb = np.asarray(ctx.image.convert("RGB"))
    width = feather_width(region.mask)
    box = region.box.pad(int(np.ceil(width)) + 4, *ctx.image.size)
    rows, cols = slice(box.y0, box.y1), slice(box.x0, box.x1)
    crop, mask = rgb[rows, cols], region.mask[rows, cols]

    # 2. The new colours; 3. blended in.
    recoloured, alpha = recolor_pixels(crop, mask, new_rgb, width, ctx.attempt)
    blended = crop.astype(np.float32) * (1 - alpha[:, :, None]) + recoloured * alpha[:, :, None]
    out = rgb.copy()
    out[rows, cols] = np.clip(np.rint(blended), 0, 255).astype(np.uint8)

    core = _core(region.mask, width)
    data = Output(
        target_label=region.label,
        region_fraction=round(region.fraction, 4),
        hue_before=round(mean_hue(to_lab(crop), core[rows, cols]), 1),
        hue_after=round(mean_hue(to_lab(out[rows, cols]), core[rows, cols]), 1),
    )
    return StepOutput(image=Image.fromarray(out), data=data, region=region.mask)


def recolor_pixels(
    rgb: np.ndarray, mask: np.ndarray, new: RGB, width: float, attempt: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """The region's pixels in the new colour (float32 RGB) and how much of them to take.

    Each flat part (a word, a filled shape) is re-inked by coverage, its anti-aliased edge
    re-mixed, so it takes exactly the new colour; the shaded rest is moved in LCh and blended
    in at an edge feathered over `width` pixels.
    """
    flats, shaded = split_flat(rgb, mask)
    out = rgb.astype(np.float32)
    alpha = np.zeros(mask.shape, np.float32)
    for part in flats:
        take = masks.dilate(part.mask, 1)
        out[part.rows, part.cols][take] = part.reinked(new)[take]
        alpha[part.rows, part.cols][take] = 1.0
    if shaded.any():
        moved = from_lab(recolor_lab(to_lab(rgb), shaded, Lch.of(new), attempt)).astype(np.float32)
        soft = masks.feather(shaded, width) * (alpha == 0)
        out = np.where(soft[:, :, None] > 0, moved, out)
        alpha = np.maximum(alpha, soft)
    return out, alpha


@dataclass
class FlatPart:
    """A piece of flat ink on a background (a word, a filled shape), with how much ink covers
    each pixel around it: 1 on the ink, 0 on the background, between on anti-aliased edges."""

    rows: slice
    cols: slice
    mask: np.ndarray  # bool, the part inside (rows, cols)
    source: np.ndarray  # float32 RGB inside (rows, cols)
    ink: np.ndarray  # RGB
    cover: np.ndarray  # float32 in [0, 1] inside (rows, cols)

    def reinked(self, new: RGB) -> np.ndarray:
        """The pixels as they would be had the ink been `new` (float32 RGB)."""
        return self.source + self.cover[:, :, None] * (np.asarray(new, np.float32) - self.ink)


def split_flat(rgb: np.ndarray, mask: np.ndarray) -> tuple[list[FlatPart], np.ndarray]:
    """The region's flat parts, and the shaded rest as a mask.

    Parts are the region's pieces a few pixels apart (letters of a word, separate shapes), so
    each keeps its own ink: a poster's navy title and red subtitle both become the new colour.
    """
    h, w = mask.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        masks.dilate(mask, 2).astype(np.uint8), connectivity=8
    )
    if count - 1 > MAX_PARTS:  # a speckled region: judge it as one
        labels, stats, count = labels.clip(0, 1), np.array([[0, 0, 0, 0, 0], [0, 0, w, h, 0]]), 2
    flats, shaded = [], np.zeros_like(mask)
    for i in range(1, count):
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        rows = slice(max(0, y - PART_MARGIN), min(h, y + bh + PART_MARGIN))
        cols = slice(max(0, x - PART_MARGIN), min(w, x + bw + PART_MARGIN))
        part = mask[rows, cols] & (labels[rows, cols] == i)
        flat = flat_part(rgb[rows, cols], part, rows, cols)
        if flat is not None:
            flats.append(flat)
        else:
            shaded[rows, cols] |= part
    return flats, shaded


def flat_part(rgb: np.ndarray, mask: np.ndarray, rows: slice, cols: slice) -> FlatPart | None:
    """The part as flat ink, or None if it is not: its pixels must be mixes of one ink colour
    and the background around it (what anti-aliasing makes), and the ink must stand out.

    A large part is first judged on a smaller copy (area averaging mixes ink and background
    just as anti-aliasing does), so a shaded photo region is turned down cheaply.
    """
    area = int(mask.sum())
    if area > QUICK_AREA:
        f = int(np.ceil(np.sqrt(area / QUICK_AREA)))
        size = (max(1, mask.shape[1] // f), max(1, mask.shape[0] // f))
        small = cv2.resize(mask.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST).astype(bool)
        if _ink_fit(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), small) is None:
            return None
    fit = _ink_fit(rgb, mask)
    if fit is None:
        return None
    ink, cover = fit
    return FlatPart(rows, cols, mask, rgb.astype(np.float32), ink, cover)


def _ink_fit(rgb: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(ink colour, ink cover of each pixel) if `mask` is flat ink on its surroundings."""
    ring = masks.dilate(mask, 3) & ~mask
    if not ring.any() or not mask.any():
        return None
    src = rgb.astype(np.float32)
    background = _local_mean(src, ring, fallback=np.median(src[ring], axis=0))
    # The ink is the colour farthest from the background: thin strokes are mostly edge, so
    # the median of the whole part would be a mix.
    t = _along(src, background, np.median(src[mask], axis=0))
    ink = np.median(src[mask & (t >= np.percentile(t[mask], 70))], axis=0)
    t = _along(src, background, ink)
    axis = ink - background
    length2 = np.maximum((axis**2).sum(axis=2), 1.0)
    off_line = np.linalg.norm(src - background - t[:, :, None] * axis, axis=2) / np.sqrt(length2)
    contrast = float(np.sqrt(np.median(length2[mask])))
    if contrast < MIN_INK_CONTRAST or np.percentile(off_line[mask], 90) > MAX_OFF_LINE:
        return None
    return ink, np.clip(t, 0.0, 1.0)


def _along(src: np.ndarray, background: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """Each pixel's place on the line from the background (0) to the ink colour (1)."""
    axis = ink - background
    return ((src - background) * axis).sum(axis=2) / np.maximum((axis**2).sum(axis=2), 1.0)


def is_flat(lightness: np.ndarray) -> bool:
    """Whether pixels are mostly one lightness (flat colour that `flat_part` could not re-mix,
    such as a graphic on a busy background)."""
    if lightness.size == 0:
        return False
    near = np.abs(lightness - np.median(lightness)) <= FLAT_SPREAD / 2
    return float(near.mean()) >= 0.5


def _local_mean(src: np.ndarray, where: np.ndarray, fallback: np.ndarray, sigma: float = 4.0) -> np.ndarray:
    """The mean colour of the `where` pixels near each pixel; `fallback` far from any."""
    weight = where.astype(np.float32)
    num = cv2.GaussianBlur(src * weight[:, :, None], (0, 0), sigma)
    den = cv2.GaussianBlur(weight, (0, 0), sigma)[:, :, None]
    return np.where(den > 0.02, num / np.maximum(den, 1e-6), fallback[None, None, :]).astype(np.float32)


def recolor_lab(lab: np.ndarray, mask: np.ndarray, target: Lch, attempt: int = 1) -> np.ndarray:
    """Shaded pixels in `target`'s hue and chroma, lightness pattern kept (Lab, float32).

    Pixels outside `mask` are recoloured too (the caller blends by the feathered mask); the
    statistics come from inside it.
    """
    chroma = np.hypot(lab[:, :, 1], lab[:, :, 2])
    grey = float(np.median(chroma[mask]))
    new_chroma = _new_chroma(chroma, grey, target)
    hue = np.radians(target.hue)
    return np.dstack([
        _new_lightness(lab[:, :, 0], mask, target, grey < ACHROMATIC, attempt),
        new_chroma * np.cos(hue), new_chroma * np.sin(hue),
    ]).astype(np.float32)


def _new_lightness(
    light: np.ndarray, mask: np.ndarray, target: Lch, grey: bool, attempt: int
) -> np.ndarray:
    """A linear map of lightness, so the shading's pattern (its correlation) is exactly kept:
    the mean moves towards the target's lightness, the spread shrinks only to fit in 0-100."""
    inside = light[mask]
    mean = float(inside.mean())
    low, high = np.percentile(inside, [2, 98])
    if target.achromatic or is_flat(inside):
        shift = 1.0  # white, black, grey are their lightness; flat areas have no shading
    else:
        shift = LIGHTNESS_SHIFT[min(attempt, 3) - 1]
        if grey and abs(target.lightness - mean) > 30:
            shift = max(shift, 0.85)  # a white shirt made red: staying light would make it pink
    new_mean = mean + shift * (target.lightness - mean)
    new_mean = float(np.clip(new_mean, 2 + MIN_SHADING_SCALE * (mean - low),
                             98 - MIN_SHADING_SCALE * (high - mean)))
    scale = min(1.0, _room(98 - new_mean, high - mean), _room(new_mean - 2, mean - low))
    return new_mean + scale * (light - mean)


def _new_chroma(chroma: np.ndarray, ref: float, target: Lch) -> np.ndarray:
    """The target's chroma, relative to the region's own where it has colour (a pale fold
    stays paler); added evenly where the region is grey, which has none to scale."""
    relative = float(np.clip((ref - 4.0) / (2 * ACHROMATIC), 0.0, 1.0))
    gain = relative * chroma / max(ref, 1e-3) + (1 - relative)
    return target.chroma * np.minimum(gain, 1.5)


def _room(space: float, spread: float) -> float:
    return space / spread if spread > 1e-3 else 1.0


def feather_width(mask: np.ndarray) -> float:
    """How soft the region's edge is: 2 px per 512 px of image, less for thin strokes (text),
    whose cores would otherwise never get the full new colour."""
    base = max(1.0, min(mask.shape) / 256)
    inside = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 3)
    thickness = float(np.percentile(inside[mask], 90)) if mask.any() else 0.0
    return float(np.clip(thickness / 2, 1.0, base))


def _core(mask: np.ndarray, width: float) -> np.ndarray:
    """The region without its feathered edge; the region itself if that leaves nothing."""
    core = masks.erode(mask, int(np.ceil(width / 2)))
    return core if core.sum() >= 0.2 * mask.sum() else mask


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 RGB to CIELAB float32 (L 0-100)."""
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB)


def from_lab(lab: np.ndarray) -> np.ndarray:
    """CIELAB float32 to uint8 RGB, out-of-gamut colours clipped."""
    rgb = cv2.cvtColor(lab.astype(np.float32), cv2.COLOR_LAB2RGB)
    return np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8)


def mean_hue(lab: np.ndarray, mask: np.ndarray) -> float:
    """Chroma-weighted circular mean of the Lab hue over `mask`, degrees (0 if it is grey)."""
    a, b = lab[:, :, 1][mask], lab[:, :, 2][mask]
    return float(np.degrees(np.arctan2(b.sum(), a.sum())) % 360) if a.size else 0.0


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the region now has the new colour's hue (or its lightness, for white, black
    and grey), its lightness pattern is the old one, and nothing outside it changed."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before, after = np.asarray(ctx.image.convert("RGB")), np.asarray(result.image.convert("RGB"))
    region = result.region if result.region is not None else resolve(inp.target, ctx).mask
    width = feather_width(region)
    target = Lch.of(parse_color(inp.color))
    # Colour and shading are judged in the region's box (with room for its flat parts' edges).
    box = Region(region, "").box.pad(int(np.ceil(width)) + PART_MARGIN, *ctx.image.size)
    rows, cols = slice(box.y0, box.y1), slice(box.x0, box.x1)
    inside = region[rows, cols]
    lab_before, lab_after = to_lab(before[rows, cols]), to_lab(after[rows, cols])
    _, shaded = split_flat(before[rows, cols], inside)
    return Verdict.from_checks([
        check_colour(lab_after, _core(inside, width), target, inp.color),
        check_shading(lab_before, lab_after, _core(shaded, width) if shaded.any() else shaded),
        check_outside(before, after, region, width),
    ])


def check_colour(lab: np.ndarray, core: np.ndarray, target: Lch, name: str) -> Check:
    """The region is the new colour: its hue (chroma-weighted) is the target's, with colour
    enough to show it; for white, black and grey targets, little chroma and the lightness."""
    chroma = float(np.hypot(lab[:, :, 1], lab[:, :, 2])[core].mean())
    light = float(lab[:, :, 0][core].mean())
    if target.achromatic:
        passed = chroma <= ACHROMATIC + 2 and abs(light - target.lightness) <= 25
        detail = (f"mean chroma {chroma:.1f} (need at most {ACHROMATIC + 2:g}), mean lightness "
                  f"{light:.0f} (need {target.lightness:.0f} ± 25) for {name}")
        return Check(name="hue_moved", passed=passed, detail=detail, score=round(chroma, 2))
    hue = mean_hue(lab, core)
    off = abs((hue - target.hue + 180) % 360 - 180)
    need_chroma = min(12.0, 0.4 * target.chroma)
    passed = off <= HUE_TOLERANCE and chroma >= need_chroma
    detail = (f"mean hue {hue:.0f}° vs {target.hue:.0f}° for {name} (off by {off:.0f}°, need at "
              f"most {HUE_TOLERANCE:g}°); mean chroma {chroma:.0f} (need {need_chroma:.0f})")
    return Check(name="hue_moved", passed=passed, detail=detail, score=round(off, 1))


def check_shading(lab_before: np.ndarray, lab_after: np.ndarray, core: np.ndarray) -> Check:
    """The region's lightness pattern (folds, shadows, texture) is the one it had."""
    old, new = lab_before[:, :, 0][core], lab_after[:, :, 0][core]
    if old.size == 0 or old.std() < 2.0:
        return Check(name="shading_kept", passed=True,
                     detail="the region was flat colour (text, graphics): no shading to keep")
    if new.std() < 0.5:
        return Check(name="shading_kept", passed=False, score=0.0,
                     detail=f"the region is now flat (lightness std {new.std():.2f}, was {old.std():.1f})")
    corr = float(np.corrcoef(old, new)[0, 1])
    return Check(name="shading_kept", passed=corr >= SHADING_CORRELATION, score=round(corr, 3),
                 detail=f"lightness before/after correlation {corr:.3f} over {core.sum()} pixels; "
                 f"need {SHADING_CORRELATION}")


def check_outside(before: np.ndarray, after: np.ndarray, region: np.ndarray, width: float) -> Check:
    """Pixels outside the region (grown by its feathered edge) are as they were."""
    outside = ~masks.dilate(region, int(np.ceil(width)) + 2)
    if not outside.any():
        return Check(name="outside_unchanged", passed=True, detail="the region is the whole image")
    diff = np.abs(before.astype(np.int16) - after.astype(np.int16)).max(axis=2)[outside]
    same = float((diff <= UNCHANGED_TOLERANCE).mean())
    return Check(name="outside_unchanged", passed=same >= 0.999, score=round(same, 5),
                 detail=f"{same:.2%} of {outside.sum()} pixels outside the region unchanged; need 99.9%")


TOOL = Tool(name="recolor", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
