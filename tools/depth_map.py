"""Predict the depth map (nearer is brighter), from a backend with a depth model."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from tools import regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.segmentation_map import region_target

Colormap = Literal["inferno", "viridis", "magma", "plasma"]

MAX_ERROR = 2.5 / 255  # mean difference between the drawn depth and depth computed again
MIN_LEVELS = 16  # a depth map with fewer distinct levels has no usable range


class Input(BaseModel):
    target: str | None = Field(
        default=None, description="also report how near this region is (person, subject, ...); "
        "the map always covers the whole image",
    )
    colormap: Colormap = Field(default="inferno", description="matplotlib colour map; its bright end is near")


class Output(BaseModel):
    width: int
    height: int
    colormap: Colormap
    minimum: float = Field(description="the backend's relative depth at the farthest pixel")
    maximum: float = Field(description="its relative depth at the nearest pixel (larger is nearer)")
    median: float = Field(description="median depth, 0 (farthest) to 1 (nearest)")
    region: str | None = Field(default=None, description="the target region, when one was asked for")
    region_median: float | None = Field(
        default=None, description="the region's median depth, 0 (farthest) to 1 (nearest)"
    )


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Estimate relative depth and draw it with a colour map; bright is near, dark is far."""
    image = ctx.image.convert("RGB")
    depth = checked_depth(ctx.model.depth(image), image)  # Unsupported propagates: no fake map
    lo, hi = float(depth.min()), float(depth.max())
    norm = normalise(depth)
    data = Output(width=image.width, height=image.height, colormap=inp.colormap,
                  minimum=lo, maximum=hi, median=round(float(np.median(norm)), 4))
    if inp.target:
        region = regions.resolve(region_target(inp.target), ctx)
        data.region, data.region_median = region.label, round(float(np.median(norm[region.mask])), 4)
    return StepOutput(image=colorize(norm, inp.colormap), data=data)


def checked_depth(depth: np.ndarray, image: Image.Image) -> np.ndarray:
    """The backend's depth as float32 (H, W); StepFailed when it cannot be a depth map of `image`."""
    depth = np.asarray(depth, dtype=np.float32)
    if depth.shape != (image.height, image.width):
        raise StepFailed(f"the backend's depth map is {'x'.join(map(str, depth.shape[::-1]))}, "
                         f"the image {image.width}x{image.height}")
    if not np.isfinite(depth).all():
        raise StepFailed(f"the backend's depth map has {int((~np.isfinite(depth)).sum())} non-finite values")
    if float(depth.max() - depth.min()) <= 1e-6 * max(1.0, float(np.abs(depth).max())):
        raise StepFailed(f"the backend's depth map is flat (every pixel {float(depth.min()):g})")
    return depth


def normalise(depth: np.ndarray) -> np.ndarray:
    """Depth scaled to 0 (farthest) .. 1 (nearest); relative depth has no unit to keep."""
    lo, hi = float(depth.min()), float(depth.max())
    return ((depth - lo) / (hi - lo)).astype(np.float32)


@lru_cache(maxsize=8)
def lut(colormap: Colormap) -> np.ndarray:
    """The colour map as 256 RGB colours, uint8 (256, 3)."""
    from matplotlib import colormaps  # here, not at import: matplotlib takes a while to load

    return np.rint(colormaps[colormap](np.linspace(0.0, 1.0, 256))[:, :3] * 255).astype(np.uint8)


def colorize(norm: np.ndarray, colormap: Colormap) -> Image.Image:
    return Image.fromarray(lut(colormap)[np.rint(norm * 255).astype(np.uint8)])


def drawn_depth(picture: Image.Image, colormap: Colormap) -> tuple[np.ndarray, np.ndarray]:
    """The depth a picture shows, 0..1 (H, W), read back through the colour map, and which
    pixels are exactly a colour of the map (pictures are stored losslessly)."""
    packed = _pack(np.asarray(picture.convert("RGB")))
    colours = _pack(lut(colormap))
    order = np.argsort(colours)
    at = np.clip(np.searchsorted(colours[order], packed), 0, len(colours) - 1)
    index = order[at]
    return (index / 255.0).astype(np.float32), colours[index] == packed


def _pack(rgb: np.ndarray) -> np.ndarray:
    rgb = rgb.astype(np.int32)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """The picture is the image's size, made of the colour map's colours, and shows the depth
    the backend gives again, over a usable range."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    picture = result.image
    shown, on_map = drawn_depth(picture, inp.colormap)
    return Verdict.from_checks([
        _colors_on_map(on_map, inp.colormap),
        _sensible_range(shown, result.data),
        _depth_recomputed(ctx, shown),
    ])


def _colors_on_map(on_map: np.ndarray, colormap: Colormap) -> Check:
    share = float(on_map.mean())
    return Check(
        name="colors_on_map", passed=share >= 0.99, score=round(share, 4),
        detail=f"{share:.2%} of the pixels are {colormap} colours; need 99%",
    )


def _sensible_range(shown: np.ndarray, data: Output) -> Check:
    levels = len(np.unique(np.rint(shown * 255)))
    spread = float(np.percentile(shown, 95) - np.percentile(shown, 5))
    ok = levels >= MIN_LEVELS and spread >= 0.05 and data.maximum > data.minimum
    return Check(
        name="sensible_range", passed=ok, score=round(spread, 4),
        detail=f"{levels} depth levels drawn, 5-95% spread {spread:.2f} of the range, reported range "
        f"{data.minimum:g}..{data.maximum:g}; need {MIN_LEVELS}+ levels and a spread of 0.05+",
    )


def _depth_recomputed(ctx: StepContext, shown: np.ndarray) -> Check:
    image = ctx.image.convert("RGB")
    try:
        fresh = normalise(checked_depth(ctx.model.depth(image), image))
    except StepFailed as err:
        return Check(name="depth_recomputed", passed=False, detail=f"depth computed again: {err}")
    error = float(np.abs(fresh - shown).mean())
    return Check(
        name="depth_recomputed", passed=error <= MAX_ERROR, score=round(error, 5),
        detail=f"drawn depth vs depth computed again: mean difference {error * 255:.2f}/255; "
        f"need {MAX_ERROR * 255:.1f}/255 or less",
    )


TOOL = Tool(
    name="depth_map", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
