"""Finding "same as last time" and its change in an instruction, and rewriting the earlier
request with that change."""

from __future__ import annotations

import pytest

from memory.references import Reference, find, rewrite
from model_server.errors import BadInput


@pytest.mark.parametrize(
    ("text", "named", "change"),
    [
        ("same as last time", None, ""),
        ("Same as last time.", None, ""),
        ("和上次一样", None, ""),
        ("照旧", None, ""),
        ("do it again", None, ""),
        ("repeat the last edit", None, ""),
        ("like before, but in red", None, "in red"),
        ("和上次一样，但这次用红色", None, "用红色"),
        ("as before, then add a hat", None, "add a hat"),
        ("像之前那样，再加一顶帽子", None, "加一顶帽子"),
        ("same as the poster edit", "poster", ""),
        ("跟海报那次一样", "海报", ""),
    ],
)
def test_references(text: str, named: str | None, change: str) -> None:
    assert find(text) == Reference(named=named, change=change)


@pytest.mark.parametrize(
    "text",
    ["make the hat the same colour as the shirt", "把背景换成和衣服一样的颜色",
     "make it look like a painting", "replace the background with light blue"],
)
def test_comparisons_inside_an_image_are_not_references(text: str) -> None:
    assert find(text) is None


def test_a_lone_colour_replaces_the_earlier_one() -> None:
    earlier = "replace the background with light blue and circle the face"
    assert rewrite(earlier, "in red") == "replace the background with red and circle the face"
    assert rewrite("把背景换成浅蓝色，再用框标出人脸", "用红色") == "把背景换成红色，再用框标出人脸"


def test_another_change_is_added_as_a_part() -> None:
    assert rewrite("make it brighter", "add a hat") == "make it brighter, then add a hat"
    assert rewrite("把照片调亮", "加一顶帽子") == "把照片调亮，加一顶帽子"
    assert rewrite("make it brighter", "") == "make it brighter"


def test_a_colour_change_to_a_request_with_several_colours_is_refused() -> None:
    with pytest.raises(BadInput, match="names several"):
        rewrite("把背景换成浅蓝色，再用红框标出人脸", "用绿色")
