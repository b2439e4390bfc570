"""Flowchart grammar: arrows ("A → B → C; B -> D", "A → B, C" fans out) or prose steps
("first X, then Y, finally Z", "先登录，然后选择图片，最后导出", "1. X 2. Y"), or a plain list."""

from __future__ import annotations

import re

from tools.diagrams.spec import Flowchart, FlowEdge, FlowNode, NodeShape
from tools.diagrams.words import clean, split_items
from tools.text_match import normalize

ARROW = re.compile(r"\s*(?:-{1,3}>|={1,2}>|—+>|–+>|－+>|→|⟶|➔|➜|➝|⇒|⟹|↦)\s*")
_STATEMENT = re.compile(r"[;；\n。]")
# Chinese step words split a clause wherever they stand; 先/再 only in "先…再…".
_ZH_MARKER = r"首先|其次|然后|接着|接下来|之后|随后|最后|最终|第[一二三四五六七八九十\d]+步"
_ZH_SPLIT = re.compile(rf"(?<=[^\s，,；;、。])(?={_ZH_MARKER})")
_ZH_THEN = re.compile(r"^(先)(.+?)(?<![先首])再(?!次|见)(.+)$")
_EN_MARKER = (r"(?:and\s+)?(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after that|"
              r"afterwards|finally|lastly|at last|in the end|eventually|step\s*\d+)\b")
_EN_SPLIT = re.compile(r"\s+(?=(?:and then|and finally)\b)", re.I)
_NUMBERED = re.compile(r"(?:^|(?<!step)\s)(?=(?:\d{1,2}|[①-⑩])[.、)）:：]\s*\S)", re.I)
_STRIP = re.compile(
    rf"^(?:(?:{_EN_MARKER}|{_ZH_MARKER}|先|再|并且?|(?:\d{{1,2}}|[①-⑩])[.、)）:：])[\s,，:：.]*)+",
    re.I)
_HAS_MARKER = re.compile(rf"(?:^|[\s,，;；])(?:{_EN_MARKER})|{_ZH_MARKER}|^先|^\s*(?:1|①)[.、)）:：]",
                         re.I)
_DECISION = re.compile(r"[?？]$|^(?:if|whether|is|are|does|do|can)\b|^(?:是否|如果|判断)", re.I)
_TERMINAL = re.compile(r"^(?:start|begin|end|finish|done|stop|开始|结束|完成|终止)$", re.I)


def parse_flow(content: str) -> Flowchart | None:
    """The flowchart in `content`, or None when it has no arrows, step words or list."""
    if ARROW.search(content):
        return _from_arrows(content)
    steps = prose_steps(content) if _HAS_MARKER.search(content) else split_items(content)
    if len(steps) < 2:
        return None
    nodes = [_node(s) for s in steps]
    return Flowchart(nodes=nodes, edges=[FlowEdge(source=i, target=i + 1) for i in range(len(nodes) - 1)])


def prose_steps(content: str) -> list[str]:
    """The steps of "first X, then Y, finally Z" / "先X，然后Y，最后Z" / "1. X 2. Y", in order."""
    text = _EN_SPLIT.sub("\n", _NUMBERED.sub("\n", _ZH_SPLIT.sub("\n", content)))
    steps = []
    for clause in split_items(text, separators=re.compile(r"[，,；;。\n]")):
        m = _ZH_THEN.match(clause)
        parts = [m.group(2), m.group(3)] if m else [clause]
        steps += [s for s in (clean(_STRIP.sub("", p)) for p in parts) if s]
    return steps


def _node(text: str) -> FlowNode:
    shape: NodeShape = "process"
    if _DECISION.search(text):
        shape = "decision"
    elif _TERMINAL.match(text):
        shape = "terminal"
    return FlowNode(text=text, shape=shape)


def _from_arrows(content: str) -> Flowchart | None:
    """Statements of arrow chains; a comma outside a chain separates statements when every
    piece has an arrow, else it lists nodes that one arrow fans out to or in from."""
    nodes: list[FlowNode] = []
    index: dict[str, int] = {}
    edges: list[tuple[int, int]] = []

    def node_id(text: str) -> int:
        key = normalize(text)
        if key not in index:
            index[key] = len(nodes)
            nodes.append(_node(text))
        return index[key]

    for statement in _statements(content):
        groups = [[node_id(t) for t in split_items(seg)] for seg in ARROW.split(statement)]
        groups = [g for g in groups if g]
        for a, b in zip(groups, groups[1:], strict=False):
            edges += [(s, t) for s in a for t in b if s != t and (s, t) not in edges]
    if len(nodes) < 2 or not edges:
        return None
    return Flowchart(nodes=nodes, edges=[FlowEdge(source=s, target=t) for s, t in edges])


def _statements(content: str) -> list[str]:
    statements = []
    for statement in _STATEMENT.split(content):
        pieces = split_items(statement, separators=re.compile(r"[，,]"))
        if len(pieces) > 1 and all(ARROW.search(p) for p in pieces):
            statements += pieces
        elif statement.strip():
            statements.append(statement)
    return statements
