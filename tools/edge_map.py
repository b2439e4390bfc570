"""Draw the image's edges (Canny), white on black or over the dimmed image."""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field, model_validator

from tools import masks, regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.segmentation_map import region_target

Style = Literal["edges", "overlay"]

EDGE_COLOR = (0, 255, 140)  # overlay edges; the dimmed image never reaches 255 in any channel
DIM = 0.35  # overlay: the image at this brightness under the edges
REGION_GROW = 2  # px: a region's own outline is an edge of it, so the mask is grown to hold it
AGREEMENT = 0.95  # IoU the drawn edge pixels need with edges computed again
MIN_DENSITY, MAX_DENSITY = 0.0005, 0.4  # Canny lines are thin: more than 40% is noise, not edges


class Input(BaseModel):
    target: str | None = Field(
        default=None, description="only the edges of this region (person, face, text, ...); absent: all"
    )
    style: Style = Field(
        default="edges", description="white edges on black, or green edges over the dimmed image"
    )
    low: int | None = Field(default=None, ge=0, le=1000,
                            description="Canny's lower threshold; absent: the backend picks both")
    high: int | None = Field(default=None, ge=1, le=1000, description="Canny's upper threshold")

    @model_validator(mode="after")
    def _both_thresholds(self) -> Input:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both Canny thresholds, low and high, or neither")
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError(f"the low threshold must be below the high one, got {self.low}, {self.high}")
        return self


class Output(BaseModel):
    density: float = Field(description="share of the region's pixels that are edge pixels")
    edge_pixels: int = Field(description="how many pixels are edges")
    thresholds: tuple[int, int] | None = Field(
        description="Canny (low, high) on the grey level; null: the backend chose them from the image "
        "(embedded: 0.67x and 1.33x the median grey level)"
    )
    region: str = Field(description="where edges were kept, e.g. 'whole image', 'person'")
    region_share: float = Field(description="share of the image the region covers")
    style: Style


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Find the edges (Canny) and draw them, with their density and thresholds."""
    edges, region = find_edges(inp, ctx)
    count = int(edges.sum())
    if count == 0:
        raise StepFailed(f"no edges in the {region.label}: it is flat, with no contrast for Canny")
    thresholds = (inp.low, inp.high) if inp.low is not None and inp.high is not None else None
    data = Output(
        density=round(count / max(1, int(region.mask.sum())), 6), edge_pixels=count,
        thresholds=thresholds, region=region.label, region_share=round(region.fraction, 6),
        style=inp.style,
    )
    return StepOutput(image=picture(ctx.image, edges, inp.style), data=data)


def find_edges(inp: Input, ctx: StepContext) -> tuple[np.ndarray, regions.Region]:
    """The edge pixels (bool (H, W)) inside the target region, and that region."""
    image = ctx.image.convert("RGB")
    if inp.low is None or inp.high is None:
        edges = ctx.model.edges(image) > 0
    else:
        edges = canny(image, inp.low, inp.high)
    region = regions.resolve(region_target(inp.target) if inp.target else None, ctx)
    region.mask = masks.dilate(region.mask, REGION_GROW) if inp.target else region.mask
    return edges & region.mask, region


def canny(image: Image.Image, low: int, high: int) -> np.ndarray:
    """Canny with the thresholds asked for, after the same light blur the backends use.

    Done here because the protocol's `edges` has no threshold arguments.
    """
    grey = cv2.GaussianBlur(cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2GRAY), (5, 5), 0)
    return cv2.Canny(grey, low, high) > 0


def picture(image: Image.Image, edges: np.ndarray, style: Style) -> Image.Image:
    """White edges on black, or the edge colour over the image dimmed to DIM."""
    if style == "edges":
        return Image.fromarray(np.where(edges, 255, 0).astype(np.uint8)).convert("RGB")
    dimmed = np.asarray(image.convert("RGB"), dtype=np.float32) * DIM
    out = np.rint(dimmed).astype(np.uint8)
    out[edges] = EDGE_COLOR
    return Image.fromarray(out)


def drawn_edges(picture: Image.Image, style: Style) -> np.ndarray:
    """Which pixels the picture shows as edges, bool (H, W)."""
    arr = np.asarray(picture.convert("RGB"))
    if style == "edges":
        return arr.min(axis=2) >= 128
    return (arr == np.array(EDGE_COLOR, np.uint8)).all(axis=2)


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Edges found again on the input coincide with the drawn ones; their density is plausible."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    out = result.image
    drawn = drawn_edges(out, inp.style)
    fresh, region = find_edges(inp, ctx)
    return Verdict.from_checks([
        _lines_up(drawn, fresh),
        _density_plausible(drawn, region.mask),
        _data_matches(result.data, drawn, region.mask),
    ])


def _lines_up(drawn: np.ndarray, fresh: np.ndarray) -> Check:
    agreement = masks.iou(drawn, fresh)
    return Check(
        name="edges_line_up", passed=agreement >= AGREEMENT, score=round(agreement, 4),
        detail=f"drawn edges vs edges found again on the input: IoU {agreement:.3f} over "
        f"{int(drawn.sum())} drawn and {int(fresh.sum())} found pixels; need {AGREEMENT}",
    )


def _density_plausible(drawn: np.ndarray, region: np.ndarray) -> Check:
    density = float(drawn.sum()) / max(1, int(region.sum()))
    ok = MIN_DENSITY <= density <= MAX_DENSITY
    return Check(
        name="density_plausible", passed=ok, score=round(density, 6),
        detail=f"{density:.2%} of the region's pixels are edges; plausible: "
        f"{MIN_DENSITY:.2%} to {MAX_DENSITY:.0%}",
    )


def _data_matches(data: Output, drawn: np.ndarray, region: np.ndarray) -> Check:
    count = int(drawn.sum())
    density = count / max(1, int(region.sum()))
    ok = data.edge_pixels == count and abs(data.density - density) <= 1e-4
    return Check(
        name="data_matches_picture", passed=ok,
        detail=f"reported {data.edge_pixels} edge pixels ({data.density:.2%}), "
        f"the picture shows {count} ({density:.2%})",
    )


TOOL = Tool(
    name="edge_map", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
