"""Memory: past requests, their plans and outcomes, and the user's stated preferences, in a
SQLite file searched by sentence embeddings (multilingual-e5-small, language-centred, by default).

    memory = open_memory(settings)
    text = memory.resolve_reference(instruction) or instruction      # "same as last time"
    if memory.is_preference(text): memory.add_preference(text)        # "以后背景都用白色"
    prefs = memory.preferences()
    plan = apply_preferences(planner.plan(expand_named_colors(text, prefs)), prefs)
    memory.remember_request(thread_id, text, plan, "passed")
    memory.similar(text)                                              # suggestions
"""

from memory.apply import apply_preferences
from memory.centring import LanguageCentred
from memory.embedders import E5Embedder, Embedder, SentenceTransformerEmbedder, embedder_for
from memory.names import expand as expand_named_colors
from memory.store import Memory, open_memory
from memory.types import MemoryItem, Preference, RecalledRequest

__all__ = [
    "E5Embedder",
    "Embedder",
    "LanguageCentred",
    "Memory",
    "MemoryItem",
    "Preference",
    "RecalledRequest",
    "SentenceTransformerEmbedder",
    "apply_preferences",
    "embedder_for",
    "expand_named_colors",
    "open_memory",
]
