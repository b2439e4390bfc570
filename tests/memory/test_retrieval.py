"""Retrieval on the paraphrase pairs of evals/memory_pairs.yaml, with the real embedders: each
past request is stored, each paraphrase asked, and the paraphrased request must come first."""

from __future__ import annotations

import pytest

from evals.memory_bench import Retrieval, fill, load_pairs, retrieval
from memory import Embedder, Memory, embedder_for

TARGET = 0.9
ALL = {"en", "zh", "cross"}


def _measured(embedder: Embedder, factory: pytest.TempPathFactory, langs: set[str]) -> Retrieval:
    requests, pairs = load_pairs()
    memory = Memory(factory.mktemp("memory") / "memory.sqlite", embedder)
    result = retrieval(memory, fill(memory, requests), [p for p in pairs if p.lang in langs])
    rates = ", ".join(f"{lang} {result.rate(lang):.0%} of {n}" for lang, n in result.totals.items())
    print(f"\n{embedder.name}: right request first {result.rate():.1%} ({rates}); misses: {result.misses}")
    return result


@pytest.fixture(scope="module")
def centred(e5: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Retrieval:
    return _measured(e5, tmp_path_factory, ALL)


def test_pairs_cover_both_languages_and_cross() -> None:
    requests, pairs = load_pairs()
    counts = {lang: sum(p.lang == lang for p in pairs) for lang in ALL}
    assert counts["en"] >= 15 and counts["zh"] >= 15 and counts["cross"] >= 4, counts
    assert len(requests) >= 30
    assert {p.expect for p in pairs} <= set(requests)


def test_multilingual_embedder_finds_the_paraphrased_request(centred: Retrieval) -> None:
    assert centred.rate() >= TARGET, centred.misses
    assert centred.rate("en") >= TARGET and centred.rate("zh") >= TARGET, centred.misses


def test_language_centring_helps_across_languages(centred: Retrieval,
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same model uncentred: same-language retrieval no better, cross-language worse."""
    raw = _measured(embedder_for("e5-raw"), tmp_path_factory, ALL)
    assert centred.rate("cross") > raw.rate("cross")
    assert centred.rate("en") >= raw.rate("en") and centred.rate("zh") >= raw.rate("zh")


def test_sentence_transformer_finds_the_paraphrased_english_request(
        minilm: Embedder, tmp_path_factory: pytest.TempPathFactory) -> None:
    """MiniLM is an English model: judged on the English pairs, with every request stored."""
    result = _measured(minilm, tmp_path_factory, {"en"})
    assert result.rate() >= TARGET, result.misses
