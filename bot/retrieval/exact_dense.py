"""Exact nearest passages for a collection small enough to hold its vectors in memory.

Chroma's HNSW search is approximate, and not always the same approximation: on the shipped corpus (854
chunks, `search_ef` 400) some processes never returned a chunk that was 33rd by cosine, even when asked for
300 hits, while others did (after re-ingests, upserts and deletes; chroma-core/chroma#3638, #7758). Fusion
normalises the dense scores by their tail, so one missing chunk changed an answer from one server start to
the next. A few thousand vectors are searched exactly in well under a millisecond, so a collection of at most
``chroma.exact_search_max`` chunks is: its vectors are read from Chroma once per corpus version (embedded and
server mode alike) and kept as one normalised matrix. A larger collection is searched by Chroma's HNSW.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from bot.retrieval.cosine import cosines, nearest, unit_rows
from bot.store import ChunkIndex, DenseHit


@dataclass(frozen=True)
class _Vectors:
    version: str
    ids: tuple[str, ...]  # sorted, so that equal cosines rank by id (``cosine.nearest``)
    matrix: np.ndarray | None  # unit rows in the order of ``ids``; None: too many chunks, ask Chroma


class ExactDense:
    """``query(vector, n, version)``: the ``n`` chunks closest to ``vector`` by cosine, best first (ties by
    id), exactly when the collection of corpus ``version`` has at most ``max_chunks`` chunks; otherwise (and
    always at ``max_chunks`` 0) Chroma's HNSW search."""

    def __init__(self, index: ChunkIndex, max_chunks: int) -> None:
        self.index = index
        self.max_chunks = max_chunks
        self._vectors: _Vectors | None = None
        self._lock = threading.Lock()  # the chat server answers several conversations at once

    def query(self, vector: np.ndarray, n: int, version: str) -> list[DenseHit]:
        vectors = self._for(version)
        if vectors.matrix is None:
            return self.index.query(vector, n)
        similarities = cosines(vectors.matrix, vector)
        return [DenseHit(vectors.ids[i], float(similarities[i])) for i in nearest(similarities, n)]

    def _for(self, version: str) -> _Vectors:
        with self._lock:
            if self._vectors is None or self._vectors.version != version:
                self._vectors = self._load(version)
            return self._vectors

    def _load(self, version: str) -> _Vectors:
        if self.max_chunks <= 0 or self.index.count() > self.max_chunks:
            return _Vectors(version, (), None)
        ids, vectors = self.index.vectors()
        if not ids:
            return _Vectors(version, (), None)
        order = sorted(range(len(ids)), key=ids.__getitem__)
        return _Vectors(version, tuple(ids[i] for i in order), unit_rows(vectors[order]))
