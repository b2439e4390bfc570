"""The chat: send a message (images + instruction), watch the plan and each step stream in,
cancel, resume. The runner does the work on a worker thread (`ui.app_stream`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import gradio as gr
import numpy as np
from PIL import Image

from agent.events import RunEvent
from agent.export import write_report
from agent.runner import Cancelled, Runner, RunOutcome, new_thread_id
from model_server.errors import VloopError
from ui.app_mask import write_mask
from ui.app_messages import (
    assistant,
    moved_message,
    plan_message,
    progress_text,
    remembered_message,
    step_message,
    summary_message,
    user_message,
)
from ui.app_session import ActiveRuns
from ui.app_stream import Failed, Job, stream_run
from ui.app_thread import ThreadView

log = logging.getLogger(__name__)


class Chat:
    """Handlers of the chat input and the Cancel / Resume buttons."""

    def __init__(self, runner: Runner, view: ThreadView, runs: ActiveRuns) -> None:
        self.runner = runner
        self.view = view
        self.page = view.page
        self.runs = runs

    def outputs(self) -> list:
        return [*self.view.outputs(), self.page.chat_input, self.page.suggestions]

    def send(self, message: dict | None, painted: np.ndarray | None, thread_id: str | None, mine: list[str],
             chat: list, request: gr.Request) -> Iterator[dict]:
        """Plan and run the message's instruction; new images start a new thread."""
        text, files = (message or {}).get("text", "").strip(), (message or {}).get("files", [])
        if not text:
            gr.Warning("Say what to do with the image.")
            return
        thread_id = thread_id if not files and thread_id else new_thread_id()
        mine = [thread_id, *(t for t in mine or [] if t != thread_id)]
        chat = [*chat, user_message(text, files)]
        first = {self.page.thread: thread_id, self.page.mine: mine, self.page.chat: chat,
                 self.page.progress: "Planning…", self.page.suggestions: gr.update(visible=False),
                 self.page.chat_input: gr.update(value=None, interactive=False)}
        try:
            mask = self._mask(painted, files, thread_id)
        except VloopError as exc:
            yield {**first, **self._ended(chat, f"⚠ {exc}")}
            return
        job = partial(_edit, self.runner, [Path(f) for f in files], text, mask, thread_id)
        yield from self.follow(job, first, mine, request.session_hash)

    def resume(self, thread_id: str | None, mine: list[str], chat: list,
               request: gr.Request) -> Iterator[dict]:
        """Finish the thread's interrupted run from its last checkpoint."""
        if not thread_id:
            return
        chat = [*chat, assistant("▶ Resuming from the last finished step…")]
        job = partial(_resume, self.runner, thread_id)
        first = {self.page.resume: gr.update(visible=False), self.page.chat: chat,
                 self.page.chat_input: gr.update(interactive=False)}
        yield from self.follow(job, first, mine, request.session_hash)

    def cancel(self, request: gr.Request) -> str:
        if self.runs.cancel(request.session_hash):
            return "Cancelling after the current step…"
        return "Nothing is running."

    def follow(self, job: Job, first: dict, mine: list[str], session: str) -> Iterator[dict]:
        """Start `job`, show `first` (the message sent) while it starts, then stream its events into
        the chat and the progress line, and show how it ended."""
        flag = self.runs.start(session)
        chat = first[self.page.chat]
        try:
            items = stream_run(job, flag)  # the run starts now, not after `first` reaches the page
            yield first
            for batch in items:
                *events, last = batch
                grew = sum(self._record(event, chat) for event in events)
                if isinstance(last, RunEvent):
                    grew += self._record(last, chat)
                    if last.kind == "done" and not grew:
                        continue  # the outcome follows at once: one update for both, not two
                    # the chat (with every step's picture) is sent again only when it grew
                    shown = {self.page.chat: chat} if grew else {}
                    yield {**shown, self.page.progress: progress_text(last)}
                elif isinstance(last, RunOutcome):
                    yield from self._finished(last, chat, mine)
                else:
                    yield from self._failed(last, chat, mine)
        finally:
            flag.set()  # the page went away before the stream began: stop the run all the same
            self.runs.finish(session, flag)

    @staticmethod
    def _record(event: RunEvent, chat: list) -> bool:
        """Add what `event` shows to the chat (the plan, or a finished step); True if it did."""
        if event.kind == "plan" and event.plan:
            chat.append(plan_message(event.plan))
        elif event.kind == "step_finished" and event.result:
            chat.append(step_message(event))
        else:
            return False
        return True

    def _finished(self, outcome: RunOutcome, chat: list, mine: list[str]) -> Iterator[dict]:
        """How the run ended (a plan run, a stated preference remembered, an "undo that"): first
        the chat and the input, free again, at once; then the report and the result, history and
        thread panels, which take a while longer."""
        if outcome.remembered:
            chat.append(remembered_message(outcome.remembered))
        if outcome.report.plan:
            chat.append(summary_message(outcome.report))
        elif outcome.output is not None:  # "undo that"; a preference alone has no output
            history = self.runner.history(outcome.thread_id)
            chat.append(moved_message("↩ Undone: back to", history.node(history.head)))
        yield self._ended(chat, None)  # the input too: what is typed once the chat shows is kept
        extra: dict = {}
        if outcome.report.plan:
            report_path = self.view.reports / f"{outcome.thread_id}-{len(chat)}.json"
            write_report(outcome.report, report_path)
            extra[self.page.report] = str(report_path)
        yield {self.page.resume: gr.update(visible=False), **extra,
               **self._view_if_any(outcome.thread_id, mine)}

    def _failed(self, failed: Failed, chat: list, mine: list[str]) -> Iterator[dict]:
        error = failed.error
        if isinstance(error, Cancelled):
            updates = self._ended(chat, "■ Cancelled. The finished steps are kept; press Resume to "
                                        "finish the run, or send a new instruction.")
            yield {**updates, **self._view_if_any(error.thread_id, mine),
                   self.page.resume: gr.update(visible=True)}
        elif isinstance(error, VloopError):
            yield self._ended(chat, f"⚠ {error}")
        else:
            log.error("run failed", exc_info=error)
            yield self._ended(chat, f"Internal error: {type(error).__name__}: {error}")
            raise error

    def _view_if_any(self, thread_id: str, mine: list[str]) -> dict:
        """The thread's panels, when it got as far as a first checkpoint with an image."""
        try:
            return {**self.view.updates(thread_id), **self.view.thread_list(mine, thread_id)}
        except VloopError:
            return {}

    def _ended(self, chat: list, note: str | None) -> dict:
        if note:
            chat.append(assistant(note))
        return {self.page.chat: chat, self.page.progress: "",
                self.page.chat_input: gr.update(value=None, interactive=True)}

    def _mask(self, region: np.ndarray | None, files: list[str], thread_id: str) -> Path | None:
        if region is None:
            return None
        if files:
            with Image.open(files[0]) as first:
                size = first.size
        else:
            head = self.runner.history(thread_id)
            image = head.node(head.head).image
            size = (image.width, image.height)
        return write_mask(region, size, self.runner.settings.home / "app" / "masks")


def _edit(runner: Runner, files: list[Path], text: str, mask: Path | None, thread_id: str,
          on_event, cancel) -> RunOutcome:
    return runner.edit(files, text, mask=mask, thread_id=thread_id, on_event=on_event, cancel=cancel)


def _resume(runner: Runner, thread_id: str, on_event, cancel) -> RunOutcome:
    return runner.resume(thread_id, on_event=on_event, cancel=cancel)
