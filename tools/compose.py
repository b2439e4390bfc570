"""Combine input images: image 2 as a logo in a corner of image 1, or side by side, or stacked.
(Image 2 as image 1's new background is replace_background with mode=image.)"""

from __future__ import annotations

from typing import Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import BadInput
from model_server.types import Box
from tools import placement
from tools.base import Check, StepContext, StepOutput, Tool, Verdict
from tools.placement import Corner

MAX_SIDE = 16384  # a longer side than this is an input mistake (a 1 px tall strip), not a collage
FOUND_CORRELATION = 0.9  # an input counts as found where the output correlates this well with it
UNCHANGED = 2  # per-channel difference under which a pixel counts as unchanged


class Input(BaseModel):
    mode: Literal["logo", "side_by_side", "stack"] = Field(description="how to combine")
    image_index: int = Field(default=2, ge=2, description="which input image (1-based) to bring in")
    position: Corner = Field(default="top-right", description="where the logo goes, mode=logo")
    scale: float = Field(default=0.2, gt=0, le=1, description="logo width as a share of image 1's width")


class Output(BaseModel):
    placed: list[Box] = Field(description="where each input image ended up on the output")
    size: tuple[int, int] = Field(default=(0, 0), description="the output's width and height")
    alpha: bool = Field(default=False, description="whether the logo was pasted through its alpha")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Put image 2 on image 1 as a logo in a corner, or place them side by side or stacked."""
    base, other = ctx.image.convert("RGB"), _other(inp, ctx)
    if inp.mode == "logo":
        return _logo(inp, base, other)
    return _tile(inp.mode, base, other)


def _other(inp: Input, ctx: StepContext) -> Image.Image:
    count = 1 + len(ctx.extra_images)
    if inp.image_index > count:
        raise BadInput(f"compose needs input image {inp.image_index}, but {count} image(s) were given: "
                       "pass the second image after the first")
    return ctx.extra_images[inp.image_index - 2]


def _logo(inp: Input, base: Image.Image, logo: Image.Image) -> StepOutput[Output]:
    """The logo `scale` of the base's width (less if it would be taller than 90% of it),
    pasted at `position` with the default margin, through its alpha if it has one."""
    rgba, has_alpha = _rgba(logo)
    width = max(1, round(inp.scale * base.width))
    height = max(1, round(width * logo.height / logo.width))
    if height > 0.9 * base.height:
        height = max(1, int(0.9 * base.height))
        width = max(1, round(height * logo.width / logo.height))
    small = rgba.resize((width, height), Image.Resampling.LANCZOS)
    box = placement.position_box(base.size, small.size, inp.position)
    out = base.convert("RGBA")
    out.alpha_composite(small, (box.x0, box.y0))
    region = np.zeros((base.height, base.width), bool)
    region[box.y0 : box.y1, box.x0 : box.x1] = np.asarray(small.getchannel("A")) > 127
    data = Output(placed=[Box(x0=0, y0=0, x1=base.width, y1=base.height), box], size=base.size,
                  alpha=has_alpha)
    return StepOutput(image=out.convert("RGB"), data=data, region=region)


def _rgba(image: Image.Image) -> tuple[Image.Image, bool]:
    """The image as RGBA, and whether it had any transparency to keep."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    rgba = image.convert("RGBA")
    return rgba, has_alpha and rgba.getchannel("A").getextrema()[0] < 255


def _tile(mode: str, base: Image.Image, other: Image.Image) -> StepOutput[Output]:
    """Side by side with image 2 scaled to image 1's height, or stacked under it at its width."""
    if mode == "side_by_side":
        w2 = max(1, round(other.width * base.height / other.height))
        size, second = (base.width + w2, base.height), Box(x0=base.width, y0=0, x1=base.width + w2,
                                                            y1=base.height)
    else:
        h2 = max(1, round(other.height * base.width / other.width))
        size, second = (base.width, base.height + h2), Box(x0=0, y0=base.height, x1=base.width,
                                                           y1=base.height + h2)
    if max(size) > MAX_SIDE:
        raise BadInput(f"the combined image would be {size[0]}x{size[1]}: image 2 "
                       f"({other.width}x{other.height}) is too long and thin to match image 1's "
                       f"{'height' if mode == 'side_by_side' else 'width'}")
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(base, (0, 0))
    canvas.paste(_flat(other).resize((second.width, second.height), Image.Resampling.LANCZOS),
                 (second.x0, second.y0))
    region = np.zeros((size[1], size[0]), bool)
    region[second.y0 : second.y1, second.x0 : second.x1] = True
    first = Box(x0=0, y0=0, x1=base.width, y1=base.height)
    return StepOutput(image=canvas, data=Output(placed=[first, second], size=size), region=region)


def _flat(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (as the app shows it)."""
    rgba, has_alpha = _rgba(image)
    if not has_alpha:
        return image.convert("RGB")
    canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    canvas.alpha_composite(rgba)
    return canvas.convert("RGB")


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: each input is found at its recorded box in the output (compared on small
    copies), the boxes are where the mode puts them, and for a logo the rest of image 1 is as
    it was."""
    base, other, out = ctx.image.convert("RGB"), _other(inp, ctx), result.image.convert("RGB")
    placed = result.data.placed
    if len(placed) != 2:
        return Verdict.from_checks([Check(name="inputs_found", passed=False,
                                          detail=f"{len(placed)} placed boxes recorded, expected 2")])
    expected = [base, _expected_logo(base, other, placed[1]) if inp.mode == "logo" else _flat(other)]
    checks = [_found(out, placed, expected), _laid_out(inp, base, out, placed)]
    if inp.mode == "logo":
        checks.append(_rest_unchanged(base, out, placed[1]))
    return Verdict.from_checks(checks)


def _expected_logo(base: Image.Image, logo: Image.Image, box: Box) -> Image.Image:
    """What the logo's box should show: the logo over the base's pixels there."""
    under = base.crop(box.as_tuple()).convert("RGBA")
    under.alpha_composite(_rgba(logo)[0].resize(under.size, Image.Resampling.LANCZOS))
    return under.convert("RGB")


def _found(out: Image.Image, placed: list[Box], inputs: list[Image.Image]) -> Check:
    """Each input, shrunk to 48 px, correlates with the output's pixels at its box."""
    scores = []
    for box, image in zip(placed, inputs, strict=True):
        inside = box.pad(0, *out.size)
        if inside.area == 0 or inside != box:
            scores.append(0.0)
            continue
        scores.append(_similarity(out.crop(box.as_tuple()), image))
    ok = [s >= FOUND_CORRELATION for s in scores]
    detail = "; ".join(f"image {i + 1} at {b.as_tuple()}: r={s:.2f}"
                       for i, (b, s) in enumerate(zip(placed, scores, strict=True)))
    return Check(name="inputs_found", passed=all(ok), score=sum(ok) / len(ok),
                 detail=f"{detail} (need {FOUND_CORRELATION})")


def _similarity(crop: Image.Image, image: Image.Image) -> float:
    """Correlation of two images shrunk to the same 48 px-wide size; 1.0 for two flat images
    of the same colour (a correlation needs some variation)."""
    side = 48
    size = (side, max(1, round(side * crop.height / max(1, crop.width))))
    a = np.asarray(crop.resize(size, Image.Resampling.BOX), np.float32).ravel()
    b = np.asarray(image.convert("RGB").resize(size, Image.Resampling.BOX), np.float32).ravel()
    if a.std() < 2 or b.std() < 2:
        return 1.0 if np.abs(a - b).mean() < 8 else 0.0
    return float(np.corrcoef(a, b)[0, 1])


def _laid_out(inp: Input, base: Image.Image, out: Image.Image, placed: list[Box]) -> Check:
    """Logo: its box is at the asked position. Tiles: the output is the two boxes exactly,
    with matched heights (side by side) or widths (stacked)."""
    first, second = placed
    if inp.mode == "logo":
        ok, detail = placement.in_position(second, base.size, inp.position)
        return Check(name="placed_right", passed=ok and out.size == base.size, score=float(ok),
                     detail=f"logo at {inp.position}: {detail}")
    if inp.mode == "side_by_side":
        ok = first.height == second.height == out.height and second.x0 == first.x1 == base.width
        want = "same heights, image 2 right of image 1"
    else:
        ok = first.width == second.width == out.width and second.y0 == first.y1 == base.height
        want = "same widths, image 2 under image 1"
    ok = ok and out.size == (max(first.x1, second.x1), max(first.y1, second.y1))
    return Check(name="placed_right", passed=ok, score=float(ok),
                 detail=f"{want}: boxes {first.as_tuple()}, {second.as_tuple()} in {out.size}")


def _rest_unchanged(base: Image.Image, out: Image.Image, logo: Box) -> Check:
    if out.size != base.size:
        return Check(name="rest_unchanged", passed=False, detail=f"size changed to {out.size}")
    diff = np.abs(np.asarray(base, np.int16) - np.asarray(out, np.int16)).max(axis=2)
    diff[logo.y0 : logo.y1, logo.x0 : logo.x1] = 0
    changed = float((diff > UNCHANGED).mean())
    return Check(name="rest_unchanged", passed=changed == 0.0, score=1.0 - changed,
                 detail=f"{changed:.3%} of image 1 outside the logo's box changed")


TOOL = Tool(name="compose", kind="edit", summary=__doc__.splitlines()[0],
            input_model=Input, output_model=Output, run=run, verify=verify)
