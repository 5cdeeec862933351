"""How a question's wording becomes lexical terms: synonym phrases the corpus never writes, and the frame of
a comparison (unit, fast)."""

from __future__ import annotations

import pytest

from bot.retrieval.analysis import Analyzer
from bot.retrieval.query import (
    ABSENT_PHRASE_WEIGHT,
    ASKER_WEIGHT,
    ENGLISH_WORD_WEIGHT,
    EVERYDAY_VERB_WEIGHT,
    QUESTION_WEIGHT,
    absent_phrases,
    build_query,
    is_comparison,
    meant_terms,
    named_words,
    question_concepts,
)
from bot.retrieval.synonyms import SynonymTable

TEXTS = [
    "Het uitdaagrecht laat bewoners taken van de gemeente overnemen.",
    "Everyone shall have the right to participate in the affairs of a local authority.",
    "Veel burgercollectieven staan voor grote uitdagingen.",
    "De subsidie-ontvanger meldt verschillen tussen begrote en werkelijke uitgaven.",
    "Inspraak is een vorm van participatie.",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_texts(TEXTS)


def _weights(question: str, analyzer: Analyzer, synonyms: SynonymTable) -> dict[str, float]:
    out: dict[str, float] = {}
    for term, weight in build_query(question, [], analyzer, synonyms).terms:
        out[term] = out.get(term, 0.0) + weight
    return out


def test_a_phrase_the_corpus_never_writes_is_searched_by_its_synonyms(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "right" alone finds the treaties' "right to participate"; "challenge" alone the essay's
    "uitdagingen". The phrase is the uitdaagrecht, and that is what is searched for."""
    question = "What is the right to challenge?"
    assert absent_phrases(question, analyzer, synonyms) == ["right to challenge"]
    weights = _weights(question, analyzer, synonyms)
    right = analyzer.analyze("right")[0]
    assert weights[right] == pytest.approx(ABSENT_PHRASE_WEIGHT)
    assert weights[analyzer.analyze("uitdaagrecht")[0]] > weights[right]
    # the phrase is translated whole, by its group: no word-by-word "challenge" → "uitdaging"
    assert analyzer.analyze("uitdagingen")[0] not in weights


def test_a_phrase_the_corpus_never_writes_weighs_as_its_one_dutch_word(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "right to challenge" means uitdaagrecht, searched for as "Wat is het uitdaagrecht?" searches it:
    as a word the question asks for, above the group's paraphrases ("uitvoering van een taak", words of
    other tasks' passages)."""
    question = "What is the right to challenge?"
    uitdaagrecht = analyzer.analyze("uitdaagrecht")[0]
    assert meant_terms(question, analyzer, synonyms) == [uitdaagrecht]
    weights = _weights(question, analyzer, synonyms)
    assert weights[uitdaagrecht] == pytest.approx(QUESTION_WEIGHT)
    assert weights[analyzer.analyze("taak")[0]] < QUESTION_WEIGHT / 2


def test_a_phrase_means_its_one_word_only_when_its_own_words_lead_elsewhere(synonyms: SynonymTable) -> None:
    """ "citizen collectives" is burgercollectief, collectief and initiatief alike: none of them is asked
    for as the question's own word (a rare one would outweigh the rest). "housing cooperative" leads
    nowhere (the corpus uses neither word), so its group's words weigh as any synonym's."""
    analyzer = Analyzer.from_texts(
        [
            "Een burgercollectief is een collectief.",
            "Een initiatief van bewoners.",
            "A citizen votes.",
            "Een wooncoöperatie is een vereniging.",
        ]
    )
    question = "What do citizen collectives do?"
    assert absent_phrases(question, analyzer, synonyms)
    assert meant_terms(question, analyzer, synonyms) == []
    assert max(_weights(question, analyzer, synonyms).values()) < QUESTION_WEIGHT
    assert meant_terms("What is a housing cooperative?", analyzer, synonyms) == []
    # a phrase the corpus does write means itself
    assert meant_terms("Wat is het uitdaagrecht?", Analyzer.from_texts(TEXTS), synonyms) == []


def test_a_phrase_the_corpus_does_write_keeps_its_words(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    question = "Wat is het uitdaagrecht?"
    assert absent_phrases(question, analyzer, synonyms) == []
    assert _weights(question, analyzer, synonyms)[analyzer.analyze("uitdaagrecht")[0]] >= QUESTION_WEIGHT


def test_the_frame_of_a_comparison_is_no_search_term(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    question = "Wat is het verschil tussen inspraak en het uitdaagrecht?"
    assert is_comparison(question)
    assert is_comparison("What is the difference between a grant and a loan?")
    assert not is_comparison("Hoe verschilt de besluitvorming van die bij de gemeente?")
    assert "verschil" not in named_words(question)
    assert analyzer.analyze("verschil")[0] not in _weights(question, analyzer, synonyms)
    # elsewhere the word is the question's own
    assert "verschillen" in named_words("Welke verschillen meldt de subsidie-ontvanger?")


def test_the_frame_of_an_advice_question_is_no_search_term() -> None:
    """ "Waar moeten we op letten?", "het beste", "keep in mind": words the corpus never uses, so as concepts
    they weighed most, and the treaties' "Bearing in mind …" answered an English question."""
    assert "letten" not in named_words("Waar moeten we op letten?")
    assert "beste" not in named_words("Hoe kan de gemeente een energiecoöperatie het beste ondersteunen?")
    words = named_words("What should a civil servant keep in mind when a collective asks for support?")
    assert "keep" not in words and "mind" not in words and "support" in words


def test_an_everyday_verb_weighs_less_and_a_greeting_nothing(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Hoi! We zitten erover te denken …": "denken" is rare in the corpus (a high idf), yet seldom what is
    asked about; a greeting names nothing."""
    question = "Hoi! We zitten erover te denken het uitdaagrecht te gebruiken."
    weights = _weights(question, analyzer, synonyms)
    assert weights[analyzer.analyze("denken")[0]] == pytest.approx(EVERYDAY_VERB_WEIGHT)
    assert EVERYDAY_VERB_WEIGHT < QUESTION_WEIGHT
    assert weights[analyzer.analyze("uitdaagrecht")[0]] >= QUESTION_WEIGHT
    assert "hoi" not in named_words(question)
    # nor an adverb of small talk ("helemaal" was searched as hele + maal)
    words = named_words("Ze lobbyen helemaal niet, natuurlijk. Komen ze laatst ineens langs?")
    assert not {"helemaal", "natuurlijk", "laatst", "ineens"} & set(words)
    # nor how the asker puts it: "eerlijk gezegd" searched a rare "eerlijk" (fair), "zo'n beetje" a "beet"
    words = named_words("Eerlijk gezegd ben ik zo'n beetje de enige die contact heeft. Is that kind of odd?")
    assert not {"eerlijk", "gezegd", "beetje", "kind"} & set(words)
    assert "contact" in words
    assert "eerlijk" in named_words("Is de verdeling van de subsidie eerlijk?")  # a fair share is asked about
    # English words that name nothing ("is the money just ours now?")
    assert not {"ours", "now", "something"} & set(named_words("Do we submit something, or is it ours now?"))


def test_working_together_is_cooperation(synonyms: SynonymTable) -> None:
    """ "work together" found the Charter's "remuneration for work done"; it is the samenwerking group."""
    hits = [
        hits for _, hits in synonyms.matched_groups("How can we work together with a housing cooperative?")
    ]
    assert ["work together"] in hits


def test_the_longest_synonym_mention_wins(synonyms: SynonymTable) -> None:
    """The phrase "housing cooperative" is the wooncoöperatie, not also any coöperatie (its last word)."""
    hits = [hits for _, hits in synonyms.matched_groups("What is a housing cooperative?")]
    assert hits == [["housing cooperative"]]
    assert [hits for _, hits in synonyms.matched_groups("Wat doet de lokale overheid?")] == [
        ["lokale overheid"]
    ]
    # a word on its own is still a mention of its group
    assert any("cooperatie" in hits for _, hits in synonyms.matched_groups("Wat is een coöperatie?"))


def test_expansions_follow_the_same_mentions(synonyms: SynonymTable) -> None:
    """The document hint's expansions come from the same mentions as the query: "housing cooperative"
    adds the wooncoöperatie words, not the coöperatie group's."""
    added = synonyms.expansions("What is a housing cooperative?")
    assert "wooncooperatie" in added and "cooperaties" not in added
    # asked again for the same question, the mentions are not matched again
    question = "What is the right to challenge?"
    assert synonyms.matched_groups(question) is synonyms.matched_groups(question)
    assert synonyms.phrase_synonyms(question)[0] == "uitdaagrecht"


def test_a_name_of_several_words_is_one_concept(analyzer: Analyzer, synonyms: SynonymTable) -> None:
    """ "Wat is Energie Samen?" asks about one network, not about energy and about together: a sentence
    needs both words to cover it (an Energiewet entry "delen van energie: …" covers nothing)."""
    concepts = question_concepts("Wat is Energie Samen?", analyzer, synonyms)
    assert [c.alternatives for c in concepts] == [(frozenset(analyzer.analyze("Energie Samen")),)]
    assert not concepts[0].found_in(frozenset(analyzer.analyze("delen van energie")))
    # one capitalized word is no name of several; a question's first word is no name at all
    for question in ("Wat doet Utrecht met energie?", "Energie Samen telt leden"):
        assert all(len(c.own_terms) == 1 for c in question_concepts(question, analyzer, synonyms))


def test_an_english_name_of_several_words_is_also_named_in_dutch(synonyms: SynonymTable) -> None:
    """The essay says "de Britse conservatieve coalitieregering"; an English question names the "British
    Conservatives": the name's concept has the Dutch words too, so a passage can name it. A Dutch question's
    name, and one with a word without a translation, keep only their own words."""
    analyzer = Analyzer.from_texts(["De Britse conservatieve coalitieregering en Energie Samen."])
    [concept] = [
        c
        for c in question_concepts("Is that what the British Conservatives did?", analyzer, synonyms)
        if len(c.own_terms) == 2
    ]
    assert concept.found_in(frozenset(analyzer.analyze("de Britse conservatieve coalitieregering")))
    assert concept.alternatives[0] == frozenset(analyzer.analyze("British Conservatives"))
    for question in ("Wat deden de Britse Conservatieven?", "What does Energie Samen do?"):
        names = [c for c in question_concepts(question, analyzer, synonyms) if len(c.own_terms) == 2]
        assert [len(c.alternatives) for c in names] == [1]


def test_an_abbreviation_that_starts_a_hyphenated_word_is_mentioned(synonyms: SynonymTable) -> None:
    """An "EU-burger" mentions the EU (the corpus writes "Europese Unie"), a "VOG-aanvraag" the VOG; the
    parts of other hyphenated words are not matched on their own."""
    assert any("eu" in hits for _, hits in synonyms.matched_groups("Heeft een EU-burger recht op opvang?"))
    assert any("vog" in hits for _, hits in synonyms.matched_groups("Wie doet de VOG-aanvraag?"))
    assert not any("eu" in hits for _, hits in synonyms.matched_groups("Heeft een eu-burger recht?"))


def test_a_definition_question_defines_the_term_it_names_or_quotes() -> None:
    from bot.retrieval.query import named_terms

    assert named_terms("In het stuk valt het woord decommodificatie. Wat betekent dat?") == [
        "decommodificatie"
    ]
    assert named_terms("Iets over 'veerkrachtige wijken'. Wat bedoelen ze?") == ["veerkrachtige wijken"]
    assert named_terms("Wat is een burgercollectief?") == []
    assert named_terms("Wat is zo'n coöperatie eigenlijk, in m'n eigen woorden?") == []  # no quotes


def test_an_english_word_with_a_dutch_translation_weighs_less_than_it(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "What clashes with how local government works?": in the treaties' short English text "government"
    is rare, so as a term of its own it outweighed the essay's Dutch passage on "lokale overheden". The
    translation carries the question; a Dutch question and a named article keep their words' full weight."""
    weights = _weights("Why do the participants find local government so bureaucratic?", analyzer, synonyms)
    government = analyzer.analyze("government")[0]
    assert weights[government] == pytest.approx(ENGLISH_WORD_WEIGHT)
    assert ENGLISH_WORD_WEIGHT < QUESTION_WEIGHT
    assert analyzer.analyze("overheid")[0] in weights  # its Dutch translation is searched
    dutch = _weights("Waarom vinden deelnemers de overheid zo bureaucratisch?", analyzer, synonyms)
    assert dutch[analyzer.analyze("overheid")[0]] == pytest.approx(QUESTION_WEIGHT)
    article = _weights("What does Article 2 of the Additional Protocol say?", analyzer, synonyms)
    assert article[analyzer.analyze("additional")[0]] == pytest.approx(QUESTION_WEIGHT)


def test_what_the_asker_says_they_are_weighs_less_than_what_they_ask(
    analyzer: Analyzer, synonyms: SynonymTable
) -> None:
    """ "Hoe vraag ik als burgercollectief subsidie aan?" asks about a subsidy: the rare compound that says who
    asks outweighed it, and the answer quoted passages on collectives (bot/retrieval/asker.py). The role
    still counts, lighter, and is no concept the composer must cover at full weight."""
    query = build_query("Hoe vraag ik als burgercollectief subsidie aan?", [], analyzer, synonyms)
    weights = dict(query.terms)
    role = analyzer.analyze("burgercollectief")
    assert set(role) <= query.asker
    assert all(weights[t] == pytest.approx(ASKER_WEIGHT) for t in role)
    assert weights[analyzer.analyze("subsidie")[0]] == pytest.approx(QUESTION_WEIGHT)
    # named again as the thing asked about, it is asked about
    again = build_query("Mogen wij als gemeente de gemeente om hulp vragen?", [], analyzer, synonyms)
    assert not again.asker
