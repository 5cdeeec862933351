"""Exact cosine search over unit rows (bot/retrieval/cosine.py)."""

from __future__ import annotations

import numpy as np

from bot.retrieval.cosine import cosines, nearest, unit_rows


def test_unit_rows_have_length_one_and_a_zero_row_stays_zero() -> None:
    rows = unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert rows.dtype == np.float32
    assert np.allclose(rows, [[0.6, 0.8], [0.0, 0.0]])


def test_cosines_do_not_depend_on_the_query_length() -> None:
    rows = unit_rows(np.array([[1.0, 0.0], [1.0, 1.0]]))
    assert np.allclose(cosines(rows, np.array([5.0, 0.0])), [1.0, 2**-0.5], atol=1e-6)
    assert np.allclose(cosines(rows, np.zeros(2)), [0.0, 0.0])


def test_nearest_is_largest_first_with_ties_in_index_order() -> None:
    similarities = np.array([0.2, 0.9, 0.5, 0.9, 0.5, 0.1], dtype=np.float32)
    assert nearest(similarities, 4).tolist() == [1, 3, 2, 4]
    assert nearest(similarities, 10).tolist() == [1, 3, 2, 4, 0, 5]
    assert nearest(similarities, 0).tolist() == []
    # however the partition happens to order equal values, the result is the same
    many = np.zeros(1000, dtype=np.float32)
    assert nearest(many, 3).tolist() == [0, 1, 2]
