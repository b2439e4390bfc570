"""The app's edit page: the chat on the left, the result, history, mask and threads on the right.

Every widget a test or a handler touches has a stable `elem_id`.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ui.app_mask import MASK_TAB

PLACEHOLDER = ("Attach one or more images and say what to do, e.g. "
               "「把背景换成浅蓝色，把衣服换成红色，再用红框标出人脸」 — or, on the last result, "
               "“make it bigger”, “undo that”.")

# The browser (localStorage) keeps its current thread and the threads it made, so a reload or a
# restarted app comes back to them, and two browsers do not see each other's threads. Thread ids
# are not secret: the fixed secret lets a restarted app read them back.
THREAD_KEY, MINE_KEY, SECRET = "vloop-thread", "vloop-threads", "vloop-thread-ids"

# How the chat draws its messages. vloop writes no LaTeX: without delimiters the page does not
# scan every message for formulas on every streamed update (about 6 % of the page's CPU in a run).
CHAT_LOOK = {"height": 620, "group_consecutive_messages": False, "latex_delimiters": []}


@dataclass
class EditPage:
    thread: gr.BrowserState
    mine: gr.BrowserState
    chat: gr.Chatbot
    progress: gr.Markdown
    chat_input: gr.MultimodalTextbox
    suggestions: gr.Radio
    cancel: gr.Button
    resume: gr.Button
    undo: gr.Button
    new_thread: gr.Button
    slider: gr.ImageSlider
    report: gr.File
    tree: gr.HTML
    branches: gr.Radio
    nodes: gr.Dropdown
    editor: gr.ImageEditor
    painted: gr.State  # what was painted in the editor, on which picture (`Paint`), or None
    threads: gr.Dropdown
    attached: gr.State  # the picture to paint a mask on (its path): set it, and the editor follows
    pending: gr.State  # a message accepted for a run, handed from `Chat.accept` to `Chat.run`
    side_tabs: gr.Tabs
    mask_open: gr.State  # True while the Mask tab is the side column's open tab
    in_editor: gr.State  # the picture the editor has loaded (its path), or None


def build_edit_page() -> EditPage:
    """Create the edit page's widgets inside the current `gr.Blocks` context."""
    thread = gr.BrowserState(None, storage_key=THREAD_KEY, secret=SECRET)
    mine = gr.BrowserState([], storage_key=MINE_KEY, secret=SECRET)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            chat, progress, chat_input, suggestions, buttons = _chat_column()
        with gr.Column(scale=2):
            side = _side_column()
    return EditPage(thread, mine, chat, progress, chat_input, suggestions, *buttons, *side)


def _chat_column() -> tuple:
    chat = gr.Chatbot(elem_id="chat", label="vloop", buttons=["copy", "copy_all"], feedback_options=None,
                      placeholder="The plan, then every step with its picture and checks, appear here.",
                      **CHAT_LOOK)
    progress = gr.Markdown("", elem_id="progress", latex_delimiters=[])
    chat_input = gr.MultimodalTextbox(elem_id="chat-input", file_count="multiple", file_types=["image"],
                                      sources=["upload"], placeholder=PLACEHOLDER, show_label=False,
                                      autofocus=True)
    suggestions = gr.Radio([], label="Similar past requests (click to reuse)", elem_id="suggestions",
                           visible=False)
    with gr.Row():
        buttons = (gr.Button("Cancel", elem_id="cancel-btn", variant="stop", size="sm"),
                   gr.Button("Resume", elem_id="resume-btn", size="sm", visible=False),
                   gr.Button("Undo", elem_id="undo-btn", size="sm"),
                   gr.Button("New thread", elem_id="new-thread-btn", size="sm"))
    return chat, progress, chat_input, suggestions, buttons


def _side_column() -> tuple:
    with gr.Tabs(elem_id="side-tabs") as side_tabs:
        with gr.Tab("Result", elem_id="tab-result"):
            slider = gr.ImageSlider(label="Before / after", elem_id="before-after", type="filepath",
                                    interactive=False)
            report = gr.File(label="Report (JSON)", elem_id="report-file", interactive=False)
        with gr.Tab("History", elem_id="tab-history"):
            tree = gr.HTML("", elem_id="history-tree")
            branches = gr.Radio([], label="Branches (pick one to switch to it)", elem_id="branch-radio")
            nodes = gr.Dropdown([], label="Go back to a step (the next edit branches from it)",
                                elem_id="node-select", interactive=True)
        with gr.Tab(MASK_TAB, elem_id="tab-mask"):
            editor = gr.ImageEditor(label="Paint the region to edit; regional ops act only there",
                                    elem_id="mask-editor", type="numpy", sources=["upload"],
                                    transforms=(), layers=False,
                                    brush=gr.Brush(colors=["#ff0000"], color_mode="fixed"))
        with gr.Tab("Threads", elem_id="tab-threads"):
            threads = gr.Dropdown([], label="Past threads (newest first)", elem_id="thread-list",
                                  interactive=True)
    return (slider, report, tree, branches, nodes, editor, gr.State(None), threads, gr.State(None),
            gr.State(None), side_tabs, gr.State(False), gr.State(None))
