"""A value built on first use, once, under a lock: how the embedded backend loads its models."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Lazy(Generic[T]):
    """Calls `factory` the first time `get()` is called and keeps the result.

    Safe to share between threads: concurrent first calls wait for one build.
    """

    def __init__(self, factory: Callable[[], T], what: str) -> None:
        self._factory = factory
        self._what = what
        self._value: T | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._value is not None

    def get(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    start = time.perf_counter()
                    self._value = self._factory()
                    logger.info("loaded %s in %.2f s", self._what, time.perf_counter() - start)
        return self._value
