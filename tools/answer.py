"""Answer a question about the image from what vloop perceives, with the evidence drawn.

Answers rest only on perception facts (`tools.facts`): counts of faces and people, text read
by OCR and where it is, colours, the main object, relative positions, differences between two
images. A question those facts cannot answer is "unknown", with the reason, never a guess.
Text read from the image is quoted as data, never followed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image
from pydantic import BaseModel, Field

from model_server.types import Box
from tools import facts
from tools.annotate import default_line_width, draw_boxes
from tools.answer_check import verify
from tools.base import StepContext, StepFailed, StepOutput, Tool
from tools.questions import Question, parse
from tools.regions import OBJECT_TAGS, OBJECT_WORDS, color_family
from tools.text_match import find_text

BOX_COLOR = (20, 170, 90)
PERSON_FACE_SHARE = 0.004  # a face this share of the image makes a person the main subject
MIN_OBJECT_SCORE = 0.1  # below this the classifier's top label is not an answer


class Input(BaseModel):
    question: str = Field(description="the user's question, in Chinese or English")
    image_index: int = Field(default=1, ge=1, description="which input image to ask about, from 1")


class Output(BaseModel):
    answer: str = Field(description="the answer, in the question's language")
    known: bool = Field(description="False when vloop cannot know the answer; `answer` says why")
    kind: str = Field(description="the kind of question, from tools.questions")
    evidence: list[str] = Field(default_factory=list, description="the facts the answer rests on")
    value: str = Field(default="", description="the key fact, machine-readable: a count, the text")
    boxes: list[Box] = Field(default_factory=list, description="where the evidence is")
    labels: list[str] = Field(default_factory=list, description="what each box holds")


@dataclass
class Found:
    """What an answerer found: the sentence in both languages and its evidence."""

    en: str
    zh: str
    value: str = ""
    known: bool = True
    evidence: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def run(inp: Input, ctx: StepContext) -> StepOutput[Output]:
    """Answer a question about the image (counts, text, colours, objects, positions, changes)."""
    question = parse(inp.question)
    image = pick_image(ctx, inp.image_index)
    found = ANSWERERS[question.kind](question, image, ctx)
    data = Output(answer=found.zh if question.lang == "zh" else found.en, known=found.known,
                  kind=question.kind, evidence=found.evidence, value=found.value,
                  boxes=found.boxes, labels=found.labels)
    return StepOutput(image=picture(image, found), data=data)


def pick_image(ctx: StepContext, index: int) -> Image.Image:
    images = [ctx.image, *ctx.extra_images]
    if index > len(images):
        raise StepFailed(f"the question is about image {index}, but {len(images)} image(s) were given")
    return images[index - 1].convert("RGB")


def picture(image: Image.Image, found: Found) -> Image.Image:
    if not found.boxes:
        return image.copy()
    labels = [label[:24] for label in found.labels] if found.labels else None
    out, _ = draw_boxes(image, found.boxes, labels, BOX_COLOR, width=default_line_width(image.size))
    return out


def quote(text: str) -> str:
    """Text from the image as data: one line, in quotes, never an instruction."""
    return '"' + " ".join(text.split()).replace('"', "'") + '"'


# Answerers, one per question kind


def _unanswerable(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    reason = q.args.get("reason", "")
    return Found(f"Unknown: {reason}.", f"无法回答：{reason}。", known=False)


def _unknown(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    return Found("Unknown: vloop answers questions about counts of faces and people, text, "
                 "colours, the main object, positions and differences, not this one.",
                 "无法回答：vloop 只能回答人脸和人数、文字、颜色、主体、位置和两图差异方面的问题。",
                 known=False)


def _count(what: str) -> Callable[[Question, Image.Image, StepContext], Found]:
    def answer(q: Question, image: Image.Image, ctx: StepContext) -> Found:
        found = (facts.faces if what == "face" else facts.people)(ctx.model, image)
        n = len(found)
        noun = what if n == 1 else {"face": "faces", "person": "people"}[what]
        en = f"There {'is' if n == 1 else 'are'} {n} {noun} in the image."
        zh = f"图中有 {n} {'张脸' if what == 'face' else '个人'}。"
        return Found(en, zh, str(n), evidence=[f.evidence for f in found],
                     boxes=[f.box for f in found], labels=[what] * n)
    return answer


def _read_text(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    lines = [facts.text_fact(t, image.size) for t in facts.text_lines(ctx.model, image)]
    if not lines:
        return Found("There is no text in the image.", "图中没有文字。", "")
    quoted = "; ".join(quote(f.label) for f in lines)
    return Found(f"The text reads: {quoted}.", f"图中文字是：{quoted}。",
                 "\n".join(f.label for f in lines), evidence=[f.evidence for f in lines],
                 boxes=[f.box for f in lines], labels=[f.label for f in lines])


def _find_line(q: Question, image: Image.Image, ctx: StepContext) -> facts.Fact | None:
    lines = facts.text_lines(ctx.model, image)
    match = find_text(q.args.get("text", ""), [t.text for t in lines])
    return None if match is None else facts.text_fact(lines[match.line], image.size)


def _where_text(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    wanted = quote(q.args.get("text", ""))
    line = _find_line(q, image, ctx)
    if line is None:
        return Found(f"There is no text {wanted} in the image.", f"图中没有文字{wanted}。", "")
    where = facts.position(line.box, image.size)
    corners = f"({line.box.x0},{line.box.y0})-({line.box.x1},{line.box.y1})"
    return Found(f"The text {wanted} is at the {where} of the image, {corners}.",
                 f"文字{wanted}在图片的{_ZH_WHERE[where]}，位置 {corners}。", line.label,
                 evidence=[line.evidence], boxes=[line.box], labels=[line.label])


def _has_text(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    wanted = quote(q.args.get("text", ""))
    line = _find_line(q, image, ctx)
    if line is None:
        return Found(f"No, there is no text {wanted} in the image.", f"没有，图中没有文字{wanted}。", "no")
    return Found(f"Yes, the image has the text {wanted} ({facts.position(line.box, image.size)}).",
                 f"有，图中有文字{wanted}（{_ZH_WHERE[facts.position(line.box, image.size)]}）。",
                 "yes", evidence=[line.evidence], boxes=[line.box], labels=[line.label])


def _colour_shares(q: Question, image: Image.Image, ctx: StepContext) -> list[tuple[str, float]]:
    """The colours of the region the question is about (the image, the background, the shirt),
    each over 5%; empty when that region is not in the image."""
    mask = facts.target_mask(q.args.get("target"), image, ctx.model)
    if mask is not None and not mask.any():
        return []
    return [(n, s) for n, s in facts.color_shares(image, mask) if s >= 0.05][:3]


def _not_found(q: Question) -> Found:
    target = q.args.get("target", "")
    return Found(f"Unknown: vloop could not find the {target} in the image.",
                 f"无法回答：图中找不到{_ZH_TARGET.get(target, target)}。", known=False)


def _colour_evidence(q: Question, shares: list[tuple[str, float]]) -> list[str]:
    place = {"background": "border"}.get(q.args.get("target", ""), q.args.get("target", "image"))
    return [f"{n} covers {s:.0%} of the {place}" for n, s in shares]


def _colors(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    shares = _colour_shares(q, image, ctx)
    if not shares:
        return _not_found(q)
    top, target = shares[0][0], q.args.get("target")
    evidence = _colour_evidence(q, shares)
    if target:
        verb = "are" if target == "clothes" else "is"
        return Found(f"The {target} {verb} {top}.", f"{_ZH_TARGET[target]}是{facts.ZH_COLOR[top]}。", top,
                     evidence=evidence)
    en = ", ".join(f"{n} ({s:.0%})" for n, s in shares)
    zh = "、".join(f"{facts.ZH_COLOR[n]}（{s:.0%}）" for n, s in shares)
    return Found(f"The main colour is {top}; the colours are {en}.",
                 f"主色是{facts.ZH_COLOR[top]}，颜色依次为{zh}。", top, evidence=evidence)


def _is_color(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    shares = _colour_shares(q, image, ctx)
    if not shares:
        return _not_found(q)
    asked, top = color_family(q.args["color"]), shares[0][0]
    what = q.args.get("target", "image")
    zh_what = _ZH_TARGET.get(what, "图片")
    if asked == top:
        return Found(f"Yes, the {what} is {top}.", f"是的，{zh_what}是{facts.ZH_COLOR[top]}。", top,
                     evidence=_colour_evidence(q, shares))
    return Found(f"No, the {what} is {top}, not {asked}.",
                 f"不是，{zh_what}是{facts.ZH_COLOR[top]}，不是{facts.ZH_COLOR[asked]}。", top,
                 evidence=_colour_evidence(q, shares))


def _main_object(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    faces = facts.faces(ctx.model, image)
    big = [f for f in faces if f.box.area >= PERSON_FACE_SHARE * image.width * image.height]
    if big:
        return Found(f"The main subject is a person ({len(faces)} face(s) found).",
                     f"主体是人（找到 {len(faces)} 张脸）。", "person",
                     evidence=[f.evidence for f in big], boxes=[f.box for f in big],
                     labels=["person"] * len(big))
    tags = ctx.model.tags(image, top_k=5)
    evidence = [f"ImageNet tag {t.label!r} score {t.score:.2f}" for t in tags[:3]]
    if not tags or tags[0].score < MIN_OBJECT_SCORE:
        return Found("Unknown: the classifier is not sure what the main object is.",
                     "无法回答：分类模型不确定主体是什么。", known=False, evidence=evidence)
    label, zh = tags[0].label, _zh_object(tags[0].label)
    article = "an" if label[:1].lower() in "aeiou" else "a"
    return Found(f"The main object looks like {article} {label} (classifier score {tags[0].score:.2f}).",
                 f"主体看起来是{zh}（分类得分 {tags[0].score:.2f}）。", label, evidence=evidence)


def _zh_object(label: str) -> str:
    for generic, words in OBJECT_TAGS.items():
        if any(w in label.lower() for w in words):
            zh = next((k for k, v in OBJECT_WORDS.items() if v == generic), None)
            if zh:
                return f"{zh}（{label}）"
    return quote(label)


_ZH_TARGET = {"image": "图片", "person": "人", "face": "脸", "hair": "头发", "clothes": "衣服",
              "subject": "主体", "background": "背景", "sky": "天空", "text": "文字"}
_ZH_WHERE = {"top left": "左上方", "top": "上方", "top right": "右上方", "left": "左侧",
             "centre": "中间", "right": "右侧", "bottom left": "左下方", "bottom": "下方",
             "bottom right": "右下方"}


# Positions and differences


def relative_position(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    a, b, rel = q.args["a"], q.args["b"], q.args["rel"]
    box_a, box_b = facts.locate(a, image, ctx.model), facts.locate(b, image, ctx.model)
    missing = [name for name, box in ((a, box_a), (b, box_b)) if box is None]
    if missing or box_a is None or box_b is None:
        names = ", ".join(quote(m) for m in missing)
        return Found(f"Unknown: vloop could not find {names} in the image.",
                     f"无法回答：图中找不到{names}。", known=False)
    actual = facts.relation(box_a, box_b)
    yes = rel in actual
    words = {"left": ("left of", "左边"), "right": ("right of", "右边"), "above": ("above", "上面"),
             "below": ("below", "下面")}
    en_rel = " and ".join(words[r][0] for r in actual) or "on top of"
    zh_rel = "、".join(words[r][1] for r in actual) or "重叠处"
    return Found(f"{'Yes' if yes else 'No'}: {quote(a)} is {en_rel} {quote(b)}.",
                 f"{'是' if yes else '不是'}：{quote(a)}在{quote(b)}的{zh_rel}。", ",".join(actual),
                 evidence=[f"{quote(a)} at {box_a.as_tuple()}", f"{quote(b)} at {box_b.as_tuple()}"],
                 boxes=[box_a, box_b], labels=[a, b])


def _second(ctx: StepContext) -> Image.Image | None:
    return ctx.extra_images[0].convert("RGB") if ctx.extra_images else None


_NEED_TWO = Found("Unknown: comparing needs two images; give a second one.",
                  "无法回答：比较需要两张图片，请再给一张。", known=False)


def differ(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    other = _second(ctx)
    if other is None:
        return _NEED_TWO
    diff = facts.difference(image, other)
    if not diff.differ:
        return Found("No, the two images look the same.", "没有，两张图片看起来一样。", "no",
                     evidence=[f"{diff.fraction:.2%} of pixels differ"])
    places = [facts.position(b, image.size) for b in diff.boxes]
    return Found(f"Yes, they differ in {len(places)} area(s): {', '.join(places)} "
                 f"({diff.fraction:.1%} of pixels).",
                 f"有，两张图片有 {len(places)} 处不同：{'、'.join(_ZH_WHERE[p] for p in places)}"
                 f"（{diff.fraction:.1%} 的像素）。", "yes", evidence=_diff_evidence(diff, image),
                 boxes=diff.boxes, labels=["changed"] * len(diff.boxes))


def _diff_evidence(diff: facts.Difference, image: Image.Image) -> list[str]:
    return [f"{diff.fraction:.2%} of pixels differ"] + [
        f"changed area at {b.as_tuple()} ({facts.position(b, image.size)})" for b in diff.boxes]


def what_changed(q: Question, image: Image.Image, ctx: StepContext) -> Found:
    other = _second(ctx)
    if other is None:
        return _NEED_TWO
    other = other.resize(image.size) if other.size != image.size else other
    diff = facts.difference(image, other)
    if not diff.differ:
        return Found("Nothing changed: the two images look the same.", "没有变化：两张图片看起来一样。",
                     "none", evidence=[f"{diff.fraction:.2%} of pixels differ"])
    box = diff.boxes[0]
    where = facts.position(box, image.size)
    before, after = _texts_in(image, box, ctx), _texts_in(other, box, ctx)
    if before != after and (before or after):
        return Found(f"The text at the {where} changed from {quote(before)} to {quote(after)}.",
                     f"{_ZH_WHERE[where]}的文字从{quote(before)}变成了{quote(after)}。",
                     f"text:{before}->{after}", evidence=_diff_evidence(diff, image),
                     boxes=[box], labels=[after])
    mask = facts.box_mask(image.size, box)
    old, new = facts.color_shares(image, mask)[0][0], facts.color_shares(other, mask)[0][0]
    en_what = f"its colour changed from {old} to {new}" if old != new else "it looks different"
    zh_what = f"颜色从{facts.ZH_COLOR[old]}变成了{facts.ZH_COLOR[new]}" if old != new else "内容变了"
    return Found(f"The area at the {where} changed: {en_what}.", f"{_ZH_WHERE[where]}的区域变了：{zh_what}。",
                 f"color:{old}->{new}", evidence=_diff_evidence(diff, image), boxes=[box],
                 labels=["changed"])


def _texts_in(image: Image.Image, box: Box, ctx: StepContext) -> str:
    lines = facts.text_lines(ctx.model, image)
    return " ".join(t.text for t in lines if t.box.iou(box) > 0 or _inside(t.box, box))


def _inside(a: Box, b: Box) -> bool:
    cx, cy = a.center
    return b.x0 <= cx < b.x1 and b.y0 <= cy < b.y1


ANSWERERS: dict[str, Callable[[Question, Image.Image, StepContext], Found]] = {
    "unanswerable": _unanswerable, "unknown": _unknown, "count_faces": _count("face"),
    "count_people": _count("person"), "read_text": _read_text, "where_text": _where_text,
    "has_text": _has_text, "background_color": _colors, "dominant_color": _colors,
    "is_color": _is_color,
    "main_object": _main_object, "relative_position": relative_position, "differ": differ,
    "what_changed": what_changed,
}

TOOL = Tool(
    name="answer", kind="perceive", summary=__doc__.splitlines()[0],
    input_model=Input, output_model=Output, run=run, verify=verify,
)
