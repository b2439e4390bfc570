"""The unified model: one protocol for perception and generation, several backends.

Images are PIL images in RGB mode. Masks are float32 numpy arrays of shape (H, W) in [0, 1]
unless said otherwise. A backend that cannot do something raises `Unsupported` with the reason;
it never returns a made-up result.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

import numpy as np
from PIL import Image

from model_server.types import Detection, Tag, TextLine

InpaintMethod = Literal["telea", "ns", "patch"]


@runtime_checkable
class UnifiedModel(Protocol):
    """What tools may ask of a model. Backends load their models lazily, once per process."""

    name: str

    def ocr(self, image: Image.Image, enlarge: bool = True) -> list[TextLine]:
        """Read every line of text (Chinese and English), with its box and confidence, in reading
        order: top to bottom, then left to right within a row.

        `enlarge`: the backend may enlarge a small image to find small text in it. False when
        the caller has already scaled its text to a readable size (a canvas of crops to read
        again): the image is read as it is, which is faster and reads such canvases better."""
        ...

    def read_lines(self, crops: list[Image.Image]) -> list[tuple[str, float]]:
        """Read each crop as one line of text, with its confidence in [0, 1]: recognition only,
        no detection, for text at a known place (a label vloop drew). A crop holds one line,
        cropped close; ("", 0.0) when it reads nothing."""
        ...

    def detect_faces(self, image: Image.Image) -> list[Detection]:
        """Find faces; boxes in pixels, label "face"."""
        ...

    def detect_people(self, image: Image.Image) -> list[Detection]:
        """Find people; boxes in pixels, label "person"."""
        ...

    def person_mask(self, image: Image.Image) -> np.ndarray:
        """Soft mask of people in the image, (H, W) float32 in [0, 1]."""
        ...

    def salient_mask(self, image: Image.Image) -> np.ndarray:
        """Soft mask of the main subject when it is not a person, (H, W) float32 in [0, 1]."""
        ...

    def tags(self, image: Image.Image, top_k: int = 5) -> list[Tag]:
        """Image-level labels with probabilities, best first."""
        ...

    def edges(self, image: Image.Image) -> np.ndarray:
        """Edge map, (H, W) uint8 with 0 or 255."""
        ...

    def inpaint(
        self, image: Image.Image, mask: np.ndarray, method: InpaintMethod = "telea"
    ) -> Image.Image:
        """Fill the pixels where `mask` (bool, (H, W)) is true from their surroundings."""
        ...

    def depth(self, image: Image.Image) -> np.ndarray:
        """Relative depth, (H, W) float32, larger is nearer. Embedded: raises Unsupported."""
        ...

    def edit(self, image: Image.Image, instruction: str) -> Image.Image:
        """Instruction-driven edit by a generative model. Embedded: raises Unsupported."""
        ...

    def generate(self, prompt: str, width: int, height: int) -> Image.Image:
        """Text-to-image. Embedded: raises Unsupported."""
        ...
