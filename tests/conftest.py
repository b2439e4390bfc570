"""Shared fixtures. The whole suite runs offline: any attempt to open a network connection to
anything but this machine fails the test that made it."""

from __future__ import annotations

import ipaddress
import socket

import numpy as np
import pytest
from PIL import Image

_real_connect = socket.socket.connect


def _is_local(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return True  # unix sockets


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_local(address):
        raise RuntimeError(f"tests must not use the network: connect to {address!r}")
    _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network() -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def embedded_model():
    """The real embedded backend, shared by the session so each model loads once."""
    from model_server.embedded import EmbeddedModel

    return EmbeddedModel()


@pytest.fixture(scope="session")
def astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut()).convert("RGB")


@pytest.fixture(scope="session")
def chelsea() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.chelsea()).convert("RGB")


def pixels(image: Image.Image) -> np.ndarray:
    """An image as an int16 array, so differences do not wrap around."""
    return np.asarray(image.convert("RGB"), dtype=np.int16)
