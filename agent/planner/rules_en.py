"""English patterns, in priority order: the first rule that matches and builds wins.
Patterns run on one part with quoted strings as placeholders (QUOTE) and polite openers gone."""

from __future__ import annotations

import re

from agent.planner import builders as b
from agent.planner import builders_adjust as adj
from agent.planner import builders_attributes as attr
from agent.planner import builders_background as bg
from agent.planner import builders_image as img
from agent.planner import builders_marks as mk
from agent.planner import builders_objects as obj
from agent.planner import builders_untyped as u
from agent.planner.draft import Rule, rule
from agent.planner.phrases import BACKGROUND, COLOR, alternation
from agent.planner.quotes import PLACEHOLDER as QUOTE
from agent.planner.vocab import POSES_EN

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

_VERB = r"(?:change|modify|alter|adjust|set|make|turn|switch|update|replace|edit|swap|convert)"
_ATTR = attr.ATTRIBUTE
_ADJ, _INT = adj.ADJUST, adj.INTENSE
_TAIL = (rf"(?:\s+(?:please|effect|filter|tone|look|version|overall|{_INT}|(?:by|to)\s+\d+(?:\.\d+)?\s*%"
         r"|\d+(?:\.\d+)?\s*%))*")
_ADJ_VERB = (r"(?:brighten|darken|lighten|sharpen|soften|desaturate|saturate|blur|pixelate|denoise|dim|"
             r"warm\s+up|cool\s+down)")
_WHICH = r"(?:current|existing|original|whole|entire|overall)"
# A thing named before "to"/"into": it does not itself contain them ("the cup to wine glass").
_THING = r"(?:(?!\s(?:to|into)\s).)+?"
_MORE = r"(?:more|less|higher|lower|increased|reduced|extra)"
_SHAPE = (r"(?:triangles?|squares?|rectangles?|parallelograms?|rhombus|trapezoid|trapezium|pentagons?|"
          r"hexagons?|octagons?|circles?)")
_DRAW = r"(?:draw|add|put|place|use|insert|show|mark|indicate|point|label|trace|find|highlight|locate|detect)"
_WHERE = (r"(?:to|on|onto|in|into|inside|at|near|next to|above|below|beside|over|under|underneath|"
          r"behind|in front of|front of|on top of|around|by|left of|right of|left side of|"
          r"right side of)")

RULES: list[Rule] = [
    # Questions first, so "is the background blue?" is asked, not done.
    rule(r"^(?:what|which|who|whom|whose|where|when|why|how|is|are|was|were|does|do|did|has|"
         rf"have|can|could|should|would|will|am){_W}", u.answer),
    rule(rf"^(?:describe|caption|explain|count|tell me|check|verify|summari[sz]e|compare|"
         rf"translate){_W}", u.answer),
    # Geometry figures and marks other than boxes, before boxes: "draw a circle and its diameter"
    # is a figure, "draw an arrow pointing at the face" and "mark the width of the face" are marks.
    rule(rf"^(?:draw|sketch|construct|plot){_W}.*?{_SHAPE}{_W}|^(?:an?\s+)?(?:(?:right|isosceles|equilateral|"
         rf"regular)\s+)?{_SHAPE}\s+[A-Z]{{2,8}}{_W}", mk.geometry),
    rule(rf"^{_DRAW}{_W}.*?(?<![A-Za-z])arrows?{_W}|^(?:an?\s+)?arrows?\s+(?:pointing|to|at){_W}", mk.arrow),
    rule(rf"^(?:number|enumerate){_W}|^(?:{_DRAW}|tag){_W}.*?(?<![A-Za-z])(?:numbers?|numbered|"
         rf"call-?outs?|badges?){_W}", mk.numbers),
    rule(rf"^measure{_W}|(?<![A-Za-z])dimension\s+lines?{_W}|^{_DRAW}\s+(?:the\s+)?(?:width|height|size)\s+"
         rf"of{_W}|^show\s+how\s+(?:wide|tall)", mk.measure),
    rule(r"(?<![A-Za-z])(?:connect|join|link)\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:two\s+|both\s+)?eyes"
         r"|(?<![A-Za-z])line\s+(?:between|through|connecting|joining)\s+(?:the\s+|her\s+|his\s+|their\s+)?"
         rf"(?:two\s+|both\s+)?eyes|(?<![A-Za-z])eye[\s-]?line{_W}", mk.eye_line),
    rule(rf"^(?:{_DRAW}|draw){_W}.*?(?:symmetry\s+(?:axis|line)|ax[ie]s\s+of\s+symmetry|lines?\s+of\s+"
         rf"symmetry|mirror\s+line){_W}", mk.symmetry_axis),
    rule(rf"^(?:{_DRAW}|draw){_W}.*?(?<![A-Za-z])(?:horizon|skyline)(?:\s+line)?{_W}", mk.horizon),
    rule(rf"^(?:box|mark|outline|highlight|circle|frame|label|annotate|enclose|surround){_W}"
         rf"|^(?:draw|put|add|place)\s+(?:an?\s+|some\s+)?(?:{COLOR}\s+)?{_BOX}{_W}"
         rf"|(?:with|in|using)\s+(?:an?\s+)?(?:\S+\s+)?{_BOX}{_W}", b.annotate),
    rule(rf"^{_CHANGE}\s+(?:the\s+)?(?:(?P<kw>{_TEXT_KW})\s+)?(?:from\s+|that\s+says\s+|saying\s+)?"
         rf"(?P<old>{QUOTE}|\S+)\s+{_TO}\s+(?:say\s+|read\s+)?(?P<new>{QUOTE}|.+?)"
         rf"(?:\s+in\s+(?P<color>{COLOR})(?:\s+colou?r)?)?$", b.replace_text),
    rule(rf"^(?P<old>{QUOTE})\s*(?:->|→|=>|to)\s*(?P<new>{QUOTE})$", b.replace_text),
    # "change the text 'HOT' on the oven to 'ABC'", "change the text of the bus 'A' to 'B'"
    rule(rf"^{_CHANGE}\s+(?:the\s+)?(?P<kw>{_TEXT_KW})\s+(?:(?:on|in|at|of|from)\s+.+?\s+)?"
         rf"(?P<old>{QUOTE})(?:\s+(?:on|in|at|of|from)\s+.+?)?\s+{_TO}\s+(?P<new>{QUOTE}|.+?)$",
         b.replace_text),
    rule(rf"^{_VERB}\s+(?:the\s+)?(?:{_WHICH}\s+)?(?P<attr>{_ATTR})(?:\s+(?:of|on|in|for)\s+(?P<target>.+?))?\s+"
         r"(?:to|into|with|as)\s+(?P<new>.+)$", attr.attribute),
    rule(rf"^{_VERB}\s+(?P<target>.+?)(?:'s|’s)\s+(?P<attr>{_ATTR})\s+(?:to|into|with|as)\s+"
         r"(?P<new>.+)$", attr.attribute),
    rule(BACKGROUND, bg.replace_background),
    rule(rf"(?<![A-Za-z])ocr{_W}|^(?:read|extract|transcribe|recogni[sz]e|detect|scan|get|pull|"
         r"copy|find|grab|output|list)\s+(?:out\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:\S+\s+){0,3}?"
         rf"(?:text|words|writing|characters|letters){_W}", b.ocr),
    rule(rf"(?<![A-Za-z])depth{_W}", u.perception_map("depth_map")),
    rule(rf"^segment(?:\s+(?P<rest>.+))?$|(?<![A-Za-z])segmentation{_W}"
         rf"|^(?:predict|generate|create|produce|compute|output|show|get|extract)\s.*\bmasks?{_W}",
         u.perception_map("segmentation_map")),
    rule(rf"(?<![A-Za-z])(?:edge map|edges|canny|contours?|edge detection){_W}",
         u.perception_map("edge_map")),
    rule(rf"^(?:detect|locate)(?:\s+(?P<rest>.+))?$|(?<![A-Za-z])(?:detection|object detection)"
         rf"{_W}|^find\s+(?:all\s+)?(?:the\s+)?objects{_W}", u.perception_map("detection_map")),
    # Adjustments: "make it much brighter", "increase the contrast by 20%", "brighten the face",
    # "more contrast", "add a blur to the face".
    rule(rf"^(?:make|turn|get|render|convert|set|change)\s+(?:(?P<target>{_THING})\s+)??(?:(?:to|into|look)\s+)?"
         rf"(?:(?:a|an)\s+)?(?:{_INT}\s+)*(?:{_MORE}\s+)?{_ADJ}{_TAIL}$", adj.adjust),
    rule(r"^(?:increase|decrease|raise|lower|reduce|boost|enhance|adjust|change|tweak|modify|"
         rf"turn\s+up|turn\s+down|tone\s+down|bump\s+up)\s+(?:the\s+)?(?:overall\s+)?(?:{_INT}\s+)*"
         rf"{_ADJ}(?:\s+(?:of|on|in|for)\s+(?P<target>.+?))?{_TAIL}$", adj.adjust),
    rule(rf"^{_ADJ_VERB}(?:\s+(?P<target>.+?))??{_TAIL}$", adj.adjust),
    rule(rf"^(?:{_INT}\s+)*(?:{_MORE}\s+)?{_ADJ}{_TAIL}$", adj.adjust),
    rule(rf"^(?:apply|add|use)\s+(?:an?\s+|some\s+)?(?:{_INT}\s+)*{_ADJ}(?:\s+(?:effect|filter))?"
         rf"(?:\s+(?:to|on)\s+(?P<target>.+?))?{_TAIL}$", adj.adjust),
    rule(rf"(?<![A-Za-z])(?:combine|merge|blend|composite|collage|stitch|juxtapose|overlay|"
         rf"superimpose){_W}|side[\s-]+by[\s-]+side|from\s+(?:the\s+)?(?:(?:first|second|third|other)\s+)?"
         rf"(?:image|picture|photo)|^(?:put|place|paste|insert|add|use)\s+(?:the\s+)?"
         rf"(?:(?:image|picture|photo)\s*#?\d|(?:first|second|third|other)\s+(?:image|picture|photo))"
         rf"|(?:two|both|the)\s+(?:images|pictures|photos){_W}", img.compose),
    rule(rf"^(?:draw|create|make|generate|produce|design|render|build|plot|sketch){_W}.*?"
         rf"(?P<kind>{u.DIAGRAM_KIND})", u.diagram),
    rule(rf"^(?:an?\s+)?(?P<kind>{u.DIAGRAM_KIND})", u.diagram),
    rule(r"^(?:generate|create|render|imagine|design|illustrate)\s+(?:me\s+)?(?P<prompt>.+)",
         u.generate),
    rule(r"^(?:draw|paint)\s+(?:me\s+)?(?P<prompt>(?:an?|one|some|two|three|\d+)\s+.+)",
         u.generate),
    rule(rf"^make\s+(?:me\s+)?(?P<prompt>an?\s+{_PIC}{_W}.+)", u.generate),
    rule(rf"(?<![A-Za-z])crop{_W}(?:\s+(?:it|the\s+(?:image|photo|picture)))?"
         r"(?:\s+(?:to|around|on|into|in on|out))?(?P<rest>.*)", img.crop),
    rule(rf"^(?:extend|expand|widen|resize|outpaint\w*|pad){_W}|(?<![A-Za-z])(?:aspect ratio|canvas){_W}"
         r"|^(?:make|turn|change|convert|set)\s+(?:it|the\s+(?:image|photo|picture))\s+(?:to\s+|into\s+)?"
         r"(?:an?\s+)?(?:\d|square)|^(?:to\s+|in\s+)?\d+\s*(?::|x|×)\s*\d+", img.resize_canvas),
    rule(img.STYLE, img.stylize),
    rule(rf"^(?:make|let|have|get)\s+(?P<target>.+?)\s+(?P<pose>{alternation(POSES_EN)}{_W}.*)$",
         obj.change_pose),
    rule(rf"^(?:add|insert|put|place|include|draw|stick|paste|attach)\s+(?P<obj>.+?)"
         rf"(?:\s+(?P<where>(?:{_WHERE}\s|(?:top|bottom|upper|lower)[\s-]+(?:left|right){_W}).*))?$",
         obj.add_object),
    rule(r"^(?:remove|erase|delete|get rid of|clear|take out|take away|eliminate|wipe out|wipe|"
         r"hide|cut out)\s+(?P<obj>.+)$", obj.remove_object),
    rule(rf"^(?:make|turn|change|convert|transform)\s+(?P<target>{_THING})\s+(?:(?:into|to|out of)\s+)?"
         rf"(?:(?:a|an)\s+)?(?P<mat>{obj.MATERIAL})(?:\s+(?:material|texture|finish))?$",
         obj.change_material),
    rule(rf"^(?:make|turn|change|paint|colou?r|recolou?r|dye|tint|set)\s+(?P<target>{_THING})(?:'s)?"
         r"(?:\s+colou?r)?\s+(?:(?:to|into|in)\s+(?:be\s+)?)?(?:solid\s+|pure\s+)?"
         rf"(?P<color>{COLOR})(?:\s+colou?r)?$", img.recolor),
    rule(r"^(?:replace|swap|switch|substitute|exchange)\s+(?P<target>.+?)\s+(?:with|by|for)\s+(?P<new>.+)$",
         obj.replace_object),
    rule(r"^(?:turn|transform|change|convert|replace|swap|switch|make)\s+(?P<target>.+?)\s+"
         r"(?:into|to|with|for)\s+(?P<new>.+)$", obj.replace_object),
    rule(r"^use\s+(?P<new>.+?)\s+(?:to replace|instead of)\s+(?P<target>.+)$", obj.replace_object),
    rule(r"[?？]\s*$", u.answer),
]
