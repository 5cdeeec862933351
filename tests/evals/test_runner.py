import json
from pathlib import Path
from typing import Any

import pytest

from evals.cases import load_cases
from evals.runner import EvalResult, load_results, run_eval, write_results
from tests.evals.fakes import OracleAnswerer, fake_latency
from tests.evals.helpers import answer, case, citation, passage
from tests.evals.test_cases import SPLITS

CASES_DIR = Path(__file__).resolve().parents[2] / "evals" / "cases"
GOOD_TEXT = "Burgercollectieven zijn hybride organisaties, ergens tussen markt en overheid in."

CASES = [
    case(
        "t-good",
        "Hoe worden burgercollectieven getypeerd?",
        expected_sources=["tussen markt en overheid"],
        key_points=[["hybride"], ["markt en overheid"]],
    ),
    case("t-crash", "Wat gebeurt er als het misgaat?", expected_sources=["x"], key_points=[["y"]]),
    case(
        "t-overcautious",
        "Wat is een hybride organisatie?",
        expected_sources=["hybride organisaties"],
        key_points=[["hybride"]],
    ),
    case("t-refuse", "What is the capital of France?", should_refuse=True),
    case(
        "d-miss",
        "Waarom zijn gemeenten voorzichtig?",
        expected_sources=["risicomijdend"],
        key_points=[["risico"]],
        split="dev",
    ),
]


def scripted(question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
    """One fixed behaviour per question; "misgaat" raises."""
    if "misgaat" in question:
        raise RuntimeError("model server unavailable")
    if question.startswith("Hoe worden"):
        return answer(
            "Het zijn hybride organisaties, ergens tussen markt en overheid in [1].",
            citations=[citation(1, GOOD_TEXT)],
            retrieved=[passage(GOOD_TEXT)],
            latency_ms=fake_latency(question),
        )
    if question.startswith("Wat is een hybride"):
        return answer("Daar kan ik geen antwoord op geven.", refused=True, retrieved=[passage(GOOD_TEXT)])
    if "France" in question:
        return answer("I cannot answer that from the sources.", refused=True, language="en", latency_ms=None)
    return answer(
        "Gemeenten zijn voorzichtig vanwege de politiek [1].",
        citations=[citation(1, "Politiek-bestuurlijke omgeving.")],
        retrieved=[passage("Politiek-bestuurlijke omgeving.")],
    )


@pytest.fixture(scope="module")
def result() -> EvalResult:
    return run_eval(CASES, scripted)


def _by_id(result: EvalResult) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in result.cases}


def test_good_case_scores_full_marks(result: EvalResult) -> None:
    good = _by_id(result)["t-good"]
    assert good["error"] is None and good["split"] == "test"
    assert good["scores"] == {
        "hit@1": 1.0,
        "hit@3": 1.0,
        "hit@5": 1.0,
        "mrr": 1.0,
        "key_point_coverage": 1.0,
        "refusal_correct": 1.0,
        "citation_validity": 1.0,
        "grounding": 1.0,
        "numbers_ok": True,
        "language_match": 1.0,
    }
    assert good["citations"] == [citation(1, GOOD_TEXT)]  # as the answer gave them
    assert good["latency_ms"] == fake_latency(good["question"])


def test_exception_in_one_case_is_recorded_with_zero_scores(result: EvalResult) -> None:
    crash = _by_id(result)["t-crash"]
    assert crash["error"] == "RuntimeError: model server unavailable"
    assert crash["answer"] == "" and crash["latency_ms"] is None
    assert crash["missed_key_points"] == [["y"]]
    scores = crash["scores"]
    assert scores["hit@5"] == 0.0 and scores["mrr"] == 0.0 and scores["key_point_coverage"] == 0.0
    assert scores["refusal_correct"] == 0.0 and scores["citation_validity"] == 0.0
    assert scores["grounding"] == 0.0 and scores["numbers_ok"] is False and scores["language_match"] == 0.0
    assert len(result.cases) == len(CASES)  # the run went on


def test_refusing_an_answerable_question(result: EvalResult) -> None:
    over = _by_id(result)["t-overcautious"]
    assert over["refused"] is True and over["should_refuse"] is False
    assert over["scores"]["refusal_correct"] == 0.0
    assert over["scores"]["key_point_coverage"] == 0.0 and over["missed_key_points"] == [["hybride"]]
    assert over["scores"]["hit@1"] == 1.0  # retrieval itself was fine
    assert over["scores"]["citation_validity"] == 1.0  # a refusal cites nothing
    assert over["scores"]["grounding"] is None


def test_due_refusal_and_latency_fallback(result: EvalResult) -> None:
    refuse = _by_id(result)["t-refuse"]
    assert refuse["scores"]["refusal_correct"] == 1.0 and refuse["scores"]["language_match"] == 1.0
    assert refuse["scores"]["hit@5"] is None and refuse["scores"]["key_point_coverage"] is None
    assert isinstance(refuse["latency_ms"], float)  # measured, the answer had none


def test_retrieval_miss(result: EvalResult) -> None:
    miss = _by_id(result)["d-miss"]
    assert miss["split"] == "dev" and miss["scores"]["mrr"] == 0.0 and miss["scores"]["hit@5"] == 0.0


def test_aggregates_per_split(result: EvalResult) -> None:
    assert list(result.metrics) == ["all", "test", "dev"]
    test = result.metrics["test"]
    assert test["n_cases"] == 4 and test["n_errors"] == 1
    assert test["retrieval_cases"] == 3
    assert test["hit@5"] == pytest.approx(2 / 3)  # good + overcautious hit, crash missed
    assert test["key_point_coverage"] == pytest.approx(1 / 3)
    assert test["refusal_accuracy"] == pytest.approx(2 / 4)
    # the crash counts as the wrong decision: a refusal of an answerable question
    assert (test["refusal_tp"], test["refusal_fp"], test["refusal_fn"], test["refusal_tn"]) == (1, 2, 0, 1)
    assert result.metrics["dev"]["mrr"] == 0.0
    assert result.metrics["all"]["n_cases"] == 5
    assert result.meta["corpus_versions"] == ["corpus-v1"] and result.meta["k"] == 5


def test_deterministic_and_json_round_trip(result: EvalResult, tmp_path: Path) -> None:
    again = run_eval(CASES, scripted)
    strip = [{k: v for k, v in c.items() if k != "latency_ms"} for c in again.cases]
    assert strip == [{k: v for k, v in c.items() if k != "latency_ms"} for c in result.cases]
    path = write_results(result, tmp_path / "out" / "results.json")
    assert json.loads(path.read_text(encoding="utf-8"))["cases"][0]["id"] == "t-good"
    assert load_results(path).metrics == json.loads(result.to_json())["metrics"]


def test_passage_lookup_is_cached_and_used() -> None:
    calls: list[tuple[str, str]] = []

    def lookup(source: str, text: str) -> bool:
        calls.append((source, text))
        return False

    res = run_eval([CASES[0], CASES[0].model_copy(update={"id": "t-good-2"})], scripted, lookup)
    assert calls == [("essay.pdf", GOOD_TEXT)]
    assert all(c["scores"]["citation_validity"] == 0.0 for c in res.cases)
    assert res.cases[0]["details"]["citations"]["not_in_index"] == [1]


def test_invalid_payload_is_an_error_and_progress_is_reported() -> None:
    seen: list[tuple[int, int, str]] = []
    res = run_eval(
        CASES[:1], lambda q, h, p: {"answer": 1}, on_case=lambda i, n, r: seen.append((i, n, r["id"]))
    )
    assert res.cases[0]["error"].startswith("ValidationError")
    assert seen == [(1, 1, "t-good")]


def test_k_sets_the_cutoffs() -> None:
    res = run_eval(CASES[:1], scripted, k=3)
    assert "hit@5" not in res.cases[0]["scores"] and res.cases[0]["scores"]["hit@3"] == 1.0
    with pytest.raises(ValueError):
        run_eval(CASES[:1], scripted, k=0)


def test_oracle_on_the_real_cases_scores_perfectly() -> None:
    cases = load_cases(CASES_DIR)
    res = run_eval(cases, OracleAnswerer(cases))
    for split in (*SPLITS, "all"):
        metrics = res.metrics[split]
        for key in (
            "hit@1",
            "mrr",
            "key_point_coverage",
            "refusal_accuracy",
            "refusal_f1",
            "citation_validity",
            "grounding",
            "language_match",
        ):
            assert metrics[key] == 1.0, (split, key)
        # None where no oracle answer of the split quotes a number (dev8's key points hold none)
        assert metrics["numbers_ok"] in (1.0, None), split
        assert metrics["n_errors"] == 0
    assert res.metrics["all"]["numbers_ok"] == 1.0
    assert res.metrics["all"]["n_cases"] == 2399
