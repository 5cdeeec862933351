"""Score fusion (unit, fast): min-max normalisation, and a list that holds every match."""

from __future__ import annotations

from bot.retrieval.hybrid import weighted_scores


def test_scores_are_normalised_and_weighted() -> None:
    dense = {"a": 0.9, "b": 0.5, "c": 0.1}
    lexical = {"b": 8.0, "d": 4.0, "e": 2.0}
    fused = weighted_scores([(dense, 0.3), (lexical, 1.0)], depth=3)
    assert fused["b"] == 0.3 * 0.5 + 1.0
    assert fused["a"] == 0.3 and fused["e"] == 0.0  # a full list's lowest score counts as missing


def test_a_list_shorter_than_asked_for_is_normalised_from_zero() -> None:
    """ "Wat is CPO?": the one passage that says "CPO" was the only lexical hit, so its lowest, and scored 0."""
    fused = weighted_scores([({"a": 0.9, "b": 0.1}, 0.3), ({"cpo": 5.8}, 1.0)], depth=40)
    assert fused["cpo"] == 1.0
    two = weighted_scores([({"x": 6.0, "y": 3.0}, 1.0)], depth=40)
    assert two == {"x": 1.0, "y": 0.5}
