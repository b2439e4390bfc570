"""Restyle the image in a named style: oil, watercolour, sketch, cartoon, comic, mosaic, vintage, Van Gogh.

Classical filters (`tools.styles`), honest about what they are: no generative model is involved,
so "Van Gogh-like" means brush strokes along the picture's own flow in boosted colour, not a
painting by Van Gogh. `style_help()` lists the styles in English and Chinese.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field, field_validator

from tools import masks, regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.styles import STYLES
from tools.styles.measures import structure_similarity

StyleName = Literal["oil_painting", "watercolor", "pencil_sketch", "cartoon", "comic", "mosaic",
                    "vintage", "van_gogh"]

MIN_STRUCTURE = 0.5  # input/output correlation under which the picture is no longer the same scene
UNCHANGED_TOLERANCE = 0  # outside the target the output is the input, exactly
MIN_SCALE = 16  # px; filters sized to less than this have nothing left to draw with
MIN_MEASURED_PIXELS = 400  # a region smaller than this (once its edge is left out) is measured whole


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.strip().lower())


_STYLE_OF: dict[str, str] = {
    _key(word): style.name
    for style in STYLES.values()
    for word in (style.name, style.english, style.chinese, *style.aliases)
}


def style_help() -> str:
    """The styles vloop can apply, one a line: name, English and Chinese names, other words."""
    return "\n".join(
        f"{style.name}: {style.english} / {style.chinese} (also: {', '.join(style.aliases)})"
        for style in STYLES.values()
    )


class Input(BaseModel):
    style: StyleName = Field(description="one of the named styles")
    strength: float = Field(default=1.0, gt=0.0, le=1.0, description="blend with the original, 1 = full")
    target: str | None = Field(default=None, description="a target of tools.regions; None = whole image")

    @field_validator("style", mode="before")
    @classmethod
    def _canonical_style(cls, value: object) -> object:
        """Accept the English and Chinese names and aliases ("sketch", "水彩", "pop art")."""
        if not isinstance(value, str):
            return value
        name = _STYLE_OF.get(_key(value))
        if name is None:
            known = ", ".join(f"{s.name} ({s.english}/{s.chinese})" for s in STYLES.values())
            raise ValueError(f"vloop has no {value!r} style; it knows: {known}")
        return name


class Output(BaseModel):
    style: StyleName
    region_fraction: float = Field(description="share of the image restyled")
    region: str = Field(default="whole image", description="what was restyled")
    level: int = Field(default=1, description="filter intensity: 1, stronger on retries")
    params: dict[str, float] = Field(default_factory=dict,
                                     description="filter parameters verification looks for")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Restyle the image (or only the target region) with a named classical filter."""
    rgb = np.asarray(ctx.image.convert("RGB"))
    # 1. Where: the whole image, or the target's mask with a soft edge.
    region = _region(inp.target, ctx)
    # 2. The look, sized to what is restyled; retries turn the filter up.
    level = min(max(ctx.attempt, 1), 3)
    scale = _scale(region, rgb.shape)
    styled = STYLES[inp.style].apply(rgb, level, scale)
    # 3. Blend it in by strength, only where the region is.
    alpha = inp.strength * _alpha(region, rgb.shape)
    out = _blend(rgb, styled.image, alpha)
    data = Output(
        style=inp.style,
        region_fraction=round(float((alpha > 0).mean()), 4),
        region=region.label if region else "whole image",
        level=level,
        params={**styled.params, "scale": scale},
    )
    return StepOutput(image=Image.fromarray(out), data=data, region=region.mask if region else None)


def _region(target: str | None, ctx: StepContext) -> regions.Region | None:
    """The target's region, or None for the whole image."""
    if target is None or target.strip().lower() in ("", "image"):
        return None
    return regions.resolve(target, ctx)


def _scale(region: regions.Region | None, shape: tuple[int, ...]) -> int:
    """The length the look is sized to: the shorter side of the image, or of the region's box
    (a sketch of a face gets a face's strokes, not a landscape's)."""
    if region is None:
        return min(shape[:2])
    box = region.box
    return max(MIN_SCALE, min(box.width, box.height))


def feather_px(shape: tuple[int, ...]) -> int:
    """Width of the soft edge between restyled and untouched pixels."""
    return max(2, round(min(shape[:2]) * 0.006))


def _alpha(region: regions.Region | None, shape: tuple[int, ...]) -> np.ndarray:
    if region is None:
        return np.ones(shape[:2], np.float32)
    return masks.feather(region.mask, feather_px(shape))


def _blend(rgb: np.ndarray, styled: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    a = alpha[:, :, None]
    mixed = rgb.astype(np.float32) * (1.0 - a) + styled.astype(np.float32) * a
    return np.clip(np.rint(mixed), 0, 255).astype(np.uint8)


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: the style's measurable marks are there, the picture is still the same
    scene, and outside the target nothing changed."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before = np.asarray(ctx.image.convert("RGB"))
    after = np.asarray(result.image.convert("RGB"))
    try:
        region = _region(inp.target, ctx)
    except StepFailed as err:
        return Verdict.from_checks([Check(name="target_found", passed=False, detail=str(err))])
    inside, outside = _zones(region, before.shape)
    checks = [
        _style_applied(inp, before, after, inside, result.data.params),
        _structure_kept(before, after, inside),
    ]
    if region is not None:
        checks.append(_outside_unchanged(before, after, outside, region.label))
    return Verdict.from_checks(checks)


def _zones(region: regions.Region | None, shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Where the style is fully applied (inside the soft edge) and where nothing may change."""
    if region is None:
        full = np.ones(shape[:2], bool)
        return full, ~full
    edge = feather_px(shape) // 2 + 1
    inside = masks.erode(region.mask, edge)
    if inside.sum() < MIN_MEASURED_PIXELS:
        inside = region.mask
    return inside, ~masks.dilate(region.mask, edge)


def _unblend(before: np.ndarray, after: np.ndarray, strength: float) -> np.ndarray:
    """What the output would be at full strength, assuming it is `strength` of the style mixed
    with the input: the style's marks are judged as they were made, not diluted."""
    if strength >= 1.0:
        return after
    full = (after.astype(np.float32) - (1.0 - strength) * before.astype(np.float32)) / strength
    return np.clip(np.rint(full), 0, 255).astype(np.uint8)


def _style_applied(inp: Input, before: np.ndarray, after: np.ndarray, inside: np.ndarray,
                   params: dict[str, float]) -> Check:
    styled = _unblend(before, after, inp.strength)
    signature = STYLES[inp.style].signature(before, styled, inside, params)
    english = STYLES[inp.style].english
    scope = "" if inp.strength >= 1.0 else f" (measured unblended from strength {inp.strength:g})"
    return Check(name="style_applied", passed=signature.passed,
                 detail=f"{english}{scope}: {signature.detail}")


def _structure_kept(before: np.ndarray, after: np.ndarray, inside: np.ndarray) -> Check:
    similarity = structure_similarity(before, after, inside)
    return Check(
        name="structure_kept", passed=similarity >= MIN_STRUCTURE, score=round(similarity, 3),
        detail=f"luminance / edge-map correlation with the input {similarity:.2f}; need {MIN_STRUCTURE}",
    )


def _outside_unchanged(before: np.ndarray, after: np.ndarray, outside: np.ndarray, label: str) -> Check:
    if not outside.any():
        return Check(name="outside_unchanged", passed=True, detail=f"the {label} covers the whole image")
    diff = np.abs(before.astype(np.int16) - after.astype(np.int16)).max(axis=2)[outside]
    same = float((diff <= UNCHANGED_TOLERANCE).mean())
    return Check(
        name="outside_unchanged", passed=same >= 0.999, score=round(same, 4),
        detail=f"{same:.2%} of {outside.sum()} pixels outside the {label} unchanged; need 99.9%",
    )


TOOL = Tool(name="stylize", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
