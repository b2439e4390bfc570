"""Memory in the app: what it holds (listed, deletable by the person) and, under the chat
input, past requests similar to what is being typed."""

from __future__ import annotations

from datetime import datetime

import gradio as gr

from agent.runner import Runner

MIN_SCORE = 0.45  # cosine similarity below which a past request is not worth suggesting
MIN_CHARS = 4  # do not look anything up for the first few keystrokes


class MemoryPanel:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def items(self) -> dict:
        """The memory as checkbox choices: one per remembered request or preference."""
        choices = [(f"#{item.id} · {item.kind} · {item.text} — {item.detail} · {_when(item.created)}",
                    item.id) for item in self.runner.memory.list()]
        return gr.update(choices=choices, value=[])

    def delete(self, ids: list[int] | None) -> dict:
        for item_id in ids or []:
            self.runner.memory.delete(int(item_id))
        if ids:
            gr.Info(f"Deleted {len(ids)} memory item(s).")
        return self.items()

    def suggest(self, message: dict | None) -> dict:
        """Similar past requests to the text typed so far, or the radio hidden when none."""
        text = ((message or {}).get("text") or "").strip()
        # Too short to look up, or the input a send cleared: hidden (again, should the lookup of
        # the text just sent end after the send hid them).
        if len(text) < MIN_CHARS:
            return gr.update(choices=[], value=None, visible=False)
        found = [r for r in self.runner.similar(text, k=3) if r.score >= MIN_SCORE and r.instruction != text]
        choices = [(f"{r.instruction} ({r.outcome}, {r.score:.2f})", r.instruction) for r in found]
        return gr.update(choices=choices, value=None, visible=bool(choices))

    @staticmethod
    def reuse(instruction: str | None, message: dict | None) -> dict:
        """Put a suggested instruction in the input, keeping any images already attached."""
        if not instruction:
            return gr.update()
        return {"text": instruction, "files": (message or {}).get("files", [])}


def _when(created: float) -> str:
    return datetime.fromtimestamp(created).strftime("%Y-%m-%d %H:%M") if created else ""


def build_memory_tab(runner: Runner, chat_input: gr.MultimodalTextbox,
                     suggestions: gr.Radio) -> gr.CheckboxGroup:
    """The Memory tab, and the suggestions wired to the chat input; returns the item list."""
    panel = MemoryPanel(runner)
    with gr.Tab("Memory", elem_id="tab-memory"):
        gr.Markdown("What vloop remembers: past requests (for suggestions) and preferences you stated "
                    "(「以后背景都用白色」). Tick items and delete them.")
        items = gr.CheckboxGroup([], label="Memory", elem_id="memory-items")
        with gr.Row():
            refresh = gr.Button("Refresh", elem_id="memory-refresh", size="sm")
            delete = gr.Button("Delete selected", elem_id="memory-delete", variant="stop", size="sm")
    refresh.click(panel.items, None, items, concurrency_limit=None)
    delete.click(panel.delete, items, items, concurrency_limit=None)
    # Every keystroke changes the input; each lookup embeds the text (10-20 ms with the default
    # multilingual e5 on this CPU, `make memory-bench`), so only one runs at a time across all
    # sessions, and only the latest text is looked up once it is free.
    chat_input.change(panel.suggest, chat_input, suggestions, trigger_mode="always_last",
                      show_progress="hidden", concurrency_id="suggest", concurrency_limit=1)
    suggestions.input(panel.reuse, [suggestions, chat_input], chat_input, concurrency_limit=None)
    return items
