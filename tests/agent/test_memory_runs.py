"""Memory in real runs: a preference stated in one thread fills what a later thread leaves
unsaid, "same as last time" plans the earlier request, and forgotten items stop being used."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.runner import Runner
from agent.settings import Settings


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
