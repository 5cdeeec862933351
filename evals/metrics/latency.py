"""Latency: p50 / p95 / mean / max of the answers' ``latency_ms`` (failed cases have none)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class LatencyAggregate:
    n: int
    p50_ms: float | None
    p95_ms: float | None
    mean_ms: float | None
    max_ms: float | None


def percentile(values: Sequence[float], q: float) -> float:
    """Percentile with linear interpolation between closest ranks (numpy's default "linear")."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def aggregate_latency(latencies_ms: Iterable[float | None]) -> LatencyAggregate:
    values = [float(v) for v in latencies_ms if v is not None]
    if not values:
        return LatencyAggregate(0, None, None, None, None)
    return LatencyAggregate(
        n=len(values),
        p50_ms=percentile(values, 50),
        p95_ms=percentile(values, 95),
        mean_ms=sum(values) / len(values),
        max_ms=max(values),
    )
