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
from bot.store import DenseHit, StoredChunk

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
    """``vectors_of``, ``query`` (with Chroma's ``$and`` of equality filters), ``get`` and ``has_language``
    over CHUNKS; counts the searches."""

    def __init__(self) -> None:
        self.language_checks: list[tuple[str, str]] = []
        self.searches = 0

    def vectors_of(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {i: np.array(CHUNKS[i][1], dtype=np.float32) for i in ids if i in CHUNKS}

    def query(self, vector: np.ndarray, n: int, where: Mapping[str, Any] | None = None) -> list[DenseHit]:
        self.searches += 1
        wanted = {k: v for f in (where or {}).get("$and", []) for k, v in f.items()}
        chosen = [i for i, (m, _) in CHUNKS.items() if all(m.get(k) == v for k, v in wanted.items())]
        unit = np.array(vector) / np.linalg.norm(vector)
        cosine = {i: float(np.dot(unit, CHUNKS[i][1]) / np.linalg.norm(CHUNKS[i][1])) for i in chosen}
        return [DenseHit(i, cosine[i]) for i in sorted(chosen, key=lambda i: -cosine[i])[:n]]

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        return [StoredChunk(i, f"tekst {i}", dict(CHUNKS[i][0])) for i in ids if i in CHUNKS]

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


def test_only_the_first_passages_are_settled() -> None:
    index = _FakeIndex()
    passages = [_passage("wet-1"), _passage("nl-4"), _passage("en-pre")]
    found = Counterparts(index).in_language(passages, "en", "v1", first=2)  # type: ignore[arg-type]
    assert _ids(found.passages) == ["wet-1", "en-4b", "en-pre"] and index.searches == 1
    found = Counterparts(_FakeIndex()).in_language(passages, "nl", "v1", first=1)  # type: ignore[arg-type]
    assert _ids(found.passages) == ["wet-1", "nl-4", "en-pre"]


def test_a_passage_without_an_article_takes_the_closest_chunk_of_its_document() -> None:
    found = Counterparts(_FakeIndex()).in_language([_passage("en-pre")], "nl", "v1")  # type: ignore[arg-type]
    assert _ids(found.passages) == ["nl-pre"]


def test_a_counterpart_is_searched_once_per_corpus_version() -> None:
    index = _FakeIndex()
    counterparts = Counterparts(index)  # type: ignore[arg-type]
    for version in ("v1", "v1", "v2"):
        assert _ids(counterparts.in_language([_passage("nl-4")], "en", version).passages) == ["en-4b"]
    assert index.searches == 2


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
