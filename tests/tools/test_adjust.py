"""adjust on real photos with the real embedded models: each property's measure moves the
asked way, a target limits the change to its region, and verification catches results that
did not move, moved the wrong way, or changed what they should not."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from model_server.errors import BadInput
from tests.conftest import pixels
from tests.tools import render
from tools import adjust
from tools.base import StepContext, StepFailed, StepOutput
from tools.masks import dilate, erode

FACE = (175, 80, 272, 175)  # the astronaut's face, measured by hand


def _run(image: Image.Image, model, prop: str, amount: float, target: str | None = None, **ctx_args):
    inp = adjust.Input(property=prop, amount=amount, target=target)
    ctx = StepContext(image=image, model=model, **ctx_args)
    return inp, ctx, adjust.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _grey(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"), dtype=np.float32)


def _lab(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB"), np.float32) / 255, cv2.COLOR_RGB2LAB)


def _laplacian_variance(image: Image.Image, where: np.ndarray) -> float:
    return float(cv2.Laplacian(_grey(image), cv2.CV_32F)[where].var())


# Whole image: what a person would measure


def test_brightness_up_and_down(embedded_model, chelsea):
    for amount, sign in ((0.3, 1), (-0.3, -1)):
        inp, ctx, result = _run(chelsea, embedded_model, "brightness", amount)
        change = _grey(result.image).mean() - _grey(chelsea).mean()
        assert sign * change >= 10
        assert adjust.verify(inp, ctx, result).passed


def test_contrast_up_and_down(embedded_model, chelsea):
    for amount, low, high in ((0.3, 1.15, 2.0), (-0.3, 0.5, 0.85)):
        inp, ctx, result = _run(chelsea, embedded_model, "contrast", amount)
        ratio = _grey(result.image).std() / _grey(chelsea).std()
        assert low <= ratio <= high
        assert adjust.verify(inp, ctx, result).passed


def test_saturation_up_and_down(embedded_model, astronaut):
    chroma_before = np.hypot(*_lab(astronaut)[:, :, 1:].transpose(2, 0, 1)).mean()
    for amount, low, high in ((0.4, 1.2, 1.6), (-0.6, 0.3, 0.6)):
        inp, ctx, result = _run(astronaut, embedded_model, "saturation", amount)
        ratio = np.hypot(*_lab(result.image)[:, :, 1:].transpose(2, 0, 1)).mean() / chroma_before
        assert low <= ratio <= high
        assert adjust.verify(inp, ctx, result).passed


def test_warmer_is_more_amber_cooler_more_blue(embedded_model, astronaut):
    before = pixels(astronaut).mean(axis=(0, 1))
    _, _, warm = _run(astronaut, embedded_model, "warmth", 0.4)
    inp, ctx, cool = _run(astronaut, embedded_model, "warmth", -0.4)
    r_warm, _, b_warm = pixels(warm.image).mean(axis=(0, 1)) - before
    r_cool, _, b_cool = pixels(cool.image).mean(axis=(0, 1)) - before
    assert r_warm > 3 and b_warm < -5  # more red, less blue
    assert r_cool < -3 and b_cool > 5
    lightness = _lab(astronaut)[:, :, 0].mean()
    assert abs(_lab(cool.image)[:, :, 0].mean() - lightness) < 2  # a colour move, not darker
    assert adjust.verify(inp, ctx, cool).passed


def test_sharpen_and_soften(embedded_model, chelsea):
    everywhere = np.ones((chelsea.height, chelsea.width), bool)
    before = _laplacian_variance(chelsea, everywhere)
    inp, ctx, sharp = _run(chelsea, embedded_model, "sharpness", 0.4)
    assert _laplacian_variance(sharp.image, everywhere) > 1.5 * before
    assert adjust.verify(inp, ctx, sharp).passed
    inp, ctx, soft = _run(chelsea, embedded_model, "sharpness", -0.4)
    assert _laplacian_variance(soft.image, everywhere) < 0.85 * before
    assert adjust.verify(inp, ctx, soft).passed


def test_blur_whole_image(embedded_model, chelsea):
    everywhere = np.ones((chelsea.height, chelsea.width), bool)
    inp, ctx, result = _run(chelsea, embedded_model, "blur", 0.3)
    assert _laplacian_variance(result.image, everywhere) < 0.2 * _laplacian_variance(chelsea, everywhere)
    assert abs(_grey(result.image).mean() - _grey(chelsea).mean()) < 2  # softer, not darker
    assert adjust.verify(inp, ctx, result).passed
    assert result.data.target_label == "whole image" and result.data.region_fraction == 1.0


# Targets


@pytest.fixture(scope="module")
def blurred_background(embedded_model, astronaut):
    return _run(astronaut, embedded_model, "blur", 0.4, "background")


def test_blur_the_background_keeps_the_astronaut_sharp(embedded_model, astronaut, blurred_background):
    inp, ctx, result = blurred_background
    person = embedded_model.person_mask(astronaut) > 0.5
    background = ~dilate(person, 8)
    assert _laplacian_variance(result.image, background) < 0.2 * _laplacian_variance(astronaut, background)
    same = np.abs(pixels(astronaut) - pixels(result.image)).max(axis=2) == 0
    assert same[erode(person, 6)].mean() >= 0.99
    x0, y0, x1, y1 = FACE
    face = np.zeros(same.shape, np.uint8)
    cv2.ellipse(face, ((x0 + x1) // 2, (y0 + y1) // 2), ((x1 - x0) * 2 // 5, (y1 - y0) * 2 // 5),
                0, 0, 360, 1, -1)
    assert same[face.astype(bool)].all()  # not one pixel of the face changed
    verdict = adjust.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    assert result.data.measured_after < 0.2 * result.data.measured_before


def test_blurred_background_gets_no_halo_of_the_suit(astronaut, blurred_background):
    # Orange must not bleed into the grey backdrop beside her shoulder.
    _, _, result = blurred_background
    strip = (slice(200, 260), slice(385, 420))  # backdrop just right of the suit's shoulder
    before = pixels(astronaut)[strip].mean(axis=(0, 1))
    after = pixels(result.image)[strip].mean(axis=(0, 1))
    assert (after[0] - after[2]) - (before[0] - before[2]) < 12


def test_brighten_the_face_only(embedded_model, astronaut):
    inp, ctx, result = _run(astronaut, embedded_model, "brightness", 0.4, "face")
    x0, y0, x1, y1 = FACE
    core = (slice(y0 + 20, y1 - 20), slice(x0 + 20, x1 - 20))
    assert _grey(result.image)[core].mean() - _grey(astronaut)[core].mean() >= 8
    same = np.abs(pixels(astronaut) - pixels(result.image)).max(axis=2) == 0
    assert same[300:, :].all() and same[:, :140].all()
    assert adjust.verify(inp, ctx, result).passed


def test_saturate_the_red_pixels_of_a_chained_step(embedded_model, chelsea):
    made = np.zeros((chelsea.height, chelsea.width), bool)
    made[100:200, 150:300] = True
    inp, ctx, result = _run(chelsea, embedded_model, "saturation", 0.5, "step:s1", regions={"s1": made})
    same = np.abs(pixels(chelsea) - pixels(result.image)).max(axis=2) == 0
    assert same[~dilate(made, 4)].all() and not same[made].all()
    assert adjust.verify(inp, ctx, result).passed


def test_a_retry_pushes_harder(embedded_model, chelsea):
    _, _, first = _run(chelsea, embedded_model, "brightness", 0.2)
    _, _, second = _run(chelsea, embedded_model, "brightness", 0.2, attempt=2)
    assert _grey(second.image).mean() > _grey(first.image).mean() + 2


# Refusals


@pytest.mark.parametrize(("prop", "amount", "message"), [
    ("brightness", 0.0, "would not change"),
    ("blur", -0.3, "blur strength must be between 0 and 1"),
])
def test_bad_amounts_are_bad_input_before_any_model_runs(chelsea, prop, amount, message):
    with pytest.raises(BadInput, match=message):
        adjust.run(adjust.Input(property=prop, amount=amount),
                   StepContext(image=chelsea, model=None))  # type: ignore[arg-type]


def test_nothing_to_act_on_fails_the_step(embedded_model):
    flat = render.flat((200, 100), (128, 128, 128))
    with pytest.raises(StepFailed, match="one flat tone"):
        _run(flat, embedded_model, "contrast", 0.3)
    with pytest.raises(StepFailed, match="grey"):
        _run(flat, embedded_model, "saturation", 0.3)
    with pytest.raises(StepFailed, match="no detail"):
        _run(flat, embedded_model, "sharpness", 0.3)
    with pytest.raises(StepFailed, match="already white"):
        _run(render.flat((200, 100), (255, 255, 255)), embedded_model, "brightness", 0.3)


def test_missing_target_fails_the_step(embedded_model, chelsea):
    with pytest.raises(StepFailed, match="no face"):
        _run(chelsea, embedded_model, "brightness", 0.3, "face")


# Verification catches broken results


def _planted(result: StepOutput, image: Image.Image) -> StepOutput:
    return StepOutput(image=image, data=result.data, region=result.region)


@pytest.mark.parametrize("prop", ["brightness", "contrast", "saturation", "warmth", "sharpness", "blur"])
def test_verify_rejects_the_input_returned_unchanged(embedded_model, astronaut, prop):
    inp, ctx, result = _run(astronaut, embedded_model, prop, 0.3)
    assert adjust.verify(inp, ctx, result).passed
    assert _failed(adjust.verify(inp, ctx, _planted(result, astronaut))) == {"measure_moved"}


@pytest.mark.parametrize("prop", ["brightness", "contrast", "saturation", "warmth", "sharpness"])
def test_verify_rejects_a_change_the_wrong_way(embedded_model, astronaut, prop):
    inp, ctx, result = _run(astronaut, embedded_model, prop, 0.3)
    _, _, opposite = _run(astronaut, embedded_model, prop, -0.3)
    assert _failed(adjust.verify(inp, ctx, _planted(result, opposite.image))) == {"measure_moved"}


def test_verify_rejects_blurring_the_person_too(embedded_model, astronaut, blurred_background):
    inp, ctx, result = blurred_background
    _, _, everything = _run(astronaut, embedded_model, "blur", 0.4)
    assert _failed(adjust.verify(inp, ctx, _planted(result, everything.image))) == {"outside_unchanged"}
    unclaimed = StepOutput(image=everything.image, data=result.data)  # verify finds the region itself
    assert _failed(adjust.verify(inp, ctx, unclaimed)) == {"outside_unchanged"}


def test_verify_rejects_the_wrong_region_edited(embedded_model, astronaut, blurred_background):
    inp, ctx, result = blurred_background
    _, _, person = _run(astronaut, embedded_model, "blur", 0.4, "person")
    verdict = adjust.verify(inp, ctx, _planted(result, person.image))
    assert _failed(verdict) == {"measure_moved", "outside_unchanged"}


def test_verify_rejects_another_size(embedded_model, chelsea):
    inp, ctx, result = _run(chelsea, embedded_model, "brightness", 0.3)
    assert _failed(adjust.verify(inp, ctx, _planted(result, chelsea.resize((100, 100))))) == {"same_size"}
