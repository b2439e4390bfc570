"""Reading stated preferences: what each maps onto, what is not a preference, and the
explanation when one cannot be used."""

from __future__ import annotations

import pytest

from memory.preferences import parse, states_preference
from model_server.errors import BadInput


@pytest.mark.parametrize(
    ("text", "scope", "arg", "value"),
    [
        ("以后背景都用白色", "replace_background", "color", "白色"),
        ("always use a white background", "replace_background", "color", "white"),
        ("I prefer light gray backgrounds", "replace_background", "color", "light gray"),
        ("默认背景用浅灰色", "replace_background", "color", "浅灰色"),
        ("use green boxes from now on", "annotate", "color", "green"),
        ("标注框用绿色", "annotate", "color", "绿色"),
        ("框都用蓝色", "annotate", "color", "蓝色"),
        ("no labels on the boxes from now on", "annotate", "label", False),
        ("以后标注不要标签", "annotate", "label", False),
        ("always label the boxes", "annotate", "label", True),
    ],
)
def test_standing_preferences(text: str, scope: str, arg: str, value: str | bool) -> None:
    [pref] = parse(text)
    assert (pref.scope, pref.arg, pref.value, pref.name, pref.text) == (scope, arg, value, None, text)
    assert states_preference(text)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("our brand blue is #1E6FFF", "brand blue", "#1E6FFF"),
        ("我们的品牌色是#E60012", "品牌色", "#E60012"),
        ("brand colour: #e60012", "brand colour", "#E60012"),
        ("The accent color is #FFAA00.", "accent color", "#FFAA00"),
    ],
)
def test_named_colours(text: str, name: str, value: str) -> None:
    [pref] = parse(text)
    assert (pref.scope, pref.arg, pref.name, pref.value) == ("any", "color", name, value)


def test_several_preferences_in_one_sentence() -> None:
    prefs = parse("from now on, use white backgrounds and green boxes")
    assert [(p.scope, p.value) for p in prefs] == [("replace_background", "white"), ("annotate", "green")]


def test_a_stored_colour_name_is_kept_as_the_value() -> None:
    [pref] = parse("以后背景都用品牌蓝", names=["brand blue"])
    assert (pref.scope, pref.value) == ("replace_background", "品牌蓝")


@pytest.mark.parametrize(
    "text",
    ["make the background white", "用绿框标出人脸", "把背景换成浅蓝色", "the background is #FFFFFF",
     "make the hat the same colour as the shirt", "把'SALE'改成'五折'", "把文字都改成红色",
     "把两张图都换成黑白", "boxes in green around the faces"],
)
def test_edit_instructions_are_not_preferences(text: str) -> None:
    assert not states_preference(text)
    assert parse(text) == []


def test_a_preference_vloop_cannot_apply_is_explained() -> None:
    with pytest.raises(BadInput, match="cannot apply it: vloop remembers background colours"):
        parse("from now on make everything prettier")


def test_a_preference_without_a_known_colour_says_so() -> None:
    with pytest.raises(BadInput, match="names no colour vloop knows"):
        parse("always use a nice background")


def test_an_ordinary_colour_word_cannot_be_renamed() -> None:
    assert states_preference("blue is #0000FF")
    with pytest.raises(BadInput, match="ordinary colour word"):
        parse("blue is #0000FF")


@pytest.mark.parametrize("text", ["把所有人脸都用红框标出", "把三个字都改成红色", "给每个人都加一顶帽子",
                                  "box every face in red", "框出所有人脸"])
def test_edits_that_say_all_or_every_are_not_preferences(text):
    assert not states_preference(text)
