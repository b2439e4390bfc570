"""The `hf` backend: everything the embedded backend does, plus transformers models loaded from
local folders. It never downloads: point it at a folder you fetched once (e.g. with
`huggingface-cli download depth-anything/Depth-Anything-V2-Small-hf --local-dir DIR`).

| method | how |
|---|---|
| depth | any transformers depth-estimation model (Depth Anything, DPT / MiDaS) in `depth_model` |
| the rest | as the embedded backend |
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

from model_server.embedded import EmbeddedModel
from model_server.errors import BadInput, Unsupported
from model_server.lazy import Lazy


class HFModel(EmbeddedModel):
    """The embedded backend with transformers models from local folders."""

    name = "hf"

    def __init__(self, depth_model: Path | None = None) -> None:
        super().__init__()
        if depth_model is not None and not (Path(depth_model) / "config.json").is_file():
            raise BadInput(f"VLOOP_HF_DEPTH_MODEL={depth_model} is not a transformers model folder "
                           "(no config.json in it)")
        self.depth_model = Path(depth_model) if depth_model else None
        self._depth = Lazy(self._load_depth, f"depth model {depth_model}")

    def depth(self, image: Image.Image) -> np.ndarray:
        """Relative inverse depth (larger is nearer), resized to the image."""
        if self.depth_model is None:
            raise Unsupported("no depth model configured: set VLOOP_HF_DEPTH_MODEL to a local folder "
                              "holding a transformers depth model such as Depth-Anything-V2-Small-hf")
        import torch

        model, processor = self._depth.get()
        inputs = processor(images=image.convert("RGB"), return_tensors="pt")
        with torch.inference_mode():
            outputs = model(**inputs)
        resized = processor.post_process_depth_estimation(outputs, target_sizes=[(image.height, image.width)])
        return resized[0]["predicted_depth"].float().numpy()

    def _load_depth(self) -> tuple[object, object]:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a folder, never the hub
        from transformers import AutoImageProcessor, AutoModelForDepthEstimation

        model = AutoModelForDepthEstimation.from_pretrained(self.depth_model, local_files_only=True)
        processor = AutoImageProcessor.from_pretrained(self.depth_model, local_files_only=True)
        return model.eval(), processor
