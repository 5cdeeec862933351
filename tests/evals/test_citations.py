import pytest

from evals.metrics.citations import CitationInput, aggregate_citations, score_citations
from tests.evals.helpers import citation, passage

P1 = "Burgercollectieven zijn hybride organisaties."
P2 = "In 2021 had slechts 21% van de Nederlanders vertrouwen in de nationale overheid."
RETRIEVED = [passage(P1), passage(P2, "cbs.pdf")]
CITATIONS = [citation(1, P1), citation(2, P2, "cbs.pdf")]


def _score(answer: str, citations=CITATIONS, retrieved=RETRIEVED, refused=False, lookup=None):  # type: ignore[no-untyped-def]
    return score_citations(CitationInput(answer, refused, citations, retrieved, lookup))


def test_all_markers_valid() -> None:
    score = _score("Ze zijn hybride [1]. Slechts 21% vertrouwde de overheid [2].")
    assert score.score == 1.0 and score.markers == 2 and score.valid_markers == 2


def test_marker_to_missing_citation_scores_zero() -> None:
    score = _score("Ze zijn hybride [3].")
    assert score.score == 0.0 and score.dangling_markers == [3]
    assert score.unused == [1, 2]


def test_citation_not_among_retrieved_passages_is_invalid() -> None:
    invented = [citation(1, "Een passage die nooit is opgehaald.")]
    score = _score("Zo is het [1].", citations=invented)
    assert score.score == 0.0 and score.not_retrieved == [1]


def test_citation_must_match_retrieved_source_too() -> None:
    wrong_source = [citation(1, P1, "other.pdf")]
    assert _score("Zo [1].", citations=wrong_source).score == 0.0


def test_passage_lookup_is_consulted() -> None:
    asked: list[tuple[str, str]] = []

    def lookup(source: str, text: str) -> bool:
        asked.append((source, text))
        return source == "essay.pdf"

    score = _score("Hybride [1]. Vertrouwen [2].", lookup=lookup)
    assert score.score == 0.5 and score.not_in_index == [2]
    assert ("essay.pdf", P1) in asked


def test_half_valid_markers() -> None:
    assert _score("Hybride [1]. Iets anders [7].").score == pytest.approx(0.5)


def test_no_markers() -> None:
    assert _score("Daar kan ik geen antwoord op geven.", refused=True).score == 1.0
    assert _score("Het is een hybride organisatie.", refused=False).score == 0.0


def test_aggregate_macro_and_micro() -> None:
    scores = [_score("A [1]. B [2]. C [9]. D [9]."), _score("E [1].")]
    agg = aggregate_citations(scores)
    assert agg.validity == pytest.approx((0.5 + 1.0) / 2)
    assert agg.marker_validity == pytest.approx(3 / 5)
