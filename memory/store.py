"""`Memory`: the user's past requests (with plans and outcomes) and stated preferences, kept in
one SQLite file and searched by sentence embeddings.

Requests are embedded when remembered; search is brute-force cosine over every stored vector,
which is plenty for one person's history. Vectors made by another embedder than the current
one (the setting changed) are re-embedded from their text on the next search.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import get_args

import numpy as np

from agent.settings import Settings
from agent.state import Plan
from memory import db, preferences, references
from memory.embedders import Embedder, embedder_for
from memory.names import aliases
from memory.types import MemoryItem, Outcome, Preference, RecalledRequest
from model_server.errors import BadInput

logger = logging.getLogger(__name__)

_REQUEST_COLUMNS = "id, text, thread_id, plan, outcome, created"


class Memory:
    """Past requests and preferences of one user, in the SQLite file at `path`."""

    def __init__(self, path: Path, embedder: Embedder | None = None) -> None:
        self.path = Path(path)
        self.embedder: Embedder = embedder or embedder_for("e5")
        db.create(self.path)

    # -- requests ---------------------------------------------------------------------------

    def remember_request(self, thread_id: str, instruction: str, plan: Plan, outcome: str) -> int:
        """Store a finished request; returns its memory id.

        Raises:
            BadInput: the instruction is empty or the outcome is not passed, failed or partial.
        """
        text = _non_empty(instruction, "instruction")
        if outcome not in get_args(Outcome):
            raise BadInput(f"outcome must be one of {', '.join(get_args(Outcome))}, got {outcome!r}")
        vector = self.embedder.embed([text])[0]
        with db.connected(self.path) as connection:
            cursor = connection.execute(
                "INSERT INTO items (kind, text, thread_id, plan, outcome, created, model, vector) "
                "VALUES ('request', ?, ?, ?, ?, ?, ?, ?)",
                (text, thread_id, plan.model_dump_json(), outcome, time.time(), self.embedder.name,
                 db.to_blob(vector)),
            )
            return int(cursor.lastrowid or 0)

    def similar(self, text: str, k: int = 3, min_score: float = -1.0) -> list[RecalledRequest]:
        """The `k` stored requests closest in meaning to `text`, closest first.

        Args:
            min_score: leave out requests less similar than this. With the default embedder,
                paraphrases score about 0.75 (median on evals/memory_pairs.yaml) and unrelated
                texts below 0.35, so suggestions may ask for 0.45.
        """
        query = _non_empty(text, "text")
        if k < 1:
            raise BadInput(f"k must be at least 1, got {k}")
        self._refresh_vectors()
        with db.connected(self.path) as connection:
            rows = connection.execute(
                f"SELECT {_REQUEST_COLUMNS}, vector FROM items WHERE kind = 'request'"
            ).fetchall()
        if not rows:
            return []
        scores = db.from_blobs([row["vector"] for row in rows]) @ self.embedder.embed([query])[0]
        best = np.argsort(-scores, kind="stable")[:k]
        return [_recalled(rows[i], float(scores[i])) for i in best if scores[i] >= min_score]

    def resolve_reference(self, instruction: str) -> str | None:
        """The earlier request an instruction points back to, as an instruction to plan; None
        when it points back to nothing ("same as last time" -> the most recent request;
        "same as the poster edit" -> the most similar one; "like before, but in red" -> the
        most recent one in red).

        Raises:
            BadInput: it points back, but memory holds no request yet (or the change is unclear).
        """
        reference = references.find(instruction)
        if reference is None:
            return None
        earlier = self.similar(reference.named, k=1) if reference.named else self._latest()
        if not earlier:
            raise BadInput(f"'{instruction.strip()}' refers to an earlier request, but memory holds none: "
                           "say what to do this time")
        logger.info("%r refers to memory %d: %r", instruction, earlier[0].id, earlier[0].instruction)
        return references.rewrite(earlier[0].instruction, reference.change)

    def _latest(self) -> list[RecalledRequest]:
        with db.connected(self.path) as connection:
            row = connection.execute(
                f"SELECT {_REQUEST_COLUMNS} FROM items WHERE kind = 'request' "
                "ORDER BY created DESC, id DESC LIMIT 1"
            ).fetchone()
        return [_recalled(row, 1.0)] if row else []

    def _refresh_vectors(self) -> None:
        """Re-embed requests stored by another embedder, so every vector is comparable."""
        with db.connected(self.path) as connection:
            stale = connection.execute(
                "SELECT id, text FROM items WHERE kind = 'request' AND (model IS NOT ? OR vector IS NULL)",
                (self.embedder.name,),
            ).fetchall()
            if not stale:
                return
            logger.info("re-embedding %d stored requests with %s", len(stale), self.embedder.name)
            vectors = self.embedder.embed([row["text"] for row in stale])
            name = self.embedder.name
            updates = [(name, db.to_blob(v), row["id"]) for v, row in zip(vectors, stale, strict=True)]
            connection.executemany("UPDATE items SET model = ?, vector = ? WHERE id = ?", updates)

    # -- preferences ------------------------------------------------------------------------

    def is_preference(self, text: str) -> bool:
        """True when the text is said as a standing preference ("以后背景都用白色"), whether or not
        vloop can apply it (`add_preference` explains when it cannot)."""
        return preferences.states_preference(text)

    def add_preferences(self, text: str) -> list[Preference]:
        """Store every preference stated in `text`; each replaces an older one about the same
        thing. [] when the text states none.

        Raises:
            BadInput: the text is said as a preference but names nothing vloop can apply.
        """
        names = [pref.name for pref in self.preferences() if pref.name]
        stated = preferences.parse(_non_empty(text, "preference"), names)
        return [self._store_preference(pref) for pref in stated]

    def add_preference(self, text: str) -> Preference | None:
        """The first preference stated in `text` (all are stored), or None when it states none."""
        stored = self.add_preferences(text)
        return stored[0] if stored else None

    def preferences(self) -> list[Preference]:
        """Every stored preference, oldest first (so later ones win when applied in order)."""
        with db.connected(self.path) as connection:
            rows = connection.execute(
                "SELECT id, preference, created FROM items WHERE kind = 'preference' ORDER BY created, id"
            ).fetchall()
        return [_preference(row) for row in rows]

    def _store_preference(self, pref: Preference) -> Preference:
        created = time.time()
        replaced = [old.id for old in self.preferences() if _same_subject(old, pref)]
        with db.connected(self.path) as connection:
            connection.executemany("DELETE FROM items WHERE id = ?", [(i,) for i in replaced])
            cursor = connection.execute(
                "INSERT INTO items (kind, text, preference, created) VALUES ('preference', ?, ?, ?)",
                (pref.text, pref.model_dump_json(exclude={"id", "created"}), created),
            )
        return pref.model_copy(update={"id": cursor.lastrowid, "created": created})

    # -- review -----------------------------------------------------------------------------

    def delete(self, item_id: int) -> bool:
        """Forget one item (request or preference); False when there is no such id."""
        if isinstance(item_id, bool) or not str(item_id).strip().isdigit():
            raise BadInput(f"a memory id is a whole number from the memory list, got {item_id!r}")
        with db.connected(self.path) as connection:
            return connection.execute("DELETE FROM items WHERE id = ?", (int(item_id),)).rowcount > 0

    def clear(self) -> None:
        """Forget everything."""
        with db.connected(self.path) as connection:
            connection.execute("DELETE FROM items")

    def list(self) -> list[MemoryItem]:
        """Everything remembered, newest first, for the user to review."""
        with db.connected(self.path) as connection:
            rows = connection.execute(
                "SELECT id, kind, text, thread_id, outcome, preference, created FROM items "
                "ORDER BY created DESC, id DESC"
            ).fetchall()
        return [_item(row) for row in rows]


def open_memory(settings: Settings) -> Memory:
    """The memory of this vloop home, with the embedder chosen in settings."""
    return Memory(settings.home / "memory.sqlite", embedder_for(settings.memory_model))


def _non_empty(text: str, what: str) -> str:
    if not text or not text.strip():
        raise BadInput(f"the {what} is empty: memory needs the words of it")
    return text.strip()


def _same_subject(old: Preference, new: Preference) -> bool:
    if new.name or old.name:
        return bool(old.name and new.name and aliases(old.name) & aliases(new.name))
    return (old.scope, old.arg) == (new.scope, new.arg)


def _recalled(row: sqlite3.Row, score: float) -> RecalledRequest:
    return RecalledRequest(id=row["id"], instruction=row["text"], plan=Plan.model_validate_json(row["plan"]),
                           outcome=row["outcome"], score=score, thread_id=row["thread_id"] or "",
                           created=row["created"])


def _preference(row: sqlite3.Row) -> Preference:
    return Preference.model_validate({**json.loads(row["preference"]), "id": row["id"],
                                      "created": row["created"]})


def _item(row: sqlite3.Row) -> MemoryItem:
    if row["kind"] == "preference":
        detail = _preference(row).describe()
    else:
        detail = row["outcome"]
    return MemoryItem(id=row["id"], kind=row["kind"], text=row["text"], detail=detail,
                      thread_id=row["thread_id"], created=row["created"])
