"""The naive LangChain baseline: a recursive character splitter and a dense vector-store retriever.

This is the RAG pipeline of the LangChain tutorials: ``RecursiveCharacterTextSplitter(chunk_size=1000,
chunk_overlap=200)`` and ``vectorstore.as_retriever(search_kwargs={"k": 5})`` over a Chroma collection.

``langchain-text-splitters`` and ``langchain-chroma`` are not dependencies of Wijzer (the latter pins its
own chromadb range), so:

* the splitter is ``langchain_text_splitters.RecursiveCharacterTextSplitter`` when that package is
  installed, otherwise a line-for-line port of its algorithm (same separators, merge and overlap rules);
* the vector store is a langchain-core ``VectorStore`` over our ``ChunkIndex`` (the same Chroma
  collection API ``langchain_chroma.Chroma`` calls: ``collection.query`` with the query embedding), and
  the retriever is langchain-core's own ``VectorStoreRetriever``.

The documents the baseline splits are the texts Wijzer's loaders produce (cleaned, one string per file),
so the quality comparison is about chunking and retrieval, not about file parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore, VectorStoreRetriever

from bot.embeddings import Embedder
from bot.store import ChunkIndex

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
SEPARATORS = ("\n\n", "\n", " ", "")


# --- splitter ----------------------------------------------------------------------------------------


def _split_with_regex(text: str, separator: str, keep_separator: bool) -> list[str]:
    if separator:
        if keep_separator:
            parts = re.split(f"({separator})", text)
            splits = [parts[i] + parts[i + 1] for i in range(1, len(parts), 2)]
            if len(parts) % 2 == 0:
                splits += parts[-1:]
            splits = [parts[0], *splits]
        else:
            splits = re.split(separator, text)
    else:
        splits = list(text)
    return [s for s in splits if s != ""]


class PortedRecursiveSplitter:
    """``RecursiveCharacterTextSplitter`` (langchain-text-splitters 0.3/1.x) with its defaults:
    ``keep_separator=True``, ``strip_whitespace=True``, ``length_function=len``."""

    def __init__(self, chunk_size: int = CHUNK_SIZE, chunk_overlap: int = CHUNK_OVERLAP) -> None:
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap

    def split_text(self, text: str) -> list[str]:
        return self._split(text, list(SEPARATORS))

    def _split(self, text: str, separators: list[str]) -> list[str]:
        final: list[str] = []
        separator = separators[-1]
        rest: list[str] = []
        for i, candidate in enumerate(separators):
            if candidate == "":
                separator = candidate
                break
            if re.search(re.escape(candidate), text):
                separator = candidate
                rest = separators[i + 1 :]
                break
        splits = _split_with_regex(text, re.escape(separator), keep_separator=True)
        good: list[str] = []
        for piece in splits:
            if len(piece) < self.chunk_size:
                good.append(piece)
                continue
            if good:
                final.extend(self._merge(good, ""))
                good = []
            final.extend(self._split(piece, rest) if rest else [piece])
        if good:
            final.extend(self._merge(good, ""))
        return final

    def _merge(self, splits: Iterable[str], separator: str) -> list[str]:
        sep_len = len(separator)
        docs: list[str] = []
        current: list[str] = []
        total = 0
        for piece in splits:
            size = len(piece)
            if current and total + size + sep_len > self.chunk_size:
                joined = separator.join(current).strip()
                if joined:
                    docs.append(joined)
                while total > self.chunk_overlap or (
                    total + size + (sep_len if current else 0) > self.chunk_size and total > 0
                ):
                    total -= len(current[0]) + (sep_len if len(current) > 1 else 0)
                    current = current[1:]
            current.append(piece)
            total += size + (sep_len if len(current) > 1 else 0)
        joined = separator.join(current).strip()
        if joined:
            docs.append(joined)
        return docs


def make_splitter() -> tuple[Callable[[str], list[str]], str]:
    """(split function, which implementation)."""
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter
    except ImportError:
        return PortedRecursiveSplitter().split_text, "ported RecursiveCharacterTextSplitter"
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_text, "langchain_text_splitters.RecursiveCharacterTextSplitter"


# --- vector store over our ChunkIndex ----------------------------------------------------------------


class EmbedderEmbeddings(Embeddings):
    """Wijzer's embedding model behind the langchain-core Embeddings interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


class ChunkIndexVectorStore(VectorStore):
    """Dense-only similarity search over a ChunkIndex (one Chroma collection), as langchain_chroma does."""

    def __init__(self, index: ChunkIndex, embeddings: Embeddings) -> None:
        self.index = index
        self._embeddings = embeddings

    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings

    def add_texts(
        self,
        texts: Iterable[str],
        metadatas: list[dict[str, Any]] | None = None,
        *,
        ids: list[str] | None = None,
        **kwargs: Any,
    ) -> list[str]:
        texts = list(texts)
        ids = ids or [f"baseline-{i:06d}" for i in range(len(texts))]
        metadatas = metadatas or [{"source": ""} for _ in texts]
        vectors = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
        self.index.upsert(ids, texts, vectors, metadatas)
        return ids

    def similarity_search_with_score(
        self, query: str, k: int = 4, **kwargs: Any
    ) -> list[tuple[Document, float]]:
        vector = np.asarray(self._embeddings.embed_query(query), dtype=np.float32)
        hits = self.index.query(vector, k)
        chunks = {c.id: c for c in self.index.get([h.id for h in hits])}
        return [
            (Document(page_content=chunks[h.id].text, metadata=chunks[h.id].metadata, id=h.id), h.similarity)
            for h in hits
            if h.id in chunks
        ]

    def similarity_search(self, query: str, k: int = 4, **kwargs: Any) -> list[Document]:
        return [doc for doc, _ in self.similarity_search_with_score(query, k)]

    def _select_relevance_score_fn(self) -> Callable[[float], float]:
        return lambda similarity: similarity

    @classmethod
    def from_texts(
        cls,
        texts: list[str],
        embedding: Embeddings,
        metadatas: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> ChunkIndexVectorStore:
        store = cls(kwargs["index"], embedding)
        store.add_texts(texts, metadatas)
        return store


def naive_retriever(index: ChunkIndex, embedder: Embedder, k: int = 5) -> VectorStoreRetriever:
    return ChunkIndexVectorStore(index, EmbedderEmbeddings(embedder)).as_retriever(search_kwargs={"k": k})


def retrieved_json(docs: Sequence[Document]) -> list[dict[str, Any]]:
    """Documents in the ``retrieved`` shape of ``wijzer ask --json`` (for the eval runner)."""
    return [
        {
            "source": d.metadata.get("source", ""),
            "title": d.metadata.get("title", ""),
            "page": d.metadata.get("page"),
            "article": d.metadata.get("article"),
            "text": d.page_content,
            "score": 0.0,
        }
        for d in docs
    ]
