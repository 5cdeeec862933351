"""Dutch-aware lexical analysis and the synonym table (unit, fast)."""

from __future__ import annotations

from bot.retrieval.analysis import Analyzer, fold, words
from bot.retrieval.query import build_query, named_words
from bot.retrieval.synonyms import SynonymTable, default_synonyms

TEXTS = ["De burger en het collectief.", "Een coöperatie van zorg en energie.", "Een energiecoöperatie."]


def test_fold_strips_diacritics() -> None:
    assert fold("Coöperatie ÉÈ") == "cooperatie ee"
    assert fold("Coöperatie ÉÈ") == "cooperatie ee"  # remembered: the same answer again
    assert fold("Plain ASCII, Artikel 4:21") == "plain ascii, artikel 4:21"  # the shortcut
    assert fold("€ 5,- en ½") == "€ 5,- en 1⁄2"  # only combining marks go (NFKD keeps the rest)
    long = "Coöperatie " * 500  # longer than is remembered: folded all the same
    assert fold(long) == "cooperatie " * 500


def test_an_initialism_with_dots_is_one_word() -> None:
    """ "U.A." (uitsluiting van aansprakelijkheid, BW 2:56) is the term "ua", not two letters too short to be
    one; a numbered list's "a." and an article's "2.6.7" stay as they were."""
    assert words("de letters U.A. (uitsluiting), W.A., artikel 2.6.7; a. het lid") == [
        "de", "letters", "ua", "uitsluiting", "wa", "artikel", "2.6.7", "a", "het", "lid",
    ]  # fmt: skip
    analyzer = Analyzer.from_texts(["De letters U.A. achter de naam."])
    assert "ua" in analyzer.analyze("Wat betekent U.A.?")
    assert "ua" in named_words("What does the abbreviation 'U.A.' stand for?")  # quoted too
    # the everyday ones name nothing to search for: "o.a.", "m.b.t.", "e.g."
    assert analyzer.analyze("o.a. m.b.t. e.g. subsidie") == [analyzer.stem("subsidie")]


def test_decompounding_splits_on_known_words() -> None:
    analyzer = Analyzer.from_texts(TEXTS)
    assert analyzer.split_compound("burgercollectief") == ("burger", "collectief")
    assert analyzer.split_compound("zorgcooperatie") == ("zorg", "cooperatie")
    assert analyzer.split_compound("onbekendwoord") == ()
    tokens = analyzer.analyze("burgercollectieven")
    assert analyzer.stem("burger") in tokens and analyzer.stem("collectief") in tokens


def test_a_compound_head_may_itself_be_a_compound() -> None:
    """ "thuiszorgorganisatie" is found through thuis, zorg and organisatie, though the corpus never writes
    "thuiszorg"; a part the corpus does write alone is not split further."""
    analyzer = Analyzer.from_texts(["Zorg thuis, door een organisatie.", "Onderhoud van het groen."])
    assert analyzer.split_compound("thuiszorgorganisatie") == ("thuiszorg", "organisatie")
    tokens = analyzer.analyze("thuiszorgorganisatie")
    for word in ("thuis", "zorg", "organisatie"):
        assert analyzer.stem(word) in tokens
    assert analyzer.split_compound("thuiszorg") == ("thuis", "zorg")
    assert analyzer.analyze("organisatie") == [analyzer.stem("organisatie")]


def test_a_compound_head_the_corpus_writes_only_inflected_is_a_part() -> None:
    """ "groenonderhoud": the corpus writes "groene" and "onderhoud", never "groen"; "kostprijs": "kosten".
    Not when the word goes on with that "e": "gemeente" is no geme(en) + ente."""
    analyzer = Analyzer.from_texts(
        ["Het groene onderhoud, de kosten en de prijs.", "Wat zij gemeen hebben: ente."]
    )
    assert analyzer.split_compound("groenonderhoud") == ("groen", "onderhoud")
    assert analyzer.split_compound("kostprijs") == ("kost", "prijs")
    assert analyzer.split_compound("gemeente") == ()


def test_a_compound_head_may_be_a_verbs_stem() -> None:
    """ "woongelegenheden", "wooncoöperatie": the corpus writes "wonen", never "woon"; a stem with a long
    vowel the infinitive writes single ("draag·vlak": dragen) is a part too."""
    analyzer = Analyzer.from_texts(["Wonen en dragen in een coöperatie, met een vlak.", "De gelegenheid."])
    assert analyzer.split_compound("wooncooperatie") == ("woon", "cooperatie")
    assert analyzer.split_compound("woongelegenheden") == ("woon", "gelegenheden")
    assert analyzer.split_compound("draagvlak") == ("draag", "vlak")
    assert analyzer.stem("woon") in analyzer.analyze("woongelegenheden")
    assert analyzer.stem("woon") == analyzer.stem("wonen")  # so "Hoe wonen zij?" finds the compound's part
    # not before an adjective's suffix: "behoorlijke" is no behoren + "gelijke" (Snowball: "lijk")
    adjectives = Analyzer.from_texts(["Zij behoren gelijke rechten te hebben."])
    assert adjectives.split_compound("behoorlijke") == ()


def test_a_modal_verb_is_a_stopword() -> None:
    """ "Mogen we …?" asks permission as "mag" and "moeten" do: "mogen" was a rare term of its own."""
    analyzer = Analyzer.from_texts(["Zij mogen en hoeven niets, zouden zij zeggen."])
    assert analyzer.analyze("Mogen we dat? Hoeven we niet? Zouden ze dat doen?") == []
    # nor is a conjunction a term: "terwijl wij al een huurcontract hebben" searched a rare "terwijl"
    assert analyzer.analyze("terwijl zodra alsof zodat doordat") == []


def test_a_compound_part_that_is_a_stopword_is_no_term() -> None:
    """ "ondersteunen" is onder + steunen, but "onder" names nothing: as a term it found every
    "micro-ondernemingen"; "overeenkomstig" (according to) is no "overeenkomst" (agreement)."""
    analyzer = Analyzer.from_texts(["Onder de steun van de gemeente.", "Over de nemen taken."])
    assert analyzer.split_compound("ondersteunen") == ("onder", "steunen")
    assert analyzer.analyze("ondersteunen") == [analyzer.stem("ondersteunen"), analyzer.stem("steunen")]
    assert analyzer.analyze("overeenkomstig artikel 2") == [analyzer.stem("artikel"), "2"]


def test_a_verb_form_is_stemmed_as_its_noun_or_infinitive() -> None:
    """A participle or a present or past tense finds the passage's noun of action and infinitive, which
    Snowball stems differently ("benoemt"/"benoemd" stay whole, "geregeld" is "regel" but "regeling" is
    "regeel", "melden" is "mel" but "melding" is "meld"). Only forms of words the corpus uses."""
    analyzer = Analyzer.from_texts(
        [
            "De regeling en het regelen. De benoeming en benoemen. Een melding doen.",
            "Subsidies verstrekken; de termijn is verstreken. Betalen en vaststellen.",
            "Een buurt met buren; de vereniging oprichten. De waarde en wat waren.",
        ]
    )
    same = [
        ("geregeld", "regeling"), ("regelt", "regelen"), ("benoemt", "benoeming"), ("benoemd", "benoemen"),
        ("gemeld", "melding"), ("melden", "melding"), ("betaald", "betalen"), ("vastgesteld", "vaststellen"),
        ("opgericht", "oprichten"), ("verstrekt", "verstrekken"), ("verstrekte", "verstrekken"),
    ]  # fmt: skip
    for form, word in same:
        assert analyzer.stem(form) == analyzer.stem(word), form
    # "verstrekt" is no "verstreken" (expired); "buurt" no form of "buren", "waarde" none of "waren"
    assert analyzer.stem("verstrekt") != analyzer.stem("verstreken")
    assert analyzer.lemma("buurt") is None and analyzer.lemma("waarde") is None
    # a participle ends in -t(e) after a voiceless consonant only ('t kofschip): "gemeente" is no "gemeend"
    assert Analyzer.from_texts(["De mening van de gemeente; menen."]).lemma("gemeente") is None
    assert Analyzer.from_texts(["Oprichten en de oprichting."]).lemma("opgerichte") == "oprichting"
    assert analyzer.lemma("onbekend") is None  # no word of the corpus: left as Snowball stems it
    assert Analyzer().stem("benoemt") == "benoemt"  # without a vocabulary nothing is looked up
    # the treaties' English plurals the Dutch stemmer leaves apart: "authorities"/"authority", "rights"/"right"
    english = Analyzer.from_texts(["The local authority; local authorities have a right, and rights."])
    assert english.stem("authorities") == english.stem("authority")
    assert english.stem("rights") == english.stem("right")
    # Snowball reads "-achtig" (-ish) in "veerkrachtige": the noun is the corpus's "veerkracht"
    resilient = Analyzer.from_texts(["Veerkracht behelst veel meer dan aanpassen."])
    assert resilient.stem("veerkrachtige") == resilient.stem("veerkracht")


def test_a_separable_verb_whose_particle_ends_the_clause_is_one_word() -> None:
    """Split, "vraagt … aan" searched for questions ("vragen") and "lossen … op" for unloading; the corpus
    writes the verbs whole ("aanvragen", "oplossing", "vaststellen"), in passages and questions alike."""
    analyzer = Analyzer.from_texts(
        [
            "De aanvraag en het aanvragen van subsidie. Een oplossing vinden; oplossen.",
            "Het college kan vaststellen. De colleges samenwerken. Wat de gemeente inhoudt: opdat.",
            # the verbs the unchanged cases below must not be joined into, known here so the rules are tried
            "Opleggen, inhouden en voordragen.",
        ]
    )
    joined = [
        ("Een bewonersbedrijf vraagt bij ons subsidie aan.", "Een bewonersbedrijf aanvragen bij ons subsidie."),
        ("Hoe lossen andere collectieven dat op?", "Hoe oplossen andere collectieven dat?"),
        ("Wie stelt dat plan vast? En nu?", "Wie vaststellen dat plan? En nu?"),
        ("1. De colleges werken met elkaar samen, indien", "1. De colleges samenwerken met elkaar, indien"),
        # a closing quote between the particle and the mark that ends its clause
        ("Zij vraagt 'subsidie aan', zegt ze.", "Zij aanvragen 'subsidie', zegt ze."),
    ]  # fmt: skip
    for text, whole in joined:
        assert analyzer.join_separable(text) == whole, text
        assert analyzer.analyze(text) == analyzer.analyze(whole), text
    assert analyzer.stem("aanvragen") in analyzer.analyze("Wij vragen elk jaar subsidie aan.")
    assert analyzer.stem("vragen") not in analyzer.analyze("Wij vragen elk jaar subsidie aan.")
    unchanged = [
        "Waar leggen zij de nadruk op?",  # "waarop": a preposition whose object went ahead, no "opleggen"
        "Wat houdt dat plafond in?",  # a question's frame (a stopword verb), no "inhouden"
        "Het college draagt zorg voor: a. de aanvraag",  # a preposition before its list, no "voordragen"
        "Wat levert dat op?",  # "opleveren" is no word of this corpus
        "Aan de slag",  # no particle ends a clause
        "Hoe lang duurt het om dat op te lossen?",  # "te" between them: not joined (measured, dropped)
    ]
    for text in unchanged:
        assert analyzer.join_separable(text) == text, text
    assert Analyzer().join_separable("Hoe lossen zij dat op?") == "Hoe lossen zij dat op?"  # no vocabulary
    # the question's terms, which are analyzed word by word, are those of the verb written whole
    query = build_query("Wij vragen elk jaar subsidie aan. Wat moet erbij?", [], analyzer, default_synonyms())
    searched = {t for t, _ in query.terms}
    assert analyzer.stem("aanvragen") in searched and analyzer.stem("vragen") not in searched


def test_a_noun_whose_last_letter_is_an_s_is_stemmed_as_its_plural() -> None:
    """Snowball takes the -s off "mens", "kans", "grens" and "proces" as if it were a plural's ("men",
    "kan", "gren", "proce") but keeps it in "mensen", "kansen", "grenzen", "processen"."""
    text = (
        "Mensen grijpen kansen over grenzen heen, in lange processen; de gemeente, de burgers en hun regels."
    )
    analyzer = Analyzer.from_texts([text])
    for singular, plural in [
        ("mens", "mensen"),
        ("kans", "kansen"),
        ("grens", "grenzen"),
        ("proces", "processen"),
    ]:
        assert analyzer.stem(singular) == analyzer.stem(plural), singular
    # and a compound ending in one is split by it: "gemeente·grens"
    assert analyzer.stem("grens") in analyzer.analyze("gemeentegrens")
    # a plural in -s is still a plural: "burgers", "regels" (no "burgersen")
    assert analyzer.stem("burgers") == analyzer.stem("burger")
    assert analyzer.stem("regels") == analyzer.stem("regel")
    assert Analyzer().stem("mens") == "men"  # without a vocabulary: as Snowball stems it


def test_lid_numbering_a_paragraph_is_no_member() -> None:
    """The laws write "het eerste lid" and "lid 2:" some 280 times; only a "lid" that is a member counts."""
    analyzer = Analyzer.from_texts(["Een lid van de coöperatie."])
    lid = analyzer.stem("lid")
    assert lid not in analyzer.analyze("bedoeld in het eerste lid van artikel 2")
    assert lid not in analyzer.analyze("lid 2: Een energiegemeenschap kan meer doen.")
    assert lid not in analyzer.analyze("het vorige lid")
    assert lid in analyzer.analyze("Een gemeente kan lid zijn van een energiegemeenschap.")
    assert lid in analyzer.analyze("Elk lid heeft een stem.")


def test_stopwords_and_question_words_are_dropped() -> None:
    analyzer = Analyzer.from_texts(TEXTS)
    assert analyzer.analyze("Wat zegt het essay volgens de bronnen?") == []
    # "bedoelen" asks what a word means; as a search term it matched the laws' "als bedoeld in artikel …"
    assert analyzer.analyze("Wat bedoelen de auteurs met thuiszorg, what do the authors say?") == (
        analyzer.analyze("thuiszorg")
    )
    assert analyzer.analyze("Under the law, what exactly is it, actually?") == [analyzer.stem("law")]
    # "gelden" asks what applies; as a search term it matched "voldoende gelden" (funds) in the Awb
    assert analyzer.analyze("Welke voorwaarden gelden, wat geldt?") == analyzer.analyze("voorwaarden")


def test_synonyms_translate_english_terms() -> None:
    expansions = default_synonyms().expansions("What is the right to challenge?")
    assert "uitdaagrecht" in expansions
    # leaving a treaty in a user's words is the Charter's "denounce" (art. 17) and the Dutch "opzeggen"
    for question in (
        "Could a country just pull out of the Charter?",
        "Can a country walk away from it later?",
    ):
        expansions = default_synonyms().expansions(question)
        assert "denounce" in expansions and "opzeggen" in expansions, expansions
    # a municipal merger in a civil servant's words is the Charter's change of "gebiedsgrenzen" (art. 5)
    expansions = default_synonyms().expansions(
        "Mag de provincie onze gemeente samenvoegen met de buurgemeente?"
    )
    assert "gebiedsgrenzen" in expansions, expansions


def test_synonym_table_validates_its_shape() -> None:
    import pytest

    with pytest.raises(ValueError):
        SynonymTable.load("groups: 3")


def test_follow_up_carries_earlier_terms() -> None:
    from bot.answer.types import Turn

    analyzer = Analyzer.from_texts(["Energie Samen heeft ruim 740 leden."])
    history = [Turn("user", "Wat doet Energie Samen?"), Turn("assistant", "…")]
    query = build_query("Hoeveel leden heeft die organisatie?", history, analyzer, default_synonyms())
    assert query.follow_up
    assert analyzer.stem("energie") in {t for t, _ in query.terms}
    alone = build_query("Hoeveel leden heeft die organisatie?", [], analyzer, default_synonyms())
    assert not alone.follow_up
