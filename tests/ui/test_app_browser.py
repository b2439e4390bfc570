"""The app in a real headless Chromium, on the real runner and embedded backend: a three-part
instruction streams its plan and steps, undo, a branch with another colour, switching
branches, a reload that finds the thread; two sessions at once; Cancel then Resume.
Screenshots go to tests/artifacts/app/."""

from __future__ import annotations

import json

import numpy as np
from playwright.sync_api import expect

from tests.ui.conftest import send, served, shot, shown_shas, small_photo

THREE_PARTS = "把背景换成浅蓝色，把衣服换成红色，再用红框标出人脸"
BRIGHTER = "make it brighter, then turn it into an oil painting"


def bot_texts(page) -> list[str]:
    return page.locator("#chat [data-testid=bot]").all_inner_texts()


def wait_chat(page, text: str, count: int = 1) -> None:
    """Wait until `text` appears in `count` chat messages."""
    page.locator("#chat [data-testid=bot]", has_text=text).nth(count - 1).wait_for()


def step_texts(page) -> list[str]:
    return [t for t in bot_texts(page) if t.startswith("Step ")]


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_edit_undo_branch_switch_and_reload(app_runner, app_url, new_page, tmp_path, astronaut):
    page = new_page(app_url)
    shot(page, "00-start")
    send(page, THREE_PARTS, [small_photo(tmp_path, astronaut, "astronaut")])

    # 1. The plan comes first, then three steps stream in, each with its picture and checks.
    wait_chat(page, "Plan")
    shot(page, "01-plan")
    wait_chat(page, "steps passed")
    shot(page, "02-three-steps")
    texts = bot_texts(page)
    assert texts[0].startswith("Plan") and "3 step(s)" in texts[0]
    steps = step_texts(page)
    assert [s.split("—")[0].strip() for s in steps] == [
        "Step 1/3 ✓ replace_background", "Step 2/3 ✓ recolor", "Step 3/3 ✓ annotate"]
    assert all("passed" in s and "✓" in s.split("\n", 1)[1] for s in steps)  # verdict and checks
    (thread,) = [t.thread_id for t in app_runner.threads()]
    history = app_runner.history(thread)
    step_shas = [node.image.sha256 for node in history.path_to_head()[1:]]
    assert shown_shas(page, "#chat [data-testid=bot]") == step_shas
    # The result panels come in the event chained after the run, with the report: wait for it.
    report_link = page.locator("#report-file a").first
    report_link.wait_for()
    assert shown_shas(page, "#before-after") == [history.nodes[0].image.sha256, step_shas[-1]]
    report = json.loads(page.request.get(report_link.get_attribute("href")).text())
    assert report["passed"]
    assert [s["op"] for s in report["steps"]] == ["replace_background", "recolor", "annotate"]

    # 2. Undo returns to the previous step's picture.
    page.locator("#undo-btn").click()
    wait_chat(page, "Undone: back to")
    assert app_runner.history(thread).node(app_runner.history(thread).head).label == "s2 recolor ✓"

    # 3. Go back to step 1 and branch with another colour.
    open_tab(page, "History")
    page.locator("#node-select input").click()
    page.get_by_role("option", name="s1 replace_background ✓ · turn 1").click()
    wait_chat(page, "Went back to")
    send(page, "把衣服换成绿色")
    wait_chat(page, "steps passed", count=2)
    history = app_runner.history(thread)
    assert len(history.branches()) == 2
    red, green = history.branches()[0][2].image, history.branches()[1][-1].image
    assert history.head == history.branches()[1][-1].id
    _assert_suit_turned(app_runner, history.branches()[0][1].image, red, green)
    expect(page.locator("#branch-radio label")).to_have_count(2)  # the panels follow the run
    shot(page, "03-two-branches")

    # 4. Switch back to the first branch.
    page.locator("#branch-radio label", has_text="Branch 1").click()
    wait_chat(page, "Switched to")
    history = app_runner.history(thread)
    assert history.head == history.branches()[0][-1].id
    assert shown_shas(page, "#before-after")[-1] == history.node(history.head).image.sha256
    page.locator("#history-tree .node.head", has_text="s3 annotate").wait_for()
    shot(page, "04-switched-branch")

    # 5. A reload comes back to the thread, on the branch last chosen.
    page.reload()
    page.locator("#chat [data-testid=bot]", has_text="s3 annotate").wait_for()
    assert shown_shas(page, "#before-after")[-1] == history.node(history.head).image.sha256
    shot(page, "05-reloaded")


def _assert_suit_turned(runner, before, red, green) -> None:
    """Where the red branch changed the suit, the green branch made it green instead."""
    base, r, g = (np.asarray(runner.store.get(ref), dtype=np.int16) for ref in (before, red, green))
    suit = np.abs(r - base).sum(axis=2) > 60
    assert suit.mean() > 0.02
    red_mean, green_mean = r[suit].mean(axis=0), g[suit].mean(axis=0)
    assert red_mean[0] > red_mean[1] + 40, red_mean
    assert green_mean[1] > green_mean[0] + 40, green_mean


def test_two_sessions_edit_at_once_and_see_only_their_own(app_runner, app_url, new_page, tmp_path,
                                                            astronaut, chelsea):
    first, second = new_page(app_url), new_page(app_url)
    send(first, THREE_PARTS, [small_photo(tmp_path, astronaut, "astronaut")])
    send(second, BRIGHTER, [small_photo(tmp_path, chelsea, "cat")])
    for page in (first, second):
        wait_chat(page, "steps passed")
    shot(first, "10-session-a")
    shot(second, "11-session-b")

    threads = {t.title: t.thread_id for t in app_runner.threads()}
    assert len(threads) == 2
    own = {page: {n.image.sha256 for n in app_runner.history(thread).nodes}
           for page, thread in ((first, threads[THREE_PARTS]),
                                (second, threads[BRIGHTER]))}
    for page in (first, second):
        seen = set(shown_shas(page, "#chat")) | set(shown_shas(page, "#before-after"))
        assert seen and seen <= own[page]
        open_tab(page, "Threads")
        page.locator("#thread-list input").click()
        expect(page.get_by_role("option")).to_have_count(1)  # only this browser's own thread


def test_cancel_then_resume_in_the_browser(gated, new_page, tmp_path, astronaut):
    with served(gated.runner) as url:
        page = new_page(url)
        send(page, "invert, wait, invert", [small_photo(tmp_path, astronaut, "astronaut")])
        # Wait through the page, not on the gate: the page's requests go through this thread.
        wait_chat(page, "Step 1/3")
        page.locator("#progress", has_text="Step 2 of 3").wait_for()  # step 2 is running, held
        # A second message while the run goes is refused with a reason, and what was typed stays.
        box = page.locator("#chat-input textarea")
        box.fill("make it brighter")
        box.press("Enter")
        page.get_by_text("A run is still going in this tab").first.wait_for()
        expect(box).to_have_value("make it brighter")
        page.locator("#cancel-btn").click()
        page.locator("#progress", has_text="Cancelling after the current step").wait_for()
        gated.gate.opened.set()
        wait_chat(page, "Cancelled")
        assert gated.gate.entered.is_set()
        shot(page, "20-cancelled")
        (thread,) = [t.thread_id for t in gated.runner.threads()]
        labels = [n.label for n in gated.runner.history(thread).path_to_head()]
        assert labels == ["input", "s1 invert ✓"] and gated.runs() == 1

        page.locator("#resume-btn").click()
        wait_chat(page, "steps passed")
        shot(page, "21-resumed")
        labels = [n.label for n in gated.runner.history(thread).path_to_head()]
        assert labels == ["input", "s1 invert ✓", "s2 gate ✓", "s3 invert ✓"]
        assert gated.runs() == 2  # step 1 was not run again
