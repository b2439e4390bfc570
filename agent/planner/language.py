"""Which language an instruction is in, judged outside its quoted strings."""

from __future__ import annotations

import re

from agent.planner.quotes import PLACEHOLDER
from agent.state import Language

CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Latin letters that are not words: hex colours (#1E6FFF) and sizes (1024x768).
_NOT_WORDS = re.compile(r"#[0-9a-fA-F]{3,6}(?![0-9a-zA-Z])|\d+\s*[xX×]\s*\d+")
_LATIN_WORD = re.compile("[A-Za-z]+")


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def has_latin_words(text: str) -> bool:
    return _LATIN_WORD.search(_NOT_WORDS.sub(" ", text)) is not None


def detect_language(protected_text: str) -> Language:
    """"zh": Chinese and no Latin words; "en": no Chinese; "mixed": both. Quotes do not count.

    Args:
        protected_text: the instruction with its quoted strings replaced by placeholders.
    """
    text = re.sub(PLACEHOLDER, " ", protected_text)
    if not has_cjk(text):
        return "en"
    return "mixed" if has_latin_words(text) else "zh"
