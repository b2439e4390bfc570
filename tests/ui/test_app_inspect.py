"""The Perception, Ask and Check tabs in the browser, on a real photo and the embedded backend."""

from __future__ import annotations

import numpy as np
from PIL import Image

from tests.ui.conftest import shot, small_photo
from tests.ui.test_app_browser import open_tab


def upload(page, selector: str, path) -> None:
    page.locator(f"{selector} input[type=file]").set_input_files(str(path))
    page.locator(f"{selector} img").first.wait_for()


def test_perception_ask_and_check_tabs(app_url, new_page, tmp_path, astronaut):
    page = new_page(app_url)
    photo = small_photo(tmp_path, astronaut, "astronaut")

    open_tab(page, "Perception")
    upload(page, "#perceive-image", photo)
    page.locator("#perceive-btn").click()
    page.locator("#perceive-verdict", has_text="verified").wait_for()
    assert "✓ verified" in page.locator("#perceive-verdict").inner_text()
    edges = page.locator("#perceive-output img").first
    edges.wait_for()
    shot(page, "50-perception")
    picture = tmp_path / "edges.png"
    picture.write_bytes(page.request.get(edges.get_attribute("src")).body())
    pixels = np.asarray(Image.open(picture).convert("L"))
    assert pixels.shape == (astronaut.height, astronaut.width)
    assert 0.005 < (pixels > 128).mean() < 0.4  # thin white edges on black

    open_tab(page, "Ask")
    upload(page, "#ask-image", photo)
    page.locator("#ask-question textarea").fill("how many faces?")
    page.locator("#ask-btn").click()
    page.locator("#ask-answer", has_text="1 face").wait_for()
    assert "agrees" in page.locator("#ask-answer").inner_text()
    shot(page, "51-ask")

    open_tab(page, "Check")
    upload(page, "#check-image", photo)
    page.locator("#check-spec textarea").fill("exactly one face; contains the text 'SALE'")
    page.locator("#check-btn").click()
    summary = page.locator("#check-summary", has_text="assertions passed")
    summary.wait_for()
    text = summary.inner_text()
    assert "PASS  exactly one face" in text and "FAIL  contains the text 'SALE'" in text
    assert "1/2 assertions passed" in text
    page.locator("#check-evidence img").first.wait_for()
    shot(page, "52-check")
