"""Run a runner call on a worker thread and hand its events over as they come.

Gradio streams from a generator; the runner reports through a callback. A queue joins the two:
the worker puts every `RunEvent` and, last, the outcome or the exception; the generator side
takes whatever has arrived each time it is ready for more. Closing the iteration early (the
browser went away) sets the cancel flag and waits for the run to stop after the node in
progress, so its thread is consistent and resumable before anything else may touch it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from agent.events import RunEvent
from agent.runner import EventHandler, RunOutcome

Job = Callable[[EventHandler, threading.Event], RunOutcome]


@dataclass
class Failed:
    """The run ended with an exception (bad input, cancelled, a bug): the last item."""

    error: BaseException


Item = RunEvent | RunOutcome | Failed


def stream_run(job: Job, cancel: threading.Event) -> Iterator[list[Item]]:
    """Start `job(on_event, cancel)` on a thread now; iterate its events in batches (whatever has
    arrived since the last one), the last batch ending with its outcome or `Failed`."""
    items: queue.Queue[Item] = queue.Queue()

    def work() -> None:
        try:
            items.put(job(items.put, cancel))
        except BaseException as exc:  # handed to the UI thread, which shows or re-raises it
            items.put(Failed(exc))

    worker = threading.Thread(target=work, name="vloop-run", daemon=True)
    worker.start()
    return _drain(items, worker, cancel)


def _drain(items: queue.Queue[Item], worker: threading.Thread,
           cancel: threading.Event) -> Iterator[list[Item]]:
    try:
        while True:
            batch = _batch(items)
            yield batch
            if not isinstance(batch[-1], RunEvent):
                return
    finally:
        cancel.set()  # no-op once the run is over; stops it when the consumer left early
        worker.join()


def _batch(items: queue.Queue[Item]) -> list[Item]:
    """The next item, waiting for it, and every item already queued behind it. When the page is
    slower than the run, one update shows them all instead of falling further behind."""
    batch = [items.get()]
    while isinstance(batch[-1], RunEvent):
        try:
            batch.append(items.get_nowait())
        except queue.Empty:
            break
    return batch
