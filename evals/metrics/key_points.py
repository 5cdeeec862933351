"""Key-point coverage: the share of a case's key points that the answer states.

A point is met when the answer contains ANY of its alternatives as a substring, compared after
folding case and diacritics, removing ``[n]`` markers and collapsing whitespace. Cases without key
points score None and are left out of the mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from evals.metrics._stats import mean
from evals.text import collapse_ws, fold, strip_markers


def normalise_for_points(text: str) -> str:
    return collapse_ws(fold(strip_markers(text)))


@dataclass(frozen=True)
class KeyPointInput:
    answer: str
    key_points: Sequence[Sequence[str]]


@dataclass(frozen=True)
class KeyPointScore:
    coverage: float | None
    met: list[list[str]]
    missed: list[list[str]]


@dataclass(frozen=True)
class KeyPointAggregate:
    n: int  # cases with key points
    coverage: float | None


def point_met(answer: str, alternatives: Sequence[str]) -> bool:
    haystack = normalise_for_points(answer)
    return any(normalise_for_points(alt) in haystack for alt in alternatives)


def score_key_points(inp: KeyPointInput) -> KeyPointScore:
    met = [list(p) for p in inp.key_points if point_met(inp.answer, p)]
    missed = [list(p) for p in inp.key_points if not point_met(inp.answer, p)]
    coverage = len(met) / len(inp.key_points) if inp.key_points else None
    return KeyPointScore(coverage=coverage, met=met, missed=missed)


def aggregate_key_points(scores: Iterable[KeyPointScore]) -> KeyPointAggregate:
    covered = [s.coverage for s in scores if s.coverage is not None]
    return KeyPointAggregate(n=len(covered), coverage=mean(covered))
