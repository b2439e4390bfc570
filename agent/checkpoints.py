"""The SQLite checkpointer: every node's output is a checkpoint, so runs resume after a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver

# The pydantic types that live in state; anything else in a checkpoint is refused on load.
STATE_TYPES = [
    ("agent.state", "ImageRef"),
    ("agent.state", "Step"),
    ("agent.state", "Plan"),
    ("agent.state", "Candidate"),
    ("agent.state", "StepResult"),
    ("tools.base", "Verdict"),
    ("tools.base", "Check"),
]


def open_checkpointer(db_path: Path) -> SqliteSaver:
    """A SQLite checkpointer on `db_path`, created when missing."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(db_path), check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")  # app sessions read while another run writes
    serde = JsonPlusSerializer(allowed_msgpack_modules=STATE_TYPES)
    return SqliteSaver(conn, serde=serde)
