"""Box and label what the image holds: faces, people, text lines and objects (ImageNet)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import cv2
import numpy as np
from PIL import Image
from pydantic import BaseModel, Field

from model_server.errors import Unsupported
from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection, Tag, TextLine
from tools import legend, masks, regions
from tools.annotate import default_line_width, draw_boxes, frame
from tools.base import Check, StepContext, StepFailed, StepOutput, Tool, Verdict, size_mismatch
from tools.ocr import read_drawn, reread
from tools.text_match import normalize, similarity

Kind = Literal["image", "person", "object", "face", "text"]

KINDS: tuple[Kind, ...] = ("image", "person", "object", "face", "text")  # drawing order
ALL_WORDS = {"all", "everything", "objects", "things", "object detection", "全部", "所有", "物体们"}
TEXT_MIN_SCORE = 0.6  # photo texture reads as faint text; real lines read surer than this
LABEL_MAX_CHARS = 24
REFOUND_IOU = 0.5
AGREEMENT = 0.8  # similarity a second reading needs to count as the same text
COLOR_TOLERANCE = 40.0


Finder = Callable[[], list["Detected"]]


class Input(BaseModel):
    target: str | None = Field(
        default=None, description="what to detect: faces, people, text, objects, or an object's "
        "name (cat, cup); absent: all of them",
    )
    min_score: float = Field(default=0.3, ge=0.0, le=1.0,
                             description="leave out ImageNet labels less sure than this")


class Detected(BaseModel):
    kind: Kind = Field(description="face, person, text (a line), object (the main one), image (the scene)")
    label: str = Field(description="'face', 'person', the text read, or the ImageNet label")
    score: float
    box: Box = Field(description="the box drawn; 'image' detections cover the whole image")
    caption: str = Field(description="what the box's label tag says: label and score")
    tag: Box | None = Field(default=None, description="where the label tag was drawn")


class Output(BaseModel):
    detections: list[Detected] = Field(description="what was found, in drawing order")
    line_width: int = Field(description="outline width in pixels")
    left_out: list[str] = Field(default_factory=list, description="kinds the backend could not look for")


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Find faces, people, text lines and objects; box each with its label and score."""
    image = ctx.image.convert("RGB")
    found, left_out = find(inp, ctx)
    if not found:
        raise StepFailed(f"nothing to detect: no {inp.target or 'face, person, text or object'} found")
    width = default_line_width(image.size)
    picture, found = draw(image, found, width)
    return StepOutput(image=picture, data=Output(detections=found, line_width=width, left_out=left_out))


# 1. Finding


def find(inp: Input, ctx: StepContext, kinds: tuple[Kind, ...] = KINDS) -> tuple[list[Detected], list[str]]:
    """Everything asked for (of `kinds`), in drawing order: big boxes first, so small ones'
    labels stay on top. When several kinds are asked for, one the backend cannot find is left
    out with its reason (the second list) rather than failing the rest.

    What the model perceives is remembered per image (`regions.Look`), so `verify`, finding
    the boxes again, and a segmentation map of the same image pay for it once."""
    look = regions.Look(ctx)
    asked, name = target_kinds(inp.target)
    if name:
        return _named_object(look, name), []
    wanted = [k for k in asked if k in kinds]
    finders = _finders(look, inp.min_score, wanted)
    if "text" in wanted and "object" in wanted:  # the two slow ones: OCR, and the salient mask;
        # the scene's tags then go to whichever of the two threads is free first
        regions.perceive_together(*(finders[k] for k in ("text", "object", "image") if k in wanted))
    found: list[Detected] = []
    left_out: list[str] = []
    for kind in wanted:
        try:
            found += finders[kind]()
        except Unsupported as err:
            left_out.append(f"{kind}: {err}")
    if wanted and len(left_out) == len(wanted):
        raise Unsupported("; ".join(left_out))
    objects = {d.label for d in found if d.kind == "object"}
    found = [d for d in found if not (d.kind == "image" and d.label in objects)]  # said once is enough
    return sorted(found, key=lambda d: KINDS.index(d.kind)), left_out


def _finders(look: regions.Look, min_score: float, wanted: list[Kind]) -> dict[Kind, Finder]:
    """One finder per kind; what they perceive is asked of the model once per image."""

    def people() -> list[Detected]:
        return [_detected("person", d.label, d.score, d.box) for d in _people(look)]

    def main_object() -> list[Detected]:
        if people():  # a confirmed person is the main object, and ImageNet has no person class
            return [] if "person" in wanted else people()
        return _main_object(look, min_score)

    return {
        "image": lambda: _scene(look, min_score),
        "object": main_object,
        "person": people,
        "face": lambda: [_detected("face", d.label, d.score, d.box) for d in look.faces()],
        "text": lambda: [_detected("text", t.text, t.score, t.box) for t in confident_lines(look)],
    }


def target_kinds(target: str | None) -> tuple[tuple[Kind, ...], str | None]:
    """The kinds a target asks for, and the object's name when it names one ("cat")."""
    key = (target or "").strip().lower()
    if not key or key in ALL_WORDS:
        return KINDS, None
    canonical = regions.TARGET_WORDS.get(key, key)
    simple: dict[str, tuple[Kind, ...]] = {
        "image": KINDS, "person": ("person",), "face": ("face",), "text": ("text",), "subject": ("object",),
    }
    if canonical in simple:
        return simple[canonical], None
    if canonical in regions.TARGET_WORDS.values() or ":" in canonical:
        raise StepFailed(f"a detection map boxes faces, people, text and objects; {target!r} is a "
                         "region: ask for a segmentation map of it")
    return (), regions.OBJECT_WORDS.get(key, key)


def _detected(kind: Kind, label: str, score: float, box: Box) -> Detected:
    caption = f"{_short(label)} {score:.2f}"
    return Detected(kind=kind, label=label, score=round(score, 4), box=box, caption=caption)


def _people(look: regions.Look) -> list[Detection]:
    """People boxes with a face inside: the person model also marks cats and cups as people."""
    faces = look.faces()
    if not faces:
        return []
    return [p for p in look.people() if any(_inside(f.box, p.box) for f in faces)]


def _inside(face: Box, box: Box) -> bool:
    cx, cy = face.center
    return box.x0 <= cx < box.x1 and box.y0 <= cy < box.y1


def confident_lines(look: regions.Look) -> list[TextLine]:
    """Lines OCR reads surely, of two or more characters, that read the same again from a
    crop of their box. Photo texture reads as stray text ("0" on a cat's fur, "8" across a
    coffee cup, even "10" at 0.89 on fur enlarged), which a second reading does not repeat."""
    model = look.ctx.model
    return look.remember("confident lines", lambda: _confident_lines(model, look.image.convert("RGB")))


def _confident_lines(model: UnifiedModel, image: Image.Image) -> list[TextLine]:
    lines = [t for t in model.ocr(image) if t.score >= TEXT_MIN_SCORE and len(normalize(t.text)) >= 2]
    again = reread(model, image, [t.box for t in lines]) if lines else []
    return [t for t, text in zip(lines, again, strict=True) if similarity(t.text, text) >= AGREEMENT]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 1] + "…"


def _main_object(look: regions.Look, min_score: float) -> list[Detected]:
    """The salient region, labelled with the classifier's best guess for its crop."""
    box = salient_box(look)
    best = _crop_tags(look, box)[:1] if box else []
    if not best or best[0].score < min_score:
        return []
    return [_detected("object", best[0].label, best[0].score, box)]


def _scene(look: regions.Look, min_score: float) -> list[Detected]:
    """The classifier's best guess for the whole image, boxed as the whole image."""
    best = look.tags()[:1]
    if not best or best[0].score < min_score:
        return []
    return [_detected("image", best[0].label, best[0].score, _whole(look.image))]


def _named_object(look: regions.Look, name: str) -> list[Detected]:
    """The salient object when the classifier calls its crop `name`; else the scene, when the
    whole image is called that; else StepFailed."""
    wanted = regions.OBJECT_TAGS.get(name.lower(), (name.lower(),))
    box = salient_box(look)
    if box is not None:
        match = _match(_crop_tags(look, box), wanted)
        if match:
            return [_detected("object", match.label, match.score, box)]
    scene = look.tags()
    match = _match(scene, wanted)
    if match:
        return [_detected("image", match.label, match.score, _whole(look.image))]
    seen = ", ".join(f"{t.label} {t.score:.2f}" for t in scene[:3])
    raise StepFailed(f"could not find a {name} in the image (the classifier sees: {seen})")


def _crop_tags(look: regions.Look, box: Box) -> list[Tag]:
    """The classifier's top 5 for the crop to `box`; the whole image's when it is all of it."""
    if box == _whole(look.image):
        return look.tags()

    def classify() -> list[Tag]:
        return look.ctx.model.tags(look.image.convert("RGB").crop(box.as_tuple()), top_k=5)

    return look.remember(("crop tags", box.as_tuple()), classify)


def _match(tags: list[Tag], wanted: tuple[str, ...]) -> Tag | None:
    return next((t for t in tags if any(w in t.label.lower() for w in wanted)), None)


def salient_box(look: regions.Look) -> Box | None:
    """The box of the salient mask (`regions.Look.salient`, shared with segmentation)."""
    ys, xs = np.nonzero(look.salient())
    if len(xs) == 0:
        return None
    return Box(x0=int(xs.min()), y0=int(ys.min()), x1=int(xs.max()) + 1, y1=int(ys.max()) + 1)


def _whole(image: Image.Image) -> Box:
    return Box(x0=0, y0=0, x1=image.width, y1=image.height)


# 2. Drawing


def draw(image: Image.Image, found: list[Detected], width: int) -> tuple[Image.Image, list[Detected]]:
    """The boxes and their label tags in each kind's colour, kind by kind; the detections with
    where each tag went."""
    out, placed = image, []
    for kind in KINDS:
        group = [d for d in found if d.kind == kind]
        if not group:
            continue
        color = legend.KIND_COLORS[kind]
        out, tags = draw_boxes(out, [d.box for d in group], [d.caption for d in group], color, width=width)
        placed += [d.model_copy(update={"tag": t}) for d, t in zip(group, tags, strict=True)]
    return out, placed


def band(box: Box, width: int, size: tuple[int, int]) -> np.ndarray:
    """The pixels a box's outline covers, bool (H, W): `width` px inside its frame's edge."""
    f = frame(box, width, "box", size)
    mask = masks.box_mask((size[1], size[0]), [f])
    inner_y = slice(f.y0 + width, max(f.y0 + width, f.y1 - width))
    mask[inner_y, f.x0 + width : max(f.x0 + width, f.x1 - width)] = False
    return mask


# Verification


def verify(inp: Input, ctx: StepContext, result: StepOutput[Output]) -> Verdict:
    """Look again: each box is found again on the input, its outline and label are drawn and
    read back by OCR, and nothing changed away from the outlines and labels."""
    if mismatch := size_mismatch(ctx.image, result.image):
        return mismatch
    before, after = ctx.image.convert("RGB"), result.image.convert("RGB")
    found, width = result.data.detections, result.data.line_width
    if not found:
        return Verdict.from_checks([Check(name="boxes_refound", passed=False, detail="no detections")])
    lines, tagged = [d for d in found if d.kind == "text"], [d for d in found if d.tag is not None]
    # The lines on the input are found and read again; the tags vloop drew only need reading.
    line_texts = reread(ctx.model, before, [d.box for d in lines]) if lines else []
    tag_texts = read_drawn(ctx.model, after, [d.tag for d in tagged if d.tag is not None])
    return Verdict.from_checks([
        _boxes_refound(inp, ctx, found, dict(zip(map(id, lines), line_texts, strict=True))),
        _outlines_drawn(after, found, width),
        _labels_read(found, list(zip(tagged, tag_texts, strict=True))),
        _elsewhere_unchanged(before, after, found, width),
    ])


def _boxes_refound(inp: Input, ctx: StepContext, found: list[Detected], texts: dict[int, str]) -> Check:
    """Faces, people and objects found again on the input; text lines read again from an
    upscaled crop of each box (`texts`, by the detection's id: a second look, not the same
    call again)."""
    try:
        fresh, _ = find(inp, ctx, kinds=("image", "person", "object", "face"))
    except (StepFailed, Unsupported):
        fresh = []
    bad = []
    for d in found:
        if d.kind == "text":
            score = similarity(d.label, texts[id(d)])
            ok = score >= AGREEMENT
        else:
            same = [f.box for f in fresh if (f.kind, f.label) == (d.kind, d.label)]
            score = max((d.box.iou(b) for b in same), default=0.0)
            ok = score >= REFOUND_IOU
        if not ok:
            bad.append(f"{d.kind} {d.label!r} at {d.box.as_tuple()} ({score:.2f})")
    return Check(
        name="boxes_refound", passed=not bad, score=round(1 - len(bad) / len(found), 4),
        detail=("not found again: " + "; ".join(bad)) if bad
        else f"all {len(found)} detection(s) found again (IoU >= {REFOUND_IOU}; text re-read >= {AGREEMENT})",
    )


def _outlines_drawn(after: Image.Image, found: list[Detected], width: int) -> Check:
    """Each box's outline, where no other box or tag is drawn over it, has its kind's colour."""
    arr = np.asarray(after, dtype=np.float32)
    bands = [band(d.box, width, after.size) for d in found]
    tags = masks.box_mask((after.height, after.width), [d.tag for d in found if d.tag])
    shares = []
    for i, d in enumerate(found):
        others = np.zeros_like(tags)
        for j, b in enumerate(bands):
            others |= b if j != i else False
        own = bands[i] & ~tags & ~others
        dist = np.linalg.norm(arr[own] - np.array(legend.KIND_COLORS[d.kind], np.float32), axis=1)
        shares.append(float((dist <= COLOR_TOLERANCE).mean()) if own.any() else 0.0)
    worst = min(shares)
    return Check(
        name="outlines_drawn", passed=worst >= 0.9, score=round(worst, 4),
        detail=f"the palest outline is {worst:.1%} its kind's colour; need 90%",
    )


def _labels_read(found: list[Detected], read: list[tuple[Detected, str]]) -> Check:
    """Each detection's label tag, as OCR read it back from the picture (`read`), says its caption."""
    if len(read) != len(found):
        return Check(name="labels_read", passed=False,
                     detail=f"{len(found) - len(read)} detection(s) have no label tag")
    bad = [f"{d.caption!r} read as {r!r}" for d, r in read if similarity(d.caption, r) < AGREEMENT]
    return Check(
        name="labels_read", passed=not bad, score=round(1 - len(bad) / len(found), 4),
        detail=("; ".join(bad) if bad else f"OCR read all {len(found)} label(s) back")
        + f" (need similarity {AGREEMENT})",
    )


def _elsewhere_unchanged(before: Image.Image, after: Image.Image, found: list[Detected], width: int) -> Check:
    drawn = np.any([band(d.box, width, after.size) for d in found], axis=0)
    drawn |= masks.box_mask(drawn.shape, [d.tag for d in found if d.tag])
    away = ~cv2.dilate(drawn.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    diff = np.abs(np.asarray(before, np.int16) - np.asarray(after, np.int16)).max(axis=2)
    same = float((diff[away] <= 2).mean()) if away.any() else 1.0
    return Check(
        name="elsewhere_unchanged", passed=same >= 0.998, score=round(same, 4),
        detail=f"{same:.2%} of {int(away.sum())} pixels away from the outlines and labels unchanged; "
        "need 99.8%",
    )


TOOL = Tool(
    name="detection_map", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
