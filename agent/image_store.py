"""Content-addressed image store: every image vloop reads or makes, saved once as PNG under
its sha256. Checkpointed state holds `ImageRef`s into it, never pixels."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image

from agent.files import image_bytes, write_bytes_atomic
from agent.state import ImageRef


class ImageStore:
    """PNG files named by the sha256 of their bytes, under `root/ab/abcdef….png`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, image: Image.Image) -> ImageRef:
        data = image_bytes(image.convert("RGB"))
        digest = hashlib.sha256(data).hexdigest()
        path = self.root / digest[:2] / f"{digest}.png"
        if not path.exists():
            write_bytes_atomic(path, data)
        return ImageRef(sha256=digest, path=str(path), width=image.width, height=image.height)

    def get(self, ref: ImageRef) -> Image.Image:
        with Image.open(ref.path) as image:
            return image.convert("RGB")
