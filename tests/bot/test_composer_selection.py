"""How the extractive composer chooses and orders sentences (unit, fast): a candidate that fails the
coverage floor does not end the choice, the answer asked for (a definition) comes first, a sentence that points back brings the one before it, long
sentences are quoted clause by clause, and neighbouring chunks of one document are read in order."""

from __future__ import annotations

from bot.answer.composer import (
    ComposerSettings,
    ExtractiveComposer,
    ScoredSentence,
    _reading_order,
    from_named_documents,
)
from bot.answer.quotable import quotable_sentences
from bot.answer.types import Passage


def _composer() -> ExtractiveComposer:
    return ExtractiveComposer(ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5))


def _sentence(
    text: str, rank: int, position: int, coverage: float, score: float | None = None
) -> ScoredSentence:
    return ScoredSentence(text, rank, position, frozenset(text.lower().split()), coverage, score or coverage)


def _passage(source: str, index: int | None, text: str = "Een zin van vier woorden.") -> Passage:
    return Passage(
        id=f"{source}-{index}", text=text, source=source, title=source, score=0.0, chunk_index=index
    )


def test_a_high_scoring_sentence_below_the_coverage_floor_does_not_end_the_choice() -> None:
    best = _sentence("besluitvorming binnen overheden is hiërarchisch", 0, 0, 0.8)
    # scores high on extra terms but covers too little of the question
    tempting = _sentence("hiërarchie overal zoveel nieuwe woorden hier", 1, 0, 0.3, score=0.75)
    good = _sentence("collectieven besluiten meestal participatief op basis van consensus", 2, 0, 0.7)
    chosen = _composer().select([best, tempting, good], "ambtenaar")
    assert [s.text for s in chosen] == [best.text, good.text]


def test_the_answer_asked_for_comes_first_when_it_covers_the_question_at_least_half() -> None:
    """A definition ("Onder subsidie wordt verstaan: …") opens the answer to "How does the law define a
    subsidy?" even when a sentence closer in meaning scores higher; one that covers less than half as
    much as the best sentence does not."""
    from dataclasses import replace

    close = _sentence("subsidie premie heffing belasting wet sociale verzekeringen", 0, 0, 0.39, score=1.41)
    definition = replace(
        _sentence(
            "onder subsidie wordt verstaan de aanspraak op financiële middelen", 1, 0, 0.23, score=1.14
        ),
        answers=True,
    )
    assert _composer().select([close, definition], "ambtenaar")[0] is definition
    weak = replace(definition, coverage=0.15)
    assert _composer().select([close, weak], "ambtenaar")[0] is close


def test_a_sentence_that_points_back_brings_the_one_before_it() -> None:
    scored = [
        _sentence("Ambtenaren spelen een verbindende rol voor collectieven.", 0, 0, 0.5),
        _sentence("Dit maakt deze steun kwetsbaar.", 0, 1, 0.6),
        _sentence("Een losse zin over iets anders hier.", 0, 2, 0.2),
    ]
    passages = [_passage("essay", 7)]
    out, cited = _composer().with_antecedents([scored[1]], scored, passages)
    assert [s.text for s in out] == [scored[1].text, scored[0].text]
    assert cited == passages
    assert _composer().with_antecedents([scored[2]], scored, passages) == ([scored[2]], passages)


def test_a_pointer_that_opens_its_chunk_takes_the_sentence_from_the_chunk_before() -> None:
    """Chunks overlap by a sentence: the antecedent is the one before the pointer's copy there."""
    before = _passage(
        "essay",
        6,
        "Gemeenten steunen collectieven via ambtenaren.\n\nDeze rol blijft vaak beperkt in de praktijk.",
    )
    chunk = _passage(
        "essay", 7, "Deze rol blijft vaak beperkt in de praktijk.\n\nDat maakt de steun kwetsbaar."
    )
    pointer = _sentence("Deze rol blijft vaak beperkt in de praktijk.", 0, 0, 0.5)
    composer = ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: before if p is chunk and step == -1 else None,
    )
    out, cited = composer.with_antecedents([pointer], [pointer], [chunk])
    assert cited == [chunk, before]
    assert [(s.text, s.passage_rank) for s in out[1:]] == [
        ("Gemeenten steunen collectieven via ambtenaren.", 1)
    ]
    assert _composer().with_antecedents([pointer], [pointer], [chunk]) == ([pointer], [chunk])  # no index


def test_long_sentences_are_quoted_clause_by_clause_and_short_items_stay() -> None:
    preamble = (
        "Considering that "
        + "the aim is a greater unity between members " * 5
        + "; "
        + ("Convinced that it is at local level that this right can be exercised; Have agreed as follows:")
    )
    passage = _passage("charter", 0, f"{preamble}\n\na. any signature;\n\nb. de depot van een akte.\n\nNee.")
    texts = quotable_sentences(passage.text)
    assert texts[1] == "Convinced that it is at local level that this right can be exercised;"
    assert "a. any signature;" in texts  # an item of three words is kept
    assert "Nee." not in texts  # a fragment is not


def test_neighbouring_chunks_of_a_document_are_read_in_order() -> None:
    passages = [
        _passage("protocol", 30),  # best: lid 3 and 4
        _passage("essay", 12),
        _passage("protocol", 28),  # items a–c
        _passage("protocol", 29),  # item d, iii
        _passage("essay", 3),
    ]
    selected = [
        _sentence("x y z", 0, 0, 0.9),
        _sentence("x y z", 1, 0, 0.8),
        _sentence("x y z", 2, 0, 0.5),
        _sentence("x y z", 3, 0, 0.4),
        _sentence("x y z", 4, 0, 0.7),
    ]
    # the protocol's chunks 28–30 form one stretch where its best chunk stands; the essay's pages do not
    assert _reading_order(selected, passages) == [2, 3, 0, 1, 4]


def test_chunks_of_different_articles_are_no_stretch() -> None:
    """The Charter's art. 1, 2 and 3 are neighbouring chunks; art. 3 defines the term asked for and is quoted
    first, not after the articles before it."""
    from dataclasses import replace

    articles = [replace(_passage("charter", i), article=str(i + 1)) for i in (2, 0, 1)]
    definition = replace(_sentence("x y z", 0, 0, 0.9), answers=True)
    selected = [definition, _sentence("x y z", 1, 0, 0.8), _sentence("x y z", 2, 0, 0.7)]
    assert _reading_order(selected, articles) == [0, 1, 2]
    # chunks of one article (an article cut in three) are still read in order
    cut = [replace(p, article="3") for p in articles]
    assert _reading_order(selected, cut) == [1, 2, 0]


def test_the_passage_holding_the_answer_asked_for_is_quoted_first() -> None:
    """ "Wat is een energiegemeenschap volgens de Energiewet?": article 2.4's list scores higher, the
    definition entry of article 1.1 holds the answer and is quoted first."""
    from dataclasses import replace

    passages = [_passage("energiewet", 5), _passage("energiewet", 1)]
    statutes = _sentence("lid 1: een energiegemeenschap neemt in haar statuten op", 0, 0, 0.9, score=1.4)
    definition = replace(
        _sentence("energiegemeenschap: juridische entiteit", 1, 0, 0.6, score=0.9), answers=True
    )
    assert _reading_order([statutes, definition], passages) == [1, 0]
    assert _reading_order([statutes, replace(definition, answers=False)], passages) == [0, 1]


def test_without_the_answer_asked_for_a_sentence_of_its_kind_covering_as_much_comes_first() -> None:
    """ "Hoe groot was het vertrouwen in de lokale overheden?": a sentence on trust scores higher than "In
    2021 had slechts 21% … en slechts één derde in lokale overheden", which states a number (``fits``) and
    covers the question as well; it is chosen first and its passage is quoted first. A number that covers
    less than the best sentence does not go first."""
    from dataclasses import replace

    passages = [_passage("essay", 15), _passage("essay", 5)]
    trust = _sentence("lokale overheden herstellen vertrouwen", 0, 0, 1.0, score=4.1)
    number = replace(_sentence("21% vertrouwen één derde lokale overheden", 1, 2, 1.0, score=3.9), fits=True)
    assert _composer().select([trust, number], "ambtenaar")[0] is number
    assert _reading_order([trust, number], passages) == [1, 0]
    partial = replace(number, coverage=0.8)
    assert _composer().select([trust, partial], "ambtenaar")[0] is trust
    assert _reading_order([trust, partial], passages) == [0, 1]


def test_a_period_question_gets_the_period_of_the_passage_it_quotes() -> None:
    """ "Hoe lang duurt het voordat de gemeente beslist op een Wmo-aanvraag?" is covered best by "1. Het
    college beslist op een aanvraag:"; the article's next paragraph gives the period. Only from a passage
    already quoted, and not when a chosen sentence gives one."""
    from dataclasses import replace

    lead = _sentence("1. het college beslist op een aanvraag:", 0, 0, 0.7)
    period = replace(_sentence("2. het college geeft de beschikking binnen twee weken", 0, 3, 0.1), fits=True)
    elsewhere = replace(_sentence("het bestuursorgaan beslist binnen vier weken", 1, 0, 0.2), fits=True)
    composer = _composer()
    assert composer.with_moment([lead], [lead, period, elsewhere]) == [lead, period]
    assert composer.with_moment([lead], [lead, elsewhere]) == [lead]
    assert composer.with_moment([period], [lead, period, elsewhere]) == [period]


def test_a_period_question_whose_quoted_passages_state_none_gets_another_passages_period() -> None:
    """ "Ik heb bij de gemeente gemeld dat ik hulp nodig heb … Hoe lang mogen ze erover doen?" quoted items
    of a Wmo list on domestic violence (more of its words), while the passage ranked first says "doch
    uiterlijk binnen zes weken" and the answer noted that the passages give no period. The passage ranked
    first counts as quoted (session 38: "Waar en wanneer is dat protocol tot stand gekomen?" quoted the
    preamble while the first passage ends "GEDAAN te Utrecht op 16 november 2009"); another passage's period
    joins when its sentence covers the question at least MOMENT_ELSEWHERE as well as the best."""
    from dataclasses import replace

    from bot.answer.composer import MOMENT_ELSEWHERE

    items = _sentence("d. het in kennis stellen van een instantie die hulp kan verlenen", 1, 0, 0.4)
    weeks = replace(_sentence("1. onderzoekt het college binnen zes weken", 0, 0, 0.19), fits=True)
    first_but_far = replace(weeks, coverage=MOMENT_ELSEWHERE * 0.4 - 0.01)
    third = replace(weeks, passage_rank=2, coverage=MOMENT_ELSEWHERE * 0.4 + 0.01)
    third_far = replace(third, coverage=MOMENT_ELSEWHERE * 0.4 - 0.01)
    composer = _composer()
    assert composer.with_moment([items], [items, weeks]) == [items, weeks]
    assert composer.with_moment([items], [items, first_but_far]) == [items, first_but_far]
    assert composer.with_moment([items], [items, third]) == [items, third]
    assert composer.with_moment([items], [items, third_far]) == [items]


def test_a_comparison_quotes_what_the_sources_say_of_each_side() -> None:
    """ "Het verschil tussen inspraak en het uitdaagrecht": the best sentence is on inspraak alone; the side
    no chosen sentence mentions gets its best sentence, though it covers less of the question."""
    from bot.retrieval.query import Concept

    inspraak = Concept((frozenset({"inspraak"}),), ("inspraak",))
    uitdaagrecht = Concept((frozenset({"uitdaagrecht"}),), ("uitdaagrecht",))
    scored = [
        _sentence("inspraak is een vorm van participatie", 0, 0, 0.5),
        _sentence("het uitdaagrecht laat bewoners taken overnemen", 1, 0, 0.3),
        _sentence("het uitdaagrecht staat in de gemeentewet", 1, 1, 0.3, score=0.2),
    ]
    composer = _composer()
    chosen = composer.select(scored, "ambtenaar")
    assert [s.text for s in chosen] == [scored[0].text]  # below the coverage floor
    both = composer.with_each_compared(chosen, scored, [inspraak, uitdaagrecht])
    assert [s.text for s in both] == [scored[0].text, scored[1].text]
    # a side the passages never mention adds nothing
    zelfbestuur = Concept((frozenset({"zelfbestuur"}),), ("zelfbestuur",))
    assert composer.with_each_compared(chosen, scored, [inspraak, zelfbestuur]) == chosen


def test_a_question_naming_a_document_is_answered_from_it() -> None:
    """ "Wat raadt het essay gemeenten aan?": the essay's sentences, not a Wmo article's on "de gemeenteraad"
    that covers more of the question's words; unless the essay covers less than half as much ("Welke
    aanbevelingen doet het essay?" and the BW's "De aanbeveling … wordt met redenen omkleed")."""
    from bot.retrieval.analysis import Analyzer
    from bot.retrieval.hybrid import SearchResult
    from bot.retrieval.query import build_query
    from bot.retrieval.synonyms import SynonymTable

    query = build_query("Wat raadt het essay aan?", [], Analyzer(), SynonymTable(()))
    passages = [_passage("wmo.md", 0), _passage("essay.txt", 1)]
    wmo = _sentence("de gemeenteraad stelt periodiek een plan vast", 0, 0, 0.8)
    essay = _sentence("een uitnodigende overheid is nodig", 1, 0, 0.5)
    named = SearchResult(query, passages, {}, {}, "v1", named_sources=frozenset({"essay.txt"}))
    assert from_named_documents([wmo, essay], named) == [essay]
    weak = _sentence("het essay noemt burgercollectieven", 1, 1, 0.3)
    assert from_named_documents([wmo, weak], named) == [wmo, weak]
    unnamed = SearchResult(query, passages, {}, {}, "v1")
    assert from_named_documents([wmo, essay], unnamed) == [wmo, essay]


def test_a_sentence_that_names_the_named_law_is_of_it() -> None:
    """ "Wat kunnen woningcollectieven opleveren nu ze een plek in de Woningwet hebben?": the essay's "De
    opname van de wooncoöperatie in de Woningwet van 2015 maakt … mogelijk" speaks of that law, so it stays
    beside the law's own sentences and wins on its score; the law's name inside another word does not
    count, nor does a sentence that names no law."""
    from dataclasses import replace

    from bot.retrieval.analysis import Analyzer
    from bot.retrieval.hybrid import SearchResult
    from bot.retrieval.query import build_query
    from bot.retrieval.synonyms import SynonymTable

    query = build_query("Wat levert de Woningwet op?", [], Analyzer(), SynonymTable(()))
    law = replace(_passage("woningwet.md", 0), kind="statute", short_title="Woningwet")
    passages = [law, replace(_passage("essay.txt", 1), kind="essay")]
    article = _sentence("een wooncoöperatie is een vereniging", 0, 0, 0.3)
    essay = _sentence(
        "de opname van de wooncoöperatie in de woningwet maakt initiatieven mogelijk", 1, 0, 0.5
    )
    inside = _sentence("de woningwetgeving van 1901 was anders", 1, 1, 0.4)
    other = _sentence("energiecoöperaties bevorderen de decentralisatie", 1, 2, 0.4)
    named = SearchResult(query, passages, {}, {}, "v1", named_sources=frozenset({"woningwet.md"}))
    assert from_named_documents([article, essay, inside, other], named) == [article, essay]


def test_a_clause_restated_in_another_article_is_one_point_and_a_heading_is_not_its_sentence() -> None:
    """Two articles of the Wmo give the same clause, once with a few words more; an answer quotes it once.
    A heading is no restatement of the longer sentence that repeats it."""
    from bot.answer.composer import restates

    short = (
        "De voordracht voor de vast te stellen algemene maatregel van bestuur kan worden gedaan nadat vier "
        "weken na de overlegging zijn verstreken, tenzij binnen die termijn door of namens een der kamers de "
        "wens te kennen wordt gegeven dat het onderwerp van de algemene maatregel van bestuur bij wet wordt "
        "geregeld."
    )
    longer = short.replace(
        "een der kamers de wens",
        "een der kamers of door ten minste een vijfde van het "
        "grondwettelijk aantal leden van een der kamers de wens",
    )
    assert restates(short, longer) and restates(longer, short)
    heading = "Right to participate in the affairs of a local authority"
    sentence = (
        "2. The right to participate in the affairs of a local authority denotes the right to seek to "
        "determine or to influence the exercise of a local authority's powers and responsibilities."
    )
    assert not restates(heading, sentence)
    assert not restates(
        "Het college beslist op een aanvraag:", "Het college beslist op een aanvraag:"
    )  # too short
