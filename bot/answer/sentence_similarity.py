"""How close each candidate sentence is in meaning to the question, by the embedding model.

The composer's coverage counts the question's words (and their synonyms) in a sentence; a paraphrase
shares none ("Which group is still missing from the research?" for "Ook het perspectief van groepen met
een lagere sociaaleconomische status is nog een blinde vlek"), so among the sentences of the passages
retrieval found, the one the question means can lose to one that repeats its words. The embedding
similarity breaks that tie.

Sentence vectors are memoised on disk beside the index (one file per model). The ingest fills the
memo with every quotable sentence of the corpus (``fill``; the shipped corpus has about 1,600), so an
answer embeds nothing but, at most, the question (whose vector is usually the dense search's own);
a sentence missing from the memo (the memo was removed, or the corpus outgrew it) is embedded when
first needed and kept. Embedding a passage's sentences on every question made a warm answer ten times
slower (median 32 → 290 ms on two cores).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from bot.answer.quotable import quotable_sentences
from bot.embeddings import Embedder

log = logging.getLogger(__name__)

MEMO_SIZE = 20_000  # sentence vectors kept (≈ 30 MB at 384 dimensions); the corpus has fewer sentences


def model_digest(model_id: str) -> str:
    """A model's name as part of a file name (the name may be a path)."""
    return hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:16]


def memo_file(data_dir: Path, model_id: str) -> Path:
    """Where the sentence vectors of one model are kept."""
    return data_dir / "sentence-vectors" / f"{model_digest(model_id)}.npz"


def rescaled(cosines: np.ndarray) -> list[float]:
    """Cosines (negatives as 0) rescaled from the lowest (0.0) to the highest (1.0); all 1.0 when they are
    equal and positive, all 0.0 when none is positive (nothing resembles the question)."""
    clipped = np.maximum(np.asarray(cosines, dtype=np.float64), 0.0)
    high, low = float(clipped.max()), float(clipped.min())
    if high <= 0.0:
        return [0.0] * len(clipped)
    if high - low <= 1e-9:
        return [1.0] * len(clipped)
    return [float(c) for c in (clipped - low) / (high - low)]


class SentenceSimilarity:
    """``similarity(question, sentences, vector)``: each sentence's cosine with the question, rescaled over
    the sentences asked about so that the closest scores 1.0 and the farthest 0.0, whatever the model's
    usual range of cosines: multilingual-e5 puts nearly every sentence between 0.75 and 0.88, so divided by
    the best one's, as before session 35, its closeness hardly told two sentences apart (the multilingual
    profile's key points on the tuning sets 0.575 -> 0.591, docs/retrieval.md). A negative cosine counts
    as 0; when nothing resembles the question no sentence gains. ``vector`` is the question's vector when
    the dense search has made it already."""

    def __init__(self, embedder: Embedder, memo_path: Path | None = None, memo_size: int = MEMO_SIZE) -> None:
        self.embedder = embedder
        self.memo_path = memo_path
        self.memo_size = memo_size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the chat server answers several conversations at once
        self._seen: tuple[int, int] | None = None  # the memo file's (mtime, size) as last read or written
        self._load()

    def __call__(
        self, question: str, sentences: Sequence[str], vector: np.ndarray | None = None
    ) -> list[float]:
        if not sentences:
            return []
        vectors = self._sentence_vectors(sentences)
        cosines = vectors @ (self.embedder.embed_query(question) if vector is None else vector)
        return rescaled(cosines)

    def fill(self, passages: Iterable[str]) -> int:
        """Make the memo hold the quotable sentences of ``passages`` (the whole corpus, after an ingest):
        embed those it lacks, forget sentences no passage has any more, write it once. At most
        ``memo_size`` sentences are kept (the first ones); answers embed the rest when they need them.
        Returns how many sentences were embedded."""
        wanted = list(dict.fromkeys(s for text in passages for s in quotable_sentences(text)))
        if len(wanted) > self.memo_size:
            log.warning(
                "the corpus has %d quotable sentences, the sentence memo keeps %d: answers embed the rest "
                "when first needed",
                len(wanted),
                self.memo_size,
            )
            wanted = wanted[: self.memo_size]
        with self._lock:
            missing = [s for s in wanted if s not in self._vectors]
        embedded = self.embedder.embed(missing) if missing else None
        with self._lock:
            known = dict(self._vectors)
            if embedded is not None:
                known.update(zip(missing, embedded, strict=True))
            self._vectors = OrderedDict((s, known[s]) for s in wanted)
            self._save(merge=False)  # the corpus's sentences replace whatever the file held
        return len(missing)

    def vectors_of(self, sentences: list[str]) -> np.ndarray:
        """The vectors of ``sentences`` (the sentence index's build): the memo's, and the rest embedded
        without keeping them (a corpus larger than the memo must not evict what answers use)."""
        with self._lock:
            self._load()
            found = {s: self._vectors[s] for s in sentences if s in self._vectors}
        missing = [s for s in dict.fromkeys(sentences) if s not in found]
        if missing:
            found.update(zip(missing, self.embedder.embed(missing), strict=True))
        return np.stack([found[s] for s in sentences])

    def _sentence_vectors(self, sentences: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [s for s in dict.fromkeys(sentences) if s not in self._vectors]
            if missing and self._load():  # an ingest has filled the memo since: a running server uses it
                missing = [s for s in missing if s not in self._vectors]
            found = {s: self._vectors[s] for s in sentences if s in self._vectors}
        embedded = self.embedder.embed(missing) if missing else None  # outside the lock: the slow part
        with self._lock:
            if embedded is not None:
                found.update(zip(missing, embedded, strict=True))
                self._vectors.update(zip(missing, embedded, strict=True))
            for sentence in sentences:
                if sentence in self._vectors:
                    self._vectors.move_to_end(sentence)
            while len(self._vectors) > self.memo_size:
                self._vectors.popitem(last=False)
            if missing:
                self._save()
        return np.stack([found[s] for s in sentences])

    def _stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.memo_path.stat() if self.memo_path is not None else None
        except OSError:
            return None
        return None if stat is None else (stat.st_mtime_ns, stat.st_size)

    def _load(self) -> bool:
        """Add the sentences of the memo file this instance does not hold yet, when the file changed since
        it was last read or written here (another process, an ingest, wrote it). Returns whether it did."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        assert self.memo_path is not None
        try:
            with np.load(self.memo_path) as stored:
                texts, vectors = stored["texts"], stored["vectors"]
        except (OSError, ValueError, KeyError) as exc:  # a damaged memo is only a slower start
            log.warning("ignoring the sentence vectors in %s: %s", self.memo_path, exc)
            self._seen = stamp
            return False
        self._seen = stamp
        for text, vector in zip(texts.tolist(), vectors, strict=True):
            self._vectors.setdefault(str(text), vector)
        while len(self._vectors) > self.memo_size:
            self._vectors.popitem(last=False)
        return True

    def _save(self, merge: bool = True) -> None:
        """Write the memo whole, through a temporary file, so a reader never sees half of it; ``merge``:
        with what another process wrote to it since (``_load``), so that a server answering during an
        ingest does not put back a memo without the sentences the ingest embedded."""
        if self.memo_path is None:
            return
        if merge:
            self._load()
        if not self._vectors:  # an empty corpus: nothing to keep (and np.stack needs one vector)
            with contextlib.suppress(OSError):
                self.memo_path.unlink(missing_ok=True)
            return
        temporary = self.memo_path.with_name(f"{self.memo_path.stem}.{os.getpid()}.tmp.npz")
        try:
            self.memo_path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(
                temporary, texts=np.array(list(self._vectors)), vectors=np.stack(list(self._vectors.values()))
            )
            os.replace(temporary, self.memo_path)
            self._seen = self._stamp()
        except OSError as exc:  # a read-only data folder: answers stay right, only slower
            log.warning("cannot keep sentence vectors in %s: %s", self.memo_path, exc)
            self.memo_path = None
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
