"""Read and validate user inputs: images and the instruction. Every problem is a `BadInput`
with one line that says what was expected, what arrived, and how to fix it."""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from agent.settings import Limits
from model_server.errors import BadInput

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF"}


@dataclass
class LoadedImage:
    """A decoded, normalised RGB image and where it came from."""

    path: Path
    sha256: str
    image: Image.Image


def load_image(path: Path, limits: Limits) -> LoadedImage:
    """Decode one input image: first frame, EXIF orientation applied, converted to RGB."""
    data = _read_file(path, limits)
    image = _open(path, data, limits)
    return LoadedImage(path=path, sha256=hashlib.sha256(data).hexdigest(), image=image)


def check_instruction(text: str, limits: Limits) -> str:
    """Return the instruction stripped, or raise BadInput when empty or too long."""
    stripped = text.strip()
    if not stripped:
        raise BadInput('the instruction is empty: say what to do, e.g. "change the background to light blue"')
    if len(stripped) > limits.max_instruction_chars:
        raise BadInput(
            f"the instruction is {len(stripped):,} characters; vloop accepts at most "
            f"{limits.max_instruction_chars:,}: split it into shorter requests"
        )
    return stripped


def _read_file(path: Path, limits: Limits) -> bytes:
    if not path.exists():
        raise BadInput(f"input image not found: {path}")
    if not path.is_file():
        raise BadInput(f"input image is not a file: {path}")
    size = path.stat().st_size
    if size == 0:
        raise BadInput(f"input image is empty (0 bytes): {path}")
    if size > limits.max_file_bytes:
        raise BadInput(f"input image is {size / 2**20:.0f} MB; vloop accepts at most "
                       f"{limits.max_file_bytes / 2**20:.0f} MB: {path}")
    return path.read_bytes()


def _open(path: Path, data: bytes, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            _check_header(path, image, limits)
            image.seek(0)
            image.load()
    except BadInput:
        raise
    except Image.DecompressionBombError as exc:
        match = re.search(r"\((\d+) pixels\)", str(exc))
        pixels = int(match.group(1)) if match else 0
        raise BadInput(f"{path} has {pixels / 1e6:.0f} MP; vloop accepts at most "
                       f"{limits.max_pixels / 1e6:.0f} MP: downscale it first") from None
    except UnidentifiedImageError:
        if _looks_like_an_image(data):
            raise BadInput(f"{path} is corrupt or truncated: its header is damaged") from None
        raise BadInput(f"{path} is not an image vloop can read (PNG, JPEG, WebP, GIF, BMP, TIFF)") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise BadInput(f"{path} is corrupt or truncated: {exc}") from None
    return normalise(image)


MAGIC_BYTES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")


def _looks_like_an_image(data: bytes) -> bool:
    """Starts like one of the accepted formats (so an unreadable file is damaged, not foreign)."""
    return data.startswith(MAGIC_BYTES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _check_header(path: Path, image: Image.Image, limits: Limits) -> None:
    if image.format not in ACCEPTED_FORMATS:
        raise BadInput(f"{path} is {image.format}; vloop reads PNG, JPEG, WebP, GIF, BMP and TIFF")
    width, height = image.size
    if width * height > limits.max_pixels:
        raise BadInput(
            f"{path} is {width}x{height} and has {width * height / 1e6:.0f} MP; vloop accepts at most "
            f"{limits.max_pixels / 1e6:.0f} MP: downscale it first"
        )
    if width < 8 or height < 8:
        raise BadInput(f"{path} is {width}x{height}; vloop needs at least 8x8 pixels")


def normalise(image: Image.Image) -> Image.Image:
    """EXIF orientation applied; palette, CMYK, 16-bit, grey and alpha made plain 8-bit RGB
    (transparent pixels composited on white)."""
    image = ImageOps.exif_transpose(image) or image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = _to_8bit(image)
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(canvas, rgba)
    return image.convert("RGB")


def _to_8bit(image: Image.Image) -> Image.Image:
    values = np.asarray(image, dtype=np.float64)
    top = 65535.0 if values.max() > 255 else 255.0
    return Image.fromarray(np.clip(values / top * 255.0, 0, 255).astype(np.uint8), mode="L")
