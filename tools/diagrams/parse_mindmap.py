"""Mind map grammar: a centre and its branches, with sub-branches in brackets or after a colon:
"vloop: planning (rules, LLM), tools, verification", "规划：规则、大模型；工具：OCR".
The centre is the topic ("mind map of vloop: …", "关于vloop的思维导图") or the given title."""

from __future__ import annotations

import re

from tools.diagrams.spec import Branch, MindMap
from tools.diagrams.words import clean, split_head, split_items

_CHILDREN = re.compile(r"^(?P<text>[^(（【\[]+)[(（【\[](?P<children>.*)[)）】\]]$")
_STATEMENTS = re.compile(r"[;；\n]")
_CENTRE = re.compile(r"^(?:centre|center|topic|root|中心|主题|核心)\s*(?:is|是|为|[:：])\s*", re.I)


def parse_mindmap(content: str, topic: str = "") -> MindMap | None:
    """The mind map in `content` around `topic` (or a head before a colon), or None."""
    statements = [s for s in _STATEMENTS.split(content) if s.strip()]
    if len(statements) >= 2 and all(split_head(s)[0] for s in statements[1:]):
        root, first = (topic, statements[0]) if topic else split_head(statements[0])
        branches = [_branch_with_head(s) for s in [first, *statements[1:]] if s]
    else:
        head, body = split_head(content)
        root = head or topic
        branches = [_branch(item) for item in split_items(body)]
    root = clean(_CENTRE.sub("", root))
    branches = [b for b in branches if b.text]
    if not root or not branches:
        return None
    return MindMap(root=root, branches=branches)


def _branch(item: str) -> Branch:
    m = _CHILDREN.match(item.strip())
    if m is None:
        return Branch(text=clean(item))
    return Branch(text=clean(m.group("text")), children=split_items(m.group("children")))


def _branch_with_head(statement: str) -> Branch:
    head, body = split_head(statement)
    if not head:
        return _branch(statement)
    return Branch(text=clean(head), children=split_items(body))
