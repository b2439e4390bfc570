"""Named positions on an image and relative to a found object, shared by add_object and
compose: "右上角", "top-left corner", "above the face", "on the cat's head"."""

from __future__ import annotations

from typing import Literal

Corner = Literal["top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom",
                 "bottom-right"]
Relation = Literal["on", "above", "below", "left-of", "right-of"]

POSITION_WORDS: dict[str, Corner] = {
    **dict.fromkeys(["top-left", "top left", "upper left", "左上", "左上角"], "top-left"),
    **dict.fromkeys(["top-right", "top right", "upper right", "右上", "右上角"], "top-right"),
    **dict.fromkeys(["bottom-left", "bottom left", "lower left", "左下", "左下角"], "bottom-left"),
    **dict.fromkeys(["bottom-right", "bottom right", "lower right", "右下", "右下角"], "bottom-right"),
    **dict.fromkeys(["top", "upper", "上方", "顶部", "上面"], "top"),
    **dict.fromkeys(["bottom", "lower", "下方", "底部", "下面"], "bottom"),
    **dict.fromkeys(["left", "左边", "左侧"], "left"),
    **dict.fromkeys(["right", "右边", "右侧"], "right"),
    **dict.fromkeys(["center", "centre", "middle", "中间", "中央", "正中"], "center"),
}

RELATION_WORDS: dict[str, Relation] = {
    **dict.fromkeys(["on", "on top of", "onto", "on the head of", "头上", "戴", "上"], "on"),
    **dict.fromkeys(["above", "over", "上方"], "above"),
    **dict.fromkeys(["below", "under", "beneath", "下方", "下面"], "below"),
    **dict.fromkeys(["left of", "to the left of", "左边", "左侧"], "left-of"),
    **dict.fromkeys(["right of", "to the right of", "next to", "beside", "右边", "右侧", "旁边"],
                    "right-of"),
}
