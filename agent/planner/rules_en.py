"""English patterns, in priority order: the first rule that matches and builds wins.
Patterns run on one part with quoted strings as placeholders (QUOTE) and polite openers gone."""

from __future__ import annotations

import re

from agent.planner import builders as b
from agent.planner import builders_pending as p
from agent.planner.draft import Rule, rule
from agent.planner.phrases import BACKGROUND, COLOR
from agent.planner.quotes import PLACEHOLDER as QUOTE

_POLITE = re.compile(
    r"^(?:(?:please|kindly|pls|plz|now|just|"
    r"can you|could you|would you|will you|i want you to|i'?d like you to|"
    r"i would like you to|i need you to|help me|let'?s|go ahead and)(?![A-Za-z])[\s,]*)+",
    re.IGNORECASE,
)


def strip_polite(text: str) -> str:
    return _POLITE.sub("", text.strip())


_W = r"(?![A-Za-z])"  # end of an English word
_TEXT_KW = r"(?:text|word|words|wording|label|caption|title|headline|heading|sign|phrase|slogan)"
_CHANGE = r"(?:change|replace|swap|rewrite|edit|update|turn|switch|correct|fix|substitute)"
_TO = r"(?:to|with|into|for|by|->|→)"
_BOX = r"(?:box|boxes|rectangles?|circles?|frames?|outlines?|bounding boxes)"
_PIC = r"(?:image|picture|photo|illustration|poster|drawing|painting|logo|icon|banner)"

RULES: list[Rule] = [
    # Questions first, so "is the background blue?" is asked, not done.
    rule(r"^(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|does|do|did|has|"
         rf"have|can|could|should|would|will|am){_W}", p.answer),
    rule(rf"^(?:describe|caption|explain|count|tell me|check|verify|summari[sz]e|compare|"
         rf"translate){_W}", p.answer),
    rule(rf"^(?:box|mark|outline|highlight|circle|frame|label|annotate|enclose|surround){_W}"
         rf"|^(?:draw|put|add|place)\s+(?:an?\s+|some\s+)?(?:\S+\s+)?{_BOX}{_W}"
         rf"|(?:with|in|using)\s+(?:an?\s+)?(?:\S+\s+)?{_BOX}{_W}", b.annotate),
    rule(rf"^{_CHANGE}\s+(?:the\s+)?(?:(?P<kw>{_TEXT_KW})\s+)?(?:from\s+|that\s+says\s+|saying\s+)?"
         rf"(?P<old>{QUOTE}|\S+)\s+{_TO}\s+(?:say\s+|read\s+)?(?P<new>{QUOTE}|.+?)"
         rf"(?:\s+in\s+(?P<color>{COLOR})(?:\s+colou?r)?)?$", b.replace_text),
    rule(rf"^(?P<old>{QUOTE})\s*(?:->|→|=>|to)\s*(?P<new>{QUOTE})$", b.replace_text),
    rule(BACKGROUND, b.replace_background),
    rule(rf"(?<![A-Za-z])ocr{_W}|^(?:read|extract|transcribe|recogni[sz]e|detect|scan|get|pull|"
         r"copy|find|grab|output|list)\s+(?:out\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:\S+\s+){0,3}?"
         rf"(?:text|words|writing|characters|letters){_W}", b.ocr),
    rule(rf"(?<![A-Za-z])depth{_W}", p.perception_map("depth_map")),
    rule(rf"^segment(?:\s+(?P<rest>.+))?$|(?<![A-Za-z])(?:segmentation|masks?){_W}",
         p.perception_map("segmentation_map")),
    rule(rf"(?<![A-Za-z])(?:edge map|edges|canny|contours?|edge detection){_W}",
         p.perception_map("edge_map")),
    rule(rf"^(?:detect|locate)(?:\s+(?P<rest>.+))?$|(?<![A-Za-z])(?:detection|object detection)"
         rf"{_W}|^find\s+(?:all\s+)?(?:the\s+)?objects{_W}", p.perception_map("detection_map")),
    rule(p.ADJUST, p.adjust),
    rule(rf"(?<![A-Za-z])(?:combine|merge|blend|composite|collage|stitch|juxtapose){_W}"
         r"|side[\s-]+by[\s-]+side|from\s+(?:the\s+)?(?:(?:first|second|third|other)\s+)?"
         r"(?:image|picture|photo)", p.compose),
    rule(rf"^(?:draw|create|make|generate|produce|design|render|build|plot|sketch){_W}.*?"
         rf"(?P<kind>{p.DIAGRAM_KIND})", p.diagram),
    rule(rf"^(?:an?\s+)?(?P<kind>{p.DIAGRAM_KIND})", p.diagram),
    rule(r"^(?:generate|create|render|imagine|design|illustrate)\s+(?:me\s+)?(?P<prompt>.+)",
         p.generate),
    rule(r"^(?:draw|paint)\s+(?:me\s+)?(?P<prompt>(?:an?|one|some|two|three|\d+)\s+.+)",
         p.generate),
    rule(rf"^make\s+(?:me\s+)?(?P<prompt>an?\s+{_PIC}{_W}.+)", p.generate),
    rule(rf"(?<![A-Za-z])crop{_W}(?:\s+(?:it|the\s+(?:image|photo|picture)))?"
         r"(?:\s+(?:to|around|on|into|in on|out))?(?P<rest>.*)", p.crop),
    rule(rf"(?<![A-Za-z])(?:aspect ratio|canvas|outpaint\w*|extend|expand|widen|resize|square)"
         rf"{_W}|\d\s*:\s*\d|\d\s*[x×]\s*\d", p.resize_canvas),
    rule(p.STYLE, p.stylize),
    rule(r"^(?:add|insert|put|place|include)\s+(?P<obj>.+?)(?:\s+(?:to|on|onto|in|into|at|near|"
         r"next to|above|below|beside|over|under|behind|in front of|on top of)\s+(?P<where>.+))?$",
         p.add_object),
    rule(r"^(?:remove|erase|delete|get rid of|clear|take out|take away|eliminate|wipe out|wipe|"
         r"hide)\s+(?P<obj>.+)$", p.remove_object),
    rule(r"^(?:make|turn|change|convert|transform)\s+(?P<target>.+?)\s+(?:(?:into|to|out of)\s+)?"
         rf"(?P<mat>{p.MATERIAL})(?:\s+(?:material|texture|finish))?$", p.change_material),
    rule(r"^(?:make|turn|change|paint|colou?r|recolou?r|dye|tint|set)\s+(?P<target>.+?)(?:'s)?"
         r"(?:\s+colou?r)?\s+(?:(?:to|into|in)\s+(?:be\s+)?)?"
         rf"(?P<color>{COLOR})(?:\s+colou?r)?$", p.recolor),
    rule(r"^(?:turn|transform|change|convert|replace|swap|switch|make)\s+(?P<target>.+?)\s+"
         r"(?:into|to|with|for|by)\s+(?P<new>.+)$", b.replace_object),
    rule(r"^use\s+(?P<new>.+?)\s+(?:to replace|instead of)\s+(?P<target>.+)$", b.replace_object),
    rule(r"[?？]\s*$", p.answer),
]
