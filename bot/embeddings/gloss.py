"""An English embedding model reads Dutch text through the corpus glossary, word by word.

all-MiniLM-L6-v2 knows no Dutch: it splits a Dutch word into English word pieces and places the passage by
them, so on the tuning questions its dense search alone found the expected passage in the top 5 for 77 of
438. Each Dutch word replaced by its first two English senses from ``bot/retrieval/corpus_glossary.tsv``
("burgercollectieven" → "collectives citizens", "wooncoöperatie" → "housing cooperative") gives it English to
read: the same search on glossed passages and glossed Dutch questions found 159 (one sense: 136, three:
147; docs/retrieval.md, session 25). The
gloss has no Dutch word order or grammar; the model reads it as a bag of English content words, which is
what its search uses. English text (the treaties' English version, an English question) is embedded as
written. The index stores the text as written: only the vectors come from the gloss.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import numpy as np

from bot.embeddings.base import Embedder
from bot.language import detect_language
from bot.retrieval.analysis import fold
from bot.retrieval.synonyms import CorpusGlossary, default_synonyms
from bot.settings import GLOSS_SUFFIX

SENSES = 2  # English senses per Dutch word, primary first
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def primary_senses(glossary: CorpusGlossary, count: int = SENSES) -> dict[str, str]:
    """Dutch word (folded) → its first ``count`` English senses; words glossed "-" (names, English words,
    fragments) are not in it, and stay as written."""
    return {dutch: " ".join(senses[:count]) for dutch, senses in glossary.senses.items()}


def gloss(text: str, senses: Mapping[str, str]) -> str:
    """``text`` with each Dutch word the glossary knows replaced by its English senses."""
    return _WORD.sub(lambda m: senses.get(fold(m.group(0)), m.group(0)), text)


class GlossingEmbedder(Embedder):
    """``inner`` (an English model) embeds the English gloss of Dutch passages and questions."""

    def __init__(self, inner: Embedder, senses: Mapping[str, str] | None = None) -> None:
        self.inner = inner
        self._senses = senses

    @cached_property
    def senses(self) -> Mapping[str, str]:
        if self._senses is not None:
            return self._senses
        return primary_senses(default_synonyms().corpus)  # the table query expansion has loaded already

    def english(self, text: str) -> str:
        """The text the model reads: Dutch glossed, English as written."""
        return gloss(text, self.senses) if detect_language(text) == "nl" else text

    @property
    def model_id(self) -> str:
        return self.inner.model_id + GLOSS_SUFFIX

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def count_tokens(self, text: str) -> int:
        """Tokens of what the model reads, the gloss: chunks are cut by them, so a passage fills the
        model's window. Counted on the Dutch as written (which the English tokenizer splits into word
        pieces, about half again as many), passages used two thirds of it (docs/retrieval.md, session 31)."""
        return self.inner.count_tokens(self.english(text))

    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        return self.inner.embed([self.english(t) for t in texts], show_progress)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(self.english(text))

    @property
    def model(self) -> Any:
        return self.inner.model

    @property
    def dimension(self) -> int:
        return self.inner.dimension
