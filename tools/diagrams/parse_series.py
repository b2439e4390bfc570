"""Chart grammar: categories with inline numbers ("sales 2021 10, 2022 15, 2023 22",
"一月 30，二月 45", "apples: 30%", "Q1 = $12k"), one series or several ("sales: …; costs: …")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.diagrams.spec import Chart, ChartKind, Series
from tools.diagrams.words import split_head, split_items
from tools.text_match import normalize

# A value: not glued to a letter or digit before it (the 1 of "Q1" is a name), optional
# currency, the number, an optional unit.
NUMBER = re.compile(
    r"(?<![A-Za-z\d.])(?P<cur>[$¥€£￥])?\s*(?P<num>[-−]?\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?P<unit>%|％|(?:k|m|bn)(?![A-Za-z])|万|亿|千|百|元|美元|个|人|次|件|台|份|分)?",
    re.I)
_GLUE = re.compile(r"(?:\s*(?:[:：=]|\bis\b|\bwas\b|\bof\b|\bat\b|为|是|占|有|达到?|共)\s*)+$", re.I)
_STATEMENTS = re.compile(r"[;；\n]")
_NAME_TAIL = re.compile(r"\s+(?:in|of|for|during|by|per)\s*$", re.I)


@dataclass
class _Pair:
    category: str
    value: float
    unit: str


def parse_series(kind: ChartKind, content: str, topic: str = "") -> tuple[Chart, str] | None:
    """The chart in `content` and its title, or None when fewer than two values are given."""
    statements = [s for s in _STATEMENTS.split(content) if s.strip()]
    named = [_statement(s) for s in statements]
    if len(named) >= 2 and all(len(pairs) >= 2 for _, pairs in named):
        return _chart(kind, named), topic
    head, pairs = _statement(content)
    if len(pairs) < 2:  # one number is not a chart
        return None
    return _chart(kind, [(head, pairs)]), topic or head


def _statement(text: str) -> tuple[str, list[_Pair]]:
    """A series: its name (a head before a colon, or words before the first category) and pairs."""
    head, body = split_head(text)
    items = split_items(body)
    if head and (NUMBER.search(head) or not items or _pair(items[0]) is None):
        head, items = "", split_items(text)  # "apples: 30%, …": the head is a category
    pairs = [p for p in (_pair(item) for item in items) if p is not None]
    name, pairs = _peel_name(pairs)
    return head or name, pairs


def _pair(item: str) -> _Pair | None:
    matches = list(NUMBER.finditer(item))
    if not matches:
        return None
    m = matches[-1]
    category = _GLUE.sub("", item[: m.start()]).strip(" ,，")
    if not category:
        return None
    value = float(m.group("num").replace(",", "").replace("−", "-"))
    unit = (m.group("cur") or "") + (m.group("unit") or "").replace("％", "%")
    return _Pair(category, value, unit)


def _signature(text: str) -> str:
    return "".join("9" if c.isdigit() else "a" if c.isascii() and c.isalpha() else
                   " " if c.isspace() else "c" for c in text)


def _peel_name(pairs: list[_Pair]) -> tuple[str, list[_Pair]]:
    """Split "sales 2021" off the first category when the others look like its end ("2022")."""
    if len(pairs) < 2:
        return "", pairs
    first, rest = pairs[0].category, [p.category for p in pairs[1:]]
    shapes = {_signature(c) for c in rest}
    n = len(rest[0])
    if len(shapes) != 1 or len(first) <= n + 1 or _signature(first[-n:]) not in shapes:
        return "", pairs
    name = _NAME_TAIL.sub("", first[:-n]).strip(" :：,，")
    if not name or not (first[-n - 1].isspace() or not first[-n - 1].isascii()):
        return "", pairs
    return name, [_Pair(first[-n:], pairs[0].value, pairs[0].unit), *pairs[1:]]


def _chart(kind: ChartKind, named: list[tuple[str, list[_Pair]]]) -> Chart:
    categories: list[str] = []
    keys: dict[str, int] = {}
    for _, pairs in named:
        for p in pairs:
            if normalize(p.category) not in keys:
                keys[normalize(p.category)] = len(categories)
                categories.append(p.category)
    series = []
    for name, pairs in named:
        values: list[float | None] = [None] * len(categories)
        for p in pairs:
            values[keys[normalize(p.category)]] = p.value
        series.append(Series(name=name, values=values))
    units = {p.unit for _, pairs in named for p in pairs if p.unit}
    return Chart(kind=kind, categories=categories, series=series,
                 unit=units.pop() if len(units) == 1 else "")
