"""The runs in flight, one per browser session, so that a Cancel click reaches the right one."""

from __future__ import annotations

import threading


class ActiveRuns:
    """Maps a Gradio session to the cancel flag of the run it has going, or of the run it has
    waiting in the model queue (Cancel stops that one before it starts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flags: dict[str, threading.Event] = {}
        self._queued: dict[str, threading.Event] = {}

    def queue(self, session: str) -> None:
        """`session` sent a request that now waits for its turn in the model queue."""
        with self._lock:
            self._queued[session] = threading.Event()

    def start(self, session: str) -> threading.Event | None:
        """The cancel flag of `session`'s new run (already set when Cancel was pressed while it
        waited in the queue); None while its last run still goes (a tab runs one request at a
        time)."""
        with self._lock:
            if session in self._flags:
                return None
            flag = self._flags[session] = self._queued.pop(session, None) or threading.Event()
            return flag

    def finish(self, session: str, flag: threading.Event) -> None:
        with self._lock:
            if self._flags.get(session) is flag:
                del self._flags[session]

    def cancel(self, session: str) -> str | None:
        """Ask `session`'s run to stop after the node in progress ("running"), or not to start
        ("queued"); None when it has none."""
        with self._lock:
            running, flag = session in self._flags, self._flags.get(session) or self._queued.get(session)
        if flag is None:
            return None
        flag.set()
        return "running" if running else "queued"

    def running(self, session: str) -> bool:
        with self._lock:
            return session in self._flags
