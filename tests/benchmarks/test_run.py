"""The benchmark runner's own checks (unit, fast)."""

from __future__ import annotations

import pytest

from benchmarks.run import raise_on_failed_cases


def test_a_quality_figure_from_failed_answers_is_refused() -> None:
    """The eval runner scores an answer that raised as zero; the benchmark must fail the part instead of
    reporting 0.000 as Wijzer's retrieval quality (it once did, while the composer was being edited)."""
    raise_on_failed_cases([{"id": "a", "error": None}, {"id": "b"}], "Wijzer")
    with pytest.raises(RuntimeError, match=r"Wijzer: 1 of 2 cases failed; first b: TypeError: boom"):
        raise_on_failed_cases([{"id": "a", "error": None}, {"id": "b", "error": "TypeError: boom"}], "Wijzer")


def test_the_report_shows_the_lexical_part() -> None:
    from benchmarks.report import render

    entry = {"plain_p50_ms": 1.37, "plain_p95_ms": 2.1, "grouped_p50_ms": 1.73, "grouped_p95_ms": 7.5}
    results = {
        "lexical": {
            "compound_part_weight": 0.7,
            "rounds": 3,
            "sizes": {"100000": {**entry, "ratio_p50": 1.26}},
        }
    }
    report = render(results)
    assert "## Lexical search: a compound counted once" in report
    assert "| 100,000 | 1.37 | 2.10 | 1.73 | 7.50 | 1.26× |" in report
