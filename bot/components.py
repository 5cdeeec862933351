"""Wiring in one place: every long-lived object is built here, lazily, from one Settings."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.language_models import BaseChatModel

    from bot.answer.about_sources import SourcesDesk
    from bot.answer.sentence_similarity import SentenceSimilarity
    from bot.answer.types import Passage
    from bot.embeddings import Embedder
    from bot.retrieval.companion import CompanionSearch
    from bot.retrieval.hybrid import HybridSearch
    from bot.retrieval.lexical_store import LexicalStore
    from bot.retrieval.sentence_index import SentenceStore
    from bot.service import AnswerService
    from bot.store import ChunkIndex
    from ingest.corpus_manifest import CorpusManifest
    from ingest.pipeline import Ingestor


# Bump when ``Components._after_ingest`` derives something new from an unchanged index: the next
# ``wijzer ingest`` runs it even with no file to index (1: the companion's sentence memo, session 35).
DERIVED_VERSION = "1"


class Components:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def embedder(self) -> Embedder:
        from bot.embeddings import make_embedder

        return make_embedder(self.settings.embedding)

    @cached_property
    def index(self) -> ChunkIndex:
        from bot.store import ChunkIndex

        return ChunkIndex(self.settings)

    @cached_property
    def lexical(self) -> LexicalStore:
        from bot.retrieval.lexical_store import LexicalStore

        return LexicalStore(self.index, self.settings.data_dir)

    @cached_property
    def search(self) -> HybridSearch:
        from bot.retrieval.counterparts import Counterparts
        from bot.retrieval.exact_dense import ExactDense
        from bot.retrieval.hybrid import HybridSearch
        from bot.retrieval.synonyms import default_synonyms

        return HybridSearch(
            self.settings.retrieval,
            self.embedder,
            self.index,
            self.lexical,
            default_synonyms(),
            embedding_model=self.settings.embedding.index_id,
            sentences=self.sentence_index if self.settings.retrieval.sentence_weight else None,
            exact=ExactDense(self.index, self.settings.chroma.exact_search_max),
            counterparts=Counterparts(self.index),
            companion=self.companion,
        )

    @cached_property
    def sentence_index(self) -> SentenceStore:
        from bot.retrieval.sentence_index import SentenceStore

        return SentenceStore(
            self.index,
            self.settings.data_dir,
            self.embedder.model_id,
            self.sentence_similarity.vectors_of,
        )

    @cached_property
    def companion_embedder(self) -> Embedder | None:
        """The companion model (``embedding.companion``), when retrieval weighs its search."""
        companion = self.settings.embedding.companion_settings
        if companion is None or not self.settings.searches_companion:
            return None
        from bot.embeddings import make_embedder

        return make_embedder(companion)

    @cached_property
    def companion(self) -> CompanionSearch | None:
        """The companion model's search of the passages, with its passage vectors beside Chroma's."""
        embedder = self.companion_embedder
        if embedder is None:
            return None
        from bot.answer.quotable import quotable_sentences
        from bot.retrieval import companion
        from bot.retrieval.sentence_index import SentenceStore, Units, whole_passage

        def store(units: Units, folder: str, vectors_of: Callable[[list[str]], np.ndarray]) -> SentenceStore:
            data_dir = self.settings.data_dir
            return SentenceStore(self.index, data_dir, embedder.model_id, vectors_of, units, folder)

        weight = self.settings.retrieval.companion_sentence_weight
        memo = self.companion_similarity  # its sentence vectors, embedded once for search and answers
        return companion.CompanionSearch(
            embedder,
            store(whole_passage, companion.PASSAGE_FOLDER, embedder.embed),
            sentences=store(quotable_sentences, companion.SENTENCE_FOLDER, memo.vectors_of)
            if weight and memo is not None
            else None,
            sentence_weight=weight,
        )

    @cached_property
    def companion_similarity(self) -> SentenceSimilarity | None:
        """The companion model's closeness of sentences to a question, with its memo of sentence vectors:
        when the companion's search counts a passage's closest sentence, or answers weigh its closeness."""
        embedder = self.companion_embedder
        if embedder is None or not self.settings.companion_reads_sentences:
            return None
        from bot.answer.sentence_similarity import SentenceSimilarity, memo_file

        return SentenceSimilarity(embedder, memo_file(self.settings.data_dir, embedder.model_id))

    @cached_property
    def sentence_similarity(self) -> SentenceSimilarity:
        from bot.answer.sentence_similarity import SentenceSimilarity, memo_file

        return SentenceSimilarity(self.embedder, memo_file(self.settings.data_dir, self.embedder.model_id))

    @cached_property
    def manifest(self) -> CorpusManifest:
        from ingest.corpus_manifest import read_manifest

        return read_manifest(self.settings.corpus_dir)

    @cached_property
    def sources(self) -> SourcesDesk:
        """Answers questions about the sources from the manifest; citation validity checks its lines."""
        from bot.answer.about_sources import SourcesDesk
        from bot.retrieval.synonyms import default_synonyms

        return SourcesDesk(self.manifest, default_synonyms().expansions)

    @cached_property
    def service(self) -> AnswerService:
        from bot.answer.composer import ComposerSettings, ExtractiveComposer
        from bot.retrieval.synonyms import default_synonyms
        from bot.service import AnswerService

        manifest = self.manifest
        synonyms = default_synonyms()  # the documents' English names ("Housing Act") are known names too
        titles = [d.label for d in manifest.documents.values() if d.kind != "essay"]
        composer = ExtractiveComposer(
            ComposerSettings(
                max_sentences=self.settings.answer.max_sentences,
                min_evidence=self.settings.answer.min_evidence,
                passages_considered=self.settings.retrieval.k,
                similarity_weight=self.settings.answer.similarity_weight,
                companion_share=self.settings.answer.companion_share,
                passage_weight=self.settings.answer.passage_weight,
            ),
            corpus_titles=titles,
            document_names=[  # "the essay by De Moor" names a document by its author
                name
                for d in manifest.documents.values()
                for name in (d.title, d.label, *d.authors, *synonyms.expansions(f"{d.title} | {d.label}"))
            ],
            neighbour=self.neighbour_passage,
            similarity=self.sentence_similarity if self.settings.answer.similarity_weight else None,
            expansions=synonyms.expansions,  # "corporate income tax" is checked as vennootschapsbelasting
            companion_similarity=self.companion_similarity,  # None unless answers or search weigh it
        )
        llm = None
        if self.settings.llm.mode != "none":
            from bot.llm.composer import LLMComposer, LLMComposerSettings

            llm = LLMComposer(
                self.chat_model,
                composer,
                LLMComposerSettings(context_passages=self.settings.retrieval.k),
            )
        return AnswerService(self.settings, self.search, composer, llm, self.sources)

    @cached_property
    def chat_model(self) -> BaseChatModel:
        """The chat model of ``settings.llm`` (built without contacting the server)."""
        from bot.llm.factory import make_chat_model

        return make_chat_model(self.settings.llm)

    def neighbour_passage(self, passage: Passage, step: int) -> Passage | None:
        """The passage ``step`` places after ``passage`` in its document (before it when negative), or
        None (past an end, or unknown position)."""
        from bot.retrieval.passages import to_passage

        if passage.chunk_index is None:
            return None
        chunk_id = self.lexical.get().chunk_at(passage.source, passage.chunk_index + step)
        found = self.index.get([chunk_id]) if chunk_id is not None else []
        return to_passage(found[0], 0.0) if found else None

    def passage_lookup(self, source: str, text: str) -> bool:
        """Does the index hold a passage of ``source`` with exactly this text, or the manifest state it (an
        answer about the sources cites its entry)? (citation validity)"""
        from ingest.chunking import chunk_id

        if self.sources.states(source, text):
            return True
        return any(self.index.get([chunk_id(source, text, n) for n in range(3)]))

    def ingestor(self, progress: Callable[[str, int, int, int], None] | None = None) -> Ingestor:
        from ingest.pipeline import Ingestor

        return Ingestor(
            self.settings,
            embedder_factory=lambda: self.embedder,
            index_factory=lambda: self.index,
            progress=progress,
            after_commit=self._after_ingest,
            derived_signature=self.derived_signature,
        )

    @property
    def derived_signature(self) -> str:
        """What ``_after_ingest`` derives, by the same settings rules that decide it (no model loaded, no
        index opened: an ingest with nothing to index compares it), with the models it derives them with."""
        settings = self.settings
        companion = settings.embedding.companion_settings if settings.searches_companion else None
        return json.dumps(
            {
                "version": DERIVED_VERSION,
                "model": settings.embedding.index_id,
                "companion": companion.index_id if companion is not None else None,
                "companion_sentences": settings.companion_reads_sentences,
                "companion_sentence_index": settings.companion_reads_sentences
                and bool(settings.retrieval.companion_sentence_weight),
                "sentences": settings.embeds_sentences,
                "sentence_index": bool(settings.retrieval.sentence_weight),
            },
            sort_keys=True,
        )

    def _after_ingest(self, index: ChunkIndex, corpus_version: str) -> int:
        """What an ingest derives from the committed index: the lexical index, the companion model's
        passage vectors (when retrieval weighs them) and its vectors of every quotable sentence (when its
        search or answers weigh them) with its sentence index, and (when answers or retrieval weigh closeness
        in meaning) the main model's vectors of every quotable sentence, so answers embed none of them, and
        (when retrieval weighs it) the sentence index made of them. Returns the number of sentences the
        main model embedded."""
        chunks = list(index.iter_chunks())  # read once for all
        self.lexical.rebuild(corpus_version, self.settings.embedding.index_id, chunks)
        if self.companion_similarity is not None:  # before the companion's sentence index, which reads it
            self.companion_similarity.fill(chunk.text for chunk in chunks)
        if self.companion is not None:
            self.companion.passages.rebuild(corpus_version, [(c.id, c.text) for c in chunks])
            if self.companion.sentences is not None:
                self.companion.sentences.rebuild(corpus_version, [(c.id, c.text) for c in chunks])
        if not self.settings.embeds_sentences:
            return 0
        embedded = self.sentence_similarity.fill(chunk.text for chunk in chunks)
        if self.settings.retrieval.sentence_weight:
            self.sentence_index.rebuild(corpus_version, [(c.id, c.text) for c in chunks])
        return embedded
