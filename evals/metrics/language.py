"""Language match: does the answer speak the language of the question (nl or en)?

What is judged is the answer's own words: a sentence copied verbatim from a passage it cites is a quote,
and a quote stays in its source's language (the extractive mode quotes the Dutch essay under English
framing, "quoted in the language of the source"). Until session 38 the quotes counted too, so an English
question answered from the right Dutch passage scored a mismatch and one answered from a treaty's English
text scored a match: finding the right passage lowered the metric. An answer that is all quotes (no words
of its own) is judged whole. An LLM's sentences are its own words, translated or not, and are judged.

The detector is deliberately local and tiny: count words that are stopwords in only one of the two
languages (Dutch-only vs English-only, so "in", "is", "of" count for neither). The larger count
wins; a tie, including no evidence at all, goes to Dutch, the bot's default language, and is
flagged as not confident. Refusals are checked too: a refusal must also be in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from evals.metrics._stats import mean
from evals.metrics.retrieval import passage_matches
from evals.stopwords import DUTCH_ONLY, ENGLISH_ONLY
from evals.text import split_sentences, strip_markers, words

Language = Literal["nl", "en"]


@dataclass(frozen=True)
class Detection:
    language: Language
    dutch_words: int
    english_words: int

    @property
    def confident(self) -> bool:
        return self.dutch_words != self.english_words


def detect_language(text: str) -> Detection:
    tokens = words(strip_markers(text))
    dutch = sum(t in DUTCH_ONLY for t in tokens)
    english = sum(t in ENGLISH_ONLY for t in tokens)
    return Detection("en" if english > dutch else "nl", dutch, english)


def own_words(answer: str, quoted_from: Sequence[str]) -> tuple[str, int]:
    """The answer without the sentences it copies verbatim from ``quoted_from`` (the cited passages'
    texts), and how many it left out. A sentence (without its markers and bullet) is a quote when a passage
    holds it as an expected snippet is held (``passage_matches``: case and whitespace do not matter)."""
    own: list[str] = []
    quotes = 0
    for sentence in split_sentences(answer):
        quoted = strip_markers(sentence)
        if quoted and any(passage_matches(text, [quoted]) for text in quoted_from):
            quotes += 1
        else:
            own.append(sentence)
    return "\n".join(own), quotes


@dataclass(frozen=True)
class LanguageInput:
    question: str
    answer: str
    quoted_from: Sequence[str] = ()  # the texts of the passages the answer cites


@dataclass(frozen=True)
class LanguageScore:
    question_language: Language
    answer_language: Language
    confident: bool  # both detections had a clear winner
    quotes: int = 0  # the answer's sentences copied verbatim from a cited passage, not judged

    @property
    def match(self) -> bool:
        return self.question_language == self.answer_language

    @property
    def score(self) -> float:
        return 1.0 if self.match else 0.0


@dataclass(frozen=True)
class LanguageAggregate:
    n: int
    match: float | None


def score_language(inp: LanguageInput) -> LanguageScore:
    question = detect_language(inp.question)
    own, quotes = own_words(inp.answer, inp.quoted_from)
    answer = detect_language(own)
    if not answer.dutch_words and not answer.english_words:  # all quotes, or no telling words of its own
        answer, quotes = detect_language(inp.answer), 0
    return LanguageScore(question.language, answer.language, question.confident and answer.confident, quotes)


def aggregate_language(scores: Iterable[LanguageScore | None]) -> LanguageAggregate:
    """``None`` stands for a case without an answer; it counts as a mismatch."""
    values = [s.score if s is not None else 0.0 for s in scores]
    return LanguageAggregate(n=len(values), match=mean(values))
