"""Colour the image's parts (person, faces, text, main object, colour areas) with a legend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import Unsupported
from model_server.types import Box
from tools import color_regions, legend, masks, regions
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict
from tools.colors import RGB
from tools.detection_map import confident_lines

Mode = Literal["all", "colors", "region"]

ALL_WORDS = {"all", "everything", "objects", "things", "scene", "全部", "所有", "一切", "所有物体"}
COLOR_WORDS = {"color", "colors", "colour", "colours", "color regions", "colour regions", "regions",
               "superpixels", "颜色", "色块", "颜色区域", "区域"}
ZH: dict[str, str] = {
    "person": "人物", "face": "人脸", "text": "文字", "object": "主体", "background": "背景",
    "clothes": "衣服", "hair": "头发", "sky": "天空", "user": "蒙版", "cat": "猫", "dog": "狗",
    "cup": "杯子", "car": "汽车", "rocket": "火箭", "bird": "鸟", "flower": "花",
}
TEXT_WORDS = {w for w, t in regions.TARGET_WORDS.items() if t == "text"} | {"text"}
MIN_OBJECT_SHARE = 0.01  # a salient "main object" smaller than this is a detail (a letter), not one
AREA_OPACITY = 0.85  # colour areas: nearly flat, a trace of texture left
DECODE_TOLERANCE = 1.5  # per channel: a map pixel against the input mixed with an entry's colour
RECOMPUTED_IOU = 0.9


class Input(BaseModel):
    target: str | None = Field(
        default=None, description="what to segment: person, face, text, subject, background, "
        "colors, an object (cat); absent: everything, the rest split into colour areas",
    )
    colors: int = Field(default=4, ge=2, le=8, description="how many colour areas to split into")
    opacity: float = Field(default=0.5, ge=0.3, le=0.7,
                           description="how strongly people, faces, text and objects are tinted")


class Segment(BaseModel):
    label: str = Field(description="English and Chinese, e.g. 'person 人物', 'grey area 灰色区域'")
    kind: str = Field(description="person, face, text, object, area, or the target asked for")
    color: tuple[int, int, int] = Field(description="its colour in the map and the legend")
    opacity: float = Field(description="how much of that colour is mixed into its pixels")
    share: float = Field(description="share of the image's pixels in this segment")
    box: Box = Field(description="bounding box of its pixels")
    caption: str = Field(description="the legend's text for it: label and share")
    key: legend.Key = Field(description="where its swatch and caption are in the picture")


class Output(BaseModel):
    segments: list[Segment] = Field(description="the segments, in the legend's order")
    width: int = Field(description="the image's width; the image sits at the picture's top-left")
    height: int = Field(description="the image's height")
    left_out: list[str] = Field(default_factory=list, description="parts the backend could not find")


@dataclass
class Part:
    """A segment before drawing: what it is and its pixels (later parts cover earlier ones)."""

    kind: str
    label: str
    mask: np.ndarray


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Segment the image and draw each segment in its colour, with a legend of labels and shares."""
    image = ctx.image.convert("RGB")
    parts, left_out = find_parts(inp, ctx)
    labels = paint_order(parts, (image.height, image.width))
    shares = np.bincount(labels.ravel(), minlength=len(parts) + 1) / labels.size
    kept = [(i, p) for i, p in enumerate(parts, 1) if shares[i] > 0]
    if not kept:
        raise StepFailed(f"nothing to segment for {inp.target or 'the image'}")
    if len(kept) == 1 and kept[0][1].kind == "area":
        raise StepFailed(f"the image is all one colour area ({kept[0][1].label}): no parts to tell apart")
    looks = _looks(image, labels, kept, inp.opacity)
    captions = [f"{p.label} {_percent(float(shares[i]))}" for i, p in kept]
    tinted = _tint(image, labels, [i for i, _ in kept], looks)
    picture, keys = legend.with_legend(tinted, [(t, c) for t, (c, _) in zip(captions, looks, strict=True)])
    segments = [
        Segment(label=p.label, kind=p.kind, color=c, opacity=a, share=round(float(shares[i]), 6),
                box=_bbox(labels == i), caption=t, key=k)
        for (i, p), (c, a), t, k in zip(kept, looks, captions, keys, strict=True)
    ]
    data = Output(segments=segments, width=image.width, height=image.height, left_out=left_out)
    return StepOutput(image=picture, data=data)


# 1. What the parts are


def find_parts(inp: Input, ctx: StepContext) -> tuple[list[Part], list[str]]:
    """The parts asked for, in painting order, and the reasons for any left out."""
    mode = target_mode(inp.target)
    image = ctx.image.convert("RGB")
    if mode == "colors":
        return color_areas(image, np.ones((image.height, image.width), bool), inp.colors), []
    if mode == "all":
        return _everything(ctx, inp.colors)
    target = region_target(inp.target or "")
    if target.lower() in TEXT_WORDS:
        return [text_part(ctx)], []
    return [_part(target, regions.resolve(target, ctx))], []


def target_mode(target: str | None) -> Mode:
    key = (target or "").strip().lower()
    if not key or key in ALL_WORDS or regions.TARGET_WORDS.get(key) == "image":
        return "all"
    return "colors" if key in COLOR_WORDS else "region"


def region_target(target: str) -> str:
    """A target `regions.resolve` knows; a bare name it does not know ("cat") is an object."""
    key = target.strip().lower()
    known = set(regions.TARGET_WORDS) | set(regions.TARGET_WORDS.values()) | {"mask"}
    return target.strip() if ":" in key or key in known else f"object:{target.strip()}"


def _everything(ctx: StepContext, k: int) -> tuple[list[Part], list[str]]:
    """The subject, faces and text where found; the rest of the image as colour areas."""
    found, left_out = [], []
    finders = {"subject": lambda: _part("subject", regions.resolve("subject", ctx)),
               "face": lambda: _part("face", regions.resolve("face", ctx)),
               "text": lambda: text_part(ctx)}
    regions.perceive_together(finders["text"], finders["subject"])  # OCR beside the subject's mask
    for target, find in finders.items():
        try:
            part = find()
        except StepFailed:
            continue  # not in this image: nothing to segment
        except Unsupported as err:
            left_out.append(f"{target}: {err}")
            continue
        if part.kind != "object" or part.mask.mean() >= MIN_OBJECT_SHARE:
            found.append(part)
    claimed = np.zeros((ctx.image.height, ctx.image.width), bool)
    for part in found:
        claimed |= part.mask
    # Remembered, as the rest of what is found: verify segments the image again.
    key = ("colour areas", k, regions.digest(np.packbits(claimed)))
    image = ctx.image.convert("RGB")
    areas = regions.Look(ctx).remember(key, lambda: _read_only(color_areas(image, ~claimed, k)))
    return list(areas) + found, left_out


def _read_only(parts: list[Part]) -> list[Part]:
    for part in parts:
        part.mask.setflags(write=False)  # remembered and shared between calls
    return parts


def _part(target: str, region: regions.Region) -> Part:
    kind = regions.TARGET_WORDS.get(target.lower(), target.lower()).partition(":")[0]
    if kind == "subject":  # a person confirmed by a face, the user's mask, else the salient object
        source = region.label.rpartition("(")[2].rstrip(")")  # "main subject (person)"
        kind = source if source in ("person", "user") else "object"
    name = {"person": "person", "object": "main object", "user": "masked region"}.get(kind, region.label)
    zh = ZH.get(kind) or ZH.get(region.label.lower(), "")
    return Part(kind=kind, label=f"{name} {zh}".strip(), mask=region.mask)


def text_part(ctx: StepContext) -> Part:
    """The ink of the lines OCR reads with some confidence (`detection_map.confident_lines`)."""
    image = ctx.image.convert("RGB")
    ink, _ = masks.text_ink(image, confident_lines(regions.Look(ctx)))
    if not ink.any():
        raise StepFailed("no text found: OCR read no line of two or more characters")
    return Part("text", "text 文字", masks.dilate(ink, 1))


def color_areas(image: Image.Image, free: np.ndarray, k: int) -> list[Part]:
    """The `free` pixels split into `k` colour areas (`color_regions`), as parts."""
    return [Part("area", "{} area {}区域".format(*area.name), area.mask)
            for area in color_regions.color_areas(image, free, k)]


# 2. Drawing


def paint_order(parts: list[Part], shape: tuple[int, int]) -> np.ndarray:
    """Which part each pixel shows, (H, W) int: 0 none, i the i-th part; later parts on top."""
    labels = np.zeros(shape, np.int16)
    for i, part in enumerate(parts, 1):
        labels[part.mask] = i
    return labels


def _looks(image: Image.Image, labels: np.ndarray, kept: list[tuple[int, Part]],
           opacity: float) -> list[tuple[RGB, float]]:
    """Each segment's colour and opacity. Things found (person, face, text, object) get their
    kind's vivid colour at `opacity`; colour areas get their own mean colour, nearly flat, so
    a 'grey area' looks grey and the legend's swatch matches its name."""
    arr = np.asarray(image)
    looks = []
    for i, part in kept:
        if part.kind == "area":
            r, g, b = np.rint(arr[labels == i].mean(axis=0)).astype(int)
            looks.append(((int(r), int(g), int(b)), AREA_OPACITY))
        else:
            looks.append((legend.KIND_COLORS.get(part.kind, legend.OTHER_COLOR), opacity))
    return looks


def _tint(image: Image.Image, labels: np.ndarray, ids: list[int],
          looks: list[tuple[RGB, float]]) -> Image.Image:
    colors = np.zeros((int(labels.max()) + 1, 3), np.float32)  # by label; 0 (untinted) stays 0
    alphas = np.zeros(len(colors), np.float32)
    for i, (color, opacity) in zip(ids, looks, strict=True):
        colors[i], alphas[i] = color, opacity
    alpha = alphas[labels][..., None]
    mixed = np.asarray(image, np.float32) * (1 - alpha) + colors[labels] * alpha
    return Image.fromarray(np.clip(np.rint(mixed), 0, 255).astype(np.uint8))


def _bbox(mask: np.ndarray) -> Box:
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return Box(x0=0, y0=0, x1=0, y1=0)
    return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


def _percent(share: float) -> str:
    return "<1%" if 0 < share < 0.01 else f"{share:.0%}"


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Read the map back: its colours are the legend's, each segment is where the data says and
    where segmenting the input again puts it, and OCR reads the legend."""
    image, picture, data = ctx.image.convert("RGB"), result.image.convert("RGB"), result.data
    layout = _layout(image, picture, data)
    if not layout.passed:
        return Verdict.from_checks([layout])
    keys = [s.key for s in data.segments]
    # OCR reads the legend on a perception thread while this one decodes the map.
    reads = regions.meanwhile(
        lambda: legend.reads_check(ctx.model, picture, [s.caption for s in data.segments], keys))
    shown = decode(picture, image, [(s.color, s.opacity) for s in data.segments])
    changed = (np.asarray(picture)[: image.height, : image.width] != np.asarray(image)).any(axis=2)
    return Verdict.from_checks([
        _colors_in_legend(shown, changed),
        _segments_match_data(shown, data.segments),
        _segments_recomputed(inp, ctx, shown, data.segments),
        legend.swatches_check(picture, [s.color for s in data.segments], keys),
        reads.result(),
    ])


def decode(picture: Image.Image, image: Image.Image, looks: list[tuple[RGB, float]]) -> np.ndarray:
    """Which segment each pixel of the map shows, (H, W) int: 0 untinted, i the i-th entry,
    -1 changed in a way no entry explains. A pixel shows entry i when it is the input's pixel
    mixed with i's colour at i's opacity (to rounding)."""
    h, w = image.height, image.width
    out8, src8 = np.asarray(picture)[:h, :w], np.asarray(image)
    shown = np.where((out8 == src8).all(axis=2), 0, -1)
    # One channel plane at a time, in place: a megapixel per entry without temporaries.
    out, src = (np.moveaxis(a, 2, 0).astype(np.float32) for a in (out8, src8))
    best = np.full((h, w), DECODE_TOLERANCE + 1e-3, np.float32)  # ties: the first entry
    error, diff = np.empty((h, w), np.float32), np.empty((h, w), np.float32)
    for i, (color, opacity) in enumerate(looks, 1):
        error.fill(0)
        for plane, (o, s) in enumerate(zip(out, src, strict=True)):
            np.multiply(s, 1 - opacity, out=diff)
            diff -= o
            diff += color[plane] * opacity
            np.maximum(error, np.abs(diff, out=diff), out=error)
        closer = error < best
        shown[closer], best[closer] = i, error[closer]
    return shown


def _layout(image: Image.Image, picture: Image.Image, data: Output) -> Check:
    ok = (data.width, data.height) == image.size and picture.width >= image.width \
        and picture.height >= image.height
    return Check(
        name="picture_layout", passed=ok,
        detail=f"image {image.width}x{image.height}, data says {data.width}x{data.height}, "
        f"picture {picture.width}x{picture.height} (must hold the image at its top-left)",
    )


def _colors_in_legend(shown: np.ndarray, changed: np.ndarray) -> Check:
    """Every pixel the map changed is explained by a legend entry's colour."""
    count = int(changed.sum())
    share = float((shown[changed] > 0).mean()) if count else 0.0
    return Check(
        name="map_colors_in_legend", passed=share >= 0.99, score=round(share, 4),
        detail=f"{count} pixels tinted, {share:.2%} of them as a legend entry's colour would; need 99%"
        if count else "no pixel of the image is tinted: the map is blank",
    )


def _segments_match_data(shown: np.ndarray, segments: list[Segment]) -> Check:
    bad = []
    for i, seg in enumerate(segments, 1):
        mask = shown == i
        share, box = float(mask.mean()), _bbox(mask)
        if abs(share - seg.share) > 0.002 or box.iou(seg.box) < 0.95:
            bad.append(f"{seg.label}: map {share:.2%} in {box.as_tuple()}, data {seg.share:.2%} "
                       f"in {seg.box.as_tuple()}")
    return Check(
        name="segments_match_data", passed=not bad, score=round(1 - len(bad) / max(1, len(segments)), 4),
        detail="; ".join(bad) if bad else f"all {len(segments)} segment(s) have the share and box reported",
    )


def _segments_recomputed(inp: Input, ctx: StepContext, shown: np.ndarray,
                         segments: list[Segment]) -> Check:
    """Each segment's pixels in the map against the same segment found again on the input."""
    parts, _ = find_parts(inp, ctx)
    fresh = paint_order(parts, shown.shape)
    by_label = {p.label: i for i, p in enumerate(parts, 1) if (fresh == i).any()}
    scores, bad = [], []
    for i, seg in enumerate(segments, 1):
        j = by_label.pop(seg.label, None)
        score = masks.iou(shown == i, fresh == j) if j is not None else 0.0
        scores.append(score)
        if score < RECOMPUTED_IOU:
            bad.append(f"{seg.label} IoU {score:.2f}")
    bad += [f"{label} found again but not in the map" for label in by_label]
    worst = min(scores, default=0.0)
    return Check(
        name="segments_recomputed", passed=not bad, score=round(worst, 4),
        detail=("; ".join(bad) if bad else f"all {len(segments)} segment(s) found again")
        + f" (IoU with the input segmented again; need {RECOMPUTED_IOU})",
    )


TOOL = Tool(
    name="segmentation_map", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
