"""What the graph's nodes need besides state: passed at invoke time, never checkpointed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from agent.image_store import ImageStore
from agent.state import Plan
from model_server.protocol import UnifiedModel
from tools.base import Tool


@dataclass
class RunContext:
    """The run's collaborators. Tests swap in a scripted planner or a broken tool here."""

    store: ImageStore
    model: UnifiedModel
    tools: Mapping[str, Tool]
    planner: Callable[[str], Plan]
    max_attempts: int = 3
