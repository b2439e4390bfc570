"""A thread's history as a tree of steps, read from its LangGraph checkpoints.

Every checkpoint where a step finished is a node; so is the thread's first image. Checkpoints in
between (planning, a retry, a fork made by undo or checkout) belong to the node before them. Undo
and checkout fork the thread at an earlier checkpoint, so the old steps stay and a new instruction
from there grows a second branch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from langgraph.types import StateSnapshot

from agent.state import ImageRef, StepResult

STATUS_MARK = {"passed": "✓", "failed": "✗", "unsupported": "–", "skipped": "–"}


@dataclass
class HistoryNode:
    """One step of a thread (or its first image), at the checkpoint where it finished."""

    id: str  # the checkpoint id
    parent: str | None
    image: ImageRef
    label: str
    turn: int
    instruction: str
    status: str  # a step's status, or "input" for the thread's first image


@dataclass
class History:
    thread_id: str
    nodes: list[HistoryNode]  # oldest first
    head: str  # the node the next instruction continues from
    _by_id: dict[str, HistoryNode] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {node.id: node for node in self.nodes}

    def node(self, node_id: str) -> HistoryNode:
        return self._by_id[node_id]

    def path_to(self, node_id: str) -> list[HistoryNode]:
        """Root → `node_id`."""
        path: list[HistoryNode] = []
        current: str | None = node_id
        while current is not None:
            path.append(self._by_id[current])
            current = self._by_id[current].parent
        return path[::-1]

    def path_to_head(self) -> list[HistoryNode]:
        return self.path_to(self.head)

    def branches(self) -> list[list[HistoryNode]]:
        """Every root → leaf path, oldest leaf first."""
        parents = {node.parent for node in self.nodes}
        return [self.path_to(node.id) for node in self.nodes if node.id not in parents]

    def undo_target(self) -> HistoryNode | None:
        """The nearest earlier node whose picture differs from the head's: what undo returns to."""
        head = self._by_id[self.head]
        for node in reversed(self.path_to(self.head)[:-1]):
            if node.image.sha256 != head.image.sha256:
                return node
        return None


def build_history(thread_id: str, snapshots: Iterable[StateSnapshot]) -> History:
    """The tree of a thread's checkpoints (as `get_state_history` lists them, newest first)."""
    ordered = sorted(snapshots, key=_checkpoint_id)  # checkpoint ids grow with time
    owner: dict[str, str | None] = {}  # checkpoint id → id of the node it belongs to
    nodes: list[HistoryNode] = []
    results_count: dict[str, int] = {}
    for snap in ordered:
        cid, parent_cid = _checkpoint_id(snap), _parent_id(snap)
        values = snap.values or {}
        results = values.get("results", [])
        results_count[cid] = len(results)
        inherited = owner.get(parent_cid) if parent_cid else None
        node = _node_at(snap, inherited, results, results_count.get(parent_cid or "", 0))
        if node is not None:
            nodes.append(node)
            owner[cid] = node.id
        else:
            owner[cid] = inherited
    head = owner.get(_checkpoint_id(ordered[-1])) if ordered else None
    if head is None:
        raise ValueError(f"thread {thread_id!r} has no image yet")
    return History(thread_id=thread_id, nodes=nodes, head=head)


def _node_at(snap: StateSnapshot, inherited: str | None, results: list[StepResult],
             parent_count: int) -> HistoryNode | None:
    values = snap.values or {}
    cid = _checkpoint_id(snap)
    turn, instruction = values.get("turn", 1), values.get("instruction", "")
    if inherited is None and values.get("current") is not None:  # the thread's first image
        return HistoryNode(id=cid, parent=None, image=values["current"], label="input", turn=turn,
                           instruction=instruction, status="input")
    if inherited is not None and len(results) > parent_count and values.get("current") is not None:
        result = results[-1]
        label = f"{result.id} {result.op} {STATUS_MARK.get(result.status, '')}".strip()
        return HistoryNode(id=cid, parent=inherited, image=values["current"], label=label,
                           turn=turn, instruction=instruction, status=result.status)
    return None


def _checkpoint_id(snap: StateSnapshot) -> str:
    return snap.config["configurable"]["checkpoint_id"]


def _parent_id(snap: StateSnapshot) -> str | None:
    if not snap.parent_config:
        return None
    return snap.parent_config["configurable"].get("checkpoint_id")
