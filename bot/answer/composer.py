"""The extractive, query-focused composer: the default answer path, no LLM needed.

It picks the few sentences of the retrieved passages that best cover the question's terms, avoiding
repetition (each next sentence must add terms the answer does not have yet), orders them as they stand
in their passages, and cites each with ``[n]``; when to abstain instead is abstention.py's to say. A
statute's list is quoted whole: never an item without the sentence that announces it, and in the
article's own order when the article spans several chunks. A sentence that points back ("Dit maakt
deze steun kwetsbaar") comes with the sentence it points at; a sentence of more than 40 words (a treaty's
preamble) is quoted clause by clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.answer.abstention import CORPUS_SCOPE, Abstention
from bot.answer.framing import INTRO, REFUSAL, article_line, corpus_phrase, not_given_note, outdated_note
from bot.answer.quotable import quotable_sentences
from bot.answer.types import Answer, Citation, Passage, Persona
from bot.language import Language
from bot.retrieval.analysis import fold, words
from bot.retrieval.answer_type import (
    MOMENTS,
    PSEUDO_TERMS,
    announces_list,
    asked_type,
    defined_terms,
    gives_count_of,
    is_announcement,
    is_definition_entry,
    leads_list,
    offers,
)
from bot.retrieval.articles import (
    article_term,
    asks_which_article,
    citation_terms,
    paragraph_term,
    paragraphs,
)
from bot.retrieval.hybrid import SearchResult, document_names, names_law
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.query import (
    LIGHT_VERBS,
    Concept,
    concept_stems,
    everyday_verb_stems,
    is_comparison,
    names_what_is_listed,
)
from ingest.sentences import BULLET, ITEM_START, split_clauses, split_paragraphs, split_sentences

PERSONA_TERMS: dict[Persona, tuple[str, ...]] = {
    "ambtenaar": ("gemeente", "overhe", "ambtena", "beleid", "raad", "college", "wet"),
    "collectief": ("collectie", "leden", "coöperatie", "cooperatie", "burger", "bewoner", "vereniging"),
}


# A sentence opening with one of these leans on the sentence before it ("Deze rol blijft … beperkt").
_LEANS_BACK = re.compile(
    r"^(dit|deze|dat|die|daarbij|daardoor|daarmee|daarom|daarvoor|hierdoor|hierbij|hiermee|zij|ze|hij"
    r"|this|these|that|those|they|it|such)\b",
    re.IGNORECASE,
)
STATUTE_WORD = "law"  # what every sentence of a statute is, whatever the statute is called
COMPLETE = 0.999  # a sentence with this coverage has every concept the question asks about (sums of floats)
LIGHT_VERB_SHARE = 0.5  # of the lightest other concept: the verb of "welke eisen stelt …" that a sentence happens to use ("stelt zich ten doel") is no topic
MAX_LIST_ITEMS = 8  # items quoted after a sentence that announces a list
MAX_NAMING_SECTION = 2  # words of a section title ("Inleiding", "Conclusie") its sentences count as saying
MAX_LIST_CHUNKS = 24  # chunks read after a list's announcement for its items (the essay's run for pages)
_ITEM_END = re.compile(r"[;,](\s+(en|of|and|or))?$")  # how an item that is not a list's last one ends
# share of the best coverage a sentence needs for its closeness in meaning to count, to open the answer as
# the answer asked for (``_answers_first``), or, read with the sentence before it, to announce the list asked for
NEAR_BEST = 0.5
# The passages whose every sentence ``with_closeness`` weighs by meaning, below its coverage floor too. Chosen
# on the tuning sets' key points (session 40; 0.623 / 0.583 without): the best one 0.641 default / 0.595
# multilingual, the two best 0.643 / 0.597; before number questions were left out, default: 1, 2, 3 passages
# 0.644, 0.646, 0.645
MEANT_PASSAGES = 2
# a date or period question whose chosen passages state none: another passage's sentence that states one and
# covers the question at least this share of the best sentence's coverage answers it (with_moment)
MOMENT_ELSEWHERE = 0.4
ANSWER_TYPE_BONUS = 0.15  # "hoeveel …?", "wanneer …?", "wat is …?": a sentence that states a number, a
# date or a definition of the asked term is more likely the answer (answer_type.py)


@dataclass(frozen=True)
class ComposerSettings:
    max_sentences: int = 5
    min_evidence: float = 0.2
    passages_considered: int = 6
    similarity_weight: float = 0.0  # weight of a sentence's embedding similarity to the question
    # of that similarity, the companion model's share (when there is one: ``companion_similarity``)
    companion_share: float = 0.0
    # weight of the fused score of a sentence's passage over the best passage's (``with_passage_score``)
    passage_weight: float = 0.0


@dataclass(frozen=True)
class ScoredSentence:
    text: str
    passage_rank: int
    position: int
    terms: frozenset[str]
    coverage: float
    score: float
    answers: bool = False  # holds the answer asked for: a definition of the asked term, the asked item
    fits: bool = False  # holds the kind of answer asked for (a number, a date, a period, a definition)
    passage_score: float = 0.0  # ``passage_weight`` × its passage's fused score over the best passage's


# A sentence says the same again when another holds this share of its words and adds at most a fifth
# (a heading inside the sentence after it is shorter than that: the sentence says more)
RESTATED_SHARE = 0.9
RESTATED_SIZE = 0.8
RESTATED_MIN_WORDS = 8  # shorter sentences are not judged so ("Het college beslist:" and its items)


def restates(text: str, other: str) -> bool:
    """Does the shorter of two sentences say nearly word for word what the longer says? Two versions of
    the same clause, in two articles of a law (the Wmo's "De voordracht … kan worden gedaan nadat vier
    weken …", once with "of door ten minste een vijfde van … de leden" and once without), are one point
    of an answer, not two."""
    short, long = sorted((set(words(t)) for t in (text, other)), key=len)
    similar_size = len(short) >= max(RESTATED_MIN_WORDS, RESTATED_SIZE * len(long))
    return similar_size and len(short & long) >= RESTATED_SHARE * len(short)


def _continues(text: str) -> bool:
    """Does a list go on after this sentence: it announces one (":"), or it is an item that is not the
    last (";", ",", perhaps with "en"/"of")?"""
    text = text.rstrip()
    return text.endswith(":") or bool(_ITEM_END.search(text))


def _list_run(texts: Sequence[str], marked: bool = False) -> list[str]:
    """Of the sentences that follow a list's lead (or its last quoted item), those that belong to the
    list: at most MAX_LIST_ITEMS, up to and including the item that ends it; ``marked``: only sentences
    that start like an item ("onder 2°:", "b.", "(ii)", "•"), for text of another chunk."""
    items: list[str] = []
    for i, text in enumerate(texts[:MAX_LIST_ITEMS]):
        if marked and not ITEM_START.match(text.strip()):
            break
        items.append(text)
        # an item may end in a full stop and the list still go on ("a. … dichtbij hen staat." then "b. …")
        follows_item = (
            i + 1 < len(texts) and ITEM_START.match(texts[i + 1].strip()) and ITEM_START.match(text)
        )
        if not _continues(text) and not follows_item:
            break
    return items


def _list_lead(item: ScoredSentence, at: Mapping[tuple[int, int], ScoredSentence]) -> ScoredSentence | None:
    """The sentence ending in ":" that announces the list ``item`` belongs to, walking back over the
    items before it (each ends in ";" or ",", perhaps with "en"/"of"); None when ``item`` is in no list."""
    for back in range(1, MAX_LIST_ITEMS + 1):
        previous = at.get((item.passage_rank, item.position - back))
        if previous is None:
            return None
        text = previous.text.rstrip()
        if text.endswith(":"):
            return previous
        if not _ITEM_END.search(text):
            return None
    return None


MAX_MASS_CONCEPTS = 8  # a question's share is that of its weightiest concepts (_weighted_concepts)


def _coverage(terms: frozenset[str], concepts: Sequence[tuple[Concept, float]], mass: float) -> float:
    """The weighted share of the question's concepts (each with its weight) that ``terms`` name."""
    return sum(w for c, w in concepts if c.found_in(terms)) / mass


def _item_heads(passage: Passage, sentences: Sequence[str]) -> list[tuple[int, str]]:
    """The first sentence of each list item of ``passage`` ("• Lokale focus: De geografische actieradius
    … werken."), with its position among the passage's ``sentences``: an essay's item runs for
    paragraphs, its first sentence names it."""
    firsts = set()
    for paragraph in split_paragraphs(passage.text):
        if ITEM_START.match(paragraph) and (opening := split_sentences(paragraph)):
            firsts.add(split_clauses(opening[0])[0])
    return [(i, text) for i, text in enumerate(sentences) if text in firsts]


def _next_lead(sentences: Sequence[str], lead: str, after: int = -1) -> int | None:
    """The position of the first of ``sentences`` after ``after`` that announces a list other than ``lead``
    (chunks overlap, so the next one may repeat it), or None: the list being read ends there."""
    return next(
        (i for i, text in enumerate(sentences) if i > after and text != lead and is_announcement(text)), None
    )


# "Wat raadt het essay gemeenten aan?", "Does that European charter guarantee …?": a question that names a
# document is answered from it, not from another document's sentence that shares more of its words (a Wmo
# article on "de gemeenteraad", the Protocol's preamble), unless the named document covers less than half as
# much of the question as the best sentence ("Welke aanbevelingen doet het essay?": the BW's "aanbeveling").
NAMED_DOCUMENT_SHARE = 0.5


def from_named_documents(scored: list[ScoredSentence], result: SearchResult) -> list[ScoredSentence]:
    """The sentences of the documents the question names (``result.named_sources``: by name, or the laws a
    legal-basis question asks for), when one of them covers at least NAMED_DOCUMENT_SHARE of what the best
    sentence covers; else all of them. A sentence of another document that names a named law by its name
    speaks of it too: "Wat kunnen woningcollectieven opleveren nu ze een plek in de Woningwet hebben?" was
    answered with article 18a's definition while the essay's "De opname van de wooncoöperatie in de
    Woningwet van 2015 maakt … mogelijk, die bijdragen aan …", retrieved first, was left out (session 40:
    three tuning cases and two held-out ones gained their key points, in both profiles)."""
    if not result.named_sources:
        return scored
    passages = result.passages
    laws = sorted(
        {
            name
            for p in passages
            if p.source in result.named_sources and p.kind != "essay"
            for name in document_names({"kind": p.kind, "short_title": p.short_title})
        }
    )
    own = [
        s
        for s in scored
        if passages[s.passage_rank].source in result.named_sources or names_law(s.text, laws)
    ]
    best = max((s.coverage for s in scored), default=0.0)
    if own and max(s.coverage for s in own) >= NAMED_DOCUMENT_SHARE * best:
        return own
    return scored


def _asks_a_number(question: str) -> bool:
    """Does the question ask for a number, an amount (a cost question is a "quantity"), a date or a period?"""
    return asked_type(question) in ("quantity", *MOMENTS)


def _reading_order(selected: Sequence[ScoredSentence], passages: Sequence[Passage]) -> list[int]:
    """The order in which the chosen sentences' passages are quoted: best passage first, except that
    neighbouring chunks of one document (an article cut in three) form one stretch, quoted in the
    document's order, where its best chunk stands: a list is read as it is written. Chunks of different
    articles are no stretch (the Charter's art. 1 and 2 came before the art. 3 that defines the term
    asked for). A stretch with a sentence that holds the answer asked for (a definition, a list's
    announcement) comes first; without one, a stretch with a sentence of the kind asked for (a number for
    "Hoe groot …?") that covers the question as well as any chosen sentence."""
    best: dict[int, float] = {}
    for s in selected:
        best[s.passage_rank] = max(best.get(s.passage_rank, s.score), s.score)

    def place(rank: int) -> tuple[str, int]:
        index = passages[rank].chunk_index
        return passages[rank].source, (index if index is not None else -1 - rank)

    stretches: list[list[int]] = []
    for rank in sorted(best, key=place):
        source, index = place(rank)
        previous = stretches[-1][-1] if stretches else None
        if (
            previous is not None
            and index >= 0
            and place(previous) == (source, index - 1)
            and passages[previous].article == passages[rank].article
        ):
            stretches[-1].append(rank)
        else:
            stretches.append([rank])
    answering = {s.passage_rank for s in selected if s.answers}
    answering = answering or {s.passage_rank for s in _of_the_kind_asked(selected)}
    stretches.sort(key=lambda stretch: (not answering.intersection(stretch), -max(best[r] for r in stretch)))
    return [rank for stretch in stretches for rank in stretch]


def _of_the_kind_asked(sentences: Sequence[ScoredSentence]) -> list[ScoredSentence]:
    """The sentences of the kind of answer asked for (a number for "Hoe groot …?") that cover the question
    as well as the best of ``sentences``: where none holds the answer asked for itself, they go first
    ("Hoe groot was het vertrouwen in lokale overheden?" opened with a sentence on trust without one)."""
    most = max((s.coverage for s in sentences), default=0.0)
    return [s for s in sentences if s.fits and s.coverage >= most]


def _from_first_holder(
    selected: Sequence[ScoredSentence], scored: Sequence[ScoredSentence], passages: Sequence[Passage]
) -> list[ScoredSentence]:
    """Chunks repeat the last sentences of the chunk before them (``chunking.overlap_sentences``), so a
    sentence can be chosen from the later of two quoted chunks that both hold it while the sentence after
    it comes from the earlier one, and the answer quoted them out of order (the Protocol's item "d." before
    "c."). Each chosen sentence is quoted from the first chunk of its document that the answer quotes
    anyway and that holds it."""
    quoted = {s.passage_rank for s in selected}
    holders: dict[str, list[ScoredSentence]] = {}
    for s in [*selected, *scored]:
        if s.passage_rank in quoted:
            holders.setdefault(s.text, []).append(s)

    def place(s: ScoredSentence) -> tuple[int, int]:
        index = passages[s.passage_rank].chunk_index
        return (index if index is not None else len(passages) + s.passage_rank, s.position)

    moved: dict[str, ScoredSentence] = {}
    for s in selected:
        source = passages[s.passage_rank].source
        same = [o for o in holders[s.text] if passages[o.passage_rank].source == source]
        moved.setdefault(s.text, min(same, key=place))
    return list(moved.values())


def _rank_in(passage: Passage, passages: list[Passage]) -> int:
    """Where ``passage`` (a chunk fetched from the index) stands among ``passages``; appended when it is not
    there yet, so a chunk that is already considered is never cited twice."""
    rank = next((i for i, p in enumerate(passages) if p.id == passage.id), None)
    if rank is None:
        passages.append(passage)
        rank = len(passages) - 1
    return rank


def _may_go_on(text: str) -> bool:
    """After this sentence a list may go on: it announces one, or it is an item (even one ending in a
    full stop, "a. … staat." before "b. …"); what follows decides."""
    return _continues(text) or bool(ITEM_START.match(text.strip()))


class ExtractiveComposer:
    def __init__(
        self,
        settings: ComposerSettings,
        corpus_titles: Sequence[str] = (),
        document_names: Sequence[str] = (),
        neighbour: Callable[[Passage, int], Passage | None] | None = None,
        similarity: Callable[[str, Sequence[str], np.ndarray | None], list[float]] | None = None,
        expansions: Callable[[str], Sequence[str]] = lambda question: (),
        companion_similarity: Callable[[str, Sequence[str], np.ndarray | None], list[float]] | None = None,
    ) -> None:
        self.settings = settings
        self.corpus_titles = list(corpus_titles)
        self.abstention = Abstention(
            settings.min_evidence,
            settings.passages_considered,
            fold(" | ".join(document_names)),
            expansions,
        )
        # the passage n places after (before) a given one in its document: lists and pointers cross chunks
        self.neighbour = neighbour
        # each sentence's closeness in meaning to the question (1.0 for the closest): a paraphrase that
        # shares no word with the sentence it means still finds it (sentence_similarity.py)
        self.similarity = similarity
        # the same by the companion model (``embedding.companion``), which reads the sentences as written
        self.companion_similarity = companion_similarity

    # evidence -------------------------------------------------------------------------------------------
    def evidence(self, result: SearchResult, lexical: LexicalIndex) -> tuple[float, list[ScoredSentence]]:
        """Share of the question's concepts (idf-weighted; unknown words weigh most) found in the best
        sentence, and every candidate sentence scored."""
        weights = self._term_weights(result, lexical)
        concepts, mass = self._weighted_concepts(result, lexical)
        scored: list[ScoredSentence] = []
        wanted = asked_type(result.query.text)
        asked = result.query.listed if wanted == "list" else concept_stems(result.query.concepts)
        statute_marks = lexical.analyzer.analyze(STATUTE_WORD)
        item = fold(result.query.item)
        counted = result.query.counted
        for rank, passage in enumerate(result.passages[: self.settings.passages_considered]):
            # A sentence of a law names the law it is in ("Welk artikel in de Gemeentewet …?" is answered
            # by article 150, which never says "Gemeentewet"), and one of the article the question
            # names ("article 18a of the Housing Act") has that article and its title in it.
            marks: set[str] = set()
            if passage.article:
                marks.update(lexical.analyzer.analyze(passage.short_title or ""))
            if passage.kind == "statute":  # "What is a housing cooperative under Dutch law?": a statute's
                # sentence is law though its name is one word ("Woningwet"); English "law" is rare in the
                # corpus, so it outweighed the housing cooperative and the treaties' "by law" answered
                marks.update(statute_marks)
            if passage.section and len(passage.section.split()) <= MAX_NAMING_SECTION:
                # "Wat is de conclusie van het essay?": the sentences of its "Conclusie" are what it asks
                marks.update(lexical.analyzer.analyze(passage.section))
            sentences = quotable_sentences(passage.text)
            cited = passage.id in result.article_matches
            if cited:
                marks.update([article_term(passage.article or ""), *lexical.analyzer.analyze(passage.title)])
            # "artikel 150 lid 3": which lid each sentence of the cited article is in
            asks_paragraph = cited and result.query.paragraph is not None
            in_paragraph = paragraphs(sentences) if asks_paragraph else [None] * len(sentences)
            for position, sentence in enumerate(sentences):
                terms = frozenset(lexical.analyzer.analyze(sentence)) | marks
                if len(result.query.article_groups) > 1:
                    # a question that names two articles (or ranges) asks how they relate: a sentence citing
                    # them says it ("De artikelen 63f tot en met 63j zijn van toepassing op een … in artikel
                    # 63b bedoelde …"). One named alone asks for its own text: "Wat staat er in artikel 4:25?"
                    # quoted article 4:26's "… in afwijking van artikel 4:25, tweede lid" first.
                    terms |= citation_terms(sentence)
                if (number := in_paragraph[position]) is not None:
                    terms |= {paragraph_term(number)}
                coverage = _coverage(terms, concepts, mass)
                extra = sum(w for t, w in weights.items() if t in terms) / (sum(weights.values()) or 1.0)
                fits = wanted is not None and offers(wanted, sentence, asked, lexical.analyzer)
                # "Wat houdt de tweede rol in?": the sentence that opens that item of the list is the answer
                opens_item = bool(item) and fold(BULLET.sub("", sentence)).startswith(item)
                # "Hoeveel burgercollectieven …?": "het aantal burgercollectieven is onbekend" is the answer
                counts = bool(counted) and gives_count_of(sentence, counted, lexical.analyzer)
                bonus = ANSWER_TYPE_BONUS if fits or opens_item else 0.0
                score = coverage + 0.2 * extra + bonus
                # a definition, a list's item, a date or a period, or the number of the thing asked is
                # what was asked; any other number is not yet the number asked
                answers = opens_item or counts or (fits and wanted in ("definition", "list", *MOMENTS))
                # "artikel 18a lid 2": a sentence of that paragraph of the cited article is what was asked
                answers = answers or (number is not None and number == result.query.paragraph)
                scored.append(ScoredSentence(sentence, rank, position, terms, coverage, score, answers, fits))
        if wanted == "definition":
            scored = self._most_specific_definitions(scored, result.query.concepts, lexical)
        best = max((s.coverage for s in scored), default=0.0)
        subject = max(concepts, key=lambda c: c[1])[0] if concepts else None
        scored = self.with_closeness(result, scored, best, subject)
        return best, self.with_passage_score(result, scored)

    @staticmethod
    def _most_specific_definitions(
        scored: list[ScoredSentence], concepts: Sequence[Concept], lexical: LexicalIndex
    ) -> list[ScoredSentence]:
        """Of the sentences that define the asked term, only those defining most of the question's
        concepts hold the answer: "Wat is een algemene voorziening?" opened with the Wmo's "voorziening:
        algemene voorziening of maatwerkvoorziening", which defines one of its two. A definition of some
        other term that merely uses the asked one ("aanbieder: … die gehouden is een algemene
        voorziening … te leveren") is no part of the answer once the sources define the asked term."""

        def reach(sentence: ScoredSentence) -> int:
            defined = frozenset(defined_terms(sentence.text, lexical.analyzer))
            return sum(concept.found_in(defined) for concept in concepts)

        reaches = {id(s): reach(s) for s in scored if s.answers}
        most = max(reaches.values(), default=0)
        if not most:
            return scored
        return [
            replace(s, answers=False) if reaches.get(id(s), most) < most else s
            for s in scored
            if s.answers or not is_definition_entry(s.text)
        ]

    def with_closeness(
        self, result: SearchResult, scored: list[ScoredSentence], best: float, subject: Concept | None = None
    ) -> list[ScoredSentence]:
        """Among the sentences that cover the question at least half as well as the best one, the one
        closest in meaning to it (as embedded for the dense search) scores higher: a paraphrase finds the
        sentence it means. A sentence that shares nothing with the question ("Local authorities shall be
        entitled to co-operate" for a question about housing cooperatives) gains nothing however close an
        English model finds two English sentences; nor does one without the question's ``subject`` (its
        rarest concept) while other sentences name it: to the English model the Awb's "De voorwaarde
        vervalt" is closest to "Welke voorwaarden gelden voor een wooncoöperatie?". The sentences of the
        ``MEANT_PASSAGES`` best passages are weighed by their closeness however few of the question's words
        they share: three searches ranked those passages first, and a follow-up in other words ("en waarom
        zouden ze er bewust voor kiezen om geen geld van de gemeente aan te nemen?") found the passage
        that says "… een bewuste keuze om afhankelijkheid van subsidies te vermijden", yet quoted sentences
        on collectives that keep their distance from the gemeente for other reasons; nor does the subject
        rule hold them back (tuning key points 0.643, with it 0.634). Not for a question
        that asks a number, an amount, a date or a period: closeness in meaning does not tell which number
        answers, and the multilingual profile then answered three held-out amount questions the corpus
        does not answer (session 40). Nor when the question names an article the passages hold: it asks
        for that article's text ("Wat regelt artikel 7 van het Europees Handvest?" quoted article 12's list
        of articles, ranked first)."""
        weight = self.settings.similarity_weight
        if not weight or self.similarity is None:
            return scored
        floor = max(NEAR_BEST * best, self.settings.min_evidence)
        near = [s for s in scored if s.coverage >= floor]
        if subject is not None and any(subject.found_in(s.terms) for s in near):
            near = [s for s in near if subject.found_in(s.terms)]
        if not result.article_matches and not _asks_a_number(result.query.text):
            kept = {id(s) for s in near}
            near += [s for s in scored if s.passage_rank < MEANT_PASSAGES and id(s) not in kept]
        texts = list(dict.fromkeys(s.text for s in near))
        if not texts:
            return scored
        question = result.query.dense_text  # as embedded for the dense search (its vector is reused)
        closeness = self.similarity(question, texts, result.query_vector)
        share = self.settings.companion_share
        if share and self.companion_similarity is not None and result.companion_vector is not None:
            # the companion reads the question as asked, as its search did (whose vector this is)
            other = self.companion_similarity(result.query.text, texts, result.companion_vector)
            closeness = [(1 - share) * a + share * b for a, b in zip(closeness, other, strict=True)]
        close = dict(zip(texts, closeness, strict=True))
        gains = {id(s) for s in near}
        return [replace(s, score=s.score + weight * close[s.text]) if id(s) in gains else s for s in scored]

    def with_passage_score(self, result: SearchResult, scored: list[ScoredSentence]) -> list[ScoredSentence]:
        """Each sentence's ``passage_score``: ``passage_weight`` × its passage's fused score over the best
        passage's, which ``select`` adds to what a sentence gains. Retrieval weighed three searches and the
        question's hints to rank the passages, while a sentence's own score sees only its words and its
        closeness to the question: of the tuning cases whose passage was retrieved but whose answer quoted
        none of its key points, half had it first (51 of 102), and sentences of lower passages that repeat
        the question's words were quoted instead (docs/retrieval.md, session 35). It is added beside the
        score, not into it: the score is weighed by the new words a sentence brings, and a passage's weight
        so weighed chose the Charter's art. 4.2 over 4.3, which answers, from the same passage."""
        weight = self.settings.passage_weight
        considered = result.passages[: self.settings.passages_considered]
        top = max((p.score for p in considered), default=0.0)
        if not weight or top <= 0.0:
            return scored
        share = [max(p.score, 0.0) / top for p in considered]
        return [replace(s, passage_score=weight * share[s.passage_rank]) for s in scored]

    def _weighted_concepts(
        self, result: SearchResult, lexical: LexicalIndex
    ) -> tuple[list[tuple[Concept, float]], float]:
        """The question's concepts with their weights, and the weights' sum (for ``_coverage``). Words that
        frame the question rather than name its thing weigh no more than its lightest other concept: "in
        Nederland" names where the whole corpus is ("Hoeveel burgercollectieven zijn er in Nederland?" was
        answered by "Het aantal Herenboerderijen in Nederland groeit snel"), and the verb of a fixed
        phrase ("welke rollen … spelen", ``LIGHT_VERBS``) is no topic; it still counts, as "een
        verbindende rol willen spelen" answers "Welke rol kan de gemeente spelen?". Nor is an everyday verb
        (``COMMON_VERBS``): "Weet iemand hoeveel burgercollectieven er zijn?" quoted "… en weten niet dat
        …" instead of the sentence on their number."""
        light = {t for word in LIGHT_VERBS for t in lexical.analyzer.analyze(word)}
        light |= everyday_verb_stems(lexical.analyzer)
        frame = light | {t for word in CORPUS_SCOPE for t in lexical.analyzer.analyze(word)}
        frame |= result.query.asker  # "als energiecoöperatie": who asks, not what about
        concepts = [(c, self._concept_idf(c, lexical)) for c in result.query.concepts]
        other = [w for c, w in concepts if not set(c.own_terms) <= frame]
        if other:
            lightest = min(other)

            def framing(own: set[str], weight: float) -> float:
                if not own <= frame:
                    return weight
                return min(weight, lightest) * (LIGHT_VERB_SHARE if own <= light else 1.0)

            concepts = [(c, framing(set(c.own_terms), w)) for c, w in concepts]
        # a long question's share is taken of its weightiest concepts: fifteen things named in passing
        # ("oudere buurman … zn dochter komt af en toe …") left no sentence a share worth answering
        weightiest = sorted((w for _, w in concepts), reverse=True)[:MAX_MASS_CONCEPTS]
        return concepts, sum(weightiest) or 1.0

    @staticmethod
    def _concept_idf(concept: Concept, lexical: LexicalIndex) -> float:
        """A concept weighs what the question's own word weighs; a word the corpus never uses weighs most
        (unless a synonym of it is known: then the best-known synonym's weight)."""
        own = [lexical.idf(t) for t in concept.own_terms if lexical.idf(t) > 0]
        if own:
            return max(own)
        known = [min(lexical.idf(t) for t in alt) for alt in concept.known_alternatives(lexical.idf)]
        return max(known) if known else lexical.max_idf

    def _term_weights(self, result: SearchResult, lexical: LexicalIndex) -> dict[str, float]:
        weights: dict[str, float] = {}
        for term, weight in result.query.terms:
            if not term.startswith(PSEUDO_TERMS):  # index pseudo-terms never occur in a sentence
                weights[term] = max(weights.get(term, 0.0), weight * lexical.idf(term))
        return weights

    # selection ------------------------------------------------------------------------------------------
    def select(self, scored: list[ScoredSentence], persona: Persona) -> list[ScoredSentence]:
        """Greedy: best sentence first, then sentences that still cover the question well and add terms
        the answer does not have yet; persona words only break near-ties; a sentence of a better-ranked
        passage gains its ``passage_score``."""
        boost_terms = PERSONA_TERMS[persona]
        pool = sorted(scored, key=lambda s: -s.score)
        chosen: list[ScoredSentence] = []
        covered: set[str] = set()
        while pool and len(chosen) < self.settings.max_sentences:

            def gain(s: ScoredSentence, covered: set[str] = covered) -> float:
                new = len(s.terms - covered) / max(len(s.terms), 1)
                persona_bonus = 0.03 if any(t in fold(s.text) for t in boost_terms) else 0.0
                return s.score * (0.6 + 0.4 * new) + persona_bonus + s.passage_score

            if chosen:
                floor = max(0.75 * chosen[0].coverage, self.settings.min_evidence)
                pool = [s for s in pool if s.coverage >= floor and len(s.terms - covered) >= 3]
                if not pool:
                    break
                best = max(pool, key=gain)
            else:
                best = max(self._answers_first(pool), key=gain)
            chosen.append(best)
            covered |= best.terms
            pool = [s for s in pool if s.text != best.text and not restates(s.text, best.text)]
        return chosen

    def _answers_first(self, pool: list[ScoredSentence]) -> list[ScoredSentence]:
        """The candidates for an answer's first sentence: those that hold the answer asked for (the
        definition of the asked term: "Onder subsidie wordt verstaan: …" for "How does the law define a
        subsidy?"; a list's announcement; the item an ordinal asks for; a date or a period: "binnen twee
        weken" for "Binnen welke termijn …?") when one of them covers the
        question at least half as well as the best sentence; otherwise all. The answer-type bonus alone
        lost to sentences closer in meaning but answering something else. For numbers only a sentence on
        the number of the thing asked ("het aantal burgercollectieven"): one with any number is not yet
        the number asked ("Energie Samen: met ruim 740 leden" opened the answer to "Hoeveel
        burgercollectieven zijn er?")."""
        floor = max(NEAR_BEST * max(s.coverage for s in pool), self.settings.min_evidence)
        answering = [s for s in pool if s.answers and s.coverage >= floor]
        return answering or _of_the_kind_asked(pool) or pool

    def whole_article(
        self,
        selected: list[ScoredSentence],
        scored: list[ScoredSentence],
        result: SearchResult,
        language: Language | None = None,
    ) -> list[ScoredSentence] | None:
        """ "Wat staat er in artikel 18a van de Woningwet?" asks for the article itself (or "… lid 2" for
        that paragraph): when its best sentence covers all the question asks (the article and its law,
        nothing else), the article is quoted from its start, in the law's order, instead of its sentences
        with the most new words; a treaty's article in the question's language where it has both. None when
        the question asks for more than the article."""
        if not result.query.articles or not selected or selected[0].coverage < COMPLETE:
            return None
        passages = result.passages
        best = passages[selected[0].passage_rank]
        if best.id not in result.article_matches:
            return None

        def place(s: ScoredSentence) -> tuple[int, int]:
            return passages[s.passage_rank].chunk_index or 0, s.position

        article = sorted(
            (
                s
                for s in scored
                if (p := passages[s.passage_rank]).id in result.article_matches
                and (p.source, p.article) == (best.source, best.article)
                and s.coverage >= COMPLETE
            ),
            key=place,
        )
        in_language = [s for s in article if passages[s.passage_rank].language == language]
        quoted = list({s.text: s for s in in_language or article}.values())
        return quoted[: self.settings.max_sentences]

    def announced_list(
        self, best: float, scored: list[ScoredSentence], result: SearchResult, lexical: LexicalIndex
    ) -> tuple[list[ScoredSentence], list[Passage]] | None:
        """ "Welke rollen kunnen burgercollectieven vervullen?" is answered by the list the sources announce
        ("Vanuit de literatuur kunnen we verschillende rollen onderscheiden:"): that sentence and the first
        sentence of each item after it, however many chunks the items span (the essay's run for
        paragraphs, with boxes between them), within its section, until another list is announced. Only
        when the announcement, read with the sentence before it, covers the question at least half as well
        as the best sentence (``best``) does, and at least two items follow; None otherwise. (Three
        quarters, before, let "… de rollen die burgercollectieven kunnen spelen" keep the list from
        "Welke rollen kunnen burgercollectieven spelen?": *spelen* weighs half the question.)"""
        listed = result.query.listed
        if not listed or self.neighbour is None:
            return None
        at = {(s.passage_rank, s.position): s for s in scored}
        concepts, mass = self._weighted_concepts(result, lexical)

        def context(lead: ScoredSentence) -> frozenset[str]:
            before = at.get((lead.passage_rank, lead.position - 1))
            return lead.terms | (before.terms if before is not None else frozenset())

        def in_context(lead: ScoredSentence) -> float:
            return _coverage(context(lead), concepts, mass)

        leads = [s for s in scored if announces_list(s.text, listed, lexical.analyzer)]
        leads = [
            s
            for s in leads
            if in_context(s) >= NEAR_BEST * best and names_what_is_listed(result.query, context(s))
        ]
        passages = list(result.passages[: self.settings.passages_considered])
        for lead in sorted(leads, key=lambda s: (-in_context(s), -s.score)):
            items = self._items_after(lead, passages)
            if len(items) >= 2:
                return [lead, *items], passages
        return None

    def _items_after(self, lead: ScoredSentence, passages: list[Passage]) -> list[ScoredSentence]:
        """The first sentences of the items of the list ``lead`` announces (chunks read join
        ``passages``)."""
        current: Passage | None = passages[lead.passage_rank]
        section = current.section if current else None
        items: list[ScoredSentence] = []
        seen = {lead.text}
        after = lead.position
        for _ in range(MAX_LIST_CHUNKS):
            if current is None or current.section != section or len(items) >= MAX_LIST_ITEMS:
                break
            sentences = quotable_sentences(current.text)
            end = _next_lead(sentences, lead.text, after)
            heads = [
                (i, text)
                for i, text in _item_heads(current, sentences)
                if after < i < (end if end is not None else i + 1) and text not in seen
            ]
            if heads:
                rank = _rank_in(current, passages)
                for position, text in heads[: MAX_LIST_ITEMS - len(items)]:
                    items.append(ScoredSentence(text, rank, position, frozenset(), lead.coverage, lead.score))
                    seen.add(text)
            if end is not None:
                break
            current, after = self.neighbour(current, 1), -1
        return items

    def with_each_compared(
        self, selected: list[ScoredSentence], scored: list[ScoredSentence], concepts: Sequence[Concept]
    ) -> list[ScoredSentence]:
        """A comparison ("het verschil tussen inspraak en het uitdaagrecht") is answered by what the sources
        say of each side: a concept no chosen sentence mentions gets its best sentence, if one has it."""
        out = list(selected)
        for concept in concepts:
            if any(concept.found_in(s.terms) for s in out):
                continue
            best = max((s for s in scored if concept.found_in(s.terms)), key=lambda s: s.score, default=None)
            if best is not None:
                out.append(best)
        return out

    def with_continuation(
        self, selected: list[ScoredSentence], scored: list[ScoredSentence]
    ) -> list[ScoredSentence]:
        """Add the sentence that follows the best one in its passage when the answer is short: the best
        match often announces ("Franchiseorganisaties zijn … geslaagd …") what the next sentence says
        ("De Broodfondsmakers ontwikkelden …")."""
        if not selected or len(selected) >= min(3, self.settings.max_sentences):
            return selected
        best = selected[0]
        follower = next(
            (s for s in scored if s.passage_rank == best.passage_rank and s.position == best.position + 1),
            None,
        )
        if follower is None or any(s.text == follower.text for s in selected):
            return selected
        return [*selected, follower]

    @staticmethod
    def with_moment(selected: list[ScoredSentence], scored: list[ScoredSentence]) -> list[ScoredSentence]:
        """A date, period or frequency question whose chosen sentences give none gets the sentence of their
        passages that does: "1. Het college beslist op een aanvraag: …" covers "Hoe lang duurt het voordat de
        gemeente beslist op een Wmo-aanvraag?" best, the article's next paragraph answers it ("2. Het
        college geeft de beschikking binnen twee weken …"). When none of their passages does, a sentence of
        another passage that does and covers the question at least ``MOMENT_ELSEWHERE`` as well as the best
        sentence: the answer said "the passages give no period" while the first passage said "binnen zes
        weken". The passage retrieval ranked first counts as theirs: "Waar en wanneer is dat protocol tot stand
        gekomen?" quoted the preamble's "tot stand brengen" and said no passage gives a date, while the first
        passage ends "GEDAAN te Utrecht op 16 november 2009"."""
        if not selected or any(s.fits for s in selected):
            return selected
        ranks = {s.passage_rank for s in selected} | {0}
        found = max(
            (s for s in scored if s.fits and s.passage_rank in ranks), key=lambda s: s.score, default=None
        )
        if found is None:
            floor = MOMENT_ELSEWHERE * max(s.coverage for s in scored)
            found = max(
                (s for s in scored if s.fits and s.coverage >= floor), key=lambda s: s.coverage, default=None
            )
        return selected if found is None else [*selected, found]

    def with_antecedents(
        self, selected: list[ScoredSentence], scored: list[ScoredSentence], passages: list[Passage]
    ) -> tuple[list[ScoredSentence], list[Passage]]:
        """A chosen sentence that opens with a pointer back ("Dit maakt deze steun kwetsbaar", "These
        measures …") brings the sentence before it: quoted alone it says nothing. When it opens its
        passage, that sentence comes from the end of the document's previous chunk, which joins the cited
        passages."""
        at = {(s.passage_rank, s.position): s for s in scored}
        out, passages = list(selected), list(passages)
        for sentence in selected:
            if not _LEANS_BACK.match(sentence.text):
                continue
            previous = at.get((sentence.passage_rank, sentence.position - 1))
            if previous is None and sentence.position == 0:
                previous = self._sentence_before_chunk(sentence, passages)
            if previous is not None and all(previous.text != o.text for o in out):
                out.append(previous)
        return out, passages

    def _sentence_before_chunk(
        self, sentence: ScoredSentence, passages: list[Passage]
    ) -> ScoredSentence | None:
        """The last sentence before ``sentence`` in the previous chunk (added to ``passages``), or None."""
        before = self.neighbour(passages[sentence.passage_rank], -1) if self.neighbour else None
        if before is None:
            return None
        texts = quotable_sentences(before.text)
        # chunks overlap by a sentence: the one wanted stands before ``sentence``'s copy, if there is one
        end = next((i for i, text in enumerate(texts) if text == sentence.text), len(texts))
        if end == 0:
            return None
        rank = _rank_in(before, passages)
        return ScoredSentence(texts[end - 1], rank, end - 1, frozenset(), sentence.coverage, sentence.score)

    def with_list_items(
        self, selected: list[ScoredSentence], scored: list[ScoredSentence]
    ) -> list[ScoredSentence]:
        """A statute's list is quoted whole: a chosen sentence that announces a list ("… neemt in haar
        statuten ten minste op dat:") brings its items ("onder a: …;", "onder b: …;"), and a chosen item
        brings the sentence that announces it (an item alone, "onder a: taken inzake …", says nothing)."""
        at = {(s.passage_rank, s.position): s for s in scored}
        leads = [s for s in selected if leads_list(s.text)]
        leads += [lead for s in selected if (lead := _list_lead(s, at)) is not None]
        out = list(selected)
        for lead in leads:
            after: list[ScoredSentence] = []
            while (next_one := at.get((lead.passage_rank, lead.position + len(after) + 1))) is not None:
                after.append(next_one)
            for sentence in (lead, *after[: len(_list_run([a.text for a in after]))]):
                if all(sentence.text != o.text for o in out):
                    out.append(sentence)
        return out

    def with_list_tails(
        self, selected: list[ScoredSentence], scored: list[ScoredSentence], passages: list[Passage]
    ) -> tuple[list[ScoredSentence], list[Passage]]:
        """A quoted list that runs past the end of its passage goes on in the next chunk of the document
        ("… zonder vergunning, indien: 1° …;" and 2°, 3° in the next chunk): its items are quoted from there,
        and that passage joins the cited ones (and the one after it, while the list goes on, at most
        MAX_LIST_ITEMS items in all). A statute's conditions are only right whole. An item quoted without
        its lead (the lead is in an earlier chunk) brings no siblings: it was chosen for its own words, and
        "f. … g. …" after the Wmo's "e. … algemene voorziening …" answer nothing of the question."""
        if self.neighbour is None:
            return selected, passages
        out, passages = list(selected), list(passages)
        for rank in sorted({s.passage_rank for s in selected}):
            own = [s for s in scored if s.passage_rank == rank]
            last = max(own, key=lambda s: s.position)
            # the passage ends in a lead or an item ("… indien:", "onder 1°: …;", even "a. … staat."): the
            # next chunk says whether the list goes on
            if last not in selected or not _may_go_on(last.text):
                continue
            if not any(leads_list(s.text) for s in selected if s.passage_rank == rank):
                continue  # an item quoted without its lead (in an earlier chunk): its siblings add nothing
            score = min(s.score for s in selected if s.passage_rank == rank)  # right after its list's start
            current, seen, quoted = passages[rank], {s.text for s in own}, 0
            while quoted < MAX_LIST_ITEMS and (after := self.neighbour(current, 1)) is not None:
                sentences = quotable_sentences(after.text)
                start = max((i + 1 for i, text in enumerate(sentences) if text in seen), default=0)  # overlap
                items = _list_run(sentences[start:], marked=True)[: MAX_LIST_ITEMS - quoted]
                if not items:
                    break
                at = _rank_in(after, passages)
                quoted_texts = {o.text for o in out}
                out += [
                    ScoredSentence(text, at, start + i, frozenset(), last.coverage, score)
                    for i, text in enumerate(items)
                    if text not in quoted_texts
                ]
                quoted += len(items)
                if start + len(items) < len(sentences) or not _may_go_on(items[-1]):
                    break  # the list ends inside this chunk
                current, seen = after, set(sentences)
        return out, passages

    # composition ----------------------------------------------------------------------------------------
    def compose(
        self, question: str, result: SearchResult, lexical: LexicalIndex, language: Language, persona: Persona
    ) -> Answer:
        evidence, scored = self.evidence(result, lexical)
        scored = from_named_documents(scored, result)
        selected = self.select(scored, persona) if scored else []
        article = self.whole_article(selected, scored, result, language)
        selected = article if article is not None else selected
        if is_comparison(question):
            selected = self.with_each_compared(selected, scored, result.query.concepts)
        contexts = [f"{result.passages[s.passage_rank].title} {s.text}" for s in selected]
        reason = self.abstention.reason(
            question, result, evidence, [s.text for s in selected], lexical, contexts
        )
        if reason is not None:
            return self.refuse(language, result, reason)
        passages = result.passages[: self.settings.passages_considered]
        listed = self.announced_list(evidence, scored, result, lexical) if article is None else None
        if listed is not None:
            selected, passages = listed
        else:
            if article is None:  # an article is quoted as far as it goes, not with the sentence after it
                selected = self.with_continuation(selected, scored)
            selected = self.with_list_items(selected, scored)
            selected, passages = self.with_list_tails(selected, scored, passages)
        moment = asked_type(result.query.text)
        if moment in MOMENTS:
            selected = self.with_moment(selected, scored)
        selected, passages = self.with_antecedents(selected, scored, passages)
        selected = _from_first_holder(selected, scored, passages)
        # group by passage (best passage first), keep the sentences' own order inside a passage; a definition
        # of the term asked about opens its passage's sentences (since session 31's bigger passages the
        # essay's "Een burgercollectief kan gedefinieerd worden als …" came after two sentences before it)
        passage_order = _reading_order(selected, passages)
        numbers: dict[int, int] = {rank: n for n, rank in enumerate(passage_order, start=1)}
        defining = moment == "definition"
        lines = []
        for rank in passage_order:
            in_passage = (s for s in selected if s.passage_rank == rank)
            for s in sorted(in_passage, key=lambda s: (not (defining and s.answers), s.position)):
                lines.append(f"- {BULLET.sub('', s.text)} [{numbers[rank]}]")
        citations = [Citation(numbers[rank], passages[rank]) for rank in passage_order]
        intro = INTRO[(language, persona)]
        if asks_which_article(question) and (named := article_line([c.passage for c in citations], language)):
            intro = f"{named}\n\n{intro}"
        if note := not_given_note(moment, [s.text for s in selected], language):
            intro = f"{note}\n\n{intro}"
        text = intro + "\n\n" + "\n".join(lines)
        text += outdated_note([c.passage for c in citations], language)
        return Answer(
            answer=text,
            refused=False,
            language=language,
            citations=citations,
            retrieved=result.passages,  # AnswerService._finish adds the cited chunks beyond the top k
            corpus_version=result.corpus_version,
            notes=[f"evidence {evidence:.2f}"],
        )

    def refuse(self, language: Language, result: SearchResult | None, reason: str) -> Answer:
        text = REFUSAL[language].format(corpus=corpus_phrase(self.corpus_titles, language))
        return Answer(
            answer=text,
            refused=True,
            language=language,
            citations=[],
            retrieved=result.passages if result else [],
            corpus_version=result.corpus_version if result else "",
            notes=[reason],
        )
