"""The exact dense search of a small collection (bot/retrieval/exact_dense.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.retrieval.exact_dense import ExactDense
from bot.store import ChunkIndex, DenseHit
from tests.conftest import make_settings


class _FakeIndex:
    """Three chunks in two dimensions; counts how often its vectors are read and Chroma is asked."""

    def __init__(self) -> None:
        self.ids = ["a", "b", "c"]
        self.matrix = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]], dtype=np.float32)
        self.reads = 0
        self.asked: list[int] = []

    def count(self) -> int:
        return len(self.ids)

    def vectors(self) -> tuple[list[str], np.ndarray]:
        self.reads += 1
        return list(self.ids), self.matrix

    def query(self, vector: np.ndarray, n: int) -> list[DenseHit]:
        self.asked.append(n)
        return [DenseHit("from-chroma", 1.0)]


def test_the_closest_chunks_by_cosine_best_first_ties_by_id() -> None:
    index = _FakeIndex()
    exact = ExactDense(index, max_chunks=10)  # type: ignore[arg-type]
    hits = exact.query(np.array([3.0, 0.0], dtype=np.float32), 2, "v1")
    assert [h.id for h in hits] == ["a", "c"]
    assert hits[0].similarity == pytest.approx(1.0) and hits[1].similarity == pytest.approx(2**-0.5)
    # "b" (0, 2) and "a" (1, 0) are as close to (1, 1): the id decides, so every process ranks them alike
    tied = exact.query(np.array([1.0, 1.0], dtype=np.float32), 3, "v1")
    assert [h.id for h in tied] == ["c", "a", "b"]
    assert index.reads == 1 and index.asked == []


def test_a_new_corpus_version_reads_the_vectors_again() -> None:
    index = _FakeIndex()
    exact = ExactDense(index, max_chunks=10)  # type: ignore[arg-type]
    exact.query(np.array([1.0, 0.0], dtype=np.float32), 1, "v1")
    exact.query(np.array([1.0, 0.0], dtype=np.float32), 1, "v1")
    assert index.reads == 1
    index.ids, index.matrix = ["d"], np.array([[0.0, 1.0]], dtype=np.float32)
    assert [h.id for h in exact.query(np.array([1.0, 0.0], dtype=np.float32), 5, "v2")] == ["d"]
    assert index.reads == 2


@pytest.mark.parametrize("max_chunks", [2, 0])
def test_a_larger_collection_is_searched_by_chroma(max_chunks: int) -> None:
    index = _FakeIndex()
    exact = ExactDense(index, max_chunks=max_chunks)  # type: ignore[arg-type]
    assert [h.id for h in exact.query(np.array([1.0, 0.0], dtype=np.float32), 2, "v1")] == ["from-chroma"]
    assert index.asked == [2] and index.reads == 0


@pytest.mark.integration
def test_exact_search_of_a_real_embedded_collection_matches_the_true_cosines(tmp_path: Path) -> None:
    """Against a real embedded Chroma: the vectors read back in pages are the ones written, the exact top 10
    is numpy's, and Chroma's own search agrees on its similarities."""
    settings = make_settings(tmp_path / "data")
    index = ChunkIndex(settings)
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    ids = [f"chunk-{i:03d}" for i in range(300)]
    index.upsert(ids, [f"tekst {i}" for i in range(300)], vectors, [{"source": "s"} for _ in ids])

    read_ids, read = index.vectors(page_size=128)
    assert sorted(read_ids) == ids
    assert np.allclose(read[read_ids.index("chunk-042")], vectors[42], atol=1e-6)

    query = rng.normal(size=16).astype(np.float32)
    hits = ExactDense(index, max_chunks=1000).query(query, 10, "v1")
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = unit @ (query / np.linalg.norm(query))
    assert [h.id for h in hits] == [ids[i] for i in np.argsort(-cosines)[:10]]
    chroma = {h.id: h.similarity for h in index.query(query, 10)}
    common = [hit for hit in hits if hit.id in chroma]
    assert len(common) >= 8  # HNSW is approximate (the reason for this search), but not that far off
    for hit in common:
        assert hit.similarity == pytest.approx(chroma[hit.id], abs=1e-4)
