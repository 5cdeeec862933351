import pytest

from evals.metrics.retrieval import (
    RetrievalInput,
    aggregate_retrieval,
    cutoffs,
    passage_matches,
    score_retrieval,
)

SNIPPETS = ["ergens tussen markt en overheid in", "hybride"]
MATCH = "Burgercollectieven zijn hybride organisaties, ergens tussen markt en overheid in."


def test_hit_at_rank_two() -> None:
    score = score_retrieval(RetrievalInput(SNIPPETS, ["iets anders", MATCH, MATCH]))
    assert score is not None
    assert score.hits == {1: False, 3: True, 5: True}
    assert score.reciprocal_rank == pytest.approx(0.5)
    assert score.first_rank == 2


def test_miss_scores_zero() -> None:
    score = score_retrieval(RetrievalInput(SNIPPETS, ["geen treffer", "ook niet"]))
    assert score is not None
    assert score.hits == {1: False, 3: False, 5: False}
    assert score.reciprocal_rank == 0.0 and score.first_rank is None


def test_snippets_must_be_in_one_passage() -> None:
    split_over_two = ["Ze zijn hybride.", "Ergens tussen markt en overheid in."]
    score = score_retrieval(RetrievalInput(SNIPPETS, split_over_two))
    assert score is not None and score.reciprocal_rank == 0.0


def test_the_passage_in_the_other_language_matches_too() -> None:
    """A treaty's English article and its Dutch translation answer the same question."""
    english = "1. Local authorities shall be consulted, insofar as possible, in due time."
    dutch = "1. De lokale autoriteiten dienen, voor zover mogelijk, tijdig te worden geraadpleegd."
    expected, translated = ["tijdig te worden geraadpleegd"], ["shall be consulted, insofar as possible"]
    score = score_retrieval(RetrievalInput(expected, ["iets anders", english, dutch], 5, translated))
    assert score is not None and score.first_rank == 2
    # without the translation only the Dutch passage matches
    assert score_retrieval(RetrievalInput(expected, ["iets anders", english, dutch])).first_rank == 3  # type: ignore[union-attr]


def test_match_beyond_k_does_not_count() -> None:
    score = score_retrieval(RetrievalInput(SNIPPETS, ["x"] * 5 + [MATCH], k=5))
    assert score is not None and score.reciprocal_rank == 0.0 and not score.hits[5]


def test_matching_ignores_case_whitespace_and_line_hyphens() -> None:
    pdf_text = "Ze zijn HYBRIDE,  ergens tussen markt\nen over-\nheid in."
    assert passage_matches(pdf_text, SNIPPETS)
    assert not passage_matches(pdf_text, ["tussen markt en gemeente"])


def test_case_without_expected_sources_is_not_scored() -> None:
    assert score_retrieval(RetrievalInput([], [MATCH])) is None


def test_aggregate_ignores_unscored_cases() -> None:
    scores = [
        score_retrieval(RetrievalInput(SNIPPETS, [MATCH])),  # rank 1
        score_retrieval(RetrievalInput(SNIPPETS, ["x", "y", MATCH])),  # rank 3
        score_retrieval(RetrievalInput(SNIPPETS, ["x"])),  # miss
        None,
    ]
    agg = aggregate_retrieval(scores)
    assert agg.n == 3
    assert agg.hit_at[1] == pytest.approx(1 / 3)
    assert agg.hit_at[3] == pytest.approx(2 / 3)
    assert agg.mrr == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert aggregate_retrieval([None]).mrr is None


def test_cutoffs_follow_k() -> None:
    assert cutoffs(5) == (1, 3, 5)
    assert cutoffs(3) == (1, 3)
    assert cutoffs(10) == (1, 3, 5, 10)
