from pathlib import Path

import pytest

from evals.gate import DEFAULT_THRESHOLDS, check_thresholds, load_thresholds
from tests.evals.test_cases import HELD_OUT

RESULT = {
    "metrics": {
        "all": {"hit@5": 0.9},
        "test": {"hit@5": 0.81, "mrr": 0.7, "grounding": None, "latency_p95_ms": 5300.0},
    },
    "cases": [],
}


def test_pass() -> None:
    assert check_thresholds(RESULT, {"test.hit@5": 0.8, "test.mrr": 0.7, "all.hit@5": 0.9}) == []


def test_fail_messages() -> None:
    failures = check_thresholds(RESULT, {"test.hit@5": 0.9, "test.mrr": 0.5})
    assert failures == ["test.hit@5 = 0.81 < 0.90"]


def test_close_values_get_more_digits() -> None:
    assert check_thresholds(RESULT, {"test.hit@5": 0.812}) == ["test.hit@5 = 0.810 < 0.812"]


def test_missing_and_undefined_metrics_fail() -> None:
    failures = check_thresholds(RESULT, {"test.grounding": 0.5, "test.nope": 0.1, "prod.hit@5": 0.1})
    assert failures[0].startswith("test.grounding = n/a")
    assert "no metric 'nope'" in failures[1] and "no split 'prod'" in failures[2]


def test_latency_thresholds_are_maximums() -> None:
    assert check_thresholds(RESULT, {"test.latency_p95_ms": 6000}) == []
    assert check_thresholds(RESULT, {"test.latency_p95_ms": 5000}) == ["test.latency_p95_ms = 5300 > 5000"]


def test_shipped_thresholds_are_real_and_valid() -> None:
    thresholds = load_thresholds()
    assert DEFAULT_THRESHOLDS.name == "thresholds.yaml"
    assert {
        "test.hit@5",
        "test.mrr",
        "test.key_point_coverage",
        "test.refusal_accuracy",
        "test.citation_validity",
        "test.grounding",
        "test.language_match",
    } <= set(thresholds)
    assert all(0.0 < v <= 1.0 for v in thresholds.values())
    assert {k.split(".", 1)[0] for k in thresholds} == set(HELD_OUT)

    def scored(value: float) -> dict[str, dict[str, dict[str, float]]]:
        return {
            "metrics": {
                split: {k.split(".", 1)[1]: value for k in thresholds if k.startswith(f"{split}.")}
                for split in HELD_OUT
            }
        }

    assert check_thresholds(scored(1.0), thresholds) == []
    assert len(check_thresholds(scored(0.0), thresholds)) == len(thresholds)


def test_bad_threshold_files(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("hit5: 0.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"split\.metric"):
        load_thresholds(path)
    path.write_text('"test.mrr": high\n', encoding="utf-8")
    with pytest.raises(ValueError, match="must be a number"):
        load_thresholds(path)
