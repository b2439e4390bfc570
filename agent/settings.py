"""Settings, built once at the entry point and passed down. Environment: VLOOP_*, nested
sections with "__" (VLOOP_LIMITS__MAX_PIXELS=...)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Limits(BaseModel):
    """What vloop accepts as input."""

    max_pixels: int = Field(default=50_000_000, description="larger images are refused (decompression bombs)")
    max_file_bytes: int = Field(default=100 * 1024 * 1024, description="larger files are refused")
    max_instruction_chars: int = Field(default=2_000, description="longer instructions are refused")
    max_images: int = Field(default=8, description="most input images one request may carry")


class Settings(BaseSettings):
    """Everything configurable about a vloop process."""

    model_config = SettingsConfigDict(env_prefix="VLOOP_", env_nested_delimiter="__")

    home: Path = Field(
        default_factory=lambda: Path.home() / ".cache" / "vloop",
        description="image store and checkpoint database live here",
    )
    backend: str = Field(default="embedded", description="unified model backend: embedded, hf, remote")
    hf_depth_model: Path | None = Field(
        default=None, description="hf backend: local folder of a transformers depth model "
        "(Depth Anything, DPT); nothing is downloaded")
    max_attempts: int = Field(default=3, ge=1, le=10, description="tries per step before it fails")
    limits: Limits = Field(default_factory=Limits)
    remember: bool = Field(default=True, description="keep past requests and preferences in memory/ "
                           "(VLOOP_REMEMBER=false turns it off)")
    memory_model: str = Field(
        default="e5",
        description="memory embedder: e5 (multilingual, default), minilm (English), or a local "
        "sentence-transformers model folder",
    )

    @property
    def store_dir(self) -> Path:
        return self.home / "images"

    @property
    def checkpoint_db(self) -> Path:
        return self.home / "checkpoints.sqlite"
