"""replace_background on real photos with the real embedded models: what a person would check
is that the background is now what was asked, and the person (above all the face) is not."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from model_server.errors import BadInput, Unsupported
from tests.conftest import pixels
from tools import replace_background as rb
from tools.base import StepContext
from tools.drawing import load_font
from tools.masks import dilate, erode
from tools.text_match import similarity

LIGHT_BLUE = np.array([173, 216, 230])
FACE = (175, 80, 272, 175)  # the astronaut's face, measured by hand: brows to chin, ear to ear


def _run(image: Image.Image, model, inp: rb.Input, **ctx_args):
    ctx = StepContext(image=image, model=model, **ctx_args)
    result = rb.run(inp, ctx)
    return ctx, result


def _face_ellipse(shape: tuple[int, int], share: float = 0.8) -> np.ndarray:
    x0, y0, x1, y1 = FACE
    mask = np.zeros(shape, np.uint8)
    centre = ((x0 + x1) // 2, (y0 + y1) // 2)
    cv2.ellipse(mask, centre, (int((x1 - x0) / 2 * share), int((y1 - y0) / 2 * share)), 0, 0, 360, 1, -1)
    return mask.astype(bool)


def _person(model, image: Image.Image) -> np.ndarray:
    return model.person_mask(image) > 0.5


def _laplacian_variance(image: Image.Image, region: np.ndarray) -> float:
    gray = cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(gray, cv2.CV_32F)[region].var())


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


# Colour


@pytest.mark.parametrize("colour", ["light blue", "浅蓝色", "#ADD8E6"])
def test_light_blue_background_behind_the_astronaut(embedded_model, astronaut, colour):
    inp = rb.Input(mode="color", color=colour)
    ctx, result = _run(astronaut, embedded_model, inp)
    before, after = pixels(astronaut), pixels(result.image)

    outside = ~_person(embedded_model, astronaut)
    dist = np.linalg.norm(after[outside] - LIGHT_BLUE, axis=1)
    assert (dist <= 16).mean() >= 0.9

    x0, y0, x1, y1 = FACE
    same = np.abs(before - after).max(axis=2) == 0
    assert same[_face_ellipse(same.shape)].all(), "a pixel of the face changed"
    assert same[y0:y1, x0:x1].mean() >= 0.9  # what changed in the face box is background by the jaw

    assert result.data.subject == "person"
    assert 0.4 < result.data.subject_fraction < 0.7
    verdict = rb.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_poster_text_stays_readable_in_front_of_the_new_background(embedded_model, astronaut):
    poster = Image.new("RGB", (800, 512), (238, 232, 220))
    poster.paste(astronaut, (0, 0))
    draw = ImageDraw.Draw(poster)
    words = {"SALE": (540, 60, 88), "五折优惠": (540, 200, 56), "50% OFF": (540, 300, 52)}
    for text, (x, y, size) in words.items():
        draw.text((x, y), text, fill=(25, 25, 40), font=load_font(size))

    inp = rb.Input(mode="color", color="light blue")
    ctx, result = _run(poster, embedded_model, inp)

    read = [line.text for line in embedded_model.ocr(result.image)]
    for text in words:
        assert max(similarity(text, r) for r in read) >= 0.9, (text, read)
    assert result.data.kept_text_lines == 3
    panel = pixels(result.image)[20:500, 520:790]
    near_blue = np.linalg.norm(panel - LIGHT_BLUE, axis=2) <= 16
    assert 0.6 < near_blue.mean() < 0.97  # the panel is light blue, apart from the kept letters
    verdict = rb.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


# Blur, gradient, image


def test_blur_softens_the_background_and_keeps_the_subject(embedded_model, astronaut):
    inp = rb.Input(mode="blur", blur_radius=10)
    ctx, result = _run(astronaut, embedded_model, inp)
    person = _person(embedded_model, astronaut)
    background = ~dilate(person, 8)
    core = erode(person, 8)

    before_var = _laplacian_variance(astronaut, background)
    after_var = _laplacian_variance(result.image, background)
    assert after_var < 0.2 * before_var
    same = np.abs(pixels(astronaut) - pixels(result.image)).max(axis=2) == 0
    assert same[core].mean() >= 0.99
    verdict = rb.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_gradient_runs_from_the_first_colour_at_the_top_to_the_second_at_the_bottom(
    embedded_model, astronaut
):
    inp = rb.Input(mode="gradient", color="navy", color2="white")
    ctx, result = _run(astronaut, embedded_model, inp)
    after = pixels(result.image)
    background = ~dilate(_person(embedded_model, astronaut), 8)

    ys, xs = np.nonzero(background)
    t = ys / (astronaut.height - 1)
    expected = np.array([0, 0, 128]) * (1 - t)[:, None] + np.array([255, 255, 255]) * t[:, None]
    assert (np.abs(after[ys, xs] - expected).max(axis=1) <= 2).mean() >= 0.95
    top = after[:40][background[:40]].mean(axis=0)
    assert np.abs(top - [0, 0, 128]).max() < 25
    verdict = rb.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_image_mode_puts_the_second_input_behind_the_person(embedded_model, astronaut):
    from skimage import data

    coffee = Image.fromarray(data.coffee())  # 600x400: scaled by 1.28 to 768x512, centre crop
    inp = rb.Input(mode="image", image_index=2)
    ctx, result = _run(astronaut, embedded_model, inp, extra_images=[coffee])

    expected = pixels(coffee.resize((768, 512), Image.Resampling.LANCZOS).crop((128, 0, 640, 512)))
    background = ~dilate(_person(embedded_model, astronaut), 8)
    dist = np.linalg.norm(pixels(result.image)[background] - expected[background], axis=1)
    assert (dist <= 16).mean() >= 0.9
    verdict = rb.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks


def test_user_mask_is_the_subject(embedded_model, chelsea):
    mask = np.zeros((chelsea.height, chelsea.width), dtype=bool)
    mask[60:260, 100:350] = True
    inp = rb.Input(mode="color", color="white")
    ctx, result = _run(chelsea, embedded_model, inp, mask=mask)
    after = pixels(result.image)
    assert result.data.subject == "user"
    assert (after[~dilate(mask, 3)] == 255).all()
    assert (after[erode(mask, 3)] == pixels(chelsea)[erode(mask, 3)]).all()
    assert rb.verify(inp, ctx, result).passed


# Retries and refusals


def test_second_attempt_keeps_more_of_the_subject(embedded_model, astronaut):
    inp = rb.Input(mode="color", color="light blue")
    _, first = _run(astronaut, embedded_model, inp)
    ctx, second = _run(astronaut, embedded_model, inp, attempt=2)
    assert "0.3" in second.data.strategy and "0.5" in first.data.strategy
    assert second.data.subject_fraction > first.data.subject_fraction
    assert rb.verify(inp, ctx, second).passed


def test_verify_judges_a_retry_by_the_same_subject(embedded_model, astronaut):
    # A retry that cut along another mask (here: one without the head) and says so in its
    # data is still judged against the astronaut, head and all.
    inp = rb.Input(mode="color", color="light blue")
    ctx, result = _run(astronaut, embedded_model, inp)
    headless = _person(embedded_model, astronaut)
    headless[:200] = False
    cut = pixels(astronaut).astype(np.uint8)
    cut[~headless] = LIGHT_BLUE
    claims = result.data.model_copy(update={"subject": "salient"})
    verdict = rb.verify(inp, ctx, type(result)(image=Image.fromarray(cut), data=claims))
    assert {"subject_unchanged", "faces_unchanged"} <= _failed(verdict)


def test_a_cat_is_not_taken_for_a_person(embedded_model, chelsea):
    # The person model marks most of this photo; with no face on it, the subject must come
    # from the salient mask, or the backend must say it has none.
    try:
        _, result = _run(chelsea, embedded_model, rb.Input(color="white"))
    except Unsupported as err:
        assert "salient" in str(err)
    else:
        assert result.data.subject == "salient"


@pytest.mark.parametrize(
    ("inp", "extra", "message"),
    [
        (rb.Input(mode="color"), [], "needs a colour"),
        (rb.Input(mode="color", color="blurple"), [], "unknown colour"),
        (rb.Input(mode="image", image_index=2), [], "2 as background, but 1 image"),
        (rb.Input(mode="image", image_index=1), [], "image being edited"),
    ],
)
def test_bad_arguments_are_refused_clearly(embedded_model, astronaut, inp, extra, message):
    with pytest.raises(BadInput, match=message):
        _run(astronaut, embedded_model, inp, extra_images=extra)


def test_user_mask_of_the_wrong_size_is_refused(embedded_model, astronaut):
    with pytest.raises(BadInput, match="512x512 like the image, got 100x80"):
        _run(astronaut, embedded_model, rb.Input(color="red"), mask=np.ones((80, 100), bool))


# Verification rejects broken results


def _planted(result, image: Image.Image):
    return type(result)(image=image, data=result.data)


def test_verify_rejects_the_input_returned_unchanged(embedded_model, astronaut):
    inp = rb.Input(mode="color", color="light blue")
    ctx, result = _run(astronaut, embedded_model, inp)
    verdict = rb.verify(inp, ctx, _planted(result, astronaut.copy()))
    assert not verdict.passed
    assert "background_is_target" in _failed(verdict)


def test_verify_rejects_an_unblurred_background(embedded_model, astronaut):
    inp = rb.Input(mode="blur")
    ctx, result = _run(astronaut, embedded_model, inp)
    verdict = rb.verify(inp, ctx, _planted(result, astronaut.copy()))
    assert _failed(verdict) == {"background_is_target"}
    assert "Laplacian" in next(c.detail for c in verdict.checks if not c.passed)


def test_verify_rejects_the_subject_recoloured_instead_of_the_background(embedded_model, astronaut):
    inp = rb.Input(mode="color", color="light blue")
    ctx, result = _run(astronaut, embedded_model, inp)
    wrong = pixels(astronaut).astype(np.uint8)
    wrong[_person(embedded_model, astronaut)] = LIGHT_BLUE
    verdict = rb.verify(inp, ctx, _planted(result, Image.fromarray(wrong)))
    assert {"background_is_target", "subject_unchanged", "faces_unchanged"} <= _failed(verdict)


def test_verify_rejects_a_changed_face(embedded_model, astronaut):
    inp = rb.Input(mode="color", color="light blue")
    ctx, result = _run(astronaut, embedded_model, inp)
    smudged = result.image.copy()
    x0, y0, x1, y1 = FACE
    smudged.paste(smudged.crop((x0, y0, x1, y1)).resize((8, 8)).resize((x1 - x0, y1 - y0)), (x0, y0))
    verdict = rb.verify(inp, ctx, _planted(result, smudged))
    assert "faces_unchanged" in _failed(verdict)


def test_verify_rejects_lost_text(embedded_model, astronaut):
    poster = Image.new("RGB", (800, 512), (238, 232, 220))
    poster.paste(astronaut, (0, 0))
    ImageDraw.Draw(poster).text((540, 80), "SALE", fill=(25, 25, 40), font=load_font(88))
    inp = rb.Input(mode="color", color="light blue")
    ctx, result = _run(poster, embedded_model, inp)
    assert result.data.kept_text_lines == 1
    wiped = result.image.copy()
    ImageDraw.Draw(wiped).rectangle((520, 40, 800, 220), fill=tuple(int(v) for v in LIGHT_BLUE))
    verdict = rb.verify(inp, ctx, _planted(result, wiped))
    assert _failed(verdict) == {"text_kept"}
