"""The mask editor: what a person paints over the image becomes the `mask=` of the next run."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import numpy as np
from PIL import Image

from agent.files import save_image_atomic

MASK_TAB = "Mask"  # the side column's tab with the editor


@dataclass(frozen=True)
class Paint:
    """What the person painted in the editor, and on which picture (its path)."""

    picture: str | None
    region: np.ndarray  # True where painted, in the editor's pixels

    def on(self, picture: str | Path) -> bool:
        return self.picture is not None and str(self.picture) == str(picture)


def painted_on(value: dict | None, picture: str | None) -> Paint | None:
    """The paint in the editor's value on `picture` (the one the editor has loaded), or None."""
    region = painted_region(value)
    return None if region is None else Paint(picture, region)


def painted_region(value: dict | None) -> np.ndarray | None:
    """True where any layer of the editor's value has paint; None when nothing is painted."""
    layers = (value or {}).get("layers") or []
    painted = [np.asarray(layer)[..., 3] > 0 for layer in layers if _has_alpha(layer)]
    if not painted:
        return None
    region = np.logical_or.reduce(painted)
    return region if region.any() else None


def write_mask(region: np.ndarray, size: tuple[int, int], folder: Path) -> Path:
    """Save `region` as a white-on-black PNG of `size` (width, height), the image it applies to.

    The editor may show the picture scaled, so the painted region is scaled back to the picture's
    pixels (nearest neighbour, so the mask stays two-valued).
    """
    mask = Image.fromarray(region.astype(np.uint8) * 255)
    if mask.size != size:
        mask = mask.resize(size, Image.Resampling.NEAREST)
    path = folder / f"mask-{uuid.uuid4().hex[:12]}.png"
    save_image_atomic(mask, path)
    return path


def editor_value(image_path: str | None) -> dict | None:
    """The editor showing `image_path` with nothing painted on it."""
    if image_path is None:
        return None
    return {"background": image_path, "layers": [], "composite": image_path}


def mask_tab_selected(selected: gr.SelectData) -> bool:
    """Whether the side column's newly selected tab is the Mask tab."""
    return selected.value == MASK_TAB


def load_editor(attached: str | None, loaded: str | None, mask_open: bool) -> tuple:
    """The editor loads the picture to paint on only while the Mask tab is open, and only when it
    changed: the page draws a loaded picture on the editor's canvas at once, which would compete
    with the run a message starts (the chat sets the picture as the image is attached). Returns
    the editor's value, what it has loaded and the paint (none on a new picture); all three
    skipped when nothing is to load."""
    if not mask_open or attached == loaded:
        return gr.skip(), gr.skip(), gr.skip()
    return editor_value(attached), attached, None


def attached_image(message: dict | None, current: str | None) -> str | None:
    """The first image attached to the chat input, to paint a mask on; `current` (the picture to
    paint on so far) when none is. The input changes on every keystroke and is cleared by a send:
    the picture changes only with another image attached, so neither wipes what was painted."""
    files = (message or {}).get("files") or []
    first = (files[0] if isinstance(files[0], str) else files[0].get("path")) if files else None
    return first or current


def _has_alpha(layer: object) -> bool:
    array = np.asarray(layer)
    return array.ndim == 3 and array.shape[2] == 4
