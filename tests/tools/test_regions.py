"""Target resolution on real photos (skimage) and rendered images with the real embedded models:
each target's mask lies where a person would point, and a target that is not in the image is
a clear StepFailed."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from model_server.errors import BadInput
from tests.tools import render
from tools import regions
from tools.base import StepContext, StepFailed

FACE = (175, 80, 272, 175)  # the astronaut's face, measured by hand: brows to chin, ear to ear
SUIT_CHEST = (330, 110)  # (row, column) on the orange suit, left of the badge
HELMET = (440, 380)  # on the black helmet she holds


def _resolve(target: str | None, image: Image.Image, model, **ctx_args) -> regions.Region:
    return regions.resolve(target, StepContext(image=image, model=model, **ctx_args))


def _hsv(image: Image.Image) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hsv = cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    return hsv[:, :, 0] * 360 / 256, hsv[:, :, 1] / 255, hsv[:, :, 2] / 255


def _face_ellipse(shape: tuple[int, int], share: float = 0.8) -> np.ndarray:
    x0, y0, x1, y1 = FACE
    mask = np.zeros(shape, np.uint8)
    axes = (int((x1 - x0) / 2 * share), int((y1 - y0) / 2 * share))
    cv2.ellipse(mask, ((x0 + x1) // 2, (y0 + y1) // 2), axes, 0, 0, 360, 1, -1)
    return mask.astype(bool)


def poster() -> tuple[Image.Image, dict[str, tuple[int, int, int, int]]]:
    """A light poster: a navy "SALE" title and a red "Big SALE today" line; their ink boxes."""
    image = render.flat((640, 400), render.LIGHT)
    title = render.write(image, "SALE", (320, 140), 96, render.DARK)
    line = render.write(image, "Big SALE today", (320, 300), 40, (200, 30, 40))
    return image, {"title": title.as_tuple(), "line": line.as_tuple()}


def shapes() -> Image.Image:
    """A red disc, a blue square and a shaded red ball on light grey."""
    image = render.flat((600, 400), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 60, 220, 240), fill=(220, 30, 40))
    draw.rectangle((260, 80, 400, 220), fill=(30, 90, 220))
    arr = np.asarray(image).copy()
    yy, xx = np.mgrid[0:400, 0:600]
    ball = np.hypot(xx - 500, yy - 300) < 80
    shade = np.clip(1.1 - np.hypot(xx - 480, yy - 280) / 110, 0.25, 1.0)
    arr[ball] = (np.array([200, 25, 30]) * shade[ball, None]).astype(np.uint8)
    return Image.fromarray(arr)


# People


def test_person_covers_the_astronaut_and_her_face(embedded_model, astronaut):
    region = _resolve("person", astronaut, embedded_model)
    assert 0.4 < region.fraction < 0.7
    assert region.mask[_face_ellipse(region.mask.shape)].all()
    assert region.mask[SUIT_CHEST]
    assert not region.mask[:40, 440:].any()  # the backdrop's top-right corner


def test_no_person_on_a_cat(embedded_model, chelsea):
    # The person model marks most of this photo; without a face on it there is no person.
    with pytest.raises(StepFailed, match="no person"):
        _resolve("person", chelsea, embedded_model)
    with pytest.raises(StepFailed, match="no person"):
        _resolve("clothes", chelsea, embedded_model)


def test_face_is_an_ellipse_on_the_face(embedded_model, astronaut):
    region = _resolve("face", astronaut, embedded_model)
    assert region.mask[_face_ellipse(region.mask.shape, share=0.7)].all()
    x0, y0, x1, y1 = FACE
    assert region.box.x0 >= x0 - 15 and region.box.x1 <= x1 + 15
    assert region.fraction < 0.05
    with pytest.raises(StepFailed, match="no face"):
        _resolve("face", render.photo("coffee"), embedded_model)


def test_clothes_are_the_orange_suit_without_face_helmet_or_badge(embedded_model, astronaut):
    region = _resolve("clothes", astronaut, embedded_model)
    hue, sat, _ = _hsv(astronaut)
    orange = (hue >= 5) & (hue <= 40) & (sat >= 0.35)
    assert orange[region.mask].mean() >= 0.9  # mostly orange pixels
    assert region.mask[orange].sum() / orange[200:, :360].sum() > 0.7  # most of the suit
    assert not (region.mask & _face_ellipse(region.mask.shape, share=1.0)).any()
    assert region.mask[SUIT_CHEST] and not region.mask[HELMET]
    assert not region.mask[370:400, 155:185].any()  # the mission badge stays out
    assert 0.15 < region.fraction < 0.35


def test_hair_is_above_the_face(embedded_model, astronaut):
    region = _resolve("hair", astronaut, embedded_model)
    box = region.box
    assert box.y0 < 40 and box.y1 < 150  # from the crown down to about the ears
    assert 140 < box.x0 and box.x1 < 320
    assert not (region.mask & _face_ellipse(region.mask.shape, share=0.7)).any()
    assert region.mask[40, 230]  # the crown
    assert 0.02 < region.fraction < 0.06


def test_words_people_use_map_to_targets(embedded_model, astronaut):
    shirt = _resolve("shirt", astronaut, embedded_model)
    clothes = _resolve("clothes", astronaut, embedded_model)
    assert (shirt.mask == clothes.mask).all()
    assert (_resolve("背景", astronaut, embedded_model).mask == ~_resolve("person", astronaut,
                                                                         embedded_model).mask).all()


# Subject, background, sky


def test_subject_and_background_split_the_astronaut(embedded_model, astronaut):
    subject = _resolve("subject", astronaut, embedded_model)
    background = _resolve("background", astronaut, embedded_model)
    assert "person" in subject.label
    assert (subject.mask ^ background.mask).all()
    assert background.mask[:40, 440:].all() and not background.mask[SUIT_CHEST]


def test_subject_of_a_cat_photo_is_the_salient_cat(embedded_model, chelsea):
    subject = _resolve("subject", chelsea, embedded_model)
    assert "salient" in subject.label
    assert subject.mask[150, 220]  # between the cat's eyes
    assert not subject.mask[:30, 400:].any()  # the wall behind, top right


def test_user_mask_is_the_subject_and_the_mask_target(embedded_model, chelsea):
    mask = np.zeros((chelsea.height, chelsea.width), dtype=bool)
    mask[50:250, 100:300] = True
    assert (_resolve("subject", chelsea, embedded_model, mask=mask).mask == mask).all()
    assert (_resolve("background", chelsea, embedded_model, mask=mask).mask == ~mask).all()
    assert (_resolve("mask", chelsea, embedded_model, mask=mask).mask == mask).all()
    with pytest.raises(BadInput, match="mask must be 451x300"):
        _resolve("mask", chelsea, embedded_model, mask=np.ones((10, 10), bool))
    with pytest.raises(StepFailed, match="--mask"):
        _resolve("mask", chelsea, embedded_model)


def test_sky_is_the_blue_above_the_rocket(embedded_model):
    rocket = render.photo("rocket")
    region = _resolve("sky", rocket, embedded_model)
    hue, _, _ = _hsv(rocket)
    assert 0.4 < region.fraction < 0.85
    assert ((hue[region.mask] >= 180) & (hue[region.mask] <= 260)).mean() > 0.95
    assert region.mask[20, 400] and region.mask[100, 150]  # open sky
    assert not region.mask[410:, 280:360].any()  # the launch pad
    assert not region.mask[150:350, 312:325].any()  # the rocket's body
    with pytest.raises(StepFailed, match="no sky"):
        _resolve("sky", render.photo("astronaut"), embedded_model)


# Text


def test_text_is_the_ink_of_every_line(embedded_model):
    image, boxes = poster()
    region = _resolve("text", image, embedded_model)
    dark = np.asarray(image.convert("L")) < 180
    assert region.mask[dark].mean() > 0.98  # every inked pixel
    assert dark[region.mask].mean() > 0.5  # and mostly ink, not the paper around it
    x0, y0, x1, y1 = boxes["title"]
    assert region.mask[y0:y1, x0:x1].any()
    assert not region.mask[:60].any() and not region.mask[360:].any()


def test_text_sale_is_the_title_alone(embedded_model):
    image, boxes = poster()
    region = _resolve("text:SALE", image, embedded_model)
    x0, y0, x1, y1 = boxes["title"]
    inside = np.zeros_like(region.mask)
    inside[y0 - 4 : y1 + 4, x0 - 4 : x1 + 4] = True
    assert region.mask[~inside].sum() == 0
    assert region.label == "text 'SALE'"


def test_part_of_a_line_is_only_that_part(embedded_model):
    image, boxes = poster()
    region = _resolve("text:today", image, embedded_model)
    x0, y0, x1, y1 = boxes["line"]
    cols = np.flatnonzero(region.mask.any(axis=0))
    assert cols.min() > x0 + 0.55 * (x1 - x0)  # "Big SALE " is left out
    assert cols.max() >= x1 - 3  # the end of "today" is in


def test_missing_text_lists_what_was_read(embedded_model):
    image, _ = poster()
    with pytest.raises(StepFailed, match="could not find the text 'OPEN'.*'SALE'"):
        _resolve("text:OPEN", image, embedded_model)
    with pytest.raises(StepFailed, match="no text"):
        _resolve("text", render.flat((200, 100), render.LIGHT), embedded_model)


# Colours


@pytest.mark.parametrize("name", ["red", "红色", "dark red", "#DC1E28"])
def test_color_red_is_the_disc_and_the_shaded_ball(embedded_model, name):
    image = shapes()
    region = _resolve(f"color:{name}", image, embedded_model)
    disc = np.zeros(region.mask.shape, np.uint8)
    cv2.circle(disc, (130, 150), 86, 1, -1)
    assert region.mask[disc.astype(bool)].all()
    assert not region.mask[85:215, 265:395].any()  # the blue square
    yy, xx = np.mgrid[0:400, 0:600]
    ball = np.hypot(xx - 500, yy - 300) < 78
    assert region.mask[ball].mean() > 0.99  # its shadow side too


def test_other_hue_names(embedded_model, astronaut):
    image = shapes()
    blue = _resolve("color:blue", image, embedded_model)
    assert blue.mask[85:215, 265:395].all() and blue.fraction < 0.1
    hue, sat, _ = _hsv(astronaut)
    orange = _resolve("color:orange", astronaut, embedded_model)
    assert orange.mask[SUIT_CHEST]
    red = _resolve("color:red", astronaut, embedded_model)
    assert not red.mask[SUIT_CHEST]  # the suit is orange, the flag's stripes are red
    assert red.mask[:, :60].sum() > 0.5 * red.mask.sum()
    white = _resolve("color:white", image, embedded_model)
    assert white.fraction > 0.7 and not white.mask[150, 130]
    with pytest.raises(StepFailed, match="no green"):
        _resolve("color:green", image, embedded_model)
    with pytest.raises(BadInput, match="unknown colour"):
        _resolve("color:blurple", image, embedded_model)


def test_color_families_of_names():
    assert regions.color_family("深红色") == "red"
    assert regions.color_family("navy") == "blue"
    assert regions.color_family("粉色") == "pink"
    assert regions.color_family("silver") == "gray"
    assert regions.color_family("#FFA500") == "orange"


# Objects


@pytest.mark.parametrize("name", ["cat", "猫"])
def test_object_cat_on_chelsea(embedded_model, chelsea, name):
    region = _resolve(f"object:{name}", chelsea, embedded_model)
    assert region.mask[150, 220] and 0.2 < region.fraction < 0.9


def test_no_cat_in_the_coffee_photo(embedded_model):
    with pytest.raises(StepFailed, match="could not find a cat.*espresso"):
        _resolve("object:cat", render.photo("coffee"), embedded_model)


# Chains


def test_step_region_is_what_that_step_made(embedded_model, chelsea):
    made = np.zeros((chelsea.height, chelsea.width), dtype=bool)
    made[10:40, 10:90] = True
    region = _resolve("step:s1", chelsea, embedded_model, regions={"s1": made})
    assert (region.mask == made).all() and region.label == "what s1 made"
    with pytest.raises(StepFailed, match="s2 left no region"):
        _resolve("step:s2", chelsea, embedded_model, regions={"s1": made})
    with pytest.raises(StepFailed, match="changed its size"):
        _resolve("step:s1", chelsea, embedded_model, regions={"s1": made[:100]})


def test_unknown_target_says_what_is_known(embedded_model, chelsea):
    with pytest.raises(StepFailed, match="cannot locate 'elbow'.*clothes"):
        _resolve("elbow", chelsea, embedded_model)


def test_whole_image_by_default(embedded_model, chelsea):
    assert _resolve(None, chelsea, embedded_model).mask.all()
    assert _resolve("整张图", chelsea, embedded_model).mask.all()


def test_resolving_again_gives_an_independent_copy(embedded_model, astronaut):
    first = _resolve("clothes", astronaut, embedded_model)
    first.mask[:] = False
    again = _resolve("clothes", astronaut, embedded_model)
    assert again.mask.any()
