"""The CI gate: the real pipeline on the held-out cases must stay at or above evals/thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.components import Components
from bot.settings import PROJECT_ROOT, Settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_test_set_meets_thresholds(ingested: Settings, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from evals.cases import load_cases
    from evals.gate import check_thresholds, load_thresholds
    from evals.report import write_report
    from evals.runner import run_eval

    components = Components(ingested)
    components.__dict__["embedder"] = embedder
    service = components.service
    # the held-out splits: test (written with the cases, never tuned on) and unseen (written later, by
    # someone who had not seen the retrieval code, after the last tuning)
    folder = PROJECT_ROOT / "evals" / "cases"
    cases = [*load_cases(folder / "test.jsonl"), *load_cases(folder / "unseen.jsonl")]
    result = run_eval(
        cases,
        lambda q, h, p: service.answer(q, h, p).to_json(),
        passage_lookup=components.passage_lookup,
        k=ingested.retrieval.k,
    )
    md, html = write_report(result, tmp_path / "report")
    assert md.exists() and html.exists()
    failures = check_thresholds(result, load_thresholds(PROJECT_ROOT / "evals" / "thresholds.yaml"))
    assert not failures, "quality below the thresholds in evals/thresholds.yaml: " + "; ".join(failures)
