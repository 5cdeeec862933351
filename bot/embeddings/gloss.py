"""An English embedding model reads Dutch text through the corpus glossary, word by word.

all-MiniLM-L6-v2 knows no Dutch: it splits a Dutch word into English word pieces and places the passage by
them, so on the tuning questions its dense search alone found the expected passage in the top 5 for 77 of
438. Each Dutch word replaced by its first two English senses from ``bot/retrieval/corpus_glossary.tsv``
("burgercollectieven" → "collectives citizens", "wooncoöperatie" → "housing cooperative") gives it English to
read: the same search on glossed passages and glossed Dutch questions found 159 (one sense: 136, three:
147; docs/retrieval.md, session 25). The
gloss has no Dutch word order or grammar; the model reads it as a bag of English content words, which is
what its search uses. Function words read as English too (``function_words.tsv``: "niet" → "not", "zonder" →
"without", "de" → "the"), and other Dutch stopwords (question filler) are left out: kept as written, they
were word pieces the model read in every Dutch text alike (session 32: tuning passages found 501 → 509 of
683 and held out 559 → 567 of 768 with the same passages; 513 and 583 cut by the shorter gloss). English
text (the treaties' English version, an English question) is embedded as written. The index stores the text
as written: only the vectors come from the gloss.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from functools import cache, cached_property
from importlib import resources
from typing import Any

import numpy as np

from bot.embeddings.base import Embedder
from bot.language import detect_language
from bot.retrieval.analysis import DUTCH_STOPWORDS, fold
from bot.retrieval.synonyms import CorpusGlossary, default_synonyms
from bot.settings import GLOSS_SUFFIX

SENSES = 2  # English senses per Dutch word, primary first
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SPACES = re.compile(r" {2,}")  # where a dropped word was


def primary_senses(glossary: CorpusGlossary, count: int = SENSES) -> dict[str, str]:
    """Dutch word (folded) → its first ``count`` English senses; words glossed "-" (names, English words,
    fragments) are not in it, and stay as written."""
    return {dutch: " ".join(senses[:count]) for dutch, senses in glossary.senses.items()}


def parse_function_words(text: str) -> dict[str, str]:
    """The lines of ``function_words.tsv`` (Dutch word, TAB, its English; ``#`` comments)."""
    words: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        dutch, sep, english = line.partition("\t")
        if not sep or not dutch.strip() or not english.strip():
            raise ValueError(f"function_words.tsv line {number}: expected 2 TAB-separated columns")
        words[fold(dutch.strip())] = english.strip()
    return words


@cache
def function_words() -> dict[str, str]:
    """The shipped table of Dutch function words and the English the gloss gives them."""
    package = resources.files("bot.embeddings")
    return parse_function_words(package.joinpath("function_words.tsv").read_text(encoding="utf-8"))


def reading_senses(glossary: CorpusGlossary, count: int = SENSES) -> dict[str, str]:
    """What the gloss replaces a Dutch word with: the corpus glossary's senses, else a function word's
    English."""
    return {**function_words(), **primary_senses(glossary, count)}


def gloss(text: str, senses: Mapping[str, str], dropped: Collection[str] = ()) -> str:
    """``text`` with each Dutch word the glossary knows replaced by its English senses, and the words of
    ``dropped`` (Dutch stopwords it has no English for) left out."""

    def english(match: re.Match[str]) -> str:
        word = fold(match.group(0))
        if word in senses:
            return senses[word]
        return "" if word in dropped else match.group(0)

    return _SPACES.sub(" ", _WORD.sub(english, text))


class GlossingEmbedder(Embedder):
    """``inner`` (an English model) embeds the English gloss of Dutch passages and questions."""

    def __init__(
        self,
        inner: Embedder,
        senses: Mapping[str, str] | None = None,
        dropped: Collection[str] = DUTCH_STOPWORDS,
    ) -> None:
        self.inner = inner
        self._senses = senses
        self.dropped = frozenset(dropped)

    @cached_property
    def senses(self) -> Mapping[str, str]:
        if self._senses is not None:
            return self._senses
        return reading_senses(default_synonyms().corpus)  # the table query expansion has loaded already

    def english(self, text: str) -> str:
        """The text the model reads: Dutch glossed, English as written."""
        return gloss(text, self.senses, self.dropped) if detect_language(text) == "nl" else text

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
