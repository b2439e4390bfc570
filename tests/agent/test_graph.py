"""The loop's control flow with a scripted planner and a test tool: retries, statuses, routing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agent.graph import build_graph
from agent.runner import Runner
from agent.settings import Settings
from agent.state import Step
from tests.fixtures.scripted import INVERT, NothingModel, scripted_planner, write_png

MERMAID = Path(__file__).with_name("graph.mermaid")


def make_runner(tmp_path: Path, *steps: Step, max_attempts: int = 3) -> Runner:
    settings = Settings(home=tmp_path / "home", max_attempts=max_attempts)
    return Runner(settings, model=NothingModel(), tools={"invert": INVERT},
                  planner=scripted_planner(*steps))


def invert_step(sid: str, log: Path, **args) -> Step:
    return Step(id=sid, op="invert", args={"log": str(log), **args})


def test_graph_shape_matches_snapshot():
    drawn = build_graph().get_graph().draw_mermaid()
    assert drawn == MERMAID.read_text()


def test_passing_steps_chain_on_the_working_image(tmp_path):
    log = tmp_path / "log.txt"
    runner = make_runner(tmp_path, invert_step("s1", log), invert_step("s2", log))
    outcome = runner.edit([write_png(tmp_path / "in.png")], "invert twice")
    report = outcome.report
    assert [s.status for s in report.steps] == ["passed", "passed"]
    assert report.passed
    final = np.asarray(runner.store.get(outcome.output))
    assert tuple(final[0, 0]) == (200, 60, 30)  # inverted twice
    assert report.inputs[0].width == 64 and report.inputs[0].height == 48


def test_verification_failure_retries_then_passes(tmp_path):
    log = tmp_path / "log.txt"
    runner = make_runner(tmp_path, invert_step("s1", log, fail_times=1))
    report = runner.edit([write_png(tmp_path / "in.png")], "invert").report
    assert report.steps[0].status == "passed"
    assert report.steps[0].attempts == 2
    assert log.read_text().count("run") == 2


def test_verification_failure_exhausts_attempts_and_keeps_last_good_image(tmp_path):
    log = tmp_path / "log.txt"
    runner = make_runner(tmp_path, invert_step("s1", log, fail_times=5), max_attempts=3)
    outcome = runner.edit([write_png(tmp_path / "in.png")], "invert")
    step = outcome.report.steps[0]
    assert step.status == "failed" and step.attempts == 3
    assert "inverted" in step.reason
    assert not outcome.report.passed
    assert tuple(np.asarray(runner.store.get(outcome.output))[0, 0]) == (200, 60, 30)


def test_unknown_and_missing_ops_are_unsupported_and_others_still_run(tmp_path):
    log = tmp_path / "log.txt"
    steps = (
        Step(id="s1", op="unknown", text="dance", reason="vloop did not understand 'dance'"),
        Step(id="s2", op="depth_map"),
        invert_step("s3", log),
    )
    report = make_runner(tmp_path, *steps).edit([write_png(tmp_path / "in.png")], "x").report
    assert [s.status for s in report.steps] == ["unsupported", "unsupported", "passed"]
    assert "did not understand" in report.steps[0].reason
    assert "depth_map" in report.steps[1].reason
    assert not report.passed


def test_step_depending_on_a_failed_step_is_skipped(tmp_path):
    log = tmp_path / "log.txt"
    steps = (Step(id="s1", op="unknown", reason="no"),
             Step(id="s2", op="invert", args={"log": str(log)}, depends_on=["s1"]))
    report = make_runner(tmp_path, *steps).edit([write_png(tmp_path / "in.png")], "x").report
    assert report.steps[1].status == "skipped"
    assert "s1" in report.steps[1].reason
    assert not log.exists()


def test_plan_with_no_steps_reports_not_passed(tmp_path):
    report = make_runner(tmp_path).edit([write_png(tmp_path / "in.png")], "x").report
    assert report.steps == [] and not report.passed


@pytest.mark.parametrize("mode", ["RGBA", "P", "L"])
def test_inputs_of_any_mode_become_rgb_in_the_store(tmp_path, mode):
    path = tmp_path / f"in_{mode}.png"
    Image.new(mode, (20, 10)).save(path)
    runner = make_runner(tmp_path, invert_step("s1", tmp_path / "log.txt"))
    outcome = runner.edit([path], "invert")
    assert runner.store.get(outcome.output).mode == "RGB"
