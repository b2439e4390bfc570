"""Multi-turn threads, undo, branches and cancel, read back from the real SQLite checkpointer."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from agent.runner import Cancelled, Runner
from agent.settings import Settings
from model_server.errors import BadInput
from tests.fixtures.scripted import FILL, NothingModel, colour_planner, write_png


def make_runner(tmp_path: Path) -> Runner:
    return Runner(Settings(home=tmp_path / "home"), model=NothingModel(), tools={"fill": FILL},
                  planner=colour_planner)


def colour_of(ref) -> tuple[int, int, int]:
    return tuple(int(v) for v in np.asarray(Image.open(ref.path).convert("RGB"))[0, 0])


RED, GREEN, BLUE, YELLOW, WHITE = (255, 0, 0), (0, 128, 0), (0, 0, 255), (255, 255, 0), (255, 255, 255)


@pytest.fixture
def thread(tmp_path):
    """A thread with two turns: 'red, green' on an input image, then 'blue'."""
    runner = make_runner(tmp_path)
    first = runner.edit([write_png(tmp_path / "in.png")], "red, green")
    second = runner.edit([], "blue", thread_id=first.thread_id)
    return runner, first.thread_id, second


def test_a_follow_up_continues_from_the_last_result(thread):
    runner, thread_id, second = thread
    assert second.thread_id == thread_id
    assert [s.id for s in second.report.steps] == ["s1"]  # only this turn's steps
    assert second.report.inputs[0].sha256 != second.output.sha256
    assert colour_of(runner.history(thread_id).node(runner.history(thread_id).head).image) == BLUE
    labels = [n.label for n in runner.history(thread_id).path_to_head()]
    assert labels == ["input", "s1 fill ✓", "s2 fill ✓", "s1 fill ✓"]
    assert [n.turn for n in runner.history(thread_id).path_to_head()] == [1, 1, 1, 2]


def test_undo_returns_to_the_previous_picture_and_keeps_the_undone_step(thread):
    runner, thread_id, _ = thread
    assert colour_of(runner.undo(thread_id)) == GREEN
    history = runner.history(thread_id)
    assert colour_of(history.node(history.head).image) == GREEN
    assert len(history.nodes) == 4  # the blue step is still there, on its own branch
    assert colour_of(runner.undo(thread_id)) == RED
    after = runner.edit([], "yellow", thread_id=thread_id)
    assert colour_of(after.output) == YELLOW


def test_editing_from_an_earlier_step_starts_a_branch_and_branches_can_be_switched(thread):
    runner, thread_id, _ = thread
    runner.undo(thread_id)
    runner.edit([], "yellow", thread_id=thread_id)
    history = runner.history(thread_id)
    leaves = [colour_of(path[-1].image) for path in history.branches()]
    assert sorted(leaves) == sorted([BLUE, YELLOW])
    blue_leaf = next(p[-1] for p in history.branches() if colour_of(p[-1].image) == BLUE)
    assert colour_of(runner.checkout(thread_id, blue_leaf.id)) == BLUE
    assert runner.history(thread_id).head == blue_leaf.id
    on_blue = runner.edit([], "white", thread_id=thread_id)
    path = runner.history(thread_id).path_to_head()
    assert [colour_of(n.image) for n in path][-2:] == [BLUE, WHITE]
    assert colour_of(on_blue.output) == WHITE
    assert len(runner.history(thread_id).branches()) == 2


def test_undo_at_the_first_image_and_unknown_nodes_are_bad_input(tmp_path):
    runner = make_runner(tmp_path)
    thread_id = runner.edit([write_png(tmp_path / "in.png")], "red").thread_id
    runner.undo(thread_id)
    with pytest.raises(BadInput, match="nothing to undo"):
        runner.undo(thread_id)
    with pytest.raises(BadInput, match="no step"):
        runner.checkout(thread_id, "not-a-checkpoint")
    with pytest.raises(BadInput, match="no run"):
        runner.history("no-such-thread")


def test_a_cancelled_run_keeps_its_history_and_resumes(tmp_path):
    runner = make_runner(tmp_path)
    cancel = threading.Event()

    def stop_after_first_step(event):
        if event.kind == "step_finished":
            cancel.set()

    with pytest.raises(Cancelled) as stopped:
        runner.edit([write_png(tmp_path / "in.png")], "red, green, blue", thread_id="t1",
                    on_event=stop_after_first_step, cancel=cancel)
    assert stopped.value.thread_id == "t1"
    assert [n.label for n in runner.history("t1").path_to_head()] == ["input", "s1 fill ✓"]
    outcome = runner.resume("t1")
    assert [s.id for s in outcome.report.steps] == ["s1", "s2", "s3"]
    assert [s.attempts for s in outcome.report.steps] == [1, 1, 1]
    assert colour_of(outcome.output) == BLUE


def test_a_new_instruction_after_a_cancel_starts_from_the_last_finished_step(tmp_path):
    runner = make_runner(tmp_path)
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        runner.edit([write_png(tmp_path / "in.png")], "red, green", thread_id="t2",
                    on_event=lambda e: e.kind == "step_finished" and cancel.set(), cancel=cancel)
    outcome = runner.edit([], "yellow", thread_id="t2")
    assert [s.id for s in outcome.report.steps] == ["s1"]
    labels = [n.label for n in runner.history("t2").path_to_head()]
    assert labels == ["input", "s1 fill ✓", "s1 fill ✓"]
    assert [colour_of(n.image) for n in runner.history("t2").path_to_head()] == [(200, 60, 30), RED, YELLOW]


def test_threads_lists_every_thread_newest_first(tmp_path):
    runner = make_runner(tmp_path)
    image = write_png(tmp_path / "in.png")
    runner.edit([image], "red", thread_id="older")
    runner.edit([image], "green", thread_id="newer")
    threads = runner.threads()
    assert [t.thread_id for t in threads] == ["newer", "older"]
    assert threads[0].title == "green"
    assert colour_of(threads[0].image) == GREEN
    # A browser's own threads only (the app reads just those checkpoints); unknown ids are skipped.
    assert [t.thread_id for t in runner.threads(only={"older", "gone"})] == ["older"]
    assert runner.threads(only=set()) == []


def test_a_fresh_home_has_no_threads_and_a_cancelled_run_is_pending(tmp_path):
    runner = make_runner(tmp_path)
    assert runner.threads() == []
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        runner.edit([write_png(tmp_path / "in.png")], "red, green", thread_id="p",
                    on_event=lambda e: e.kind == "step_finished" and cancel.set(), cancel=cancel)
    assert runner.pending("p")
    runner.resume("p")
    assert not runner.pending("p")
