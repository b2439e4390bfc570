"""Map one part to draft steps: the rules of the part's own language first, then the other
language's (mixed parts such as "把 background 换成 light blue" need both)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from agent.planner import rules_en, rules_zh
from agent.planner.draft import Draft, Rule, first_match, unknown
from agent.planner.language import has_cjk
from agent.planner.quotes import Protected

_Table = tuple[Callable[[str], str], Sequence[Rule]]
_EN: _Table = (rules_en.strip_polite, rules_en.RULES)
_ZH: _Table = (rules_zh.strip_polite, rules_zh.RULES)


def map_part(part: Protected) -> list[Draft]:
    """Draft steps for one part (protected text); [unknown] when no rule matches."""
    tables = (_ZH, _EN) if has_cjk(part.text) else (_EN, _ZH)
    for strip, rules in tables:
        drafts = first_match(rules, part.part(strip(part.text)))
        if drafts:
            return drafts
    return [unknown(part.restore().strip())]
