"""What kind of answer a question asks for, and whether a passage offers one.

A classic question-answering prior: "Hoeveel …?" wants a number, "Wanneer …?" a date, "Wat is een
subsidie?" a definition. Within a document where every passage mentions subsidies, the one that *defines*
it ("Onder subsidie wordt verstaan: …") is the answer; within the essay, the sentence with the date
("in maart 2025") answers "sinds wanneer". Retrieval gives such passages a small lift, the composer
prefers such sentences, and a quantity question without any number in its passages is refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Literal

from bot.retrieval.analysis import Analyzer, fold, words

AnswerType = Literal["quantity", "date", "definition"]

_QUANTITY_QUESTION = re.compile(r"\b(hoeveel|how many|how much|percentage|welk deel|what share)\b")
_COST_QUESTION = re.compile(
    r"\b(wat kost|wat kosten|hoeveel kost|kosten|how much does|how much do|what does .* cost|costs?|price|"
    r"prijs|contributie)\b"
)
_DATE_QUESTION = re.compile(
    r"\b(wanneer|in welk jaar|welke datum|sinds welk jaar|when|what year|which year|since when)\b"
)
_DEFINITION_QUESTION = re.compile(
    r"^(wat (is|zijn|betekent|betekenen) (een|de|het)?\b|what (is|are) (a|an|the)?\b|wat wordt .*verstaan"
    r"|wat verstaat|wat houdt .* in\b)|\b(definieert|definiëren|definieren|omschrijft|omschrijving|"
    r"definitie|define|defines|definition|mean by|meant by)\b"
)

_NUMBER_WORDS = re.compile(
    r"\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twintig|honderd|duizend|half|helft|derde|"
    r"kwart|one|two|three|four|five|six|ten|hundred|thousand)\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19|20)\d{2}\b")
_CITATION = re.compile(r"\([^()]*\b(19|20)\d{2}[a-z]?\b[^()]*\)")  # "(Jans et al., 2024)" is no date
_MONTH = re.compile(
    r"\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    r"january|february|march|june|july|august|october)\b",
    re.IGNORECASE,
)
# What follows the defined term in a definition: "Onder subsidie wordt verstaan", "De coöperatie is een",
# "Een burgercollectief kan gedefinieerd worden als", "co-creatie, een werkwijze waarbij" (an apposition
# only with a relative clause after it, so a plain list "vereniging, een stichting of …" is none).
_DEFINITION_CUE = re.compile(
    r"\b(wordt verstaan|worden verstaan|kan gedefinieerd|wordt gedefinieerd|worden gedefinieerd|"
    r"is een|zijn een|is de|betekent|houdt in|is defined|are defined|is an?|means|refers to)\b"
    r"|, (een|a|an) \w+ (waarbij|waarin|die|dat|where|which|that|in which)\b"
)
_TERM_WORDS = 3  # the defined term is among the last words before the cue
_SENTENCE_BREAK = re.compile(r"(?<=[.;:!?])\s+")


def asked_type(question: str) -> AnswerType | None:
    """The kind of answer ``question`` asks for, or None for any other question."""
    folded = fold(question).strip()
    if _QUANTITY_QUESTION.search(folded) or _COST_QUESTION.search(folded):
        return "quantity"
    if _DATE_QUESTION.search(folded):
        return "date"
    if _DEFINITION_QUESTION.search(folded):
        return "definition"
    return None


def asks_cost(question: str) -> bool:
    return bool(_COST_QUESTION.search(fold(question)))


def has_quantity(text: str) -> bool:
    """A count or share, not just a year or a citation's year ("(Jans et al., 2024)")."""
    without_years = YEAR.sub(" ", _CITATION.sub(" ", text))
    return bool(re.search(r"\d", without_years) or _NUMBER_WORDS.search(text))


def has_date(text: str) -> bool:
    """A year or a month outside a literature reference."""
    bare = _CITATION.sub(" ", text)
    return bool(YEAR.search(bare) or _MONTH.search(bare))


DEFINES = "=defines:"  # prefix of the lexical index's pseudo-terms for the terms a passage defines


def defined_terms(text: str, analyzer: Analyzer) -> list[str]:
    """The stems a passage defines: those standing right before a definitional phrase ("Onder subsidie
    wordt verstaan", "De coöperatie is een"). Ingest indexes them as ``DEFINES + stem`` pseudo-terms, so a
    definition question finds the one passage that defines its term among many that merely use it."""
    found: dict[str, None] = {}
    for sentence in _SENTENCE_BREAK.split(text):
        folded = fold(sentence)
        for cue in _DEFINITION_CUE.finditer(folded):
            before = " ".join(words(folded[: cue.start()])[-_TERM_WORDS:])
            found.update(dict.fromkeys(analyzer.analyze(before)))
    return list(found)


def offers(
    kind: AnswerType, text: str, asked: Collection[str] = (), analyzer: Analyzer | None = None
) -> bool:
    """Does ``text`` hold the kind of answer asked for? A definition must define one of the ``asked``
    stems (needs the ``analyzer``). Retrieval asks this only for numbers and dates: it finds definitions
    through the index's ``DEFINES`` terms, which also reach passages beyond the fused candidates."""
    if kind == "quantity":
        return has_quantity(text)
    if kind == "date":
        return has_date(text)
    return analyzer is not None and bool(set(defined_terms(text, analyzer)) & set(asked))
