import pytest

from evals.metrics.key_points import KeyPointInput, aggregate_key_points, score_key_points

POINTS = [["hybride"], ["noch het een", "markt en overheid"], ["21%", "21 procent"]]


def test_all_points_met_with_folding_and_markers() -> None:
    text = "Ze zijn HYBRIDE [1] en staan tussen markt  en\noverheid; 21 procent [2]."
    score = score_key_points(KeyPointInput(text, POINTS))
    assert score.coverage == 1.0 and score.missed == []


def test_diacritics_insensitive_both_ways() -> None:
    score = score_key_points(
        KeyPointInput("Een cooperatie is geinitieerd", [["coöperatie"], ["geïnitieerd"]])
    )
    assert score.coverage == 1.0


def test_partial_coverage_reports_missed_points() -> None:
    score = score_key_points(KeyPointInput("Het is een hybride vorm.", POINTS))
    assert score.coverage == pytest.approx(1 / 3)
    assert score.missed == [["noch het een", "markt en overheid"], ["21%", "21 procent"]]


def test_all_points_missed_scores_zero() -> None:
    score = score_key_points(KeyPointInput("Daar zegt het essay niets over.", POINTS))
    assert score.coverage == 0.0 and len(score.missed) == 3


def test_no_key_points_is_none_and_skipped_in_mean() -> None:
    none = score_key_points(KeyPointInput("Wat dan ook.", []))
    assert none.coverage is None
    half = score_key_points(KeyPointInput("hybride", [["hybride"], ["x"]]))
    agg = aggregate_key_points([none, half])
    assert agg.n == 1 and agg.coverage == pytest.approx(0.5)
