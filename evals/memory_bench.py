"""Memory retrieval benchmark: `python -m evals.memory_bench [--embedders e5 minilm] [--json OUT]`.

For each embedder: every request of `evals/memory_pairs.yaml` is remembered in a fresh memory,
each paraphrase is asked with `similar(k=1)`, and retrieval is right when the paraphrased
request comes first. Prints the rate per language (en, zh, cross) and the medians of embedding
one text and of one `similar()` query (warm), plus the first call's time (the model's load).
Target (issue 5): the right request first for at least 90 % of the pairs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from agent.planner import plan
from memory import Memory, embedder_for
from memory.embedders import Embedder

PAIRS_FILE = Path(__file__).with_name("memory_pairs.yaml")
TARGET = 0.9


@dataclass(frozen=True)
class Pair:
    query: str
    expect: str  # key of the request it paraphrases
    lang: str  # en, zh or cross


@dataclass
class Retrieval:
    """Hits per language, and the misses to look at."""

    hits: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def rate(self, lang: str | None = None) -> float:
        langs = [lang] if lang else list(self.totals)
        total = sum(self.totals.get(x, 0) for x in langs)
        return sum(self.hits.get(x, 0) for x in langs) / total if total else 0.0


def load_pairs(path: Path = PAIRS_FILE) -> tuple[dict[str, str], list[Pair]]:
    """The stored requests by key, and the paraphrase pairs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["requests"]), [Pair(**pair) for pair in data["pairs"]]


def fill(memory: Memory, requests: dict[str, str]) -> dict[int, str]:
    """Remember every request (with its real plan); memory id -> request key."""
    ids = [memory.remember_request("bench", text, plan(text), "passed") for text in requests.values()]
    return dict(zip(ids, requests, strict=True))


def retrieval(memory: Memory, keys: dict[int, str], pairs: list[Pair]) -> Retrieval:
    """Ask each paraphrase; right when its request is the most similar one."""
    result = Retrieval()
    for pair in pairs:
        found = memory.similar(pair.query, k=1)
        got = keys.get(found[0].id) if found else None
        result.totals[pair.lang] = result.totals.get(pair.lang, 0) + 1
        if got == pair.expect:
            result.hits[pair.lang] = result.hits.get(pair.lang, 0) + 1
        else:
            result.misses.append(f"{pair.query!r} -> {got} (want {pair.expect})")
    return result


def _median_seconds(call, texts: list[str]) -> float:
    times = []
    for text in texts:
        started = time.perf_counter()
        call(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(spec: str, langs: list[str]) -> dict:
    """Accuracy and latency of one embedder over the pairs in `langs`."""
    requests, pairs = load_pairs()
    pairs = [pair for pair in pairs if pair.lang in langs]
    embedder: Embedder = embedder_for(spec)
    started = time.perf_counter()
    embedder.embed(["warm up"])
    load_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        memory = Memory(Path(folder) / "memory.sqlite", embedder)
        result = retrieval(memory, fill(memory, requests), pairs)
        queries = [pair.query for pair in pairs]
        embed_s = _median_seconds(lambda text: embedder.embed([text]), queries)
        query_s = _median_seconds(lambda text: memory.similar(text, k=3), queries)
    return {"spec": spec, "embedder": embedder.name, "stored": len(requests), "load_s": load_s,
            "rates": {lang: result.rate(lang) for lang in langs if result.totals.get(lang)},
            "pairs": {lang: result.totals.get(lang, 0) for lang in langs},
            "overall": result.rate(), "embed_median_s": embed_s, "query_median_s": query_s,
            "misses": result.misses}


# Which pairs each embedder is judged on: MiniLM is an English model. e5-raw (no language
# centring) is a baseline, shown for comparison and not held to the target.
LANGS = {"e5": ["en", "zh", "cross"], "e5-raw": ["en", "zh", "cross"], "minilm": ["en"]}
BASELINES = {"e5-raw"}


def _print(row: dict) -> None:
    rates = "  ".join(f"{lang} {rate:.1%} ({row['pairs'][lang]})" for lang, rate in row["rates"].items())
    verdict = "ok" if row["overall"] >= TARGET else "baseline" if row["spec"] in BASELINES else "BELOW TARGET"
    print(f"{row['embedder']:<42} overall {row['overall']:.1%}  {rates}  (≥ {TARGET:.0%} {verdict})")
    print(f"{'':<42} first call {row['load_s']:.2f}s (the load, unless an earlier row loaded it)  "
          f"embed one {row['embed_median_s'] * 1000:.1f} ms  "
          f"similar() {row['query_median_s'] * 1000:.1f} ms over {row['stored']} requests")
    for miss in row["misses"]:
        print(f"{'':<42} miss: {miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedders", nargs="+", default=list(LANGS), help="e5, minilm or model folders")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    rows = [bench(spec, LANGS.get(spec, ["en"])) for spec in args.embedders]
    for row in rows:
        _print(row)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(row["overall"] >= TARGET for row in rows if row["spec"] not in BASELINES) else 1


if __name__ == "__main__":
    raise SystemExit(main())
