"""The SQLite store with the real multilingual embedder: preferences across threads and
restarts, references to earlier requests, similar requests, listing and deleting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agent.planner import plan
from memory import Embedder, Memory, apply_preferences, embedder_for
from memory.embedders import E5Embedder
from model_server.errors import BadInput

POSTER = "change 'SALE' to 'SUMMER' on the poster and make the title red"
PORTRAIT = "replace the background with light blue and circle the face"
CAT = "add a hat on the cat's head"


def _remember(memory: Memory, thread: str, *instructions: str) -> list[int]:
    return [memory.remember_request(thread, text, plan(text), "passed") for text in instructions]


def test_a_preference_stated_in_one_thread_applies_in_a_new_one(memory_file: Path, e5: Embedder) -> None:
    thread_a = Memory(memory_file, e5)
    assert thread_a.is_preference("以后背景都用白色")
    thread_a.add_preference("以后背景都用白色")
    thread_a.add_preference("our brand blue is #1E6FFF")
    _remember(thread_a, "thread-a", PORTRAIT)

    thread_b = Memory(memory_file, e5)  # a new process, another thread
    result = apply_preferences(plan("remove the background, then make the shirt our brand blue"),
                               thread_b.preferences())
    assert [(s.op, s.args) for s in result.steps] == [
        ("replace_background", {"mode": "color", "color": "白色"}),
        ("recolor", {"target": "clothes", "color": "#1E6FFF"}),
    ]


def test_same_as_last_time_resolves_after_a_restart(memory_file: Path, e5: Embedder) -> None:
    _remember(Memory(memory_file, e5), "thread-a", POSTER, CAT, PORTRAIT)
    restarted = Memory(memory_file, e5)
    assert restarted.resolve_reference("same as last time") == PORTRAIT
    assert restarted.resolve_reference("和上次一样") == PORTRAIT
    assert restarted.resolve_reference("like before, but in red") == (
        "replace the background with red and circle the face")
    assert restarted.resolve_reference("same as the poster edit") == POSTER  # named: the most similar
    assert restarted.resolve_reference("跟加帽子那次一样") == CAT


def test_an_instruction_that_points_nowhere_is_not_resolved(memory: Memory) -> None:
    assert memory.resolve_reference("make it brighter") is None
    with pytest.raises(BadInput, match="memory holds none"):
        memory.resolve_reference("same as last time")


def test_similar_ranks_the_paraphrase_first_in_either_language(memory: Memory) -> None:
    ids = _remember(memory, "t", POSTER, CAT, PORTRAIT)
    found = memory.similar("swap the backdrop for pale blue and put a circle around the face", k=3)
    assert [r.id for r in found][0] == ids[2]
    assert found[0].score > found[1].score >= found[2].score
    assert found[0].plan == plan(PORTRAIT) and found[0].outcome == "passed" and found[0].thread_id == "t"
    assert memory.similar("给猫戴一顶帽子", k=1)[0].id == ids[1]


def test_suggestions_leave_out_unrelated_requests(memory: Memory) -> None:
    _remember(memory, "t", POSTER, CAT, PORTRAIT)
    assert memory.similar("write a poem about autumn", k=3, min_score=0.45) == []
    assert len(memory.similar("put a small hat on the cat", k=3, min_score=0.45)) == 1


def test_deleting_a_request_removes_it_from_retrieval(memory: Memory) -> None:
    poster, cat, portrait = _remember(memory, "t", POSTER, CAT, PORTRAIT)
    query = "put a little hat on the cat"
    assert memory.similar(query, k=1)[0].id == cat
    assert memory.delete(cat)
    assert cat not in [r.id for r in memory.similar(query, k=3)]
    assert cat not in [item.id for item in memory.list()]
    assert not memory.delete(cat)


def test_list_shows_requests_and_preferences_newest_first(memory: Memory) -> None:
    [request] = _remember(memory, "thread-a", CAT)
    pref = memory.add_preference("use green boxes from now on")
    items = memory.list()
    assert [(i.id, i.kind) for i in items] == [(pref.id, "preference"), (request, "request")]
    assert items[0].detail == "annotate.color = green" and items[1].detail == "passed"
    assert items[1].thread_id == "thread-a" and items[1].text == CAT
    memory.clear()
    assert memory.list() == [] and memory.similar(CAT) == []


def test_a_new_preference_replaces_the_old_one_on_the_same_thing(memory: Memory) -> None:
    memory.add_preference("always use a white background")
    memory.add_preference("our brand blue is #1E6FFF")
    memory.add_preference("以后背景都用灰色")
    memory.add_preference("品牌蓝是#0050FF")
    assert [(p.scope, p.value, p.name) for p in memory.preferences()] == [
        ("replace_background", "灰色", None), ("any", "#0050FF", "品牌蓝")]


def test_deleting_a_preference_stops_it_applying(memory: Memory) -> None:
    pref = memory.add_preference("always use a white background")
    assert memory.delete(pref.id)
    assert memory.preferences() == []
    planned = plan("remove the background")
    assert apply_preferences(planned, memory.preferences()) == planned


def test_text_that_is_no_preference_is_not_stored(memory: Memory) -> None:
    assert not memory.is_preference("make the background white")
    assert memory.add_preference("make the background white") is None
    assert memory.list() == []


def test_requests_stored_by_another_embedder_are_re_embedded(memory_file: Path, e5: Embedder) -> None:
    old = Memory(memory_file, E5Embedder())  # the uncentred model: other vectors, another name
    [cat] = _remember(old, "t", CAT)
    _remember(old, "t", PORTRAIT)
    new = Memory(memory_file, e5)
    assert new.similar("给猫戴一顶帽子", k=1)[0].id == cat
    with sqlite3.connect(memory_file) as connection:
        models = {row[0] for row in connection.execute("SELECT model FROM items")}
    assert models == {e5.name}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda m: m.remember_request("t", "make it brighter", plan("make it brighter"), "ok"), "outcome"),
        (lambda m: m.remember_request("t", "  ", plan("make it brighter"), "passed"), "instruction is empty"),
        (lambda m: m.similar("a hat", k=0), "k must be"),
        (lambda m: m.similar(""), "text is empty"),
        (lambda m: m.add_preference("from now on make everything prettier"), "cannot apply"),
        (lambda m: m.delete("the cat one"), "memory id is a whole number"),
    ],
)
def test_bad_input_is_refused_in_one_line(memory: Memory, call, message: str) -> None:
    with pytest.raises(BadInput, match=message) as error:
        call(memory)
    assert "\n" not in str(error.value)


def test_a_file_that_is_not_a_memory_is_refused(tmp_path: Path, e5: Embedder) -> None:
    broken = tmp_path / "memory.sqlite"
    broken.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BadInput, match="not a vloop memory file"):
        Memory(broken, e5)


def test_an_unknown_memory_model_is_refused() -> None:
    with pytest.raises(BadInput, match="memory model must be"):
        embedder_for("gpt-embeddings")
