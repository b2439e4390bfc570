"""Follow-ups and preferences from the command line: `vloop edit --thread ID "..."` with no
image acts on the thread's last result; a stated preference is remembered, not run."""

from __future__ import annotations

import numpy as np
from PIL import Image

from ui.cli import main


def changed_pixels(image: np.ndarray, original: np.ndarray) -> int:
    return int((np.abs(image.astype(int) - original).max(axis=2) > 30).sum())


def test_follow_ups_on_a_thread(tmp_path, capsys, astronaut):
    astronaut.save(tmp_path / "a.png")
    home = ["--home", str(tmp_path / "home")]
    assert main([*home, "edit", str(tmp_path / "a.png"), "add a hat on her head", "--thread", "t",
                 "-o", str(tmp_path / "hat.png")]) == 0
    assert main([*home, "edit", "--thread", "t", "make it bigger", "-o", str(tmp_path / "big.png")]) == 0
    hat, big = (np.asarray(Image.open(tmp_path / n)) for n in ("hat.png", "big.png"))
    original = np.asarray(Image.open(tmp_path / "a.png"))
    # a hat 1.4× as wide covers about twice the pixels
    assert changed_pixels(big, original) > 1.5 * changed_pixels(hat, original)
    assert main([*home, "edit", "--thread", "t", "undo that", "-o", str(tmp_path / "back.png")]) == 0
    assert np.array_equal(np.asarray(Image.open(tmp_path / "back.png")), original)
    assert "went back one change" in capsys.readouterr().out


def test_a_stated_preference_is_remembered(tmp_path, capsys):
    code = main(["--home", str(tmp_path / "home"), "edit", "--thread", "p", "以后背景都用白色",
                 "-o", str(tmp_path / "unused.png")])
    assert code == 0
    assert "remembered: replace_background.color = 白色" in capsys.readouterr().out
    assert not (tmp_path / "unused.png").exists()
    assert main(["--home", str(tmp_path / "home"), "memory", "list"]) == 0
    assert "以后背景都用白色" in capsys.readouterr().out
