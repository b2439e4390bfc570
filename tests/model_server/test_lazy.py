"""Models load once, on first use, even when the first uses come from several threads."""

from __future__ import annotations

import threading

from model_server.lazy import Lazy


def test_builds_once_on_first_get_across_threads():
    built: list[object] = []

    def factory() -> object:
        built.append(object())
        return built[-1]

    lazy = Lazy(factory, "a test value")
    assert not lazy.loaded and built == []
    start = threading.Barrier(8)
    got: list[object] = []

    def use() -> None:
        start.wait()
        got.append(lazy.get())

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and lazy.loaded
    assert all(value is built[0] for value in got) and len(got) == 8


def test_a_failed_build_is_retried_next_time():
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return "model"

    lazy = Lazy(flaky, "a flaky value")
    try:
        lazy.get()
    except OSError:
        pass
    assert not lazy.loaded
    assert lazy.get() == "model" and len(calls) == 2
