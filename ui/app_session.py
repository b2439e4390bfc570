"""The runs in flight, one per browser session, so that a Cancel click reaches the right one."""

from __future__ import annotations

import threading


class ActiveRuns:
    """Maps a Gradio session to the cancel flag of the run it has going."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flags: dict[str, threading.Event] = {}

    def start(self, session: str) -> threading.Event | None:
        """A fresh cancel flag for `session`'s new run; None while its last run still goes (a tab
        runs one request at a time)."""
        with self._lock:
            if session in self._flags:
                return None
            flag = self._flags[session] = threading.Event()
            return flag

    def finish(self, session: str, flag: threading.Event) -> None:
        with self._lock:
            if self._flags.get(session) is flag:
                del self._flags[session]

    def cancel(self, session: str) -> bool:
        """Ask `session`'s run to stop after the node in progress; False when none is running."""
        with self._lock:
            flag = self._flags.get(session)
        if flag is None:
            return False
        flag.set()
        return True

    def running(self, session: str) -> bool:
        with self._lock:
            return session in self._flags
