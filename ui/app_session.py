"""The runs in flight, one per browser session, so that a Cancel click reaches the right one."""

from __future__ import annotations

import threading


class ActiveRuns:
    """Maps a Gradio session to the cancel flag of the run it has going."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flags: dict[str, threading.Event] = {}

    def start(self, session: str) -> threading.Event:
        """A fresh cancel flag for `session`'s new run."""
        flag = threading.Event()
        with self._lock:
            self._flags[session] = flag
        return flag

    def flag(self, session: str) -> threading.Event | None:
        """The cancel flag of `session`'s run, if it has one going (or about to start)."""
        with self._lock:
            return self._flags.get(session)

    def finish(self, session: str, flag: threading.Event | None = None) -> None:
        """`session` has no run going any more (when `flag` is given: if that run was its last)."""
        with self._lock:
            if flag is None or self._flags.get(session) is flag:
                self._flags.pop(session, None)

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
