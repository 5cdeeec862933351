"""Which metrics the reports show, and how a result differs from a baseline (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

EPSILON = 1e-9


@dataclass(frozen=True)
class MetricInfo:
    key: str
    label: str
    higher_is_better: bool = True
    unit: str = ""  # "" for a 0..1 score, "ms" for latency


# The headline metrics, in report order. Other keys in ``metrics[split]`` are counts and details.
SUMMARY_METRICS: tuple[MetricInfo, ...] = (
    MetricInfo("hit@1", "Retrieval hit@1"),
    MetricInfo("hit@3", "Retrieval hit@3"),
    MetricInfo("hit@5", "Retrieval hit@5"),
    MetricInfo("mrr", "Retrieval MRR"),
    MetricInfo("key_point_coverage", "Key-point coverage"),
    MetricInfo("refusal_accuracy", "Refusal accuracy"),
    MetricInfo("refusal_precision", "Refusal precision"),
    MetricInfo("refusal_recall", "Refusal recall"),
    MetricInfo("refusal_f1", "Refusal F1"),
    MetricInfo("citation_validity", "Citation validity"),
    MetricInfo("grounding", "Grounding (supported cited sentences)"),
    MetricInfo("numbers_ok", "Numbers found in cited passages"),
    MetricInfo("uncited_share", "Uncited sentence share", higher_is_better=False),
    MetricInfo("language_match", "Answer language match"),
    MetricInfo("latency_p50_ms", "Latency p50", higher_is_better=False, unit="ms"),
    MetricInfo("latency_p95_ms", "Latency p95", higher_is_better=False, unit="ms"),
    MetricInfo("latency_mean_ms", "Latency mean", higher_is_better=False, unit="ms"),
)

# Per-case scores compared against the baseline, by case id.
CASE_DIFF_METRICS: tuple[str, ...] = ("key_point_coverage", "hit@5", "refusal_correct")


def summary_metrics(metrics: Mapping[str, Any]) -> list[MetricInfo]:
    """The headline metrics present in one split's aggregate (hit@k depends on the run's k)."""
    known = [m for m in SUMMARY_METRICS if m.key in metrics]
    extra_hits = [
        MetricInfo(key, f"Retrieval {key}")
        for key in metrics
        if key.startswith("hit@") and key not in {m.key for m in SUMMARY_METRICS}
    ]
    hits = [m for m in known if m.key.startswith("hit@")]
    return hits + extra_hits + [m for m in known if not m.key.startswith("hit@")]


def as_number(value: Any) -> float | None:
    """A metric value as float; None for missing / undefined values (bools count as 1/0)."""
    if value is None or isinstance(value, str):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class MetricDelta:
    current: float | None
    baseline: float | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.baseline is None:
            return None
        return self.current - self.baseline

    def arrow(self) -> str:
        """▲ up, ▼ down, = unchanged, "" when either side is missing."""
        delta = self.delta
        if delta is None:
            return ""
        if abs(delta) <= EPSILON:
            return "="
        return "▲" if delta > 0 else "▼"

    def verdict(self, higher_is_better: bool = True) -> str:
        """ "better", "worse", "same" or "" (unknown)."""
        delta = self.delta
        if delta is None:
            return ""
        if abs(delta) <= EPSILON:
            return "same"
        return "better" if (delta > 0) == higher_is_better else "worse"


def metric_delta(current: Mapping[str, Any], baseline: Mapping[str, Any] | None, key: str) -> MetricDelta:
    return MetricDelta(as_number(current.get(key)), as_number((baseline or {}).get(key)))


@dataclass(frozen=True)
class CaseChange:
    case_id: str
    split: str
    metric: str
    baseline: float
    current: float

    @property
    def improved(self) -> bool:
        return self.current > self.baseline


@dataclass(frozen=True)
class CaseDiff:
    improved: list[CaseChange]
    regressed: list[CaseChange]
    new_cases: list[str]  # in the result, not in the baseline
    dropped_cases: list[str]  # in the baseline, not in the result


def diff_cases(
    cases: Sequence[Mapping[str, Any]],
    baseline_cases: Sequence[Mapping[str, Any]],
    metrics: Sequence[str] = CASE_DIFF_METRICS,
) -> CaseDiff:
    """Per-case score changes against a baseline, matched by case id."""
    before = {c["id"]: c for c in baseline_cases}
    current_ids = {c["id"] for c in cases}
    improved: list[CaseChange] = []
    regressed: list[CaseChange] = []
    for case in cases:
        old = before.get(case["id"])
        if old is None:
            continue
        for metric in metrics:
            new_value = as_number(case.get("scores", {}).get(metric))
            old_value = as_number(old.get("scores", {}).get(metric))
            if new_value is None or old_value is None or abs(new_value - old_value) <= EPSILON:
                continue
            change = CaseChange(case["id"], str(case.get("split", "")), metric, old_value, new_value)
            (improved if change.improved else regressed).append(change)
    return CaseDiff(
        improved=improved,
        regressed=regressed,
        new_cases=[c["id"] for c in cases if c["id"] not in before],
        dropped_cases=[cid for cid in before if cid not in current_ids],
    )


def format_value(value: Any, unit: str = "") -> str:
    number = as_number(value)
    if number is None:
        return "n/a"
    if unit == "ms":
        return f"{number:.0f} ms"
    return f"{number:.3f}"


def format_score(value: Any) -> str:
    """A per-case score: ✓ / ✗ for pass-fail flags, three decimals otherwise, "–" when not scored."""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return "–" if as_number(value) is None else format_value(value)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def format_delta(delta: MetricDelta, unit: str = "") -> str:
    """ "▲ +0.050", "▼ -12 ms", "= 0.000", or "" when there is nothing to compare."""
    if delta.delta is None:
        return ""
    if delta.arrow() == "=":
        return "= 0 ms" if unit == "ms" else "= 0.000"
    number = f"{delta.delta:+.0f} ms" if unit == "ms" else f"{delta.delta:+.3f}"
    return f"{delta.arrow()} {number}"


def ordered_splits(metrics: Mapping[str, Any], overall: str = "all") -> list[str]:
    """The splits of a result in their order, with the overall aggregate last."""
    return [s for s in metrics if s != overall] + ([overall] if overall in metrics else [])


def case_score_columns(cases: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(score key, column header) for the per-case tables; the run's deepest hit@k stands for retrieval."""
    hit_keys = sorted(
        {key for case in cases for key in case.get("scores", {}) if key.startswith("hit@")},
        key=lambda key: int(key.removeprefix("hit@")),
    )
    retrieval = [(hit_keys[-1], hit_keys[-1])] if hit_keys else []
    return [
        *retrieval,
        ("mrr", "MRR"),
        ("key_point_coverage", "Key points"),
        ("refusal_correct", "Refusal"),
        ("citation_validity", "Citations"),
        ("grounding", "Grounding"),
        ("numbers_ok", "Numbers"),
        ("language_match", "Language"),
    ]
