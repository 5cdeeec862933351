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
