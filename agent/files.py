"""Writing files so that a reader never sees half of one: a temporary file, then a rename."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def image_bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def save_image_atomic(image: Image.Image, path: Path) -> None:
    """Save an image in the format its suffix names (PNG when unknown)."""
    fmt = {".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}.get(path.suffix.lower(), "PNG")
    if fmt == "JPEG":
        image = image.convert("RGB")
    write_bytes_atomic(path, image_bytes(image, fmt))
