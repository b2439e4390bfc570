"""Helpers for the model-server tests: rendered text, a face cut from skimage's astronaut."""

from __future__ import annotations

import os

import pytest
from PIL import Image, ImageFont

from tests.model_server.samples import ASTRONAUT_HEAD


@pytest.fixture(scope="session")
def cjk_font_path() -> str:
    import noto_cjk_sans_otc

    return os.path.join(os.path.dirname(noto_cjk_sans_otc.__file__), "NotoSansCJK-Regular.ttc")


@pytest.fixture(scope="session")
def font(cjk_font_path: str):
    """Noto Sans CJK SC (index 2 of the collection) at a given pixel size."""

    def make(size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(cjk_font_path, size, index=2)

    return make


@pytest.fixture(scope="session")
def astronaut_head(astronaut: Image.Image) -> Image.Image:
    return astronaut.crop(ASTRONAUT_HEAD.as_tuple())
