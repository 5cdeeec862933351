"""Shared fixtures: all state goes to tmp_path; the real bundled model is loaded once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings, load_settings

CORPUS_DIR = PROJECT_ROOT / "corpus"


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
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus, for tests that add, change or break files."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, target)
    return target


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    from bot.embeddings import Embedder

    settings = load_settings(env={"WIJZER_PROFILES": "test"})
    model = Embedder(settings.embedding)
    _ = model.model
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
