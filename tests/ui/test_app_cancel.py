"""Cancelling a run through the app's streaming adapter leaves its thread consistent: the
finished steps are in the history, and `resume` finishes the rest without redoing them."""

from __future__ import annotations

from functools import partial

from agent.events import RunEvent
from agent.runner import Cancelled, RunOutcome
from tests.fixtures.scripted import write_png
from ui.app_session import ActiveRuns
from ui.app_stream import Failed, stream_run


def _edit(runner, image, thread_id, on_event, cancel):
    return runner.edit([image], "invert, wait, invert", thread_id=thread_id, on_event=on_event, cancel=cancel)


def test_cancel_mid_run_keeps_history_and_resume_finishes(tmp_path, gated):
    image = write_png(tmp_path / "in.png")
    runs = ActiveRuns()
    flag = runs.start("session-a")
    items = stream_run(partial(_edit, gated.runner, image, "t1"), flag)
    kinds = []
    for item in (item for batch in items for item in batch):
        kinds.append(item.kind if isinstance(item, RunEvent) else item)
        if isinstance(item, RunEvent) and item.kind == "step_started" and item.index == 2:
            assert gated.gate.entered.wait(timeout=60)
            assert runs.cancel("session-a")  # the Cancel button, while step 2 runs
            gated.gate.opened.set()
    last = kinds[-1]
    assert isinstance(last, Failed) and isinstance(last.error, Cancelled), kinds
    assert last.error.thread_id == "t1"
    assert "done" not in kinds

    history = gated.runner.history("t1")
    assert [node.label for node in history.path_to_head()] == ["input", "s1 invert ✓"]
    assert gated.runs() == 1

    outcome = gated.runner.resume("t1")
    assert [s.status for s in outcome.report.steps] == ["passed", "passed", "passed"]
    assert gated.runs() == 2  # s1 was not run again, s3 ran once
    labels = [node.label for node in gated.runner.history("t1").path_to_head()]
    assert labels == ["input", "s1 invert ✓", "s2 gate ✓", "s3 invert ✓"]


def test_leaving_the_stream_early_cancels_the_run(tmp_path, gated):
    """The browser went away: closing the generator stops the run after its current node."""
    image = write_png(tmp_path / "in.png")
    runs = ActiveRuns()
    flag = runs.start("session-b")
    items = stream_run(partial(_edit, gated.runner, image, "t2"), flag)
    for item in (item for batch in items for item in batch):
        if isinstance(item, RunEvent) and item.kind == "step_started" and item.index == 2:
            break
    gated.gate.opened.set()
    items.close()  # returns once the run has stopped
    assert flag.is_set()
    assert [node.label for node in gated.runner.history("t2").path_to_head()][:2] == ["input", "s1 invert ✓"]
    outcome = gated.runner.resume("t2")
    assert isinstance(outcome, RunOutcome) and outcome.report.passed
    assert gated.runs() == 2


def test_cancel_without_a_run_says_so():
    runs = ActiveRuns()
    assert not runs.cancel("nobody")
    flag = runs.start("s")
    runs.finish("s", flag)
    assert not runs.running("s") and not runs.cancel("s")


def test_a_tab_runs_one_request_at_a_time():
    runs = ActiveRuns()
    first = runs.start("tab")
    assert first is not None and runs.running("tab")
    assert runs.start("tab") is None  # a second message while the first runs is not started
    assert runs.start("other tab") is not None  # other tabs are not held up
    runs.finish("tab", first)
    assert not runs.running("tab") and runs.start("tab") is not None


def test_cancel_while_queued_stops_the_request_before_it_starts():
    runs = ActiveRuns()
    ticket = runs.queue("tab")  # accepted; waits for its turn in the model queue
    assert not runs.running("tab")
    assert runs.cancel("tab") == "queued"
    flag = runs.start("tab", ticket)
    assert flag is not None and flag.is_set()  # its turn came: it knows it was cancelled
    runs.finish("tab", flag)
    flag = runs.start("tab", runs.queue("tab"))
    assert not flag.is_set() and runs.cancel("tab") == "running"


def test_a_request_sent_after_cancelling_a_queued_one_is_its_own():
    runs = ActiveRuns()
    cancelled = runs.queue("tab")
    runs.cancel("tab")
    sent_again = runs.queue("tab")  # the person sends another instruction at once
    first = runs.start("tab", cancelled)
    assert first.is_set()  # the cancelled one does not run...
    runs.finish("tab", first)
    assert not runs.start("tab", sent_again).is_set()  # ...the new one does


def test_a_request_cancelled_in_the_queue_runs_nothing_and_says_so(app_runner):
    import gradio as gr

    from ui.app_chat import Chat
    from ui.app_layout import build_edit_page
    from ui.app_thread import ThreadView

    with gr.Blocks():
        page = build_edit_page()
    runs = ActiveRuns()
    chat = Chat(app_runner, ThreadView(app_runner, page), runs)
    called = []
    ticket = runs.queue("tab")
    runs.cancel("tab")
    updates = list(chat.follow(lambda on_event, cancel: called.append(1), [], "tab", ticket))
    assert not called
    (last,) = updates
    assert last[page.chat][-1]["content"] == "■ Cancelled before it started: nothing was run."
    assert last[page.progress] == ""
    assert not runs.running("tab")  # the tab can send again
