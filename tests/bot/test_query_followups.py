"""Follow-up questions: the list item an ordinal points at, the earlier questions that set the topic,
and the terms a follow-up borrows from the previous answer (unit, fast)."""

from __future__ import annotations

import pytest

from bot.answer.types import Turn
from bot.retrieval import answer_type
from bot.retrieval.analysis import Analyzer
from bot.retrieval.query import (
    ANSWER_WEIGHT,
    BACKGROUND_HISTORY_WEIGHT,
    ITEM_WEIGHT,
    SearchQuery,
    build_query,
    last_answer,
    pointed_item,
    resolved_questions,
    topic_questions,
)
from bot.retrieval.synonyms import SynonymTable

TEXTS = [
    "Energie Samen is de koepel van energiecoöperaties en heeft ruim 740 leden.",
    "Lansco ondersteunt lokale coöperaties.",
    "Een langetermijnvisie hoort bij de zeven kenmerken van een burgercollectief.",
    "De Herenboeren zijn boerderijen van en voor burgers.",
    "Onder subsidie wordt verstaan: de aanspraak op financiële middelen.",
]
NETWORKS = "Het essay noemt onder meer Energie Samen, Lansco, NLZVE, LSA en COOPlink als netwerken."
FEATURES = "Het essay noemt zeven kenmerken: gedeelde waarden, lokale focus en langetermijnvisie."


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_texts(TEXTS)


def _conversation(*questions: str) -> list[Turn]:
    history: list[Turn] = []
    for number, question in enumerate(questions):
        history += [Turn("user", question), Turn("assistant", f"Antwoord {number}.")]
    return history


def _own_terms(query: SearchQuery) -> list[set[str]]:
    """The stems each concept of the query was named by in the question (or the referent it stands for)."""
    return [set(c.own_terms) for c in query.concepts]


def _weights(terms: tuple[tuple[str, float], ...]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for term, weight in terms:
        out.setdefault(term, []).append(weight)
    return out


def test_pointed_item_first_of_a_list() -> None:
    item = pointed_item("Hoeveel leden heeft de eerstgenoemde organisatie?", [NETWORKS])
    assert "Energie Samen" in item
    assert "Lansco" not in item


def test_pointed_item_last_of_a_list_after_a_colon() -> None:
    assert (
        pointed_item("Kun je het laatste kenmerk in dat rijtje toelichten?", [FEATURES])
        == "langetermijnvisie"
    )


def test_pointed_item_in_english() -> None:
    assert pointed_item("Tell me more about the second one", [NETWORKS]) == "Lansco"
    assert pointed_item("And the second one?", [FEATURES]) == "lokale focus"


def test_pointed_item_needs_an_ordinal() -> None:
    assert pointed_item("Hoeveel leden heeft die organisatie?", [NETWORKS]) == ""


def test_pointed_item_needs_a_list() -> None:
    assert pointed_item("Wat doet de eerste?", ["Energie Samen heeft ruim 740 leden."]) == ""
    assert pointed_item("Wat doet de eerste?", [""]) == ""


def test_pointed_item_beyond_the_list_is_nothing() -> None:
    assert pointed_item("En de vierde?", [FEATURES]) == ""


def test_topic_questions_walk_back_past_follow_ups(analyzer: Analyzer) -> None:
    history = _conversation("Wat doen de Herenboeren?", "En hoeveel leden hebben zij?", "En waar zitten die?")
    previous = topic_questions(resolved_questions(history), analyzer, history_turns=2)
    assert "Wat doen de Herenboeren?" in previous
    assert previous[-1] == "En waar zitten die?"


@pytest.mark.parametrize(
    ("questions", "expected"),
    [
        pytest.param(
            (
                "Welke subsidie krijgt Lansco van de overheid?",
                "Wat doet Energie Samen voor energiecoöperaties?",
                "En hoeveel leden hebben zij?",
                "En waar zitten die?",
            ),
            [
                "Wat doet Energie Samen voor energiecoöperaties?",
                "En hoeveel leden hebben zij?",
                "En waar zitten die?",
            ],
            id="walk back no further than the topic",
        ),
        pytest.param(
            (
                "Wat doen de Herenboeren?",
                "Wat doet Energie Samen voor energiecoöperaties?",
                "Welke subsidie krijgt Lansco van de overheid?",
            ),
            [
                "Wat doet Energie Samen voor energiecoöperaties?",
                "Welke subsidie krijgt Lansco van de overheid?",
            ],
            id="stop at a question that names its topic",
        ),
    ],
)
def test_topic_questions_end_at_the_topic(
    analyzer: Analyzer, questions: tuple[str, ...], expected: list[str]
) -> None:
    previous = topic_questions(resolved_questions(_conversation(*questions)), analyzer, history_turns=2)
    assert previous == expected


def test_topic_questions_without_history(analyzer: Analyzer) -> None:
    history = _conversation("Wat doen de Herenboeren?", "En hoeveel leden hebben zij?")
    assert topic_questions(resolved_questions(history), analyzer, history_turns=0) == []
    assert topic_questions([], analyzer, history_turns=2) == []


def test_last_answer() -> None:
    history = [
        Turn("user", "Vraag"),
        Turn("assistant", "Eerste"),
        Turn("user", "Nog een"),
        Turn("assistant", "Tweede"),
    ]
    assert last_answer(history) == "Tweede"
    assert last_answer([*history, Turn("user", "Open vraag")]) == "Tweede"
    assert last_answer([Turn("user", "Vraag")]) == ""
    assert last_answer([]) == ""


def test_last_answer_keeps_the_quotes_of_an_extractive_answer_and_drops_a_refusal() -> None:
    from bot.answer.framing import REFUSAL

    extractive = (
        "Dit zeggen de bronnen:\n\n- Energie Samen heeft ruim 740 leden. [1]\n- Zij bundelen krachten. [2][3]"
    )
    assert (
        last_answer([Turn("assistant", extractive)])
        == "Energie Samen heeft ruim 740 leden.\nZij bundelen krachten."  # a line each
    )
    for refusal in REFUSAL.values():
        assert last_answer([Turn("assistant", refusal.format(corpus="het essay"))]) == ""


def test_an_ordinal_makes_the_pointed_item_the_topic(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    question = "Hoeveel leden heeft de eerstgenoemde organisatie?"
    history = [Turn("user", "Welke netwerken noemt het essay?"), Turn("assistant", NETWORKS)]
    query = build_query(question, history, analyzer, synonyms)
    assert query.follow_up
    weights = _weights(query.terms)
    item_stems = [
        t for t in analyzer.analyze(pointed_item(question, [NETWORKS])) if t not in query.core_terms
    ]
    assert item_stems and analyzer.stem("energie") in item_stems
    for stem in item_stems:
        assert ITEM_WEIGHT in weights[stem]
    for name in ("lansco", "nlzve", "cooplink"):  # the other items are not what the question is about
        assert analyzer.stem(name) not in weights
    assert weights[analyzer.stem("netwerk")] == [BACKGROUND_HISTORY_WEIGHT]
    assert query.dense_text.startswith("Energie Samen")


def test_the_noun_after_an_ordinal_is_context(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "het laatste kenmerk": the item (langetermijnvisie) is what is asked; "kenmerk" says what it is and
    weighs no more than the earlier questions, or the passages introducing the list outrank the item's."""
    question = "Wat houdt het laatste kenmerk in?"
    history = [Turn("user", "Welke kenmerken noemt het essay?"), Turn("assistant", FEATURES)]
    weights = _weights(build_query(question, history, analyzer, synonyms).terms)
    assert ITEM_WEIGHT in weights[analyzer.stem("langetermijnvisie")]
    assert max(weights[analyzer.stem("kenmerk")]) <= BACKGROUND_HISTORY_WEIGHT < ITEM_WEIGHT


def test_the_last_one_in_english_points_at_the_last_item(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "the last one" is an ordinal pointer, not two words to search for ("last" is rare in the corpus,
    which made the question look like one that opens a topic of its own)."""
    answer = "The essay mentions, among others, Energie Samen, Lansco and the Herenboeren."
    history = [Turn("user", "Which networks does the essay mention?"), Turn("assistant", answer)]
    query = build_query("And what did the last one do?", history, analyzer, synonyms, idf=lambda t: 9.0)
    assert query.follow_up
    weights = _weights(query.terms)
    assert ITEM_WEIGHT in weights[analyzer.stem("herenboeren")]
    assert analyzer.stem("one") not in query.core_terms
    assert query.dense_text.startswith("the Herenboeren")


def test_a_question_that_continues_with_en_is_a_follow_up(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "En als ik daarna de aanvraag indien, hoe snel …?" names several words, yet continues the topic."""
    history = [Turn("user", "Welke netwerken noemt het essay?"), Turn("assistant", NETWORKS)]
    question = "En als wij daarna samen met Lansco subsidie aanvragen, wat dan?"
    query = build_query(question, history, analyzer, synonyms, idf=lambda t: 1.0)
    assert query.follow_up
    assert query.dense_text.startswith("Welke netwerken noemt het essay?")
    standalone = build_query(
        question.removeprefix("En als").removesuffix(", wat dan?"),
        history,
        analyzer,
        synonyms,
        idf=lambda t: 1.0,
    )
    assert not standalone.follow_up


@pytest.mark.parametrize(
    ("question", "follows"),
    [
        ("Welke taken kunnen bewoners dan overnemen?", True),
        ("So how do they grow then, if not by getting more members?", True),
        ("Hoe snel moet er dan een besluit liggen over de subsidie voor Lansco?", True),
        ("Heeft Lansco meer dan honderd leden?", False),
        ("Is het uitdaagrecht anders dan het recht op participatie van Lansco?", False),
        ("Krijgt Lansco sneller dan Energie Samen subsidie van de gemeente?", False),
    ],
)
def test_dan_builds_on_what_was_said_unless_it_compares(
    analyzer: Analyzer, synonyms: SynonymTable, question: str, follows: bool
) -> None:
    """ "dan"/"then" continues the conversation; "meer dan", "anders dan", "sneller dan" compare."""
    history = [Turn("user", "Welke netwerken noemt het essay?"), Turn("assistant", NETWORKS)]
    assert build_query(question, history, analyzer, synonyms, idf=lambda t: 9.0).follow_up is follows


def test_a_follow_up_borrows_the_previous_answer(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    history = [Turn("user", "Welke netwerken noemt het essay?"), Turn("assistant", NETWORKS)]
    query = build_query("Wat doen zij precies?", history, analyzer, synonyms)
    assert query.follow_up
    weights = _weights(query.terms)
    for name in ("lansco", "nlzve", "cooplink"):
        assert weights[analyzer.stem(name)] == [ANSWER_WEIGHT]
    assert query.dense_text.startswith("Welke netwerken noemt het essay?")


def test_a_follow_up_borrows_only_the_answers_first_sentences(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """A long list quoted item by item ("lid 2, onder a: …") outvoted the question with the list's own
    words: "Wat is daarbij de rol van de gemeente?" after "Wat doen energiecoöperaties?" found only
    Energiewet articles. The answer's lead sentences say what it is about."""
    lines = [
        "- Energie Samen is de koepel van energiecoöperaties. [1]",
        "- Lansco ondersteunt lokale coöperaties. [1]",
        "- De Herenboeren zijn boerderijen. [2]",
        "- Onder subsidie wordt verstaan: de aanspraak op financiële middelen. [3]",
    ]
    answer = "Dit zeggen de bronnen:\n\n" + "\n".join(lines)
    history = [Turn("user", "Welke netwerken noemt het essay?"), Turn("assistant", answer)]
    weights = _weights(build_query("Wat doen zij precies?", history, analyzer, synonyms).terms)
    assert weights[analyzer.stem("lansco")] == [ANSWER_WEIGHT]
    assert analyzer.stem("herenboeren") in weights  # the third line still counts
    assert analyzer.stem("aanspraak") not in weights  # the fourth does not


def test_a_question_that_is_no_follow_up_borrows_no_answer(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    history = [Turn("user", "Welke netwerken noemt het essay?"), Turn("assistant", NETWORKS)]
    query = build_query("Welke subsidie krijgt Lansco van de overheid?", history, analyzer, synonyms)
    assert not query.follow_up
    assert analyzer.stem("cooplink") not in _weights(query.terms)


def test_a_definition_question_asks_for_the_defining_passage(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    query = build_query("Wat is een subsidie?", [], analyzer, synonyms)
    defines = [t for t, _ in query.terms if t.startswith(answer_type.DEFINES)]
    assert answer_type.DEFINES + analyzer.analyze("subsidie")[0] in defines


def test_other_questions_ask_for_no_definition(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    for question in ("Welke rol spelen gemeenten?", "Hoeveel leden heeft Energie Samen?"):
        query = build_query(question, [], analyzer, synonyms)
        assert not [t for t, _ in query.terms if t.startswith(answer_type.DEFINES)]


def test_a_how_many_question_asks_for_the_passage_on_that_number(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Hoeveel leden …?" asks for a passage on "het aantal leden"; an English question for the same
    Dutch passage through the word's Dutch translations."""
    for question in ("Hoeveel leden heeft Energie Samen?", "How many members does Energie Samen have?"):
        query = build_query(question, [], analyzer, synonyms)
        counts = {t for t, _ in query.terms if t.startswith(answer_type.COUNTS)}
        assert answer_type.COUNTS + analyzer.analyze("leden")[0] in counts, question
        assert analyzer.analyze("leden")[0] in query.counted, question  # what the composer looks for
    query = build_query("Welke rol spelen gemeenten?", [], analyzer, synonyms)
    assert not [t for t, _ in query.terms if t.startswith(answer_type.COUNTS)]
    assert not query.counted


def test_a_short_question_is_a_follow_up_only_when_it_names_nothing_specific(analyzer: Analyzer) -> None:
    from bot.retrieval.query import is_follow_up

    rare = {"lansco": 5.0}

    def idf(term: str) -> float:
        return rare.get(term, 2.0)

    assert not is_follow_up("Wat doet Lansco?", analyzer, idf)
    assert is_follow_up("Hoeveel leden?", analyzer, idf)
    assert is_follow_up("Wat doet Lansco?", analyzer)  # without idf: short is vague
    assert is_follow_up("Wat doet die organisatie?", analyzer, idf)  # pointing back always is


def test_the_referent_an_ordinal_picked_outlives_its_turn(analyzer: Analyzer) -> None:
    from bot.retrieval.query import current_referent

    history = [
        Turn("user", "Welke netwerken noemt het essay?"),
        Turn("assistant", NETWORKS),
        Turn("user", "Hoeveel leden heeft de eerstgenoemde?"),
        Turn("assistant", "- Energie Samen heeft ruim 740 leden. [1]"),
    ]
    assert resolved_questions(history) == [
        ("Welke netwerken noemt het essay?", ""),
        ("Hoeveel leden heeft de eerstgenoemde?", "Energie Samen"),
    ]
    assert current_referent(resolved_questions(history), analyzer) == "Energie Samen"
    # a question that names a topic of its own ends it
    moved_on = [
        *history,
        Turn("user", "Welke subsidie krijgt Lansco van de overheid?"),
        Turn("assistant", "-"),
    ]
    assert current_referent(resolved_questions(moved_on), analyzer) == ""


def test_a_synonym_phrase_names_a_topic_of_its_own(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "What is the right to challenge?" has two content words, neither specific to the corpus ("right"
    is the treaties' word, "challenge" unknown), but as a phrase it is the uitdaagrecht."""
    from bot.retrieval.query import is_follow_up

    rare = {"uitdaagrecht": 6.0}

    def idf(term: str) -> float:
        return rare.get(term, 2.0)

    assert is_follow_up("What is the right thing?", analyzer, idf, synonyms)
    assert not is_follow_up("What is the right to challenge?", analyzer, idf, synonyms)
    assert is_follow_up("What is the right to challenge?", analyzer, idf)  # without the table: vague


def test_die_organisatie_asks_about_what_the_question_before_named(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    history = _conversation("Wat doet Energie Samen?")
    query = build_query("Hoeveel leden heeft die organisatie?", history, analyzer, synonyms)
    assert query.follow_up
    named = [c for c in query.concepts if set(c.own_terms) == set(analyzer.analyze("Energie Samen"))]
    assert named, query.concepts
    # a question that points at nothing adds no such concept
    query = build_query(
        "Hoeveel leden hebben ze?", _conversation("Hoe groot is de koepel?"), analyzer, synonyms
    )
    assert len(query.concepts) == 1


def test_a_list_with_asides_still_has_its_items() -> None:
    """ "de Broodfondsmakers (schenkkringen voor zzp'ers), de Herenboeren (…) en Knarrenhof": the asides
    made every item but the last too long to count, so "die laatste" pointed at nothing."""
    answer = (
        "Het essay noemt de Broodfondsmakers (schenkkringen voor zzp'ers), de Herenboeren "
        "(consumentencoöperaties in de biologische landbouw) en Knarrenhof."
    )
    assert pointed_item("Wat doet die laatste precies?", [answer]) == "Knarrenhof"
    assert pointed_item("En de tweede?", [answer]) == "de Herenboeren"


def test_daarover_points_back_at_the_earlier_topic_with_its_synonyms(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Welk artikel in de Gemeentewet gaat daarover?" after "Wat is het uitdaagrecht?": the uitdaagrecht
    is asked about, and so is what art. 150 calls it ("taken … uitvoeren")."""
    history = _conversation("Wat is het uitdaagrecht?")

    def idf(term: str) -> float:  # "uitdaagrecht" is the specific word of the question before
        return 6.0 if term == "uitdaagrecht" else 1.0

    question = "Welk artikel in de Gemeentewet gaat daarover?"
    query = build_query(question, history, analyzer, synonyms, idf=idf)
    assert query.follow_up
    (referent,) = [c for c in query.concepts if "uitdaagrecht" in c.own_terms]
    assert referent.found_in(frozenset(analyzer.analyze("taken kunnen uitvoeren uitvoering van een taak")))
    own = {t for c in query.concepts for t in c.own_terms}
    assert not own & set(analyzer.analyze("artikel gaat daarover"))


def test_the_pointed_noun_a_follow_up_counts_is_asked_about(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "hoeveel van die initiatieven": the conversation named them, yet their number is what is asked, so
    they stay a concept (the essay's "ontbreken … gegevens over het aantal burgercollectieven" answers it);
    "die organisatie" of "Hoeveel leden heeft die organisatie?" stays the referent, no concept of its own."""
    history = [
        Turn("user", "Wat doet Energie Samen?"),
        Turn("assistant", "Energie Samen is de koepel van lokale initiatieven. [1]"),
    ]
    query = build_query(
        "en weten we eigenlijk hoeveel van die initiatieven er zijn?", history, analyzer, synonyms
    )
    assert query.follow_up
    assert query.counted
    assert any(c.found_in(frozenset(analyzer.analyze("burgercollectieven"))) for c in query.concepts)
    history = [
        Turn("user", "Wat doet Energie Samen?"),
        Turn("assistant", "Energie Samen is een landelijke organisatie. [1]"),
    ]
    query = build_query("Hoeveel leden heeft die organisatie?", history, analyzer, synonyms)
    organisation = set(analyzer.analyze("organisatie"))
    assert organisation and not any(organisation & set(c.own_terms) for c in query.concepts)


def test_hoe_pakken_we_dat_aan_frames_the_question(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    query = build_query("Hoe pakken we de oprichting van een coöperatie aan?", [], analyzer, synonyms)
    assert "pak" not in {t for c in query.concepts for t in c.own_terms}


def test_an_ordinal_points_at_an_item_of_a_list_quoted_a_line_each() -> None:
    """Wijzer's answer to "Welke vier rollen …?" quotes the announcement and one line per item; "de
    tweede rol" is the second item, named by its label."""
    answer = (
        "Dit zeggen de bronnen:\n\n- Vanuit de literatuur kunnen we verschillende rollen onderscheiden: [1]\n"
        "- Burgercollectieven als IDENTIFICATOR: Burgercollectieven kunnen falen signaleren. [2]\n"
        "- Burgercollectieven als EDUCATOR: Dankzij hun bestuursvorm fungeren ze als opvoeders. [3]\n"
        "- Burgercollectieven als BRUGGENBOUWER: Ze overbruggen de kloof. [4]"
    )
    text = last_answer([Turn("assistant", answer)])
    assert pointed_item("Wat houdt de tweede rol in?", [text]) == "Burgercollectieven als EDUCATOR"
    assert pointed_item("En de laatste?", [text]) == "Burgercollectieven als BRUGGENBOUWER"


def test_an_ordinal_into_the_last_answer_makes_a_follow_up_of_a_specific_question(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Leg het tweede kenmerk eens uit" names a rare word (*kenmerk*), which makes a question open a topic
    of its own; its ordinal points at an item of the previous answer, so it follows up on that answer."""
    history = [Turn("user", "Wat zijn de kenmerken van burgercollectieven?"), Turn("assistant", FEATURES)]
    query = build_query("Leg het tweede kenmerk eens uit.", history, analyzer, synonyms, idf=lambda t: 9.0)
    assert query.follow_up and query.item == "lokale focus"
    assert ITEM_WEIGHT in _weights(query.terms)[analyzer.stem("focus")]
    # without an item at that place, the rare word still opens a topic of its own
    query = build_query("Leg het vierde kenmerk eens uit.", history, analyzer, synonyms, idf=lambda t: 9.0)
    assert not query.follow_up and not query.item


def test_dat_after_a_vague_follow_up_is_what_the_topic_question_named(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Wat is een subsidie?", "In welk artikel staat dat?", "Moet elke gemeente dat regelen?": the last
    "dat" is still the subsidy; the question before it names nothing of its own."""
    history = _conversation("Wat is een subsidie?", "In welk artikel staat dat?")
    idf = {analyzer.stem("subsidie"): 9.0}.get
    query = build_query(
        "Moet elke gemeente dat regelen?", history, analyzer, synonyms, idf=lambda t: idf(t, 1.0)
    )
    assert query.follow_up
    assert any(c.found_in(frozenset([analyzer.stem("subsidie")])) for c in query.concepts), query.concepts


def test_the_noun_of_die_organisatie_is_the_thing_pointed_at(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Hoeveel leden heeft die organisatie?" after an answer on the organisation Energie Samen asks about
    Energie Samen's members: "organisatie" names Energie Samen, not a second thing a sentence must mention
    (the Charter's "lid te zijn van een internationale organisatie" covered it as well as the essay's "740
    leden")."""
    history = [
        Turn("user", "Wat doet Energie Samen?"),
        Turn("assistant", "Energie Samen is een organisatie van energiecoöperaties."),
    ]
    query = build_query(
        "Hoeveel leden heeft die organisatie?", history, analyzer, synonyms, idf=lambda t: 1.0
    )
    owns = _own_terms(query)
    assert set(analyzer.analyze("Energie Samen")) in owns
    assert {analyzer.stem("organisatie")} not in owns
    assert analyzer.stem("organisatie") in {t for t, _ in query.terms}  # still searched for


def test_a_pointed_noun_the_conversation_never_named_is_a_thing_of_its_own(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "die commissie" after a turn on the AMHK's complaints procedure asks about the commission that
    procedure sets up: it is no other name of the AMHK, and without it the question's only concept was its
    verb ("uitzien"), which no sentence says, so the answerable question was refused."""
    history = [
        Turn("user", "Moet Veilig Thuis eigenlijk een klachtenregeling hebben?"),
        Turn("assistant", "Ja, Veilig Thuis treft een regeling voor de behandeling van klachten."),
    ]
    query = build_query(
        "Hoe moet die commissie er dan uitzien?", history, analyzer, synonyms, idf=lambda t: 1.0
    )
    owns = _own_terms(query)
    assert {analyzer.stem("commissie")} in owns, owns
    assert set(analyzer.analyze("Veilig Thuis")) in owns  # what it points back at is asked about too


def test_die_organisatie_is_the_last_thing_a_question_named(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """After "Wat doet Energie Samen?" and "En Lansco?", "die organisatie" is Lansco: the latest question
    that named something, though it was a follow-up itself."""
    history = _conversation("Wat doet Energie Samen?", "En Lansco?")
    query = build_query(
        "Hoeveel leden heeft die organisatie?", history, analyzer, synonyms, idf=lambda t: 1.0
    )
    owns = _own_terms(query)
    assert {analyzer.stem("lansco")} in owns, owns
    assert set(analyzer.analyze("Energie Samen")) not in owns


FEATURES_LIST = (
    "Het essay onderscheidt zeven kenmerken:\n1. Gedeelde waarden\n2. Lokale focus\n3. Langetermijnvisie"
)
EXPLAINED = "Lidmaatschap is vrijwillig, en vaak lokaal."  # a list of two by accident


def test_an_ordinal_names_the_latest_list_of_what_it_counts() -> None:
    """ "Wat houdt het laatste kenmerk in?" two answers after the list of kenmerken, with an explanation
    between whose commas look like a list: the list of kenmerken."""
    analyzer = Analyzer.from_texts([*TEXTS, FEATURES_LIST, EXPLAINED])
    answers = [EXPLAINED, FEATURES_LIST]  # newest first
    assert pointed_item("Wat houdt het laatste kenmerk in?", answers, analyzer) == "Langetermijnvisie"
    # without a noun the ordinal means the newest list it fits
    assert pointed_item("En de laatste?", answers, analyzer).endswith("vaak lokaal")
    # "het derde punt": no list names "punten"; the newest list with a third item (the two-item one has none)
    assert pointed_item("Leg het derde punt eens uit", answers, analyzer) == "Langetermijnvisie"


def test_a_numbered_list_without_labels_has_items() -> None:
    assert pointed_item("En de tweede?", [FEATURES_LIST]) == "Lokale focus"
    bullets = (
        "Het essay onderscheidt vier rollen:\n- identificator\n- educator\n- bruggenbouwer, die verbindt"
    )
    assert pointed_item("En die laatste rol?", [bullets]) == "bruggenbouwer"


def test_an_ordinal_before_lid_is_a_paragraph_no_item() -> None:
    assert pointed_item("Wat staat er in het tweede lid?", [FEATURES_LIST]) == ""
    assert pointed_item("Wat is het vijfde kenmerk?", [FEATURES_LIST]) == ""  # beyond the list


def test_an_english_word_is_as_specific_as_its_dutch(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "member" is rare in this corpus only because the corpus is Dutch: "Who can be a member?" is a
    follow-up, as "Wie kan lid worden?" is."""
    from bot.retrieval.query import is_follow_up

    rare = {"member": 6.0}

    def idf(term: str) -> float:
        return rare.get(term, 2.0)

    assert is_follow_up("Who can be a member?", analyzer, idf, synonyms)
    rare["lid"] = 6.0  # a Dutch word the corpus rarely uses names a topic, in English too
    assert not is_follow_up("Who can be a member?", analyzer, idf, synonyms)


@pytest.mark.parametrize(
    "history",
    [
        [
            Turn("user", "Onze zorgcoöperatie vraagt geld. Krijgen wij subsidie?"),
            Turn("assistant", "Een subsidie is een aanspraak; een subsidie kan worden geweigerd."),
            Turn("user", "En als de subsidie op is?"),
            Turn("assistant", "Dan wordt de subsidie geweigerd."),
        ],
        # the earlier question is a turn of the conversation: its words count once (twice, the
        # zorgcoöperatie outweighed a subsidy named three times)
        [
            Turn("user", "Onze zorgcoöperatie vraagt geld aan. Wanneer is iets een subsidie?"),
            Turn("assistant", "Onder subsidie wordt verstaan: de aanspraak op financiële middelen."),
            Turn("user", "Kan de pot ook leeg zijn?"),
            Turn("assistant", "Dan wordt een subsidie geweigerd."),
        ],
    ],
)
def test_the_referent_is_what_the_conversation_talks_about(
    analyzer: Analyzer, synonyms: SynonymTable, history: list[Turn]
) -> None:
    """ "dat" after a question naming a zorgcoöperatie once and subsidies throughout is the subsidy; the
    question's verb ("Krijgen …") is never the referent."""
    idf = {"zorgcoopereer": 5.5, "subsidie": 2.1, "krijg": 6.0}
    query = build_query(
        "Op welke gronden mag dat nog meer?", history, analyzer, synonyms, idf=lambda t: idf.get(t, 1.0)
    )
    owns = _own_terms(query)
    assert {analyzer.stem("subsidie")} in owns, owns
    assert {analyzer.stem("krijgen")} not in owns and {analyzer.stem("zorgcoöperatie")} not in owns


def test_the_referent_comes_from_the_latest_question_that_names_one(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """Every question so far points back ("Wat houdt dat in?" after a sentence naming the uitdaagrecht):
    the latest that names something specific names the referent."""
    history = _conversation(
        "Iedereen heeft het over het uitdaagrecht. Wat houdt dat in?", "Maken velen daar gebruik van?"
    )
    idf = {"uitdaagrecht": 5.0}
    query = build_query(
        "Waar is dat recht vastgelegd?", history, analyzer, synonyms, idf=lambda t: idf.get(t, 1.0)
    )
    assert any(analyzer.stem("uitdaagrecht") in c.own_terms for c in query.concepts), query.concepts


def test_how_large_is_how_the_question_asks() -> None:
    from bot.retrieval.query import named_words

    assert "groot" not in named_words("Hoe groot was het vertrouwen in gemeenten?")
    assert "groot" in named_words("Is de groep groot?")
    assert "large" not in named_words("How large is Energie Samen?")


def test_an_everyday_verb_is_no_referent(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "voor wie in aanmerking komt": *komt* is rare in statutes, and still not what "daar" points at."""
    idf = {"komt": 4.4, "maatwerkvoorzien": 3.0}
    history = _conversation("Wie stelt de regels vast voor wie in een maatwerkvoorziening komt?")
    query = build_query(
        "Wat moet daar dan in staan?", history, analyzer, synonyms, idf=lambda t: idf.get(t, 1.0)
    )
    owns = _own_terms(query)
    assert {"komt"} not in owns, owns


def test_one_as_a_pronoun_points_back() -> None:
    from bot.retrieval.query import points_back

    assert points_back("How many of us do we need to set one up?")
    assert points_back("Can our village join one?")
    assert not points_back("Can one cooperative serve two villages?")
    assert not points_back("Does a cooperative need one or more members?")


def test_small_talk_names_nothing_to_search_for() -> None:
    from bot.retrieval.query import named_words

    words = named_words(
        "new to NL here - what do we're meaning by the same thing? Could they end up charging more?"
    )
    assert not {"here", "same", "thing", "we're", "end", "up", "more"} & set(words), words
    assert {"charging", "new"} <= set(words)
    assert "soort" not in named_words("Moet de raad ook een soort beleidsplan maken?")
    assert "own" in named_words("Can a collective decide on its own members?")  # "eigen" means something


def test_a_list_numbered_inline_is_read_by_its_numbers() -> None:
    """ "1) gedeelde waarden en belangen, 2) …": the "en" inside an item joins no two items, so "het vijfde
    kenmerk" is the fifth by number (it was "4) decentrale besluitvorming")."""
    from bot.retrieval.query import enumeration, pointed_item

    answer = (
        "Het essay noemt kenmerken: 1) gedeelde waarden en belangen, 2) vrijwillig lidmaatschap, 3) lokale "
        "focus, 4) decentrale besluitvorming, 5) collectief rentmeesterschap en 6) langetermijnvisie."
    )
    assert enumeration(answer)[0] == "gedeelde waarden en belangen"
    assert pointed_item("Kun je het vijfde kenmerk toelichten?", [answer]) == "collectief rentmeesterschap"
