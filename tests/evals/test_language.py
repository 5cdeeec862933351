from pathlib import Path

import pytest

from evals.cases import load_cases
from evals.metrics.language import LanguageInput, aggregate_language, detect_language, score_language

CASES_DIR = Path(__file__).resolve().parents[2] / "evals" / "cases"


def test_detects_both_languages() -> None:
    assert detect_language("Wat is het uitdaagrecht en waarvoor wordt het gebruikt?").language == "nl"
    assert detect_language("What does the essay mean by co-creation?").language == "en"


def test_no_evidence_defaults_to_dutch_but_is_not_confident() -> None:
    detection = detect_language("740 [1].")
    assert detection.language == "nl" and not detection.confident


def test_real_questions_are_detected_like_their_ids_say() -> None:
    """Every case id of an English question ends in "-en"."""
    for case in load_cases(CASES_DIR):
        expected = "en" if case.id.endswith("-en") else "nl"
        assert detect_language(case.question).language == expected, case.id


def test_match_and_mismatch() -> None:
    same = score_language(
        LanguageInput("What is a cooperative?", "A cooperative is an association of members [1].")
    )
    assert same.score == 1.0
    wrong = score_language(
        LanguageInput(
            "What is a cooperative?", "Een coöperatie is een vereniging die met haar leden werkt [1]."
        )
    )
    assert wrong.score == 0.0 and wrong.question_language == "en" and wrong.answer_language == "nl"


def test_verbatim_quotes_keep_their_language_and_the_framing_is_judged() -> None:
    """An English question answered with a Dutch sentence copied from the passage it cites, under English
    framing, speaks English; the quote is left out of the judgement (it stays in its source's language)."""
    passage = "Een coöperatie is een vereniging die met haar leden overeenkomsten sluit. Zij heeft leden."
    answer = (
        "This is what the sources say (quoted in the language of the source):\n\n"
        "- Een coöperatie is een vereniging die met haar leden overeenkomsten sluit. [1]"
    )
    score = score_language(LanguageInput("What is a cooperative?", answer, [passage]))
    assert score.score == 1.0 and score.quotes == 1
    # without the cited passage the Dutch sentence is the answer's own: the Dutch words outnumber the English
    assert (
        score_language(
            LanguageInput("What is a cooperative?", answer.replace("This is what the", "The"))
        ).score
        == 0.0
    )


def test_a_translation_is_the_answers_own_words() -> None:
    """A sentence that is not in the cited passage as written (an LLM's paraphrase, in Dutch for an English
    question) is judged."""
    passage = "Een coöperatie is een vereniging die met haar leden overeenkomsten sluit."
    answer = "Een coöperatie is volgens de wet een vereniging die met de leden afspraken maakt. [1]"
    score = score_language(LanguageInput("What is a cooperative?", answer, [passage]))
    assert score.score == 0.0 and score.quotes == 0


def test_an_answer_of_quotes_only_is_judged_whole() -> None:
    passage = "Een coöperatie is een vereniging die met haar leden overeenkomsten sluit."
    answer = "- Een coöperatie is een vereniging die met haar leden overeenkomsten sluit. [1]"
    score = score_language(LanguageInput("What is a cooperative?", answer, [passage]))
    assert score.score == 0.0 and score.answer_language == "nl" and score.quotes == 0


def test_refusal_in_wrong_language_scores_zero() -> None:
    refusal = "Daar kan ik geen antwoord op geven, want het staat niet in de bronnen."
    assert score_language(LanguageInput("Who won the 2022 FIFA World Cup?", refusal)).score == 0.0
    assert score_language(LanguageInput("Wie werd er kampioen?", refusal)).score == 1.0


def test_aggregate_counts_missing_answers_as_mismatch() -> None:
    ok = score_language(LanguageInput("Wat is dat?", "Dat is een coöperatie."))
    agg = aggregate_language([ok, None])
    assert agg.n == 2 and agg.match == pytest.approx(0.5)
