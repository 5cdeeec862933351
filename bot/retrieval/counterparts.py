"""A bilingual document's passage in the language of the question.

The European Charter of Local Self-Government and its Additional Protocol are in the corpus in English and
in Dutch, article by article. A search finds whichever version shares more with the question, and the
extractive composer quotes what it finds: 78 of 180 Charter citations in English answers were the Dutch
text (eval, session 26) while the English text of the same article was in the index. ``in_language``
puts, in a passage's place, the chunk of the same article in the question's language that is closest to it
in meaning (an article may be cut into a different number of chunks in each language), and drops a passage
whose counterpart ranks higher already (a preamble's counterpart is a chunk of the other preamble, without
an article either). Documents in one language stay as found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.answer.types import Passage
from bot.language import Language
from bot.retrieval.cosine import cosines, unit_rows
from bot.retrieval.passages import to_passage
from bot.store import ChunkIndex


@dataclass(frozen=True)
class InLanguage:
    passages: list[Passage]
    replaced: dict[str, str] = field(default_factory=dict)  # counterpart id -> the id it stands in for


class Counterparts:
    def __init__(self, index: ChunkIndex) -> None:
        self.index = index
        self._has: dict[tuple[str, str, str], bool] = {}  # (corpus version, source, language) -> any chunk

    def in_language(self, passages: Sequence[Passage], language: Language, version: str) -> InLanguage:
        """``passages`` with each one of another language replaced by its counterpart in ``language``."""
        swapped: dict[str, Passage] = {}  # original id -> counterpart
        for passage in passages:
            if self._translatable(passage, language, version):
                counterpart = self._counterpart(passage, language)
                if counterpart is not None:
                    swapped[passage.id] = counterpart
        if not swapped:
            return InLanguage(list(passages))
        result: list[Passage] = []
        seen: set[str] = set()
        for passage in passages:
            chosen = swapped.get(passage.id, passage)
            if chosen.id not in seen:
                seen.add(chosen.id)
                result.append(chosen)
        return InLanguage(result, {c.id: original for original, c in swapped.items()})

    def _translatable(self, passage: Passage, language: Language, version: str) -> bool:
        if not passage.language or passage.language == language:
            return False
        key = (version, passage.source, language)
        if key not in self._has:
            self._has[key] = self.index.has_language(passage.source, language)
        return self._has[key]

    def _counterpart(self, passage: Passage, language: Language) -> Passage | None:
        own = self.index.with_vectors(ids=[passage.id])
        filters: list[dict[str, str]] = [{"source": passage.source}, {"language": language}]
        if passage.article:
            filters.append({"article": passage.article})
        others = [
            (chunk, vector)
            for chunk, vector in self.index.with_vectors(where={"$and": filters})
            if chunk.metadata.get("article") == passage.article  # a preamble's counterpart has none either
        ]
        if not own or not others:
            return None
        closeness = cosines(unit_rows(np.stack([vector for _, vector in others])), own[0][1])
        return to_passage(others[int(np.argmax(closeness))][0], passage.score)
