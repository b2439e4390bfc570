"""Progress lines on the terminal, one per step: what runs now, and how each step ended."""

from __future__ import annotations

import sys
from typing import TextIO

from agent.events import RunEvent

STATUS_MARK = {"passed": "✓", "failed": "✗", "unsupported": "–", "skipped": "·"}


class ProgressPrinter:
    """Prints the plan, then a line per step; on a terminal the running line is rewritten."""

    def __init__(self, stream: TextIO | None = None, header: str | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.header = header

    def __call__(self, event: RunEvent) -> None:
        if event.kind == "plan" and event.plan:
            if self.header:
                self._write(self.header + "\n")
            self._write(f"plan ({event.plan.language}): " + ", ".join(
                f"{s.id} {s.op}" for s in event.plan.steps) + "\n")
        elif event.kind == "step_started" and event.step and self.live:
            self._write(f"\r[{event.index}/{event.total}] {event.step.op} … running")
        elif event.kind == "step_retry" and event.step:
            self._write(f"\r[{event.index}/{event.total}] {event.step.op} … retrying "
                        f"(attempt {event.attempt})" + ("" if self.live else "\n"))
        elif event.kind == "step_finished" and event.result:
            self._write(self._finished_line(event))

    def _finished_line(self, event: RunEvent) -> str:
        result = event.result
        assert result is not None
        mark = STATUS_MARK.get(result.status, "?")
        line = (f"[{event.index}/{event.total}] {mark} {result.op} {result.status} "
                f"{result.seconds:.2f}s, {result.attempts} attempt(s)")
        if result.reason:
            line += f" — {result.reason}"
        return ("\r\033[K" if self.live else "") + line + "\n"

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
