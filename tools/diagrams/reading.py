"""Read the drawn labels back with OCR, where they were drawn.

Each label is looked at in up to four views, stopping at the first that reads it: its crop
scaled so a line of text is about 40 px tall (all crops stacked on a few canvases, one OCR call
each), the crop at 28 px with its strokes thickened, the whole picture, and the crop at 20 px.
The recogniser misreads some words at some sizes (a lone "导出" as "用台" or nothing, at most
sizes; measured over 44 labels at 6 sizes, no label failed both of the first two views) and
does not find lone letters on a page, so more looks at the same pixels are fair; a label that
is not there reads in none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from PIL import Image, ImageFilter

from model_server.protocol import UnifiedModel
from model_server.types import Box, TextLine
from tools.diagrams.render import Label
from tools.text_match import normalize

# The crop views: px a line of text is scaled to, and the size of a min filter that thickens
# dark strokes (0: none).
CROP_VIEWS = ((40, 0), (28, 3), (20, 0))
GAP = 36  # px between crops on a canvas
CANVAS_MAX_WIDTH, CANVAS_MAX_HEIGHT = 1600, 1400
FUZZY = 0.8  # similarity a reading of 4+ characters needs
# Letters and digits the recogniser confuses in labels such as "O", "l", "2021".
_CONFUSIONS = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "5": "s", "2": "z",
                             "8": "b"})


@dataclass
class Reading:
    """What OCR read where a label was drawn; `box` is where it read it (None: nothing)."""

    text: str = ""
    box: Box | None = None
    view: str = ""
    matched: bool = False


def fold(text: str) -> str:
    """Compare form: `normalize`d, only letters and digits, look-alike characters merged."""
    return "".join(c for c in normalize(text) if c.isalnum()).translate(_CONFUSIONS)


def matches(expected: str, read: str) -> bool:
    """Whether `read` says `expected`: the same, containing it (2+ characters), or close (4+)."""
    e, r = fold(expected), fold(read)
    if not e or not r:
        return False
    if e == r or (len(e) >= 2 and e in r):
        return True
    return len(e) >= 4 and SequenceMatcher(None, e, r, autojunk=False).ratio() >= FUZZY


def read_labels(model: UnifiedModel, image: Image.Image, labels: list[Label]) -> list[Reading]:
    """One reading per label, from the first view that reads it (see the module docstring)."""
    image = image.convert("RGB")
    readings = [Reading() for _ in labels]

    def todo() -> list[int]:
        return [i for i, r in enumerate(readings) if not r.matched and labels[i].box.area > 0]

    _read_crops(model, image, labels, todo(), readings, CROP_VIEWS[0])
    if todo():
        _read_crops(model, image, labels, todo(), readings, CROP_VIEWS[1])
    if todo():
        _read_page(model, image, labels, todo(), readings)
    if todo():
        _read_crops(model, image, labels, todo(), readings, CROP_VIEWS[2])
    return readings


def _accept(readings: list[Reading], i: int, label: Label, found: list[TextLine], view: str) -> None:
    text = " ".join(t.text for t in found)
    if not found or readings[i].matched:
        return
    box = Box.from_points([(t.box.x0, t.box.y0) for t in found] + [(t.box.x1, t.box.y1) for t in found])
    ok = matches(label.text, text)
    if ok or not readings[i].text:
        readings[i] = Reading(text=text, box=box, view=view, matched=ok)


def _padded(label: Label, size: tuple[int, int]) -> Box:
    line = label.box.height / max(1, label.lines)
    return label.box.pad(max(6, round(0.35 * line)), *size)


def _read_page(model: UnifiedModel, image: Image.Image, labels: list[Label], todo: list[int],
               readings: list[Reading]) -> None:
    page = model.ocr(image)
    for i in todo:
        area = _padded(labels[i], image.size)
        inside = [t for t in page if area.x0 <= t.box.center[0] < area.x1
                  and area.y0 <= t.box.center[1] < area.y1]
        _accept(readings, i, labels[i], inside, "page")


def _isolated(image: Image.Image, box: Box, crop_box: Box) -> Image.Image:
    """The crop with everything outside the label's own box painted in its background: a box
    outline or an arrow next to a short label otherwise makes the recogniser miss it."""
    inner = image.crop(box.as_tuple())
    a = np.asarray(inner)
    edge = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    fill = tuple(int(v) for v in np.median(edge, axis=0))
    crop = Image.new("RGB", (crop_box.width, crop_box.height), fill)
    crop.paste(inner, (box.x0 - crop_box.x0, box.y0 - crop_box.y0))
    return crop


@dataclass
class _Slot:
    index: int
    top: int
    crop: Box  # the crop's box in the image
    scale: float


def _read_crops(model: UnifiedModel, image: Image.Image, labels: list[Label], todo: list[int],
                readings: list[Reading], view: tuple[int, int]) -> None:
    line_height, thicken = view
    batch: list[tuple[_Slot, Image.Image]] = []
    height = GAP
    for i in todo:
        crop_box = _padded(labels[i], image.size)
        scale = line_height * max(1, labels[i].lines) / max(1, labels[i].box.height)
        scale = min(4.0, max(0.3, scale), (CANVAS_MAX_WIDTH - 2 * GAP) / crop_box.width)
        crop = _isolated(image, labels[i].box, crop_box)
        crop = crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))),
                           Image.Resampling.LANCZOS)
        if thicken:  # grow the ink, dark on light or light on dark
            dark_ink = np.median(np.asarray(crop.convert("L"))) >= 128
            crop = crop.filter((ImageFilter.MinFilter if dark_ink else ImageFilter.MaxFilter)(thicken))
        if batch and height + crop.height + GAP > CANVAS_MAX_HEIGHT:
            _read_canvas(model, batch, labels, readings, view)
            batch, height = [], GAP
        batch.append((_Slot(i, height, crop_box, scale), crop))
        height += crop.height + GAP
    if batch:
        _read_canvas(model, batch, labels, readings, view)


def _read_canvas(model: UnifiedModel, batch: list[tuple[_Slot, Image.Image]], labels: list[Label],
                 readings: list[Reading], view: tuple[int, int]) -> None:
    width = max(c.width for _, c in batch) + 2 * GAP
    height = sum(c.height + GAP for _, c in batch) + GAP
    canvas = Image.new("RGB", (width, height), (255, 255, 255))
    for slot, crop in batch:
        canvas.paste(crop, (GAP, slot.top))
    found: dict[int, list[TextLine]] = {}
    # Read at the view's size: enlarged to RapidOCR's usual 736 px short side, the 77 labels of
    # 17 diagrams (zh/en flowcharts, charts, geometry, mind maps, timelines, 4:1 and 1:3) read
    # 76 right in 13.7 s; as they are, 77 in 2.1 s.
    lines = model.ocr(canvas, enlarge=False)
    for line in lines:
        cy = line.box.center[1]
        slot = next((s for s, c in batch if s.top - GAP / 2 <= cy < s.top + c.height + GAP / 2), None)
        if slot is not None:
            found.setdefault(slot.index, []).append(_to_image(line, slot))
    for slot, _ in batch:
        _accept(readings, slot.index, labels[slot.index], found.get(slot.index, []),
                f"crop@{view[0]}px" + ("+thick" if view[1] else ""))


def _to_image(line: TextLine, slot: _Slot) -> TextLine:
    """The line's box mapped from the canvas back into the image."""
    b = line.box
    x0 = slot.crop.x0 + (b.x0 - GAP) / slot.scale
    y0 = slot.crop.y0 + (b.y0 - slot.top) / slot.scale
    x1 = slot.crop.x0 + (b.x1 - GAP) / slot.scale
    y1 = slot.crop.y0 + (b.y1 - slot.top) / slot.scale
    box = Box(x0=max(slot.crop.x0, int(x0)), y0=max(slot.crop.y0, int(y0)),
              x1=min(slot.crop.x1, round(x1)), y1=min(slot.crop.y1, round(y1)))
    return TextLine(text=line.text, box=box, score=line.score)

