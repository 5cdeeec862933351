"""Fixtures shared by the bot's unit tests."""

from __future__ import annotations

import pytest

from bot.retrieval.synonyms import SynonymTable, default_synonyms


@pytest.fixture(scope="session")
def synonyms() -> SynonymTable:
    """The curated synonym and translation table (bot/retrieval/synonyms.yaml), as the bot loads it."""
    return default_synonyms()
