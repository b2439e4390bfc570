"""Threads in the checkpoint database: their latest state, their history tree, forks (for undo,
checkout and revisions), and the list of every thread for an app opened again."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from langgraph.graph.state import CompiledStateGraph

from agent.checkpoints import open_checkpointer
from agent.graph import build_graph
from agent.history import History, build_history
from agent.state import ImageRef
from model_server.errors import BadInput


@dataclass
class ThreadSummary:
    thread_id: str
    title: str  # the thread's latest instruction
    updated: str  # ISO time of its latest checkpoint
    image: ImageRef | None  # its head image


class ThreadStore:
    """The threads checkpointed in one SQLite file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    @contextmanager
    def graph(self) -> Iterator[CompiledStateGraph]:
        """The agent's graph on a fresh connection to the checkpoint database."""
        checkpointer = open_checkpointer(self.db_path)
        try:
            yield build_graph(checkpointer)
        finally:
            checkpointer.conn.close()

    def values(self, thread_id: str) -> dict:
        """The thread's state at its head; {} for a thread never run."""
        with self.graph() as graph:
            return dict(graph.get_state(thread_config(thread_id)).values or {})

    def pending(self, thread_id: str) -> bool:
        """True when the thread has a run that stopped before its end (cancelled or killed)."""
        with self.graph() as graph:
            return bool(graph.get_state(thread_config(thread_id)).next)

    def history(self, thread_id: str) -> History:
        with self.graph() as graph:
            snapshots = list(graph.get_state_history(thread_config(thread_id)))
        if not snapshots:
            raise BadInput(f"no run with thread id {thread_id!r} in {self.db_path}")
        try:
            return build_history(thread_id, snapshots)
        except ValueError as exc:
            raise BadInput(str(exc)) from None

    def fork(self, thread_id: str, checkpoint_id: str) -> dict:
        """A new head checkpoint with the state at `checkpoint_id`, marked finished so that the
        next instruction starts a new turn from it rather than resuming the old one; returns
        that state."""
        config = {"configurable": {"thread_id": thread_id, "checkpoint_ns": "",
                                   "checkpoint_id": checkpoint_id}}
        with self.graph() as graph:
            graph.update_state(config, {"finished": True, "candidate": None}, as_node="report")
            return dict(graph.get_state(thread_config(thread_id)).values)

    def turn_start(self, thread_id: str) -> str | None:
        """The node the head's instruction started from: where a revision of it branches off."""
        path = self.history(thread_id).path_to_head()
        turn = path[-1].turn
        first = next((i for i, node in enumerate(path) if node.turn == turn and node.parent), None)
        return path[first].parent if first is not None else None

    def summaries(self, only: Collection[str] | None = None) -> list[ThreadSummary]:
        """Every thread, newest first; of `only` these threads when given (a browser's own:
        each thread listed costs a read of its latest checkpoint)."""
        with self.graph() as graph:
            graph.checkpointer.setup()  # a fresh home has no tables yet
            ids = [row[0] for row in graph.checkpointer.conn.execute(
                "SELECT DISTINCT thread_id FROM checkpoints") if only is None or row[0] in only]
            snapshots = [graph.get_state(thread_config(thread_id)) for thread_id in ids]
        summaries = [ThreadSummary(thread_id=tid, title=snap.values.get("instruction", ""),
                                   updated=snap.created_at or "", image=snap.values.get("current"))
                     for tid, snap in zip(ids, snapshots, strict=True) if snap.values]
        return sorted(summaries, key=lambda item: item.updated, reverse=True)


def thread_config(thread_id: str) -> dict:
    return {"configurable": {"thread_id": thread_id}}
