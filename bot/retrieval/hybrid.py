"""Hybrid search: dense (Chroma) and lexical (BM25) candidates fused (min–max normalised scores by
default, or weighted reciprocal rank), then lifted when the question names their document or asks for a
number or date they state (docs/retrieval.md)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.answer.types import Passage, Turn
from bot.embeddings import Embedder
from bot.language import Language, detect_language
from bot.retrieval.analysis import Analyzer, fold
from bot.retrieval.answer_type import (
    MOMENTS,
    AnswerType,
    asked_type,
    asks_advice,
    asks_dutch_law,
    asks_legal_basis,
    offers,
)
from bot.retrieval.articles import article_numbers, is_cited, reference_shares
from bot.retrieval.companion import CompanionSearch
from bot.retrieval.counterparts import Counterparts
from bot.retrieval.ellipsis import condense
from bot.retrieval.exact_dense import ExactDense
from bot.retrieval.lexical import LexicalHit, LexicalIndex
from bot.retrieval.lexical_store import LexicalStore
from bot.retrieval.passages import to_passage
from bot.retrieval.query import SearchQuery, build_query, concept_stems, named_laws, names_what_is_listed
from bot.retrieval.sentence_index import SentenceStore, with_closest_sentences
from bot.retrieval.synonyms import SynonymTable
from bot.settings import GLOSS_SUFFIX, RetrievalSettings
from bot.store import ChunkIndex, DenseHit, IndexUnavailableError, StoredChunk


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    passages: list[Passage]  # fused order, best first (more than k: the composer may look further)
    # the dense channel's score per chunk: its cosine, plus ``sentence_weight`` × its closest sentence's
    dense_similarity: dict[str, float]
    lexical_score: dict[str, float]
    corpus_version: str
    article_matches: frozenset[str] = frozenset()  # ids of the chunks of the article(s) the question names
    # the dense search's vector of ``query.dense_text`` (None when fusion is lexical only): the composer
    # weighs sentences by their closeness to it instead of embedding the question again
    query_vector: np.ndarray | None = None
    named_sources: frozenset[str] = frozenset()  # the documents the question names (or the laws it asks for)
    # the companion model's vector of the question as asked (None without one): the composer weighs
    # sentences by their closeness to it too
    companion_vector: np.ndarray | None = None


def rrf(rankings: Sequence[tuple[Sequence[str], float]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank) over the rankings."""
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return fused


_ESSAY_WORDS = ("essay", "artikel van de moor", "de moor", "auteurs", "authors", "bestuurswetenschappen")


def names_law(text: str, laws: Sequence[str]) -> bool:
    """Does ``text`` name one of ``laws`` (folded one-word names: "aanbestedingswet")?"""
    folded = fold(text) if laws else ""
    return any(re.search(rf"\b{law}\b", folded) for law in laws)


def document_names(metadata: Mapping[str, object]) -> tuple[str, ...]:
    """The names a question calls a document by: its short title's first word ("Gemeentewet", "Awb"), or
    "essay" and the like for the essay (folded)."""
    if metadata.get("kind") == "essay":
        return _ESSAY_WORDS
    short = fold(str(metadata.get("short_title") or ""))
    name = short.split()[0] if short else ""
    return (name,) if len(name) >= 3 else ()


def names_document(question: str, metadata: Mapping[str, object]) -> bool:
    """Does the question (with its synonym expansions) name the document this chunk comes from? The essay's
    names match inside a word too ("essays", "co-auteurs"); a law's short title as a word."""
    folded = fold(question)
    if metadata.get("kind") == "essay":
        return any(name in folded for name in document_names(metadata))
    return any(re.search(rf"\b{re.escape(name)}\b", folded) for name in document_names(metadata))


def weighted_scores(scores: Sequence[tuple[dict[str, float], float]], depth: int = 0) -> dict[str, float]:
    """Convex combination of min-max normalised scores (0 for a list an id is missing from). A list shorter
    than the ``depth`` asked for holds every match: it is normalised from 0, not from its lowest score, so
    its last match still counts ("Wat is CPO?": the one passage that says "CPO" scored 0, as the only and
    so lowest lexical hit, and the answer quoted the Protocol's preamble)."""
    fused: dict[str, float] = {}
    for by_id, weight in scores:
        if not by_id:
            continue
        high = max(by_id.values())
        low = min(by_id.values()) if len(by_id) >= depth else min(0.0, *by_id.values())
        span = (high - low) or 1.0
        for chunk_id, score in by_id.items():
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * (score - low) / span
    return fused


# Answer types whose passages fusion lifts (a definition: the passage that defines the one thing asked about,
# ``HybridSearch._definition_asked``)
LIFTED_ANSWER_TYPES = ("quantity", *MOMENTS, "list", "definition")
LEGAL_KINDS = frozenset({"statute", "treaty"})  # the corpus manifest's kinds of document that are law
NAMED_DOCUMENT_K = 3  # passages a named document brings in from its own lexical search


class HybridSearch:
    def __init__(
        self,
        settings: RetrievalSettings,
        embedder: Embedder,
        index: ChunkIndex,
        lexical: LexicalStore,
        synonyms: SynonymTable,
        embedding_model: str = "",
        sentences: SentenceStore | None = None,
        exact: ExactDense | None = None,
        counterparts: Counterparts | None = None,
        companion: CompanionSearch | None = None,
    ) -> None:
        self.settings = settings
        # the dense search: exact for a small collection; without one, always Chroma's HNSW
        self.dense = exact if exact is not None else ExactDense(index, max_chunks=0)
        self.embedding_model = embedding_model
        self.embedder = embedder
        self.index = index
        self.lexical = lexical
        self.synonyms = synonyms
        self.sentences = sentences  # the sentence index, when ``sentence_weight`` weighs it
        self.counterparts = counterparts  # a bilingual document's passages in the question's language
        self.companion = companion  # a second model's dense search, fused in at ``companion_weight``
        self._documents_of: LexicalIndex | None = None
        self._document_metadata: dict[str, Mapping[str, object]] = {}

    def condense(self, question: str, history: Sequence[Turn] = ()) -> tuple[str, list[Turn]]:
        """The question as it stands alone and the history to search it in (``ellipsis.condense``):
        "En bij een zorgcoöperatie?" is asked as the previous question about a zorgcoöperatie."""
        return condense(question, history, self.lexical.get().analyzer)

    def search(
        self,
        question: str,
        history: Sequence[Turn] = (),
        depth: int | None = None,
        language: Language | None = None,
    ) -> SearchResult:
        """The passages for ``question`` (condensed already: ``condense``), best first; ``language`` is the
        language of the question as asked (detected from ``question`` when not given)."""
        s = self.settings
        language = language or detect_language(question)
        lexical_index = self.lexical.get()
        query = build_query(
            question,
            history,
            lexical_index.analyzer,
            self.synonyms,
            s.history_turns,
            lexical_index.idf,
            lexical_index.compounds_ending_in,
            lexical_index.compounds_starting_with,
            language,
        )
        dense_hits: list[DenseHit] = []
        vector = None
        if s.fusion != "lexical":
            self._check_embedding_model()
            vector = self.embedder.embed_query(query.dense_text)
            dense_hits = self.dense.query(vector, s.dense_k, self.lexical.corpus_version)
        dense = {h.id: h.similarity for h in dense_hits}
        if vector is not None and s.sentence_weight and self.sentences is not None:
            closest = self.sentences.get(self.lexical.corpus_version).closest(vector, s.dense_k)
            dense = with_closest_sentences(dense, closest, s.sentence_weight)
        lexical_hits = (
            lexical_index.search(query.terms, s.lexical_k, query.term_words, s.compound_part_weight)
            if s.fusion != "dense"
            else []
        )
        lexical = {h.id: h.score for h in lexical_hits}
        # the companion model reads the question as asked (condensed), not the gloss or the history terms
        # of the dense text: that found 557 tuning passages against 552 (docs/retrieval.md, session 33)
        companion: dict[str, float] = {}
        companion_vector = None
        if self.companion is not None and s.fusion != "lexical":
            companion_vector = self.companion.embedder.embed_query(question)
            companion = self.companion.closest(companion_vector, self.lexical.corpus_version, s.dense_k)
        if s.fusion == "weighted":
            fused = weighted_scores(
                [(dense, s.dense_weight), (lexical, s.lexical_weight), (companion, s.companion_weight)],
                min(s.dense_k, s.lexical_k),
            )
        else:
            fused = rrf(
                [
                    (sorted(dense, key=lambda i: -dense[i]), s.dense_weight),
                    ([h.id for h in lexical_hits], s.lexical_weight),
                    (sorted(companion, key=lambda i: -companion[i]), s.companion_weight),
                ],
                s.rrf_k,
            )
        depth = depth or max(s.k * 2, 10)
        candidates = sorted(fused, key=lambda i: -fused[i])[: depth * 2]
        chunks = {c.id: c for c in self.index.get(candidates)}
        if s.article_neighbour_weight:
            self._lift_article_neighbours(candidates[:depth], chunks, fused, lexical_index)
        # A question that names a document ("volgens de Gemeentewet", "in het essay") prefers its passages,
        # and its best ones are among them even when other documents fill the lists: "Wat zegt de Awb
        # daarover?" after a question the essay answered.
        top = max(fused.values(), default=0.0) or 1.0
        within = self._named_documents(
            " ".join([question, *self.synonyms.expansions(question)]), lexical_index
        ) or self._laws_asked_for(question, lexical_index)
        # an advice question prefers the essay's passages (a hint only: its best one is not lifted)
        advice = set() if within else self._essay_for_advice(question, lexical_index)
        if within and s.fusion != "dense":
            in_named = self._in_named_documents(query, within, lexical_index)
            self._best_with_the_best([h.id for h in in_named], chunks, fused, top)
        articles = self._article_chunks(query.articles, within)
        for chunk, share in self._article_shares(query, articles):
            chunks[chunk.id] = chunk
            fused[chunk.id] = fused.get(chunk.id, 0.0) + s.article_hint * top * share
        # A question that asks for a number, a date, a period or a list prefers passages that state one.
        kind = asked_type(question)
        laws = named_laws(
            question
        )  # one outside the corpus lifts the passages naming it ("Aanbestedingswet")
        if laws and not within and s.fusion != "dense":
            # … and the best of them ranks with the best found, as a named document's does: what the corpus
            # says of such a law is said where it is named (the Wmo's "in afwijking van … de
            # Aanbestedingswet 2012"), and the essay's passages on the question's other words filled the list
            self._best_with_the_best(self._naming(laws, lexical_index, chunks), chunks, fused, top)
        # what the passage must define or announce a list of
        asked = self._definition_asked(query, within, lexical_index) if kind == "definition" else query.listed
        for chunk_id, chunk in chunks.items():
            if chunk.metadata.get("source") in within or names_law(chunk.text, laws):
                fused[chunk_id] += s.document_hint * top
            elif chunk.metadata.get("source") in advice:
                fused[chunk_id] += s.advice_hint * top
            if kind in LIFTED_ANSWER_TYPES and self._offers(
                kind, chunk.text, asked, query, lexical_index.analyzer
            ):
                fused[chunk_id] += s.answer_type_hint * top
        ranked = sorted(chunks, key=lambda i: -fused[i])[:depth]
        passages = [to_passage(chunks[i], fused[i]) for i in ranked]
        article_matches = {c.id for c in articles}
        if self.counterparts is not None:
            found = self.counterparts.in_language(passages, language, chunks)
            passages = found.passages
            article_matches |= {new for new, old in found.replaced.items() if old in article_matches}
        return SearchResult(
            query,
            passages,
            dense,
            lexical,
            self.lexical.corpus_version,
            frozenset(article_matches),
            vector,
            frozenset(within),
            companion_vector,
        )

    def _lift_article_neighbours(
        self,
        ranked: Sequence[str],
        chunks: dict[str, StoredChunk],
        fused: dict[str, float],
        lexical_index: LexicalIndex,
    ) -> None:
        """A statute article split over several chunks is one rule: the chunk next to a well-ranked one of
        the same article scores at least ``article_neighbour_weight`` of it."""
        lifts: dict[str, tuple[str, float]] = {}  # neighbour -> (its article, the score it may take)
        for chunk_id in ranked:
            meta = chunks[chunk_id].metadata if chunk_id in chunks else {}
            index = meta.get("chunk_index")
            if not meta.get("article") or not isinstance(index, int | float):
                continue
            lift = self.settings.article_neighbour_weight * fused[chunk_id]
            for step in (-1, 1):
                neighbour = lexical_index.chunk_at(str(meta.get("source")), int(index) + step)
                if neighbour and lift > lifts.get(neighbour, ("", 0.0))[1]:
                    lifts[neighbour] = (str(meta.get("article")), lift)
        known = {i: chunks[i] for i in lifts if i in chunks}
        known.update({c.id: c for c in self.index.get([i for i in lifts if i not in chunks])})
        for neighbour, (article, lift) in lifts.items():
            chunk = known.get(neighbour)
            if chunk is not None and chunk.metadata.get("article") == article:
                chunks[neighbour] = chunk
                fused[neighbour] = max(fused.get(neighbour, 0.0), lift)

    def _named_documents(self, named: str, lexical_index: LexicalIndex) -> set[str]:
        """The documents (sources) that ``named`` (the question with its synonym expansions) names."""
        return {
            source
            for source, metadata in self._documents(lexical_index).items()
            if names_document(named, metadata)
        }

    def _definition_asked(
        self, query: SearchQuery, within: Collection[str], lexical_index: LexicalIndex
    ) -> set[str]:
        """The stems of the one thing a definition question asks about, a document it names aside ("Wat
        verstaat de Awb onder een subsidie?": subsidie); none when it asks about several ("Wat houdt de rol
        van burgercollectieven als identificator in?" asks no definition of burgercollectieven). Its
        defining passage ranks with the passages of the asked answer type: found lexically by its DEFINES
        terms, Awb 4:21 ranked sixth behind four articles that use "subsidie" (session 32)."""
        documents = self._documents(lexical_index)
        names = {
            stem
            for source in within
            for name in document_names(documents.get(source, {}))
            for stem in lexical_index.analyzer.analyze(name)
        }
        things = [c for c in query.concepts if not set(c.own_terms) <= names]
        return concept_stems(things) & query.defined if len(things) == 1 else set()

    def _laws_asked_for(self, question: str, lexical_index: LexicalIndex) -> set[str]:
        """The laws and treaties, when the question asks for a legal basis without naming one ("Waar is dat
        recht wettelijk vastgelegd?" after questions the essay answered): they are named as a kind. "Dutch
        law" names the statutes alone."""
        if asks_dutch_law(question):
            return self._of_kind({"statute"}, lexical_index)
        return self._of_kind(LEGAL_KINDS, lexical_index) if asks_legal_basis(question) else set()

    def _essay_for_advice(self, question: str, lexical_index: LexicalIndex) -> set[str]:
        """The essay, when the question asks for advice ("Hoe kan de gemeente … ondersteunen?", "Waar moeten
        we op letten?"): the essay advises, the laws say what may and must, and a law's clause that shares
        a word with the question ("bewoner") answered "Wij willen als bewoners het buurthuis overnemen …"."""
        return self._of_kind({"essay"}, lexical_index) if asks_advice(question) else set()

    def _of_kind(self, kinds: Collection[str], lexical_index: LexicalIndex) -> set[str]:
        """The documents (sources) whose manifest kind is one of ``kinds``."""
        documents = self._documents(lexical_index)
        return {source for source, metadata in documents.items() if metadata.get("kind") in kinds}

    def _in_named_documents(
        self, query: SearchQuery, within: set[str], lexical_index: LexicalIndex
    ) -> list[LexicalHit]:
        """The best passages of the named documents ``within`` for what the question asks about (its
        concepts, the referent included; not the previous answer's words)."""
        stems = concept_stems(query.concepts)
        asked = [i for i, (term, _) in enumerate(query.terms) if term in stems]
        return lexical_index.search(
            [query.terms[i] for i in asked],
            NAMED_DOCUMENT_K,
            [query.term_words[i] for i in asked],
            self.settings.compound_part_weight,
            within,
        )

    def _naming(
        self, laws: Sequence[str], lexical_index: LexicalIndex, chunks: dict[str, StoredChunk]
    ) -> list[str]:
        """The ids of the passages that name one of ``laws`` (folded one-word names), best first; the ones
        not yet among ``chunks`` are added to it."""
        terms = [(t, 1.0) for law in laws for t in lexical_index.analyzer.analyze(law)]
        hits = lexical_index.search(terms, NAMED_DOCUMENT_K, (), self.settings.compound_part_weight)
        for chunk in self.index.get([h.id for h in hits if h.id not in chunks]):
            chunks[chunk.id] = chunk
        return [h.id for h in hits if h.id in chunks and names_law(chunks[h.id].text, laws)]

    def _best_with_the_best(
        self, ids: Sequence[str], chunks: dict[str, StoredChunk], fused: dict[str, float], top: float
    ) -> None:
        """Passages a named document or law brings in (best first): the first ranks with the best found,
        the others compete on their own scores."""
        for chunk in self.index.get([i for i in ids if i not in chunks]):
            chunks[chunk.id] = chunk
        for chunk_id in ids[:1]:
            fused[chunk_id] = max(fused.get(chunk_id, 0.0), top)
        for chunk_id in ids[1:]:
            fused.setdefault(chunk_id, 0.0)

    def _documents(self, lexical_index: LexicalIndex) -> dict[str, Mapping[str, object]]:
        """Each document's metadata (that of its first chunk), read once per lexical index version."""
        if self._documents_of is not lexical_index:
            first = lexical_index.sources()
            chunks = self.index.get(list(first.values()))
            self._document_metadata = {str(c.metadata.get("source", "")): c.metadata for c in chunks}
            self._documents_of = lexical_index
        return self._document_metadata

    @staticmethod
    def _offers(
        kind: AnswerType, text: str, asked: Collection[str], query: SearchQuery, analyzer: Analyzer
    ) -> bool:
        """Does the passage state the kind of answer asked for: a number, a date, a period, a list of what
        the question asks for (``asked``; announced in a passage that names what the list is of), or the
        definition of the one thing a definition question asks about (``asked``)?"""
        if not offers(kind, text, asked, analyzer):
            return False
        return kind != "list" or names_what_is_listed(query, frozenset(analyzer.analyze(text)))

    def _article_chunks(self, articles: Sequence[str], within: set[str]) -> list[StoredChunk]:
        """The chunks of the articles the question names: of the documents it names (``within``:
        "artikel 2 van het Protocol"), of any document when it names none ("artikel 4:25" is the Awb's).
        A document named that has no such article gives none: "artikel 4:13 Awb" is not in the corpus."""
        found = [
            c for c in self.index.with_articles(article_numbers(articles)) if is_cited(c.metadata, articles)
        ]
        return [c for c in found if c.metadata.get("source") in within] if within else found

    def _article_shares(
        self, query: SearchQuery, articles: Sequence[StoredChunk]
    ) -> list[tuple[StoredChunk, float]]:
        """The chunks of the named ``articles`` and the chunks of their documents that cite them, each with
        its share of the article lift (``articles.reference_shares``): "From when do articles 63f to 63j
        apply (art. 63b)?" is answered by article 63c, which cites both."""
        if not articles:
            return []
        sources = {str(c.metadata.get("source")) for c in articles}
        named = {c.id for c in articles}
        citing = self.index.citing(article_numbers(query.articles), sources)
        found = [*articles, *(c for c in citing if c.id not in named)]
        shares = reference_shares(query.article_groups, [c.metadata for c in found])
        return [(chunk, share) for chunk, share in zip(found, shares, strict=True) if share]

    def _check_embedding_model(self) -> None:
        """Question vectors from one model are meaningless against passage vectors from another (even at
        the same dimension, as for the two packaged models), so a mismatch stops instead of misleading."""
        indexed = self.lexical.embedding_model
        if self.embedding_model and indexed and indexed != self.embedding_model:
            model, glossed = indexed.removesuffix(GLOSS_SUFFIX), indexed.endswith(GLOSS_SUFFIX)
            if model == self.embedding_model.removesuffix(GLOSS_SUFFIX):  # the same model, glossed or not
                other = f"WIJZER_EMBEDDING_GLOSS_DUTCH={'true' if glossed else 'false'}"
            else:
                other = f"WIJZER_EMBEDDING_MODEL={model}"
            raise IndexUnavailableError(
                f"the index was built with embedding model {indexed!r}, but the settings name "
                f"{self.embedding_model!r}: run `wijzer ingest` to re-embed the corpus with it, or set {other}"
            )
