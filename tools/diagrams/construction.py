"""Geometry constructions in plane coordinates (y up): the shape's named points and sides, and
its auxiliary constructions (altitude, median, bisector, midline, diagonal, diameter, radius,
chord, segment, in- and circumcircle) with the new points they name."""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field

import numpy as np

from tools.base import StepFailed
from tools.diagrams.spec import Auxiliary, Geometry

P = tuple[float, float]
_BASES: dict[str, list[P]] = {
    "triangle": [(1.3, 2.8), (0, 0), (4, 0)],
    "isosceles triangle": [(2, 3.2), (0, 0), (4, 0)],
    "equilateral triangle": [(2, 2 * math.sqrt(3)), (0, 0), (4, 0)],
    "square": [(0, 3), (0, 0), (3, 0), (3, 3)],  # A top left, counter-clockwise
    "rectangle": [(0, 3), (0, 0), (5, 0), (5, 3)],
    "parallelogram": [(1.2, 3), (0, 0), (4, 0), (5.2, 3)],
    "rhombus": [(0, 1.8), (2.2, 0), (4.4, 1.8), (2.2, 3.6)],
    "trapezoid": [(1.2, 3), (0, 0), (5, 0), (3.8, 3)],
}
_CIRCLE_R = 2.0


@dataclass
class Figure:
    """A construction in plane coordinates."""

    points: dict[str, P] = field(default_factory=dict)
    sides: list[tuple[str, str]] = field(default_factory=list)
    aux: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, what)
    circles: list[tuple[P, float, str, bool]] = field(default_factory=list)  # centre, r, name, aux
    right_angles: list[tuple[str, str, str]] = field(default_factory=list)  # vertex, arm, arm
    angles: list[float] = field(default_factory=list)  # used on the main circle, degrees

    def free_name(self, wanted: str = "") -> str:
        """`wanted` if it is a free letter, else the next free one (O is kept for centres)."""
        if wanted and wanted not in self.points:
            return wanted
        return next(c for c in string.ascii_uppercase[3:] + "ABC" if c not in self.points and c != "O")


def construct(spec: Geometry) -> Figure:
    """The shape and its auxiliary constructions, in plane coordinates."""
    fig = Figure()
    if spec.shape == "circle":
        fig.points[spec.names[0] if spec.names else "O"] = (0.0, 0.0)
        fig.circles.append(((0.0, 0.0), _CIRCLE_R, f"circle {next(iter(fig.points))}", False))
    else:
        for name, p in zip(spec.names, _base(spec), strict=True):
            fig.points[name] = p
        n = len(spec.names)
        fig.sides = [(spec.names[i], spec.names[(i + 1) % n]) for i in range(n)]
        if spec.shape == "right triangle":
            others = [c for c in spec.names if c != spec.right_angle_at]
            fig.right_angles.append((spec.right_angle_at, others[0], others[1]))
    for aux in spec.auxiliaries:
        _AUX_BUILDERS[aux.what](fig, spec, aux)
    return fig


def _base(spec: Geometry) -> list[P]:
    if spec.shape == "right triangle":
        others = iter([(0.0, 3.0), (4.0, 0.0)])
        return [(0.0, 0.0) if n == spec.right_angle_at else next(others) for n in spec.names]
    if spec.shape == "polygon":
        return [(2 * math.cos(math.radians(90 + 360 * k / spec.sides)),
                 2 * math.sin(math.radians(90 + 360 * k / spec.sides))) for k in range(spec.sides)]
    return _BASES[spec.shape]


def _sub(a: P, b: P) -> np.ndarray:
    return np.asarray(a, float) - np.asarray(b, float)


def _opposite(fig: Figure, spec: Geometry, vertex: str) -> tuple[str, str]:
    """The side an altitude, median or bisector from `vertex` falls on: the farthest side not
    touching it (the opposite side of a triangle)."""
    if spec.shape == "circle" or vertex not in fig.points:
        raise StepFailed(f"there is no vertex {vertex!r} to draw from in the {spec.shape}")
    sides = [s for s in fig.sides if vertex not in s]
    v = np.asarray(fig.points[vertex])
    return max(sides, key=lambda s: np.linalg.norm(v - (np.asarray(fig.points[s[0]]) +
                                                        np.asarray(fig.points[s[1]])) / 2))


def _add_point(fig: Figure, wanted: str, p: np.ndarray | P) -> str:
    name = fig.free_name(wanted)
    fig.points[name] = (float(p[0]), float(p[1]))
    return name


def _altitude(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    a, b = _opposite(fig, spec, aux.at)
    v, pa, pb = (np.asarray(fig.points[n], float) for n in (aux.at, a, b))
    d = pb - pa
    foot = pa + d * float(np.dot(v - pa, d) / np.dot(d, d))
    near = next((n for n in (a, b) if np.linalg.norm(foot - fig.points[n]) < 1e-6), None)
    name = near or _add_point(fig, aux.name, foot)
    fig.aux.append((aux.at, name, "altitude"))
    arm = max((a, b), key=lambda n: np.linalg.norm(_sub(fig.points[n], fig.points[name])))
    fig.right_angles.append((name, aux.at, arm))


def _median(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    a, b = _opposite(fig, spec, aux.at)
    mid = (np.asarray(fig.points[a]) + np.asarray(fig.points[b])) / 2
    fig.aux.append((aux.at, _add_point(fig, aux.name, mid), "median"))


def _bisector(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    a, b = _opposite(fig, spec, aux.at)
    v, pa, pb = (np.asarray(fig.points[n], float) for n in (aux.at, a, b))
    la, lb = np.linalg.norm(pa - v), np.linalg.norm(pb - v)
    fig.aux.append((aux.at, _add_point(fig, aux.name, pa + (pb - pa) * la / (la + lb)), "bisector"))


def _midline(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    if spec.shape == "circle":
        raise StepFailed("a circle has no midline; it has diameters, radii and chords")
    first, second = (fig.sides[0], fig.sides[2]) if spec.shape == "trapezoid" else (
        fig.sides[0], fig.sides[-1])
    names = list(aux.at) if len(aux.at) == 2 else ["", ""]
    ends = [_add_point(fig, names[k], (np.asarray(fig.points[s[0]]) + np.asarray(fig.points[s[1]])) / 2)
            for k, s in enumerate((first, second))]
    fig.aux.append((ends[0], ends[1], "midline"))


def _diagonal(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    names = spec.names
    if len(names) < 4:
        raise StepFailed(f"a {spec.shape} has no diagonals")
    pairs = [(names[0], names[2]), (names[1], names[3])] if aux.at == "both" else [
        (aux.at[0], aux.at[1]) if len(aux.at) == 2 else (names[0], names[2])]
    for a, b in pairs:
        _segment(fig, spec, Auxiliary(what="segment", at=a + b))
        fig.aux[-1] = (a, b, "diagonal")
    if aux.at == "both" and len(names) == 4 and "O" not in fig.points:
        fig.points["O"] = _intersection(*(fig.points[n] for n in names))


def _intersection(a: P, b: P, c: P, d: P) -> P:
    """Where diagonal AC meets diagonal BD."""
    pa, pc, pb, pd = (np.asarray(p, float) for p in (a, c, b, d))
    t = np.linalg.solve(np.column_stack([pc - pa, pb - pd]), pb - pa)[0]
    q = pa + t * (pc - pa)
    return float(q[0]), float(q[1])


def _on_circle(fig: Figure, spec: Geometry, wanted: str, angles: list[float]) -> str:
    """A new point on the main circle at the first free angle of `angles` (degrees)."""
    if not fig.circles or fig.circles[0][3]:
        raise StepFailed(f"a {spec.shape} has no circle to put a diameter, radius or chord on")
    angle = next((a for a in angles if all(abs((a - u + 180) % 360 - 180) > 20 for u in fig.angles)),
                 angles[0])
    fig.angles.append(angle)
    (cx, cy), r = fig.circles[0][0], fig.circles[0][1]
    return _add_point(fig, wanted, (cx + r * math.cos(math.radians(angle)),
                                    cy + r * math.sin(math.radians(angle))))


def _diameter(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    names = list(aux.at) if len(aux.at) == 2 else ["A", "B"]
    start = next((a for a in (180.0, 240.0, 120.0) if all(abs(a - u) % 180 > 20 for u in fig.angles)), 150.0)
    a = _on_circle(fig, spec, names[0], [start])
    b = _on_circle(fig, spec, names[1], [start - 180])
    fig.aux.append((a, b, "diameter"))


def _radius(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    centre = next(iter(fig.points))
    end = next((c for c in aux.at if c != centre), "")
    fig.aux.append((centre, _on_circle(fig, spec, end, [50.0, 20.0, 80.0, 300.0]), "radius"))


def _chord(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    names = list(aux.at) if len(aux.at) == 2 else ["", ""]
    a = _on_circle(fig, spec, names[0], [120.0, 100.0, 140.0])
    b = _on_circle(fig, spec, names[1], [300.0, 270.0, 330.0])
    fig.aux.append((a, b, "chord"))


def _segment(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    missing = [c for c in aux.at if c not in fig.points]
    if len(aux.at) != 2 or missing:
        raise StepFailed(f"cannot connect {aux.at!r}: the figure has points {''.join(fig.points)}")
    fig.aux.append((aux.at[0], aux.at[1], "segment"))


def _special_circle(fig: Figure, spec: Geometry, aux: Auxiliary) -> None:
    if spec.shape == "circle":
        raise StepFailed("a circle has no incircle or circumcircle of its own")
    pts = [np.asarray(fig.points[n], float) for n in spec.names]
    if aux.what == "incircle" and len(pts) == 3:
        a, b, c = (np.linalg.norm(pts[(i + 1) % 3] - pts[(i + 2) % 3]) for i in range(3))
        centre = (a * pts[0] + b * pts[1] + c * pts[2]) / (a + b + c)
        area = abs(np.cross(pts[1] - pts[0], pts[2] - pts[0])) / 2
        radius, name = 2 * area / (a + b + c), "I"
    elif aux.what == "circumcircle" and len(pts) == 3:
        centre = _circumcentre(*pts)
        radius, name = float(np.linalg.norm(pts[0] - centre)), "O"
    else:
        if spec.shape not in ("square", "rhombus", "polygon", "rectangle"):
            raise StepFailed(f"a {spec.shape} has no {aux.what}")
        centre = np.mean(pts, axis=0)
        dists = [np.linalg.norm(p - centre) for p in pts]
        if aux.what == "incircle" and spec.shape == "rectangle":
            raise StepFailed("a rectangle that is not a square has no incircle")
        radius, name = (float(np.linalg.norm((pts[0] + pts[1]) / 2 - centre)) if aux.what == "incircle"
                        else float(max(dists))), "O"
    label = _add_point(fig, name, centre)
    fig.circles.append(((float(centre[0]), float(centre[1])), float(radius), f"{aux.what} {label}", True))


def _circumcentre(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    m = np.array([b - a, c - a]) * 2
    rhs = np.array([b @ b - a @ a, c @ c - a @ a])
    return np.linalg.solve(m, rhs)


_AUX_BUILDERS = {
    "altitude": _altitude, "median": _median, "bisector": _bisector, "midline": _midline,
    "diagonal": _diagonal, "diameter": _diameter, "radius": _radius, "chord": _chord,
    "segment": _segment, "incircle": _special_circle, "circumcircle": _special_circle,
}
