"""The Chroma index: embedded (a folder) or a server, chosen by settings, behind one small class.

Chroma is always given our vectors: collections are opened with ``embedding_function=None`` so it can
never fall back to its own default model (which would try to download weights).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

Metadata = dict[str, str | int | float | bool | list[str]]
_BATCH = 2000
_STATE_KEYS = ("corpus_version", "embedding_model")


def server_state(settings: Settings, timeout_s: float = 5.0) -> dict[str, str] | None:
    """What a Chroma server's collection records (corpus version, embedding model), by one plain HTTP
    request, so that a no-op ingest stays free of chromadb and the model yet notices a server that was
    wiped or re-ingested elsewhere. ``{}`` when the collection does not exist; None when the server
    cannot be asked (then the local state is all there is to go by)."""
    import json
    from urllib.error import HTTPError, URLError
    from urllib.parse import quote
    from urllib.request import urlopen

    chroma = settings.chroma
    url = (
        f"http://{chroma.host}:{chroma.port}/api/v2/tenants/default_tenant/databases/default_database"
        f"/collections/{quote(chroma.collection, safe='')}"
    )
    try:
        with urlopen(url, timeout=timeout_s) as response:
            metadata = json.loads(response.read()).get("metadata") or {}
    except HTTPError as exc:
        return {} if exc.code == 404 else None
    except (URLError, OSError, ValueError):
        return None
    return _recorded_state(metadata)


def _recorded_state(metadata: Mapping[str, object]) -> dict[str, str]:
    return {key: str(metadata[key]) for key in _STATE_KEYS if key in metadata}


class IndexUnavailableError(RuntimeError):
    """The index cannot be reached or opened; the message says what to do."""


class DataFolderError(IndexUnavailableError):
    """The data folder (ingest state, lexical index, embedded index) cannot be written."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    metadata: Metadata


@dataclass(frozen=True)
class DenseHit:
    id: str
    similarity: float


def _chunks(page: Mapping[str, Any]) -> list[StoredChunk]:
    """The chunks of one ``collection.get`` answer (documents are absent when not included)."""
    ids = page["ids"]
    documents = page.get("documents") or [""] * len(ids)
    metadatas = page.get("metadatas") or [{}] * len(ids)
    return [
        StoredChunk(i, d or "", dict(m or {})) for i, d, m in zip(ids, documents, metadatas, strict=False)
    ]


def describe_location(settings: Settings) -> str:
    if settings.chroma.mode == "server":
        return f"Chroma server at http://{settings.chroma.host}:{settings.chroma.port}"
    return f"embedded Chroma in {settings.chroma_path}"


def _advice(settings: Settings) -> str:
    """What to do when the index cannot be reached: part of every IndexUnavailableError message."""
    if settings.chroma.mode == "server":
        return (
            "Is the Chroma server running? Start it with: "
            f"chroma run --path FOLDER --host {settings.chroma.host} --port {settings.chroma.port}"
        )
    return f"Is the data folder ({settings.chroma_path}) writable and not damaged?"


def make_client(settings: Settings) -> ClientAPI:
    """Embedded PersistentClient or HttpClient, per the (mutually exclusive) settings."""
    import chromadb
    from chromadb.config import Settings as ChromaClientSettings

    client_settings = ChromaClientSettings(anonymized_telemetry=False)
    try:
        if settings.chroma.mode == "server":
            return chromadb.HttpClient(
                host=settings.chroma.host, port=settings.chroma.port, settings=client_settings
            )
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=client_settings)
    except Exception as exc:
        raise IndexUnavailableError(
            f"cannot open the index ({describe_location(settings)}): {exc}. {_advice(settings)}"
        ) from exc


class ChunkIndex:
    """One Chroma collection of corpus chunks with their vectors and metadata."""

    def __init__(self, settings: Settings, client: ClientAPI | None = None) -> None:
        self.settings = settings
        self.location = describe_location(settings)
        self._client = client or make_client(settings)
        self._collection: Collection | None = None

    def _wrap(self, action: str, exc: Exception) -> IndexUnavailableError:
        return IndexUnavailableError(f"{action} failed ({self.location}): {exc}. {_advice(self.settings)}")

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            try:
                collection = self._client.get_or_create_collection(
                    self.settings.chroma.collection,
                    embedding_function=None,
                    metadata={"hnsw:space": "cosine", "hnsw:search_ef": self.settings.chroma.search_ef},
                )
                self._collection = self._with_search_ef(collection)
            except Exception as exc:
                raise self._wrap("opening the collection", exc) from exc
        return self._collection

    def _with_search_ef(self, collection: Collection) -> Collection:
        """An index made before ``chroma.search_ef`` existed (or with another value) gets it now."""
        wanted = self.settings.chroma.search_ef
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search") not in (None, wanted):
            collection.modify(configuration={"hnsw": {"ef_search": wanted}})
        return collection

    def count(self) -> int:
        try:
            return self.collection.count()
        except Exception as exc:
            raise self._wrap("counting chunks", exc) from exc

    def upsert(
        self, ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray, metadatas: Sequence[Metadata]
    ) -> None:
        for start in range(0, len(ids), _BATCH):
            end = start + _BATCH
            try:
                self.collection.upsert(
                    ids=list(ids[start:end]),
                    documents=list(texts[start:end]),
                    embeddings=vectors[start:end].tolist(),
                    metadatas=[dict(m) for m in metadatas[start:end]],
                )
            except Exception as exc:
                raise self._wrap("writing chunks", exc) from exc

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            try:
                self.collection.delete(ids=list(ids[start : start + _BATCH]))
            except Exception as exc:
                raise self._wrap("deleting chunks", exc) from exc

    def delete_source(self, source: str) -> None:
        try:
            self.collection.delete(where={"source": source})
        except Exception as exc:
            raise self._wrap("deleting chunks", exc) from exc

    def ids_by_source(self) -> dict[str, set[str]]:
        result: dict[str, set[str]] = {}
        for chunk in self.iter_chunks(include_documents=False):
            result.setdefault(str(chunk.metadata.get("source", "")), set()).add(chunk.id)
        return result

    def iter_chunks(self, include_documents: bool = True, page_size: int = 5000) -> Iterator[StoredChunk]:
        include: list[Any] = ["metadatas", "documents"] if include_documents else ["metadatas"]
        offset = 0
        while True:
            try:
                page = self.collection.get(include=include, limit=page_size, offset=offset)
            except Exception as exc:
                raise self._wrap("reading chunks", exc) from exc
            chunks = _chunks(page)
            if not chunks:
                return
            yield from chunks
            offset += len(chunks)

    def vectors(self, page_size: int = 5000) -> tuple[list[str], np.ndarray]:
        """Every chunk's id and vector, in pages (the exact dense search's matrix)."""
        ids: list[str] = []
        pages: list[np.ndarray] = []
        offset = 0
        while True:
            try:
                page = self.collection.get(include=["embeddings"], limit=page_size, offset=offset)
            except Exception as exc:
                raise self._wrap("reading vectors", exc) from exc
            if not page["ids"]:
                break
            ids += page["ids"]
            pages.append(np.asarray(page["embeddings"], dtype=np.float32))
            offset += len(page["ids"])
        return ids, (np.concatenate(pages) if pages else np.zeros((0, 0), dtype=np.float32))

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        if not ids:
            return []
        try:
            page = self.collection.get(ids=list(ids), include=["metadatas", "documents"])
        except Exception as exc:
            raise self._wrap("reading chunks", exc) from exc
        by_id = {c.id: c for c in _chunks(page)}
        return [by_id[i] for i in ids if i in by_id]

    def with_articles(self, articles: Sequence[str]) -> list[StoredChunk]:
        """Every chunk whose ``article`` metadata is one of ``articles`` (in any document)."""
        if not articles:
            return []
        return self._where({"article": {"$in": list(articles)}})

    def citing(self, articles: Sequence[str], sources: Iterable[str]) -> list[StoredChunk]:
        """Every chunk of ``sources`` whose ``cites`` metadata names one of ``articles`` (ingest records
        the articles a chunk's text cites; an index built before that has none)."""
        within = sorted(sources)
        if not articles or not within:
            return []
        cites: list[dict[str, Any]] = [{"cites": {"$contains": a}} for a in dict.fromkeys(articles)]
        return self._where(
            {"$and": [{"source": {"$in": within}}, cites[0] if len(cites) == 1 else {"$or": cites}]}
        )

    def _where(self, where: dict[str, Any]) -> list[StoredChunk]:
        """Every chunk (text and metadata) that the metadata filter ``where`` selects."""
        try:
            page = self.collection.get(where=where, include=["metadatas", "documents"])
        except Exception as exc:
            raise self._wrap("reading chunks", exc) from exc
        return _chunks(page)

    def query(self, vector: np.ndarray, n: int) -> list[DenseHit]:
        """Nearest chunks by cosine similarity (1 - cosine distance).

        No ``count()`` first: Chroma returns fewer hits (none for an empty collection) when ``n``
        exceeds the collection size, and a count costs a round trip (server) and O(chunks) (embedded)."""
        try:
            result = self.collection.query(
                query_embeddings=[vector.tolist()], n_results=n, include=["distances"]
            )
        except Exception as exc:
            raise self._wrap("searching the index", exc) from exc
        return [
            DenseHit(i, 1.0 - float(d))
            for i, d in zip(result["ids"][0], (result["distances"] or [[]])[0], strict=False)
        ]

    def state(self) -> dict[str, str]:
        """Corpus version and embedding model recorded in the collection (shared by all app processes).

        Read afresh from Chroma on every call: a Collection object keeps the metadata it was opened
        with, so an ingest run by another process (a server shared by several app processes) would
        otherwise never be seen."""
        from chromadb.errors import NotFoundError

        try:
            fresh = self._client.get_collection(self.settings.chroma.collection, embedding_function=None)
        except NotFoundError:
            return {}
        except Exception as exc:
            raise self._wrap("reading the corpus version", exc) from exc
        self._collection = fresh
        return _recorded_state(fresh.metadata or {})

    def set_state(self, corpus_version: str, embedding_model: str) -> None:
        try:
            self.collection.modify(
                metadata={"corpus_version": corpus_version, "embedding_model": embedding_model}
            )
        except Exception as exc:
            raise self._wrap("recording the corpus version", exc) from exc
        self._collection = None  # re-read metadata on next access
