"""Text helpers shared by the description grammars: kind words, the lead-in before the content
("draw a flowchart of …", "画一个…的流程图："), ratio phrases, and list splitting that respects
brackets and thousands separators."""

from __future__ import annotations

import re

# The words that name each kind, longest first where one contains another.
KIND_WORDS: dict[str, list[str]] = {
    "flowchart": ["flowchart", "flow chart", "flow diagram", "process diagram", "流程图"],
    "bar chart": ["bar chart", "bar graph", "column chart", "histogram", "柱状图", "条形图",
                  "柱形图", "直方图"],
    "line chart": ["line chart", "line graph", "line plot", "trend chart", "折线图", "趋势图",
                   "曲线图"],
    "pie chart": ["pie chart", "pie graph", "donut chart", "饼图", "饼状图", "扇形图"],
    "mind map": ["mind map", "mindmap", "思维导图", "脑图"],
    "timeline": ["timeline", "time line", "时间线", "时间轴", "大事记"],
    "org chart": ["org chart", "organization chart", "organisation chart", "组织结构图",
                  "组织架构图"],
    "architecture diagram": ["architecture diagram", "system diagram", "架构图", "系统图"],
    "venn diagram": ["venn diagram", "韦恩图", "维恩图"],
    "sequence diagram": ["sequence diagram", "时序图"],
    "chart": ["chart", "graph", "plot", "图表", "统计图"],
    "diagram": ["diagram", "schematic", "figure", "示意图", "结构图", "几何图", "图形"],
}


def _word_pattern(word: str) -> str:
    """A kind word as a regex; English words only as whole words ("plot", not "plotting")."""
    return rf"(?<![A-Za-z]){re.escape(word)}s?(?![A-Za-z])" if word.isascii() else re.escape(word)


_KIND_WORD = re.compile("|".join(
    _word_pattern(w) for w in sorted((w for ws in KIND_WORDS.values() for w in ws), key=len,
                                     reverse=True)), re.I)

RATIO = re.compile(r"(?<![\d:])(\d+(?:\.\d+)?)\s*[:：]\s*(\d+(?:\.\d+)?)(?![\d:])")
_RATIO_PHRASE = re.compile(
    r"(?:\b(?:in|at|with)\s+)?(?:an?\s+)?(?:(?:aspect\s+)?ratio\s+(?:of\s+)?)?"
    r"(?:比例|宽高比|长宽比|画幅)?(?:为|是)?\s*"
    + RATIO.pattern + r"(?:\s*(?:aspect\s+)?ratio|\s*(?:的)?(?:比例|宽高比|长宽比|画幅))?", re.I)
_EXPLICIT_RATIO = re.compile(r"ratio|aspect|比例|宽高比|长宽比|画幅", re.I)

# What comes before the content: a request verb, a quantity, an article.
_EN_VERBS = (r"(?:please\s+)?(?:can you\s+)?(?:draw|create|make|generate|produce|design|render|"
             r"build|plot|sketch|show|give me|i want|i need)(?:\s+me)?")
_EN_LEAD = re.compile(rf"^\s*(?:{_EN_VERBS})?\s*(?:an?|the|one|some)?\s*", re.I)
_ZH_LEAD = re.compile(r"^\s*(?:请|帮我|给我|麻烦)?\s*(?:画|生成|绘制|制作|做|创建|设计|来|出)?"
                      r"\s*(?:一个|一张|一幅|一份|个|张|幅|份)?\s*")
_AFTER_KIND = re.compile(r"^(?:\s*(?:of|for|about|showing|on|that shows|which shows|with)\b|"
                         r"\s*[:：,，。.\-—]|\s+)+", re.I)
_ZH_TOPIC = re.compile(r"^(?:关于|有关)?(?P<topic>.+?)的$")
_EN_TOPIC_TAIL = re.compile(r"\s+(?:of|for|about|on)\s+(?P<topic>.+)$", re.I)

# Top-level list separators: Chinese punctuation, a comma not inside a number like 1,200,
# semicolons and newlines.
_SEPARATOR = re.compile(r"[，；;、\n]|,(?!\d{3}(?!\d))")
_OPEN, _CLOSE = "([（【", ")]）】"
_CONTENT_MARK = re.compile(r"[,，、;；:：\n(（]|->|→|=>")


def find_kind(text: str) -> tuple[str, int, int] | None:
    """The first kind word in `text`: (kind, start, end)."""
    m = _KIND_WORD.search(text)
    if m is None:
        return None
    word = m.group(0).lower()
    kind = next(k for k, ws in KIND_WORDS.items()
                if word in (w.lower() for w in ws) or word[:-1] in (w.lower() for w in ws))
    return kind, m.start(), m.end()


def strip_ratios(text: str, aspect: str | None = None) -> str:
    """`text` without aspect phrases: ones that say "ratio"/"比例", and ones equal to `aspect`
    at the very start or end (a time such as 9:30 in the middle stays)."""
    def explicit(m: re.Match[str]) -> str:
        return "" if _EXPLICIT_RATIO.search(m.group(0)) else m.group(0)

    text = _RATIO_PHRASE.sub(explicit, text)
    if aspect:
        for m in list(RATIO.finditer(text))[:1] + list(RATIO.finditer(text))[-1:]:
            at_edge = not text[: m.start()].strip(" ,，:：") or not text[m.end():].strip(" ,，.。")
            if at_edge and f"{m.group(1)}:{m.group(2)}" == aspect:
                text = text[: m.start()] + text[m.end():]
                break
    return text.strip()


def split_lead(description: str, aspect: str | None = None) -> tuple[str, str]:
    """Cut the request off the content: returns (topic, content).

    "draw a flowchart: A -> B" gives ("", "A -> B"); "画一个关于注册的流程图：…" gives
    ("注册", "…"); without a kind word the whole description is the content.
    """
    found = find_kind(description)
    if found is None or found[1] > _content_start(description):
        return "", strip_ratios(description, aspect)
    _, start, end = found
    prefix = RATIO.sub("", description[:start])
    prefix = _ZH_LEAD.sub("", _EN_LEAD.sub("", prefix)).strip(" ,，:：")
    content = _AFTER_KIND.sub("", description[end:], count=1)
    return topic_of(prefix), strip_ratios(content, aspect)


def _content_start(text: str) -> int:
    """Where the content begins at the latest: the first list separator, colon or arrow that is
    not in a ratio. A kind word after it is content ("tools: ocr, diagram"), not the request."""
    ratios = [m.span() for m in RATIO.finditer(text)]
    for m in _CONTENT_MARK.finditer(text):
        if not any(a <= m.start() < b for a, b in ratios):
            return m.start()
    return len(text)


def topic_of(prefix: str) -> str:
    """What a diagram is about, from the words before its kind ("关于注册的", "a sales")."""
    m = _ZH_TOPIC.match(prefix)
    if m:
        return m.group("topic").strip()
    m = _EN_TOPIC_TAIL.search(prefix)
    return tidy_title(m.group("topic") if m else prefix)


def tidy_title(text: str) -> str:
    """A title without a leading article or trailing punctuation: "the checkout" -> "checkout"."""
    return re.sub(r"^(?:the|a|an)\s+", "", clean(text).strip(" ,，:："), flags=re.I)


def split_head(text: str) -> tuple[str, str]:
    """("head", "rest") for "head: rest" when the colon comes before any list separator."""
    m = re.search(r"(?<!\d)[:：]|[:：](?!\d)", text)  # not the colon of a time, 9:30
    if m is None or _SEPARATOR.search(text[: m.start()]) or bracket_depth(text, m.start()):
        return "", text
    return text[: m.start()].strip(), text[m.end():].strip()


def bracket_depth(text: str, index: int) -> int:
    """How many brackets are open at `index` of `text`."""
    depth = 0
    for ch in text[:index]:
        depth += (ch in _OPEN) - (ch in _CLOSE)
    return depth


def split_items(text: str, *, separators: re.Pattern[str] = _SEPARATOR) -> list[str]:
    """Top-level items of a list, split at separators outside brackets; "a, b and c" and
    "甲、乙和丙" give three items. Empty items are dropped."""
    items, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if depth == 0 and separators.match(text, i):
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    items = [clean(item) for item in items]
    items = [item for item in items if item]
    if len(items) >= 2:  # only a list can end in "and …"
        last = re.split(r"\s+(?:and|&)\s+|(?<=[^\x00-\x7f])(?:以及|和|与|及)(?=[^\x00-\x7f])",
                        items[-1], maxsplit=1)
        if len(last) == 2 and all(part.strip() for part in last):
            items[-1:] = [clean(part) for part in last]
    return [re.sub(r"^(?:and|&)\s+", "", item, flags=re.I) for item in items]


def clean(text: str) -> str:
    """An item without surrounding spaces, quotes and sentence punctuation."""
    return text.strip().strip("\"'“”‘’「」『』").strip(" .。!！")
