"""Grounding: is what the answer says backed by the passages it cites?

Sentences come from ``evals.text.split_sentences``. A sentence with at least one ``[n]`` marker is
*cited*; its support is the share of its content words (folded, stopwords nl+en removed, markers and
pure numbers left out) found among the words of the passages it cites. A word is found when it
occurs as is, or as the same word with a slightly different ending (common prefix of at least 5
letters and all but 2 of the shorter word, lengths within 4: "overheden" ~ "overheid",
"collectieven" ~ "collectief"), so Dutch inflection does not count as unsupported. A cited sentence
is supported when support >= 0.6. A sentence without content words counts as supported.

Case score = supported cited sentences / cited sentences; None when no sentence is cited (citation
validity already scores that). Uncited sentences are counted separately.

Numbers: every number in a cited sentence must occur in a passage that sentence cites, compared as
values ("5.000" == "5 000" == "€ 5000"; "21%" is 21). ``numbers_ok`` is True when they all do (or there
are none). Numbers outside cited sentences are not claims from the passages: Wijzer's framing around the
quotes, such as the note that a statute is an outdated version ("versie 2015-01-05"), which counted as
unsupported in a third of the answers with numbers before session 26; an uncited claim is counted in
``uncited_sentences`` (the LLM mode drops it before it is shown).

A refusal states no facts: its uncited sentences and any number it repeats from the question
("... in 2026") are not counted; cited sentences in a refusal are still checked.

Known limit: the check is lexical, so an English answer paraphrasing a Dutch passage will mostly
count as unsupported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.metrics._stats import mean
from evals.text import (
    content_words,
    find_numbers,
    marker_numbers,
    number_value_set,
    number_values,
    split_sentences,
    words,
)

SUPPORT_THRESHOLD = 0.6
_PREFIX = 5


@dataclass(frozen=True)
class GroundingInput:
    answer: str
    citations: Sequence[Mapping[str, Any]]
    refused: bool = False
    threshold: float = SUPPORT_THRESHOLD


@dataclass(frozen=True)
class SentenceSupport:
    sentence: str
    markers: list[int]
    support: float
    supported: bool
    missing_words: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GroundingScore:
    score: float | None
    cited_sentences: int
    supported_sentences: int
    uncited_sentences: int
    numbers_ok: bool
    numbers: list[str] = field(default_factory=list)
    unsupported_numbers: list[str] = field(default_factory=list)
    sentences: list[SentenceSupport] = field(default_factory=list)


@dataclass(frozen=True)
class GroundingAggregate:
    n: int  # cases with at least one cited sentence
    grounding: float | None  # mean case score
    uncited_sentences: int
    uncited_share: float | None  # uncited / all sentences
    numbers_cases: int  # cases whose answer holds a number
    numbers_ok: float | None  # share of those whose numbers all occur in a cited passage


class _Vocabulary:
    """The words of some passages, indexed by prefix for the inflection-tolerant lookup."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.words: set[str] = set()
        for text in texts:
            self.words.update(words(text))
        self.by_prefix: dict[str, list[str]] = {}
        for word in self.words:
            if len(word) >= _PREFIX:
                self.by_prefix.setdefault(word[:_PREFIX], []).append(word)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word in self.words:
            return True
        if len(word) < _PREFIX:
            return False
        return any(_same_stem(word, other) for other in self.by_prefix.get(word[:_PREFIX], ()))


def _same_stem(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 4:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(_PREFIX, min(len(a), len(b)) - 2)


def _citation_texts(citations: Sequence[Mapping[str, Any]]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for citation in citations:
        try:
            n = int(citation.get("n"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        texts.setdefault(n, []).append(str(citation.get("text", "")))
    return texts


def sentence_support(sentence: str, vocabulary: _Vocabulary) -> tuple[float, list[str]]:
    """Share of the sentence's content words found in the vocabulary, and the words that were not."""
    content = content_words(sentence)
    if not content:
        return 1.0, []
    missing = [w for w in content if w not in vocabulary]
    return 1 - len(missing) / len(content), missing


def score_grounding(inp: GroundingInput) -> GroundingScore:
    texts = _citation_texts(inp.citations)
    results: list[SentenceSupport] = []
    uncited = 0
    for sentence in split_sentences(inp.answer):
        markers = marker_numbers(sentence)
        if not markers:
            uncited += 1
            continue
        vocabulary = _Vocabulary(t for n in dict.fromkeys(markers) for t in texts.get(n, []))
        support, missing = sentence_support(sentence, vocabulary)
        results.append(SentenceSupport(sentence, markers, support, support >= inp.threshold, missing))

    numbers: list[str] = []
    unsupported_numbers: list[str] = []
    for result in [] if inp.refused else results:
        values = {
            v for n in dict.fromkeys(result.markers) for t in texts.get(n, []) for v in number_value_set(t)
        }
        for raw in find_numbers(result.sentence):
            numbers.append(raw)
            if not number_values(raw) & values:
                unsupported_numbers.append(raw)

    supported = sum(r.supported for r in results)
    return GroundingScore(
        score=supported / len(results) if results else None,
        cited_sentences=len(results),
        supported_sentences=supported,
        uncited_sentences=0 if inp.refused else uncited,
        numbers_ok=not unsupported_numbers,
        numbers=numbers,
        unsupported_numbers=unsupported_numbers,
        sentences=results,
    )


def failed_grounding() -> GroundingScore:
    return GroundingScore(
        score=0.0, cited_sentences=0, supported_sentences=0, uncited_sentences=0, numbers_ok=False
    )


def aggregate_grounding(scores: Iterable[GroundingScore]) -> GroundingAggregate:
    items = list(scores)
    sentences = sum(s.cited_sentences + s.uncited_sentences for s in items)
    uncited = sum(s.uncited_sentences for s in items)
    # A failed case (no answer) has no numbers but numbers_ok False: it counts as a case with numbers.
    with_numbers = [s for s in items if s.numbers or not s.numbers_ok]
    return GroundingAggregate(
        n=sum(s.score is not None for s in items),
        grounding=mean(s.score for s in items),
        uncited_sentences=uncited,
        uncited_share=uncited / sentences if sentences else None,
        numbers_cases=len(with_numbers),
        numbers_ok=mean(float(s.numbers_ok) for s in with_numbers),
    )
