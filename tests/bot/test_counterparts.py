"""A bilingual document's passages in the question's language (bot/retrieval/counterparts.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest

from bot.answer.types import Passage
from bot.components import Components
from bot.language import detect_language
from bot.retrieval.counterparts import Counterparts
from bot.store import StoredChunk

# a treaty's article 4 in two languages (English cut into two chunks, Dutch into one) and its preamble,
# and a statute in Dutch only; vectors in two dimensions
CHUNKS = {
    "en-4a": ({"source": "treaty", "article": "4", "language": "en"}, [1.0, 0.0]),
    "en-4b": ({"source": "treaty", "article": "4", "language": "en"}, [0.0, 1.0]),
    "nl-4": ({"source": "treaty", "article": "4", "language": "nl"}, [0.1, 0.9]),
    "en-pre": ({"source": "treaty", "language": "en"}, [1.0, 1.0]),
    "nl-pre": ({"source": "treaty", "language": "nl"}, [0.9, 1.0]),
    "wet-1": ({"source": "statute", "article": "1", "language": "nl"}, [1.0, 0.0]),
}


class _FakeIndex:
    """``with_vectors`` and ``has_language`` over CHUNKS, with Chroma's ``$and`` of equality filters."""

    def __init__(self) -> None:
        self.language_checks: list[tuple[str, str]] = []

    def _chunk(self, chunk_id: str) -> tuple[StoredChunk, np.ndarray]:
        metadata, vector = CHUNKS[chunk_id]
        return StoredChunk(chunk_id, f"tekst {chunk_id}", dict(metadata)), np.array(vector, dtype=np.float32)

    def with_vectors(
        self, ids: Sequence[str] | None = None, where: Mapping[str, Any] | None = None
    ) -> list[tuple[StoredChunk, np.ndarray]]:
        wanted = {k: v for f in (where or {}).get("$and", []) for k, v in f.items()}
        chosen = ids if ids is not None else list(CHUNKS)
        return [self._chunk(i) for i in chosen if all(CHUNKS[i][0].get(k) == v for k, v in wanted.items())]

    def has_language(self, source: str, language: str) -> bool:
        self.language_checks.append((source, language))
        return any(m["source"] == source and m["language"] == language for m, _ in CHUNKS.values())


def _passage(chunk_id: str, score: float = 1.0) -> Passage:
    metadata = CHUNKS[chunk_id][0]
    return Passage(
        chunk_id,
        f"tekst {chunk_id}",
        metadata["source"],
        "",
        score,
        article=metadata.get("article"),
        language=metadata["language"],
    )


def _ids(passages: Sequence[Passage]) -> list[str]:
    return [p.id for p in passages]


def test_a_passage_in_the_other_language_becomes_the_closest_chunk_of_its_article() -> None:
    found = Counterparts(_FakeIndex()).in_language(  # type: ignore[arg-type]
        [_passage("nl-4", 0.9), _passage("wet-1", 0.5)], "en", "v1"
    )
    assert _ids(found.passages) == ["en-4b", "wet-1"]  # en-4b is nl-4's closest; the statute stays Dutch
    assert found.passages[0].score == 0.9 and found.passages[0].text == "tekst en-4b"
    assert found.replaced == {"en-4b": "nl-4"}


def test_a_counterpart_found_already_keeps_its_better_rank() -> None:
    found = Counterparts(_FakeIndex()).in_language(  # type: ignore[arg-type]
        [_passage("en-4b"), _passage("wet-1"), _passage("nl-4")], "en", "v1"
    )
    assert _ids(found.passages) == ["en-4b", "wet-1"]


def test_a_preamble_is_matched_with_the_other_preamble() -> None:
    found = Counterparts(_FakeIndex()).in_language([_passage("en-pre")], "nl", "v1")  # type: ignore[arg-type]
    assert _ids(found.passages) == ["nl-pre"]


def test_passages_in_the_question_language_and_one_language_documents_stay() -> None:
    index = _FakeIndex()
    counterparts = Counterparts(index)  # type: ignore[arg-type]
    passages = [_passage("nl-4"), _passage("wet-1")]
    found = counterparts.in_language(passages, "nl", "v1")
    assert found.passages == passages and found.replaced == {}
    counterparts.in_language([_passage("wet-1")], "en", "v1")
    counterparts.in_language([_passage("wet-1")], "en", "v1")
    assert index.language_checks == [("statute", "en")]  # asked once per corpus version
    counterparts.in_language([_passage("wet-1")], "en", "v2")
    assert index.language_checks == [("statute", "en"), ("statute", "en")]


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "language"),
    [
        # found the Protocol's art. 5 and the Charter's art. 15 in Dutch before (session 26)
        ("Can a country ratify the Additional Protocol without having ratified the Charter?", "en"),
        (
            "Does the Charter say local authorities must be consulted before decisions that concern them?",
            "en",
        ),
        ("Kan een staat het Protocol opzeggen?", "nl"),
    ],
)
def test_the_treaties_are_quoted_in_the_language_of_the_question(
    components: Components, question: str, language: str
) -> None:
    found = components.search.search(question).passages[:5]
    treaty = [p for p in found if p.source.startswith("coe_")]
    assert treaty and all(p.language == language for p in treaty)
    answer = components.service.answer(question)
    cited = [c.passage for c in answer.citations if c.passage.source.startswith("coe_")]
    assert cited and all(detect_language(p.text) == language for p in cited)
