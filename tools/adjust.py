"""Adjust brightness, contrast, saturation, warmth, sharpness or blur of the image or a target.

A target limits it to a region: "blur the background", "brighten the face".

Each property has a measure taken over the region before and after, which verification
checks moved the asked way:

| property   | change                                         | measure                      |
|------------|------------------------------------------------|------------------------------|
| brightness | gamma curve on R, G, B (no clipping)           | mean luminance (0-255)       |
| contrast   | stretch around the region's mean grey          | luminance standard deviation |
| saturation | scale Lab chroma                               | mean Lab chroma              |
| warmth     | shift along Lab b* (blue to amber), a little a* | mean Lab b*                  |
| sharpness  | unsharp mask (negative: soften)                | variance of the Laplacian    |
| blur       | Gaussian blur that averages only the region    | variance of the Laplacian    |
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import BadInput
from tools import masks
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.filters import masked_blur
from tools.recolor import check_outside, feather_width, from_lab, to_lab
from tools.regions import resolve

Property = Literal["brightness", "contrast", "saturation", "warmth", "sharpness", "blur"]

STRENGTH = (1.0, 1.4, 1.8)  # attempts 2 and 3 push harder when the first did too little
BLUR_SIGMA = 12.0  # Gaussian sigma at blur strength 1, for a 512 px image
WARMTH_SHIFT = 20.0  # Lab b* added at warmth +1 (a* gets a fifth of it: amber, not yellow)


class Input(BaseModel):
    property: Property = Field(description="what to change")
    amount: float = Field(default=0.3, ge=-1.0, le=1.0,
                          description="how much: +0.3 is 30% more, -0.3 is 30% less; blur: strength 0-1")
    target: str | None = Field(default=None, description="a target of tools.regions; None = whole image")


class Output(BaseModel):
    target_label: str = Field(description="what was adjusted, as found")
    region_fraction: float = Field(description="share of the image adjusted")
    measured_before: float = Field(description="the property measured in the region before "
                                   "(the module's table says which measure)")
    measured_after: float = Field(description="the same measure after")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Adjust brightness, contrast, saturation, warmth, sharpness or blur of the image or a target."""
    check_amount(inp)  # bad input fails before any model runs

    # 1. Where, and how it measures now.
    region = resolve(inp.target, ctx)
    rgb = np.asarray(ctx.image.convert("RGB"))
    before = measure(inp.property, rgb, region.mask)
    _check_room(inp, before)

    # 2. The adjusted image; 3. blended in over the region, at a soft edge.
    strength = inp.amount * STRENGTH[min(ctx.attempt, 3) - 1]
    adjusted = ADJUSTERS[inp.property](rgb, float(np.clip(strength, -1.0, 1.0)), region.mask)
    if region.mask.all():
        out = adjusted
    else:
        alpha = masks.feather(region.mask, feather_width(region.mask))[:, :, None]
        blended = rgb.astype(np.float32) * (1 - alpha) + adjusted.astype(np.float32) * alpha
        out = np.clip(np.rint(blended), 0, 255).astype(np.uint8)

    data = Output(target_label=region.label, region_fraction=round(region.fraction, 4),
                  measured_before=round(before, 3),
                  measured_after=round(measure(inp.property, out, region.mask), 3))
    return StepOutput(image=Image.fromarray(out), data=data, region=region.mask)


def check_amount(inp: Input) -> None:
    """BadInput for an amount that asks for nothing, or a blur that is negative."""
    if abs(inp.amount) < 0.01:
        raise BadInput(f"amount {inp.amount:g} would not change the {inp.property}; use -1..1, e.g. 0.3")
    if inp.property == "blur" and inp.amount < 0:
        raise BadInput("blur strength must be between 0 and 1; to make an image crisper use "
                       "property='sharpness' with a positive amount")


def _check_room(inp: Input, before: float) -> None:
    """StepFailed when the region has nothing for the adjustment to act on."""
    up = inp.amount > 0
    reason = None
    if inp.property == "brightness" and (before >= 250 if up else before <= 5):
        reason = f"the region is already {'white' if up else 'black'} (mean luminance {before:.0f})"
    elif inp.property == "contrast" and before < 1.0:
        reason = f"the region is one flat tone (luminance std {before:.2f}): no contrast to change"
    elif inp.property == "saturation" and up and before < 2.0:
        reason = f"the region is grey (mean chroma {before:.1f}): no colour to saturate; use recolor"
    elif inp.property in ("sharpness", "blur") and before < 1.0:
        reason = f"the region has no detail (Laplacian variance {before:.2f}) to sharpen or blur"
    if reason:
        raise StepFailed(reason)


# The adjustments: (rgb uint8, strength -1..1, region) -> rgb uint8 of the whole image.


def _lut(rgb: np.ndarray, curve: np.ndarray) -> np.ndarray:
    table = np.clip(np.rint(curve), 0, 255).astype(np.uint8)
    return cv2.LUT(rgb, table)


def brightness(rgb: np.ndarray, strength: float, region: np.ndarray) -> np.ndarray:
    """A gamma curve: lifts (or lowers) the mid-tones, keeps black and white where they are."""
    x = np.arange(256, dtype=np.float32) / 255.0
    return _lut(rgb, 255.0 * x ** (2.0 ** (-1.5 * strength)))


def contrast(rgb: np.ndarray, strength: float, region: np.ndarray) -> np.ndarray:
    """Stretch (or squeeze) the tones around the region's mean grey."""
    pivot = float(_luminance(rgb)[region].mean())
    factor = 2.0 ** (1.2 * strength)
    return _lut(rgb, pivot + (np.arange(256, dtype=np.float32) - pivot) * factor)


def saturation(rgb: np.ndarray, strength: float, region: np.ndarray) -> np.ndarray:
    """Scale the chroma (Lab a*, b*) by 1 + strength: -1 is grey, +1 twice as vivid."""
    lab = to_lab(rgb)
    lab[:, :, 1:] *= 1.0 + strength
    return from_lab(lab)


def warmth(rgb: np.ndarray, strength: float, region: np.ndarray) -> np.ndarray:
    """Shift towards amber (positive) or blue (negative), lightness kept: a white-balance move."""
    lab = to_lab(rgb)
    lab[:, :, 2] += WARMTH_SHIFT * strength
    lab[:, :, 1] += 0.2 * WARMTH_SHIFT * strength
    return from_lab(lab)


def sharpness(rgb: np.ndarray, strength: float, region: np.ndarray) -> np.ndarray:
    """Unsharp mask (positive), or a mix towards a slight blur (negative)."""
    sigma = max(1.0, min(rgb.shape[:2]) / 512)
    src = rgb.astype(np.float32)
    soft = cv2.GaussianBlur(src, (0, 0), sigma)
    weight = 2.0 * strength if strength > 0 else strength
    return np.clip(np.rint(src + weight * (src - soft)), 0, 255).astype(np.uint8)


def blur(rgb: np.ndarray, strength: float, region: np.ndarray) -> np.ndarray:
    """Gaussian blur whose average takes only the region's pixels, so a blurred background
    gets no halo of the subject in front of it."""
    h, w = rgb.shape[:2]
    return masked_blur(rgb, max(0.5, strength * BLUR_SIGMA * min(h, w) / 512), weight=region)


ADJUSTERS: dict[str, Callable[[np.ndarray, float, np.ndarray], np.ndarray]] = {
    "brightness": brightness, "contrast": contrast, "saturation": saturation,
    "warmth": warmth, "sharpness": sharpness, "blur": blur,
}


# Measures


def _luminance(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32)


def measure(prop: str, rgb: np.ndarray, region: np.ndarray) -> float:
    """The property's measure over the region (see the module's table)."""
    if prop == "brightness":
        return float(_luminance(rgb)[region].mean())
    if prop == "contrast":
        return float(_luminance(rgb)[region].std())
    if prop in ("saturation", "warmth"):
        box = _bounds(region)
        lab = to_lab(rgb[box])
        inside = region[box]
        if prop == "warmth":
            return float(lab[:, :, 2][inside].mean())
        return float(np.hypot(lab[:, :, 1], lab[:, :, 2])[inside].mean())
    # Sharpness: the Laplacian away from the region's edge, where the blend would count.
    core = masks.erode(region, 2) if not region.all() else region
    core = core if core.any() else region
    lap = cv2.Laplacian(_luminance(rgb), cv2.CV_32F)
    return float(lap[core].var())


def _bounds(region: np.ndarray) -> tuple[slice, slice]:
    rows, cols = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    if not len(rows):
        return slice(0, 0), slice(0, 0)
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the property's measure over the region moved the asked way by a meaningful
    amount, and nothing outside the region changed."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before, after = np.asarray(ctx.image.convert("RGB")), np.asarray(result.image.convert("RGB"))
    region = result.region if result.region is not None else resolve(inp.target, ctx).mask
    return Verdict.from_checks([
        check_moved(inp, measure(inp.property, before, region), measure(inp.property, after, region)),
        check_outside(before, after, region, feather_width(region)),
    ])


def _needed(prop: str, amount: float, old: float) -> tuple[float, str]:
    """The least change that counts for `amount`, as (threshold on the new value, description).

    Additive measures must move by a share of their range; spreads and detail by a ratio.
    """
    a = abs(amount)
    up = amount > 0
    if prop == "brightness":
        step = 10.0 * a
        return (old + step, f"at least +{step:.1f}") if up else (old - step, f"at least -{step:.1f}")
    if prop == "warmth":
        step = 6.0 * a
        return (old + step, f"at least +{step:.1f}") if up else (old - step, f"at least -{step:.1f}")
    if prop == "blur":
        ratio = 1.0 - 0.5 * a
        return old * ratio, f"at most x{ratio:.2f}"
    gain, loss = {"contrast": (0.25, 0.2), "saturation": (0.25, 0.25), "sharpness": (0.5, 0.3)}[prop]
    ratio = 1.0 + gain * a if up else 1.0 - loss * a
    return old * ratio, f"{'at least' if up else 'at most'} x{ratio:.2f}"


def check_moved(inp: Input, old: float, new: float) -> Check:
    """The measure went the asked way, by at least the change that counts for the amount."""
    up = inp.amount > 0 and inp.property != "blur"
    threshold, need = _needed(inp.property, inp.amount, old)
    passed = new >= threshold if up else new <= threshold
    return Check(name="measure_moved", passed=passed, score=round(new - old, 3),
                 detail=f"{inp.property} measure {old:.2f} -> {new:.2f}; need {need} ({threshold:.2f})")


TOOL = Tool(name="adjust", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
