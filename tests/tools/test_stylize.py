"""stylize on real photos with the real embedded models: each style leaves the marks a person
would look for (grey lines on white for a sketch, one colour per tile for a mosaic, brown
tones for vintage ...), the picture stays the same scene, and only the target is restyled.
Broken results planted by hand must be rejected by the right check."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image
from pydantic import ValidationError

from tests.conftest import pixels
from tests.tools.render import photo
from tools import stylize
from tools.base import StepContext, StepFailed, StepOutput
from tools.styles.common import luminance

PHOTOS = ["astronaut", "chelsea", "coffee", "rocket"]
FACE = (175, 80, 272, 175)  # the astronaut's face, brows to chin, ear to ear


def _run(image: Image.Image, model, inp: stylize.Input, attempt: int = 1):
    ctx = StepContext(image=image, model=model, attempt=attempt)
    return ctx, stylize.run(inp, ctx)


def _failed(verdict) -> set[str]:
    return {c.name for c in verdict.checks if not c.passed}


def _planted(result: StepOutput, image: Image.Image | np.ndarray) -> StepOutput:
    picture = image if isinstance(image, Image.Image) else Image.fromarray(image)
    return StepOutput(image=picture, data=result.data)


def _top_colours_share(image: Image.Image, count: int) -> float:
    _, counts = np.unique(np.asarray(image).reshape(-1, 3), axis=0, return_counts=True)
    return float(np.sort(counts)[::-1][:count].sum() / counts.sum())


def _median_abs_laplacian(image: Image.Image) -> float:
    return float(np.median(np.abs(cv2.Laplacian(luminance(np.asarray(image)), cv2.CV_32F))))


# Every style on every photo


@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize("style", list(stylize.STYLES))
def test_every_style_passes_its_own_verification_on_a_photo(embedded_model, style, name):
    image = photo(name)
    inp = stylize.Input(style=style)
    ctx, result = _run(image, embedded_model, inp)
    assert result.image.size == image.size
    verdict = stylize.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    assert {c.name for c in verdict.checks} == {"style_applied", "structure_kept"}


# What a person sees, style by style


def test_pencil_sketch_is_grey_lines_on_white_paper(embedded_model, astronaut):
    _, result = _run(astronaut, embedded_model, stylize.Input(style="pencil_sketch"))
    out = pixels(result.image)
    assert (out[:, :, 0] == out[:, :, 1]).all() and (out[:, :, 1] == out[:, :, 2]).all()
    grey = out[:, :, 0]
    assert np.median(grey) > 200  # mostly paper
    # The lines are where the photo has edges: the face's features are drawn darker than
    # the smooth wall behind her.
    x0, y0, x1, y1 = FACE
    assert (grey[y0:y1, x0:x1] < 150).mean() > 3 * (grey[20:60, 300:420] < 150).mean()


def test_mosaic_tiles_are_each_one_colour(embedded_model, coffee_photo):
    _, result = _run(coffee_photo, embedded_model, stylize.Input(style="mosaic"))
    block = int(result.data.params["block"])
    out = pixels(result.image)
    h, w = (out.shape[0] // block) * block, (out.shape[1] // block) * block
    tiles = out[:h, :w].reshape(h // block, block, w // block, block, 3)
    assert block >= 4
    assert (tiles.max(axis=(1, 3)) == tiles.min(axis=(1, 3))).all()
    assert len(np.unique(tiles[:, 0, :, 0].reshape(-1, 3), axis=0)) > 100  # still a picture


def test_vintage_is_brown_faded_and_duller(embedded_model, astronaut):
    _, result = _run(astronaut, embedded_model, stylize.Input(style="vintage"))
    before = cv2.cvtColor(np.asarray(astronaut), cv2.COLOR_RGB2HSV)
    after = cv2.cvtColor(np.asarray(result.image), cv2.COLOR_RGB2HSV)
    hue = after[:, :, 0].astype(int) * 2  # degrees
    coloured = after[:, :, 1] > 20
    assert ((hue >= 10) & (hue <= 60))[coloured].mean() > 0.9  # orange to yellow-brown: sepia
    assert after[:, :, 1].mean() < 0.8 * before[:, :, 1].mean()
    assert np.percentile(luminance(np.asarray(result.image)), 1) > 15  # no true black left
    # The blue and red of the flag are gone: it is toned brown like the rest.
    flag = after[20:300, 0:60][after[20:300, 0:60, 1] > 20]
    assert ((flag[:, 0].astype(int) * 2 >= 10) & (flag[:, 0].astype(int) * 2 <= 60)).mean() > 0.9


def test_cartoon_has_few_flat_colours_and_dark_outlines(embedded_model, astronaut):
    _, result = _run(astronaut, embedded_model, stylize.Input(style="cartoon"))
    assert _top_colours_share(result.image, 24) > 0.9
    assert _top_colours_share(astronaut, 24) < 0.3
    lum = luminance(np.asarray(result.image))
    assert (lum < 30).mean() > 0.02  # ink
    suit = np.asarray(result.image)[260:340, 60:120].reshape(-1, 3).mean(axis=0)
    assert suit[0] > suit[2] + 60  # the suit is still orange


def test_comic_dots_repeat_on_the_screen(embedded_model, astronaut):
    _, result = _run(astronaut, embedded_model, stylize.Input(style="comic"))
    step = int(result.data.params["halftone_step"])
    lum = luminance(np.asarray(result.image))
    suit = lum[260:340, 60:120] - lum[260:340, 60:120].mean()  # mid-tone orange: dotted

    def corr(dy: int, dx: int) -> float:
        a, b = suit[: suit.shape[0] - dy, : suit.shape[1] - dx], suit[dy:, dx:]
        return float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum()))

    assert corr(step, step) > 0.5 > corr(step, 0)  # dots a lattice step apart, not halfway


def test_oil_and_watercolour_flatten_texture_unlike_a_blur(embedded_model):
    image = photo("chelsea")
    for style in ("oil_painting", "watercolor"):
        _, result = _run(image, embedded_model, stylize.Input(style=style))
        assert _median_abs_laplacian(result.image) < 0.9 * _median_abs_laplacian(image)
    _, oil = _run(image, embedded_model, stylize.Input(style="oil_painting"))
    before, after = np.asarray(image, np.float32), np.asarray(oil.image, np.float32)
    assert (after.max(2) - after.min(2)).mean() > 1.1 * (before.max(2) - before.min(2)).mean()
    _, water = _run(image, embedded_model, stylize.Input(style="watercolor"))
    assert luminance(np.asarray(water.image)).mean() > luminance(np.asarray(image)).mean() + 8


def test_van_gogh_strokes_follow_one_direction_locally(embedded_model, astronaut):
    _, result = _run(astronaut, embedded_model, stylize.Input(style="van_gogh"))

    def wall_detail(image: Image.Image) -> np.ndarray:
        wall = luminance(np.asarray(image))[20:120, 300:360]  # plain in the photo
        return wall - cv2.GaussianBlur(wall, (0, 0), 3)

    assert wall_detail(result.image).std() > 3 * wall_detail(astronaut).std()  # strokes on it
    before = cv2.cvtColor(np.asarray(astronaut), cv2.COLOR_RGB2HSV)[:, :, 1].mean()
    after = cv2.cvtColor(np.asarray(result.image), cv2.COLOR_RGB2HSV)[:, :, 1].mean()
    assert after > 1.1 * before


# Targets, strength, retries


def test_only_the_background_is_restyled(embedded_model, astronaut):
    inp = stylize.Input(style="van_gogh", target="background")
    ctx, result = _run(astronaut, embedded_model, inp)
    same = (pixels(astronaut) == pixels(result.image)).all(axis=2)
    assert same[95:150, 190:255].all(), "the eyes, nose or mouth changed"
    assert same[0:60, 300:360].mean() < 0.05  # the wall behind her did
    assert 0.3 < result.data.region_fraction < 0.7
    verdict = stylize.verify(inp, ctx, result)
    assert verdict.passed, verdict.checks
    assert "outside_unchanged" in {c.name for c in verdict.checks}


def test_mosaic_on_the_face_hides_it_with_large_tiles(embedded_model, astronaut):
    inp = stylize.Input(style="马赛克", target="人脸")
    ctx, result = _run(astronaut, embedded_model, inp)
    assert result.data.style == "mosaic"
    assert result.data.params["block"] >= 12  # about six tiles across a ~100 px face
    features = np.asarray(result.image)[95:150, 190:255].reshape(-1, 3)  # eyes, nose, mouth
    assert len(np.unique(features, axis=0)) <= 30
    assert len(np.unique(np.asarray(astronaut)[95:150, 190:255].reshape(-1, 3), axis=0)) > 1000
    assert stylize.verify(inp, ctx, result).passed


def test_half_strength_is_half_way_and_still_judged_by_the_style(embedded_model, astronaut):
    inp = stylize.Input(style="pencil_sketch", strength=0.5)
    ctx, result = _run(astronaut, embedded_model, inp)
    _, full = _run(astronaut, embedded_model, stylize.Input(style="pencil_sketch"))
    expected = 0.5 * pixels(astronaut) + 0.5 * pixels(full.image)
    assert np.abs(pixels(result.image) - expected).max() <= 1
    assert stylize.verify(inp, ctx, result).passed


def test_a_retry_turns_the_filter_up(embedded_model, astronaut):
    inp = stylize.Input(style="mosaic")
    _, first = _run(astronaut, embedded_model, inp)
    ctx, second = _run(astronaut, embedded_model, inp, attempt=2)
    assert second.data.level == 2 and second.data.params["block"] > first.data.params["block"]
    assert stylize.verify(inp, ctx, second).passed


def test_a_target_that_is_not_there_fails_the_step(embedded_model):
    with pytest.raises(StepFailed, match="face"):
        _run(photo("coffee"), embedded_model, stylize.Input(style="cartoon", target="face"))


# Names


@pytest.mark.parametrize("word, name", [
    ("素描", "pencil_sketch"), ("sketch", "pencil_sketch"), ("Oil Painting", "oil_painting"),
    ("水彩", "watercolor"), ("anime", "cartoon"), ("pop art", "comic"), ("pixel art", "mosaic"),
    ("老照片", "vintage"), ("梵高", "van_gogh"), ("starry night", "van_gogh"), ("van_gogh", "van_gogh"),
])
def test_styles_are_named_in_english_and_chinese(word, name):
    assert stylize.Input(style=word).style == name


def test_an_unknown_style_is_refused_with_the_list():
    with pytest.raises(ValidationError, match="pencil_sketch"):
        stylize.Input(style="ukiyo-e")


def test_style_help_lists_every_style_in_both_languages():
    text = stylize.style_help()
    for style in stylize.STYLES.values():
        assert style.name in text and style.english in text and style.chinese in text
    assert len(text.splitlines()) == len(stylize.STYLES)


# Verification rejects broken results


@pytest.mark.parametrize("style", list(stylize.STYLES))
def test_the_input_returned_unchanged_is_not_a_style(embedded_model, astronaut, style):
    inp = stylize.Input(style=style)
    ctx, result = _run(astronaut, embedded_model, inp)
    verdict = stylize.verify(inp, ctx, _planted(result, astronaut))
    assert _failed(verdict) == {"style_applied"}


@pytest.mark.parametrize("style", ["oil_painting", "watercolor", "cartoon", "van_gogh", "pencil_sketch"])
@pytest.mark.parametrize("sigma", [1.0, 3.0])
def test_a_blur_is_not_a_style(embedded_model, astronaut, style, sigma):
    inp = stylize.Input(style=style)
    ctx, result = _run(astronaut, embedded_model, inp)
    blurred = cv2.GaussianBlur(np.asarray(astronaut), (0, 0), sigma)
    assert _failed(stylize.verify(inp, ctx, _planted(result, blurred))) == {"style_applied"}


def test_a_lightened_photo_is_not_a_watercolour(embedded_model, astronaut):
    inp = stylize.Input(style="watercolor")
    ctx, result = _run(astronaut, embedded_model, inp)
    lighter = 255 - (255 - np.asarray(astronaut, np.float32)) * 0.8  # paler, texture untouched
    planted = _planted(result, np.clip(np.rint(lighter), 0, 255).astype(np.uint8))
    assert _failed(stylize.verify(inp, ctx, planted)) == {"style_applied"}


def test_another_picture_in_the_style_is_not_the_same_scene(embedded_model, astronaut):
    inp = stylize.Input(style="oil_painting")
    ctx, result = _run(astronaut, embedded_model, inp)
    _, other = _run(photo("rocket").resize(astronaut.size), embedded_model, inp)
    assert "structure_kept" in _failed(stylize.verify(inp, ctx, _planted(result, other.image)))


def test_restyling_everything_when_the_background_was_asked_is_caught(embedded_model, astronaut):
    inp = stylize.Input(style="cartoon", target="background")
    ctx, result = _run(astronaut, embedded_model, inp)
    _, everything = _run(astronaut, embedded_model, stylize.Input(style="cartoon"))
    assert _failed(stylize.verify(inp, ctx, _planted(result, everything.image))) == {"outside_unchanged"}


def test_a_resized_output_is_caught(embedded_model, astronaut):
    inp = stylize.Input(style="vintage")
    ctx, result = _run(astronaut, embedded_model, inp)
    smaller = result.image.resize((256, 256))
    assert _failed(stylize.verify(inp, ctx, _planted(result, smaller))) == {"same_size"}


@pytest.fixture
def coffee_photo() -> Image.Image:
    return photo("coffee")


@pytest.mark.parametrize("style", ["oil_painting", "watercolor"])
def test_painterly_styles_pass_on_a_poster_with_flat_panels(embedded_model, style):
    """Flat panels have no texture to lose; the texture check must judge the photo part."""
    from ui.demo import demo_image

    poster = Image.open(demo_image()).convert("RGB")
    inp = stylize.Input(style=style)
    ctx = StepContext(image=poster, model=embedded_model)
    verdict = stylize.verify(inp, ctx, stylize.run(inp, ctx))
    assert verdict.passed, [c.detail for c in verdict.checks]
    untouched = stylize.verify(inp, ctx, StepOutput(image=poster.copy(),
                                                    data=stylize.run(inp, ctx).data))
    assert not untouched.passed


def test_comic_puts_dots_in_the_flat_pale_tones_of_a_poster(embedded_model):
    poster = Image.open("ui/assets/demo_poster.png").convert("RGB")
    ctx, result = _run(poster, embedded_model, stylize.Input(style="comic"))
    assert stylize.verify(stylize.Input(style="comic"), ctx, result).passed
    cream = np.asarray(result.image)[420:500, 20:220].astype(float)  # the panel under the text
    assert cream.std(axis=(0, 1)).max() > 8  # dotted, not a flat fill
    white = np.asarray(Image.new("RGB", (300, 200), "white"))
    ctx, blank = _run(Image.fromarray(white), embedded_model, stylize.Input(style="comic"))
    assert (np.asarray(blank.image) == 255).all()  # paper white stays white
