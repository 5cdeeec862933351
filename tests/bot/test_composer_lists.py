"""The extractive composer quotes a statute's list whole: a chosen sentence that announces a list is
followed by its items, up to the item that ends the list; a list question ("Welke rollen …?") is answered
by the list the sources announce (unit, fast)."""

from __future__ import annotations

from bot.answer.composer import (
    MAX_LIST_ITEMS,
    ComposerSettings,
    ExtractiveComposer,
    ScoredSentence,
    _from_first_holder,
)
from bot.answer.quotable import quotable_sentences
from bot.answer.types import Passage
from bot.retrieval.hybrid import SearchResult
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.query import build_query
from bot.retrieval.synonyms import SynonymTable

PASSAGE = [
    "lid 1: Een energiegemeenschap neemt in haar statuten ten minste op dat:",
    "lid 1, onder a: de participatie in de energiegemeenschap open en vrijwillig is;",
    "lid 1, onder b: de leden het recht hebben de energiegemeenschap te verlaten; en",
    "lid 1, onder c: de feitelijke zeggenschap ligt bij de leden.",
    "lid 2: Een energiegemeenschap die projecten ontwikkelt, kan daarnaast meer doen.",
]


def _scored(texts: list[str], rank: int = 0) -> list[ScoredSentence]:
    return [ScoredSentence(t, rank, i, frozenset(t.split()), 0.5, 0.5) for i, t in enumerate(texts)]


def _composer() -> ExtractiveComposer:
    return ExtractiveComposer(ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5))


def test_a_sentence_that_announces_a_list_brings_its_items() -> None:
    scored = _scored(PASSAGE)
    out = _composer().with_list_items([scored[0]], scored)
    assert [s.text for s in out] == PASSAGE[:4]  # up to the item that ends with a full stop


def test_other_sentences_bring_nothing_and_items_are_not_repeated() -> None:
    scored = _scored(PASSAGE)
    composer = _composer()
    assert composer.with_list_items([scored[4]], scored) == [scored[4]]
    out = composer.with_list_items([scored[0], scored[2]], scored)
    assert [s.text for s in out] == [PASSAGE[0], PASSAGE[2], PASSAGE[1], PASSAGE[3]]


def test_a_list_is_cut_after_max_items_and_stays_in_its_passage() -> None:
    items = ["Het plan bevat:"] + [f"onderdeel {i} van het plan;" for i in range(20)]
    scored = _scored(items) + _scored(["onderdeel uit een andere passage;"], rank=1)
    out = _composer().with_list_items([scored[0]], scored)
    assert len(out) == 1 + MAX_LIST_ITEMS
    assert all(s.passage_rank == 0 for s in out)


def test_a_chosen_item_brings_the_sentence_that_announces_its_list() -> None:
    scored = _scored(PASSAGE)
    out = _composer().with_list_items([scored[2]], scored)  # "onder b: …; en"
    assert [s.text for s in out][:1] == [PASSAGE[2]]
    assert sorted(s.text for s in out) == sorted(PASSAGE[:4])


def test_a_sentence_after_a_full_stop_is_in_no_list() -> None:
    texts = ["Het plan bevat:", "een begroting;", "Dit is een gewone zin.", "Nog een gewone zin, met komma."]
    scored = _scored(texts)
    composer = _composer()
    assert composer.with_list_items([scored[3]], scored) == [scored[3]]
    # the item brings its lead, and the list runs to the first sentence that ends with a full stop
    out = composer.with_list_items([scored[1]], scored)
    assert [s.text for s in out] == [texts[1], texts[0], texts[2]]


def _passage(text: str, index: int) -> Passage:
    return Passage(id=f"p{index}", text=text, source="wet.md", title="Wet", score=0.0, chunk_index=index)


def test_a_list_that_runs_past_its_passage_goes_on_in_the_next_chunk() -> None:
    first = _passage(
        "lid 2: Een gemeenschap mag leveren, indien:\n\nonder 1°: zij niet meer levert dan zij invoedt;", 0
    )
    second = _passage(
        "onder 1°: zij niet meer levert dan zij invoedt;\n\nonder 2°: zij levert aan haar eigen leden; en\n\n"
        "onder 3°: zij niet te veel leden heeft.\n\nlid 3: Een ander onderwerp dat hier niet bij hoort.",
        1,
    )
    scored = _scored(
        ["lid 2: Een gemeenschap mag leveren, indien:", "onder 1°: zij niet meer levert dan zij invoedt;"]
    )
    composer = ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: second if p is first and step == 1 else None,
    )
    selected, passages = composer.with_list_tails(scored, scored, [first])
    assert passages == [first, second]
    assert [s.text for s in selected if s.passage_rank == 1] == [  # the overlap is not repeated
        "onder 2°: zij levert aan haar eigen leden; en",
        "onder 3°: zij niet te veel leden heeft.",
    ]


def test_a_passage_that_ends_in_plain_prose_brings_nothing() -> None:
    first = _passage("Het essay eindigt hier met een gewone zin, zonder lijst.", 0)
    scored = _scored(["Het essay eindigt hier met een gewone zin, zonder lijst."])
    composer = ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: _passage("onder a: iets anders;", 1),
    )
    assert composer.with_list_tails(scored, scored, [first]) == (scored, [first])


def test_an_item_quoted_without_its_lead_brings_no_siblings() -> None:
    """Wmo art. 2.3.2: "e. … een algemene voorziening …;" ends a chunk whose lead ("Bij het onderzoek
    wordt … besproken:") is in the chunk before. The item may answer; the items after it ("f. … g. …")
    answer nothing of the question and are not quoted."""
    item = "e. de mogelijkheden van een algemene voorziening;"
    first = _passage(f"d. de mogelijkheden van eigen kracht;\n\n{item}", 0)
    second = _passage(
        f"{item}\n\nf. de samenwerking met zorgverzekeraars;\n\ng. de bijdragen in de kosten.", 1
    )
    composer = ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: second if p is first and step == 1 else None,
    )
    scored = _scored(["d. de mogelijkheden van eigen kracht;", item])
    assert composer.with_list_tails(scored[1:], scored, [first]) == (scored[1:], [first])


def test_a_list_goes_on_through_as_many_chunks_as_it_runs() -> None:
    """Protocol art. 2: "ii. de instelling waarborgen van:" ends one chunk, its items fill the next two."""
    first = _passage("2. Deze maatregelen omvatten:\n\ni. lokale autoriteiten bevoegdheden verschaffen;", 0)
    second = _passage(
        "i. lokale autoriteiten bevoegdheden verschaffen;\n\nii. de instelling waarborgen van:", 1
    )
    third = _passage("ii. de instelling waarborgen van:\n\na. procedures voor burgerparticipatie;", 2)
    fourth = _passage(
        "a. procedures voor burgerparticipatie;\n\nb. toegang tot officiële documenten.\n\n3. Iets anders hier.",
        3,
    )
    chain = {0: second, 1: third, 2: fourth}
    composer = ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: chain.get(p.chunk_index) if step == 1 else None,  # type: ignore[arg-type]
    )
    scored = _scored(["2. Deze maatregelen omvatten:", "i. lokale autoriteiten bevoegdheden verschaffen;"])
    selected, passages = composer.with_list_tails(scored, scored, [first])
    assert passages == [first, second, third, fourth]
    assert [s.text for s in selected[2:]] == [
        "ii. de instelling waarborgen van:",
        "a. procedures voor burgerparticipatie;",
        "b. toegang tot officiële documenten.",
    ]
    assert [s.passage_rank for s in selected[2:]] == [1, 2, 3]


def test_an_item_that_ends_in_a_full_stop_does_not_end_its_list() -> None:
    """Protocol art. 2 (Dutch text): "a. … dichtbij hen staat." is followed by "b. …;": the list goes on,
    within a passage and into the next chunk."""
    texts = [
        "ii. de instelling waarborgen van:",
        "a. procedures voor burgerparticipatie.",
        "b. toegang tot documenten;",
    ]
    texts += ["c. maatregelen voor bijzondere groepen.", "3. Een nieuw lid dat er niet bij hoort."]
    scored = _scored(texts)
    out = _composer().with_list_items([scored[0]], scored)
    assert [s.text for s in out] == texts[:4]
    first = _passage("ii. de instelling waarborgen van:\n\na. procedures voor burgerparticipatie.", 0)
    second = _passage(
        "a. procedures voor burgerparticipatie.\n\nb. toegang tot documenten;\n\n3. Iets anders.", 1
    )
    composer = ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: second if p is first and step == 1 else None,
    )
    scored = _scored(["ii. de instelling waarborgen van:", "a. procedures voor burgerparticipatie."])
    selected, passages = composer.with_list_tails(scored, scored, [first])
    assert passages == [first, second]
    assert [s.text for s in selected[2:]] == ["b. toegang tot documenten;"]


def _essay(text: str, index: int, section: str = "Kenmerken") -> Passage:
    return Passage(
        id=f"e{index}",
        text=text,
        source="essay.txt",
        title="Essay",
        score=0.0,
        chunk_index=index,
        section=section,
    )


LEAD = "Op basis van de literatuur kunnen we de volgende kenmerken van burgercollectieven onderscheiden:"
ESSAY = [
    _essay(f"Burgercollectieven volgen een eigen logica. {LEAD}", 0),
    _essay(f"{LEAD}\n\n• Gedeelde waarden: Collectieven delen waarden. Dat leidt tot vernieuwing.", 1),
    _essay("Dat leidt tot vernieuwing.\n\n• Vrijwillig lidmaatschap: Iedereen kan lid worden.", 2),
    _essay("Een lange uitweiding over overheden, die geen item is.", 3),
    _essay("• Lokale focus: Collectieven werken in hun buurt. Ook elders.", 4),
    _essay("Een ander punt. Overheden kennen de volgende rollen:\n\n• Regisseur: de gemeente stuurt.", 5),
]


def _essay_result(question: str) -> tuple[SearchResult, LexicalIndex]:
    lexical = LexicalIndex.build([p.id for p in ESSAY], [p.text for p in ESSAY])
    query = build_query(question, [], lexical.analyzer, SynonymTable({}), idf=lexical.idf)
    return SearchResult(query, [ESSAY[0]], {}, {}, "v1"), lexical


def _walking_composer() -> ExtractiveComposer:
    chain = {p.chunk_index: p for p in ESSAY}
    return ExtractiveComposer(
        ComposerSettings(max_sentences=5, min_evidence=0.1, passages_considered=5),
        neighbour=lambda p, step: chain.get((p.chunk_index or 0) + step),
    )


def test_a_list_question_is_answered_by_the_items_the_sources_announce() -> None:
    """The essay's items run for paragraphs and chunks, with prose between them: the announcement and the
    first sentence of each item, until another list is announced."""
    result, lexical = _essay_result("Wat zijn de kenmerken van burgercollectieven?")
    composer = _walking_composer()
    best, scored = composer.evidence(result, lexical)
    listed = composer.announced_list(best, scored, result, lexical)
    assert listed is not None
    selected, passages = listed
    assert [s.text for s in selected] == [
        LEAD,
        "• Gedeelde waarden: Collectieven delen waarden.",
        "• Vrijwillig lidmaatschap: Iedereen kan lid worden.",
        "• Lokale focus: Collectieven werken in hun buurt.",
    ]
    assert [p.chunk_index for p in passages] == [0, 1, 2, 4]  # the chunks read join the cited passages


def test_no_list_without_a_list_question_or_an_announcement_of_what_it_asks() -> None:
    composer = _walking_composer()
    for question in ("Wat is een burgercollectief?", "Welke rollen hebben burgercollectieven?"):
        result, lexical = _essay_result(question)
        best, scored = composer.evidence(result, lexical)
        assert composer.announced_list(best, scored, result, lexical) is None


def test_a_sentence_two_overlapping_chunks_hold_is_quoted_from_the_first() -> None:
    """Chunks repeat the sentences before them: item "c." chosen from the later chunk while "d." came from
    the earlier one quoted "d." before "c."; both are quoted from the earlier chunk, in its order."""
    passages = [
        _passage("b. het tweede;\n\nc. het derde;\n\nd. het vierde;", 4),
        _passage("c. het derde;", 5),
    ]
    earlier = [
        ScoredSentence(t, 0, i, frozenset(), 1.0, 1.0)
        for i, t in enumerate(quotable_sentences(passages[0].text))
    ]
    later = ScoredSentence("c. het derde;", 1, 0, frozenset(), 1.0, 1.0)
    chosen = _from_first_holder([later, earlier[2]], [*earlier, later], passages)
    assert [(s.text, s.passage_rank, s.position) for s in chosen] == [
        ("c. het derde;", 0, 1),
        ("d. het vierde;", 0, 2),
    ]
    # a sentence no earlier quoted chunk holds stays where it was chosen
    assert _from_first_holder([later], [*earlier, later], passages) == [later]
