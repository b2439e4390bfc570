"""Verification of an answer: a second, differently prepared look at the facts it rests on.

Counts are redone on a 1.5x upscaled copy, quoted text is re-read from upscaled crops, colours
are recounted on a mirrored copy at another size, the main object is re-classified mirrored,
positions are re-located on the upscaled copy, differences are recomputed at half size. The
answer fails when the second look disagrees with its key fact (`Output.value`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PIL import Image, ImageOps

from tools import facts
from tools.base import Check, StepContext, StepOutput, Verdict
from tools.ocr import reread
from tools.questions import Question, parse
from tools.text_match import find_text, normalize, similarity

AGREEMENT = 0.8  # similarity a re-read text needs to count as the same
UPSCALE = 1.5
MAX_SIDE = 2048  # the upscaled view stays below this, or detection gets slow
SECOND_COLOR_SIDE = 64
SURE_TEXT = 0.7  # a second-look reading this sure, of 2+ characters, counts as text


def verify(inp: Any, ctx: StepContext, result: StepOutput[Any]) -> Verdict:
    """Recompute the answer's key fact from the input with another view; fail on disagreement."""
    question = parse(inp.question)
    images = [ctx.image, *ctx.extra_images]
    image = images[inp.image_index - 1].convert("RGB")  # `run` refused an index out of range
    data = result.data
    checks = [Check(name="question_kind", passed=data.kind == question.kind,
                    detail=f"answered as {data.kind!r}, the question is {question.kind!r}")]
    if not data.known:
        checks.append(Check(name="no_claim", passed=not data.value,
                            detail="the answer is 'unknown' and claims nothing"))
        return Verdict.from_checks(checks)
    checker = CHECKERS.get(question.kind)
    if checker is not None:
        checks.append(checker(question, image, ctx, data))
    return Verdict.from_checks(checks)


def upscaled(image: Image.Image) -> tuple[Image.Image, float]:
    scale = min(UPSCALE, MAX_SIDE / max(image.size))
    size = (round(image.width * scale), round(image.height * scale))
    return image.resize(size, Image.Resampling.LANCZOS), scale


def _recount(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    big, scale = upscaled(image)
    found = facts.faces(ctx.model, big)
    return Check(name="recount_upscaled", passed=str(len(found)) == data.value,
                 detail=f"answer says {data.value}; {len(found)} found on a {scale:.2f}x copy")


def _reread(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    if not data.boxes:
        return _no_text_again(q, image, ctx, data)
    again = reread(ctx.model, image, data.boxes)
    claimed = data.value.split("\n") if q.kind == "read_text" else [data.value] * len(again)
    if q.kind == "has_text":
        claimed = [data.labels[0]] if data.value == "yes" else []
    if len(claimed) != len(again):
        return Check(name="text_reread", passed=False,
                     detail=f"answer quotes {len(claimed)} line(s) for {len(again)} box(es)")
    bad = [f"{c!r} re-read as {a!r}" for c, a in zip(claimed, again, strict=True)
           if similarity(c, a) < AGREEMENT]
    wanted = q.args.get("text")
    if wanted and not any(find_text(wanted, [a]) for a in again):
        bad.append(f"{wanted!r} not in the re-read {again}")
    return Check(name="text_reread", passed=not bad,
                 detail="; ".join(bad) or f"{len(again)} line(s) re-read alike from crops")


def _no_text_again(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    view, _ = upscaled(ImageOps.autocontrast(image.convert("L"), cutoff=1).convert("RGB"))
    sure = [t.text for t in ctx.model.ocr(view) if t.score >= SURE_TEXT and len(normalize(t.text)) >= 2]
    wanted = q.args.get("text")
    seen = [t for t in sure if find_text(wanted, [t])] if wanted else sure
    return Check(name="no_text_second_look", passed=not seen,
                 detail=f"a second look read {seen}" if seen else "a second look read none either")


def _recolor(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    mirrored = ImageOps.mirror(image)
    mask = facts.target_mask(q.args.get("target"), image, ctx.model)
    mask = None if mask is None else mask[:, ::-1]
    top = facts.color_shares(mirrored, mask, side=SECOND_COLOR_SIDE)[0][0]
    return Check(name="colour_second_look", passed=top == data.value,
                 detail=f"answer says {data.value}; a mirrored {SECOND_COLOR_SIDE}px copy says {top}")


def _reclassify(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    if data.value == "person":
        return _recount_person(image, ctx)
    labels = [t.label for t in ctx.model.tags(ImageOps.mirror(image), top_k=5)]
    return Check(name="object_second_look", passed=data.value in labels,
                 detail=f"answer says {data.value!r}; the mirrored copy's top labels: {labels}")


def _recount_person(image: Image.Image, ctx: StepContext) -> Check:
    big, _ = upscaled(image)
    n = len(facts.faces(ctx.model, big))
    return Check(name="person_second_look", passed=n > 0, detail=f"{n} face(s) on the upscaled copy")


def _relocate(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    big, _ = upscaled(image)
    a, b = facts.locate(q.args["a"], big, ctx.model), facts.locate(q.args["b"], big, ctx.model)
    actual = ",".join(facts.relation(a, b)) if a and b else "not found"
    return Check(name="position_second_look", passed=actual == data.value,
                 detail=f"answer says {data.value!r}; on the upscaled copy {actual!r}")


def _rediff(q: Question, image: Image.Image, ctx: StepContext, data: Any) -> Check:
    if not ctx.extra_images:
        return Check(name="diff_second_look", passed=False, detail="no second image to compare")
    diff = facts.difference(image, ctx.extra_images[0], scale=0.5)
    differ = diff.differ
    claimed = data.value not in ("no", "none")
    check = Check(name="diff_second_look", passed=differ == claimed,
                  detail=f"answer says {'they differ' if claimed else 'no difference'}; at half "
                         f"size {diff.fraction:.2%} of pixels differ")
    if q.kind == "what_changed" and claimed and data.value.startswith("text:"):
        return _text_change(image, ctx, data) if check.passed else check
    return check


def _text_change(image: Image.Image, ctx: StepContext, data: Any) -> Check:
    before, after = data.value.removeprefix("text:").split("->", 1)
    other = ctx.extra_images[0].convert("RGB").resize(image.size)
    box = data.boxes[0]
    old, new = reread(ctx.model, image, [box])[0], reread(ctx.model, other, [box])[0]
    ok = similarity(before, old) >= AGREEMENT and similarity(after, new) >= AGREEMENT
    return Check(name="text_change_reread", passed=ok,
                 detail=f"answer says {before!r} -> {after!r}; re-read {old!r} -> {new!r}")


CHECKERS: dict[str, Callable[[Question, Image.Image, StepContext, Any], Check]] = {
    "count_faces": _recount, "count_people": _recount, "read_text": _reread,
    "where_text": _reread, "has_text": _reread, "dominant_color": _recolor,
    "background_color": _recolor, "is_color": _recolor, "main_object": _reclassify,
    "relative_position": _relocate,
    "differ": _rediff, "what_changed": _rediff,
}

