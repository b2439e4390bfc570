"""Backends are chosen by name and built once per process."""

from __future__ import annotations

import subprocess
import sys

import pytest

from model_server.backends import load_backend
from model_server.errors import BadInput
from model_server.protocol import UnifiedModel


def test_embedded_is_the_default_and_is_cached():
    model = load_backend()
    assert model.name == "embedded"
    assert isinstance(model, UnifiedModel)
    assert load_backend("embedded") is model


@pytest.mark.parametrize("name", ["remote"])
def test_known_but_unbuilt_backends_say_so(name):
    with pytest.raises(BadInput, match="not built yet"):
        load_backend(name)


def test_unknown_backend_lists_the_known_ones():
    with pytest.raises(BadInput, match="unknown backend 'gpt'.*embedded, hf, remote"):
        load_backend("gpt")


def test_importing_and_building_loads_no_model():
    """Run in a fresh interpreter: this test session has loaded the models already."""
    code = (
        "import sys\n"
        "from model_server.embedded import EmbeddedModel\n"
        "EmbeddedModel()\n"
        "print(sorted(m for m in ('mediapipe', 'rapidocr', 'onnxruntime', 'torch') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
