"""The mask editor: paint over the attached image in the browser, and the run changes only the
painted region; and the conversion of the editor's layers into a mask file."""

from __future__ import annotations

import gradio as gr
import numpy as np
from PIL import Image

from tests.ui.conftest import send, shot, small_photo
from tests.ui.test_app_browser import open_tab, wait_chat
from ui.app_mask import attached_image, editor_value, load_editor, painted_on, painted_region, write_mask


def paint_stroke(page, rows: int = 6) -> None:
    """Drag the brush across the middle of the editor's picture, a few rows deep."""
    box = page.locator("#mask-editor canvas").first.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for row in range(rows):
        y = cy - 30 + row * 10
        page.mouse.move(cx - 60, y)
        page.mouse.down()
        page.mouse.move(cx + 60, y, steps=12)
        page.mouse.up()


def test_painted_region_limits_the_edit(app_runner, app_url, new_page, tmp_path, astronaut):
    page = new_page(app_url)
    photo = small_photo(tmp_path, astronaut, "astronaut")
    page.locator("#chat-input input[type=file]").set_input_files([str(photo)])
    open_tab(page, "Mask")
    page.locator("#mask-editor canvas").first.wait_for()
    page.wait_for_function("() => document.querySelector('#mask-editor').innerText.includes('%')")
    paint_stroke(page)
    shot(page, "30-mask-painted")
    send(page, "把选区换成蓝色")  # "the selected area": the painted mask
    wait_chat(page, "steps passed")
    shot(page, "31-mask-applied")

    (mask_file,) = (app_runner.settings.home / "app" / "masks").glob("*.png")
    mask = np.asarray(Image.open(mask_file)) > 127
    assert mask.shape == (astronaut.height, astronaut.width)
    assert 0.005 < mask.mean() < 0.3  # a band across the middle, not the whole picture
    rows, cols = np.nonzero(mask)
    assert abs(rows.mean() - astronaut.height / 2) < astronaut.height / 4

    (thread,) = [t.thread_id for t in app_runner.threads()]
    history = app_runner.history(thread)
    before, after = (np.asarray(app_runner.store.get(node.image), dtype=np.int16)
                     for node in history.path_to_head()[-2:])
    changed = np.abs(after - before).sum(axis=2) > 30
    assert changed[mask].mean() > 0.5
    assert changed[~mask].mean() < 0.005  # outside the band: at most its feathered edge


def test_a_mask_painted_on_the_result_limits_the_follow_up(app_runner, app_url, new_page, tmp_path,
                                                          astronaut):
    page = new_page(app_url)
    send(page, "把背景换成浅蓝色", [small_photo(tmp_path, astronaut, "astronaut")])
    wait_chat(page, "steps passed")
    open_tab(page, "Mask")  # the editor loads the thread's last picture only now
    page.locator("#mask-editor canvas").first.wait_for()
    page.wait_for_function("() => document.querySelector('#mask-editor').innerText.includes('%')")
    paint_stroke(page)
    send(page, "把选区换成蓝色")  # no image attached: a follow-up on the result
    wait_chat(page, "steps passed", count=2)
    shot(page, "32-mask-on-the-result")

    assert len(list((app_runner.settings.home / "app" / "masks").glob("*.png"))) == 1
    (thread,) = [t.thread_id for t in app_runner.threads()]
    before, after = (np.asarray(app_runner.store.get(node.image), dtype=np.int16)
                     for node in app_runner.history(thread).path_to_head()[-2:])
    changed = np.abs(after - before).sum(axis=2) > 30
    assert 0.005 < changed.mean() < 0.3  # the painted band, not the whole picture


def test_paint_becomes_a_white_mask_of_the_image_size(tmp_path):
    layer = np.zeros((100, 200, 4), dtype=np.uint8)
    layer[10:30, 50:150, :] = (255, 0, 0, 255)
    region = painted_region({"background": None, "layers": [layer], "composite": None})
    path = write_mask(region, (400, 200), tmp_path)  # the editor showed the picture at half size
    mask = np.asarray(Image.open(path))
    assert mask.shape == (200, 400) and set(np.unique(mask)) == {0, 255}
    assert mask[20:60, 100:300].all() and mask.sum() == 40 * 200 * 255


def test_nothing_painted_is_no_mask():
    empty = np.zeros((10, 10, 4), dtype=np.uint8)
    assert painted_region(None) is None
    assert painted_region({"layers": []}) is None
    assert painted_region({"layers": [empty]}) is None


def test_editor_follows_the_first_attached_image_but_not_typing_or_a_send():
    assert attached_image({"text": "", "files": ["/a.png", "/b.png"]}, None) == "/a.png"
    assert attached_image({"text": "make it", "files": ["/a.png"]}, "/a.png") == "/a.png"
    assert attached_image({"text": "", "files": ["/c.png"]}, "/a.png") == "/c.png"
    assert attached_image(None, "/a.png") == "/a.png"  # a send cleared the input: nothing redrawn
    assert editor_value("/a.png") == {"background": "/a.png", "layers": [], "composite": "/a.png"}


def test_the_editor_loads_a_picture_only_while_the_mask_tab_is_open_and_only_once():
    skipped = gr.skip()
    assert load_editor("/a.png", None, False) == (skipped,) * 3  # attached, tab closed: not drawn
    assert load_editor("/a.png", None, True) == (editor_value("/a.png"), "/a.png", None)  # opened
    assert load_editor("/a.png", "/a.png", True) == (skipped,) * 3  # reopened: the paint stays
    assert load_editor("/b.png", "/a.png", True) == (editor_value("/b.png"), "/b.png", None)
    assert load_editor(None, "/b.png", True) == (None, None, None)  # a new thread empties it


def test_paint_knows_the_picture_it_was_painted_on():
    layer = np.zeros((4, 4, 4), np.uint8)
    layer[1, 1, 3] = 255
    paint = painted_on({"layers": [layer]}, "/a.png")
    assert paint.on("/a.png") and not paint.on("/b.png")
    assert paint.region.sum() == 1
    assert painted_on({"layers": [np.zeros((4, 4, 4), np.uint8)]}, "/a.png") is None
