"""People for the embedded backend: MediaPipe selfie segmentation, and boxes from its mask.

Model choice, measured on skimage's astronaut: the general model (model_selection=0, 256x256
input) outlines her head, suit and helmet cleanly; the landscape model (1, 144x256) also marks
parts of the flag and the table. So the general model is used alone, and its blurry
256x256 outline is then snapped to the image's edges by GrabCut (see `grabcut.py`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from model_server import grabcut
from model_server.imaging import clipped_box
from model_server.quiet import native_stderr_silenced, warm_up
from model_server.types import Detection

MIN_PERSON_AREA = 0.01  # fraction of the image; smaller blobs are segmentation noise


@dataclass
class Segmenter:
    """The selfie-segmentation graph; MediaPipe graphs are not reentrant, hence the lock."""

    graph: Any
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_segmenter() -> Segmenter:
    with native_stderr_silenced():
        from mediapipe.python.solutions import selfie_segmentation

        return Segmenter(graph=warm_up(selfie_segmentation.SelfieSegmentation(model_selection=0)))


def person_mask(segmenter: Segmenter, rgb: np.ndarray) -> np.ndarray:
    """Person mask, (H, W) float32 in [0, 1], at the image's size, edges snapped by GrabCut.

    Inside and outside are 0 and 1; only the boundary is soft, over about one pixel of
    GrabCut's working size (~2 px at 1024 px).
    """
    return grabcut.refine(rgb, selfie_mask(segmenter, rgb))


def selfie_mask(segmenter: Segmenter, rgb: np.ndarray) -> np.ndarray:
    """The selfie model's own soft mask, upsampled to the image's size."""
    with segmenter.lock:
        mask = segmenter.graph.process(rgb).segmentation_mask
    mask = np.asarray(mask, dtype=np.float32)
    height, width = rgb.shape[:2]
    if mask.shape != (height, width):
        mask = cv2.resize(mask, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.clip(mask, 0.0, 1.0)


def people_boxes(mask: np.ndarray) -> list[Detection]:
    """One box per connected region of the person mask covering at least MIN_PERSON_AREA.

    People who touch or overlap merge into one region and one box: the selfie model gives
    a mask of "person pixels", not instances.
    """
    binary = (mask > 0.5).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    height, width = mask.shape
    found = []
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        if area < MIN_PERSON_AREA * height * width:
            continue
        box = clipped_box(x, y, x + w, y + h, width, height)
        score = float(mask[labels == label].mean())  # how sure the model is of the region
        found.append(Detection(label="person", box=box, score=score))
    return sorted(found, key=lambda d: d.box.area, reverse=True)
