"""Follow-ups in one thread: "undo that", swapping a colour the last instruction chose, and
"make it bigger" (or why it resizes nothing) — first with a scripted planner for the control
flow, then for real on the astronaut with the embedded backend and the rule-based planner."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.followup import asks_resize, cannot_resize, is_undo, revise
from agent.planner import plan as real_plan
from agent.runner import Runner
from agent.settings import Settings
from model_server.errors import BadInput
from tests.agent.test_history import BLUE, GREEN, RED, colour_of, make_runner
from tests.fixtures.scripted import write_png


@pytest.mark.parametrize("text", ["undo", "undo that", "Undo the last edit.", "go back", "撤销", "撤销上一步",
                                  "回到上一步", "还原一下"])
def test_undo_phrases(text):
    assert is_undo(text)


@pytest.mark.parametrize("text", ["undo the background change and add a hat", "把背景换成蓝色",
                                  "go back to blue"])
def test_not_undo(text):
    assert not is_undo(text)


def test_colour_swap_names_the_step_by_its_words_before_its_rgb():
    last = real_plan("把背景换成浅蓝色，把衣服换成红色，再用红框标出人脸")
    revision = revise("把刚才的红色改成蓝色", last, [])
    assert revision is not None
    changed = [s for s, old in zip(revision.plan.steps, last.steps, strict=True) if s.args != old.args]
    assert [(s.op, s.args["color"]) for s in changed] == [("recolor", "蓝色")]


def test_a_fresh_request_is_not_a_revision():
    last = real_plan("把背景换成浅蓝色")
    assert revise("add a hat", last, []) is None
    assert revise("把衣服换成红色", last, []) is None  # one colour, no "instead": a new edit
    assert revise("make it bigger", last, []) is None  # nothing was added last time


def test_undo_that_as_a_follow_up(tmp_path):
    runner = make_runner(tmp_path)
    thread_id = runner.edit([write_png(tmp_path / "in.png")], "red, green").thread_id
    outcome = runner.edit([], "undo that", thread_id=thread_id)
    assert outcome.report.passed and outcome.report.steps == []
    assert colour_of(outcome.output) == RED


def test_swapping_a_colour_reruns_the_last_instruction_from_where_it_started(tmp_path):
    runner = make_runner(tmp_path)
    thread_id = runner.edit([write_png(tmp_path / "in.png")], "red, green").thread_id
    outcome = runner.edit([], "change the green you just made to blue", thread_id=thread_id)
    assert [s.data["color"] for s in outcome.report.steps] == ["red", "blue"]
    assert colour_of(outcome.output) == BLUE
    history = runner.history(thread_id)
    leaves = sorted(colour_of(path[-1].image) for path in history.branches())
    assert leaves == sorted([GREEN, BLUE])  # the first try is kept as its own branch


@pytest.fixture(scope="module")
def real_runner(tmp_path_factory, embedded_model):
    return Runner(Settings(home=tmp_path_factory.mktemp("home")), model=embedded_model)


@pytest.fixture(scope="module")
def astronaut_png(tmp_path_factory, astronaut):
    path = tmp_path_factory.mktemp("in") / "astronaut.png"
    astronaut.save(path)
    return path


def rgb(path: str) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"), dtype=float)


def dominated_by(pixels: np.ndarray, channel: int, margin: float = 40) -> np.ndarray:
    others = np.delete(pixels, channel, axis=2).max(axis=2)
    return pixels[..., channel] > others + margin


def test_real_colour_swap_on_the_astronaut(real_runner, astronaut_png):
    first = real_runner.edit([astronaut_png], "把衣服换成红色")
    assert first.report.passed, first.report.steps
    before = rgb(first.report.inputs[0].path)
    recoloured = np.abs(rgb(first.output.path) - before).max(axis=2) > 40
    red_suit = dominated_by(rgb(first.output.path), 0) & recoloured  # not the flag, which was red
    assert red_suit[300:, :].mean() > 0.2  # the suit: a fifth of the lower part
    second = real_runner.edit([], "把刚才的红色改成蓝色", thread_id=first.thread_id)
    assert second.report.passed, second.report.steps
    assert second.report.plan[0].args["color"] == "蓝色"
    after = rgb(second.output.path)
    assert dominated_by(after, 2)[red_suit].mean() > 0.8
    assert dominated_by(after, 0)[red_suit].mean() < 0.05


def width(report) -> int:
    box = report.steps[0].data["boxes"][0]
    return box["x1"] - box["x0"]


def test_real_make_it_bigger_and_undo(real_runner, astronaut_png):
    first = real_runner.edit([astronaut_png], "add a hat on his head")
    assert first.report.passed, first.report.steps
    bigger = real_runner.edit([], "make it bigger", thread_id=first.thread_id)
    assert bigger.report.passed, bigger.report.steps
    assert width(bigger.report) == pytest.approx(1.4 * width(first.report), rel=0.08)
    undone = real_runner.edit([], "撤销", thread_id=first.thread_id)
    assert undone.output.sha256 == first.report.inputs[0].sha256


def test_resizing_is_refused_with_what_the_last_turn_ran():
    last = real_plan("把衣服换成红色")
    assert cannot_resize("make it bigger", last) == (
        "'make it bigger' resizes the object added last; the last turn added nothing (it ran recolor)")
    assert "there is no earlier turn that added one" in cannot_resize("放大一点", None)


@pytest.mark.parametrize(("text", "asks"), [("make it bigger", True), ("放大一点", True), ("小一点", True),
                                            ("add a bigger hat", False), ("把衣服换成红色", False)])
def test_asks_resize_only_when_the_planner_finds_no_edit_of_its_own(text, asks):
    assert asks_resize(text, real_plan) is asks


def test_real_make_it_bigger_after_a_recolour_says_what_it_resizes(real_runner, astronaut_png):
    first = real_runner.edit([astronaut_png], "把衣服换成红色")
    assert first.report.passed, first.report.steps
    for text in ("make it bigger", "放大一点"):
        with pytest.raises(BadInput) as refused:
            real_runner.edit([], text, thread_id=first.thread_id)
        assert str(refused.value) == (f"'{text}' resizes the object added last; the last turn added nothing "
                                      "(it ran recolor)")
    assert real_runner.thread_images(first.thread_id)[1].sha256 == first.output.sha256  # nothing ran


def test_real_make_it_smaller_without_an_earlier_turn(real_runner, astronaut_png):
    refusal = "resizes the object added last; there is no earlier turn that added one"
    with pytest.raises(BadInput, match=f"^'make it smaller' {refusal}"):
        real_runner.edit([astronaut_png], "make it smaller")
    with pytest.raises(BadInput, match=f"^'缩小一点' {refusal}"):
        real_runner.edit([], "缩小一点", thread_id="no-such-thread")
