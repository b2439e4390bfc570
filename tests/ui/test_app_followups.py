"""Multi-turn editing in one thread, in the browser: a follow-up acts on the last result
("把刚才的红色改成蓝色"), "undo that" goes back, and a stated preference is remembered, listed in
the Memory tab and deleted there; a past request is suggested under the input."""

from __future__ import annotations

import numpy as np
from playwright.sync_api import expect

from tests.ui.conftest import send, shot, small_photo
from tests.ui.test_app_browser import open_tab, wait_chat

RED = "把背景换成浅蓝色，把衣服换成红色"


def suit_colour(runner, before, after) -> np.ndarray:
    """Mean RGB of `after` where it differs from `before` (the recoloured suit)."""
    base, new = (np.asarray(runner.store.get(ref), dtype=np.int16) for ref in (before, after))
    changed = np.abs(new - base).sum(axis=2) > 60
    assert changed.mean() > 0.02
    return new[changed].mean(axis=0)


def test_follow_ups_act_on_the_last_result(app_runner, app_url, new_page, tmp_path, astronaut):
    page = new_page(app_url)
    send(page, RED, [small_photo(tmp_path, astronaut, "astronaut")])
    wait_chat(page, "steps passed")
    (thread,) = [t.thread_id for t in app_runner.threads()]

    send(page, "把刚才的红色改成蓝色")  # no image: the same thread, from its last result
    wait_chat(page, "steps passed", count=2)
    shot(page, "40-red-to-blue")
    assert [t.thread_id for t in app_runner.threads()] == [thread]
    path = app_runner.history(thread).path_to_head()
    background, blue = path[-2].image, path[-1].image
    r, g, b = suit_colour(app_runner, background, blue)
    assert b > r + 40 and b > g, (r, g, b)

    send(page, "undo that")
    wait_chat(page, "Undone: back to")
    shot(page, "41-undo-that")
    history = app_runner.history(thread)
    assert history.node(history.head).image == background


def test_preference_is_remembered_listed_and_deleted(app_runner, app_url, new_page, tmp_path, astronaut):
    page = new_page(app_url)
    send(page, RED, [small_photo(tmp_path, astronaut, "astronaut")])
    wait_chat(page, "steps passed")
    send(page, "以后背景都用白色")
    wait_chat(page, "Remembered for later requests")
    expect(page.locator("#suggestions")).to_be_hidden()  # a send hides them, lookups still going or not

    # A past request comes back as a suggestion while typing a similar one.
    page.locator("#chat-input textarea").press_sequentially("把衣服换成绿色")
    suggestion = page.locator("#suggestions label", has_text=RED)
    suggestion.wait_for()
    shot(page, "42-suggestion")
    suggestion.click()
    expect(page.locator("#chat-input textarea")).to_have_value(RED, timeout=60_000)

    open_tab(page, "Memory")
    page.locator("#memory-refresh").click()
    item = page.locator("#memory-items label", has_text="以后背景都用白色")
    item.wait_for()
    shot(page, "43-memory")
    item.click()
    page.locator("#memory-delete").click()
    item.wait_for(state="detached")
    kinds = [m.kind for m in app_runner.memory.list()]
    assert "preference" not in kinds and "request" in kinds
