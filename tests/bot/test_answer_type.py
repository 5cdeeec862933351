"""Which kind of answer a question asks for, and whether a passage offers one (unit, fast)."""

from __future__ import annotations

import pytest

from bot.retrieval.analysis import Analyzer
from bot.retrieval.answer_type import (
    announces_list,
    answers_amount,
    asked_type,
    asks_cost,
    counted_terms,
    counted_word,
    defined_terms,
    gives_count_of,
    has_date,
    has_frequency,
    has_period,
    has_quantity,
    limited_thing,
    list_noun,
    names_instances,
    offers,
    priced_thing,
    timed_thing,
)

DEFINES_SUBSIDIE = "1. Onder subsidie wordt verstaan: de aanspraak op financiële middelen"
DEFINES_COOPERATIE = "De coöperatie is een bij notariële akte opgerichte vereniging."
USES_SUBSIDIE = "De subsidie wordt verleend aan een rechtspersoon."
TEXTS = [DEFINES_SUBSIDIE, DEFINES_COOPERATIE, USES_SUBSIDIE]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_texts(TEXTS)


def _stem(analyzer: Analyzer, word: str) -> str:
    return analyzer.analyze(word)[0]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel leden heeft Energie Samen?", "quantity"),
        ("How many members does Energie Samen have?", "quantity"),
        ("Sinds wanneer bestaat de vereniging?", "date"),
        ("When was the protocol signed?", "date"),
        ("Tot wanneer kunnen we de aanvraag indienen?", "date"),
        # "wanneer" before a modal asks for a condition, and inside a sentence "when" is a conjunction
        ("Wanneer kan een gemeente een verleende subsidie intrekken?", None),
        ("Wanneer valt onze energiecoöperatie onder de Energiewet?", None),
        ("What does the essay mean when it describes collectives as bridge builders?", None),
        ("Wat is een subsidie volgens de Awb?", "definition"),
        ("What does the essay mean by co-creation?", "definition"),
        ("What does co-creation mean?", "definition"),
        ("Hoe definieert het essay een burgercollectief?", "definition"),
        ("How is local self-government defined in the Charter?", "definition"),
        ("Hoe wordt een energiegemeenschap gedefinieerd?", "definition"),
        (
            "I want to explain what 'local self-government' means according to the Council of Europe.",
            "definition",
        ),
        ("In the Civil Code, what exactly is a cooperative?", "definition"),
        ("Volgens de Woningwet: wat is een wooncoöperatie precies?", "definition"),
        ("Wat verstaan de auteurs eigenlijk onder een burgercollectief?", "definition"),
        ("Wat bedoelen de auteurs met co-creatie?", "definition"),
        ("Wat wordt er in de Awb bedoeld met een subsidieplafond?", "definition"),
        ("Hoe lang mag het college doen over het onderzoek?", "duration"),
        ("Binnen welke termijn moet de gemeente beslissen?", "duration"),
        ("How soon must the municipality decide?", "duration"),
        ("En binnen hoeveel tijd moet er dan een besluit liggen?", "duration"),  # time, not a count
        ("How many weeks does the college have?", "duration"),
        # how long ago something may have been issued: "niet eerder afgegeven dan drie maanden"
        ("Hoe recent moet zijn VOG zijn?", "duration"),
        ("How old can the certificate of conduct be?", "duration"),
        # how often is a rate, not a count nor a period
        ("Hoe vaak moet de algemene vergadering bijeenkomen?", "frequency"),
        ("Hoeveel keer per jaar krijgen we subsidie?", "frequency"),
        ("How often must the report be published?", "frequency"),
        ("Welke rol spelen gemeenten?", None),
        # a property of something, not what it is; plural: a list of them
        ("Wat zijn de kenmerken van een burgercollectief?", "list"),
        ("Welke vier rollen hebben burgercollectieven?", "list"),
        ("Wij zijn een kleine gemeente. Onder welke voorwaarden kunnen inwoners taken overnemen?", "list"),
        ("Which roles can citizen collectives play?", "list"),
        ("Aan welke inkomenseis moeten de leden voldoen?", None),
        ("Which level of government should act?", None),
        ("Welke houding vraagt co-creatie van beleidsmakers?", None),
        ("What is the role of the municipality?", None),
        ("Wat is de definitie van een subsidie?", "definition"),
    ],
)
def test_asked_type(question: str, kind: str | None) -> None:
    assert asked_type(question) == kind


def test_a_maximum_or_minimum_asks_for_a_number() -> None:
    assert (
        asked_type("Wat is de maximale hoogte van een windmolen die we zonder vergunning mogen bouwen?")
        == "quantity"
    )
    assert asked_type("What is the minimum number of homes for a housing cooperative?") == "quantity"
    assert asked_type("And that maximum number of members, is it in the law itself?") is None
    assert asked_type("Wat is de maximale termijn voor een beslissing?") != "quantity"


def test_asks_cost() -> None:
    assert asks_cost("Wat kost het lidmaatschap?")
    assert asks_cost("How much are the municipal fees for a permit?")
    assert asks_cost("Hoe hoog zijn de leges?")
    # a Dutch compound names its cost in one word
    assert asks_cost("Met welke notariskosten moet een wooncoöperatie in oprichting ongeveer rekenen?")
    assert asks_cost("Wat zijn de opstartkosten?")
    assert not asks_cost("Wat doet een coöperatie?")
    assert not asks_cost("Welke separates zijn er?")  # an English word is no Dutch compound
    # with a modal: "How much would I pay each month …?" was answered with a sentence naming Broodfondsen
    assert asks_cost("How much would I pay in each month if I join a Broodfonds?")
    assert asks_cost("how much can we pay our volunteers tax-free?")
    assert not asks_cost("How much say would the members have?")  # a degree, no price


def test_priced_thing_is_who_or_what_a_cost_question_asks_the_price_of() -> None:
    assert (
        priced_thing("Hoi, wat kost het ongeveer bij de notaris om een coöperatie op te richten?")
        == "notaris"
    )
    assert priced_thing("Wat rekent een notaris voor de statuten?") == "notaris"
    assert priced_thing("How much does a notary usually charge to set up a coöperatie U.A.?") == "notary"
    assert priced_thing("How much VAT does our energy cooperative have to charge members?") == "vat"
    assert priced_thing("Wat kost het lidmaatschap van een Herenboerderij per jaar?") == "lidmaatschap"
    # a rate is a price of the thing it names
    assert priced_thing("What VAT rate do we have to apply, or are we exempt?") == "vat"
    assert priced_thing("Welk btw-tarief geldt voor de energie die we aan leden leveren?") == "btw"
    assert priced_thing("Hoeveel procent rente mag de gemeente vragen?") == "rente"
    assert priced_thing("What is the success rate of energy cooperatives?") is None
    # money itself, a moment ("bij de oprichting") and a degree ("how much say") name no payee
    assert priced_thing("Hoeveel geld moet de corporatie minimaal beschikbaar stellen?") is None
    assert priced_thing("How much money does the housing association have to provide?") is None
    assert priced_thing("Wat kost het bij de oprichting van een coöperatie?") is None
    assert priced_thing("How much say do members have in the personal plan?") is None
    assert priced_thing("Bij de notaris: wat doet die?") is None  # no cost question
    assert priced_thing("Hoeveel woningen zijn er nodig bij de start?") is None  # a count, no price


def test_limited_thing_is_what_a_limit_question_asks_the_limit_of() -> None:
    question = "Wat is de maximale hoogte van een windmolen die wij zonder vergunning mogen neerzetten?"
    assert limited_thing(question) == "hoogte"
    assert limited_thing("What is the minimum number of members a cooperative needs?") == "members"
    assert limited_thing("Wat is het minimum aantal woningen voor een wooncoöperatie?") == "woningen"
    assert limited_thing("Wat is de maximale termijn voor een besluit?") is None  # a period, asked as one
    assert limited_thing("Hoeveel leden heeft Energie Samen?") is None  # a number, but no limit


def test_timed_thing_is_what_a_period_question_asks_the_deadline_of() -> None:
    assert timed_thing("Binnen hoeveel weken moeten we bezwaar indienen?") == "bezwaar"
    assert timed_thing("Hoe lang hebben we om bezwaar te maken? Kunnen we nog beroep aantekenen?") == "beroep"
    assert (
        timed_thing(
            "Hoe lang van tevoren moeten we een evenementenvergunning aanvragen voor ons straatfeest?"
        )
        == "evenementenvergunning"
    )
    assert timed_thing("How long do we have to file an objection?") == "objection"
    assert timed_thing("Hoe lang van tevoren moeten we de subsidie aanvragen?") == "subsidie"
    # no period asked, or no thing filed named ("kunnen aanvragen", "erover doen")
    assert timed_thing("Moeten we bezwaar indienen?") is None
    assert timed_thing("Hoe lang duurt het voor we subsidie kunnen aanvragen?") is None
    assert timed_thing("Hoe lang mogen ze erover doen?") is None


def test_has_period_finds_deadlines() -> None:
    assert has_period("zo spoedig mogelijk, doch uiterlijk binnen zes weken, een onderzoek")
    assert has_period("Het college geeft de beschikking binnen twee weken na ontvangst van de aanvraag.")
    assert has_period("within 4 weeks") and has_period("binnen een termijn van dertien weken")
    assert not has_period("Het college beslist op een aanvraag.")
    assert not has_period("opgericht in 2019")


def test_has_frequency_finds_how_often() -> None:
    assert has_frequency("wordt ten minste eenmaal in de vijf jaren een verslag gepubliceerd")
    assert has_frequency("Het college rapporteert jaarlijks aan de gemeenteraad")
    assert has_frequency("De subsidie wordt per boekjaar vastgesteld.") and has_frequency("twice a year")
    assert not has_frequency("De algemene vergadering benoemt de voorgedragen persoon.")
    assert not has_frequency("binnen twee maanden na de kennisgeving")  # a period, not a rate
    assert offers("frequency", "jaarlijks") and not offers("frequency", "ruim 740 leden")


def test_an_unknown_amount_answers_how_many() -> None:
    """ "Hoeveel burgercollectieven zijn er?" is answered by "er ontbreken betrouwbare gegevens"."""
    unknown = "Bovendien ontbreken er betrouwbare kwantitatieve gegevens over het aantal burgercollectieven."
    assert answers_amount(unknown) and not has_quantity(unknown)
    assert answers_amount("ruim 740 leden")
    assert not answers_amount("De gemeente ondersteunt burgercollectieven.")


def test_a_passage_counts_what_follows_het_aantal_or_a_number(analyzer: Analyzer) -> None:
    """ "het aantal burgercollectieven" speaks of their number: the word and its compound parts; so does a
    number right before a noun ("ruim 740 leden"), not a period, a year or a paragraph's number."""
    unknown = "Bovendien ontbreken er betrouwbare kwantitatieve gegevens over het aantal\nburgercollectieven."
    assert counted_terms(unknown, analyzer) == analyzer.analyze("burgercollectieven")
    assert counted_terms("Het aantal van de leden groeit; the number of members grows.", analyzer) == [
        _stem(analyzer, "leden"),
        _stem(analyzer, "members"),
    ]
    assert counted_terms("Energie Samen telt ruim 740 leden.", analyzer) == [_stem(analyzer, "leden")]
    assert counted_terms("De raad bestaat uit ten minste drie leden.", analyzer) == [_stem(analyzer, "leden")]
    assert counted_terms("Het college beslist binnen twee weken.", analyzer) == []
    assert counted_terms("Sinds 2015 leden van de raad; 2 De raad beslist.", analyzer) == []


def test_a_count_is_given_only_with_a_number_or_its_absence(analyzer: Analyzer) -> None:
    leden = analyzer.analyze("leden")
    assert gives_count_of("Het aantal leden steeg tot 740.", leden, analyzer)
    assert gives_count_of("Er ontbreken gegevens over het aantal leden.", leden, analyzer)
    assert not gives_count_of("Zij groeien zonder het aantal leden te verhogen.", leden, analyzer)
    assert not gives_count_of("Het aantal leden steeg tot 740.", analyzer.analyze("woningen"), analyzer)
    # a number a few words before what it counts (Woningwet 18a lid 2)
    homes = analyzer.analyze("woongelegenheden")[:1]
    minimum = "Eigenaren van ten minste vijf in elkaars nabijheid gelegen woongelegenheden kunnen …"
    assert gives_count_of(minimum, homes, analyzer)
    assert not gives_count_of("lid 2: de woongelegenheden van artikel 5 zijn gelegen in …", homes, analyzer)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("Hoeveel burgercollectieven zijn er in Nederland?", "burgercollectieven"),
        ("Weten we eigenlijk hoeveel coöperaties er zijn?", "cooperaties"),
        ("How many members does Energie Samen have?", "members"),
        # a partitive: what is counted is the noun after "van die", "of those"
        ("en weten we eigenlijk hoeveel van die initiatieven er zijn?", "initiatieven"),
        ("How many of those co-ops are there?", "co-ops"),
        ("Wat is een coöperatie?", None),  # no number asked
        ("Binnen hoeveel weken beslist de gemeente?", None),  # a period, not a count
    ],
)
def test_counted_word_is_what_a_question_asks_to_count(question: str, word: str | None) -> None:
    assert counted_word(question) == word


def test_has_quantity_counts_numbers_but_not_years() -> None:
    assert has_quantity("ruim 740 leden")
    assert has_quantity("zeven kenmerken")
    assert not has_quantity("(Jans et al., 2024)")
    assert not has_quantity("opgericht in 2019")
    # a law's references to its articles are no quantities, joined by "of" as by "en" (the Omgevingswet's
    # "artikel 5.3 of 5.4" answered "Wat is de maximale hoogte van een windmolen …?")
    assert not has_quantity("een activiteit als bedoeld in artikel 5.3 of 5.4 van de wet")
    assert not has_quantity("under Articles 2, 3 or 4")


def test_has_date_finds_years_and_months() -> None:
    assert has_date("in maart 2025 opgericht")
    assert has_date("GEDAAN te Utrecht op 16 november 2009")
    assert has_date("Het akkoord dateert van 2016.")


def test_has_date_ignores_years_inside_literature_references() -> None:
    assert not has_date("Burgers en overheid werken samen (Edelenbos & Van Meerkerk, 2016).")
    assert not has_date("(Jans et al., 2024a)")


def test_a_definition_defines_its_term(analyzer: Analyzer) -> None:
    assert _stem(analyzer, "subsidie") in defined_terms(DEFINES_SUBSIDIE, analyzer)
    assert _stem(analyzer, "coöperatie") in defined_terms(DEFINES_COOPERATIE, analyzer)


def test_an_entry_of_a_laws_list_of_definitions_defines_its_term() -> None:
    """ "wordt verstaan onder:" then one entry a line: each entry's term is defined; the essay's labelled
    paragraphs ("Energie Samen: Met ruim 740 leden") define nothing."""
    text = (
        "1. In deze wet wordt verstaan onder:\n\n– aanbieder: natuurlijke persoon of rechtspersoon;\n\n"
        "– *algemene voorziening:* aanbod van diensten;\n\nCIZ: centrum indicatiestelling zorg;\n\n"
        "energiegemeenschap: juridische entiteit die activiteiten verricht;"
    )
    essay = (
        "Energie Samen: Met ruim 740 leden is het de koepel.\n\nLangetermijnvisie: Burgers kijken vooruit."
    )
    analyzer = Analyzer.from_texts([text, essay])
    found = defined_terms(text, analyzer)
    for term in ("aanbieder", "algemene voorziening", "ciz", "energiegemeenschap"):
        assert set(analyzer.analyze(term)) <= set(found), term
    assert defined_terms(essay, analyzer) == []


def test_a_passage_that_merely_uses_a_term_does_not_define_it(analyzer: Analyzer) -> None:
    assert _stem(analyzer, "subsidie") not in defined_terms(USES_SUBSIDIE, analyzer)


def test_defined_terms_are_unique_and_ordered(analyzer: Analyzer) -> None:
    text = f"{DEFINES_SUBSIDIE}. {DEFINES_COOPERATIE} Onder subsidie wordt verstaan: geld."
    found = defined_terms(text, analyzer)
    assert len(found) == len(set(found))
    assert found.index(_stem(analyzer, "subsidie")) < found.index(_stem(analyzer, "coöperatie"))


def test_offers_delegates_quantities_and_dates() -> None:
    assert offers("quantity", "ruim 740 leden")
    assert not offers("quantity", "(Jans et al., 2024)")
    assert offers("date", "in maart 2025 opgericht")
    assert not offers("date", "ruim 740 leden")
    assert offers("duration", "binnen twee weken na ontvangst")
    assert not offers("duration", "ruim 740 leden")


def test_offers_a_definition_of_an_asked_stem(analyzer: Analyzer) -> None:
    subsidie = _stem(analyzer, "subsidie")
    assert offers("definition", DEFINES_SUBSIDIE, [subsidie], analyzer)
    assert not offers("definition", USES_SUBSIDIE, [subsidie], analyzer)
    assert not offers("definition", DEFINES_SUBSIDIE, [_stem(analyzer, "coöperatie")], analyzer)
    assert not offers("definition", DEFINES_SUBSIDIE, [], analyzer)


def test_offers_no_definition_without_an_analyzer(analyzer: Analyzer) -> None:
    assert not offers("definition", DEFINES_SUBSIDIE, [_stem(analyzer, "subsidie")])


def test_list_noun_is_the_plural_the_question_asks_for() -> None:
    assert list_noun("Welke vier rollen hebben burgercollectieven?") == "rollen"
    assert list_noun("Wat zijn de kenmerken van een burgercollectief?") == "kenmerken"
    assert list_noun("What are the main features of a collective?") == "features"
    assert list_noun("Welke rol speelt de gemeente?") is None
    assert list_noun("Hoe werkt het uitdaagrecht?") is None
    # a bare "what" asks for a list when a verb follows its plural noun
    assert list_noun("What roles can citizen collectives play?") == "roles"
    assert list_noun("What rights do members have?") == "rights"
    assert list_noun("What does the essay say?") is None
    assert list_noun("What happens if the municipality refuses?") is None
    assert list_noun("What kinds of procedures must exist?") is None
    # "zaken", "things" name no kind: "de volgende zaken openbaar:" is no list of what is asked for
    assert list_noun("Welke zaken moeten daar minimaal in geregeld worden?") is None
    assert list_noun("Which things does the bylaw have to settle?") is None


def test_a_list_is_offered_by_the_sentence_that_announces_it() -> None:
    lead = "Op basis van de literatuur kunnen we de volgende kenmerken onderscheiden (Igalla et al., 2019; De Moor, 2024):"
    analyzer = Analyzer.from_texts([lead, "Een kenmerk van een coöperatie is de ledenvergadering."])
    kenmerk = analyzer.analyze("kenmerken")
    assert announces_list(lead, kenmerk, analyzer)
    assert offers("list", f"Eerst een zin.\n\n{lead}", kenmerk, analyzer)  # the brackets' ";" cut nothing
    assert not announces_list("• Vrijwillig lidmaatschap: de kenmerken zijn:", kenmerk, analyzer)  # an item
    assert not offers("list", "Een kenmerk van een coöperatie is de ledenvergadering.", kenmerk, analyzer)
    assert not announces_list(lead, analyzer.analyze("rollen"), analyzer)


def test_a_laws_numbering_is_no_quantity() -> None:
    """ "Hoe hoog is de terugleververgoeding …?" was answered with "3. De egalisatiereserve wordt zo hoog
    rentend … belegd": its "3." and the Dutch "ten hoogste" passed for an amount."""
    assert not has_quantity("3. De egalisatiereserve wordt zo hoog rentend en zo veilig belegd.")
    assert not has_quantity("lid 2, onder a: als bedoeld in artikel 2.18, derde lid, van deze wet;")
    assert not has_quantity("2. Het verhaal beloopt ten hoogste het bedrag van de schade.")
    # nor is "ten koste van" the English "ten" ("Hoeveel burgercollectieven …?" took it for a count)
    assert not has_quantity("Dit kan ten koste gaan van het lokale karakter van het burgercollectief.")
    assert has_quantity("a. 26 woningen in Collectief Particulier Opdrachtgeverschap")
    assert has_quantity("at least ten of which shall be selected") and has_quantity(
        "een derde van de Nederlanders"
    )
    assert asked_type("Hoe hoog is de vergoeding?") == asked_type("Hoe groot is de koepel?") == "quantity"


def test_a_cost_noun_alone_asks_for_no_amount() -> None:
    """ "a yearly grant for our running costs" or "keek puur naar de prijs" ask something else: refusing them
    for want of an amount in euros refused answerable questions."""
    assert asks_cost("Welk btw-tarief geldt er op zonnepanelen?")
    assert asks_cost("How much does a notary typically charge?")
    assert asks_cost("Wat zijn de kosten van een notaris?")
    assert not asks_cost("The council mentioned a yearly grant for our running costs. Can we get that?")
    assert not asks_cost("Could they end up charging her more than what the help actually costs?")
    assert not asks_cost("De gemeente keek bij de aanbesteding puur naar de prijs. Mag dat?")


def test_a_question_for_the_legal_basis() -> None:
    from bot.retrieval.answer_type import asks_legal_basis

    assert asks_legal_basis("Waar is dat recht eigenlijk wettelijk vastgelegd?")
    assert asks_legal_basis("Welke wet regelt dat?")
    assert asks_legal_basis("What is the legal basis for that?")
    assert asks_legal_basis("Mogen wij taken van de gemeente overnemen, en waar is dat geregeld?")
    assert asks_legal_basis("Where is that right laid down?")
    assert not asks_legal_basis("Wat houdt het uitdaagrecht in?")
    assert not asks_legal_basis("Hoe is de financiering van zo'n buurthuis meestal geregeld?")


def test_a_question_on_dutch_law() -> None:
    from bot.retrieval.answer_type import asks_dutch_law

    assert asks_dutch_law("What is a housing cooperative under Dutch law?")
    assert asks_dutch_law("Under Dutch housing law, what exactly is a 'wooncoöperatie'?")
    assert asks_dutch_law("Wat is een coöperatie naar Nederlands recht?")
    assert asks_dutch_law("Staat dat in de Nederlandse wet?")
    assert not asks_dutch_law("Do Dutch energy cooperatives stick to energy?")
    assert not asks_dutch_law("Which law regulates that?")


def test_a_question_for_advice() -> None:
    from bot.retrieval.answer_type import asks_advice

    assert asks_advice("Hoe kan onze gemeente een energiecoöperatie het beste ondersteunen?")
    assert asks_advice("Wij willen het buurthuis overnemen. Waar moeten we op letten?")
    assert asks_advice("Wat kan een gemeente doen om burgercollectieven niet te overvragen?")
    assert asks_advice("What should a civil servant keep in mind when a collective asks for support?")
    assert not asks_advice("Hoeveel leden heeft Energie Samen?")
    assert not asks_advice("Wat houdt het uitdaagrecht in?")
    # a question for the legal basis is answered by the laws, however it is phrased
    assert not asks_advice("Hoe kan ik zien welke wet dat regelt?")
    # what the law requires or how a rule works is no advice; what to do is
    assert not asks_advice("Wat moet er in een participatieverordening staan?")
    assert not asks_advice("How does the Dutch Civil Code define a cooperative?")
    assert asks_advice("De subsidie stopt. Wat moeten we dan doen?")


def test_how_much_a_verb_applies_asks_for_a_degree_not_an_amount() -> None:
    assert asked_type("How much do citizen collectives depend on volunteers?") is None
    assert not asks_cost("How much do Dutch people trust the government?")
    assert asks_cost("How much do members of an energy cooperative pay each year?")
    assert asks_cost("How much does it cost to set up a cooperative?")


def test_an_amount_that_does_not_matter_is_not_asked_for() -> None:
    question = "Mag elk lid één stem hebben, ongeacht hoeveel hij inlegt?"
    assert asked_type(question) is None
    assert asked_type("Does every member get one vote, regardless of how much they invest?") is None
    assert asked_type("Hoeveel leden heeft Energie Samen?") == "quantity"


def test_only_the_word_before_is_een_is_defined(analyzer: Analyzer) -> None:
    """Awb 4:36 lid 2 ("… dat de subsidie-ontvanger verplicht is de activiteiten te verrichten") defines no
    subsidy: it opened the answer to "Wat is een subsidie?" instead of art. 4:21."""
    obliges = "kan worden bepaald dat de subsidie-ontvanger verplicht is de activiteiten te verrichten."
    assert _stem(analyzer, "subsidie") not in defined_terms(obliges, analyzer)
    assert set(analyzer.analyze("co-creatie")) <= set(defined_terms("Co-creatie is een werkwijze.", analyzer))


def test_a_remark_after_a_definition_question_is_no_part_of_it() -> None:
    from bot.retrieval.query import definition_sentence

    question = "Wat is eigenlijk precies een burgercollectief? Ik hoor die term steeds vaker."
    assert definition_sentence(question) == "Wat is eigenlijk precies een burgercollectief?"
    # the term is in the sentence before the one that asks what it means
    pointing = "The essay calls them examples of prefigurative politics. What is meant by that?"
    assert definition_sentence(pointing) == pointing
    assert asked_type("Wanneer noem je iets een burgercollectief?") == "definition"
    assert asked_type("What counts as a citizen collective?") == "definition"


def test_an_advice_question_after_what_the_asker_says_of_themselves() -> None:
    from bot.retrieval.answer_type import asks_advice

    assert asks_advice("Wij zijn een energiecoöperatie uit Groningen. Hoe kan de gemeente ons helpen?")
    assert not asks_advice("Wij zijn een coöperatie. Wat is het uitdaagrecht?")


def test_a_definition_question_after_a_preamble_and_what_it_is_not() -> None:
    from bot.retrieval.answer_type import asked_type

    assert (
        asked_type("We willen een coöperatie worden. Wat is een coöperatie volgens het BW?") == "definition"
    )
    assert (
        asked_type("Ik las over 'veerkrachtige wijken'. Wat bedoelen die onderzoekers daar mee?")
        == "definition"
    )
    # a property, a consequence: no definition
    assert (
        asked_type("Wat zijn volgens het essay de voor- en nadelen van zo'n franchisemodel?") != "definition"
    )
    assert asked_type("Het heet 'U.A.'. Wat betekent dat eigenlijk voor mij als lid?") != "definition"
    assert asked_type("Wat is daarvoor nodig van de kant van de gemeente?") != "definition"


def test_a_list_given_inline_by_name_offers_the_list_asked(analyzer: Analyzer) -> None:
    asked = analyzer.analyze("netwerken")
    sentence = (
        "Netwerken van burgercollectieven, zoals Energie Samen, Lansco, NLZVE, LSA en COOPlink, evenals "
        "franchisemodellen zoals Broodfondsen, versterken de faciliterende rol van burgercollectieven."
    )
    assert names_instances(sentence, asked, analyzer)
    assert offers("list", sentence, asked, analyzer)
    assert names_instances(
        "Networks such as Energie Samen and Lansco share knowledge.", analyzer.analyze("networks"), analyzer
    )
    # one name is an example, not a list; names of other things do not answer "welke netwerken"
    assert not names_instances("Netwerken zoals Energie Samen delen kennis.", asked, analyzer)
    assert not names_instances(
        "Franchisemodellen zoals Broodfondsen, Herenboeren en Knarrenhof groeien.", asked, analyzer
    )
