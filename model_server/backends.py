"""Choosing a backend by name: one cached instance per name per process."""

from __future__ import annotations

import threading
from pathlib import Path

from model_server.errors import BadInput
from model_server.protocol import UnifiedModel

KNOWN = ("embedded", "hf", "remote")
NOT_BUILT = ("remote",)

_instances: dict[tuple[str, Path | None], UnifiedModel] = {}
_lock = threading.Lock()


def load_backend(name: str = "embedded", *, depth_model: Path | None = None) -> UnifiedModel:
    """The backend called `name`, built on first request and reused after. `depth_model` is the
    local folder of the `hf` backend's depth model.

    Raises:
        BadInput: the name is unknown, names a backend that is not built yet, or the model
            folder is not one.
    """
    if name not in KNOWN:
        raise BadInput(f"unknown backend {name!r}; known backends: {', '.join(KNOWN)}")
    if name in NOT_BUILT:
        raise BadInput(
            f"backend {name!r} is not built yet in this version of vloop; use 'embedded'"
        )
    key = (name, depth_model if name == "hf" else None)
    with _lock:
        if key not in _instances:
            _instances[key] = _build(*key)
        return _instances[key]


def _build(name: str, depth_model: Path | None) -> UnifiedModel:
    if name == "hf":
        from model_server.hf import HFModel

        return HFModel(depth_model=depth_model)
    from model_server.embedded import EmbeddedModel

    return EmbeddedModel()
