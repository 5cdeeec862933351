"""The sentence index (unit, seeded vectors): a sentence two chunks share points at both, a chunk counts
its closest sentence, the passage and sentence cosines add up, and the file on disk is rebuilt from the
chunks when it is missing or damaged. The real ingest and search path is tested in
tests/ingest/test_pipeline.py (embedded Chroma) and tests/ingest/test_server_mode.py (a Chroma server)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from bot.answer.quotable import quotable_sentences
from bot.retrieval.companion import CompanionSearch
from bot.retrieval.sentence_index import SentenceIndex, SentenceStore, whole_passage, with_closest_sentences

A = "De gemeente steunt het burgerinitiatief met een subsidie."
B = "Het bewonersbedrijf beheert sinds kort het buurthuis zelf."
C = "Leden van de coöperatie besluiten samen over de investeringen."
D = "De raad stelt elk jaar een beleidsplan voor de Wmo vast."

DIRECTIONS = {A: [1.0, 0.0, 0.0], B: [0.0, 1.0, 0.0], C: [0.0, 0.0, 1.0], D: [0.6, 0.8, 0.0]}


def vectors_of(sentences: list[str]) -> np.ndarray:
    """Fixed directions for the sentences above, seeded random ones for any other."""
    rng = np.random.default_rng(7)
    return np.array([DIRECTIONS.get(s) or rng.normal(size=3).tolist() for s in sentences], dtype=np.float32)


CHUNKS = [("c1", f"{A} {B}"), ("c2", f"{B} {C}"), ("c3", D)]  # c1 and c2 share B (a chunk's overlap)


def test_a_sentence_two_chunks_share_is_stored_once_and_points_at_both() -> None:
    index = SentenceIndex.build(CHUNKS, vectors_of)
    assert len(index) == 4
    assert index.closest(np.array([0.0, 1.0, 0.0]), 2) == pytest.approx({"c1": 1.0, "c2": 1.0})


def test_each_chunk_counts_its_closest_sentence() -> None:
    index = SentenceIndex.build(CHUNKS, vectors_of)
    closest = index.closest(np.array([2.0, 0.0, 0.0]), 3)  # any length: the question is normalised
    assert list(closest) == ["c1", "c3", "c2"]
    assert closest == pytest.approx({"c1": 1.0, "c3": 0.6, "c2": 0.0})
    assert SentenceIndex.build([], vectors_of).closest(np.ones(3), 3) == {}


def test_many_sentences_of_one_chunk_do_not_hide_the_next_chunk() -> None:
    """The first 4n sentences may all be one chunk's: the search looks further until it has n chunks."""
    many = " ".join(f"Zin nummer {i} over het burgerinitiatief in de wijk." for i in range(30))
    directions = {s: [1.0, 0.01 * i, 0.0] for i, s in enumerate(f"{many} ".split(". ")) if s}
    index = SentenceIndex.build(
        [("long", many), ("other", C)],
        lambda sentences: np.array(
            [directions.get(s.rstrip("."), [0.0, 0.0, 1.0]) for s in sentences], dtype=np.float32
        ),
    )
    assert len(index) == 31
    assert list(index.closest(np.array([1.0, 0.0, 0.0]), 2)) == ["long", "other"]


def test_passage_and_sentence_closeness_add_up() -> None:
    dense = {"c1": 0.5, "c2": 0.3}
    closest = {"c1": 0.8, "c3": 0.6}
    combined = with_closest_sentences(dense, closest, 1.0)
    # c2 was not among the closest sentences' chunks: it counts their lowest (0.6); c3 the lowest dense
    assert combined == pytest.approx({"c1": 1.3, "c2": 0.9, "c3": 0.9})
    assert with_closest_sentences(dense, closest, 0.0) == dense
    assert with_closest_sentences(dense, {}, 1.0) == dense


class FakeChunkIndex:
    """What the store reads of a ChunkIndex: its collection's name and its chunks."""

    def __init__(self, chunks: list[tuple[str, str]]) -> None:
        self.settings = SimpleNamespace(chroma=SimpleNamespace(collection="wijzer"))
        self.chunks = chunks
        self.reads = 0

    def iter_chunks(self):  # type: ignore[no-untyped-def]
        self.reads += 1
        return iter([SimpleNamespace(id=i, text=t) for i, t in self.chunks])


def test_the_store_keeps_one_file_per_version_and_rebuilds_a_missing_or_damaged_one(tmp_path: Path) -> None:
    chunk_index = FakeChunkIndex(CHUNKS)
    embedded: list[str] = []

    def counting(sentences: list[str]) -> np.ndarray:
        embedded.extend(sentences)
        return vectors_of(sentences)

    store = SentenceStore(chunk_index, tmp_path, "fake-model", counting)  # type: ignore[arg-type]
    built = store.rebuild("v1", CHUNKS)
    assert chunk_index.reads == 0 and len(embedded) == 4  # the ingest hands over the chunks it read
    files = list((tmp_path / "sentence-index").glob("*.npz"))
    assert len(files) == 1

    fresh = SentenceStore(chunk_index, tmp_path, "fake-model", counting)  # type: ignore[arg-type]
    loaded = fresh.get("v1")
    assert loaded.chunk_ids == built.chunk_ids and np.array_equal(loaded.vectors, built.vectors)
    assert len(embedded) == 4 and chunk_index.reads == 0  # read from disk: nothing embedded again

    files[0].write_bytes(b"not a numpy file")
    damaged = SentenceStore(chunk_index, tmp_path, "fake-model", counting)  # type: ignore[arg-type]
    assert damaged.get("v1").closest(np.array([0.0, 0.0, 1.0]), 1) == pytest.approx({"c2": 1.0})
    assert chunk_index.reads == 1  # rebuilt from the chunks in the index

    other = tmp_path / "sentence-index" / "wijzer-test-v1-abc123-v1.npz"  # another collection's index
    other.write_bytes(b"kept")
    chunk_index.chunks = [("c9", C)]
    assert list(damaged.get("v2").closest(np.array([0.0, 0.0, 1.0]), 3)) == ["c9"]
    assert sorted(f.name for f in (tmp_path / "sentence-index").glob("*.npz")) == sorted(
        [store._file("v2").name, other.name]  # the old version's file is gone, the other collection's kept
    )


def test_a_new_version_embeds_only_the_sentences_the_last_one_lacks(tmp_path: Path) -> None:
    """A later ingest (a new process: nothing in memory) reuses the vectors of the newest index on disk
    of the same model, so beyond the sentence memo's size it still embeds only what changed; an index of
    another model is no source of vectors; a rebuild of the same version embeds nothing."""
    embedded: list[str] = []

    def counting(sentences: list[str]) -> np.ndarray:
        embedded.extend(sentences)
        return vectors_of(sentences)

    def store(model: str) -> SentenceStore:
        return SentenceStore(FakeChunkIndex(CHUNKS), tmp_path, model, counting)  # type: ignore[arg-type]

    store("model-a").rebuild("v1", CHUNKS)
    assert len(embedded) == 4
    embedded.clear()
    store("model-a").rebuild(
        "v2", [*CHUNKS[:2], ("c4", "Een nieuwe zin over de wooncoöperatie en haar leden.")]
    )
    assert embedded == ["Een nieuwe zin over de wooncoöperatie en haar leden."]
    embedded.clear()
    store("model-b").rebuild("v2", CHUNKS)
    assert len(embedded) == 4  # another model's vectors are not reused
    embedded.clear()
    # the same version again (an ingest with nothing to index that derives again): its own file's vectors
    store("model-b").rebuild("v2", CHUNKS)
    assert embedded == []


def test_whole_passages_as_units_give_one_vector_per_chunk_in_their_own_folder(tmp_path: Path) -> None:
    """The companion model's passage index: each chunk one unit (its whole text), its cosine the chunk's,
    in a folder of its own beside the sentence index."""
    texts = {CHUNKS[0][1]: [1.0, 0.0, 0.0], CHUNKS[1][1]: [0.0, 1.0, 0.0], CHUNKS[2][1]: [0.6, 0.8, 0.0]}
    embedded: list[str] = []

    def passage_vectors(units: list[str]) -> np.ndarray:
        embedded.extend(units)
        return np.array([texts[u] for u in units], dtype=np.float32)

    store = SentenceStore(
        FakeChunkIndex(CHUNKS),  # type: ignore[arg-type]
        tmp_path,
        "companion-model",
        passage_vectors,
        units=whole_passage,
        folder="companion-index",
    )
    index = store.rebuild("v1", [*CHUNKS, ("empty", "  ")])
    assert embedded == [text for _, text in CHUNKS] and len(index) == 3
    assert index.closest(np.array([0.0, 2.0, 0.0]), 3) == pytest.approx({"c2": 1.0, "c3": 0.8, "c1": 0.0})
    assert [f.parent.name for f in tmp_path.rglob("*.npz")] == ["companion-index"]


def test_the_companion_adds_its_closest_sentence_to_a_passages_cosine(tmp_path: Path) -> None:
    """``retrieval.companion_sentence_weight``: the companion's closeness of a passage is its passage
    vector's cosine plus the weight × its closest sentence's, best first, at most ``n``; weight 0 (or no
    sentence index) leaves the passage cosines alone."""
    passages = {CHUNKS[0][1]: [0.0, 1.0, 0.0], CHUNKS[1][1]: [0.8, 0.6, 0.0], CHUNKS[2][1]: [0.0, 0.0, 1.0]}

    def store(units, folder: str, vectors) -> SentenceStore:  # type: ignore[no-untyped-def]
        return SentenceStore(FakeChunkIndex(CHUNKS), tmp_path, "companion", vectors, units, folder)  # type: ignore[arg-type]

    whole = store(whole_passage, "companion-index", lambda u: np.array([passages[t] for t in u], np.float32))
    sentences = store(quotable_sentences, "companion-sentence-index", vectors_of)
    embedder = SimpleNamespace(embed_query=lambda question: np.array([1.0, 0.0, 0.0], np.float32))
    question = embedder.embed_query("vraag")
    alone = CompanionSearch(embedder, whole).closest(question, "v1", 2)  # type: ignore[arg-type]
    assert alone == pytest.approx({"c2": 0.8, "c1": 0.0})
    both = CompanionSearch(embedder, whole, sentences, sentence_weight=0.5)  # type: ignore[arg-type]
    # c1 holds A (cosine 1.0): 0.0 + 0.5; c2 holds B and C (0.0): 0.8 + 0.0; c3 holds D (0.6): 0.0 + 0.3
    assert both.closest(question, "v1", 3) == pytest.approx({"c2": 0.8, "c1": 0.5, "c3": 0.3})
    assert list(both.closest(question, "v1", 2)) == ["c2", "c1"]
    assert CompanionSearch(embedder, whole, sentences).closest(question, "v1", 2) == alone  # type: ignore[arg-type]
