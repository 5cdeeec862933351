"""Fixtures shared by the bot's tests."""

from __future__ import annotations

import pytest

from bot.components import Components
from bot.retrieval.synonyms import SynonymTable, default_synonyms
from bot.settings import Settings


@pytest.fixture(scope="session")
def synonyms() -> SynonymTable:
    """The curated synonym and translation table (bot/retrieval/synonyms.yaml), as the bot loads it."""
    return default_synonyms()


@pytest.fixture(scope="module")
def components(ingested: Settings, embedder) -> Components:  # type: ignore[no-untyped-def]
    """The real bot over the session's ingested corpus, sharing the session's loaded model (integration)."""
    components = Components(ingested)
    components.__dict__["embedder"] = embedder
    return components
