"""Ingest into a real `chroma run` server: incremental runs, a server that goes away, and comes back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.components import Components
from bot.settings import Settings
from bot.store import ChunkIndex, IndexUnavailableError, describe_location
from ingest.pipeline import Ingestor
from ingest.state import dirty_marker, load_state
from tests.chroma_server import chroma_server
from tests.conftest import (
    CORPUS_DIR,
    SMALL,
    assert_articles_are_found_by_number,
    assert_citations_are_recorded,
    assert_counterparts_are_recorded,
    assert_neighbours_walk_each_document,
    make_settings,
    noop_only_ingestor,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def server_settings(tmp_path: Path, corpus: Path, host: str, port: int) -> Settings:
    return make_settings(tmp_path / "data", corpus, WIJZER_CHROMA_HOST=host, WIJZER_CHROMA_PORT=str(port))


def ingest(settings: Settings, embedder, index: ChunkIndex | None = None):  # type: ignore[no-untyped-def]
    return Ingestor(settings, lambda: embedder, lambda: index or ChunkIndex(settings)).run()


def state_ids(settings: Settings) -> dict[str, set[str]]:
    return {source: set(f.chunk_ids) for source, f in load_state(settings.data_dir).files.items()}


def assert_index_matches_state(settings: Settings) -> None:
    index = ChunkIndex(settings)
    state = load_state(settings.data_dir)
    assert index.ids_by_source() == state_ids(settings)
    assert index.count() == state.chunk_count
    assert not dirty_marker(settings.data_dir).exists()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


PROTOCOL = "coe_aanvullend_protocol_europees_handvest_lokale_autonomie_recht_op_participatie_en_nl.md"


def test_a_treaty_in_a_chroma_server_is_quoted_in_the_language_of_the_question(
    tmp_path: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (PROTOCOL, "manifest.yaml"):
        shutil.copy(CORPUS_DIR / name, corpus / name)
    with chroma_server(tmp_path / "server") as (host, port):
        settings = server_settings(tmp_path, corpus, host, port)
        assert ingest(settings, embedder).ok
        assert_counterparts_are_recorded(ChunkIndex(settings))
        assert_citations_are_recorded(ChunkIndex(settings))
        search = Components(settings).search
        for question, language in [
            ("Kan een staat het Protocol opzeggen?", "nl"),
            ("Can a state denounce the Protocol?", "en"),
        ]:
            found = search.search(question, language=language).passages[:5]
            assert found and all(p.language == language for p in found)


def test_incremental_ingest_into_a_chroma_server(tmp_path: Path, small_corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    with chroma_server(tmp_path / "server") as (host, port):
        settings = server_settings(tmp_path, small_corpus, host, port)
        assert settings.chroma.mode == "server"
        assert describe_location(settings) == f"Chroma server at http://127.0.0.1:{port}"

        first = ingest(settings, embedder)
        assert first.ok and sorted(first.added) == sorted(SMALL)
        assert first.chunks_embedded == first.total_chunks > 0
        assert_index_matches_state(settings)
        assert set(state_ids(settings)) == set(SMALL)
        state = load_state(settings.data_dir)
        assert state.index_location == describe_location(settings)
        assert ChunkIndex(settings).state() == {
            "corpus_version": first.corpus_version,
            "embedding_model": settings.embedding.index_id,
        }
        assert not settings.chroma_path.exists(), "server mode must not write an embedded store"
        assert_neighbours_walk_each_document(Components(settings))
        assert_articles_are_found_by_number(ChunkIndex(settings))

        again = noop_only_ingestor(settings).run()
        assert sorted(again.unchanged) == sorted(SMALL)
        assert (again.added, again.updated, again.deleted, again.chunks_embedded) == ([], [], [], 0)
        assert again.corpus_version == first.corpus_version

        old_ids = state_ids(settings)[SMALL[1]]
        edit(small_corpus / SMALL[1], "wooncoöperatie", "woonvereniging")
        changed = ingest(settings, embedder)
        assert changed.ok and changed.updated == [SMALL[1]] and changed.added == []
        assert sorted(changed.unchanged) == sorted(set(SMALL) - {SMALL[1]})
        assert changed.corpus_version != first.corpus_version
        assert_index_matches_state(settings)
        assert state_ids(settings)[SMALL[1]] != old_ids
        texts = [c.text for c in ChunkIndex(settings).iter_chunks() if c.metadata["source"] == SMALL[1]]
        assert texts and all("wooncoöperatie" not in t for t in texts)
        assert ChunkIndex(settings).state()["corpus_version"] == changed.corpus_version


def test_a_wiped_server_is_noticed_without_force(tmp_path: Path, small_corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    """The no-op check asks the server (one HTTP request, no model, no chromadb client): a collection
    that was deleted, or re-ingested from elsewhere, makes the next plain `ingest` rebuild it."""
    from bot.store import server_state

    with chroma_server(tmp_path / "server") as (host, port):
        settings = server_settings(tmp_path, small_corpus, host, port)
        first = ingest(settings, embedder)
        assert first.ok
        assert server_state(settings) == {
            "corpus_version": first.corpus_version,
            "embedding_model": settings.embedding.index_id,
        }
        assert noop_only_ingestor(settings).run().chunks_embedded == 0

        ChunkIndex(settings)._client.delete_collection(settings.chroma.collection)
        assert server_state(settings) == {}
        rebuilt = ingest(settings, embedder)
        assert rebuilt.ok and sorted(rebuilt.added) == sorted(SMALL)
        assert rebuilt.chunks_embedded == rebuilt.total_chunks == first.total_chunks
        assert_index_matches_state(settings)

    assert server_state(settings) is None, "a server that is gone cannot be asked"


def test_stopped_server_is_reported_and_data_survives_a_restart(
    tmp_path: Path,
    small_corpus: Path,
    embedder,  # type: ignore[no-untyped-def]
) -> None:
    server_dir = tmp_path / "server"
    with chroma_server(server_dir) as (host, port):
        settings = server_settings(tmp_path, small_corpus, host, port)
        first = ingest(settings, embedder)
        assert first.ok
        opened = ChunkIndex(settings)  # a client made while the server was up
        before = opened.ids_by_source()
        assert before == state_ids(settings)

    # the server is gone: a new client and one opened earlier both say what to do
    with pytest.raises(IndexUnavailableError, match="chroma run") as fresh:
        ChunkIndex(settings).count()
    assert f"--port {port}" in str(fresh.value) and "Chroma server at" in str(fresh.value)
    with pytest.raises(IndexUnavailableError, match="chroma run") as stale:
        opened.count()
    assert f"--port {port}" in str(stale.value)

    # an ingest with work to do fails the same way, whether the server was gone before it started ...
    edit(small_corpus / SMALL[0], "raad", "gemeenteraad")
    with pytest.raises(IndexUnavailableError, match="chroma run"):
        ingest(settings, embedder)
    assert not dirty_marker(settings.data_dir).exists()
    assert state_ids(settings) == before
    # ... or went away while the run had the index open
    with pytest.raises(IndexUnavailableError, match="chroma run"):
        ingest(settings, embedder, opened)
    assert state_ids(settings) == before
    assert dirty_marker(settings.data_dir).exists()  # the index was being written: repair next time

    # same path, same port: the data is still there, and the next ingest finishes the interrupted work
    with chroma_server(server_dir, port=port):
        index = ChunkIndex(settings)
        assert index.ids_by_source() == before
        assert index.state()["corpus_version"] == first.corpus_version
        resumed = ingest(settings, embedder)
        assert resumed.ok and resumed.repaired and resumed.updated == [SMALL[0]]
        assert resumed.corpus_version != first.corpus_version
        assert_index_matches_state(settings)
        texts = [c.text for c in ChunkIndex(settings).iter_chunks() if c.metadata["source"] == SMALL[0]]
        assert any("gemeenteraad" in t for t in texts)


def test_the_sentence_and_companion_indexes_are_built_from_the_server_and_rebuilt_when_missing(
    tmp_path: Path, small_corpus: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    """``retrieval.sentence_weight`` against a Chroma server: the ingest builds the sentence index from the
    chunks on the server, and an app process whose data folder lacks it rebuilds it from the server, to
    the same index (the same sentences, vectors and chunks); so are the companion model's passage and
    sentence vectors (the default ``embedding.companion`` and ``retrieval.companion_sentence_weight``)."""
    import numpy as np

    from bot.retrieval.sentence_index import SentenceIndex

    with chroma_server(tmp_path / "server") as (host, port):
        settings = make_settings(
            tmp_path / "data",
            small_corpus,
            WIJZER_CHROMA_HOST=host,
            WIJZER_CHROMA_PORT=str(port),
            WIJZER_RETRIEVAL_SENTENCE_WEIGHT="1.0",
        )
        ingesting = Components(settings)
        ingesting.__dict__["embedder"] = embedder
        report = ingesting.ingestor().run()
        (built_file,) = (settings.data_dir / "sentence-index").glob("*.npz")
        built = SentenceIndex.load(built_file)
        assert report.ok and built is not None and len(built) > 10
        (companion_file,) = (settings.data_dir / "companion-index").glob("*.npz")  # the companion's too
        companion = SentenceIndex.load(companion_file)
        assert companion is not None and len(companion) == len(set(companion.chunk_ids)) > 3
        (companion_sentence_file,) = (settings.data_dir / "companion-sentence-index").glob("*.npz")
        companion_sentences = SentenceIndex.load(companion_sentence_file)
        assert companion_sentences is not None and sorted(companion_sentences.sentences) == sorted(
            built.sentences
        )

        built_file.unlink()
        companion_file.unlink()
        companion_sentence_file.unlink()
        app = Components(settings)
        app.__dict__["embedder"] = embedder
        result = app.search.search("Wat mogen bewoners volgens de verordening uitdagen?")
        assert result.passages and built_file.exists()
        rebuilt_companion = SentenceIndex.load(companion_file)
        assert rebuilt_companion is not None and sorted(rebuilt_companion.chunk_ids) == sorted(
            companion.chunk_ids
        )
        rebuilt_sentences = SentenceIndex.load(companion_sentence_file)
        assert rebuilt_sentences is not None and sorted(rebuilt_sentences.chunk_ids) == sorted(
            companion_sentences.chunk_ids
        )
        rebuilt = SentenceIndex.load(built_file)
        assert rebuilt is not None and sorted(rebuilt.chunk_ids) == sorted(built.chunk_ids)
        assert np.allclose(np.sort(rebuilt.vectors, axis=0), np.sort(built.vectors, axis=0), atol=1e-5)
