"""Incremental, crash-safe ingest of the corpus folder into the index.

Order of work per run:
1. Fingerprint every corpus file (content + manifest entry + pipeline and model versions). When nothing
   changed and no previous run died mid-way, stop here: no model, no Chroma, well under a second.
2. Otherwise mark the data folder dirty, reconcile the index with the saved state if the previous run
   died, then delete removed files' chunks and (re)index new or changed files one by one, saving the
   state atomically after each file.
3. Record the corpus version in the state and in the collection, refresh the lexical index, clear the
   dirty mark.
A file that fails to load is reported and keeps whatever version of it was indexed before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.language import detect_language
from bot.settings import Settings
from ingest.chunking import Chunk, chunk_id, chunk_segments
from ingest.corpus_manifest import MANIFEST_NAME, DocumentInfo, fallback_info, read_manifest
from ingest.document import LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.state import FileState, IngestState, dirty_marker, load_state, save_state

if TYPE_CHECKING:
    from bot.embeddings import Embedder
    from bot.store import ChunkIndex, Metadata

log = logging.getLogger(__name__)

# Bump when loaders, cleaning or chunking change what ends up in the index: every file is re-ingested.
# 5: a bilingual document's chunks name their counterparts; 6: a chunk names the articles it cites;
# 7: the default profile's passages are cut by the tokens of the gloss its model reads; 8: that gloss
# reads function words as English (bot/embeddings/function_words.tsv)
PIPELINE_VERSION = "8"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    sentences_embedded: int = 0  # quotable sentences embedded for answers after the commit (after_commit)
    total_chunks: int = 0
    corpus_version: str = ""
    seconds: float = 0.0
    repaired: bool = False
    derived: bool = False  # nothing to index, but the after-commit step ran (what it derives had changed)

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        sentences = (
            f"{self.sentences_embedded} sentences embedded for answers; " if self.sentences_embedded else ""
        )
        derived = "derived indexes brought up to date; " if self.derived else ""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, deleted {len(self.deleted)}, "
            f"unchanged {len(self.unchanged)}, failed {len(self.failed)}; "
            f"{self.chunks_embedded} chunks embedded, {self.total_chunks} in the index; {derived}{sentences}"
            f"corpus version {self.corpus_version or '-'}; {self.seconds:.1f} s"
        )


@dataclass(frozen=True)
class CorpusFile:
    source: str
    path: Path
    info: DocumentInfo
    has_entry: bool
    fingerprint: str


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Document files at the top level of the corpus folder (sub-folders hold provenance notes)."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir} (set WIJZER_CORPUS_DIR)")
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file()
        and p.name != MANIFEST_NAME
        and not p.name.startswith(".")
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and p.name.lower() not in ("readme.md",)
    )


def pipeline_signature(settings: Settings) -> str:
    """Everything besides file content that changes what a file's chunks are."""
    return json.dumps(
        {
            "pipeline": PIPELINE_VERSION,
            "model": settings.embedding.index_id,
            "max_tokens": settings.chunking.max_tokens,
            "overlap": settings.chunking.overlap_sentences,
        },
        sort_keys=True,
    )


def scan_corpus(settings: Settings) -> list[CorpusFile]:
    manifest = read_manifest(settings.corpus_dir)
    signature = pipeline_signature(settings)
    files = []
    for path in corpus_files(settings.corpus_dir):
        info = manifest.info_for(path.name)
        digest = hashlib.sha256(path.read_bytes())
        digest.update(signature.encode())
        digest.update((info.model_dump_json() if info else "").encode())
        files.append(
            CorpusFile(
                path.name, path, info or fallback_info(path.name), info is not None, digest.hexdigest()
            )
        )
    return files


def corpus_version(state: IngestState) -> str:
    digest = hashlib.sha256()
    for source in sorted(state.files):
        digest.update(f"{source}\x00{state.files[source].fingerprint}\n".encode())
    return digest.hexdigest()[:12] if state.files else ""


def build_chunks(corpus_file: CorpusFile, embedder: Embedder, settings: Settings) -> list[Chunk]:
    """Load, clean and chunk one file; raises LoadError for bad input."""
    segments = load_file(corpus_file.path)
    info = corpus_file.info
    budget = min(settings.chunking.max_tokens, embedder.max_tokens)
    pieces = chunk_segments(
        segments,
        title=info.label,
        count_tokens=embedder.count_tokens,
        max_tokens=budget,
        overlap_sentences=settings.chunking.overlap_sentences,
    )
    if not pieces:
        raise LoadError("no text left after cleaning")
    # (imported here: a run with nothing to do loads no stemmer)
    from bot.retrieval.articles import article_references

    chunks: list[Chunk] = []
    seen: dict[str, int] = {}
    for index, (segment, text, embed_text) in enumerate(pieces):
        occurrence = seen.get(text, 0)
        seen[text] = occurrence + 1
        metadata: Metadata = {
            "source": corpus_file.source,
            "title": info.title,
            "short_title": info.label,
            "kind": info.kind,
            "outdated": info.outdated,
            "language": segment.language or detect_language(text, default=info.language[:2]),
            "chunk_index": index,
            "doc_version": corpus_file.fingerprint[:12],
        }
        optional = {
            "page": segment.page,
            "article": segment.article,
            "section": segment.section,
            "url": segment.url or info.url,
            "version_date": info.version_date,
        }
        metadata.update({k: v for k, v in optional.items() if v is not None})
        # the other articles it cites ("De artikelen 63f tot en met 63j zijn van toepassing …"): a question
        # about an article finds the passages that say when or how it applies (bot/retrieval/hybrid.py)
        if cites := [a for a in article_references(text) if a != segment.article]:
            metadata["cites"] = cites
        chunks.append(Chunk(chunk_id(corpus_file.source, text, occurrence), text, embed_text, metadata))
    return chunks


@contextmanager
def data_folder_errors(data_dir: Path) -> Iterator[None]:
    """An OSError while writing the data folder (not a folder, read-only, disk full) becomes one clear
    DataFolderError instead of a traceback. The dirty marker, when it could be written, makes the next
    run repair whatever was half done; the state file is replaced atomically, so it is never half written."""
    try:
        yield
    except OSError as exc:
        from bot.store import DataFolderError

        where = exc.filename or data_dir
        raise DataFolderError(
            f"cannot write the data folder {data_dir} ({exc.strerror or exc}: {where}). Make it writable, "
            "free disk space or set WIJZER_DATA_DIR to another folder, then run `wijzer ingest` again: "
            "it repairs an interrupted run."
        ) from exc


class Ingestor:
    """Runs one ingest; ``progress`` receives (files done, files total, chunks embedded);
    ``after_commit`` derives what else the committed index needs and returns how many sentences it
    embedded for that. ``derived_signature`` names what it derives (the settings and code it depends on):
    the state records it, and an ingest with no file to index still runs ``after_commit`` when it differs
    (a data folder from an older version, or settings that now weigh another derived index)."""

    def __init__(
        self,
        settings: Settings,
        embedder_factory: Callable[[], Embedder],
        index_factory: Callable[[], ChunkIndex],
        progress: Callable[[str, int, int, int], None] | None = None,
        after_commit: Callable[[ChunkIndex, str], int] | None = None,
        derived_signature: str = "",
    ) -> None:
        self.settings = settings
        self._embedder_factory = embedder_factory
        self._index_factory = index_factory
        self._progress = progress or (lambda *_: None)
        self._after_commit = after_commit
        self._derived_signature = derived_signature
        self._embedder: Embedder | None = None

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
        return self._embedder

    def run(self, force: bool = False) -> IngestReport:
        started = time.perf_counter()
        settings = self.settings
        report = IngestReport()
        files = scan_corpus(settings)
        report.warnings += [
            f"{f.source}: no entry in {MANIFEST_NAME}; ingested with its file name as title"
            for f in files
            if not f.has_entry
        ]
        state = load_state(settings.data_dir)
        marker = dirty_marker(settings.data_dir)
        from bot.store import describe_location

        location = describe_location(settings)
        if (
            force
            or state.index_location != location
            or state.embedding_model != settings.embedding.index_id
            or not self._index_present(state)
        ):
            state = IngestState(index_location=location, embedding_model=settings.embedding.index_id)
            force = True
        todo, removed = self._changes(files, state, force)
        if not todo and not removed and not marker.exists():
            report.unchanged = [f.source for f in files]
            if state.files and self._after_commit is not None and state.derived != self._derived_signature:
                with data_folder_errors(settings.data_dir):
                    report.sentences_embedded = self._derive(self._index_factory(), state)
                report.derived = True
            report.total_chunks = state.chunk_count
            report.corpus_version = state.corpus_version
            report.seconds = time.perf_counter() - started
            return report

        with data_folder_errors(settings.data_dir):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            index = self._index_factory()
            if force or marker.exists() or not state.files:
                report.repaired = marker.exists()
                self._reconcile(index, state, force)
                todo, removed = self._changes(files, state, force)
            marker.write_text(str(time.time()))

            for source in removed:
                index.delete_source(source)
                del state.files[source]
                save_state(settings.data_dir, state)
                report.deleted.append(source)

            report.unchanged = [f.source for f in files if f not in todo]
            for done, corpus_file in enumerate(todo, start=1):
                self._ingest_file(corpus_file, index, state, report)
                self._progress(corpus_file.source, done, len(todo), report.chunks_embedded)

            state.corpus_version = corpus_version(state)
            state.index_location = location
            state.embedding_model = settings.embedding.index_id
            save_state(settings.data_dir, state)
            index.set_state(state.corpus_version, settings.embedding.index_id)
            if self._after_commit is not None:
                report.sentences_embedded = self._derive(index, state)
            marker.unlink(missing_ok=True)
            report.total_chunks = state.chunk_count
            report.corpus_version = state.corpus_version
            report.seconds = time.perf_counter() - started
            return report

    def _derive(self, index: ChunkIndex, state: IngestState) -> int:
        """Run the after-commit step on the committed index and record what it derived."""
        assert self._after_commit is not None
        embedded = self._after_commit(index, state.corpus_version)
        state.derived = self._derived_signature
        save_state(self.settings.data_dir, state)
        return embedded

    @staticmethod
    def _changes(
        files: list[CorpusFile], state: IngestState, force: bool
    ) -> tuple[list[CorpusFile], list[str]]:
        """Files to (re)index and sources to delete, comparing fingerprints with the state."""
        by_source = {f.source: f for f in files}
        todo = [
            f
            for f in files
            if force or f.source not in state.files or state.files[f.source].fingerprint != f.fingerprint
        ]
        return todo, [s for s in state.files if s not in by_source]

    def _index_present(self, state: IngestState) -> bool:
        """Does the index still hold what the state says? Embedded: its folder exists. Server: the
        collection records the state's corpus version (one HTTP request; a server that cannot be asked
        is taken at the state's word, and a run with work to do then reports it)."""
        if self.settings.chroma.mode == "server":
            from bot.store import server_state

            recorded = server_state(self.settings)
            return recorded is None or recorded.get("corpus_version") == state.corpus_version
        return self.settings.chroma_path.exists()

    def _reconcile(self, index: ChunkIndex, state: IngestState, force: bool) -> None:
        """Make the index hold exactly what the state says: drop chunks of unknown or mismatched files."""
        actual = index.ids_by_source()
        for source, ids in actual.items():
            expected = state.files.get(source)
            if force or expected is None or set(expected.chunk_ids) != ids:
                index.delete(sorted(ids))
                state.files.pop(source, None)
        for source in list(state.files):
            if source not in actual:
                state.files.pop(source)
        save_state(self.settings.data_dir, state)

    def _ingest_file(
        self, corpus_file: CorpusFile, index: ChunkIndex, state: IngestState, report: IngestReport
    ) -> None:
        source = corpus_file.source
        try:
            chunks = build_chunks(corpus_file, self.embedder, self.settings)
        except LoadError as exc:
            report.failed.append((source, str(exc)))
            return
        except (OSError, UnicodeError, ValueError) as exc:
            report.failed.append((source, f"{type(exc).__name__}: {exc}"))
            return
        vectors = self.embedder.embed([c.embed_text for c in chunks])
        previous = state.files.get(source)
        new_ids = [c.id for c in chunks]
        # a treaty in two languages: each chunk names its counterpart in the other (imported where the ingest
        # embeds: a run with nothing to do skips it, 0.28 vs 0.33 s in process)
        from bot.retrieval.counterparts import with_counterparts

        metadatas = with_counterparts(new_ids, [c.metadata for c in chunks], vectors)
        index.upsert(new_ids, [c.text for c in chunks], vectors, metadatas)
        if previous is not None:
            stale = sorted(set(previous.chunk_ids) - set(new_ids))
            index.delete(stale)
            report.updated.append(source)
        else:
            report.added.append(source)
        state.files[source] = FileState(fingerprint=corpus_file.fingerprint, chunk_ids=new_ids)
        save_state(self.settings.data_dir, state)
        report.chunks_embedded += len(chunks)
