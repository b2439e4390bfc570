"""The hf backend's depth path, run for real through transformers with a tiny DPT built from a
config (random weights, saved to a folder): the folder is loaded offline, the depth map comes
back at the image's size, and depth_map draws and verifies it end to end. The tiny model's
depth means nothing; what is checked is the code path a real Depth Anything folder takes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from agent.runner import Runner
from agent.settings import Settings
from model_server.backends import load_backend
from model_server.errors import BadInput, Unsupported
from model_server.hf import HFModel


@pytest.fixture(scope="module")
def tiny_dpt(tmp_path_factory):
    from transformers import DPTConfig, DPTForDepthEstimation, DPTImageProcessor

    folder = tmp_path_factory.mktemp("tiny-dpt")
    config = DPTConfig(image_size=64, patch_size=16, hidden_size=32, num_hidden_layers=4,
                       backbone_out_indices=[0, 1, 2, 3], num_attention_heads=4, intermediate_size=37,
                       neck_hidden_sizes=[16, 16, 32, 32], fusion_hidden_size=16, is_hybrid=False,
                       initializer_range=0.5)  # wide random weights: a depth map that is not flat
    torch.manual_seed(0)
    DPTForDepthEstimation(config).save_pretrained(folder)
    DPTImageProcessor(size={"height": 64, "width": 64}).save_pretrained(folder)
    return folder


def test_depth_comes_back_at_the_image_size(tiny_dpt, astronaut):
    depth = HFModel(depth_model=tiny_dpt).depth(astronaut)
    assert depth.shape == (astronaut.height, astronaut.width)
    assert np.isfinite(depth).all() and depth.std() > 0


def test_depth_map_runs_and_verifies_on_the_hf_backend(tiny_dpt, astronaut, tmp_path):
    astronaut.save(tmp_path / "a.png")
    settings = Settings(home=tmp_path / "home", backend="hf", hf_depth_model=tiny_dpt, remember=False)
    outcome = Runner(settings).edit([tmp_path / "a.png"], "predict the depth map")
    step = outcome.report.steps[0]
    assert (step.op, step.status) == ("depth_map", "passed"), step.reason
    assert outcome.report.backend == "hf"
    assert (outcome.output.width, outcome.output.height) == (astronaut.width, astronaut.height)


def test_hf_without_a_depth_model_says_what_to_set(astronaut):
    model = load_backend("hf")
    assert model.name == "hf" and len(model.detect_faces(astronaut)) == 1  # embedded perception kept
    with pytest.raises(Unsupported, match="VLOOP_HF_DEPTH_MODEL"):
        model.depth(astronaut)


def test_a_folder_that_is_not_a_model_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="no config.json"):
        HFModel(depth_model=tmp_path)
