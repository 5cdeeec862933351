"""Retrieval: did a passage that contains all expected snippets come back, and how high?

A passage *matches* a case when every ``expected_sources`` snippet occurs in it, compared case- and
whitespace-insensitively (all whitespace is dropped, so PDF line breaks and double spaces don't
matter) after joining words hyphenated over a line break and Unicode NFKC (ligatures, nbsp).
A passage holding every ``translated_sources`` snippet (the same passage in a bilingual document's other
language) matches too. ``hit@k`` = a matching passage among the first k; reciprocal rank = 1/rank of the first matching
passage within the cut-off (0 when none). Cases without expected snippets are not scored (None).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from evals.metrics._stats import mean
from evals.text import dehyphenate, nfkc

DEFAULT_KS: tuple[int, ...] = (1, 3, 5)
_WS = re.compile(r"\s+")


def normalise_for_match(text: str) -> str:
    return _WS.sub("", dehyphenate(nfkc(text)).casefold())


def passage_matches(passage_text: str, snippets: Sequence[str]) -> bool:
    """True when every snippet occurs in the passage (see module docstring for the normalisation)."""
    haystack = normalise_for_match(passage_text)
    return all(normalise_for_match(s) in haystack for s in snippets)


def cutoffs(k: int) -> tuple[int, ...]:
    """The hit@ cut-offs reported for retrieval depth k: 1, 3, 5 up to k, and k itself."""
    return tuple(sorted({c for c in DEFAULT_KS if c <= k} | {k}))


@dataclass(frozen=True)
class RetrievalInput:
    expected_sources: Sequence[str]
    retrieved_texts: Sequence[str]  # in rank order
    k: int = 5  # how deep to look; MRR is MRR@k
    translated_sources: Sequence[str] = ()  # the expected passage in the document's other language

    def matches(self, text: str) -> bool:
        return passage_matches(text, self.expected_sources) or bool(
            self.translated_sources and passage_matches(text, self.translated_sources)
        )


@dataclass(frozen=True)
class RetrievalScore:
    hits: dict[int, bool]  # cut-off -> hit
    reciprocal_rank: float
    first_rank: int | None  # 1-based rank of the first matching passage within k


@dataclass(frozen=True)
class RetrievalAggregate:
    n: int  # cases with expected sources
    hit_at: dict[int, float | None] = field(default_factory=dict)
    mrr: float | None = None


def score_retrieval(inp: RetrievalInput) -> RetrievalScore | None:
    if not inp.expected_sources:
        return None
    first_rank = next(
        (rank for rank, text in enumerate(inp.retrieved_texts[: inp.k], start=1) if inp.matches(text)),
        None,
    )
    return RetrievalScore(
        hits={c: first_rank is not None and first_rank <= c for c in cutoffs(inp.k)},
        reciprocal_rank=1.0 / first_rank if first_rank else 0.0,
        first_rank=first_rank,
    )


def failed_retrieval(expected_sources: Sequence[str], k: int = 5) -> RetrievalScore | None:
    """The score of a case whose answer could not be produced: a miss (None without expectations)."""
    return score_retrieval(RetrievalInput(expected_sources, [], k))


def aggregate_retrieval(scores: Iterable[RetrievalScore | None], k: int = 5) -> RetrievalAggregate:
    scored = [s for s in scores if s is not None]
    return RetrievalAggregate(
        n=len(scored),
        hit_at={c: mean(float(s.hits[c]) for s in scored) for c in cutoffs(k)},
        mrr=mean(s.reciprocal_rank for s in scored),
    )
