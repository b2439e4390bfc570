"""A thread's history as a person sees it: a tree with every branch and the head marked, the
branches as choices to switch between, and every step as a place to go back to."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from agent.history import History, HistoryNode

TREE_CSS = """
#history-tree ul.vloop-tree, #history-tree ul.vloop-tree ul { list-style: none; margin: 0;
  padding-left: 1.1em; border-left: 1px dashed var(--border-color-primary); }
#history-tree ul.vloop-tree { border-left: none; padding-left: 0; }
#history-tree li { font-size: var(--text-md); margin: 0; }
#history-tree .node { display: inline-flex; align-items: center; gap: .4em; margin: .15em 0;
  padding: .1em .4em; border-radius: .4em; border: 1px solid transparent; }
#history-tree .node img { width: 40px; height: 40px; object-fit: cover; border-radius: .25em; }
#history-tree .node.on-path { border-color: var(--border-color-primary); }
#history-tree .node.head { border-color: var(--color-accent); font-weight: 600;
  background: var(--color-accent-soft); }
"""


def tree_html(history: History) -> str:
    """Nested lists, root first; each node shows its picture and label, the head is highlighted."""
    children: dict[str | None, list[HistoryNode]] = defaultdict(list)
    for node in history.nodes:
        children[node.parent].append(node)
    on_path = {node.id for node in history.path_to_head()}

    def item(node: HistoryNode) -> str:
        kind = "head" if node.id == history.head else "on-path" if node.id in on_path else "off-path"
        below = "".join(item(child) for child in children[node.id])
        return (f'<li><span class="node {kind}" data-node="{escape(node.id)}" '
                f'title="{escape(node.instruction)}"><img src="/gradio_api/file={escape(node.image.path)}" '
                f'alt=""> {escape(node.label)}{" ◀ head" if kind == "head" else ""}</span>'
                + (f"<ul>{below}</ul>" if below else "") + "</li>")

    roots = "".join(item(root) for root in children[None])
    return f'<ul class="vloop-tree">{roots}</ul>'


def branch_choices(history: History) -> tuple[list[tuple[str, str]], str | None]:
    """One choice per root → leaf path (its value is the leaf), and the branch holding the head."""
    choices, current = [], None
    for number, branch in enumerate(history.branches(), start=1):
        steps = " → ".join(node.label for node in branch[1:]) or "input only"
        choices.append((f"Branch {number}: {steps}", branch[-1].id))
        if any(node.id == history.head for node in branch):
            current = branch[-1].id
    return choices, current


def node_choices(history: History) -> list[tuple[str, str]]:
    return [(f"{node.label} · turn {node.turn}", node.id) for node in history.nodes]


def head_node(history: History) -> HistoryNode:
    return history.node(history.head)


def first_node(history: History) -> HistoryNode:
    return history.path_to_head()[0]
