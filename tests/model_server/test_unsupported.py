"""What the embedded backend cannot do, it refuses with a reason that names what can."""

from __future__ import annotations

import pytest

from model_server.errors import Unsupported


def test_depth_is_unsupported(embedded_model, astronaut):
    with pytest.raises(Unsupported, match="depth.*'hf' backend"):
        embedded_model.depth(astronaut)


def test_edit_is_unsupported(embedded_model, astronaut):
    with pytest.raises(Unsupported, match="'hf' backend.*'remote' backend"):
        embedded_model.edit(astronaut, "turn the horse into a cow")


def test_generate_is_unsupported(embedded_model):
    with pytest.raises(Unsupported, match="text-to-image.*'hf' backend"):
        embedded_model.generate("a red bicycle", 512, 512)

