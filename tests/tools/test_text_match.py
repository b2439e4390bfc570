"""Finding the user's text among OCR lines."""

from __future__ import annotations

import pytest

from model_server.types import Box, TextLine
from tools.text_match import find_text, normalize, row_texts

LINES = ["SALES", "Big SALE today", "限时特价 五折优惠", "Mission 2024", "ＳＡＬＥ！"]


def test_normalize_ignores_case_whitespace_and_width() -> None:
    assert normalize("  Big\tSALE ") == "bigsale"
    assert normalize("ＳＡＬＥ！") == "sale!"


@pytest.mark.parametrize(
    "query, line, found, whole",
    [
        ("big sale today", 1, "Big SALE today", True),  # exact, case and spaces ignored
        ("sale", 1, "SALE", False),  # a whole word beats the start of "SALES"
        ("五折", 2, "五折", False),  # part of a Chinese line
        ("限时特价五折优惠", 2, "限时特价 五折优惠", True),  # the space OCR put in is ignored
        ("Mision 2024", 3, "Mission 2024", True),  # fuzzy: a typo
        ("sale!", 4, "ＳＡＬＥ！", True),  # full-width OCR output
    ],
)
def test_find_text(query: str, line: int, found: str, whole: bool) -> None:
    match = find_text(query, LINES)
    assert match is not None
    assert (match.line, LINES[match.line][match.start:match.end], match.whole) == (line, found, whole)


def test_fuzzy_needs_a_close_match() -> None:
    assert find_text("hello", LINES) is None
    assert find_text("SALT", ["SALE"]) is None  # 0.75 < 0.8
    assert find_text("   ", LINES) is None
    match = find_text("Mission 2O24", LINES)
    assert match is not None and 0.8 <= match.score < 1.0


def _line(text: str, x0: int, x1: int, y: int = 10) -> TextLine:
    return TextLine(text=text, box=Box(x0=x0, y0=y, x1=x1, y1=y + 20), score=0.99)


def test_row_texts_join_a_split_row_and_drop_a_repeat_at_the_seam() -> None:
    read = [_line("2025", 95, 140), _line("Mission 2", 0, 100), _line("next line", 0, 80, y=60)]
    assert row_texts(read) == ["mission2025", "nextline"]
    # Boxes that do not overlap keep a repeated character: it is really there twice.
    assert row_texts([_line("20", 0, 40), _line("04", 50, 90)]) == ["2004"]
