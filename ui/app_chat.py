"""The chat: send a message (images + instruction), watch the plan and each step stream in,
cancel, resume. The runner does the work on a worker thread (`ui.app_stream`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import gradio as gr
from PIL import Image

from agent.events import RunEvent
from agent.export import write_report
from agent.runner import Cancelled, Runner, RunOutcome, new_thread_id
from model_server.errors import VloopError
from ui.app_mask import Paint, write_mask
from ui.app_messages import (
    assistant,
    event_message,
    moved_message,
    progress_text,
    remembered_message,
    summary_message,
    user_message,
)
from ui.app_session import ActiveRuns
from ui.app_stream import Failed, Job, stream_run
from ui.app_thread import ThreadView

log = logging.getLogger(__name__)

BUSY = "A run is still going in this tab: wait for it to finish, or cancel it."
MASK_ELSEWHERE = "The mask was painted on another picture, so this message runs without it."


@dataclass(frozen=True)
class Request:
    """A run accepted by `Chat.accept` (or `accept_resume`), waiting for `Chat.run` to start it."""

    thread_id: str
    chat: list  # the chat with the message shown: the run streams into it (not read back from the page)
    text: str = ""
    files: tuple[str, ...] = ()
    mask: Path | None = None
    resume: bool = False
    ticket: str = ""  # its place in `ActiveRuns` while it waits in the model queue


class Chat:
    """Handlers of the chat input and the Cancel / Resume buttons.

    A message goes through three chained events: `accept` shows it and clears the input at once;
    `run` (in the model queue) streams the plan and the steps into the chat; `ThreadView.panels`
    then shows the result, history and thread list. Gradio re-creates every output an update
    leaves out (about 1 ms each, more for the input box, and the page redraws it), so the streaming
    event updates the chat and the progress line only.
    """

    def __init__(self, runner: Runner, view: ThreadView, runs: ActiveRuns) -> None:
        self.runner = runner
        self.view = view
        self.page = view.page
        self.runs = runs
        self.pending = view.page.pending

    def accept_outputs(self) -> list:
        p = self.page
        return [p.thread, p.mine, p.chat, p.progress, p.chat_input, p.suggestions, self.pending]

    def run_outputs(self) -> list:
        return [self.page.chat, self.page.progress]

    def accept(self, message: dict | None, painted: Paint | None, thread_id: str | None,
               mine: list[str], chat: list, request: gr.Request) -> dict:
        """Take the message's instruction for a run; new images start a new thread. The input is
        left as it is when the message cannot run (nothing typed is lost)."""
        text, files = (message or {}).get("text", "").strip(), (message or {}).get("files", [])
        if not text:
            gr.Warning("Say what to do with the image.")
            return {self.pending: None}
        if self._busy(request.session_hash):
            return {self.pending: None}
        thread_id = thread_id if not files and thread_id else new_thread_id()
        chat = [*chat, user_message(text, files)]
        shown = {self.page.thread: thread_id, self.page.chat: chat, self.page.progress: "Planning…",
                 self.page.mine: [thread_id, *(t for t in mine or [] if t != thread_id)],
                 self.page.suggestions: gr.update(visible=False), self.page.chat_input: None}
        try:
            mask = self._mask(painted, files, thread_id)
        except VloopError as exc:
            return {**shown, **self._ended(chat, f"⚠ {exc}"), self.pending: None}
        ticket = self.runs.queue(request.session_hash)  # Cancel reaches it while it waits its turn
        return {**shown, self.pending: Request(thread_id, chat, text, tuple(files), mask, ticket=ticket)}

    def accept_resume(self, thread_id: str | None, chat: list, request: gr.Request) -> dict:
        """Take the Resume click: finish the thread's interrupted run from its last checkpoint."""
        if not thread_id or self._busy(request.session_hash):
            return {self.pending: None}
        chat = [*chat, assistant("▶ Resuming from the last finished step…")]
        ticket = self.runs.queue(request.session_hash)
        return {self.page.resume: gr.update(visible=False), self.page.chat: chat,
                self.pending: Request(thread_id, chat, resume=True, ticket=ticket)}

    def _busy(self, session: str) -> bool:
        """True (and a warning) while `session`'s last run still goes."""
        if self.runs.running(session):
            gr.Warning(BUSY)
            return True
        return False

    def run(self, accepted: Request | None, request: gr.Request) -> Iterator[dict]:
        """Run the accepted request, streaming its plan and steps into the chat."""
        if accepted is None:
            return
        if accepted.resume:
            job = partial(_resume, self.runner, accepted.thread_id)
        else:
            job = partial(_edit, self.runner, [Path(f) for f in accepted.files], accepted.text,
                          accepted.mask, accepted.thread_id)
        yield from self.follow(job, list(accepted.chat), request.session_hash, accepted.ticket)

    def cancel(self, request: gr.Request) -> str:
        cancelled = self.runs.cancel(request.session_hash)
        if cancelled == "running":
            return "Cancelling after the current step…"
        if cancelled == "queued":
            return "Cancelled: the request will not start."
        return "Nothing is running."

    def follow(self, job: Job, chat: list, session: str, ticket: str = "") -> Iterator[dict]:
        """Start `job` under `session`'s cancel flag, stream its events into the chat and the
        progress line, and show how it ended. The session is free again before the end is shown,
        so a message sent as soon as it appears is taken."""
        flag = self.runs.start(session, ticket)
        if flag is None:  # sent again while the first run waited in the queue: that one goes on
            gr.Warning(f"Not run: {BUSY}")
            return
        if flag.is_set():  # Cancel was pressed while it waited in the queue
            self.runs.finish(session, flag)
            yield self._ended(chat, "■ Cancelled before it started: nothing was run.")
            return
        try:
            for batch in stream_run(job, flag):
                *events, last = batch
                grew = sum(self._record(event, chat) for event in events)
                if isinstance(last, RunEvent):
                    grew += self._record(last, chat)
                    if last.kind != "done":  # the outcome follows at once: one update for both
                        shown = {self.page.chat: chat} if grew else {}
                        yield {**shown, self.page.progress: progress_text(last)}
                    continue
                self.runs.finish(session, flag)
                if isinstance(last, RunOutcome):
                    yield from self._finished(last, chat)
                else:
                    yield from self._failed(last, chat)
        finally:
            flag.set()  # the page went away before the stream began: stop the run all the same
            self.runs.finish(session, flag)

    @staticmethod
    def _record(event: RunEvent, chat: list) -> bool:
        """Add what `event` shows to the chat (the plan, or a finished step); True if it did."""
        message = event_message(event)
        if message is not None:
            chat.append(message)
        return message is not None

    def _finished(self, outcome: RunOutcome, chat: list) -> Iterator[dict]:
        """How the run ended (a plan run, a stated preference remembered, an "undo that"): the chat
        and the progress line, once the report is written; the result, history and thread panels
        (and Resume) follow in the event chained after this one."""
        if outcome.remembered:
            chat.append(remembered_message(outcome.remembered))
        if outcome.report.plan:
            chat.append(summary_message(outcome.report))
        elif outcome.output is not None:  # "undo that"; a preference alone has no output
            history = self.runner.history(outcome.thread_id)
            chat.append(moved_message("↩ Undone: back to", history.node(history.head)))
        if outcome.report.plan:  # the panels that follow offer it, and a reload finds it
            write_report(outcome.report, self.view.reports / f"{outcome.thread_id}-{len(chat)}.json")
        yield self._ended(chat, None)

    def _failed(self, failed: Failed, chat: list) -> Iterator[dict]:
        error = failed.error
        if isinstance(error, Cancelled):
            yield self._ended(chat, "■ Cancelled. The finished steps are kept; press Resume to "
                                    "finish the run, or send a new instruction.")
        elif isinstance(error, VloopError):
            yield self._ended(chat, f"⚠ {error}")
        else:
            log.error("run failed", exc_info=error)
            yield self._ended(chat, f"Internal error: {type(error).__name__}: {error}")
            raise error

    def _ended(self, chat: list, note: str | None) -> dict:
        if note:
            chat.append(assistant(note))
        return {self.page.chat: chat, self.page.progress: ""}

    def _mask(self, paint: Paint | None, files: list[str], thread_id: str) -> Path | None:
        """The mask file for a run on `files[0]` (or the thread's last picture), from what was
        painted on that picture; paint on another picture is not used, and the person is told."""
        if paint is None:
            return None
        if files:
            picture = files[0]
            with Image.open(picture) as first:
                size = first.size
        else:
            head = self.runner.history(thread_id)
            image = head.node(head.head).image
            picture, size = image.path, (image.width, image.height)
        if not paint.on(picture):
            gr.Warning(MASK_ELSEWHERE)
            return None
        return write_mask(paint.region, size, self.runner.settings.home / "app" / "masks")


def _edit(runner: Runner, files: list[Path], text: str, mask: Path | None, thread_id: str,
          on_event, cancel) -> RunOutcome:
    return runner.edit(files, text, mask=mask, thread_id=thread_id, on_event=on_event, cancel=cancel)


def _resume(runner: Runner, thread_id: str, on_event, cancel) -> RunOutcome:
    return runner.resume(thread_id, on_event=on_event, cancel=cancel)
