"""The synthetic corpora of the benchmarks (unit, fast)."""

from __future__ import annotations

import numpy as np

from benchmarks.synthetic import Pool, Source, scaled_corpus


def test_a_treaty_chunk_names_a_counterpart_as_the_ingest_would() -> None:
    treaty = Source(
        {"source": "treaty", "language": "en"}, ["One sentence here.", "Another one here."], ["en", "nl"]
    )
    statute = Source({"source": "wet", "language": "nl"}, ["Een zin hier.", "Nog een zin hier."], ["nl"])
    pool = Pool(
        texts=["One sentence here.", "Een zin hier."],
        metadatas=[dict(treaty.metadata), dict(statute.metadata)],
        source_of=[0, 1],
        vectors=np.eye(2, dtype=np.float32),
        sources=[treaty, statute],
    )
    ids, _, _, metadatas = scaled_corpus(pool, 6)
    treaty_ids = [i for i, m in zip(ids, metadatas, strict=True) if m["source"] == "treaty"]
    named = [m.get("counterpart_nl") for m in metadatas if m["source"] == "treaty"]
    assert named == [None, *treaty_ids[:-1]]  # each names the previous chunk of its document
    assert not any(k.startswith("counterpart_") for m in metadatas if m["source"] == "wet" for k in m)


def test_the_companions_vectors_grow_like_the_main_ones() -> None:
    """The pool's own companion vectors first, then each variant's pool vector with seeded noise, unit length."""
    from benchmarks.synthetic import scaled_companion_vectors

    source = Source({"source": "wet", "language": "nl"}, ["Een zin.", "Nog een zin."], ["nl"])
    companion = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=np.float32)
    pool = Pool(["a", "b"], [{}, {}], [0, 0], np.eye(2, dtype=np.float32), [source], companion)
    grown = scaled_companion_vectors(pool, 5)
    assert grown.shape == (5, 3) and np.array_equal(grown[:2], companion)
    assert np.allclose(np.linalg.norm(grown, axis=1), 1.0)
    assert grown[2] @ companion[0] > 0.95 and grown[3] @ companion[1] > 0.95  # near its pool chunk's
    assert np.array_equal(grown, scaled_companion_vectors(pool, 5))  # seeded
