"""Lines from face landmarks: the line joining the eyes, and the face's symmetry axis (the
perpendicular bisector of the eyes, which runs down the nose)."""

from __future__ import annotations

import math
from typing import Literal

import cv2
import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Box, Detection
from tools.annotations.marks import Mark, Point
from tools.annotations.render import labelled
from tools.base import Check, StepFailed

FaceLine = Literal["eye_line", "symmetry_axis"]
AXIS_OVERHANG = 0.15  # the axis runs this share of the face's height past its box
MAX_AXIS_TILT = 6.0  # degrees between the axis and the perpendicular of the eyes found again
PUPIL_SEARCH = 0.25  # share of the eye distance searched around each eye point for the iris
EYE_TOLERANCE = 0.1  # share of the eye distance a line end may lie from a pupil found again
MAX_NOSE_OFF = 0.2  # the nose may lie this share of the eye distance off the axis


def _eyes(face: Detection) -> tuple[Point, Point]:
    points = face.keypoints or {}
    if "right_eye" not in points or "left_eye" not in points:
        raise StepFailed("the face detector gave no eye positions: cannot draw lines from the eyes")
    return points["right_eye"], points["left_eye"]


def make(image: Image.Image, faces: list[Detection], kind: FaceLine, text: str, width: int) -> list[Mark]:
    grey, size = _grey(image), image.size
    return [_eye_line(grey, f, text, width, size) if kind == "eye_line" else _axis(grey, f, text, width, size)
            for f in faces]


def _grey(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY).astype(np.float32)


def _pupils(grey: np.ndarray, face: Detection) -> tuple[Point, Point]:
    """The eyes, each moved to the darkest spot (the iris) near where the detector put it:
    BlazeFace's eye points sit a few pixels off (3-4 px under the astronaut's pupils)."""
    right, left = _eyes(face)
    radius = max(2, round(PUPIL_SEARCH * math.dist(right, left)))
    return _darkest(grey, right, radius), _darkest(grey, left, radius)


def _darkest(grey: np.ndarray, p: Point, radius: int) -> Point:
    h, w = grey.shape
    x, y = round(p[0]), round(p[1])
    x0, y0, x1, y1 = max(0, x - radius), max(0, y - radius), min(w, x + radius + 1), min(h, y + radius + 1)
    if x1 <= x0 or y1 <= y0:
        return p
    window = cv2.GaussianBlur(grey[y0:y1, x0:x1], (0, 0), max(1.0, radius / 3))
    iy, ix = np.unravel_index(int(np.argmin(window)), window.shape)
    return (float(x0 + ix), float(y0 + iy))


def _eye_line(grey: np.ndarray, face: Detection, text: str, width: int, size: tuple[int, int]) -> Mark:
    right, left = _pupils(grey, face)
    mark = Mark(kind="line", points=[right, left], width=width)
    d = mark.direction
    return labelled(mark, text, _exit(face.box, left, d), d, size)


def _axis(grey: np.ndarray, face: Detection, text: str, width: int, size: tuple[int, int]) -> Mark:
    right, left = _pupils(grey, face)
    middle = ((right[0] + left[0]) / 2, (right[1] + left[1]) / 2)
    eye = Mark(kind="line", points=[right, left], width=1).direction
    down = (-eye[1], eye[0])  # the eyes run left to right in the image, so this points down
    over = AXIS_OVERHANG * face.box.height
    up_len = (middle[1] - face.box.y0 + over) / max(0.5, down[1])
    down_len = (face.box.y1 - middle[1] + over) / max(0.5, down[1])
    top = _clip((middle[0] - down[0] * up_len, middle[1] - down[1] * up_len), size)
    bottom = _clip((middle[0] + down[0] * down_len, middle[1] + down[1] * down_len), size)
    mark = Mark(kind="line", points=[top, bottom], width=width)
    return labelled(mark, text, top, (-down[0], -down[1]), size)


def _exit(box: Box, p: Point, d: Point) -> Point:
    """Where a ray from `p` (inside `box`) along `d` leaves the box."""
    tx = ((box.x1 if d[0] > 0 else box.x0) - p[0]) / d[0] if d[0] else math.inf
    ty = ((box.y1 if d[1] > 0 else box.y0) - p[1]) / d[1] if d[1] else math.inf
    t = max(0.0, min(tx, ty))
    return (p[0] + d[0] * t, p[1] + d[1] * t)


def _clip(p: Point, size: tuple[int, int]) -> Point:
    return (min(max(0.0, p[0]), size[0] - 1.0), min(max(0.0, p[1]), size[1] - 1.0))


def checks(model: UnifiedModel, before: Image.Image, after: Image.Image, kind: FaceLine, faces: list[Box],
           marks: list[Mark]) -> list[Check]:
    """Look again: find each face in the output, take the pupils near the eye points found there
    (in the input, where no line covers them) and measure the line against them."""
    found = model.detect_faces(after)
    grey = _grey(before)
    bad = []
    for box, mark in zip(faces, marks, strict=True):
        again = max(found, key=lambda f: f.box.iou(box), default=None)
        if again is None or again.box.iou(box) < 0.5 or not again.keypoints:
            bad.append(f"the face at {box.as_tuple()} is not found again")
            continue
        eyes = _pupils(grey, again)
        bad += _eye_line_errors(mark, eyes) if kind == "eye_line" else _axis_errors(mark, eyes, again)
    name = "eye_line_on_the_eyes" if kind == "eye_line" else "axis_bisects_the_eyes"
    return [Check(name=name, passed=bool(marks) and not bad, detail="; ".join(bad) or
                  f"{len(marks)} line(s) agree with the eyes of the faces found again in the output")]


def _tolerance(right: Point, left: Point) -> float:
    return max(3.0, EYE_TOLERANCE * math.dist(right, left))


def _eye_line_errors(mark: Mark, eyes: tuple[Point, Point]) -> list[str]:
    tol = _tolerance(*eyes)
    ends = zip(("right eye", "left eye"), mark.points, eyes, strict=True)
    return [f"the end at ({p[0]:.0f}, {p[1]:.0f}) is {math.dist(p, e):.1f} px from the {name} found "
            f"again at ({e[0]:.0f}, {e[1]:.0f}); allowed {tol:.1f}" for name, p, e in ends
            if math.dist(p, e) > tol]


def _axis_errors(mark: Mark, eyes: tuple[Point, Point], face: Detection) -> list[str]:
    right, left = eyes
    eye = Mark(kind="line", points=[right, left], width=1).direction
    d = mark.direction
    tilt = math.degrees(math.asin(min(1.0, abs(d[0] * eye[0] + d[1] * eye[1]))))
    middle = ((right[0] + left[0]) / 2, (right[1] + left[1]) / 2)
    errors = []
    if tilt > MAX_AXIS_TILT:
        errors.append(f"the axis is {tilt:.1f} degrees off the eyes' perpendicular; allowed {MAX_AXIS_TILT}")
    if (off := _off_line(middle, mark)) > _tolerance(right, left):
        errors.append(f"the axis passes {off:.1f} px from the midpoint of the eyes")
    nose = (face.keypoints or {}).get("nose")
    if nose and (off := _off_line(nose, mark)) > MAX_NOSE_OFF * math.dist(right, left):
        errors.append(f"the nose is {off:.1f} px off the axis")
    return errors


def _off_line(p: Point, mark: Mark) -> float:
    (ax, ay), (dx, dy) = mark.points[0], mark.direction
    return abs((p[0] - ax) * dy - (p[1] - ay) * dx)
