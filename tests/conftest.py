"""Shared fixtures: all state goes to tmp_path; the real bundled model is loaded once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.settings import PROJECT_ROOT, Settings, load_settings

if TYPE_CHECKING:
    from bot.components import Components
    from bot.store import ChunkIndex

CORPUS_DIR = PROJECT_ROOT / "corpus"
# Three short statutes: a corpus that ingests in seconds, for tests that change files.
SMALL = [
    "nl_gemeentewet_art149-150_participatieverordening_uitdaagrecht_2025-01-01.yaml",
    "nl_woningwet_art18a_wooncooperatie_2025-01-01.yaml",
    "nl_omgevingswet_art16.55_participatie_aanvraag_2024-01-01.yaml",
]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's WIJZER_* variables or writes outside tmp_path."""
    for name in list(os.environ):
        if name.startswith("WIJZER_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("WIJZER_DATA_DIR", str(tmp_path / "data"))


def make_settings(data_dir: Path, corpus_dir: Path = CORPUS_DIR, **env: str) -> Settings:
    """Settings from the real settings.yaml + test profile, pointed at the given folders."""
    base = {"WIJZER_DATA_DIR": str(data_dir), "WIJZER_CORPUS_DIR": str(corpus_dir), "WIJZER_PROFILES": "test"}
    return load_settings(env={**base, **env})


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """The three short statutes and the manifest, writable."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in [*SMALL, "manifest.yaml"]:
        shutil.copy(CORPUS_DIR / name, corpus / name)
    return corpus


def subprocess_env(data_dir: Path, corpus_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `wijzer` or app process started by a test (the developer's WIJZER_* removed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJZER_")}
    env.update(
        WIJZER_DATA_DIR=str(data_dir),
        WIJZER_CORPUS_DIR=str(corpus_dir),
        WIJZER_PROFILES="test",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONPATH=str(PROJECT_ROOT),
        **extra,
    )
    return env


def noop_only_ingestor(settings: Settings):  # type: ignore[no-untyped-def]
    """An Ingestor that fails the test if it loads the model or opens the index (a no-op must not)."""
    from ingest.pipeline import Ingestor

    def no_model():  # type: ignore[no-untyped-def]
        raise AssertionError("the model must not load for a no-op ingest")

    def no_index():  # type: ignore[no-untyped-def]
        raise AssertionError("the index must not open for a no-op ingest")

    return Ingestor(settings, no_model, no_index)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus, for tests that add, change or break files."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, target)
    return target


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from bot.embeddings import make_embedder

    settings = load_settings(env={"WIJZER_PROFILES": "test"})
    model = make_embedder(settings.embedding)
    model.load()
    return model


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Settings]:  # type: ignore[no-untyped-def]
    """The whole real corpus ingested once into an embedded index, shared read-only by query tests."""
    from bot.store import ChunkIndex
    from ingest.pipeline import Ingestor

    data_dir = tmp_path_factory.mktemp("ingested") / "data"
    settings = make_settings(data_dir)
    report = Ingestor(settings, lambda: embedder, lambda: ChunkIndex(settings)).run()
    assert report.ok, report.failed
    yield settings


def assert_neighbours_walk_each_document(components: Components) -> None:
    """``neighbour_passage`` (a list that runs past a chunk goes on in the next; a sentence that points
    back needs the one before) finds chunks n + 1 and n - 1 of the same document in the index, and None
    past its ends."""
    from bot.retrieval.passages import to_passage

    by_source: dict[str, dict[int, str]] = {}
    chunks = list(components.index.iter_chunks())
    for chunk in chunks:
        by_source.setdefault(str(chunk.metadata["source"]), {})[int(chunk.metadata["chunk_index"])] = chunk.id
    texts = {chunk.id: chunk.text for chunk in chunks}
    for chunk in chunks:
        passage = to_passage(chunk, 0.0)
        for step in (1, -1):
            found = components.neighbour_passage(passage, step)
            expected = by_source[passage.source].get(int(chunk.metadata["chunk_index"]) + step)
            assert (found.id if found else None) == expected
            assert found is None or (found.source == passage.source and found.text == texts[expected])


def assert_articles_are_found_by_number(index: ChunkIndex) -> None:
    """``with_articles`` ("artikel 18a" in a question) returns exactly the chunks whose metadata names one
    of the articles, across documents."""
    by_article: dict[str, set[str]] = {}
    for chunk in index.iter_chunks(include_documents=False):
        if chunk.metadata.get("article"):
            by_article.setdefault(str(chunk.metadata["article"]), set()).add(chunk.id)
    assert by_article, "the corpus has statutes with articles"
    for article, ids in by_article.items():
        found = index.with_articles([article])
        assert {c.id for c in found} == ids and all(c.text for c in found)
    two = sorted(by_article)[:2]
    assert {c.id for c in index.with_articles(two)} == by_article[two[0]] | by_article[two[1]]
    assert index.with_articles(["999z"]) == [] and index.with_articles([]) == []


def assert_citations_are_recorded(index: ChunkIndex) -> None:
    """Each chunk names the other articles its text cites (``cites``, ranges spelled out), and ``citing``
    returns exactly the chunks of the documents asked for that cite one of the articles asked for."""
    from bot.retrieval.articles import article_references

    chunks = list(index.iter_chunks())
    cited: dict[tuple[str, str], set[str]] = {}  # (source, article) -> the chunks citing it
    for chunk in chunks:
        expected = [a for a in article_references(chunk.text) if a != chunk.metadata.get("article")]
        assert chunk.metadata.get("cites", []) == expected
        for article in expected:
            cited.setdefault((str(chunk.metadata["source"]), article), set()).add(chunk.id)
    assert cited, "a document of the corpus cites an article"
    for (source, article), ids in sorted(cited.items())[:12]:
        assert {c.id for c in index.citing([article], {source})} == ids
        assert index.citing([article], {"no such document"}) == []
    (source, first), (_, second) = sorted(cited)[:2]
    both = {c.id for c in index.citing([first, second], {source})}
    assert both == cited[(source, first)] | cited.get((source, second), set())
    assert index.citing([], {source}) == [] and index.citing(["999z"], {source}) == []


def assert_counterparts_are_recorded(index: ChunkIndex) -> None:
    """Each chunk of a document in two languages names, per other language, a chunk of that language at
    the same place (its article, or none for both), exactly where the document has one; a document in one
    language names none (bot/retrieval/counterparts.py)."""
    chunks = list(index.iter_chunks(include_documents=False))
    by_id = {c.id: c for c in chunks}
    languages: dict[str, set[str]] = {}
    for chunk in chunks:
        languages.setdefault(str(chunk.metadata["source"]), set()).add(str(chunk.metadata["language"]))
    assert any(len(found) > 1 for found in languages.values()), "a document in two languages"
    places = {(c.metadata["source"], c.metadata["language"], c.metadata.get("article")) for c in chunks}
    for chunk in chunks:
        source, meta = str(chunk.metadata["source"]), chunk.metadata
        named = {
            k.removeprefix("counterpart_"): str(v) for k, v in meta.items() if k.startswith("counterpart_")
        }
        expected = {
            other
            for other in languages[source] - {meta["language"]}
            if (source, other, meta.get("article")) in places
        }
        assert set(named) == expected, chunk.id
        for language, counterpart in named.items():
            found = by_id[counterpart].metadata
            assert (found["source"], found["language"], found.get("article")) == (
                source,
                language,
                meta.get("article"),
            )
