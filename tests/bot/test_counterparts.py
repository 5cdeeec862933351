"""A bilingual document's passages in the question's language (bot/retrieval/counterparts.py)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from bot.answer.types import Passage
from bot.components import Components
from bot.language import Language, detect_language
from bot.retrieval.counterparts import Counterparts, InLanguage, with_counterparts
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


def _stored() -> dict[str, StoredChunk]:
    """CHUNKS as the ingest stores them: with their counterparts."""
    ids = list(CHUNKS)
    vectors = np.array([CHUNKS[i][1] for i in ids], dtype=np.float32)
    metadatas = with_counterparts(ids, [dict(CHUNKS[i][0]) for i in ids], vectors)
    return {i: StoredChunk(i, f"tekst {i}", m) for i, m in zip(ids, metadatas, strict=True)}


class _FakeIndex:
    """``get`` over the stored CHUNKS; records what it was asked for."""

    def __init__(self) -> None:
        self.stored = _stored()
        self.asked: list[list[str]] = []

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        assert len(set(ids)) == len(ids), "Chroma refuses a get with an id twice"
        self.asked.append(list(ids))
        return [self.stored[i] for i in ids if i in self.stored]


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


def _in_language(ids: Sequence[str], language: Language, index: _FakeIndex | None = None) -> InLanguage:
    """``ids`` as passages (scores falling) in ``language``; their own chunks are read already."""
    index = index or _FakeIndex()
    passages = [_passage(i, 1.0 - n / 10) for n, i in enumerate(ids)]
    read = {i: index.stored[i] for i in ids}
    return Counterparts(index).in_language(passages, language, read)  # type: ignore[arg-type]


def test_the_ingest_names_the_closest_chunk_of_the_same_article_in_each_other_language() -> None:
    stored = _stored()
    assert stored["nl-4"].metadata["counterpart_en"] == "en-4b"  # the closer of the two English chunks
    assert stored["en-4a"].metadata["counterpart_nl"] == "nl-4"
    assert stored["en-4b"].metadata["counterpart_nl"] == "nl-4"
    # a preamble (no article) has the other preamble, never an article
    assert stored["en-pre"].metadata["counterpart_nl"] == "nl-pre"
    assert stored["nl-pre"].metadata["counterpart_en"] == "en-pre"
    assert "counterpart_en" not in stored["en-4a"].metadata  # none in its own language


def test_an_article_missing_in_a_language_and_a_one_language_document_name_no_counterpart() -> None:
    ids = ["en-5", "nl-4"]
    metadatas = [
        {"source": "treaty", "article": "5", "language": "en"},
        {"source": "treaty", "article": "4", "language": "nl"},
    ]
    vectors = np.eye(2, dtype=np.float32)
    assert with_counterparts(ids, metadatas, vectors) == metadatas
    statute = [{"source": "statute", "article": "1", "language": "nl"}]
    assert with_counterparts(["wet-1"], statute, np.ones((1, 2), dtype=np.float32)) == statute


def test_a_passage_in_the_other_language_becomes_its_counterpart() -> None:
    index = _FakeIndex()
    found = _in_language(["nl-4", "wet-1"], "en", index)
    assert _ids(found.passages) == ["en-4b", "wet-1"]  # the statute stays Dutch
    assert found.passages[0].score == 1.0 and found.passages[0].text == "tekst en-4b"
    assert found.replaced == {"en-4b": "nl-4"}
    assert index.asked == [["en-4b"]]  # one read, of what was not read already


def test_a_counterpart_found_already_keeps_its_better_rank() -> None:
    assert _ids(_in_language(["en-4b", "wet-1", "nl-4"], "en").passages) == ["en-4b", "wet-1"]


def test_two_passages_with_one_counterpart_read_it_once_and_give_it_once() -> None:
    index = _FakeIndex()
    found = _in_language(["en-4a", "en-4b", "wet-1"], "nl", index)
    assert _ids(found.passages) == ["nl-4", "wet-1"] and index.asked == [["nl-4"]]
    assert found.replaced == {"nl-4": "en-4a"}


def test_a_passage_without_an_article_takes_the_other_preamble() -> None:
    assert _ids(_in_language(["en-pre"], "nl").passages) == ["nl-pre"]


def test_passages_in_the_question_language_and_one_language_documents_stay() -> None:
    index = _FakeIndex()
    found = _in_language(["nl-4", "wet-1"], "nl", index)
    assert _ids(found.passages) == ["nl-4", "wet-1"] and found.replaced == {}
    assert _ids(_in_language(["wet-1"], "en", index).passages) == ["wet-1"]
    assert index.asked == [[], []]


def test_a_passage_of_an_index_built_without_counterparts_stays() -> None:
    index = _FakeIndex()
    index.stored["nl-4"] = StoredChunk("nl-4", "tekst nl-4", dict(CHUNKS["nl-4"][0]))
    assert _ids(_in_language(["nl-4"], "en", index).passages) == ["nl-4"]


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
