"""Synthetic corpora of 1k, 10k and 100k chunks built from REAL corpus sentences.

1. A sentence bank: the sentences of the ingested real chunks, per source document.
2. A pool (default 2,000 chunks): each pool chunk is 2–6 sentences drawn (seeded) from one source and
   shuffled, so it reads like that document and uses its vocabulary; the pool is embedded once with the
   real model (and cached in ``data/bench-cache``: embedding on 2 cores is the slow part).
3. A corpus of N chunks: the pool itself, then for every further chunk a pool chunk with its sentences
   reshuffled and one sentence replaced by another sentence of the same source, and as its vector the
   pool chunk's vector plus seeded Gaussian noise (sigma 0.01 per dimension, cosine to the original
   about 0.98), renormalised. Texts are all distinct; vectors have the real model's distribution.
4. A chunk of a document the real corpus holds in two languages (a treaty) names the previous chunk of its
   document as its counterpart in the other language (``counterpart_<language>``, as the ingest records
   it), so a question in that language reads the counterparts by id as it would in a real index.

The aim is cost (index size, BM25 matrix size, HNSW search), not quality: a question's answer is not
guaranteed to be in a synthetic corpus.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.retrieval.counterparts import counterpart_key
from bot.store import Metadata, StoredChunk
from ingest.sentences import split_paragraphs, split_sentences

KEEP_METADATA = ("source", "title", "short_title", "kind", "outdated", "language", "url", "version_date")
NOISE_SIGMA = 0.01
# Sentences of a chunk stand in paragraphs of their own, so the chunk splits back into exactly the real
# sentences (joined by spaces, a list item "a. …;" ran into the next sentence): the ingest's sentence memo
# of the real corpus then holds what the composer quotes from a synthetic chunk.
PARAGRAPH = "\n\n"


@dataclass
class Source:
    metadata: Metadata
    sentences: list[str]
    languages: list[str] = field(default_factory=list)  # of its real chunks


@dataclass
class Pool:
    texts: list[str]
    metadatas: list[Metadata]
    source_of: list[int]
    vectors: np.ndarray
    sources: list[Source]
    # the companion model's vectors of the same texts (``embedding.companion``), or None without one
    companion_vectors: np.ndarray | None = None


def sentence_bank(chunks: Iterable[StoredChunk]) -> list[Source]:
    """Unique sentences (at least 4 words) of the real chunks, grouped by source file."""
    by_source: dict[str, Source] = {}
    seen: set[str] = set()
    for chunk in chunks:
        source = str(chunk.metadata.get("source", ""))
        entry = by_source.setdefault(
            source, Source({k: chunk.metadata[k] for k in KEEP_METADATA if k in chunk.metadata}, [])
        )
        language = chunk.metadata.get("language")
        if language and language not in entry.languages:
            entry.languages.append(str(language))
        for paragraph in split_paragraphs(chunk.text):
            for sentence in split_sentences(paragraph):
                if len(sentence.split()) >= 4 and sentence not in seen:
                    seen.add(sentence)
                    entry.sentences.append(sentence)
    return [s for _, s in sorted(by_source.items()) if len(s.sentences) >= 2]


def pool_texts(sources: list[Source], size: int, seed: int = 7) -> tuple[list[str], list[int]]:
    """``size`` recombined chunk texts and the source index of each (sources weighted by sentences)."""
    rng = random.Random(seed)
    weights = [len(s.sentences) for s in sources]
    texts: list[str] = []
    origin: list[int] = []
    seen: set[str] = set()
    while len(texts) < size:
        i = rng.choices(range(len(sources)), weights)[0]
        sentences = sources[i].sentences
        take = rng.sample(sentences, min(len(sentences), rng.randint(2, 6)))
        text = PARAGRAPH.join(take)
        if text in seen:
            continue
        seen.add(text)
        texts.append(text)
        origin.append(i)
    return texts, origin


def cache_key(texts: list[str], model: str) -> str:
    digest = hashlib.sha256(model.encode())
    for text in texts:
        digest.update(text.encode() + b"\x00")
    return digest.hexdigest()[:16]


def embed_cached(texts: list[str], embed, model: str, cache_dir: Path) -> tuple[np.ndarray, bool]:  # type: ignore[no-untyped-def]
    """Vectors of ``texts`` via ``embed``, cached on disk by content and model; (vectors, from cache)."""
    path = cache_dir / f"vectors-{cache_key(texts, model)}.npy"
    if path.exists():
        return np.load(path), True
    vectors = np.asarray(embed(texts), dtype=np.float32)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vectors, False


def save_pool(pool: Pool, path: Path) -> None:
    np.save(path.with_suffix(".npy"), pool.vectors)
    if pool.companion_vectors is not None:
        np.save(path.with_suffix(".companion.npy"), pool.companion_vectors)
    path.write_text(
        json.dumps(
            {
                "texts": pool.texts,
                "metadatas": pool.metadatas,
                "source_of": pool.source_of,
                "sources": [
                    {"metadata": s.metadata, "sentences": s.sentences, "languages": s.languages}
                    for s in pool.sources
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def load_pool(path: Path) -> Pool:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Pool(
        texts=raw["texts"],
        metadatas=raw["metadatas"],
        source_of=raw["source_of"],
        vectors=np.load(path.with_suffix(".npy")),
        sources=[Source(s["metadata"], s["sentences"], s.get("languages", [])) for s in raw["sources"]],
        companion_vectors=np.load(companion)
        if (companion := path.with_suffix(".companion.npy")).exists()
        else None,
    )


def make_pool(  # type: ignore[no-untyped-def]
    sources: list[Source], size: int, embed, model: str, cache_dir: Path, companion=None
) -> tuple[Pool, bool]:
    """The pool's texts and their vectors (cached on disk), and the ``companion`` embedder's too."""
    texts, origin = pool_texts(sources, size)
    vectors, cached = embed_cached(texts, embed, model, cache_dir)
    companion_vectors = None
    if companion is not None:
        companion_vectors, companion_cached = embed_cached(
            texts, companion.embed, companion.model_id, cache_dir
        )
        cached = cached and companion_cached
    metadatas = [dict(sources[i].metadata) for i in origin]
    return Pool(texts, metadatas, origin, vectors, sources, companion_vectors), cached


def scaled_companion_vectors(pool: Pool, n: int, seed: int = 12) -> np.ndarray:
    """The companion model's vectors of ``scaled_corpus``'s chunks, grown the same way: a pool chunk's own
    vector for the first copy, a variant's with seeded noise."""
    assert pool.companion_vectors is not None, "the pool has no companion vectors"
    noise = np.random.default_rng(seed)
    size, dimension = pool.companion_vectors.shape
    vectors = np.empty((n, dimension), dtype=np.float32)
    for i in range(n):
        vector = pool.companion_vectors[i % size]
        if i >= size:
            vector = vector + noise.normal(0.0, NOISE_SIGMA, dimension)
        vectors[i] = vector / np.linalg.norm(vector)
    return vectors


def scaled_corpus(
    pool: Pool, n: int, seed: int = 11
) -> tuple[list[str], list[str], np.ndarray, list[Metadata]]:
    """ids, texts, vectors and metadata of an ``n``-chunk corpus grown from the pool (see module doc)."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    size = len(pool.texts)
    ids: list[str] = []
    texts: list[str] = []
    metadatas: list[Metadata] = []
    vectors = np.empty((n, pool.vectors.shape[1]), dtype=np.float32)
    seen: set[str] = set()
    last_of_source: dict[int, str] = {}
    for i in range(n):
        base = i % size
        if i < size:
            text = pool.texts[base]
            vectors[i] = pool.vectors[base]
        else:
            source = pool.sources[pool.source_of[base]]
            sentences = pool.texts[base].split(PARAGRAPH)
            for _ in range(20):  # a distinct text; tiny sources may need a few draws
                variant = list(sentences)
                rng.shuffle(variant)
                variant[rng.randrange(len(variant))] = rng.choice(source.sentences)
                text = PARAGRAPH.join(variant)
                if text not in seen:
                    break
            else:
                text = f"{text} ({i})"
            vector = pool.vectors[base] + noise.normal(0.0, NOISE_SIGMA, pool.vectors.shape[1])
            vectors[i] = vector / np.linalg.norm(vector)
        seen.add(text)
        ids.append(f"syn-{i:06d}")
        texts.append(text)
        metadata: Metadata = {**pool.metadatas[base], "chunk_index": i, "doc_version": "synthetic"}
        origin = pool.source_of[base]
        if len(pool.sources[origin].languages) > 1 and origin in last_of_source:
            for language in pool.sources[origin].languages:
                if language != metadata.get("language"):
                    metadata[counterpart_key(language)] = last_of_source[origin]
        last_of_source[origin] = ids[-1]
        metadatas.append(metadata)
    return ids, texts, vectors, metadatas
