"""Preferences applied to real plans from the planner: they fill what the user left unsaid,
resolve named colours, and never override what the instruction says."""

from __future__ import annotations

from agent.planner import plan
from agent.state import Plan
from memory import Preference, apply_preferences, expand_named_colors

WHITE_BACKGROUND = Preference(scope="replace_background", arg="color", value="白色", text="以后背景都用白色")
GREEN_BOXES = Preference(scope="annotate", arg="color", value="green", text="use green boxes from now on")
NO_LABELS = Preference(scope="annotate", arg="label", value=False, text="no labels from now on")
BRAND_BLUE = Preference(scope="any", arg="color", value="#1E6FFF", text="our brand blue is #1E6FFF",
                        name="brand blue")
BRAND_RED = Preference(scope="any", arg="color", value="#E60012", text="我们的品牌色是#E60012", name="品牌色")


def _ops(result: Plan) -> list[tuple[str, dict]]:
    return [(step.op, step.args) for step in result.steps]


def test_unsaid_arguments_are_filled() -> None:
    result = apply_preferences(plan("remove the background and box the faces"),
                               [WHITE_BACKGROUND, GREEN_BOXES, NO_LABELS])
    assert _ops(result) == [("replace_background", {"mode": "color", "color": "白色"}),
                            ("annotate", {"target": "faces", "color": "green", "label": False})]


def test_a_background_change_without_a_colour_takes_the_preferred_one() -> None:
    for text in ("change the background", "换背景", "给图片换个背景"):
        assert plan(text).steps[0].op == "unknown"
        result = apply_preferences(plan(text), [WHITE_BACKGROUND])
        assert _ops(result) == [("replace_background", {"mode": "color", "color": "白色"})], text
        assert result.steps[0].reason is None


def test_what_the_user_said_wins() -> None:
    said = ("把背景换成浅蓝色，再用红框标出人脸", "blur the background", "use image 2 as the background")
    for text in said:
        planned = plan(text)
        assert apply_preferences(planned, [WHITE_BACKGROUND, GREEN_BOXES]) == planned, text
    labelled = plan("box the faces in red with labels")
    assert apply_preferences(labelled, [GREEN_BOXES, NO_LABELS]) == labelled


def test_without_preferences_nothing_changes() -> None:
    planned = plan("change the background")
    assert apply_preferences(planned, []) == planned


def test_named_colours_become_their_hex_code() -> None:
    prefs = [BRAND_BLUE, BRAND_RED]
    assert _ops(apply_preferences(plan("make the shirt our brand blue"), prefs)) == [
        ("recolor", {"target": "clothes", "color": "#1E6FFF"})]
    assert _ops(apply_preferences(plan("把背景换成品牌蓝"), prefs)) == [
        ("replace_background", {"mode": "color", "color": "#1E6FFF"})]
    assert _ops(apply_preferences(plan("用品牌色框标出人脸"), prefs)) == [
        ("annotate", {"target": "faces", "color": "#E60012"})]
    assert _ops(apply_preferences(plan("change the background to the brand colour"), prefs)) == [
        ("replace_background", {"mode": "color", "color": "#E60012"})]


def test_a_preference_may_name_a_stored_colour() -> None:
    background = Preference(scope="replace_background", arg="color", value="品牌蓝",
                            text="以后背景都用品牌蓝")
    result = apply_preferences(plan("remove the background"), [BRAND_BLUE, background])
    assert _ops(result) == [("replace_background", {"mode": "color", "color": "#1E6FFF"})]


def test_the_given_plan_is_not_changed() -> None:
    planned = plan("remove the background")
    before = planned.model_copy(deep=True)
    apply_preferences(planned, [WHITE_BACKGROUND])
    assert planned == before


def test_expand_named_colors_in_an_instruction() -> None:
    assert expand_named_colors("把背景换成我们的品牌色，再把衣服改成brand blue", [BRAND_BLUE, BRAND_RED]) == (
        "把背景换成#E60012，再把衣服改成#1E6FFF")


def test_named_colours_expanded_before_planning_keep_links_between_steps() -> None:
    text = expand_named_colors("add a hat, then make it our brand blue", [BRAND_BLUE])
    result = apply_preferences(plan(text), [BRAND_BLUE])
    assert _ops(result) == [("add_object", {"object": "hat"}),
                            ("recolor", {"target": "step:s1", "color": "#1E6FFF"})]
