"""Memory in real runs: a preference stated in one thread fills what a later thread leaves
unsaid, "same as last time" plans the earlier request, and forgotten items stop being used. One
sentence that states a preference and asks for an edit has the preference remembered and the
edit run with it; a sentence of preferences only runs nothing."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.planner import plan as real_plan
from agent.recall import Said, split_preference
from agent.runner import Runner
from agent.settings import Settings
from model_server.errors import BadInput
from tests.agent.test_followup import dominated_by, rgb


@pytest.fixture
def runner(tmp_path, embedded_model):
    return Runner(Settings(home=tmp_path / "home"), model=embedded_model)


@pytest.fixture
def astronaut_png(tmp_path, astronaut):
    path = tmp_path / "astronaut.png"
    astronaut.save(path)
    return path


def corner_colour(path: str) -> tuple[int, ...]:
    return tuple(int(v) for v in np.asarray(Image.open(path).convert("RGB"))[5:25, 5:25].mean(axis=(0, 1)))


def test_a_preference_stated_in_one_thread_is_applied_in_another(runner, astronaut_png, tmp_path):
    stated = runner.edit([], "以后背景都用白色", thread_id="a")
    assert [p.arg for p in stated.remembered] == ["color"] and stated.report.steps == []
    fresh = Runner(Settings(home=tmp_path / "home"), model=runner.model)  # as after a restart
    outcome = fresh.edit([astronaut_png], "change the background", thread_id="b")
    assert outcome.report.passed, outcome.report.steps
    assert outcome.report.plan[0].op == "replace_background"
    assert min(corner_colour(outcome.output.path)) > 235  # white, where the flag was


def test_a_named_brand_colour_resolves_to_its_hex(runner, astronaut_png):
    runner.tell("our brand blue is #1E6FFF")
    outcome = runner.edit([astronaut_png], "make the background our brand blue")
    assert outcome.report.plan[0].args["color"].lower() == "#1e6fff"
    r, g, b = corner_colour(outcome.output.path)
    assert abs(r - 0x1E) < 12 and abs(g - 0x6F) < 12 and abs(b - 0xFF) < 12


def test_same_as_last_time_plans_the_earlier_request(runner, astronaut_png, tmp_path):
    first = runner.edit([astronaut_png], "把背景换成浅蓝色，再用红框标出人脸")
    again = runner.edit([astronaut_png], "和上次一样")
    assert [(s.op, s.args) for s in again.report.plan] == [(s.op, s.args) for s in first.report.plan]
    assert again.report.passed
    remembered = [item.text for item in runner.memory.list() if item.kind == "request"]
    assert remembered.count("把背景换成浅蓝色，再用红框标出人脸") == 2  # stored as what was done


def test_a_deleted_preference_is_no_longer_applied(runner, astronaut_png):
    preference = runner.tell("always use a white background")
    assert runner.memory.delete(preference.id)
    outcome = runner.edit([astronaut_png], "change the background")
    assert outcome.report.plan[0].op == "unknown"  # no colour said, none remembered


def test_similar_suggests_past_requests(runner, astronaut_png):
    runner.edit([astronaut_png], "draw a red box around the face")
    suggestions = runner.similar("圈出人脸")
    assert suggestions and suggestions[0].instruction == "draw a red box around the face"
    assert runner.similar("   ") == []


@pytest.mark.parametrize(("text", "said"), [
    ("our brand blue is #1E6FFF, make the background brand blue",
     Said(preference="our brand blue is #1E6FFF", edit="make the background brand blue")),
    ("以后背景都用白色，把背景换成白色", Said(preference="以后背景都用白色", edit="把背景换成白色")),
    ("I prefer red boxes. Box the faces.", Said(preference="I prefer red boxes", edit="Box the faces")),
    ("以后背景都用白色，换背景", Said(preference="以后背景都用白色", edit="换背景")),  # no colour said
    ("always use a white background, and green boxes",  # the second clause adds a preference
     Said(preference="always use a white background, and green boxes")),
    ("以后背景都用白色，谢谢", Said(preference="以后背景都用白色")),
    ("把背景换成浅蓝色，再用红框标出人脸", Said(edit="把背景换成浅蓝色，再用红框标出人脸")),
])
def test_split_preference(runner, text, said):
    assert split_preference(text, runner.memory, real_plan) == said


def test_a_named_colour_and_an_edit_in_one_sentence(runner, astronaut_png):
    outcome = runner.edit([astronaut_png], "our brand blue is #1E6FFF, make the background brand blue")
    assert [(p.name, p.value) for p in outcome.remembered] == [("brand blue", "#1E6FFF")]
    assert [(p.name, p.value) for p in runner.memory.preferences()] == [("brand blue", "#1E6FFF")]
    assert outcome.report.passed, outcome.report.steps
    assert [(s.op, s.args["color"]) for s in outcome.report.plan] == [("replace_background", "#1E6FFF")]
    r, g, b = corner_colour(outcome.output.path)
    assert abs(r - 0x1E) < 12 and abs(g - 0x6F) < 12 and abs(b - 0xFF) < 12


def test_a_background_preference_fills_the_edit_of_the_same_sentence(runner, astronaut_png):
    outcome = runner.edit([astronaut_png], "以后背景都用白色，换背景")
    assert [(p.scope, p.value) for p in outcome.remembered] == [("replace_background", "白色")]
    assert [(p.scope, p.value) for p in runner.memory.preferences()] == [("replace_background", "白色")]
    assert outcome.report.passed, outcome.report.steps
    assert outcome.report.instruction == "换背景"
    assert min(corner_colour(outcome.output.path)) > 235  # white, where the flag was


def test_a_box_preference_colours_the_boxes_asked_for_in_the_same_sentence(runner, astronaut_png):
    outcome = runner.edit([astronaut_png], "I prefer green boxes. Box the faces.")
    assert [(p.scope, p.arg, p.value) for p in outcome.remembered] == [("annotate", "color", "green")]
    assert outcome.report.passed, outcome.report.steps
    assert [(s.op, s.args["color"]) for s in outcome.report.plan] == [("annotate", "green")]
    after = rgb(outcome.output.path)
    drawn = np.abs(after - rgb(str(astronaut_png))).max(axis=2) > 60
    assert drawn.sum() > 200  # a box was drawn
    assert dominated_by(after, 1)[drawn].mean() > 0.6  # and it is green


def test_a_stated_preference_with_an_edit_but_no_image_keeps_nothing(runner):
    with pytest.raises(BadInput, match="^'Box the faces' needs an image to edit"):
        runner.edit([], "I prefer green boxes. Box the faces.")
    assert runner.memory.preferences() == []


@pytest.mark.parametrize("text", ["always use a white background, and green boxes", "以后背景都用白色，谢谢"])
def test_a_sentence_of_preferences_only_runs_nothing(runner, text):
    outcome = runner.edit([], text)
    assert outcome.remembered and outcome.report.steps == [] and outcome.output is None
    assert {p.scope for p in runner.memory.preferences()} == {p.scope for p in outcome.remembered}
