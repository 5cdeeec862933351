"""A bilingual document's passage in the language of the question.

The European Charter of Local Self-Government and its Additional Protocol are in the corpus in English and
in Dutch, article by article. A search finds whichever version shares more with the question, and the
extractive composer quotes what it finds: 45 of the 180 treaty passages cited in English answers were the
Dutch text (eval, session 26) while the English text of the same article was in the index. ``in_language``
puts, in a passage's place, the chunk of the same article in the question's language that is closest to it
in meaning (an article may be cut into a different number of chunks in each language), and drops a passage
whose counterpart ranks higher already. A passage without an article (a preamble) takes the closest chunk
of the document in the question's language that has none either. The counterpart is found by one
nearest-neighbour search filtered by document, language and article, so its cost does not grow with the
document, and is remembered per corpus version. Documents in one language stay as found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.answer.types import Passage
from bot.language import Language
from bot.retrieval.passages import to_passage
from bot.store import ChunkIndex


@dataclass(frozen=True)
class InLanguage:
    passages: list[Passage]
    replaced: dict[str, str] = field(default_factory=dict)  # counterpart id -> the id it stands in for


ARTICLELESS_CANDIDATES = 10  # closest chunks searched for the counterpart of a passage without an article
MAX_REMEMBERED = 4096  # counterparts remembered per process (a treaty has a few hundred chunks)
_UNKNOWN = "\0unknown"  # not searched yet (None: searched, and there is none)


class Counterparts:
    def __init__(self, index: ChunkIndex) -> None:
        self.index = index
        self._has: dict[tuple[str, str, str], bool] = {}  # (corpus version, source, language) -> any chunk
        # (corpus version, passage id, language) -> its counterpart's id (None: it has none)
        self._found: dict[tuple[str, str, str], str | None] = {}

    def in_language(
        self, passages: Sequence[Passage], language: Language, version: str, first: int | None = None
    ) -> InLanguage:
        """``passages`` with each one of another language replaced by its counterpart in ``language``; only
        until the ``first`` passages of the result are settled (the rest follow as found): each counterpart
        costs a filtered search, about 25 ms the first time on 100,000 chunks."""
        result: list[Passage] = []
        replaced: dict[str, str] = {}
        seen: set[str] = set()
        for passage in passages:
            chosen = passage
            if (first is None or len(result) < first) and self._translatable(passage, language, version):
                counterpart = self._counterpart(passage, language, version)
                if counterpart is not None:
                    chosen = counterpart
                    replaced.setdefault(counterpart.id, passage.id)
            if chosen.id not in seen:
                seen.add(chosen.id)
                result.append(chosen)
        return InLanguage(result, replaced)

    def _translatable(self, passage: Passage, language: Language, version: str) -> bool:
        if not passage.language or passage.language == language:
            return False
        key = (version, passage.source, language)
        has = self._has.get(key)
        if has is None:
            has = self._has[key] = self.index.has_language(passage.source, language)
        return has

    def _counterpart(self, passage: Passage, language: Language, version: str) -> Passage | None:
        # the chat server answers several questions at once: read the memo once, never after a clear
        key = (version, passage.id, language)
        chunk_id = self._found.get(key, _UNKNOWN)
        if chunk_id is _UNKNOWN:
            chunk_id = self._closest(passage, language)
            if len(self._found) >= MAX_REMEMBERED:
                self._found.clear()
            self._found[key] = chunk_id
        chunks = self.index.get([chunk_id]) if chunk_id else []
        return to_passage(chunks[0], passage.score) if chunks else None

    def _closest(self, passage: Passage, language: Language) -> str | None:
        """The id of the chunk of the same article (or, without one, of the same document and without an
        article) in ``language`` closest to the passage: one filtered nearest-neighbour search, however long
        the document."""
        own = self.index.vectors_of([passage.id]).get(passage.id)
        if own is None:
            return None
        filters: list[dict[str, str]] = [{"source": passage.source}, {"language": language}]
        if passage.article:
            filters.append({"article": passage.article})
            hits = self.index.query(own, 1, where={"$and": filters})
            return hits[0].id if hits else None
        # a filter cannot ask for a missing article: of the closest chunks, the first without one (the
        # English preamble's closest Dutch chunk is the Protocol's article 5, "open voor ondertekening
        # door de lidstaten van de Raad van Europa"; its counterpart is the Dutch preamble)
        hits = self.index.query(own, ARTICLELESS_CANDIDATES, where={"$and": filters})
        found = {c.id: c for c in self.index.get([h.id for h in hits])}
        return next((h.id for h in hits if h.id in found and not found[h.id].metadata.get("article")), None)
