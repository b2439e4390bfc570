"""Silence native libraries that write straight to file descriptor 2.

MediaPipe's C++ core (glog/absl, TFLite) prints "Created TensorFlow Lite XNNPACK delegate" and
"Feedback manager requires a model with a single signature" when a graph is built and first
run. Python's `sys.stderr` cannot catch these; redirecting the descriptor around the load can.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Point fd 2 at /dev/null for the duration; Python-level errors still raise normally."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def warm_up(graph: object) -> object:
    """Run a MediaPipe solution once on a blank image, so its start-up chatter happens here."""
    graph.process(np.zeros((64, 64, 3), dtype=np.uint8))  # type: ignore[attr-defined]
    return graph
