"""Input validation and normalisation: every bad file is a one-line BadInput."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from agent.ingest import check_instruction, load_image
from agent.settings import Limits
from model_server.errors import BadInput
from tests.fixtures import bad_files

LIMITS = Limits()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (bad_files.truncated_png, "corrupt or truncated"),
        (bad_files.corrupt_jpeg, "corrupt or truncated"),
        (bad_files.text_named_png, "not an image"),
        (bad_files.empty_file, r"empty \(0 bytes\)"),
        (bad_files.huge_png, "has 900 MP; vloop accepts at most 50 MP"),
        (lambda path: bad_files.huge_png(path, 9000), "is 9000x9000 and has 81 MP"),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path, make, message):
    path = make(tmp_path / "bad.png")
    with pytest.raises(BadInput, match=message) as info:
        load_image(path, LIMITS)
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(BadInput, match="not found"):
        load_image(tmp_path / "nope.png", LIMITS)


def test_folder_is_not_an_image(tmp_path):
    with pytest.raises(BadInput, match="not a file"):
        load_image(tmp_path, LIMITS)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_instruction(text):
    with pytest.raises(BadInput, match="empty"):
        check_instruction(text, LIMITS)


def test_enormous_instruction():
    with pytest.raises(BadInput, match="102,400 characters"):
        check_instruction("x" * 102_400, LIMITS)


def test_exif_orientation_is_applied(tmp_path):
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    image.paste((0, 0, 255), (0, 0, 10, 20))  # blue strip on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when displayed
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif.tobytes(), quality=95)
    loaded = load_image(path, LIMITS).image
    assert loaded.size == (20, 40)
    top = np.asarray(loaded)[2, 10]
    assert top[2] > 150 and top[0] < 100  # the blue strip is now at the top


def test_transparent_pixels_become_white(tmp_path):
    image = Image.new("RGBA", (10, 10), (255, 0, 0, 0))
    image.putpixel((5, 5), (0, 0, 255, 255))
    path = tmp_path / "alpha.png"
    image.save(path)
    loaded = np.asarray(load_image(path, LIMITS).image)
    assert tuple(loaded[0, 0]) == (255, 255, 255)
    assert tuple(loaded[5, 5]) == (0, 0, 255)


def test_sixteen_bit_grey_is_scaled_to_eight_bit(tmp_path):
    values = np.full((12, 12), 65535, dtype=np.uint16)
    values[:6] = 0
    path = tmp_path / "deep.png"
    Image.fromarray(values).save(path)
    loaded = np.asarray(load_image(path, LIMITS).image)
    assert tuple(loaded[0, 0]) == (0, 0, 0) and tuple(loaded[11, 0]) == (255, 255, 255)


def test_cmyk_and_palette_become_rgb(tmp_path):
    Image.new("CMYK", (10, 10), (0, 255, 255, 0)).save(tmp_path / "c.jpg")
    Image.new("P", (10, 10), 3).save(tmp_path / "p.png")
    for name in ("c.jpg", "p.png"):
        assert load_image(tmp_path / name, LIMITS).image.mode == "RGB"
    red = np.asarray(load_image(tmp_path / "c.jpg", LIMITS).image)[5, 5]
    assert red[0] > 200 and red[1] < 60


def test_gif_uses_first_frame(tmp_path):
    frames = [Image.new("RGB", (16, 16), c) for c in ((255, 0, 0), (0, 255, 0))]
    path = tmp_path / "anim.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    pixel = np.asarray(load_image(path, LIMITS).image)[8, 8]
    assert pixel[0] > 200 and pixel[1] < 50


def test_sha256_is_of_the_file_bytes(tmp_path):
    import hashlib

    path = tmp_path / "a.png"
    Image.new("RGB", (9, 9)).save(path)
    assert load_image(path, LIMITS).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
