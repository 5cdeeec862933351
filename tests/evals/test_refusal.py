import pytest

from evals.metrics.refusal import RefusalInput, aggregate_refusal, failed_refusal, score_refusal


def test_refusing_an_answerable_question_is_wrong() -> None:
    assert not score_refusal(RefusalInput(refused=True, should_refuse=False)).correct
    assert not score_refusal(RefusalInput(refused=False, should_refuse=True)).correct
    assert score_refusal(RefusalInput(refused=True, should_refuse=True)).correct


def test_precision_recall_f1_accuracy() -> None:
    # 2 true refusals, 1 wrong refusal, 1 missed refusal, 4 correct answers
    pairs = [(True, True)] * 2 + [(True, False)] + [(False, True)] + [(False, False)] * 4
    agg = aggregate_refusal(score_refusal(RefusalInput(r, s)) for r, s in pairs)
    assert (agg.tp, agg.fp, agg.fn, agg.tn) == (2, 1, 1, 4)
    assert agg.precision == pytest.approx(2 / 3)
    assert agg.recall == pytest.approx(2 / 3)
    assert agg.f1 == pytest.approx(2 / 3)
    assert agg.accuracy == pytest.approx(6 / 8)


def test_refusing_everything_answerable_scores_zero() -> None:
    agg = aggregate_refusal(score_refusal(RefusalInput(True, False)) for _ in range(3))
    assert agg.accuracy == 0.0 and agg.precision == 0.0
    assert agg.recall is None and agg.f1 is None  # nothing should have been refused: undefined


def test_failed_case_counts_as_wrong_decision() -> None:
    assert not failed_refusal(True).correct and not failed_refusal(False).correct
    assert aggregate_refusal([]).accuracy is None
