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
