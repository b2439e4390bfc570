"""`vloop ui`: the Gradio app, a thin adapter over the runner.

`create_app(runner)` builds the page and wires each widget to one handler; `serve` launches it.
The handlers live in `ui.app_chat` (accept and run a message, cancel, resume), `ui.app_thread` (history, undo,
branches, past threads), `ui.app_inspect` (perception, ask, check) and `ui.app_memory`.
"""

from __future__ import annotations

import logging
import threading

import gradio as gr

from agent.runner import Runner
from ui.app_chat import Chat
from ui.app_history import TREE_CSS
from ui.app_inspect import build_inspect_tabs
from ui.app_layout import EditPage, build_edit_page
from ui.app_mask import attached_image, load_editor, mask_tab_selected, painted_on
from ui.app_memory import MemoryPanel, build_memory_tab
from ui.app_session import ActiveRuns
from ui.app_thread import ThreadView

log = logging.getLogger(__name__)

# Two model-bound events (runs, perception, ask, check) at once, across all sessions: a run keeps
# one CPU core busy and the machine we ship on has two, so a third would only slow all of them
# down. Further requests wait in the queue and are shown their place in it. Cheap handlers
# (cancel, undo, history, threads, memory) get no limit, so one session's model call never
# freezes another session's clicks.
RUNS_AT_ONCE = 2
QUEUE_SIZE = 32
MODEL = "model"  # the concurrency group every model-bound event shares

CSS = TREE_CSS + """
#progress { min-height: 1.6em; font-size: .95em; }
#chat .message img { max-height: 280px; }
"""


def create_app(runner: Runner) -> gr.Blocks:
    """The app for `runner`; call `serve` (or `.launch`) to run it."""
    with gr.Blocks(title="vloop", analytics_enabled=False, fill_width=True) as app:
        gr.Markdown("## vloop — plan, edit, verify", elem_id="title")
        with gr.Tabs(elem_id="main-tabs"):
            with gr.Tab("Edit", elem_id="tab-edit"):
                page = build_edit_page()
            build_inspect_tabs(runner)
            memory_items = build_memory_tab(runner, page.chat_input, page.suggestions)
        _wire(app, runner, page)
        app.load(MemoryPanel(runner).items, None, memory_items, concurrency_limit=None)
    app.queue(default_concurrency_limit=RUNS_AT_ONCE, max_size=QUEUE_SIZE)
    return app


def _wire(app: gr.Blocks, runner: Runner, page: EditPage) -> None:
    view = ThreadView(runner, page)
    chat = Chat(runner, view, ActiveRuns())
    shown, free = view.outputs(), {"concurrency_limit": None, "show_progress": "hidden"}
    busy = {"concurrency_id": MODEL, "concurrency_limit": RUNS_AT_ONCE, "show_progress": "hidden"}
    # Each message: accepted at once, run in the model queue, then the thread's panels shown.
    panels, shows_panels = view.panel_outputs(), [page.thread, page.mine]
    run = (chat.run, chat.pending, chat.run_outputs())
    page.chat_input.submit(chat.accept, [page.chat_input, page.painted, page.thread, page.mine, page.chat],
                           chat.accept_outputs(), **free
                           ).then(*run, **busy).then(view.panels, shows_panels, panels, **free)
    page.resume.click(chat.accept_resume, [page.thread, page.chat], [page.resume, page.chat, chat.pending],
                      **free).then(*run, **busy).then(view.panels, shows_panels, panels, **free)
    page.cancel.click(chat.cancel, None, page.progress, **free)
    page.undo.click(view.undo, [page.thread, page.chat], shown, **free)
    page.nodes.input(view.checkout, [page.nodes, page.thread, page.chat], shown, **free)
    page.branches.input(view.switch_branch, [page.branches, page.thread, page.chat], shown, **free)
    page.threads.input(view.restore, [page.threads, page.mine], shown, **free)
    page.new_thread.click(view.empty, None, shown, **free)
    # The mask is read when the person paints, not on send: the editor's layers are uploaded and
    # decoded only then, so a message without a mask does not pay for them.
    page.editor.input(painted_on, [page.editor, page.in_editor], page.painted, trigger_mode="always_last",
                      **free)
    page.editor.clear(lambda: None, None, page.painted, **free)
    page.chat_input.change(attached_image, [page.chat_input, page.attached], page.attached, **free)
    page.side_tabs.select(mask_tab_selected, None, page.mask_open, **free)
    editor_follows = (load_editor, [page.attached, page.in_editor, page.mask_open],
                      [page.editor, page.in_editor, page.painted])
    page.attached.change(*editor_follows, **free)
    page.mask_open.change(*editor_follows, **free)
    app.load(view.restore, [page.thread, page.mine], shown, **free)


def serve(runner: Runner, *, host: str = "127.0.0.1", port: int | None = 7860, share: bool = False,
          block: bool = True) -> gr.Blocks:
    """Launch the app; images are served from the runner's home (the image store) only."""
    app = create_app(runner)
    # The image store's files are named by their content and never change: served from where they
    # are, not hashed and copied into Gradio's cache again each time the chat is sent (every
    # streamed step re-sends every picture in it). Gradio keeps one such list per process.
    gr.set_static_paths([runner.settings.store_dir])
    app.launch(server_name=host, server_port=port, share=share, prevent_thread_lock=True,
               allowed_paths=[str(runner.settings.home)], css=CSS, quiet=not block,
               footer_links=[], show_error=True)
    _warm(runner)  # after the server is up, so loading the model does not delay the first paint
    if block:
        app.block_thread()
    return app


def _warm(runner: Runner) -> None:
    """Load the model in the background so the first request does not pay for it."""
    threading.Thread(target=lambda: runner.model, name="vloop-warm", daemon=True).start()
