"""What the assertions look at, computed once per image and shared: OCR lines, faces, pixels,
and the uniform-colour container around each text line."""

from __future__ import annotations

from functools import cached_property

import numpy as np
from PIL import Image

from model_server.protocol import UnifiedModel
from model_server.types import Detection, TextLine
from tools.qa.regions import Container, container_of

MIN_TEXT_SCORE = 0.5  # fainter OCR readings are mostly texture taken for letters
LAYOUT_TEXT_SCORE = 0.75  # layout checks judge only confident lines: a logo read as "C" is not text


class Perception:
    """Lazy, cached perception of one image; each model call happens at most once."""

    def __init__(self, image: Image.Image, model: UnifiedModel, refs: list[Image.Image] | None = None):
        self.image = image.convert("RGB")
        self.model = model
        self.refs = refs or []
        self._containers: dict[tuple[int, int, int, int], Container] = {}

    @cached_property
    def lines(self) -> list[TextLine]:
        return [t for t in self.model.ocr(self.image) if t.score >= MIN_TEXT_SCORE and t.text.strip()]

    @cached_property
    def layout_lines(self) -> list[TextLine]:
        """The lines that margin, contrast and overflow checks judge."""
        return [t for t in self.lines if t.score >= LAYOUT_TEXT_SCORE]

    @cached_property
    def faces(self) -> list[Detection]:
        return self.model.detect_faces(self.image)

    @cached_property
    def array(self) -> np.ndarray:
        return np.asarray(self.image)

    def container(self, line: TextLine) -> Container:
        key = line.box.as_tuple()
        if key not in self._containers:
            self._containers[key] = container_of(self.image, self.array, line.box)
        return self._containers[key]

    def ref(self, number: int) -> Image.Image | None:
        """Input image `number` (2 = the first reference after the checked image)."""
        index = number - 2
        return self.refs[index].convert("RGB") if 0 <= index < len(self.refs) else None
