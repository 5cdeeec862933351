"""Exact cosine search over a matrix of unit rows: the dense search of a small collection
(``exact_dense.py``) and the sentence index (``sentence_index.py``)."""

from __future__ import annotations

import numpy as np


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """The rows as float32 scaled to unit length (a zero row stays zero)."""
    rows = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def cosines(unit: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each unit row's cosine with ``vector``."""
    query = np.asarray(vector, dtype=np.float32)
    return unit @ (query / (np.linalg.norm(query) or 1.0))


def nearest(similarities: np.ndarray, n: int) -> np.ndarray:
    """The indices of the ``n`` largest ``similarities``, largest first; equal ones in index order, so that
    every process ranks a tie alike."""
    n = min(n, len(similarities))
    if n <= 0:
        return np.zeros(0, dtype=np.int64)
    # the n-th largest value; of the values equal to it, the first ones by index make up the n
    kth = -np.partition(-similarities, n - 1)[n - 1]
    above = np.flatnonzero(similarities > kth)
    top = np.concatenate([above, np.flatnonzero(similarities == kth)[: n - len(above)]])
    return top[np.argsort(-similarities[top], kind="stable")]
