"""Citation validity: do the ``[n]`` markers point at real, retrieved, indexed passages?

A marker is valid when ``citations`` holds an entry with that ``n`` whose ``text`` equals (after
Unicode NFC and trimming) the text of a retrieved passage from the same ``source`` and, when a
``PassageLookup`` is given, that exists in the index. Score = valid markers / markers. Without any
marker the score is 1.0 for a refusal (nothing to cite) and 0.0 otherwise: an answer that cites
nothing cannot be checked, which is exactly what this metric guards against.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from evals.metrics._stats import mean
from evals.text import marker_numbers

PassageLookup = Callable[[str, str], bool]


@dataclass(frozen=True)
class CitationInput:
    answer: str
    refused: bool
    citations: Sequence[Mapping[str, Any]]
    retrieved: Sequence[Mapping[str, Any]]
    passage_lookup: PassageLookup | None = None


@dataclass(frozen=True)
class CitationScore:
    score: float
    markers: int
    valid_markers: int
    dangling_markers: list[int] = field(default_factory=list)  # [n] without citations[].n
    not_retrieved: list[int] = field(default_factory=list)  # citation n whose text was not retrieved
    not_in_index: list[int] = field(default_factory=list)  # citation n the lookup could not find
    unused: list[int] = field(default_factory=list)  # citations no marker refers to (informative)


@dataclass(frozen=True)
class CitationAggregate:
    n: int
    validity: float | None  # mean of per-case scores
    marker_validity: float | None  # all valid markers / all markers, over the cases


def _same_text(a: str, b: str) -> bool:
    return unicodedata.normalize("NFC", a).strip() == unicodedata.normalize("NFC", b).strip()


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def score_citations(inp: CitationInput) -> CitationScore:
    by_n: dict[int, list[Mapping[str, Any]]] = {}
    for citation in inp.citations:
        n = _as_int(citation.get("n"))
        if n is not None:
            by_n.setdefault(n, []).append(citation)

    not_retrieved: set[int] = set()
    not_in_index: set[int] = set()
    valid_numbers: set[int] = set()
    for n, entries in by_n.items():
        for citation in entries:
            source, text = str(citation.get("source", "")), str(citation.get("text", ""))
            retrieved = any(
                str(r.get("source", "")) == source and _same_text(str(r.get("text", "")), text)
                for r in inp.retrieved
            )
            indexed = inp.passage_lookup is None or bool(inp.passage_lookup(source, text))
            if not retrieved:
                not_retrieved.add(n)
            if not indexed:
                not_in_index.add(n)
            if retrieved and indexed:
                valid_numbers.add(n)

    markers = marker_numbers(inp.answer)
    valid = sum(n in valid_numbers for n in markers)
    # Without markers: a refusal has nothing to cite, any other answer cites nothing.
    no_marker_score = 1.0 if inp.refused else 0.0
    score = valid / len(markers) if markers else no_marker_score
    return CitationScore(
        score=score,
        markers=len(markers),
        valid_markers=valid,
        dangling_markers=sorted({n for n in markers if n not in by_n}),
        not_retrieved=sorted(not_retrieved),
        not_in_index=sorted(not_in_index),
        unused=sorted(set(by_n) - set(markers)),
    )


def failed_citations() -> CitationScore:
    return CitationScore(score=0.0, markers=0, valid_markers=0)


def aggregate_citations(scores: Iterable[CitationScore]) -> CitationAggregate:
    items = list(scores)
    markers = sum(s.markers for s in items)
    return CitationAggregate(
        n=len(items),
        validity=mean(s.score for s in items),
        marker_validity=sum(s.valid_markers for s in items) / markers if markers else None,
    )
