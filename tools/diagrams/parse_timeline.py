"""Timeline grammar: events with dates ("2019 founded, 2021 launch", "2019年成立，2021年上线",
"founded in 2019; IPO in Q3 2023", "9:00 standup"), in the order written."""

from __future__ import annotations

import re

from tools.diagrams.spec import Event, Timeline
from tools.diagrams.words import clean, split_items

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_CN_NUM = "[一二三四五六七八九十百零〇\\d]+"
DATE = re.compile(
    "|".join([
        r"(?<!\d)\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?|\s*月)?(?!\d)",
        r"(?<!\d)\d{4}\s*年(?:代|初|底|末)?",
        rf"\b{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?(?:\s+\d{{4}})?\b",
        r"\bQ[1-4](?:\s*['’]?\d{2,4})?\b|\b[12]\d{3}\s*Q[1-4]\b|[12]\d{3}\s*(?:H[12]|上半年|下半年)",
        r"\b(?:day|week|month|year|phase|stage|sprint|v(?:ersion)?)\s*\d+(?:\.\d+)*\b",
        rf"第{_CN_NUM}(?:天|周|个月|月|年|季度|阶段|期)",
        rf"{_CN_NUM}月(?:{_CN_NUM}日)?|周[一二三四五六日天]|星期[一二三四五六日天]",
        r"(?<![\d:])\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?![\d:])",
        r"(?<![\d.])(?:1[0-9]|20)\d{2}(?![\d.])",
    ]), re.I)
_GLUE = re.compile(r"^(?:[\s:：\-–—,，]|\b(?:in|on|at|by|since|from|of)\b|于|在|是|为)+|"
                   r"(?:[\s:：\-–—,，]|\b(?:in|on|at|by|since|from)\b|于|在)+$", re.I)


def parse_timeline(content: str) -> Timeline | None:
    """The events of `content`, or None when fewer than two items are given."""
    events = []
    for item in split_items(content):
        m = DATE.search(item)
        if m is None:
            events.append(Event(text=clean(item)))
            continue
        text = clean(_GLUE.sub("", item[: m.start()] + " " + item[m.end():]))
        events.append(Event(when=m.group(0).strip(), text=text))
    if len(events) < 2 or not any(e.when for e in events):
        return None
    return Timeline(events=events)
