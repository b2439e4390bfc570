"""Find a piece of text, as a user wrote it, among lines read by OCR: exactly (ignoring case and
whitespace) or fuzzily, as a whole line or as part of one, in Chinese or English."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

from model_server.types import TextLine

FUZZY_THRESHOLD = 0.8


def normalize(text: str) -> str:
    """Compare form of a text: NFKC (full-width to half-width), case-folded, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _normalize_with_index(text: str) -> tuple[str, list[int]]:
    """`normalize(text)` and, for each of its characters, the index in `text` it came from."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch).casefold():
            if not out.isspace():
                chars.append(out)
                index.append(i)
    return "".join(chars), index


def similarity(a: str, b: str) -> float:
    """difflib ratio of the normalised texts, 0 to 1."""
    return SequenceMatcher(None, normalize(a), normalize(b), autojunk=False).ratio()


@dataclass(frozen=True)
class Match:
    """Where a query was found: `texts[line][start:end]`, with its similarity (1.0 = exact)."""

    line: int
    start: int
    end: int
    score: float
    whole: bool
    bounded: bool  # not in the middle of a Latin word ("SALE" in "Big SALE", not in "SALES")

    def rank(self) -> tuple[float, bool, bool, int]:
        return (round(self.score, 4), self.whole, self.bounded, -self.line)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _best_window(query: str, line: str) -> tuple[float, int, int]:
    """Best fuzzy sub-span of `line` (normalised) for `query` (normalised): score, start, end."""
    best = (0.0, 0, len(line))
    n = len(query)
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(query)
    for width in {max(1, n - 1), n, n + 1}:
        for start in range(0, len(line) - width + 1):
            matcher.set_seq1(line[start:start + width])
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            score = matcher.ratio()
            if score > best[0]:
                best = (score, start, start + width)
    return best


def _match_line(query: str, text: str, line: int, threshold: float) -> Match | None:
    norm, index = _normalize_with_index(text)
    if not norm:
        return None

    def span(s: int, e: int, score: float) -> Match:
        start, end = index[s], index[e - 1] + 1
        bounded = not (
            (start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]))
            or (end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]))
        )
        return Match(line=line, start=start, end=end, score=score,
                     whole=(s == 0 and e == len(norm)), bounded=bounded)

    if query == norm:
        return span(0, len(norm), 1.0)
    at = norm.find(query)
    if at >= 0:
        return span(at, at + len(query), 1.0)
    whole = SequenceMatcher(None, query, norm, autojunk=False).ratio()
    score, s, e = _best_window(query, norm) if len(norm) > len(query) + 1 else (0.0, 0, 0)
    if whole >= max(score, threshold):
        return span(0, len(norm), whole)
    if score >= threshold:
        return span(s, e, score)
    return None


def find_text(query: str, texts: list[str], threshold: float = FUZZY_THRESHOLD) -> Match | None:
    """The best place `query` occurs in `texts`, or None.

    Exact matches (after `normalize`) beat fuzzy ones, higher similarity beats lower, a whole
    line beats part of a line, whole words beat parts of words, and earlier lines beat later
    ones.
    """
    q = normalize(query)
    if not q:
        return None
    found = [m for i, t in enumerate(texts) if (m := _match_line(q, t, i, threshold)) is not None]
    return max(found, key=Match.rank, default=None)


def row_texts(read: list[TextLine]) -> list[str]:
    """The normalised text of each row of lines, left to right, joined.

    OCR often splits a row at word gaps into boxes that overlap a little, so a character at the
    seam is read twice ("Mission 2" + "2025"); a repeat where two boxes overlap is dropped.
    """
    rows: list[list[TextLine]] = []
    for line in sorted(read, key=lambda ln: ln.box.center[1]):
        last = rows[-1][-1] if rows else None
        if last is not None and abs(last.box.center[1] - line.box.center[1]) < min(
            last.box.height, line.box.height
        ) / 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    out = []
    for row in rows:
        row.sort(key=lambda ln: ln.box.x0)
        text = normalize(row[0].text)
        for prev, line in zip(row, row[1:], strict=False):
            part = normalize(line.text)
            if line.box.x0 < prev.box.x1:
                repeat = next((k for k in (2, 1) if k <= len(part) and text.endswith(part[:k])), 0)
                part = part[repeat:]
            text += part
        out.append(text)
    return out
