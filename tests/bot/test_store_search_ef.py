"""The HNSW search breadth of the embedded Chroma collection follows chroma.search_ef (integration)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.store import ChunkIndex
from tests.conftest import make_settings

pytestmark = pytest.mark.integration

# A fresh process, so nothing is served from this process's shared Chroma client cache.
_READ_EF_SEARCH = """
import json, sys
import chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
collection = client.get_collection(sys.argv[2], embedding_function=None)
print(json.dumps(collection.configuration["hnsw"]["ef_search"]))
"""


def _ef_search(index: ChunkIndex) -> int | None:
    return (index.collection.configuration or {}).get("hnsw", {}).get("ef_search")


def _persisted_ef_search(path: Path, collection: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", _READ_EF_SEARCH, str(path), collection],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_reopening_with_another_search_ef_updates_the_collection(tmp_path: Path) -> None:
    chroma = tmp_path / "chroma"
    old = make_settings(tmp_path / "data", WIJZER_CHROMA_PATH=str(chroma), WIJZER_CHROMA_SEARCH_EF="100")
    new = make_settings(tmp_path / "data", WIJZER_CHROMA_PATH=str(chroma), WIJZER_CHROMA_SEARCH_EF="400")
    assert old.chroma_path == new.chroma_path == chroma

    assert _ef_search(ChunkIndex(old)) == 100
    assert _persisted_ef_search(chroma, old.chroma.collection) == 100

    assert _ef_search(ChunkIndex(new)) == 400
    assert _persisted_ef_search(chroma, new.chroma.collection) == 400


def test_a_collection_already_at_the_wanted_search_ef_keeps_it(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", WIJZER_CHROMA_SEARCH_EF="400")
    assert _ef_search(ChunkIndex(settings)) == 400
    assert _ef_search(ChunkIndex(settings)) == 400
    assert _persisted_ef_search(settings.chroma_path, settings.chroma.collection) == 400
