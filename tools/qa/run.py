"""Check one image, or every image in a folder, against a spec of assertions."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pydantic import BaseModel, Field

from agent.ingest import load_image
from agent.settings import Limits
from model_server.errors import BadInput
from model_server.protocol import UnifiedModel
from tools.qa.assertions import AssertionResult, evaluate
from tools.qa.evidence import write_evidence
from tools.qa.perception import Perception
from tools.qa.spec import Assertion

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}


class ImageReport(BaseModel):
    """Every assertion's result on one image."""

    path: str
    width: int
    height: int
    results: list[AssertionResult]
    evidence: list[str] = Field(default_factory=list, description="evidence pictures written")

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def check_image(
    image: Image.Image, assertions: list[Assertion], model: UnifiedModel,
    refs: list[Image.Image] | None = None,
) -> list[AssertionResult]:
    """Evaluate each assertion on `image`; OCR and faces run at most once, shared by all."""
    _check_refs(assertions, refs or [])
    perception = Perception(image, model, refs)
    return [evaluate(a, perception) for a in assertions]


def _check_refs(assertions: list[Assertion], refs: list[Image.Image]) -> None:
    for a in assertions:
        if a.kind == "logo_corner" and a.image - 2 >= len(refs):
            raise BadInput(f"{a.text!r} refers to image {a.image} (the logo), but only "
                           f"{len(refs) + 1} image(s) were given: pass the logo after the checked image")


def image_paths(target: Path) -> list[Path]:
    """`target` itself, or the images directly inside the folder `target`, sorted by name."""
    if target.is_dir():
        paths = sorted(p for p in target.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        if not paths:
            raise BadInput(f"no images (PNG, JPEG, WebP, GIF, BMP, TIFF) in the folder {target}")
        return paths
    return [target]


def check_paths(
    target: Path, assertions: list[Assertion], model: UnifiedModel, *,
    refs: list[Path] | None = None, limits: Limits | None = None, evidence_dir: Path | None = None,
) -> list[ImageReport]:
    """Check one image file, or every image in a folder, in one call; a report per image.

    Raises:
        BadInput: an image cannot be read, the folder holds no images, or a logo is missing.
    """
    limits = limits or Limits()
    ref_images = [load_image(p, limits).image for p in refs or []]
    _check_refs(assertions, ref_images)
    paths = image_paths(target)
    for path in paths:  # every input is valid before any work is done or anything written
        load_image(path, limits)
    reports = []
    for path in paths:
        item = load_image(path, limits)
        results = check_image(item.image, assertions, model, ref_images)
        written = write_evidence(item.image, item.path, results, evidence_dir) if evidence_dir else []
        reports.append(ImageReport(path=str(item.path), width=item.image.width, height=item.image.height,
                                   results=results, evidence=[str(p) for p in written]))
    return reports
