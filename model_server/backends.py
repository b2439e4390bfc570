"""Choosing a backend by name: one cached instance per name per process."""

from __future__ import annotations

import threading

from model_server.errors import BadInput
from model_server.protocol import UnifiedModel

KNOWN = ("embedded", "hf", "remote")
NOT_BUILT = ("hf", "remote")

_instances: dict[str, UnifiedModel] = {}
_lock = threading.Lock()


def load_backend(name: str = "embedded") -> UnifiedModel:
    """The backend called `name`, built on first request and reused after.

    Raises:
        BadInput: the name is unknown, or names a backend that is not built yet.
    """
    if name not in KNOWN:
        raise BadInput(f"unknown backend {name!r}; known backends: {', '.join(KNOWN)}")
    if name in NOT_BUILT:
        raise BadInput(
            f"backend {name!r} is not built yet in this version of vloop; use 'embedded'"
        )
    with _lock:
        if name not in _instances:
            _instances[name] = _build(name)
        return _instances[name]


def _build(name: str) -> UnifiedModel:
    from model_server.embedded import EmbeddedModel

    return EmbeddedModel()
