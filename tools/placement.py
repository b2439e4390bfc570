"""Named positions on an image and relative to a found object, shared by add_object and
compose: "右上角", "top-left corner", "above the face", "on the cat's head".

`POSITION_WORDS` and `RELATION_WORDS` map the words people use to the canonical names; the
planner reads them. The functions turn a name into a box (`position_box`, `relation_box`) and
judge a box against a name (`in_position`, `relation_holds`), so the op that places a thing
and the check that looks again share one meaning of "top-right".
"""

from __future__ import annotations

from typing import Literal

from model_server.types import Box

Corner = Literal["top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom",
                 "bottom-right"]
Relation = Literal["on", "above", "below", "left-of", "right-of"]

POSITION_WORDS: dict[str, Corner] = {
    **dict.fromkeys(["top-left", "top left", "upper left", "top-left corner", "左上", "左上角"],
                    "top-left"),
    **dict.fromkeys(["top-right", "top right", "upper right", "top-right corner", "右上", "右上角"],
                    "top-right"),
    **dict.fromkeys(["bottom-left", "bottom left", "lower left", "bottom-left corner", "左下",
                     "左下角"], "bottom-left"),
    **dict.fromkeys(["bottom-right", "bottom right", "lower right", "bottom-right corner", "右下",
                     "右下角"], "bottom-right"),
    **dict.fromkeys(["top", "upper", "top center", "上方", "顶部", "上面", "正上方"], "top"),
    **dict.fromkeys(["bottom", "lower", "bottom center", "下方", "底部", "下面", "正下方"], "bottom"),
    **dict.fromkeys(["left", "left side", "左边", "左侧"], "left"),
    **dict.fromkeys(["right", "right side", "右边", "右侧"], "right"),
    **dict.fromkeys(["center", "centre", "middle", "中间", "中央", "正中", "正中间"], "center"),
}

RELATION_WORDS: dict[str, Relation] = {
    **dict.fromkeys(["on", "on top of", "onto", "on the head of", "头上", "戴", "上"], "on"),
    **dict.fromkeys(["above", "over", "上方"], "above"),
    **dict.fromkeys(["below", "under", "beneath", "下方", "下面"], "below"),
    **dict.fromkeys(["left of", "to the left of", "左边", "左侧"], "left-of"),
    **dict.fromkeys(["right of", "to the right of", "next to", "beside", "右边", "右侧", "旁边"],
                    "right-of"),
}

# Where each named position sits, as (horizontal, vertical) in {0: start, 0.5: middle, 1: end}.
_ALIGN: dict[str, tuple[float, float]] = {
    "top-left": (0, 0), "top": (0.5, 0), "top-right": (1, 0),
    "left": (0, 0.5), "center": (0.5, 0.5), "right": (1, 0.5),
    "bottom-left": (0, 1), "bottom": (0.5, 1), "bottom-right": (1, 1),
}
EDGE_SLACK = 0.1  # in_position: how far from its edge (share of the image's side) a box may sit


def target_kind(target: str) -> str:
    """A target's canonical kind as `tools.regions.resolve` reads it: "人物" and "person" are
    "person", "object:cat" is "object", a bare "object" is "subject"."""
    from tools.regions import TARGET_WORDS  # regions imports much; placement stays light

    kind, _, value = target.strip().partition(":")
    kind = TARGET_WORDS.get(kind.strip().lower(), kind.strip().lower())
    return "subject" if kind == "object" and not value.strip() else kind


def default_margin(size: tuple[int, int]) -> int:
    """The gap between a placed thing and the image's edge: 3% of the shorter side."""
    return max(2, round(0.03 * min(size)))


def position_box(size: tuple[int, int], box_size: tuple[int, int], position: Corner,
                 margin: int | None = None) -> Box:
    """The box of a `box_size` thing at a named position of a `size` image, `margin` from the
    edges it is aligned to (centred on the other axis)."""
    (w, h), (bw, bh) = size, box_size
    margin = default_margin(size) if margin is None else margin
    ax, ay = _ALIGN[position]
    x0 = _along(ax, w, bw, margin)
    y0 = _along(ay, h, bh, margin)
    return Box(x0=x0, y0=y0, x1=x0 + bw, y1=y0 + bh)


def _along(align: float, side: int, length: int, margin: int) -> int:
    if align == 0:
        return margin
    if align == 1:
        return side - margin - length
    return (side - length) // 2


def in_position(box: Box, size: tuple[int, int], position: Corner) -> tuple[bool, str]:
    """Whether `box` sits at `position` of a `size` image, and what was measured.

    A box is at an edge when its centre lies in that half and its near side is within
    EDGE_SLACK of the image's side from the edge; centred axes need the centre in the middle
    third.
    """
    w, h = size
    ax, ay = _ALIGN[position]
    ok_x, why_x = _aligned(ax, box.x0, box.x1, w, "x")
    ok_y, why_y = _aligned(ay, box.y0, box.y1, h, "y")
    return ok_x and ok_y, f"{why_x}; {why_y}"


def _aligned(align: float, lo: int, hi: int, side: int, axis: str) -> tuple[bool, str]:
    centre, slack = (lo + hi) / 2 / side, EDGE_SLACK * side
    if align == 0:
        return centre < 0.5 and lo <= slack, f"{axis} {lo}-{hi} of {side}: want start edge"
    if align == 1:
        return centre > 0.5 and hi >= side - slack, f"{axis} {lo}-{hi} of {side}: want end edge"
    return 1 / 3 <= centre <= 2 / 3, f"{axis} centre at {centre:.2f} of {side}: want the middle third"


def relation_box(anchor: Box, box_size: tuple[int, int], relation: Relation, gap: int) -> Box:
    """The box of a `box_size` thing next to `anchor`: `gap` pixels beside it for
    above/below/left-of/right-of, centred on it for "on". May reach outside the image."""
    bw, bh = box_size
    cx, cy = anchor.center
    if relation == "above":
        x0, y0 = round(cx - bw / 2), anchor.y0 - gap - bh
    elif relation == "below":
        x0, y0 = round(cx - bw / 2), anchor.y1 + gap
    elif relation == "left-of":
        x0, y0 = anchor.x0 - gap - bw, round(cy - bh / 2)
    elif relation == "right-of":
        x0, y0 = anchor.x1 + gap, round(cy - bh / 2)
    else:
        x0, y0 = round(cx - bw / 2), round(cy - bh / 2)
    return Box(x0=x0, y0=y0, x1=x0 + bw, y1=y0 + bh)


def relation_holds(box: Box, anchor: Box, relation: Relation) -> tuple[bool, str]:
    """Whether `box` stands in `relation` to `anchor`, and what was measured.

    Beside means on that side (a tenth of the box's own size may overlap) and overlapping the
    anchor on the other axis; "on" means the box's centre lies on the anchor.
    """
    cx, cy = box.center
    slack_x, slack_y = 0.1 * box.width, 0.1 * box.height
    across_x = _overlap(box.x0, box.x1, anchor.x0, anchor.x1) > 0
    across_y = _overlap(box.y0, box.y1, anchor.y0, anchor.y1) > 0
    tests = {
        "above": (box.y1 <= anchor.y0 + slack_y and across_x, f"bottom {box.y1}, anchor top {anchor.y0}"),
        "below": (box.y0 >= anchor.y1 - slack_y and across_x, f"top {box.y0}, anchor bottom {anchor.y1}"),
        "left-of": (box.x1 <= anchor.x0 + slack_x and across_y, f"right {box.x1}, anchor left {anchor.x0}"),
        "right-of": (box.x0 >= anchor.x1 - slack_x and across_y, f"left {box.x0}, anchor right {anchor.x1}"),
        "on": (anchor.x0 <= cx <= anchor.x1 and anchor.y0 <= cy <= anchor.y1,
               f"centre ({cx:.0f}, {cy:.0f}) vs anchor {anchor.as_tuple()}"),
    }
    return tests[relation]


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def overlap_x(a: Box, b: Box) -> int:
    """How many columns two boxes share."""
    return _overlap(a.x0, a.x1, b.x0, b.x1)
