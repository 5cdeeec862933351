"""Quality gate: compare aggregate metrics with the thresholds in ``evals/thresholds.yaml``.

A threshold key is ``"<split>.<metric>"`` (``"test.hit@5"``). It is a minimum, except for metrics
ending in ``_ms`` (latency), where it is a maximum. A metric that is missing from the result or
undefined (no cases to compute it on) fails: a gate must not pass on nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from evals.compare import as_number
from evals.runner import EvalResult

DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.yaml")


def load_thresholds(path: Path = DEFAULT_THRESHOLDS) -> dict[str, float]:
    """Read a flat ``{"split.metric": number}`` YAML mapping; anything else is a ``ValueError``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of 'split.metric' to a number")
    thresholds: dict[str, float] = {}
    for key, value in data.items():
        if not isinstance(key, str) or "." not in key:
            raise ValueError(f"{path}: key {key!r} is not of the form 'split.metric'")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{path}: threshold for {key!r} must be a number, got {value!r}")
        thresholds[key] = float(value)
    return thresholds


def _fmt(value: float, key: str, other: float | None = None) -> str:
    """Two decimals (no decimals for ms), more when that would print both sides the same."""
    digits = 0 if key.endswith("_ms") else 2
    while other is not None and digits < 6 and f"{value:.{digits}f}" == f"{other:.{digits}f}":
        digits += 1
    return f"{value:.{digits}f}"


def check_thresholds(result: EvalResult | Mapping[str, Any], thresholds: Mapping[str, float]) -> list[str]:
    """Failure messages ("test.hit@5 = 0.81 < 0.90"); an empty list means the gate passes."""
    metrics = result.metrics if isinstance(result, EvalResult) else result["metrics"]
    failures: list[str] = []
    for key, threshold in thresholds.items():
        split, _, name = key.partition(".")
        if split not in metrics:
            failures.append(f"{key}: no split {split!r} in the results")
            continue
        if name not in metrics[split]:
            failures.append(f"{key}: no metric {name!r} in the results")
            continue
        value = as_number(metrics[split][name])
        if value is None:
            failures.append(f"{key} = n/a (no cases to compute it on), threshold {_fmt(threshold, key)}")
        elif name.endswith("_ms") and value > threshold:
            failures.append(f"{key} = {_fmt(value, key, threshold)} > {_fmt(threshold, key, value)}")
        elif not name.endswith("_ms") and value < threshold:
            failures.append(f"{key} = {_fmt(value, key, threshold)} < {_fmt(threshold, key, value)}")
    return failures
