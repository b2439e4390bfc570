"""Plain data types that perception results are made of. Pixel coordinates, origin top-left."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Box(BaseModel):
    """An axis-aligned box in pixels; `x1`, `y1` are exclusive."""

    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return max(0, self.x1 - self.x0)

    @property
    def height(self) -> int:
        return max(0, self.y1 - self.y0)

    @property
    def area(self) -> int:
        return self.width * self.height

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.x0, self.y0, self.x1, self.y1)

    def pad(self, margin: int, width: int, height: int) -> Box:
        """Grow by `margin` on every side, clipped to a `width` x `height` image."""
        return Box(
            x0=max(0, self.x0 - margin),
            y0=max(0, self.y0 - margin),
            x1=min(width, self.x1 + margin),
            y1=min(height, self.y1 + margin),
        )

    def iou(self, other: Box) -> float:
        ix = max(0, min(self.x1, other.x1) - max(self.x0, other.x0))
        iy = max(0, min(self.y1, other.y1) - max(self.y0, other.y0))
        inter = ix * iy
        union = self.area + other.area - inter
        return inter / union if union else 0.0

    @classmethod
    def from_points(cls, points: list[tuple[float, float]]) -> Box:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        return cls(x0=int(min(xs)), y0=int(min(ys)), x1=int(round(max(xs))), y1=int(round(max(ys))))


class TextLine(BaseModel):
    """One line of text read by OCR."""

    text: str
    box: Box
    polygon: list[tuple[float, float]] = Field(default_factory=list, description="4 corners")
    score: float


class Detection(BaseModel):
    """A found object: a face, a person, a salient region."""

    label: str
    box: Box
    score: float
    keypoints: dict[str, tuple[int, int]] | None = Field(
        default=None,
        description="named landmarks in image pixels, where the detector gives them; faces: "
        "right_eye, left_eye, nose, mouth, right_ear, left_ear (the person's own right and left, "
        "so right_eye is on the image's left in a frontal face)",
    )


class Tag(BaseModel):
    """An image-level label from a classifier, such as ImageNet's "Egyptian cat"."""

    label: str
    score: float
