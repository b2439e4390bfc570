"""Geometry grammar: a shape with its point names and auxiliary lines.

"a right triangle ABC with the altitude from C", "画一个圆和它的直径", "正方形 ABCD 加一条对角线",
"triangle ABC with median AD and the incircle", "△ABC 中作 BC 边上的高 AD".
"""

from __future__ import annotations

import re
import string

from tools.diagrams.spec import Auxiliary, AuxKind, Geometry, GeometryShape

# Longest and most specific first: "right triangle" before "triangle", any polygon before
# "circle" (an incircle is a circle too).
_SHAPES: list[tuple[GeometryShape, str]] = [
    ("right triangle", r"right[- ]?(?:angled\s+)?triangle|直角三角形|Rt\s*△|Rt\s*三角形"),
    ("isosceles triangle", r"isosceles\s+triangle|等腰三角形"),
    ("equilateral triangle", r"equilateral\s+triangle|等边三角形|正三角形"),
    ("triangle", r"triangle|三角形|△"),
    ("square", r"square|正方形"),
    ("rectangle", r"rectangle|长方形|矩形"),
    ("parallelogram", r"parallelogram|平行四边形"),
    ("rhombus", r"rhombus|菱形"),
    ("trapezoid", r"trapezoid|trapezium|梯形"),
    ("polygon", r"(?:regular\s+)?(?:pentagon|hexagon|octagon)|正?[五六八]边形"),
    ("circle", r"circle|⊙|圆(?!心|周角)"),
]
_SIDES = {"pentagon": 5, "五": 5, "hexagon": 6, "六": 6, "octagon": 8, "八": 8}
VERTICES: dict[GeometryShape, int] = {
    "right triangle": 3, "isosceles triangle": 3, "equilateral triangle": 3, "triangle": 3,
    "square": 4, "rectangle": 4, "parallelogram": 4, "rhombus": 4, "trapezoid": 4, "circle": 1,
}
_AUX: list[tuple[AuxKind, str]] = [
    ("incircle", r"incircle|inscribed\s+circle|内切圆"),
    ("circumcircle", r"circumcircle|circumscribed\s+circle|外接圆"),
    ("bisector", r"(?:angle\s+)?bisector|角平分线|平分线"),
    ("median", r"median|中线(?!段)"),
    ("midline", r"mid-?line|mid-?segment|中位线"),
    ("altitude", r"altitude|height|perpendicular|高线|垂线|(?<![提最])高(?!度|于|亮)"),
    ("diagonal", r"diagonals?|对角线"),
    ("diameter", r"diameter|直径"),
    ("radius", r"radius|radii|半径"),
    ("chord", r"chord|弦"),
    ("segment", r"connect|join|segment|连接|连结|连(?=[A-Z])|线段"),
]
_SHAPE = re.compile("|".join(f"(?P<s{i}>{p})" for i, (_, p) in enumerate(_SHAPES)), re.I)
_AUX_RE = re.compile("|".join(f"(?P<a{i}>{p})" for i, (_, p) in enumerate(_AUX)), re.I)
_CLAUSE_END = re.compile(r"[,，;；。]|\band\b|\bwith\b|和|并|加|再|以及|及")
_LETTERS = re.compile(r"(?<![A-Za-z])[A-Z]{1,8}(?![A-Za-z])")
_RIGHT_AT = re.compile(
    r"right\s+angle\s+(?:at|is)\s+(?:vertex\s+)?(?P<a>[A-Z])|∠\s*(?:[A-Z](?=[A-Z]{2}))?(?P<b>[A-Z])"
    r"[A-Z]?\s*(?:=|＝|为|是)\s*(?:90|直角)|(?P<c>[A-Z])\s*(?:为|是)直角|直角(?:在|于)\s*(?P<d>[A-Z])"
    r"|right[- ]angled\s+at\s+(?P<e>[A-Z])", re.I)
_BOTH = re.compile(r"diagonals|both|两条|二条|2条")


def parse_geometry(description: str) -> Geometry | None:
    """The figure in `description`, or None when it names no shape vloop can draw."""
    m = _SHAPE.search(description)
    if m is None:
        return None
    shape = _SHAPES[int(m.lastgroup[1:])][0]  # type: ignore[index]
    sides = _polygon_sides(m.group(0)) if shape == "polygon" else 0
    names = _names(description, m.end(), VERTICES.get(shape, sides))
    if shape == "circle":
        names = names or ["O"]
    geometry = Geometry(shape=shape, names=names, sides=sides)
    if shape == "right triangle":
        geometry.right_angle_at = _right_angle(description, names)
    geometry.auxiliaries = [a for a in _auxiliaries(description, geometry) if a is not None]
    return geometry


def _polygon_sides(word: str) -> int:
    return next((n for key, n in _SIDES.items() if key in word.lower()), 6)


def _names(text: str, after: int, count: int) -> list[str]:
    """Point names for `count` vertices: the first run of exactly that many capitals near the
    shape word ("triangle ABC", "△ABC", "ABCD 正方形"), else A, B, C …"""
    tokens = [t for t in _LETTERS.finditer(text) if len(t.group(0)) == count]
    if tokens:
        token = min(tokens, key=lambda t: abs(t.start() - after))
        return list(token.group(0))
    return list(string.ascii_uppercase[:count]) if count > 1 else []


def _right_angle(text: str, names: list[str]) -> str:
    m = _RIGHT_AT.search(text)
    found = next((g for g in (m.groups() if m else ()) if g), "")
    return found.upper() if found.upper() in names else names[-1]


def _auxiliaries(text: str, geometry: Geometry) -> list[Auxiliary | None]:
    out = []
    for m in _AUX_RE.finditer(text):
        what = _AUX[int(m.lastgroup[1:])][0]  # type: ignore[index]
        out.append(_auxiliary(what, _clause(text, m.start(), m.end()), geometry))
    return out


def _clause(text: str, start: int, end: int) -> str:
    """The words around an auxiliary keyword, up to the nearest separators on either side."""
    before = [e.end() for e in _CLAUSE_END.finditer(text, 0, start)]
    after = _CLAUSE_END.search(text, end)
    return text[(before[-1] if before else 0): (after.start() if after else len(text))]


def _auxiliary(what: AuxKind, clause: str, g: Geometry) -> Auxiliary | None:
    """One construction from its clause: which vertex or points it uses, what it names."""
    tokens = [t for t in _LETTERS.findall(clause) if t != "".join(g.names) or len(g.names) < 2]
    if what in ("incircle", "circumcircle"):
        return Auxiliary(what=what)
    if what == "diagonal":
        pair = next((t for t in tokens if len(t) == 2), "")
        return Auxiliary(what=what, at="both" if _BOTH.search(clause) else pair)
    if what in ("diameter", "radius", "chord", "segment", "midline"):
        pair = next((t for t in tokens if len(t) == 2), "")
        if what == "segment" and not pair:
            return None
        return Auxiliary(what=what, at=pair)
    return _from_vertex(what, tokens, g)


def _from_vertex(what: AuxKind, tokens: list[str], g: Geometry) -> Auxiliary:
    """altitude, median, bisector: "from C", "AD" (from A, foot D), "to BC" / "BC 边上的"."""
    vertex, name = "", ""
    for t in tokens:
        if len(t) == 1 and t in g.names:
            vertex = vertex or t
        elif len(t) == 2 and all(c in g.names for c in t) and len(g.names) == 3:
            vertex = vertex or next(c for c in g.names if c not in t)  # the side it falls on
        elif len(t) == 2 and t[0] in g.names:
            vertex, name = vertex or t[0], t[1]
    if not vertex:
        vertex = g.right_angle_at or (g.names[0] if g.names else "")
    return Auxiliary(what=what, at=vertex, name=name)
