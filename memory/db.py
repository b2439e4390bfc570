"""The SQLite file behind memory: one `items` table for requests and preferences.

Vectors are stored as float32 blobs beside the name of the model that made them, so a store
written with one embedder and read with another is noticed (and re-embedded from the text).
Every call opens its own connection: a `Memory` can be shared by the Gradio app's threads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np

from model_server.errors import BadInput

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so a deleted id stays deleted
    kind TEXT NOT NULL CHECK (kind IN ('request', 'preference')),
    text TEXT NOT NULL,
    thread_id TEXT,
    plan TEXT,          -- request: the Plan as JSON
    outcome TEXT,       -- request: passed, failed, partial
    preference TEXT,    -- preference: the Preference as JSON
    created REAL NOT NULL,
    model TEXT,         -- request: the embedder that made `vector`
    vector BLOB         -- request: float32, L2-normalised
);
CREATE INDEX IF NOT EXISTS items_kind_created ON items (kind, created);
"""


@contextmanager
def connected(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection for one unit of work: committed when the block ends, rolled back on error."""
    try:
        connection = sqlite3.connect(path, timeout=30)
    except sqlite3.OperationalError as error:
        raise BadInput(f"cannot open the memory file {path}: {error}") from error
    connection.row_factory = sqlite3.Row
    with closing(connection), connection:
        yield connection


def create(path: Path) -> None:
    """Make the file and its table if they do not exist yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with connected(path) as connection:
        try:
            connection.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise BadInput(f"{path} is not a vloop memory file ({error}): move it away or "
                           "point VLOOP_HOME elsewhere") from error


def to_blob(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=np.float32).tobytes()


def from_blobs(blobs: list[bytes]) -> np.ndarray:
    """Stack stored vectors into an (n, dim) float32 array."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([np.frombuffer(blob, dtype=np.float32) for blob in blobs])
