"""What memory holds and hands back: preferences, recalled requests, and list rows."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agent.state import Plan

Outcome = Literal["passed", "failed", "partial"]
Kind = Literal["request", "preference"]


class Preference(BaseModel):
    """A standing wish of the user, applied to every later plan where the user said nothing else."""

    id: int | None = Field(default=None, description="memory item id, once stored")
    scope: str = Field(description="the op it applies to (replace_background, annotate), or 'any'")
    arg: str = Field(description="the op argument it fills: color, label")
    value: str | bool = Field(description="a colour as the user wrote it (name or hex), or a flag")
    text: str = Field(description="the user's words")
    name: str | None = Field(default=None, description="for a named colour: the name, e.g. 'brand blue'")
    created: float = Field(default=0.0, description="unix time it was stated")

    def describe(self) -> str:
        if self.name:
            return f"'{self.name}' means {self.value}"
        return f"{self.scope}.{self.arg} = {self.value}"


class RecalledRequest(BaseModel):
    """A past request found again, with how close it is to the text asked about."""

    id: int
    instruction: str
    plan: Plan
    outcome: Outcome
    score: float = Field(description="cosine similarity to the query, -1..1")
    thread_id: str
    created: float


class MemoryItem(BaseModel):
    """One row of the user's memory, as listed for review and deletion."""

    id: int
    kind: Kind
    text: str = Field(description="the instruction or the preference as stated")
    detail: str = Field(description="outcome of a request, or what a preference means")
    thread_id: str | None = None
    created: float
