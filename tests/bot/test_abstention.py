"""When the composer abstains (unit, fast): the named-law check. The rest of abstention is tested on the
real corpus in test_answers.py (refusals and the questions that must not be refused)."""

from __future__ import annotations

from bot.answer.abstention import LAW, law_known


def test_a_law_the_question_names_must_be_a_document_or_in_the_passages() -> None:
    known = "gemeentewet | wet maatschappelijke ondersteuning 2015 | wmo 2015 | de woningwet van 2015"
    assert law_known("Gemeentewet", known)
    assert law_known("Wet maatschappelijke ondersteuning ook voor", known)  # the question's words after it
    assert not law_known("Aanbestedingswet", known)
    assert not law_known("Wet op het overleg huurders verhuurder", known)
    assert law_known("Wet op", "")  # names no law: no reason to refuse
    # English names: any ending of two words or more ("the Dutch Housing Act" is the Housing Act)
    assert law_known("Dutch Housing Act", "woningwet | housing act")
    assert not law_known("Procurement Act", "woningwet | housing act")
    assert LAW.findall("Under the Environment and Planning Act, and the Open Government Act?") == [
        "Environment and Planning Act",
        "Open Government Act",
    ]
    assert not law_known("Wet op de energiebelasting", "de wet op de ruimtelijke ordening")
    assert [m for m in LAW.findall("Geldt de Wet open overheid ook? En de Participatiewet?")] == [
        "Wet open overheid ook",
        "Participatiewet",
    ]


def test_a_name_given_as_an_example_is_no_subject_of_the_question() -> None:
    from bot.answer.abstention import asked_names

    question = "We willen aansluiten bij een landelijke formule zoals Herenboeren. Wat zijn de nadelen?"
    assert asked_names(question) == []
    assert asked_names("Wat doet Energie Samen, bijvoorbeeld de Herenboeren?") == ["Energie Samen"]
    assert asked_names("Does a network such as Energie Samen help?") == []
    assert asked_names("Hoeveel woningen bouwde Groene Buren Kampen?") == ["Groene Buren Kampen"]


def test_abbreviations_are_names_too() -> None:
    from bot.answer.abstention import asked_abbreviations

    assert asked_abbreviations("Hoeveel subsidie per kWh geeft de SCE-regeling?") == ["kWh", "SCE"]
    assert asked_abbreviations("Moet onze coöperatie btw afdragen? En de SDE++?") == ["btw", "SDE"]
    # a Dutch noun made of one ("zzp'er"), two letters ("bv"), or a name given as an example: none
    assert asked_abbreviations("Ik ben zzp'er; is een bv, zoals ANBI, nodig?") == []
