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


def test_the_name_the_asker_gives_their_own_thing_is_no_subject_of_the_question() -> None:
    from bot.answer.abstention import asked_names

    question = "moet er in de naam nog iets speciaals staan? we dachten aan gewoon 'Buurtkracht Noord'"
    assert asked_names(question) == []
    assert asked_names('Can a co-op called "Green Hill Energy" get a grant?') == []
    assert asked_names("We dachten aan Energie Samen. Wat doet Groene Buren Kampen?") == [
        "Groene Buren Kampen"
    ]
    assert asked_names("Wat weet je van de coöperatie Buurtkracht Noord?") == ["Buurtkracht Noord"]


def test_abbreviations_are_names_too() -> None:
    from bot.answer.abstention import asked_abbreviations

    assert asked_abbreviations("Hoeveel subsidie per kWh geeft de SCE-regeling?") == ["kWh", "SCE"]
    assert asked_abbreviations("Moet onze coöperatie btw afdragen? En de SDE++?") == ["btw", "SDE"]
    # a Dutch noun made of one ("zzp'er"), two letters ("bv"), or a name given as an example: none
    assert asked_abbreviations("Ik ben zzp'er; is een bv, zoals ANBI, nodig?") == []
    # a law's short name inside a sentence, not a question word that opens one
    assert asked_abbreviations("Wij kregen een Woo-verzoek. Valt dat onder de Wob?") == ["Woo", "Wob"]


def test_a_name_after_als_a_noun_is_an_example() -> None:
    from bot.answer.abstention import asked_names

    assert asked_names("Wat levert aansluiten bij een landelijke formule als Herenboeren op?") == []
    assert asked_names("Werken koepels als Energie Samen samen met gemeenten?") == []
    # "als" as "if": the name is what the question is about
    assert asked_names("Wat gebeurt er als Energie Samen stopt?") == ["Energie Samen"]


def test_the_place_the_asker_is_in_is_no_subject() -> None:
    from bot.answer.abstention import asked_names

    assert asked_names("Ik werk bij de gemeente Tilburg. Wat is het uitdaagrecht?") == []
    assert asked_names("Wij zijn een coöperatie uit Groningen. Hoe kan de gemeente helpen?") == []
    assert asked_names("I work for the municipality of Utrecht. What is the right to challenge?") == []
    # a hyphenated place is one name: "Zuid" is no second subject
    assert asked_names("I volunteer in Rotterdam-Zuid. Is there an example of such a collective?") == []
    assert asked_names("We live in Zeeuws-Vlaanderen. What do care co-ops do?") == []
    # asked about, the place is the subject
    assert asked_names("Wat doet de gemeente Tilburg voor energiecoöperaties?") == ["Tilburg"]
    assert asked_names("Hoeveel zorgcoöperaties zijn er in Limburg?") == ["Limburg"]


def test_an_adjective_names_what_the_corpus_names() -> None:
    from bot.answer.abstention import name_forms

    assert "europees" in name_forms("europese")  # "het Europese protocol": the Europees Handvest's
    assert "amsterdam" in name_forms("amsterdamse")
    assert "fries" in name_forms("friese")
    assert name_forms("utrecht") == ["utrecht"]


def test_schemes_taxes_and_benefits_are_named_like_laws() -> None:
    from bot.answer.abstention import asked_schemes

    assert asked_schemes("Hoe werkt de salderingsregeling na 2027?") == ["salderingsregeling"]
    assert asked_schemes("Krijgen de leden huurtoeslag? En de WW-uitkering?") == ["huurtoeslag"]
    assert asked_schemes("Welke erfpachtcanon mogen we vragen, en de energiebelasting?") == [
        "erfpachtcanon",
        "energiebelasting",
    ]
    # a body one takes a dispute to is named like a scheme (checked against the corpus's words)
    assert asked_schemes("Moeten we naar de huurcommissie of de bestuursrechter?") == [
        "huurcommissie",
        "bestuursrechter",
    ]
    assert asked_schemes("Wat zegt de commissie? En de raad van commissarissen?") == []
    # words made with a prefix are no schemes
    assert asked_schemes("Mag de gemeente ontheffing geven bij opheffing? En afkortingen?") == []


def test_a_tax_asked_about() -> None:
    from bot.answer.abstention import asked_tax

    assert asked_tax("Moeten we belasting betalen over de schenkingen uit ons broodfonds?") == "belasting"
    assert asked_tax("Does our energy co-op have to charge VAT on the electricity it supplies?") == "vat"
    assert asked_tax("Is a housing co-op taxed on its surplus?") == "taxed"
    assert asked_tax("Mogen gemeenten eigen belastingen heffen?") == "belastingen"  # the Charter answers it
    # a council's finances are no tax asked about ("a small tax base"), nor is "vat" in another word
    assert asked_tax("Our council has a small tax base. Does the Charter help weaker councils?") is None
    assert asked_tax("Hoe hoog zijn de belastinginkomsten van een gemeente?") is None
    assert asked_tax("Wat valt er onder een subsidie? Is dat privaat geld?") is None
    # Dutch "vat … samen" sums up; a chat's "btw," is "by the way"
    assert asked_tax("Vat de rollen van burgercollectieven eens samen.") is None
    assert asked_tax("btw, wat is het uitdaagrecht?") is None
    assert asked_tax("What VAT do we charge? Sum it up.") == "vat"
