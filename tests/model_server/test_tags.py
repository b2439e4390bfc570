"""The embedded backend names what is in a photo, as ImageNet-1k classes."""

from __future__ import annotations

import pytest
from PIL import Image
from skimage import data

from model_server.errors import BadInput

CATS = {"Egyptian cat", "tabby", "tiger cat"}


def labels(tags) -> list[str]:
    return [t.label for t in tags]


def test_chelsea_is_a_cat(embedded_model, chelsea):
    tags = embedded_model.tags(chelsea, top_k=3)
    assert len(tags) == 3
    assert CATS & set(labels(tags))
    assert tags[0].label in CATS and tags[0].score > 0.5


def test_coffee_is_an_espresso_in_a_cup(embedded_model):
    tags = embedded_model.tags(Image.fromarray(data.coffee()), top_k=3)
    assert {"espresso", "cup"} & set(labels(tags))
    assert tags[0].label == "espresso"


def test_scores_are_probabilities_best_first(embedded_model, chelsea):
    tags = embedded_model.tags(chelsea, top_k=1000)
    scores = [t.score for t in tags]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0, abs=1e-3)
    assert len(set(labels(tags))) == 1000  # every class has its own name


def test_greyscale_and_wide_images_work(embedded_model, chelsea):
    assert CATS & set(labels(embedded_model.tags(chelsea.convert("L"), top_k=5)))
    wide = Image.new("RGB", (1200, 300), (240, 240, 240))
    wide.paste(chelsea, (375, 0))
    assert CATS & set(labels(embedded_model.tags(wide, top_k=5)))


@pytest.mark.parametrize("top_k", [0, 1001])
def test_top_k_out_of_range_is_bad_input(embedded_model, chelsea, top_k):
    with pytest.raises(BadInput, match="top_k"):
        embedded_model.tags(chelsea, top_k=top_k)
