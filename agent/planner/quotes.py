"""Protect quoted strings: each one becomes a single placeholder character, so splitting and
matching never look inside it, and its content comes back exactly as the user typed it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Private-use characters stand in for quoted strings; user text is scrubbed of them first.
_FIRST = 0xE000
_LAST = 0xF8FF
PLACEHOLDER = "[\ue000-\uf8ff]"
_PRIVATE_USE = re.compile(PLACEHOLDER)

# Opening mark -> closing marks accepted for it. Straight and curly marks mix in real typing.
_PAIRS: dict[str, str] = {
    "“": "”\"", '"': "\"”", "‘": "’'", "'": "'’", "「": "」", "『": "』",
}
_APOSTROPHES = "'’"  # may also be an apostrophe inside a word: man's, Joe’s


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass(frozen=True)
class Quote:
    """One quoted string: `raw` with its marks, `content` without."""

    raw: str
    content: str


@dataclass(frozen=True)
class Protected:
    """Text whose quoted strings are placeholders, with the quotes they stand for."""

    text: str
    quotes: tuple[Quote, ...]

    def part(self, text: str) -> Protected:
        """A piece of this text, sharing its quotes."""
        return Protected(text, self.quotes)

    def quote_at(self, ch: str) -> Quote:
        return self.quotes[ord(ch) - _FIRST]

    def restore(self, text: str | None = None) -> str:
        """The text as the user wrote it, quote marks included."""
        source = self.text if text is None else text
        return _PRIVATE_USE.sub(lambda m: self.quote_at(m.group()).raw, source)

    def value(self, text: str) -> str:
        """A single quoted string's exact content, or the unquoted words, trimmed."""
        stripped = text.strip()
        if len(stripped) == 1 and _PRIVATE_USE.fullmatch(stripped):
            return self.quote_at(stripped).content
        return self.restore(stripped)

    def contents(self, text: str | None = None) -> list[str]:
        """The contents of the quoted strings in `text` (default: all of this text)."""
        source = self.text if text is None else text
        return [self.quote_at(ch).content for ch in _PRIVATE_USE.findall(source)]


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in _PAIRS or i + 1 >= len(text) or text[i + 1].isspace():
        return False
    # An apostrophe after a letter (man's) is not an opening quote.
    return not (ch in _APOSTROPHES and i > 0 and _alnum(text[i - 1]))


def _closes(text: str, i: int, opener: str) -> bool:
    ch = text[i]
    if ch not in _PAIRS[opener] or text[i - 1].isspace():
        return False
    # An apostrophe followed by a letter (Joe's) does not close the quote.
    return not (ch in _APOSTROPHES and i + 1 < len(text) and _alnum(text[i + 1]))


def _closing_index(text: str, start: int) -> int | None:
    opener = text[start]
    for j in range(start + 2, len(text)):
        if _closes(text, j, opener):
            return j
    return None


def protect(text: str) -> Protected:
    """Replace every quoted string with a placeholder. Unmatched marks stay as they are."""
    text = _PRIVATE_USE.sub(" ", text)
    out: list[str] = []
    quotes: list[Quote] = []
    i = 0
    while i < len(text):
        end = _closing_index(text, i) if _opens(text, i) else None
        if end is None or len(quotes) > _LAST - _FIRST:
            out.append(text[i])
            i += 1
            continue
        quotes.append(Quote(raw=text[i : end + 1], content=text[i + 1 : end]))
        out.append(chr(_FIRST + len(quotes) - 1))
        i = end + 1
    return Protected("".join(out), tuple(quotes))
