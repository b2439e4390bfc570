"""One session's thread on screen: showing it, restoring it, and moving in its history (undo,
go back to a step, switch branch). Each handler is one runner call plus the view of its result."""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from agent.history import History
from agent.runner import Runner
from model_server.errors import BadInput, VloopError
from ui.app_history import branch_choices, first_node, head_node, node_choices, tree_html
from ui.app_layout import EditPage
from ui.app_messages import assistant, history_messages, moved_message

log = logging.getLogger(__name__)


class ThreadView:
    """Handlers for the thread panels of the edit page; `updates` is shared with the chat."""

    def __init__(self, runner: Runner, page: EditPage) -> None:
        self.runner = runner
        self.page = page

    def outputs(self) -> list:
        p = self.page
        return [p.thread, p.mine, p.chat, p.progress, p.slider, p.report, p.tree, p.branches, p.nodes,
                p.attached, p.painted, p.threads, p.resume]

    def updates(self, thread_id: str, history: History | None = None) -> dict:
        """The result, history and mask panels for `thread_id` as it is now (the page's thread is
        left as it is: a message sent meanwhile may have moved it to a new one)."""
        p = self.page
        history = history or self.runner.history(thread_id)
        head = head_node(history)
        choices, current = branch_choices(history)
        return {p.slider: (first_node(history).image.path, head.image.path),
                p.tree: tree_html(history), p.branches: gr.update(choices=choices, value=current),
                p.nodes: gr.update(choices=node_choices(history), value=history.head),
                p.attached: head.image.path, p.painted: None}

    def thread_list(self, mine: list[str] | None, selected: str | None = None) -> dict:
        """This browser's threads, newest first (other browsers' threads are not shown)."""
        summaries = self.runner.threads(only=set(mine or []))
        choices = [(f"{s.title[:60] or '(no instruction)'} · {s.updated[:16].replace('T', ' ')}",
                    s.thread_id) for s in summaries]
        return {self.page.threads: gr.update(choices=choices, value=selected)}

    def panel_outputs(self) -> list:
        """What `panels` shows: everything of the thread but the chat, which a run streams itself."""
        p = self.page
        return [p.slider, p.report, p.tree, p.branches, p.nodes, p.attached, p.painted, p.threads, p.resume]

    def panels(self, thread_id: str | None, mine: list[str] | None) -> dict:
        """The thread's result, history, report, Resume button and this browser's thread list, as
        they are now: shown after a run, in an event of its own, so the updates streamed while the
        run goes on carry the chat alone."""
        if not thread_id:
            return self.thread_list(mine)
        try:
            history = self.runner.history(thread_id)
        except VloopError:  # the run stopped before its first checkpoint
            return self.thread_list(mine)
        return self._panels_of(thread_id, history, mine)

    def _panels_of(self, thread_id: str, history: History, mine: list[str] | None) -> dict:
        return {**self.updates(thread_id, history), self.page.report: self.latest_report(thread_id),
                self.page.resume: gr.update(visible=self.runner.pending(thread_id)),
                **self.thread_list(mine, thread_id)}

    def restore(self, thread_id: str | None, mine: list[str] | None) -> dict:
        """Show a past thread: its chat rebuilt from history, its result and its tree."""
        try:
            history = self.runner.history(thread_id) if thread_id else None
        except BadInput:
            log.info("thread %s is gone; starting empty", thread_id)
            history = None
        if history is None:
            return {**self.empty(), **self.thread_list(mine)}
        return {**self._panels_of(thread_id, history, mine), self.page.thread: thread_id,
                self.page.chat: history_messages(history), self.page.progress: ""}

    @property
    def reports(self) -> Path:
        """Where the app writes each run's report for download."""
        return self.runner.settings.home / "app" / "reports"

    def latest_report(self, thread_id: str) -> str | None:
        found = sorted(self.reports.glob(f"{thread_id}-*.json"), key=lambda p: p.stat().st_mtime)
        return str(found[-1]) if found else None

    def empty(self) -> dict:
        p = self.page
        return {p.thread: None, p.chat: [], p.progress: "", p.slider: None, p.report: None, p.tree: "",
                p.branches: gr.update(choices=[], value=None), p.nodes: gr.update(choices=[], value=None),
                p.attached: None, p.painted: None, p.threads: gr.update(value=None),
                p.resume: gr.update(visible=False)}

    def undo(self, thread_id: str | None, chat: list) -> dict:
        return self._move(thread_id, chat, lambda t: self.runner.undo(t), "↩ Undone: back to")

    def checkout(self, node_id: str | None, thread_id: str | None, chat: list) -> dict:
        if not node_id:
            return {}
        return self._move(thread_id, chat, lambda t: self.runner.checkout(t, node_id),
                          "⤴ Went back to", "; the next instruction starts a new branch from here")

    def switch_branch(self, leaf_id: str | None, thread_id: str | None, chat: list) -> dict:
        if not leaf_id:
            return {}
        return self._move(thread_id, chat, lambda t: self.runner.checkout(t, leaf_id), "↪ Switched to")

    def _move(self, thread_id: str | None, chat: list, move, verb: str, tail: str = "") -> dict:
        if not thread_id:
            gr.Warning("No thread yet: send an image and an instruction first.")
            return {}
        try:
            move(thread_id)
        except BadInput as exc:
            return {self.page.chat: [*chat, assistant(f"⚠ {exc}")]}
        history = self.runner.history(thread_id)
        note = moved_message(verb, head_node(history), tail)
        return {**self.updates(thread_id, history), self.page.chat: [*chat, note]}
