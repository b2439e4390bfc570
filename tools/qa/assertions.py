"""One evaluator per assertion kind. Each looks at the shared `Perception` of an image and
returns an `AssertionResult` with the numbers it measured and the boxes it looked at."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, Field

from model_server.errors import BadInput
from model_server.types import Box
from tools.colors import parse_color
from tools.drawing import contrast_ratio
from tools.qa.logo import find_logo, in_corner
from tools.qa.perception import Perception
from tools.qa.regions import STRADDLE_SHARE
from tools.qa.spec import Assertion
from tools.text_match import find_text, row_texts

COLOR_TOLERANCE = 80.0  # RGB distance within which a measured colour "is" the named colour
BORDER_SHARE = 0.6  # share of border pixels that must have the background colour
LOGO_MIN_SCORE = 0.7  # normalised cross-correlation of a found logo

Evidence = dict[str, float | int | str | bool]


class AssertionResult(BaseModel):
    """Whether one assertion held on one image, and what was measured."""

    text: str = Field(description="the assertion as written")
    kind: str
    passed: bool
    detail: str = Field(description="one line: what was measured, in numbers")
    evidence: Evidence = Field(default_factory=dict)
    boxes: list[Box] = Field(default_factory=list, description="where the evidence is")


def _result(a: Assertion, passed: bool, detail: str, evidence: Evidence, boxes: list[Box]) -> AssertionResult:
    return AssertionResult(text=a.text, kind=a.kind, passed=passed, detail=detail,
                           evidence=evidence, boxes=boxes)


def _distance(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    return float(np.linalg.norm(np.subtract(a, b, dtype=np.float32)))


def _find(p: Perception, value: str) -> tuple[float, str, Box | None]:
    """Best similarity of `value` among the OCR lines (then rows of lines), the text, its box."""
    texts = [t.text for t in p.lines]
    m = find_text(value, texts)
    if m is not None:
        return m.score, texts[m.line], p.lines[m.line].box
    rows = row_texts(p.lines)
    m = find_text(value, rows)
    return (m.score, rows[m.line], None) if m is not None else (0.0, "", None)


def contains_text(a: Assertion, p: Perception) -> AssertionResult:
    score, found, box = _find(p, a.value or "")
    detail = f"best match {found!r} similarity {score:.2f}" if found else f"{a.value!r} not read anywhere"
    return _result(a, bool(found), detail, {"similarity": round(score, 3), "found": found,
                                             "lines_read": len(p.lines)}, [box] if box else [])


def lacks_text(a: Assertion, p: Perception) -> AssertionResult:
    score, found, box = _find(p, a.value or "")
    detail = f"found {found!r} similarity {score:.2f}" if found else f"{a.value!r} not read anywhere"
    return _result(a, not found, detail, {"similarity": round(score, 3), "found": found},
                   [box] if box else [])


def face_count(a: Assertion, p: Perception) -> AssertionResult:
    n, want = len(p.faces), a.count or 0
    ok = {"exactly": n == want, "at_least": n >= want, "at_most": n <= want}[a.compare]
    detail = f"{n} face(s) found, expected {a.compare.replace('_', ' ')} {want}"
    return _result(a, ok, detail, {"faces": n, "expected": want, "compare": a.compare},
                   [f.box for f in p.faces])


def background(a: Assertion, p: Perception) -> AssertionResult:
    want = parse_color(a.color or "")
    arr = p.array.astype(np.float32)
    h, w = arr.shape[:2]
    b = max(2, round(0.01 * min(w, h)))
    ring = np.concatenate([arr[:b].reshape(-1, 3), arr[-b:].reshape(-1, 3),
                           arr[:, :b].reshape(-1, 3), arr[:, -b:].reshape(-1, 3)])
    share = float((np.linalg.norm(ring - np.array(want), axis=1) <= COLOR_TOLERANCE).mean())
    median = tuple(int(v) for v in np.median(ring, axis=0))
    detail = f"{share:.0%} of border pixels within {COLOR_TOLERANCE:.0f} of {a.color} {want}; median {median}"
    evidence: Evidence = {"share": round(share, 3), "median": str(median), "expected": str(want),
                          "median_distance": round(_distance(median, want), 1)}  # type: ignore[arg-type]
    return _result(a, share >= BORDER_SHARE, detail, evidence, [Box(x0=0, y0=0, x1=w, y1=h)])


def text_margin(a: Assertion, p: Perception) -> AssertionResult:
    h, w = p.array.shape[:2]
    need = max(4, round(0.01 * min(w, h)))
    gaps = [(min(t.box.x0, t.box.y0, w - t.box.x1, h - t.box.y1), t) for t in p.layout_lines]
    bad = [t for g, t in gaps if g < need]
    least = min((g for g, _ in gaps), default=min(w, h))
    detail = (f"{len(bad)} of {len(gaps)} text line(s) closer than {need}px to the border; "
              f"closest {least}px") + (f" ({bad[0].text!r})" if bad else "")
    return _result(a, not bad, detail, {"min_margin_px": least, "required_px": need,
                                        "lines_too_close": len(bad)}, [t.box for t in bad])


def text_contrast(a: Assertion, p: Perception) -> AssertionResult:
    containers = [(p.container(t), t) for t in p.layout_lines]
    ratios = [(contrast_ratio(c.ink_color, c.color), t) for c, t in containers]
    bad = [(r, t) for r, t in ratios if r < a.ratio]
    least = min(ratios, key=lambda rt: rt[0], default=None)
    detail = (f"{len(bad)} of {len(ratios)} line(s) below {a.ratio}:1; lowest {least[0]:.2f}:1 "
              f"({least[1].text!r})" if least else "no text read: nothing to measure")
    evidence: Evidence = {"min_ratio": round(least[0], 2) if least else 0.0, "required": a.ratio,
                          "lines_below": len(bad)}
    return _result(a, bool(ratios) and not bad, detail, evidence, [t.box for _, t in bad])


def button(a: Assertion, p: Perception) -> AssertionResult:
    want = parse_color(a.color or "")
    score, found, box = _find(p, a.value or "")
    line = next((t for t in p.lines if t.box == box), None)
    if line is None:
        why = f"only read across several text boxes ({found!r})" if found else "not read anywhere"
        return _result(a, False, f"text {a.value!r} {why}", {"similarity": round(score, 3)}, [])
    c = p.container(line)
    dist = _distance(c.color, want)
    ok = dist <= COLOR_TOLERANCE and not c.whole_image
    shape = "the page, not a button" if c.whole_image else f"a {c.box.width}x{c.box.height} box"
    detail = f"{found!r} sits on {shape} of colour {c.color}, {dist:.0f} from {a.color} {want}"
    evidence: Evidence = {"similarity": round(score, 3), "color": str(c.color),
                          "color_distance": round(dist, 1), "is_box": not c.whole_image}
    return _result(a, ok, detail, evidence, [c.box if not c.whole_image else line.box])


def no_overflow(a: Assertion, p: Perception) -> AssertionResult:
    fits = [(p.container(t), t) for t in p.layout_lines]
    bad = [(c, t) for c, t in fits if c.margin <= 1 or c.straddle >= STRADDLE_SHARE]
    detail = f"{len(bad)} of {len(fits)} text line(s) reach the edge of their box" + (
        f" ({bad[0][1].text!r}: margin {bad[0][0].margin}px, {bad[0][0].straddle:.0%} other colour)"
        if bad else "")
    evidence: Evidence = {"lines_overflowing": len(bad), "lines": len(fits),
                          "min_margin_px": min((c.margin for c, _ in fits), default=0)}
    return _result(a, not bad, detail, evidence, [t.box for _, t in bad])


def logo_corner(a: Assertion, p: Perception) -> AssertionResult:
    logo = p.ref(a.image)
    if logo is None:
        raise BadInput(f"{a.text!r} needs image {a.image} (the logo): pass it after the checked image")
    found = find_logo(p.image, logo)
    where = in_corner(found.box, p.image.size, a.corner or "top-left")
    ok = found.score >= LOGO_MIN_SCORE and where
    place = "in" if where else "not in"
    detail = f"logo match {found.score:.2f} at {found.box.as_tuple()} ({place} the {a.corner})"
    return _result(a, ok, detail, {"match": round(found.score, 3), "scale": round(found.scale, 3),
                                   "in_corner": where}, [found.box])


EVALUATORS: dict[str, Callable[[Assertion, Perception], AssertionResult]] = {
    "contains_text": contains_text, "lacks_text": lacks_text, "face_count": face_count,
    "background": background, "text_margin": text_margin, "logo_corner": logo_corner,
    "text_contrast": text_contrast, "button": button, "no_overflow": no_overflow,
}


def evaluate(a: Assertion, p: Perception) -> AssertionResult:
    """Check one assertion on one image."""
    return EVALUATORS[a.kind](a, p)
