"""A bilingual document's passage in the language of the question.

The European Charter of Local Self-Government and its Additional Protocol are in the corpus in English and
in Dutch, article by article. A search finds whichever version shares more with the question, and the
extractive composer quotes what it finds: 45 of the 180 treaty passages cited in English answers were the
Dutch text (eval, session 26) while the English text of the same article was in the index.

The ingest records, for each chunk of a document that holds more than one language, its counterpart in
each other language (``with_counterparts``): the chunk of the same article in that language closest to it
in meaning (an article may be cut into a different number of chunks in each language), or for a chunk
without an article (a preamble) the closest chunk of the document in that language without one either. It
is stored in the chunk's metadata as ``counterpart_<language>``. ``Counterparts.in_language`` then puts
each passage's counterpart in the question's language in its place, read by id with one request, and
drops a passage whose counterpart ranks higher already. Documents in one language stay as found, and so
does every passage of an index built before counterparts were recorded (``wijzer ingest`` records them).

Session 26 searched for each counterpart while answering: a Chroma search filtered by document, language
and article costs ~25 ms on 100,000 chunks, paid once per passage and process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from bot.answer.types import Passage
from bot.language import Language
from bot.retrieval.cosine import cosines, unit_rows
from bot.retrieval.passages import to_passage
from bot.store import ChunkIndex, Metadata, StoredChunk


def counterpart_key(language: str) -> str:
    """The metadata key of a chunk's counterpart in ``language``."""
    return f"counterpart_{language}"


def with_counterparts(
    ids: Sequence[str], metadatas: Sequence[Metadata], vectors: np.ndarray
) -> list[Metadata]:
    """The metadata of one document's chunks (``vectors``: their vectors, row by row), each with the id of
    its counterpart in every other language the document holds; a chunk whose article has no chunk in a
    language gets none in it. A document in one language comes back as it was."""
    out: list[Metadata] = [dict(m) for m in metadatas]
    languages = sorted({str(m["language"]) for m in metadatas if m.get("language")})
    if len(languages) < 2:
        return out
    unit = unit_rows(vectors)
    at_place: dict[tuple[object, object], list[int]] = {}  # (language, article) -> rows
    for j, other in enumerate(metadatas):
        at_place.setdefault((other.get("language"), other.get("article")), []).append(j)
    for i, metadata in enumerate(metadatas):
        for language in languages:
            same_place = at_place.get((language, metadata.get("article")), [])
            if language != metadata.get("language") and same_place:
                closest = same_place[int(np.argmax(cosines(unit[same_place], unit[i])))]
                out[i][counterpart_key(language)] = ids[closest]
    return out


@dataclass(frozen=True)
class InLanguage:
    passages: list[Passage]
    replaced: dict[str, str] = field(default_factory=dict)  # counterpart id -> the id it stands in for


class Counterparts:
    def __init__(self, index: ChunkIndex) -> None:
        self.index = index

    def in_language(
        self, passages: Sequence[Passage], language: Language, chunks: Mapping[str, StoredChunk]
    ) -> InLanguage:
        """``passages`` with each one of another language replaced by its counterpart in ``language``;
        ``chunks``: the stored chunks of the passages (their metadata names the counterparts), and of any
        other chunk read already."""
        key = counterpart_key(language)
        wanted: dict[str, str] = {}
        for passage in passages:
            chunk = chunks.get(passage.id)
            counterpart = chunk.metadata.get(key) if chunk is not None else None
            if counterpart and passage.language != language:
                wanted[passage.id] = str(counterpart)
        missing = [i for i in dict.fromkeys(wanted.values()) if i not in chunks]  # two may share one
        read = {c.id: c for c in self.index.get(missing)}
        result: list[Passage] = []
        replaced: dict[str, str] = {}
        seen: set[str] = set()
        for passage in passages:
            chosen = passage
            wanted_id = wanted.get(passage.id, "")
            counterpart = chunks.get(wanted_id) or read.get(wanted_id)
            if counterpart is not None:
                chosen = to_passage(counterpart, passage.score)
                replaced.setdefault(counterpart.id, passage.id)
            if chosen.id not in seen:
                seen.add(chosen.id)
                result.append(chosen)
        return InLanguage(result, replaced)
