"""The runs in flight, one per browser session, so that a Cancel click reaches the right one."""

from __future__ import annotations

import threading
import uuid


class ActiveRuns:
    """Maps a Gradio session to the cancel flag of the run it has going, and each request waiting
    in the model queue (by its ticket) to its own flag, so Cancel stops it before it starts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flags: dict[str, threading.Event] = {}
        self._queued: dict[str, tuple[str, threading.Event]] = {}  # ticket -> (session, flag)

    def queue(self, session: str) -> str:
        """`session` sent a request that now waits for its turn in the model queue: its ticket."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self._queued[ticket] = (session, threading.Event())
        return ticket

    def start(self, session: str, ticket: str = "") -> threading.Event | None:
        """The cancel flag of the request with `ticket` now that it starts (already set when
        Cancel was pressed while it waited); None while `session`'s last run still goes (a tab
        runs one request at a time)."""
        with self._lock:
            _, flag = self._queued.pop(ticket, (session, threading.Event()))
            if session in self._flags:
                return None
            self._flags[session] = flag
            return flag

    def finish(self, session: str, flag: threading.Event) -> None:
        with self._lock:
            if self._flags.get(session) is flag:
                del self._flags[session]

    def cancel(self, session: str) -> str | None:
        """Ask `session`'s run to stop after the node in progress ("running"), or its requests
        still waiting not to start ("queued"); None when it has neither."""
        with self._lock:
            running = self._flags.get(session)
            waiting = [flag for owner, flag in self._queued.values() if owner == session]
        for flag in ([running] if running else []) + waiting:
            flag.set()
        if running:
            return "running"
        return "queued" if waiting else None

    def running(self, session: str) -> bool:
        with self._lock:
            return session in self._flags
