import pytest

from evals.metrics.grounding import GroundingInput, aggregate_grounding, failed_grounding, score_grounding
from tests.evals.helpers import citation

PASSAGE = (
    "Energie Samen vertegenwoordigt met ruim 740 leden het grootste deel van de coöperatieve "
    "energiebeweging. In 2021 had slechts 21% van de Nederlanders vertrouwen in de nationale overheid. "
    "De corporatie stelt minimaal € 5.000 beschikbaar."
)
CITES = [citation(1, PASSAGE), citation(2, "Herenboeren ondersteunen boerderijen.")]


def _score(answer: str, citations=CITES):  # type: ignore[no-untyped-def]
    return score_grounding(GroundingInput(answer, citations))


def test_supported_sentence_with_inflection() -> None:
    score = _score("Energie Samen vertegenwoordigt ruim 740 leden van de coöperatieve energiebewegingen [1].")
    assert score.score == 1.0 and score.cited_sentences == 1 and score.numbers_ok


def test_unsupported_cited_sentence_scores_zero() -> None:
    score = _score("De gemeente Amsterdam financiert alle windmolens in Friesland volledig [1].")
    assert score.score == 0.0
    assert score.sentences[0].support < 0.6
    assert "amsterdam" in score.sentences[0].missing_words


def test_sentence_is_checked_against_its_own_citation_only() -> None:
    score = _score("Energie Samen vertegenwoordigt de coöperatieve energiebeweging [2].")
    assert score.score == 0.0


def test_number_not_in_cited_passage_fails_numbers_check() -> None:
    score = _score("Energie Samen vertegenwoordigt ruim 750 leden [1].")
    assert not score.numbers_ok and score.unsupported_numbers == ["750"]


def test_number_formats_are_normalised() -> None:
    score = _score(
        "De corporatie stelt minimaal € 5 000 beschikbaar [1]. Dat is 5000 euro [1]. 21 procent [1]."
    )
    assert score.numbers_ok, score.unsupported_numbers


def test_number_in_uncited_passage_does_not_count() -> None:
    score = _score("Slechts 21% van de Nederlanders vertrouwde de nationale overheid [2].")
    assert not score.numbers_ok


def test_uncited_sentences_are_counted_separately() -> None:
    score = _score("Goede vraag. Energie Samen vertegenwoordigt 740 leden [1]. Meer weet ik niet.")
    assert score.uncited_sentences == 2 and score.cited_sentences == 1 and score.score == 1.0


def test_refusal_is_not_held_to_number_and_uncited_checks() -> None:
    refusal = "Ik weet niet welke subsidie Utrecht in 2026 geeft. Dat staat niet in de bronnen."
    score = score_grounding(GroundingInput(refusal, [], refused=True))
    assert score.numbers_ok and score.uncited_sentences == 0 and score.score is None
    # not refused: the sentences are uncited claims, counted as such (their numbers are no cited claim)
    answered = score_grounding(GroundingInput(refusal, []))
    assert answered.uncited_sentences == 2 and answered.numbers == []


def test_numbers_of_the_framing_around_the_quotes_are_not_checked() -> None:
    """The note that a statute is outdated gives its version date; only cited sentences make claims."""
    score = _score(
        "Energie Samen vertegenwoordigt ruim 740 leden [1].\n\nLet op: Wet maatschappelijke ondersteuning "
        "2015 is een verouderde wetstekst (versie 2015-01-05); controleer de actuele tekst."
    )
    assert score.numbers_ok and score.numbers == ["740"]


def test_no_cited_sentence_is_none() -> None:
    score = _score("Daar kan ik helaas geen antwoord op geven.", citations=[])
    assert score.score is None and score.numbers_ok


def test_dangling_marker_is_unsupported() -> None:
    assert _score("Energie Samen heeft 740 leden [5].").score == 0.0


def test_aggregate() -> None:
    scores = [
        _score("Energie Samen vertegenwoordigt 740 leden [1]. Amsterdam financiert windmolens volledig [1]."),
        _score("Geen bronnen nodig."),
        _score("Het waren 999 leden [1]."),  # lexically supported ("leden"), but the number is not
        failed_grounding(),
    ]
    agg = aggregate_grounding(scores)
    assert agg.n == 3
    assert agg.grounding == pytest.approx((0.5 + 1.0 + 0.0) / 3)
    assert agg.uncited_sentences == 1
    assert agg.numbers_cases == 3  # two answers with numbers + the failed case
    assert agg.numbers_ok == pytest.approx(1 / 3)
