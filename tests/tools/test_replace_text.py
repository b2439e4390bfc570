"""replace_text on rendered images with the real embedded OCR and inpainting.

Each case renders text on a background, replaces it, then checks what a person would: OCR of
the output reads the new text and not the old, and nothing moved away from the old text.
Renders and runs are shared between tests (module-level caches), so each case costs one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from model_server.types import Box
from tests.tools import render
from tools import replace_text
from tools.base import StepContext, StepFailed, StepOutput
from tools.colors import parse_color
from tools.text_match import find_text, normalize, row_texts

WHITE, INK, RED, YELLOW = (250, 250, 250), (24, 24, 28), (180, 20, 30), (255, 230, 120)


@dataclass(frozen=True)
class Case:
    id: str
    background: str  # a key of BACKGROUNDS
    text: str
    size: int  # font size, px
    color: tuple[int, int, int]
    center: tuple[int, int]
    old: str  # what the user asks to replace
    new: str
    fill: str  # "plane" (flat or gradient fill) or "inpaint": what erasing should come to


BACKGROUNDS = {
    "light": lambda: render.flat((480, 200), render.LIGHT),
    "dark": lambda: render.flat((640, 240), render.DARK),
    "light_small": lambda: render.flat((320, 120), render.LIGHT),
    "gradient_light": lambda: render.gradient((480, 200), (250, 240, 200), (200, 220, 250)),
    "gradient_dark": lambda: render.gradient((320, 120), (20, 30, 80), (60, 20, 40)),
    "astronaut_suit": lambda: render.photo("astronaut", (0, 256, 512, 512)),
    "astronaut_backdrop": lambda: render.photo("astronaut", (0, 0, 512, 256)),
    "coffee_table": lambda: render.photo("coffee", (0, 200, 600, 400)),
    "line": lambda: render.flat((560, 160), render.LIGHT),
}

CASES = [
    Case("flat_en_zh_medium", "light", "SALE", 40, INK, (240, 100), "SALE", "五折", "plane"),
    Case("flat_zh_en_large_light_on_dark", "dark", "限时特价", 90, WHITE, (320, 120),
         "限时特价", "HOT DEAL", "plane"),
    Case("flat_en_en_small", "light_small", "Monday", 18, INK, (160, 60), "monday", "Sunday",
         "plane"),
    Case("gradient_en_zh_small_light_on_dark", "gradient_dark", "OPEN", 18, YELLOW, (160, 60),
         "OPEN", "营业", "plane"),
    Case("gradient_zh_en_medium", "gradient_light", "五折优惠", 40, RED, (240, 100), "五折优惠",
         "HALF PRICE", "plane"),
    Case("photo_en_zh_medium_light_on_dark", "astronaut_suit", "SALE", 48, WHITE, (200, 150),
         "Sale", "五折", "inpaint"),
    Case("photo_en_en_small_dark_on_light", "astronaut_backdrop", "Mission 2024", 18,
         (20, 20, 40), (330, 40), "Mission 2024", "Mission 2025", "inpaint"),
    Case("photo_zh_en_large_light_on_dark", "coffee_table", "限时特价", 60, (250, 245, 230),
         (300, 160), "限时特价", "LAST DAY", "inpaint"),
    Case("part_of_a_line", "line", "Big SALE today", 40, INK, (280, 80), "SALE", "五折", "plane"),
    Case("erase", "gradient_light", "DRAFT", 48, RED, (240, 100), "DRAFT", "", "plane"),
]
BY_ID = {case.id: case for case in CASES}


@cache
def scene(case_id: str) -> tuple[Image.Image, Box]:
    """The case's rendered image and the ink box of its text (the ground truth)."""
    case = BY_ID[case_id]
    image = BACKGROUNDS[case.background]()
    ink = render.write(image, case.text, case.center, case.size, case.color)
    return image, ink


_runs: dict[tuple[str, int], tuple[StepContext, StepOutput]] = {}


def run_case(model, case: Case, attempt: int = 1) -> tuple[StepContext, StepOutput]:
    key = (case.id, attempt)
    if key not in _runs:
        ctx = StepContext(image=scene(case.id)[0], model=model, attempt=attempt)
        _runs[key] = (ctx, replace_text.run(replace_text.Input(old=case.old, new=case.new), ctx))
    return _runs[key]


def read_all(model, image: Image.Image) -> set[str]:
    """Every line OCR reads in the whole image, normalised, plus each row of lines joined.

    The image is centred on a square canvas first: the detector scales the short side up to
    736 px, so a wide strip costs several times more than a square.
    """
    side = max(image.size)
    canvas = Image.new("RGB", (side, side), image.getpixel((0, 0)))
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    lines = model.ocr(canvas)
    return {normalize(line.text) for line in lines} | set(row_texts(lines))


def changed_far_from(before: Image.Image, after: Image.Image, box: Box, margin: int) -> int:
    """How many pixels farther than `margin` from `box` differ by more than 2 levels."""
    diff = np.abs(np.asarray(before, np.int16) - np.asarray(after, np.int16)).max(axis=2)
    far = np.ones(diff.shape, dtype=bool)
    near = box.pad(margin, before.width, before.height)
    far[near.y0:near.y1, near.x0:near.x1] = False
    return int((diff[far] > 2).sum())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_replaces_the_text_and_nothing_else(embedded_model, case: Case) -> None:
    before, ink = scene(case.id)
    ctx, out = run_case(embedded_model, case)

    texts = read_all(embedded_model, out.image)
    if case.new:
        expected = normalize(case.text.replace(case.old, case.new))
        assert normalize(case.new) in texts or expected in texts, (case.new, texts)
    old_left = [t for t in texts if find_text(case.old, [t]) and not find_text(case.new, [t])]
    assert not old_left, f"old text still read: {old_left}"
    # Ground truth, not the op's own box: the rendered ink plus a margin of half its height.
    assert changed_far_from(before, out.image, ink, margin=ink.height // 2 + 12) == 0
    expected_fill = ("flat_fill", "gradient_fill") if case.fill == "plane" else ("inpaint_",)
    assert out.data.strategy.startswith(expected_fill), out.data.strategy

    verdict = replace_text.verify(replace_text.Input(old=case.old, new=case.new), ctx, out)
    assert verdict.passed, verdict.checks


@pytest.mark.parametrize("attempt", [2, 3])
def test_retry_strategies_also_pass(embedded_model, attempt: int) -> None:
    case = BY_ID["photo_en_zh_medium_light_on_dark"]
    ctx, out = run_case(embedded_model, case, attempt)
    first = run_case(embedded_model, case, 1)[1]
    assert out.data.font_size < first.data.font_size  # later attempts draw a little smaller
    assert out.data.strategy == ("inpaint_ns_box" if attempt == 2 else "inpaint_telea_box")
    verdict = replace_text.verify(replace_text.Input(old=case.old, new=case.new), ctx, out)
    assert verdict.passed, verdict.checks


def test_keeps_the_old_text_colour_and_place(embedded_model) -> None:
    case = BY_ID["gradient_zh_en_medium"]
    _, ink = scene(case.id)
    _, out = run_case(embedded_model, case)
    assert max(abs(a - b) for a, b in zip(out.data.color, case.color, strict=True)) <= 12
    assert out.data.new_box.iou(ink) > 0.5
    assert out.data.old_box.x0 <= out.data.new_box.x0 and out.data.new_box.x1 <= out.data.old_box.x1


def test_part_of_a_line_keeps_the_rest(embedded_model) -> None:
    case = BY_ID["part_of_a_line"]
    _, out = run_case(embedded_model, case)
    assert out.data.matched_text == "SALE" and out.data.line_text == "Big SALE today"
    assert normalize(out.data.line_with("五折")) == "big五折today"
    texts = " ".join(read_all(embedded_model, out.image))
    assert "big" in texts and "today" in texts and "五折" in texts


def test_given_colour_is_used(embedded_model) -> None:
    image, ink = scene("flat_en_zh_medium")
    ctx = StepContext(image=image, model=embedded_model)
    out = replace_text.run(replace_text.Input(old="SALE", new="五折", color="red"), ctx)
    assert out.data.color == parse_color("red")
    drawn = np.asarray(out.image)[ink.y0:ink.y1, ink.x0:ink.x1].reshape(-1, 3).astype(int)
    reddest = drawn[np.argmax(drawn[:, 0] - drawn[:, 1])]
    assert np.abs(reddest - np.array(parse_color("red"))).max() <= 10


def test_fuzzy_match_of_what_the_user_typed(embedded_model) -> None:
    image, _ = scene("photo_en_en_small_dark_on_light")
    ctx = StepContext(image=image, model=embedded_model)
    out = replace_text.run(replace_text.Input(old="Mision 2024", new="Mission 2025"), ctx)
    assert out.data.matched_text == "Mission 2024"
    assert 0.8 <= out.data.match_score < 1.0


def test_user_mask_picks_which_occurrence(embedded_model) -> None:
    image = render.flat((480, 240), render.LIGHT)
    render.write(image, "SALE", (240, 60), 36, INK)
    second = render.write(image, "SALE", (240, 180), 36, INK)
    mask = np.zeros((240, 480), dtype=bool)
    mask[140:, :] = True
    ctx = StepContext(image=image, model=embedded_model, mask=mask)
    out = replace_text.run(replace_text.Input(old="SALE", new="五折"), ctx)
    assert out.data.old_box.iou(second) > 0.4
    assert np.array_equal(np.asarray(out.image)[:120], np.asarray(image)[:120])


def test_mask_of_the_wrong_size_is_bad_input(embedded_model) -> None:
    image, _ = scene("flat_en_zh_medium")
    ctx = StepContext(image=image, model=embedded_model, mask=np.ones((10, 10), dtype=bool))
    with pytest.raises(BadInput, match="mask must be 480x200 like the image, got 10x10"):
        replace_text.run(replace_text.Input(old="SALE", new="五折"), ctx)


def test_erasing_part_of_a_line_keeps_the_rest(embedded_model) -> None:
    image, _ = scene("part_of_a_line")
    ctx = StepContext(image=image, model=embedded_model)
    inp = replace_text.Input(old="SALE", new="")
    out = replace_text.run(inp, ctx)
    assert {"big", "today"} <= read_all(embedded_model, out.image)
    verdict = replace_text.verify(inp, ctx, out)
    assert verdict.passed, verdict.checks


def test_new_text_too_long_to_read_fails_the_step(embedded_model) -> None:
    image, _ = scene("flat_en_en_small")
    ctx = StepContext(image=image, model=embedded_model)
    with pytest.raises(StepFailed, match="does not fit legibly"):
        replace_text.run(replace_text.Input(old="Monday", new="星期一到星期五全天营业欢迎光临"), ctx)


def test_text_not_in_the_image_fails_the_step_naming_what_was_read(embedded_model) -> None:
    image, _ = scene("flat_en_zh_medium")
    ctx = StepContext(image=image, model=embedded_model)
    with pytest.raises(StepFailed, match=r"'HELLO'.*OCR read: 'SALE'"):
        replace_text.run(replace_text.Input(old="HELLO", new="你好"), ctx)


def test_no_text_at_all_fails_the_step(embedded_model) -> None:
    ctx = StepContext(image=render.flat((200, 100), render.LIGHT), model=embedded_model)
    with pytest.raises(StepFailed, match="no text at all"):
        replace_text.run(replace_text.Input(old="SALE", new="五折"), ctx)


def test_blank_old_text_is_bad_input(embedded_model) -> None:
    ctx = StepContext(image=render.flat((200, 100), render.LIGHT), model=embedded_model)
    with pytest.raises(BadInput, match="blank"):
        replace_text.run(replace_text.Input(old="  ", new="五折"), ctx)


# Verification must reject broken results.


def failing(verdict) -> set[str]:
    return {check.name for check in verdict.checks if not check.passed}


def test_verify_rejects_an_unchanged_image(embedded_model) -> None:
    case = BY_ID["flat_en_zh_medium"]
    ctx, out = run_case(embedded_model, case)
    broken = StepOutput(image=ctx.image.copy(), data=out.data)
    verdict = replace_text.verify(replace_text.Input(old="SALE", new="五折"), ctx, broken)
    assert not verdict.passed
    assert failing(verdict) == {"ocr_has_new_text", "ocr_old_text_gone"}


def test_verify_rejects_the_wrong_text(embedded_model) -> None:
    image, _ = scene("photo_en_zh_medium_light_on_dark")
    ctx = StepContext(image=image, model=embedded_model)
    wrong = replace_text.run(replace_text.Input(old="SALE", new="六折"), ctx)
    verdict = replace_text.verify(replace_text.Input(old="SALE", new="五折"), ctx, wrong)
    assert failing(verdict) == {"ocr_has_new_text"}
    assert "六折" in verdict.checks[0].detail


def test_verify_rejects_text_written_somewhere_else(embedded_model) -> None:
    case = BY_ID["flat_en_zh_medium"]
    ctx, out = run_case(embedded_model, case)
    erased = replace_text.run(replace_text.Input(old="SALE", new=""), ctx)
    moved = erased.image.copy()
    render.write(moved, "五折", (240, 170), 30, INK)  # below the old place, far from its box
    broken = StepOutput(image=moved, data=out.data)
    verdict = replace_text.verify(replace_text.Input(old="SALE", new="五折"), ctx, broken)
    assert failing(verdict) == {"ocr_has_new_text", "outside_unchanged"}
    outside = next(c for c in verdict.checks if c.name == "outside_unchanged")
    assert outside.score is not None and outside.score < 1.0


def test_verify_rejects_an_erase_that_left_the_text(embedded_model) -> None:
    case = BY_ID["erase"]
    ctx, out = run_case(embedded_model, case)
    broken = StepOutput(image=ctx.image.copy(), data=out.data)
    verdict = replace_text.verify(replace_text.Input(old="DRAFT", new=""), ctx, broken)
    assert failing(verdict) == {"ocr_box_empty", "ocr_old_text_gone"}
