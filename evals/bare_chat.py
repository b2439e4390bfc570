"""The reference page for `evals.app_bench`: about the least a Gradio page can be and still
show a run.

One chat, one input and one streaming event on the same runner, with the same messages as the
app (the plan, each step with its picture, the summary), and nothing else: no panels, no
threads, no progress line, no memory. What this page costs a run over `Runner.edit` is what a
minimal Gradio 6 page showing the run in a browser on the same machine costs, the yardstick for
the app's own page.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from agent.events import RunEvent
from agent.runner import Runner, RunOutcome
from ui.app import CSS
from ui.app_layout import CHAT_LOOK
from ui.app_messages import event_message, summary_message, user_message
from ui.app_stream import Failed, stream_run


def bare_chat(runner: Runner) -> gr.Blocks:
    """The page: `#chat` and `#chat-input`, named and styled as in the app, so the benchmark
    drives both alike and the chat draws the same pictures at the same size."""

    def run(message: dict, chat: list) -> Iterator[list]:
        text, files = message["text"], [Path(f) for f in message["files"]]
        chat = [*chat, user_message(text, files)]
        yield chat

        def job(on_event, cancel: threading.Event) -> RunOutcome:
            return runner.edit(files, text, on_event=on_event, cancel=cancel)

        for batch in stream_run(job, threading.Event()):
            if isinstance(batch[-1], Failed):
                raise batch[-1].error
            shown = [message for item in batch for message in _shown(item)]
            if shown:  # as the app: an update only when the chat grew
                chat += shown
                yield chat

    with gr.Blocks(title="vloop, bare chat", analytics_enabled=False) as page:
        chat = gr.Chatbot(elem_id="chat", **CHAT_LOOK)
        box = gr.MultimodalTextbox(elem_id="chat-input", file_count="multiple", file_types=["image"])
        box.submit(run, [box, chat], chat, show_progress="hidden")
    return page


def _shown(item: RunEvent | RunOutcome) -> list[dict]:
    """What the app's chat shows for `item`: the plan, a finished step, the summary."""
    if isinstance(item, RunOutcome):
        return [summary_message(item.report)]
    message = event_message(item)
    return [] if message is None else [message]


def serve_bare_chat(runner: Runner, port: int) -> gr.Blocks:
    """Launch the bare chat on 127.0.0.1:`port`, serving the runner's images as the app does."""
    page = bare_chat(runner)
    gr.set_static_paths([runner.settings.store_dir])
    page.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
                allowed_paths=[str(runner.settings.home)], css=CSS, footer_links=[])
    return page
