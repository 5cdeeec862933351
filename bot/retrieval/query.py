"""What to search for: the question's own terms, synonym expansions and, for follow-ups, the salient
terms of earlier turns ("Hoeveel leden heeft die organisatie?" after a question about Energie Samen)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.types import Turn
from bot.retrieval.analysis import Analyzer, fold, words
from bot.retrieval.synonyms import SynonymTable

QUESTION_WEIGHT = 1.0
SYNONYM_WEIGHT = 0.5
TRANSLATION_WEIGHT = 0.8
HISTORY_WEIGHT = 0.6
BACKGROUND_HISTORY_WEIGHT = 0.25

_ANAPHORA = frozenset(
    """die deze dat dit daar daarbij daarvan daarin daarmee daarvoor hun zij ze hij hen zo'n zulke
    diezelfde hetzelfde ervan erin erbij ermee they them their it its that those this these such
    there he she his her eerstgenoemde laatstgenoemde genoemde bovengenoemde vorige eerder eerdere
    former latter mentioned previous above""".split()
)


@dataclass(frozen=True)
class SearchQuery:
    text: str  # the question as asked
    dense_text: str  # what is embedded (question, plus the previous question for follow-ups)
    terms: tuple[tuple[str, float], ...]  # analyzed lexical terms with weights
    core_terms: tuple[str, ...]  # analyzed terms of the question itself (for evidence checks)
    follow_up: bool
    concepts: tuple[Concept, ...] = ()  # the things the question asks about


def is_follow_up(question: str, analyzer: Analyzer) -> bool:
    words = re.findall(r"[\w']+", fold(question))
    return any(w in _ANAPHORA for w in words) or len(analyzer.analyze(question)) <= 2


def build_query(
    question: str, history: Sequence[Turn], analyzer: Analyzer, synonyms: SynonymTable, history_turns: int = 2
) -> SearchQuery:
    core = analyzer.analyze(question)
    terms: list[tuple[str, float]] = [(t, QUESTION_WEIGHT) for t in core]
    terms += _expansion_terms(question, analyzer, synonyms, set(core), SYNONYM_WEIGHT)
    terms += _translation_terms(question, analyzer, synonyms, TRANSLATION_WEIGHT)
    previous = [t.content for t in history if t.role == "user"][-history_turns:] if history_turns else []
    follow_up = bool(previous) and is_follow_up(question, analyzer)
    dense_text = question
    # Earlier questions always lend some context; a question that points back ("die organisatie") gets
    # much more of it, and the previous question joins the dense query.
    history_weight = HISTORY_WEIGHT if follow_up else BACKGROUND_HISTORY_WEIGHT
    for earlier in previous:
        terms += [(t, history_weight) for t in analyzer.analyze(earlier) if t not in core]
        terms += _translation_terms(earlier, analyzer, synonyms, history_weight * TRANSLATION_WEIGHT)
        terms += _expansion_terms(earlier, analyzer, synonyms, set(core), SYNONYM_WEIGHT * history_weight)
    if follow_up:
        dense_text = f"{previous[-1]} {question}"
    return SearchQuery(
        question,
        dense_text,
        tuple(terms),
        tuple(core),
        follow_up,
        question_concepts(question, analyzer, synonyms),
    )


def _translation_terms(
    question: str, analyzer: Analyzer, synonyms: SynonymTable, weight: float
) -> list[tuple[str, float]]:
    """Dutch stems for the English words of a question (glossary_en_nl.yaml), ``weight`` per word."""
    out: list[tuple[str, float]] = []
    for word in re.findall(r"[\w-]+", fold(question)):
        stems = sorted({t for dutch in synonyms.translations(word) for t in analyzer.analyze(dutch)})
        out += [(t, weight / len(stems)) for t in stems]
    return out


def _expansion_terms(
    question: str, analyzer: Analyzer, synonyms: SynonymTable, known: set[str], weight: float
) -> list[tuple[str, float]]:
    """Synonym stems not already asked for, ``weight``/√n each, so a large group does not drown the
    question's own distinctive words. When the question's own word for the group is unknown to the corpus
    ("voorzichtig"), its synonyms are the only way to find the thing, so they weigh like the word itself."""
    out: list[tuple[str, float]] = []
    for group, hits in synonyms.matched_groups(question):
        new = {t for member in group for t in analyzer.analyze(member)} - known
        if not new:
            continue
        unknown = all(w not in analyzer.vocabulary for hit in hits for w in words(hit))
        group_weight = max(weight, QUESTION_WEIGHT * 0.8) if unknown else weight
        out += [(t, group_weight / math.sqrt(len(new))) for t in sorted(new)]
        known |= new
    return out


def question_concepts(question: str, analyzer: Analyzer, synonyms: SynonymTable) -> tuple[Concept, ...]:
    """The things a question asks about. A concept is a tuple of alternatives; an alternative is the set
    of stems that must all occur (a multi-word synonym). A synonym group the question names gives one
    concept with all its members (Dutch and English); any other content word gives a concept of its own
    stem or its compound parts."""
    concepts: list[Concept] = []
    consumed: set[str] = set()
    for group, hits in synonyms.matched_groups(question):
        alternatives = tuple(frozenset(analyzer.analyze(member)) for member in group)
        alternatives = tuple(a for a in alternatives if a)
        own = [t for hit in hits for t in analyzer.analyze(hit)]
        if alternatives:
            concepts.append(Concept(alternatives, tuple(own)))
        consumed.update(own)
    for word in re.findall(r"[\w-]+", fold(question)):
        stems = analyzer.analyze(word)
        if not stems or stems[0] in consumed:
            continue
        consumed.add(stems[0])
        alternatives = [frozenset([stems[0]])]
        if len(stems) > 1:
            alternatives.append(frozenset(stems[1:]))
        alternatives += [frozenset(analyzer.analyze(d)) for d in synonyms.translations(word)]
        concepts.append(Concept(tuple(a for a in alternatives if a), (stems[0],)))
    return tuple(concepts)


@dataclass(frozen=True)
class Concept:
    alternatives: tuple[frozenset[str], ...]
    own_terms: tuple[str, ...]  # the stems the question itself used (weigh the concept)

    def found_in(self, terms: frozenset[str]) -> bool:
        return any(alternative <= terms for alternative in self.alternatives)
