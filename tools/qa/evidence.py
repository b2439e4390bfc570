"""Evidence pictures: the checked image with an assertion's boxes in green (passed) or red
(failed) and a caption bar saying what was measured."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw

from agent.files import save_image_atomic
from tools.annotate import default_line_width, draw_boxes, label_size
from tools.drawing import load_font
from tools.qa.assertions import AssertionResult

PASS_COLOR = (40, 170, 60)
FAIL_COLOR = (220, 30, 40)
CAPTION_MIN_PX = 14  # caption text stays readable on small screenshots


def evidence_image(image: Image.Image, result: AssertionResult) -> Image.Image:
    """A copy of `image` with the result's boxes outlined and a caption bar on top."""
    color = PASS_COLOR if result.passed else FAIL_COLOR
    status = "PASS" if result.passed else "FAIL"
    width = default_line_width(image.size)
    boxed, _ = draw_boxes(image, result.boxes, [status] * len(result.boxes), color, width=width)
    size = max(CAPTION_MIN_PX, label_size(image.size))
    small = max(CAPTION_MIN_PX - 2, size * 3 // 4)
    bar = round((size + small) * 1.4) + 2 * width
    out = Image.new("RGB", (boxed.width, boxed.height + bar), color)
    out.paste(boxed, (0, bar))
    draw = ImageDraw.Draw(out)
    draw.text((width * 2, width), f"{status}  {result.text}", fill=(255, 255, 255), font=load_font(size))
    draw.text((width * 2, width + round(size * 1.4)), result.detail, fill=(255, 255, 255),
              font=load_font(small))
    return out


def evidence_name(image_path: Path, index: int, result: AssertionResult) -> str:
    """File name of an evidence picture: `<image stem>-<nn>-<kind>-<pass|fail>.png`."""
    stem = re.sub(r"[^\w.-]+", "_", image_path.stem)
    return f"{stem}-{index:02d}-{result.kind}-{'pass' if result.passed else 'fail'}.png"


def write_evidence(
    image: Image.Image, image_path: Path, results: list[AssertionResult], folder: Path
) -> list[Path]:
    """Write one evidence picture per result into `folder`; return their paths."""
    paths = []
    for i, result in enumerate(results, start=1):
        path = folder / evidence_name(image_path, i, result)
        save_image_atomic(evidence_image(image, result), path)
        paths.append(path)
    return paths
