"""Dense search by a passage's closest sentence (``retrieval.sentence_weight``).

A passage's own vector averages everything it says, so a question about one of its sentences can sit
far from it; the sentence's own vector sits close. With the multilingual model the closest sentence
found more of the eval passages than the passage vector alone (dense only: hit@5 337 → 359 of 553
single-turn cases, passage + sentence cosine), and in the hybrid more held-out ones (docs/retrieval.md,
session 23); with the English default model it found fewer, so the default leaves it off.

The index holds every quotable sentence of the corpus once (a sentence the chunker repeats as the
overlap of two chunks points at both), with the chunks that hold it. Like the lexical index it is
derived from the chunks in Chroma: built by the ingest after its commit, one file per collection,
corpus version and model, and rebuilt from Chroma when missing. Its vectors come from the sentence
memo the composer uses (``SentenceSimilarity.vectors_of``), so a sentence is embedded once for both.
Memory: 4 bytes × dimension per sentence (the shipped corpus: 1,552 sentences, 2.4 MB at 384
dimensions; 0.1 ms a search).

The same index with one unit per passage, its whole text (``whole_passage``), holds the companion
model's passage vectors (``embedding.companion``, bot/retrieval/companion.py): the default profile's
passages as a second model reads them, kept beside Chroma's vectors of the first.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.answer.quotable import quotable_sentences
from bot.answer.sentence_similarity import model_digest
from bot.retrieval.cosine import cosines, nearest, unit_rows
from bot.store import ChunkIndex

log = logging.getLogger(__name__)

FORMAT = 2  # bump when the file's layout or what counts as a sentence changes
SENTENCE_FOLDER = "sentence-index"

Units = Callable[[str], Iterable[str]]  # what a chunk is searched by: its sentences, or its whole text


def whole_passage(text: str) -> list[str]:
    """A chunk as one unit: the companion model's vector of the passage itself."""
    return [text] if text.strip() else []


@dataclass(frozen=True)
class SentenceIndex:
    """Unit vectors of unique sentences; sentence ``i`` (``sentences[i]``) is held by the chunks
    ``chunk_ids[rows[starts[i]:starts[i + 1]]]``."""

    sentences: list[str]
    vectors: np.ndarray  # (sentences, dimension) float32, unit length
    starts: np.ndarray  # (sentences + 1,) offsets into rows
    rows: np.ndarray  # chunk rows, sentence by sentence
    chunk_ids: list[str]

    @classmethod
    def build(
        cls,
        chunks: Iterable[tuple[str, str]],
        vectors_of: Callable[[list[str]], np.ndarray],
        known: SentenceIndex | None = None,
        units: Units = quotable_sentences,
    ) -> SentenceIndex:
        """From (chunk id, text) pairs, each chunk searched by its ``units`` (its quotable sentences);
        ``vectors_of`` gives the vectors of a list of sentences, of those that ``known`` (the previous
        version's index, same model) does not hold: an ingest that changed one file embeds only that
        file's new sentences, even beyond the sentence memo's size."""
        chunk_ids: list[str] = []
        holders: dict[str, list[int]] = {}
        for row, (chunk_id, text) in enumerate(chunks):
            chunk_ids.append(chunk_id)
            for sentence in dict.fromkeys(units(text)):
                holders.setdefault(sentence, []).append(row)
        sentences = list(holders)
        if not sentences:
            empty = np.zeros((0, 0), np.float32)
            return cls([], empty, np.zeros(1, np.int64), np.zeros(0, np.int32), chunk_ids)
        reused = known.vectors_by_sentence() if known is not None else {}
        missing = [s for s in sentences if s not in reused]
        if missing:
            reused.update(zip(missing, np.asarray(vectors_of(missing), dtype=np.float32), strict=True))
        vectors = unit_rows(np.stack([reused[s] for s in sentences]))
        counts = np.array([len(holders[s]) for s in sentences], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(counts)])
        rows = np.array([row for s in sentences for row in holders[s]], dtype=np.int32)
        return cls(sentences, vectors, starts, rows, chunk_ids)

    def vectors_by_sentence(self) -> dict[str, np.ndarray]:
        return dict(zip(self.sentences, self.vectors, strict=True))

    def __len__(self) -> int:
        return len(self.vectors)

    def closest(self, vector: np.ndarray, n: int) -> dict[str, float]:
        """The ``n`` chunks whose closest sentence is closest to ``vector``: chunk id → that cosine."""
        if not len(self) or n <= 0:
            return {}
        similarities = cosines(self.vectors, vector)
        # the 4n closest sentences nearly always hold n chunks (most sentences are one chunk's); if not, all
        top = nearest(similarities, 4 * n)
        best = self._chunks_in_order(top, similarities, n)
        if len(best) < n and len(top) < len(similarities):
            best = self._chunks_in_order(nearest(similarities, len(similarities)), similarities, n)
        return best

    def _chunks_in_order(self, order: np.ndarray, cosines: np.ndarray, n: int) -> dict[str, float]:
        """The first ``n`` chunks that hold the sentences in ``order``, each with its first sentence's cosine."""
        best: dict[str, float] = {}
        for i in order:
            for row in self.rows[self.starts[i] : self.starts[i + 1]]:
                best.setdefault(self.chunk_ids[row], float(cosines[i]))
                if len(best) == n:
                    return best
        return best

    # persistence -------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Through a temporary file, so a reader never sees half of it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp.npz")
        os.close(fd)
        try:
            np.savez(
                tmp,
                sentences=np.array(self.sentences, dtype=str),
                vectors=self.vectors,
                starts=self.starts,
                rows=self.rows,
                ids=np.array(self.chunk_ids, dtype=str),
            )
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> SentenceIndex | None:
        """None when the file is missing or unreadable (it is rebuilt then)."""
        try:
            with np.load(path) as stored:
                return cls(
                    stored["sentences"].tolist(),
                    stored["vectors"],
                    stored["starts"],
                    stored["rows"],
                    stored["ids"].tolist(),
                )
        except (OSError, ValueError, KeyError) as exc:
            if not isinstance(exc, FileNotFoundError):
                log.warning("rebuilding the sentence index: cannot read %s (%s)", path, exc)
            return None


def _modified(path: Path) -> int:
    """When the file was last written; -1 when another process has just removed it."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def sentence_index_file(
    data_dir: Path, collection: str, corpus_version: str, model_id: str, folder: str = SENTENCE_FOLDER
) -> Path:
    name = f"{collection}-{corpus_version or 'empty'}-{model_digest(model_id)}-v{FORMAT}.npz"
    return data_dir / folder / name


class SentenceStore:
    """The sentence index of the corpus version a search runs against; built after an ingest
    (``rebuild``), loaded or rebuilt from Chroma by the first search of a process (``get``)."""

    def __init__(
        self,
        index: ChunkIndex,
        data_dir: Path,
        model_id: str,
        vectors_of: Callable[[list[str]], np.ndarray],
        units: Units = quotable_sentences,
        folder: str = SENTENCE_FOLDER,
    ) -> None:
        self.index = index
        self.data_dir = data_dir
        self.model_id = model_id
        self.vectors_of = vectors_of
        self.units = units
        self.folder = folder
        self._lock = threading.Lock()
        self._current: tuple[str, SentenceIndex] | None = None

    def _files(self) -> list[Path]:
        """This collection's index files, of any version and model (not another collection's: "wijzer-test-…"
        is no version of "wijzer"), newest first."""
        folder = self.data_dir / self.folder
        own = re.compile(rf"{re.escape(self.index.settings.chroma.collection)}-[^-]+-[0-9a-f]+-v\d+\.npz")
        found = [f for f in folder.iterdir() if own.fullmatch(f.name)] if folder.is_dir() else []
        return sorted(found, key=_modified, reverse=True)

    def _previous(self, path: Path) -> SentenceIndex | None:
        """The index this process holds, or the one on disk of the same model and format, ``path`` itself
        first (a rebuild of the same version: an ingest with nothing to index that derives again), else the
        newest: its vectors are reused for the sentences it has."""
        with self._lock:
            if self._current is not None:
                return self._current[1]
        suffix = path.name.rsplit("-", 2)[-2:]  # the model's digest and the format
        same = [f for f in self._files() if f.name.rsplit("-", 2)[-2:] == suffix]
        same.sort(key=lambda f: f != path)  # stable: the newest of the others after it
        for candidate in same:
            if (loaded := SentenceIndex.load(candidate)) is not None:
                return loaded
        return None

    def _file(self, corpus_version: str) -> Path:
        collection = self.index.settings.chroma.collection
        return sentence_index_file(self.data_dir, collection, corpus_version, self.model_id, self.folder)

    def rebuild(self, corpus_version: str, chunks: Iterable[tuple[str, str]] | None = None) -> SentenceIndex:
        """Build and persist the index of ``corpus_version`` from ``chunks`` (id, text), or from all the
        chunks in Chroma; older files of the collection are removed."""
        if chunks is None:
            chunks = ((c.id, c.text) for c in self.index.iter_chunks())
        path = self._file(corpus_version)
        built = SentenceIndex.build(chunks, self.vectors_of, self._previous(path), self.units)
        built.save(path)
        for old in self._files():
            if old != path:
                old.unlink(missing_ok=True)
        with self._lock:
            self._current = (corpus_version, built)
        return built

    def get(self, corpus_version: str) -> SentenceIndex:
        with self._lock:
            if self._current is not None and self._current[0] == corpus_version:
                return self._current[1]
            loaded = SentenceIndex.load(self._file(corpus_version))
            if loaded is not None:
                self._current = (corpus_version, loaded)
                return loaded
        log.warning("building the %s of corpus version %s (it was missing)", self.folder, corpus_version)
        return self.rebuild(corpus_version)


def with_closest_sentences(
    dense: Mapping[str, float], closest: Mapping[str, float], weight: float
) -> dict[str, float]:
    """A passage's closeness in meaning: its own vector's cosine plus ``weight`` × its closest sentence's.
    A passage that only one of the two searches found counts the other's lowest cosine (it was not
    among that search's best, so at most that close)."""
    if not closest or not weight:
        return dict(dense)
    low_dense = min(dense.values(), default=0.0)
    low_sentence = min(closest.values())
    return {
        chunk_id: dense.get(chunk_id, low_dense) + weight * closest.get(chunk_id, low_sentence)
        for chunk_id in {**dense, **closest}
    }
