"""The app benchmark's reference page (`evals.bare_chat`) in a real headless Chromium on the real
runner: it must show what the app's chat shows (the plan, each step with its picture, the
summary), or the reference it gives would be cheaper than the app for doing less."""

from __future__ import annotations

from evals.app_bench import free_port
from evals.bare_chat import serve_bare_chat
from tests.ui.conftest import send, shot, shown_shas, small_photo

THREE_PARTS = "把背景换成浅蓝色，把衣服换成红色，再用红框标出人脸"


def test_the_bare_chat_shows_the_plan_every_step_and_the_summary(app_runner, new_page, tmp_path,
                                                                  astronaut):
    port = free_port()
    page_app = serve_bare_chat(app_runner, port)
    try:
        page = new_page(f"http://127.0.0.1:{port}/")
        send(page, THREE_PARTS, [small_photo(tmp_path, astronaut, "astronaut")])
        bot = page.locator("#chat [data-testid=bot]")
        bot.filter(has_text="steps passed").first.wait_for()
        shot(page, "bare-chat")
        texts = [text for text in bot.all_inner_texts() if text]  # a picture is a message of its own
        assert texts[0].startswith("Plan") and "3 step(s)" in texts[0]
        assert [t.split("—")[0].strip() for t in texts[1:4]] == [
            "Step 1/3 ✓ replace_background", "Step 2/3 ✓ recolor", "Step 3/3 ✓ annotate"]
        assert "3/3 steps passed" in texts[4]
        (thread,) = [t.thread_id for t in app_runner.threads()]
        history = app_runner.history(thread)
        assert shown_shas(page, "#chat [data-testid=bot]") == [
            node.image.sha256 for node in history.path_to_head()[1:]]
    finally:
        page_app.close()
