"""BM25 search with weighted terms and compounds counted once (unit, fast)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.retrieval.analysis import Analyzer
from bot.retrieval.answer_type import DEFINES
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.query import Concept, build_query
from bot.retrieval.synonyms import SynonymTable

TEXTS = [
    "Burgercollectieven en burgercollectieven: de burger in het collectief.",
    "Een subsidie kan worden geweigerd.",
    "De burger vraagt een subsidie aan.",
    "Over iets anders, zoals het weer.",
]
IDS = ["essay", "awb", "mixed", "other"]


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(IDS, TEXTS)


def _scores(index: LexicalIndex, terms: list[tuple[str, float]], **kwargs: object) -> dict[str, float]:
    return {hit.id: hit.score for hit in index.search(terms, k=10, **kwargs)}  # type: ignore[arg-type]


def test_a_group_counts_its_best_term_in_full_and_the_rest_partly(index: LexicalIndex) -> None:
    stem = index.analyzer.stem
    compound = [(stem("burgercollectief"), 1.0), (stem("burger"), 1.0), (stem("collectief"), 1.0)]
    single = [_scores(index, [term]).get("essay", 0.0) for term in compound]
    grouped = _scores(index, compound, groups=["c"] * 3, part_weight=0.3)["essay"]
    assert grouped == pytest.approx(max(single) + 0.3 * (sum(single) - max(single)))
    assert _scores(index, compound)["essay"] == pytest.approx(sum(single))


def test_part_weight_one_or_no_groups_is_a_plain_sum(index: LexicalIndex) -> None:
    terms = [(index.analyzer.stem("burger"), 1.0), (index.analyzer.stem("subsidie"), 0.5)]
    plain = _scores(index, terms)
    assert _scores(index, terms, groups=["a", "a"], part_weight=1.0) == pytest.approx(plain)
    assert _scores(index, terms, groups=["a"], part_weight=0.3) == pytest.approx(plain)  # labels don't fit
    assert _scores(index, terms, groups=["a", "b"], part_weight=0.3) == pytest.approx(plain)


def test_a_compound_no_longer_outweighs_two_other_things_asked_for(index: LexicalIndex) -> None:
    query = build_query(
        "Mag een subsidie worden geweigerd aan een burgercollectief?",
        [],
        index.analyzer,
        SynonymTable.load(""),
    )
    plain = index.search(query.terms, k=2)
    grouped = index.search(query.terms, k=2, groups=query.term_words, part_weight=0.3)
    assert plain[0].id == "essay"
    assert grouped[0].id == "awb"


def test_the_query_labels_a_compound_and_its_parts_with_the_compound() -> None:
    analyzer = Analyzer.from_texts(TEXTS)
    query = build_query("Subsidie voor een burgercollectief?", [], analyzer, SynonymTable.load(""))
    words = dict(zip((t for t, _ in query.terms), query.term_words, strict=True))
    compound = analyzer.stem("burgercollectief")
    assert words[analyzer.stem("burger")] == words[analyzer.stem("collectief")] == words[compound] == compound
    assert words[analyzer.stem("subsidie")] == analyzer.stem("subsidie")


def test_a_word_the_corpus_never_uses_alone_finds_the_compounds_it_ends() -> None:
    texts = [
        "Een subsidie wordt geweigerd als het subsidieplafond zou worden overschreden.",
        "Het subsidieplafond wordt bekendgemaakt.",
        "Dit is bijvoorbeeld een voorbeeldzin zonder plafond-samenstelling.",
    ] + [f"Opvulling nummer {n} over iets anders." for n in range(60)]
    index = LexicalIndex.build([str(i) for i in range(len(texts))], texts)
    stem = index.analyzer.analyze("plafond")[0]
    assert index.compounds_ending_in(stem) == index.analyzer.analyze("subsidieplafond")[:1]
    assert index.compounds_ending_in("fond") == []  # too short to be a head
    assert index.compounds_ending_in(stem, limit=0) == []  # more than the limit: no particular thing


def test_a_word_the_corpus_uses_only_as_a_first_part_finds_the_compounds_it_starts() -> None:
    """ "franchise": the corpus writes "franchisegevers" and "franchisenemers", never the word alone, and
    knows no "gever" or "nemer" to split them by."""
    texts = [
        "Franchisegevers delen hun oplossing, waardoor franchisenemers sneller kunnen opstarten.",
        "Franchisemodellen zoals Broodfondsen versterken de rol van burgercollectieven.",
    ] + [f"Opvulling nummer {n} over iets anders." for n in range(200)]  # a rare word names a topic
    index = LexicalIndex.build([str(i) for i in range(len(texts))], texts)
    stem = index.analyzer.analyze("franchise")[0]
    expected = sorted(index.analyzer.analyze("franchisegevers franchisemodellen franchisenemers"))
    assert index.compounds_starting_with(stem) == expected
    assert index.compounds_starting_with(stem, limit=2) == []  # more than the limit: no particular thing
    assert index.compounds_starting_with("fran") == []  # too short to name a thing
    query = build_query(
        "What do you gain by joining a franchise?", [], index.analyzer, SynonymTable({}), idf=index.idf,
        compounds_ending_in=index.compounds_ending_in, compounds_starting_with=index.compounds_starting_with,
    )  # fmt: skip
    (franchise,) = [c for c in query.concepts if stem in c.own_terms]
    assert franchise.found_in(frozenset(index.analyzer.analyze("franchisegevers")[:1]))


def test_an_unknown_compound_finds_the_compounds_its_first_part_starts() -> None:
    """ "franchiseformule": the corpus knows no "franchise" or "formule" to split it by, but franchise…
    words. In Dutch questions only: "cooperatives" is no compound of "cooper…"."""
    texts = [
        "Franchisegevers delen hun oplossing, waardoor franchisenemers sneller kunnen opstarten.",
        "Een cooperatieve vereniging met cooperatieleden.",
    ] + [f"Opvulling nummer {n} over iets anders." for n in range(200)]
    index = LexicalIndex.build([str(i) for i in range(len(texts))], texts)

    def concept_of(question: str, word: str) -> Concept:
        query = build_query(
            question, [], index.analyzer, SynonymTable({}), idf=index.idf,
            compounds_ending_in=index.compounds_ending_in, compounds_starting_with=index.compounds_starting_with,
        )  # fmt: skip
        (found,) = [c for c in query.concepts if index.analyzer.analyze(word)[0] in c.own_terms]
        return found

    formule = concept_of("Wat levert een landelijke franchiseformule ons op?", "franchiseformule")
    assert formule.found_in(frozenset(index.analyzer.analyze("franchisenemers")[:1]))
    english = concept_of("What do cooperatives gain from it?", "cooperatives")
    assert not english.found_in(frozenset(index.analyzer.analyze("cooperatieleden")[:1]))


def test_the_query_searches_the_compounds_an_unknown_word_ends(synonyms: SynonymTable) -> None:
    """ "het plafond" after a question about the subsidieplafond: the corpus has only the compound."""
    analyzer = Analyzer()
    known = {"subsidieplafond": 5.0, "bijvoorbeeld": 5.0, "aanvraag": 3.0}

    def ending_in(stem: str) -> list[str]:
        return [t for t in known if t.endswith(stem) and t != stem]

    question = "Mag de gemeente een aanvraag afwijzen als het plafond bereikt is?"
    query = build_query(
        question, [], analyzer, synonyms, idf=lambda t: known.get(t, 0.0), compounds_ending_in=ending_in
    )
    terms = dict(query.terms)
    assert terms["subsidieplafond"] < 1.0  # below the question's own words
    (plafond,) = [c for c in query.concepts if "plafond" in c.own_terms]
    assert plafond.found_in(frozenset({"subsidieplafond"}))
    # "voorbeeld" would end "bijvoorbeeld": a word of "bij", no compound of it
    query = build_query(
        "Geef een voorbeeld",
        [],
        analyzer,
        synonyms,
        idf=lambda t: known.get(t, 0.0),
        compounds_ending_in=ending_in,
    )
    assert "bijvoorbeeld" not in dict(query.terms)


def test_a_quoted_word_the_corpus_uses_only_in_compounds_asks_what_they_are() -> None:
    """ "kreeg een afwijzing omdat 'het plafond bereikt is'. Wat houdt dat plafond in?": the corpus defines
    only the subsidieplafond, and the passage that does comes first."""
    texts = [
        "Het subsidieplafond wordt bekendgemaakt voor de aanvang van het tijdvak.",
        "Onder subsidieplafond wordt verstaan: het bedrag dat ten hoogste beschikbaar is.",
        "Het subsidieplafond kan worden verlaagd.",
    ] + [f"Opvulling nummer {n} over iets anders." for n in range(200)]  # a rare word names a topic
    index = LexicalIndex.build([str(i) for i in range(len(texts))], texts)
    query = build_query(
        "Onze aanvraag werd afgewezen omdat 'het plafond bereikt is'. Wat houdt dat plafond eigenlijk in?",
        [], index.analyzer, SynonymTable({}), idf=index.idf, compounds_ending_in=index.compounds_ending_in,
    )  # fmt: skip
    assert DEFINES + index.analyzer.analyze("subsidieplafond")[0] in dict(query.terms)
    assert index.search(query.terms, 3, query.term_words)[0].id == "1"


def test_an_unknown_compound_of_the_question_asks_for_the_corpus_word_it_ends_in() -> None:
    """ "eindconclusie": the corpus has "conclusie" but no "eind", so the analyzer cannot split it."""
    from bot.retrieval.query import build_query
    from bot.retrieval.synonyms import SynonymTable

    index = LexicalIndex.build(["0", "1"], ["De conclusie van het essay.", "Een voorbeeld zonder meer."])
    query = build_query(
        "Wat is de eindconclusie?", [], index.analyzer, SynonymTable({}), idf=index.idf,
        compounds_ending_in=index.compounds_ending_in,
    )  # fmt: skip
    conclusie = index.analyzer.analyze("conclusie")[0]
    assert (conclusie, 0.8) in query.terms
    assert query.concepts[0].found_in(frozenset([conclusie]))


def test_the_index_knows_where_each_chunk_stands_and_keeps_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``chunk_at`` (the composer's next and previous chunk, without a Chroma metadata query) survives a
    save and load; a position before a document's start or past its end, or a chunk without a place,
    gives None."""
    index = LexicalIndex.build(
        ["a0", "a1", "b0", "x"],
        ["eerste stuk", "tweede stuk", "ander document", "zonder plaats"],
        [("a.md", 0), ("a.md", 1), ("b.md", 0), None],
    )
    index.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded is not None
    for lexical in (index, loaded):
        assert lexical.chunk_at("a.md", 1) == "a1" and lexical.chunk_at("b.md", 0) == "b0"
        assert lexical.chunk_at("a.md", 2) is None and lexical.chunk_at("a.md", -1) is None
        assert lexical.chunk_at("c.md", 0) is None


def test_within_limits_the_search_to_those_documents() -> None:
    index = LexicalIndex.build(
        IDS, TEXTS, places=[("essay.txt", 0), ("awb.md", 0), ("awb.md", 1), ("other.md", 0)]
    )
    subsidie = [(index.analyzer.stem("subsidie"), 1.0)]
    assert set(_scores(index, subsidie)) == {"awb", "mixed"}
    assert set(_scores(index, subsidie, within={"essay.txt"})) == set()
    assert set(_scores(index, subsidie, within={"awb.md"})) == {"awb", "mixed"}
    assert index.sources() == {"essay.txt": "essay", "awb.md": "awb", "other.md": "other"}


def test_a_rebuild_removes_its_collections_old_versions_not_another_collections(tmp_path: Path) -> None:
    """ "wijzer-test-…" is another collection's index, not an old version of "wijzer" (a real embedded
    Chroma collection, read back by the build)."""
    import numpy as np

    from bot.retrieval.lexical_store import build_lexical_index, lexical_folder
    from bot.store import ChunkIndex
    from tests.conftest import make_settings

    settings = make_settings(tmp_path / "data", WIJZER_CHROMA_COLLECTION="wijzer")
    index = ChunkIndex(settings)
    vector = np.random.default_rng(3).normal(size=(1, 8)).astype(np.float32)
    index.upsert(
        ["c1"], ["De gemeente steunt het burgerinitiatief."], vector, [{"source": "a.txt", "chunk_index": 0}]
    )
    old = lexical_folder(settings.data_dir, "wijzer", "old")
    other = lexical_folder(settings.data_dir, "wijzer-test", "old")
    old.mkdir(parents=True)
    other.mkdir(parents=True)
    lexical = build_lexical_index(index, settings.data_dir, "new")
    assert lexical.ids == ["c1"]
    assert (lexical_folder(settings.data_dir, "wijzer", "new") / "meta.json").exists()
    assert not old.exists() and other.exists()
