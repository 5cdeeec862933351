"""What ``wijzer status`` reports, as plain data (also used by the chat welcome)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bot.settings import Settings
from bot.store import describe_location
from ingest.corpus_manifest import fallback_info, read_manifest
from ingest.state import load_state


def collect_status(settings: Settings) -> dict[str, Any]:
    """From the ingest state and manifest alone: no model, no index round-trip."""
    state = load_state(settings.data_dir)
    manifest = read_manifest(settings.corpus_dir)
    documents = []
    for source, file_state in sorted(state.files.items()):
        info = manifest.info_for(source) or fallback_info(source)
        documents.append(
            {
                "source": source,
                "title": info.title,
                "kind": info.kind,
                "version_date": info.version_date,
                "outdated": info.outdated,
                "language": info.language,
                "chunks": len(file_state.chunk_ids),
            }
        )
    return {
        "corpus_version": state.corpus_version,
        "index": {"mode": settings.chroma.mode, "location": describe_location(settings)},
        "embedding_model": state.embedding_model or settings.embedding.index_id,
        "chunks": state.chunk_count,
        "sentence_vectors": sentence_vectors(settings),
        # whether what the ingest derives after its commit (the lexical index, the companion's vectors, the
        # sentence memos) matches these settings and this version; None before the first ingest
        "derived_current": derived_current(settings, state.derived) if state.files else None,
        "documents": documents,
    }


def derived_current(settings: Settings, recorded: str) -> bool:
    """Does the state's record of what the ingest derived match what these settings derive?"""
    from bot.components import Components

    return recorded == Components(settings).derived_signature


def sentence_vectors(settings: Settings) -> int | None:
    """How many quotable sentences the memo holds for the configured model (``wijzer ingest`` fills it;
    answers weigh sentences by meaning with it), or None when answers do not use it. Reads the file's
    list of sentences only: no model is loaded."""
    if not settings.answer.similarity_weight:
        return None
    from bot.answer.sentence_similarity import memo_file
    from bot.embeddings import EmbeddingModelError, make_embedder

    try:
        path = memo_file(settings.data_dir, make_embedder(settings.embedding).model_id)
        with np.load(path) as stored:
            return len(stored["texts"])
    # none yet, or damaged (answers embed sentences as needed), or the model is not on disk (status
    # still reports the rest; `wijzer ask` names the model problem)
    except (OSError, ValueError, KeyError, EmbeddingModelError):
        return 0
