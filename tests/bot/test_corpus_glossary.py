"""The corpus glossary (corpus_glossary.tsv): parsing, the shipped table, and its use for English
questions only (unit, fast)."""

from __future__ import annotations

import pytest

from bot.retrieval.analysis import Analyzer
from bot.retrieval.query import _translation_terms
from bot.retrieval.synonyms import MAX_TRANSLATIONS, CorpusGlossary, SynonymTable, default_synonyms
from bot.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "bot" / "retrieval" / "corpus_glossary.tsv"
SAMPLE = "# comment\tnot\tparsed\ngemeenten\tmunicipalities,municipality\nlokale\tlocal\nridder\t-\n\n"
DUTCH_TEXTS = [
    "De besluitvorming in de coöperatie is democratisch georganiseerd.",
    "Het bestuur neemt een besluit en de leden beslissen mee.",
    "Een goed ingerichte vereniging is gestructureerd.",
]
ENGLISH_QUESTION = "How is decision-making organised?"
DUTCH_QUESTION = "Hoe wordt de besluitvorming organised in de coöperatie?"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_texts(DUTCH_TEXTS)


def test_parse_inverts_english_to_dutch() -> None:
    glossary = CorpusGlossary.parse(SAMPLE)
    assert glossary.english["municipality"] == ("gemeenten",)
    assert glossary.english["municipalities"] == ("gemeenten",)
    assert glossary.english["local"] == ("lokale",)


def test_parse_skips_comments_blank_lines_and_dashes() -> None:
    glossary = CorpusGlossary.parse(SAMPLE)
    assert set(glossary.english) == {"municipality", "municipalities", "local"}
    assert "-" not in glossary.english
    assert all("ridder" not in dutch for dutch in glossary.english.values())


def test_parse_folds_both_columns() -> None:
    glossary = CorpusGlossary.parse("coöperatie\tCo-operative,Cooperative\n")
    assert glossary.english["co-operative"] == ("cooperatie",)
    assert glossary.english["cooperative"] == ("cooperatie",)


def test_primary_senses_come_first_and_are_capped() -> None:
    # Eight Dutch words translate "share", at English positions 3, 2, 1, 0, 3, 2, 1, 0.
    lines = []
    for number in range(8):
        position = 3 - number % 4
        senses = [f"filler{number}x{k}" for k in range(position)] + ["share"]
        lines.append(f"woord{number}\t{','.join(senses)}")
    glossary = CorpusGlossary.parse("\n".join(lines))
    found = glossary.english["share"]
    assert len(found) == MAX_TRANSLATIONS < 8
    assert found[:2] == ("woord3", "woord7")  # primary senses, then by Dutch word
    assert found[2:4] == ("woord2", "woord6")
    assert set(found) == {f"woord{n}" for n in (1, 2, 3, 5, 6, 7)}


@pytest.mark.parametrize("line", ["gemeenten", "gemeenten\tmunicipality\textra"])
def test_parse_rejects_a_line_without_two_columns(line: str) -> None:
    with pytest.raises(ValueError, match="line 3"):
        CorpusGlossary.parse(f"# comment\nlokale\tlocal\n{line}\n")


def test_a_bad_corpus_glossary_fails_the_table() -> None:
    with pytest.raises(ValueError, match="line 1"):
        SynonymTable.load("groups: []", "{}", "gemeenten municipality\n")


def test_the_shipped_table_loads() -> None:
    assert default_synonyms().corpus.english


def test_every_line_of_the_shipped_table_has_two_columns() -> None:
    bad = [
        number
        for number, line in enumerate(SHIPPED.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() and not line.startswith("#") and len(line.split("\t")) != 2
    ]
    assert bad == []


def test_corpus_translations_serve_english_questions(analyzer: Analyzer) -> None:
    synonyms = default_synonyms()
    dutch = [
        *synonyms.corpus_translations("organised"),
        *synonyms.corpus_translations("decision-making"),
    ]
    assert dutch, "the shipped glossary should translate 'organised'"
    expected = {stem for word in dutch for stem in analyzer.analyze(word)}
    terms = _translation_terms(ENGLISH_QUESTION, analyzer, synonyms, 1.0)
    assert expected <= {t for t, _ in terms}
    assert analyzer.stem("georganiseerd") in expected


def test_the_singular_of_an_english_plural_is_translated_for_a_name() -> None:
    """The glossary lists "conservative" (for *conservatieve*), a name says "the British Conservatives". (A
    question's own words are translated by the forms that share their English stem: corpus_translations.)"""
    synonyms = default_synonyms()
    assert synonyms.singular_translations("Conservatives") == synonyms.corpus_translations("conservative")
    assert "conservatieve" in synonyms.singular_translations("conservatives")
    assert synonyms.singular_translations("charities") == synonyms.corpus_translations("charity") != ()
    # a word ending in -ss is no plural; nor is a word without a singular in the glossary
    assert synonyms.singular_translations("xyzs") == () and synonyms.singular_translations("boss") == ()


def test_an_english_form_the_table_does_not_list_is_translated_by_its_stem() -> None:
    """ "nationality" is no English word of the table, "nationals" (onderdanen) is: a question on residents
    without the nationality found no Dutch word for it. Forms sharing an English Snowball stem share their
    translations, primary senses first, at most ``MAX_TRANSLATIONS``; a listed form keeps its own. Not a
    word in -s or -ly: "who joins" (deelnemen) and "largely" (groot) led a question away from its point."""
    glossary = CorpusGlossary.parse(
        "onderdanen\tnationals,citizens\nnationaal\tnational\nontwerp\tdraft\ndeelnemen\tjoin\ngroot\tlarge\n"
    )
    synonyms = SynonymTable((), {}, glossary)
    assert set(synonyms.corpus_translations("nationality")) == {"onderdanen", "nationaal"}
    assert synonyms.corpus_translations("drafting") == ("ontwerp",)
    assert synonyms.corpus_translations("nationals") == ("onderdanen",)
    assert synonyms.corpus_translations("joins") == synonyms.corpus_translations("largely") == ()
    assert synonyms.corpus_translations("weather") == ()
    shipped = default_synonyms()
    assert "onderdanen" in shipped.corpus_translations("nationality")
    assert len(shipped.corpus_translations("nationality")) <= MAX_TRANSLATIONS


def test_corpus_translations_share_the_weight_of_their_word(analyzer: Analyzer) -> None:
    synonyms = default_synonyms()
    stems = {s for d in synonyms.corpus_translations("organised") for s in analyzer.analyze(d)}
    terms = _translation_terms("How is it organised?", analyzer, synonyms, 0.9)
    assert {t for t, _ in terms} == stems
    assert sum(w for _, w in terms) == pytest.approx(0.9)


def test_corpus_translations_skip_dutch_questions(analyzer: Analyzer) -> None:
    synonyms = default_synonyms()
    corpus_stems = {
        stem
        for word in ("organised", "decision-making")
        for dutch in synonyms.corpus_translations(word)
        for stem in analyzer.analyze(dutch)
    }
    assert corpus_stems
    terms = _translation_terms(DUTCH_QUESTION, analyzer, synonyms, 1.0)
    assert not corpus_stems & {t for t, _ in terms}


def test_the_curated_glossary_serves_every_question(analyzer: Analyzer) -> None:
    synonyms = default_synonyms()
    curated = {s for d in synonyms.translations("decision") for s in analyzer.analyze(d)}
    assert curated
    for question in ("How is a decision made?", "Hoe wordt een decision genomen?"):
        assert curated <= {t for t, _ in _translation_terms(question, analyzer, synonyms, 1.0)}


def test_a_grant_finalised_is_the_awbs_vaststelling() -> None:
    """ "had its grant finalised by the council" asks about the subsidievaststelling (Awb 4:42-4:57)."""
    assert "vaststelling" in default_synonyms().translations("finalised")
    assert "vaststelling" in default_synonyms().translations("finalize")


def test_a_hyphenated_english_word_is_tried_whole_run_together_then_by_parts() -> None:
    table = SynonymTable.load(
        corpus_text="besluitvorming\tdecisionmaking\nwonen\thousing\nsamen\ttogether,co\nbuurt\tco-op\n"
    )
    assert table.corpus_translations("co-op") == ("buurt",)  # as written
    assert table.corpus_translations("Decision-Making") == ("besluitvorming",)  # run together
    assert table.corpus_translations("co-housing") == ("samen", "wonen")  # part by part
    assert table.corpus_translations("self-housing") == ("wonen",)
    assert table.corpus_translations("un-known") == ()
