"""Face detection for the embedded backend: MediaPipe BlazeFace, run as an image pyramid.

BlazeFace's full-range model (model_selection=1) sees faces down to about 1/8 of the side of
the image it is given, and the short-range model (0) is surer of large, close faces. So both
run on the whole image, and the full-range model also runs on overlapping tiles of 1/2 and 1/4
of the image's side (never under 256 px), so small faces in large images are found too: on a
1024 px image, faces from about 45 px wide. Tiles see fragments of large faces and textures
out of context, which BlazeFace scores up to about 0.75 (measured on skimage's astronaut,
coffee and hubble_deep_field), so a find on a tile must score 0.8; on the whole image
MediaPipe's own 0.5. Overlapping finds are merged, keeping the most confident.

Each face carries BlazeFace's six landmarks (eyes, nose tip, mouth, ears) as `keypoints`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from model_server.imaging import clipped_box
from model_server.quiet import native_stderr_silenced, warm_up
from model_server.types import Box, Detection

MIN_CONFIDENCE = 0.5
MIN_TILE_CONFIDENCE = 0.8
MIN_TILE = 256  # below this the model only sees upsampled pixels; 1/8 of it is a 32 px face
TILE_LEVELS = 2  # tiles of 1/2 and 1/4 of the side: 9 + 25 passes of ~2 ms
TILE_OVERLAP = 0.25  # any face up to a quarter of a tile lies wholly inside some tile
# BlazeFace's landmarks, in the order it gives them; right and left are the person's own.
KEYPOINTS = ("right_eye", "left_eye", "nose", "mouth", "right_ear", "left_ear")


@dataclass
class FaceDetectors:
    """The two BlazeFace graphs; MediaPipe graphs are not reentrant, hence the lock."""

    short_range: Any
    full_range: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_face_detectors() -> FaceDetectors:
    with native_stderr_silenced():
        from mediapipe.python.solutions import face_detection

        return FaceDetectors(
            short_range=warm_up(face_detection.FaceDetection(0, MIN_CONFIDENCE)),
            full_range=warm_up(face_detection.FaceDetection(1, MIN_CONFIDENCE)),
        )


def detect_faces(detectors: FaceDetectors, rgb: np.ndarray) -> list[Detection]:
    """Faces in an RGB uint8 array, most confident first, boxes clipped to the image."""
    height, width = rgb.shape[:2]
    with detectors.lock:
        found = _run(detectors.short_range, rgb, 0, 0, MIN_CONFIDENCE)
        found += _run(detectors.full_range, rgb, 0, 0, MIN_CONFIDENCE)
        for x, y, side in _tiles(width, height):
            crop = np.ascontiguousarray(rgb[y : y + side, x : x + side])
            found += _run(detectors.full_range, crop, x, y, MIN_TILE_CONFIDENCE)
    return merge_overlapping(found)


def _tiles(width: int, height: int) -> list[tuple[int, int, int]]:
    """(x, y, side) of the overlapping square tiles at 1/2, 1/4, ... of the longer side."""
    tiles = []
    side = max(width, height)
    for _ in range(TILE_LEVELS):
        side //= 2
        if side < MIN_TILE:
            break
        stride = max(1, int(side * (1 - TILE_OVERLAP)))
        ys, xs = _starts(height, side, stride), _starts(width, side, stride)
        tiles += [(x, y, side) for y in ys for x in xs]
    return tiles


def _starts(length: int, side: int, stride: int) -> list[int]:
    if side >= length:
        return [0]
    return [*range(0, length - side, stride), length - side]


def _run(detector: Any, rgb: np.ndarray, dx: int, dy: int, threshold: float) -> list[Detection]:
    """One BlazeFace pass; boxes and keypoints moved by (dx, dy) into the full image's pixels."""
    result = detector.process(rgb)
    height, width = rgb.shape[:2]
    found = []
    for det in result.detections or []:
        score = float(det.score[0])
        rel = det.location_data.relative_bounding_box
        x0, y0 = rel.xmin * width, rel.ymin * height
        box = clipped_box(x0, y0, x0 + rel.width * width, y0 + rel.height * height, width, height)
        if score >= threshold and box.area > 0:
            box = Box(x0=box.x0 + dx, y0=box.y0 + dy, x1=box.x1 + dx, y1=box.y1 + dy)
            points = _keypoints(det.location_data.relative_keypoints, width, height, dx, dy)
            found.append(Detection(label="face", box=box, score=score, keypoints=points))
    return found


def _keypoints(relative: Any, width: int, height: int, dx: int, dy: int) -> dict[str, tuple[int, int]]:
    """BlazeFace's six landmarks, in its order, as full-image pixels (clipped to the pass's
    image: an ear may lie past the edge of a tile or a photo)."""
    return {
        name: (dx + min(width - 1, max(0, round(k.x * width))),
               dy + min(height - 1, max(0, round(k.y * height))))
        for name, k in zip(KEYPOINTS, relative, strict=False)
    }


def merge_overlapping(found: list[Detection], overlap: float = 0.5) -> list[Detection]:
    """Greedy suppression: drop a find when over `overlap` of it (or of the kept one) is
    covered by a more confident kept find. Intersection over the smaller box, not IoU, so a
    half face seen at a tile's edge is dropped in favour of the whole one."""
    kept: list[Detection] = []
    for det in sorted(found, key=lambda d: d.score, reverse=True):
        if all(_cover(det.box, k.box) <= overlap for k in kept):
            kept.append(det)
    return kept


def _cover(a: Box, b: Box) -> float:
    ix = max(0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0, min(a.y1, b.y1) - max(a.y0, b.y0))
    smaller = min(a.area, b.area)
    return ix * iy / smaller if smaller else 0.0
