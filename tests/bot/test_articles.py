"""Article references in questions (bot/retrieval/articles.py) and how a query asks for them."""

from __future__ import annotations

import pytest

from bot.retrieval.analysis import Analyzer
from bot.retrieval.articles import (
    article_numbers,
    article_references,
    article_term,
    book_articles,
    citation_terms,
    expand_range,
    is_cited,
    paragraph_reference,
    paragraph_term,
    paragraphs,
    reference_groups,
    reference_shares,
    without_references,
)
from bot.retrieval.query import build_query
from bot.retrieval.synonyms import SynonymTable


@pytest.mark.parametrize(
    ("question", "articles"),
    [
        ("Wat staat er in artikel 18a van de Woningwet?", ("18a",)),
        ("Wat zegt art. 4:25 Awb?", ("4:25",)),
        ("Wat staat in art 2.3.5 Wmo?", ("2.3.5",)),
        ("Wat regelen de artikelen 149 en 150 van de Gemeentewet?", ("149", "150")),
        ("What do Articles 2 and 3 of the Protocol say?", ("2", "3")),
        ("Zie artikel 4:2, 4:3 of 4:4.", ("4:2", "4:3", "4:4")),
        ("Artikel 16.55.", ("16.55",)),
        ("Wat zegt het artikel van De Moor over gemeenten?", ()),
        ("What belongs in the articles of association?", ()),
        ("Hoeveel leden had de coöperatie in 2021?", ()),
    ],
)
def test_article_references(question: str, articles: tuple[str, ...]) -> None:
    assert article_references(question) == articles


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        (
            "From when do articles 63f to 63j apply (art. 63b)?",
            (("63f", "63g", "63h", "63i", "63j"), ("63b",)),
        ),
        ("De artikelen 63f tot en met 63j zijn van toepassing", (("63f", "63g", "63h", "63i", "63j"),)),
        ("Zie art. 4:21 t/m 4:23 en 4:30.", (("4:21", "4:22", "4:23"), ("4:30",))),
        ("artikel 2.3.5-2.3.7 Wmo", (("2.3.5", "2.3.6", "2.3.7"),)),
        ("Wat regelen de artikelen 149 en 150?", (("149",), ("150",))),
        ("Wat staat er in artikel 150 lid 3?", (("150",),)),
        ("De leden 10 en 11 van artikel 63f zijn van overeenkomstige toepassing.", (("63f",),)),
        ("Welke artikelen gelden er?", ()),
    ],
)
def test_reference_groups_spell_out_ranges(text: str, groups: tuple[tuple[str, ...], ...]) -> None:
    assert reference_groups(text) == groups
    assert article_references(text) == tuple(a for group in groups for a in group)


@pytest.mark.parametrize(
    ("first", "last", "articles"),
    [
        ("63f", "63j", ("63f", "63g", "63h", "63i", "63j")),
        ("63", "63b", ("63", "63a", "63b")),
        ("149", "151", ("149", "150", "151")),
        ("4:21", "4:22", ("4:21", "4:22")),
        ("18a", "19", ("18a", "19")),  # the numbering between them is not known
        ("1", "120", ("1", "120")),  # too long to spell out
        ("4:21", "5:2", ("4:21", "5:2")),
        ("63j", "63f", ("63j", "63f")),
    ],
)
def test_expand_range(first: str, last: str, articles: tuple[str, ...]) -> None:
    assert expand_range(first, last) == articles


def test_a_sentence_citing_articles_carries_their_terms() -> None:
    sentence = (
        "De artikelen 63f tot en met 63j zijn van toepassing op een in artikel 63b bedoelde rechtspersoon."
    )
    assert citation_terms(sentence) == {article_term(a) for a in ("63b", "63f", "63g", "63h", "63i", "63j")}
    assert citation_terms("Een coöperatie heeft leden.") == frozenset()


def test_a_range_is_one_thing_asked_and_any_of_its_articles_answers(synonyms: SynonymTable) -> None:
    query = build_query("Vanaf wanneer gelden de artikelen 63f tot en met 63j?", [], Analyzer(), synonyms)
    assert query.article_groups == (("63f", "63g", "63h", "63i", "63j"),)
    assert query.articles == ("63f", "63g", "63h", "63i", "63j")
    (concept,) = [c for c in query.concepts if c.found_in(frozenset({article_term("63h")}))]
    assert concept.found_in(frozenset({article_term("63j")}))
    assert not {t for t, _ in query.terms} & {"63f", "63j", "tot", "met"}


def test_a_chunk_citing_all_the_things_named_outranks_one_that_is_one_of_them() -> None:
    """ "From when do articles 63f to 63j apply (art. 63b)?": BW 63c cites both and answers it."""
    groups = reference_groups("From when do articles 63f to 63j apply (art. 63b)?")
    chunks = [
        {"article": "63b"},
        {"article": "63g"},
        {"article": "63c", "cites": ["63b", "63f", "63g", "63h", "63i", "63j"]},
        {"article": "63d", "cites": ["63f", "63g", "63h", "63i", "63j"]},
        {"article": "63a"},
    ]
    assert reference_shares(groups, chunks) == [0.5 / 0.75, 0.5 / 0.75, 1.0, 0.5, 0.0]


def test_an_article_named_alone_comes_before_the_chunks_citing_it() -> None:
    shares = reference_shares(
        reference_groups("Wat staat er in artikel 18a?"), [{"article": "18a"}, {"cites": ["18a"]}]
    )
    assert shares == [1.0, 0.75]
    assert reference_shares((), [{"article": "18a"}]) == [0.0] and reference_shares((("1",),), []) == []


def test_references_are_blanked_out_and_terms() -> None:
    blanked = without_references("Wat staat in artikel 18a en art. 150 lid 2?")
    assert blanked.split() == ["Wat", "staat", "in", "en", "?"]
    assert article_term("18A") == article_term("18a") != "18a"


def test_an_article_is_asked_for_as_one_concept_not_as_words(synonyms: SynonymTable) -> None:
    query = build_query("Wat staat er in artikel 18a van de Woningwet?", [], Analyzer(), synonyms)
    assert query.articles == ("18a",)
    terms = {t for t, _ in query.terms}
    assert "artikel" not in terms and "18" not in terms and "woningwet" in terms
    marks = [c for c in query.concepts if c.found_in(frozenset({article_term("18a")}))]
    assert len(marks) == 1
    assert not any(c.found_in(frozenset({"artikel", "18"})) for c in query.concepts)


def test_any_of_several_articles_answers(synonyms: SynonymTable) -> None:
    query = build_query("Wat regelen de artikelen 149 en 150?", [], Analyzer(), synonyms)
    (concept,) = [c for c in query.concepts if c.found_in(frozenset({article_term("150")}))]
    assert concept.found_in(frozenset({article_term("149")}))


def test_which_article_words_frame_the_question(synonyms: SynonymTable) -> None:
    """ "Welk artikel … gaat daarover?" names no article: "artikel" and "gaat" are the frame, "daarover"
    points back."""
    query = build_query("Welk artikel in de Gemeentewet gaat daarover?", [], Analyzer(), synonyms)
    assert query.articles == ()
    terms = {t for t, _ in query.terms}
    assert set(Analyzer().analyze("Gemeentewet")) <= terms
    assert not set(Analyzer().analyze("artikel gaat daarover")) & terms
    assert not {"artikel", "gaat", "daarover"} & {t for c in query.concepts for t in c.own_terms}


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        ("Wat staat er in artikel 150 lid 3 van de Gemeentewet?", 3),
        ("Wat zegt artikel 4:25, tweede lid, Awb?", 2),
        ("Wat staat in het derde lid van artikel 150?", 3),
        ("Wat regelt artikel 2.4 2e lid?", 2),
        ("What does Article 2 paragraph 2 of the Protocol say?", 2),
        ("Wat staat er in artikel 18a?", None),
        ("Hoeveel leden telt het tweede lid van de raad?", None),  # no article named
    ],
)
def test_paragraph_references(question: str, paragraph: int | None) -> None:
    assert paragraph_reference(question) == paragraph


def test_the_paragraph_of_each_sentence_of_a_statute() -> None:
    sentences = [
        "Een wooncoöperatie is een vereniging.",  # before the first paragraph mark (a chunk's tail)
        "lid 3: In de verordening worden voorwaarden bepaald:",
        "lid 3, onder a: taken inzake de huishouding;",
        "2. Een subsidie wordt geweigerd.",
        "a. iets;",
        "3 De betrokken toegelaten instelling stelt middelen ter beschikking.",
        "2021 was een druk jaar.",  # a year opens no paragraph
    ]
    assert paragraphs(sentences) == [None, 3, 3, 2, 2, 3, 3]


def test_a_paragraph_is_asked_for_as_a_concept_and_its_words_are_no_terms(synonyms: SynonymTable) -> None:
    query = build_query("Wat regelt artikel 150 lid 3 van de Gemeentewet?", [], Analyzer(), synonyms)
    assert query.articles == ("150",) and query.paragraph == 3
    assert any(c.found_in(frozenset({paragraph_term(3)})) for c in query.concepts)
    terms = {t for t, _ in query.terms}
    assert not set(Analyzer().analyze("artikel lid 3 regelt")) & terms


def test_a_code_article_cited_with_its_book() -> None:
    """ "artikel 2:53 BW" is Book 2, article 53; the Awb's "4:25" is read that way too, but only a document
    of book 4 with an article 25 would take that reading (bot/retrieval/hybrid.py)."""
    assert book_articles(("2:53", "18a", "4:25", "2.3.5")) == {"53": "2", "25": "4"}
    assert book_articles(()) == {}


def test_a_chunk_is_cited_by_its_number_or_by_its_book_and_number() -> None:
    """The metadata check behind ChunkIndex.with_articles(article_numbers(…)) in hybrid search."""
    bw = {"article": "53", "short_title": "BW Boek 2", "title": "Burgerlijk Wetboek Boek 2"}
    awb = {"article": "4:25", "short_title": "Awb", "title": "Algemene wet bestuursrecht"}
    assert article_numbers(["2:53", "18a"]) == ["2:53", "18a", "53"]
    assert is_cited(bw, ["2:53"]) and not is_cited(bw, ["4:53"]) and not is_cited(bw, ["54"])
    assert is_cited(awb, ["4:25"]) and not is_cited(awb, ["25"])


def test_a_which_article_question_gets_the_articles_named() -> None:
    from bot.answer.framing import article_line
    from bot.answer.types import Passage
    from bot.retrieval.articles import asks_which_article

    assert asks_which_article("In welk artikel staat de definitie van subsidie?")
    assert asks_which_article("Which article of the Housing Act defines it?")
    assert asks_which_article("Welke bepaling regelt dat?")
    assert not asks_which_article("Wat staat er in artikel 18a?")

    def passage(article: str | None, short: str | None) -> Passage:
        return Passage(
            id=f"{article}",
            text="",
            source="s",
            title="Titel, versie",
            score=0.0,
            article=article,
            short_title=short,
        )

    essay, awb = passage(None, None), passage("4:21", "Awb")
    assert (
        article_line([essay, awb, awb, passage("4:36", "Awb")], "nl")
        == "Het gaat om art. 4:21 (Awb) en art. 4:36 (Awb)."
    )
    assert article_line([passage("18a", None)], "en") == "The provision: art. 18a (Titel)."
    assert article_line([essay], "nl") == ""
