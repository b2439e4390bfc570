"""The embedded backend's person mask covers people and not the room around them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from model_server.types import Box
from tests.model_server.samples import ASTRONAUT_FACE, ASTRONAUT_SUIT, ASTRONAUT_WALL


def mean_in(mask: np.ndarray, box: Box) -> float:
    return float(mask[box.y0 : box.y1, box.x0 : box.x1].mean())


def test_mask_covers_the_astronaut_and_not_the_wall(embedded_model, astronaut):
    mask = embedded_model.person_mask(astronaut)
    assert mask.shape == (512, 512) and mask.dtype == np.float32
    assert 0.0 <= mask.min() and mask.max() <= 1.0
    assert mean_in(mask, ASTRONAUT_FACE) > 0.95
    assert mean_in(mask, ASTRONAUT_SUIT) > 0.95
    assert mean_in(mask, ASTRONAUT_WALL) < 0.05
    assert mean_in(mask, Box(x0=0, y0=0, x1=40, y1=200)) < 0.2  # the flag behind her


@pytest.mark.parametrize("size", [(301, 517), (1024, 768)])
def test_mask_has_the_images_size(embedded_model, astronaut, size):
    mask = embedded_model.person_mask(astronaut.resize(size))
    assert mask.shape == (size[1], size[0]) and mask.dtype == np.float32


def test_mask_is_empty_without_people(embedded_model):
    wall = Image.new("RGB", (640, 480), (180, 190, 200))
    assert embedded_model.person_mask(wall).max() < 0.2
    assert embedded_model.detect_people(wall) == []


def test_one_person_one_box(embedded_model, astronaut):
    people = embedded_model.detect_people(astronaut)
    assert len(people) == 1
    box = people[0].box
    assert people[0].label == "person" and people[0].score > 0.5
    assert box.x0 <= ASTRONAUT_FACE.x0 and box.y0 <= ASTRONAUT_FACE.y0
    assert box.x1 >= ASTRONAUT_SUIT.x1 and box.y1 >= ASTRONAUT_SUIT.y1


def test_two_people_apart_get_two_boxes(embedded_model, astronaut):
    small = astronaut.resize((300, 300))
    scene = Image.new("RGB", (800, 400), (225, 225, 220))
    scene.paste(small, (20, 100))
    scene.paste(small, (480, 100))
    people = embedded_model.detect_people(scene)
    assert len(people) == 2
    lefts = sorted(p.box.x0 for p in people)
    assert lefts[0] < 300 < 480 <= lefts[1] + 40


@pytest.mark.parametrize("backdrop", ["chelsea", "rocket"])
def test_mask_edge_lies_on_the_true_outline(embedded_model, astronaut, backdrop):
    """The astronaut cut out along a known outline and pasted onto another photo: the mask's
    edge must follow that outline, not the selfie model's blurry 256x256 one."""
    from skimage import data

    from model_server import person

    segmenter = person.load_segmenter()  # for the model's own blurry mask, to compare
    rgb = np.asarray(astronaut)
    truth = person.selfie_mask(segmenter, rgb) > 0.5
    photo = np.asarray(Image.fromarray(getattr(data, backdrop)()).convert("RGB").resize((512, 512)))
    scene = np.ascontiguousarray(np.where(truth[:, :, None], rgb, photo))
    near_edge = ndimage.binary_dilation(truth, iterations=10) & ~ndimage.binary_erosion(truth, iterations=10)

    mask = embedded_model.person_mask(Image.fromarray(scene))
    blurry = person.selfie_mask(segmenter, scene)
    error = np.abs(mask - truth)[near_edge].mean()
    assert error < 0.05 and error < 0.5 * np.abs(blurry - truth)[near_edge].mean()
    assert ((mask > 0.5) & truth).sum() / ((mask > 0.5) | truth).sum() > 0.99
