"""Language match: does the answer come in the language of the question (nl or en)?

The detector is deliberately local and tiny: count words that are stopwords in only one of the two
languages (Dutch-only vs English-only, so "in", "is", "of" count for neither). The larger count
wins; a tie, including no evidence at all, goes to Dutch, the bot's default language, and is
flagged as not confident. Refusals are checked too: a refusal must also be in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from evals.metrics._stats import mean
from evals.stopwords import DUTCH_ONLY, ENGLISH_ONLY
from evals.text import strip_markers, words

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


@dataclass(frozen=True)
class LanguageInput:
    question: str
    answer: str


@dataclass(frozen=True)
class LanguageScore:
    question_language: Language
    answer_language: Language
    confident: bool  # both detections had a clear winner

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
    question, answer = detect_language(inp.question), detect_language(inp.answer)
    return LanguageScore(question.language, answer.language, question.confident and answer.confident)


def aggregate_language(scores: Iterable[LanguageScore | None]) -> LanguageAggregate:
    """``None`` stands for a case without an answer; it counts as a mismatch."""
    values = [s.score if s is not None else 0.0 for s in scores]
    return LanguageAggregate(n=len(values), match=mean(values))
