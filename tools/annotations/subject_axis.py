"""The symmetry axis of a subject (a person, a named object): the vertical line about which the
subject's mask best matches its own mirror image (intersection over union), where the picture
inside the mask also looks alike on both sides (a positive correlation with its mirror image).

Measured on skimage photos: the astronaut's person mask mirrors at 79 % about x = 225 (the
middle of her face), her picture there correlates 0.20 with its mirror; the coffee cup 94 % and
0.69; the salient part of chelsea's turned head mirrors at 74 % but correlates -0.18, so it has
no axis to draw."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from tools import regions
from tools.annotations.face_lines import AXIS_OVERHANG
from tools.annotations.marks import Mark
from tools.annotations.render import labelled
from tools.base import Check, StepContext, StepFailed

SEARCH_WIDTH = 256  # px: the mask is searched at this width, then the axis refined at full size
MIN_MIRROR = 0.7  # a subject less symmetric than this about its best axis has none to draw
MIN_LOOK_ALIKE = 0.1  # correlation of the subject's picture with its mirror about the axis
NEAR_BEST = 0.03  # the drawn axis must mirror the subject within this of the best axis found again


def subject_mask(model: UnifiedModel, image: Image.Image, target: str) -> np.ndarray:
    """The subject's mask: the person mask for people, else the named object's region."""
    region = "person" if target == "people" else target
    return regions.resolve(region, StepContext(image=image, model=model)).mask


def mirror_iou(mask: np.ndarray, axis2: int) -> float:
    """IoU of `mask` with its mirror about the vertical line x = axis2 / 2."""
    cols = np.arange(mask.shape[1])
    src = axis2 - cols
    ok = (src >= 0) & (src < mask.shape[1])
    mirrored = np.zeros_like(mask)
    mirrored[:, cols[ok]] = mask[:, src[ok]]
    union = (mask | mirrored).sum()
    return float((mask & mirrored).sum() / union) if union else 0.0


def look_alike(image: Image.Image, mask: np.ndarray, axis2: int) -> float:
    """Correlation of the (blurred, grey) picture inside `mask` with its mirror about x = axis2 / 2."""
    grey = cv2.GaussianBlur(cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2GRAY)
                            .astype(np.float32), (0, 0), 2.0)
    cols = np.arange(grey.shape[1])
    src = axis2 - cols
    ok = (src >= 0) & (src < grey.shape[1])
    inside = mask & ok[None, :]
    mirrored = np.zeros_like(grey)
    mirrored[:, cols[ok]] = grey[:, src[ok]]
    a, b = grey[inside] - grey[inside].mean(), mirrored[inside] - mirrored[inside].mean()
    norm = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / norm) if norm else 0.0


def best_axis(mask: np.ndarray) -> tuple[float, float]:
    """(x, mirror IoU) of the best vertical axis: searched on a shrunk mask, refined at full size."""
    scale = min(1.0, SEARCH_WIDTH / mask.shape[1])
    small = cv2.resize(mask.astype(np.uint8), None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST) > 0
    xs = np.nonzero(small.any(axis=0))[0]
    if not len(xs):
        return 0.0, 0.0
    coarse = max(range(2 * xs.min(), 2 * xs.max() + 1), key=lambda a: mirror_iou(small, a)) / 2 / scale
    reach = int(np.ceil(2 / scale)) + 1
    around = range(int(2 * coarse) - 2 * reach, int(2 * coarse) + 2 * reach + 1)
    axis2 = max(around, key=lambda a: mirror_iou(mask, a))
    return axis2 / 2, mirror_iou(mask, axis2)


def make(model: UnifiedModel, image: Image.Image, target: str, text: str, width: int) -> list[Mark]:
    mask = subject_mask(model, image, target)
    x, score = best_axis(mask)
    alike = look_alike(image, mask, round(2 * x))
    if score < MIN_MIRROR or alike < MIN_LOOK_ALIKE:
        raise StepFailed(f"the {target} is not symmetric enough to have an axis: at best its outline "
                         f"overlaps its mirror image by {score:.0%} (need {MIN_MIRROR:.0%}) and its "
                         f"picture correlates {alike:.2f} with its mirror (need {MIN_LOOK_ALIKE})")
    rows = np.nonzero(mask.any(axis=1))[0]
    over = AXIS_OVERHANG * (rows.max() - rows.min())
    top, bottom = max(0.0, rows.min() - over), min(image.height - 1.0, rows.max() + over)
    mark = Mark(kind="line", points=[(x, top), (x, bottom)], width=width)
    return [labelled(mark, text, (x, top), (0.0, -1.0), image.size)]


def checks(model: UnifiedModel, before: Image.Image, after: Image.Image, target: str,
           marks: list[Mark]) -> list[Check]:
    """Look again: find the subject in the output; its outline mirrors onto itself about the
    drawn axis (nearly) as well as about the best vertical axis there is, and its picture (in the
    input, where the line does not cover it) looks alike on both sides."""
    try:
        mask = subject_mask(model, after, target)
    except StepFailed as error:
        return [Check(name="axis_mirrors_the_subject", passed=False, detail=str(error))]
    _, best = best_axis(mask)
    (x0, _), (x1, _) = marks[0].points
    drawn = mirror_iou(mask, round(x0 + x1))
    alike = look_alike(before, mask, round(x0 + x1))
    ok = abs(x1 - x0) < 1 and drawn >= best - NEAR_BEST and drawn >= MIN_MIRROR and alike >= MIN_LOOK_ALIKE
    return [Check(name="axis_mirrors_the_subject", passed=ok, score=round(drawn, 4),
                  detail=f"about the drawn axis the {target}'s outline overlaps its mirror image by "
                  f"{drawn:.0%} (the best axis found again: {best:.0%}, allowed {NEAR_BEST:.0%} less) and "
                  f"its picture correlates {alike:.2f} with its mirror (need {MIN_LOOK_ALIKE})")]
