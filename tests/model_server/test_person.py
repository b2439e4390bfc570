"""The embedded backend's person mask covers people and not the room around them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

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
