"""The main subject of a photo when it is not a person, for the embedded backend.

No salient-object model ships in a wheel under a usable licence, so this combines two cues
and lets GrabCut draw the outline:

1. What: the ImageNet classifier's class activation map says where the evidence for its top
   classes lies (the cat's face, the cup), 7x7.
2. Unlike the background: each pixel's colour distance to the colours along the image's
   border, using only the sides where the activation map is low, so a subject that touches
   one side (chelsea's cat fills the left and bottom) does not count as background.
3. Their geometric mean seeds GrabCut (`grabcut.from_prior`), which cuts along edges.

Works for one dominant object on a distinct background (product shots, pets, a cup on a
table). Weak when the subject's colours repeat in the background, or with no single subject
(a starfield); on skimage's rocket it takes part of the sky with the rocket.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from model_server import grabcut
from model_server.classifier import Classifier

WORK_SIDE = 160  # colour contrast needs regions, not detail
BORDER = 0.06  # each side's strip, as a fraction of the shorter side
SUBJECT_SIDE = 0.35  # a side whose mean activation is above this is (partly) the subject
BACKGROUND_COLOURS = 6


def salient_mask(classifier: Classifier, rgb: np.ndarray) -> np.ndarray:
    """Mask of the main subject, (H, W) float32 in [0, 1]."""
    height, width = rgb.shape[:2]
    cam = classifier.activation_map(Image.fromarray(rgb))
    cam = np.clip(cv2.resize(cam, (width, height), interpolation=cv2.INTER_CUBIC), 0.0, 1.0)
    prior = np.sqrt(cam * border_contrast(rgb, cam))
    prior /= max(float(prior.max()), 1e-6)
    return grabcut.from_prior(rgb, prior)


def border_contrast(rgb: np.ndarray, cam: np.ndarray) -> np.ndarray:
    """How unlike the background border each pixel's colour is, (H, W) float32 in [0, 1]."""
    height, width = rgb.shape[:2]
    scale = WORK_SIDE / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    lab = cv2.cvtColor(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2LAB)
    lab = lab.astype(np.float32)
    centres = _background_colours(lab, cv2.resize(cam, size, interpolation=cv2.INTER_AREA))
    distance = np.linalg.norm(lab[:, :, None, :] - centres[None, None], axis=3).min(axis=2)
    distance /= float(np.percentile(distance, 95)) + 1e-6
    return cv2.resize(np.clip(distance, 0, 1).astype(np.float32), (width, height))


def _background_colours(lab: np.ndarray, cam: np.ndarray) -> np.ndarray:
    """k-means centres of the border pixels on the sides where the subject is not."""
    strips = _side_strips(*cam.shape)
    activation = {side: float(cam[strip].mean()) for side, strip in strips.items()}
    sides = [s for s, a in activation.items() if a <= SUBJECT_SIDE]
    sides = sides or [min(activation, key=activation.__getitem__)]
    pixels = np.concatenate([lab[strips[s]].reshape(-1, 3) for s in sides])
    k = min(BACKGROUND_COLOURS, len(pixels))
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 10, 1.0)
    cv2.setRNGSeed(0)  # k-means++ seeding is random; the same image gives the same mask
    _, _, centres = cv2.kmeans(pixels, k, None, criteria, 2, cv2.KMEANS_PP_CENTERS)
    return centres


def _side_strips(height: int, width: int) -> dict[str, tuple[slice, slice]]:
    t = max(1, round(BORDER * min(height, width)))
    return {
        "top": (slice(0, t), slice(None)),
        "bottom": (slice(height - t, height), slice(None)),
        "left": (slice(None), slice(0, t)),
        "right": (slice(None), slice(width - t, width)),
    }
