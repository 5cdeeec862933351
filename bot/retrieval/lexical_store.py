"""Keeps the lexical index in step with the vector index: one folder per collection and corpus version,
built from the chunks in Chroma (so every app process against one server sees the same), refreshed
when the corpus version recorded in the collection changes."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from bot.retrieval.lexical import FORMAT, LexicalIndex, Place
from bot.retrieval.passages import search_text
from bot.store import ChunkIndex, StoredChunk

CHECK_EVERY_S = 10.0


def lexical_folder(data_dir: Path, collection: str, corpus_version: str) -> Path:
    return data_dir / "lexical" / f"{collection}-{corpus_version or 'empty'}-v{FORMAT}"


def build_lexical_index(
    index: ChunkIndex, data_dir: Path, corpus_version: str, chunks: Sequence[StoredChunk] | None = None
) -> LexicalIndex:
    """Build from the chunks in the index (``chunks``, when the caller has read them already) and
    persist; old versions' folders are removed."""
    chunks = list(index.iter_chunks()) if chunks is None else chunks
    lexical = LexicalIndex.build(
        [c.id for c in chunks], [search_text(c) for c in chunks], [place(c) for c in chunks]
    )
    folder = lexical_folder(data_dir, index.settings.chroma.collection, corpus_version)
    lexical.save(folder)
    # the collection's other versions: "wijzer-<version>-v16", not another collection's "wijzer-test-…"
    own = re.compile(rf"{re.escape(index.settings.chroma.collection)}-[^-]+-v\d+")
    for old in folder.parent.iterdir():
        if old != folder and own.fullmatch(old.name):
            shutil.rmtree(old, ignore_errors=True)
    return lexical


def place(chunk: StoredChunk) -> Place | None:
    """Where the chunk stands: its document and position (None for a chunk without them)."""
    source, index = chunk.metadata.get("source"), chunk.metadata.get("chunk_index")
    if source is None or index is None:
        return None
    return str(source), int(index)


class LexicalStore:
    """The current lexical index for a ChunkIndex; cheap to ask for on every question."""

    def __init__(self, index: ChunkIndex, data_dir: Path) -> None:
        self.index = index
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._current: tuple[str, LexicalIndex] | None = None
        self._checked_at = 0.0
        # the embedding model recorded with the index ("" for indexes from before it was recorded)
        self.embedding_model = ""

    @property
    def corpus_version(self) -> str:
        """The loaded index's version; before the first search, the one the chunk index records (an answer
        that needs no search, about the sources or to an empty question, carries it in a new process too)."""
        if self._current is not None:
            return self._current[0]
        return self.index.state().get("corpus_version", "")

    def rebuild(
        self, corpus_version: str, embedding_model: str, chunks: Sequence[StoredChunk] | None = None
    ) -> LexicalIndex:
        """Build and persist the index of ``corpus_version`` (after an ingest with ``embedding_model``) and
        keep it as the current one, so the same process does not read back what it has just written."""
        lexical = build_lexical_index(self.index, self.data_dir, corpus_version, chunks)
        with self._lock:
            self._current = (corpus_version, lexical)
            self.embedding_model = embedding_model
            self._checked_at = time.monotonic()
        return lexical

    def get(self) -> LexicalIndex:
        with self._lock:
            now = time.monotonic()
            if self._current is not None and now - self._checked_at < CHECK_EVERY_S:
                return self._current[1]
            state = self.index.state()
            version = state.get("corpus_version", "")
            self.embedding_model = state.get("embedding_model", "")
            self._checked_at = now
            if self._current is not None and self._current[0] == version:
                return self._current[1]
            folder = lexical_folder(self.data_dir, self.index.settings.chroma.collection, version)
            lexical = LexicalIndex.load(folder)
            if lexical is None:
                lexical = build_lexical_index(self.index, self.data_dir, version)
            self._current = (version, lexical)
            return lexical
