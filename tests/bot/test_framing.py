"""The words Wijzer adds around quoted sentences: the note that a date or period asked for is not given
(unit, fast)."""

from __future__ import annotations

from bot.answer.framing import NOT_GIVEN, not_given_note


def test_a_period_question_without_a_period_in_its_quotes_says_so() -> None:
    quoted = ["Overheden balanceren steeds tussen korte termijndoelen en duurzaamheid op de lange termijn."]
    assert not_given_note("duration", quoted, "nl") == NOT_GIVEN[("nl", "duration")]
    assert not_given_note("date", quoted, "en") == NOT_GIVEN[("en", "date")]
    # the note speaks of the passages found, not of the sources
    assert "passages" in NOT_GIVEN[("nl", "duration")] and "bronnen" not in NOT_GIVEN[("nl", "duration")]


def test_a_period_or_date_in_any_quote_answers_it() -> None:
    period = "2. Het college geeft de beschikking binnen twee weken na ontvangst van de aanvraag."
    assert not_given_note("duration", ["1. Het college beslist op een aanvraag:", period], "nl") == ""
    # "Tot wanneer …?" is answered by a deadline as well as by a date
    deadline = "De aanvraag wordt uiterlijk dertien weken voor de aanvang van het boekjaar ingediend."
    assert not_given_note("date", [deadline], "nl") == ""
    assert not_given_note("date", ["In maart 2025 is de vereniging opgericht."], "nl") == ""
    # a literature reference's year dates no fact
    assert not_given_note("date", ["Zo blijkt uit onderzoek (Jans et al., 2024)."], "nl") != ""


def test_a_frequency_question_needs_a_rate() -> None:
    """ "Hoe vaak …?" is not answered by a period ("binnen twee maanden") or a date."""
    period = "De algemene vergadering beslist binnen twee maanden na de kennisgeving in 2015."
    assert not_given_note("frequency", [period], "nl") == NOT_GIVEN[("nl", "frequency")]
    assert not_given_note("frequency", ["Het bestuur maakt jaarlijks een jaarrekening op."], "en") == ""


def test_other_questions_get_no_note() -> None:
    for asked in (None, "quantity", "definition", "list"):
        assert not_given_note(asked, ["Een zin zonder termijn."], "nl") == ""
