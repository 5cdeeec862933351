"""The Dutch gloss an English embedding model reads (unit: a fake model records what it is given)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bot.embeddings.base import Embedder
from bot.embeddings.gloss import GlossingEmbedder, gloss, primary_senses

TABLE = """# comment
burgercollectieven\tcollectives,citizens,initiatives
gemeente\tmunicipality,council,town
Energie\t-
samen\ttogether,jointly
"""


class RecordingEmbedder(Embedder):
    """Returns a fixed vector and remembers the texts it was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    @property
    def model_id(self) -> str:
        return "english-model"

    @property
    def max_tokens(self) -> int:
        return 256

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        self.seen += texts
        return np.ones((len(texts), 2), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        self.seen.append(text)
        return np.ones(2, dtype=np.float32)

    @property
    def model(self) -> Any:
        return None


def test_each_dutch_word_becomes_its_first_two_senses() -> None:
    senses = primary_senses(TABLE)
    assert senses == {
        "burgercollectieven": "collectives citizens",
        "gemeente": "municipality council",
        "samen": "together jointly",
    }  # "-" (a name, an English word) is left as written
    assert (
        gloss("Burgercollectieven werken samen met de gemeente (Energie Samen).", senses)
        == "collectives citizens werken together jointly met de municipality council (Energie together jointly)."
    )
    assert primary_senses(TABLE, count=1)["gemeente"] == "municipality"


def test_dutch_is_glossed_and_english_embedded_as_written() -> None:
    inner = RecordingEmbedder()
    embedder = GlossingEmbedder(inner, primary_senses(TABLE))
    embedder.embed(
        ["De gemeente en de burgercollectieven werken samen.", "The municipality works with them."]
    )
    embedder.embed_query("Hoe werkt de gemeente samen met burgercollectieven?")
    assert inner.seen == [
        "De municipality council en de collectives citizens werken together jointly.",
        "The municipality works with them.",
        "Hoe werkt de municipality council together jointly met collectives citizens?",
    ]
    # chunks are cut by the tokens of the text as stored; the model and its limit are the inner model's
    assert embedder.count_tokens("de gemeente") == 2 and embedder.max_tokens == 256
    assert embedder.model_id == "english-model+nl-gloss"


def test_the_shipped_glossary_glosses_the_corpus_words() -> None:
    embedder = GlossingEmbedder(RecordingEmbedder())
    assert embedder.english("Wat is een wooncoöperatie?").startswith("Wat is een housing cooperative")
    assert embedder.english("What is a housing cooperative?") == "What is a housing cooperative?"
