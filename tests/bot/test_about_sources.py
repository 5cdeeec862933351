"""Questions about the sources themselves, answered from the corpus manifest (unit, fast)."""

from __future__ import annotations

import pytest

from bot.answer.about_sources import SourcesDesk, asked_about_sources
from ingest.corpus_manifest import CorpusManifest, DocumentInfo

MANIFEST = CorpusManifest(
    documents={
        "essay.txt": DocumentInfo(
            title="Burgercollectieven aan het roer?",
            short_title="Burgercollectieven aan het roer? (essay)",
            authors=["T. De Moor", "D. Czischke"],
            version_date="2025-03-01",
            kind="essay",
            url="https://doi.org/10.5553/Bw/016571942025079001005",
            citation="T. De Moor & D. Czischke (2025). Burgercollectieven aan het roer? Bestuurswetenschappen 79(1).",
        ),
        "woningwet.yaml": DocumentInfo(
            title="Woningwet, art. 18a (wooncoöperatie)",
            short_title="Woningwet",
            authors=["Staten-Generaal", "Kroon"],
            version_date="2025-01-01",
            kind="statute",
            url="https://wetten.overheid.nl/BWBR0005181",
        ),
        "awb.md": DocumentInfo(
            title="Algemene wet bestuursrecht, Titel 4.2 Subsidies",
            short_title="Awb",
            authors=["Staten-Generaal"],
            version_date="2015-11-26",
            kind="statute",
            outdated=True,
        ),
    }
)
DESK = SourcesDesk(MANIFEST, lambda q: ["woningwet"] if "housing act" in q.lower() else [])


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Welke bronnen gebruik je?", "sources"),
        ("Op welke bronnen baseer je je antwoorden?", "sources"),
        ("Wat zijn je bronnen?", "sources"),
        ("Waar haal je je informatie vandaan?", "sources"),
        ("What sources do you use?", "sources"),
        ("Which laws does Wijzer use?", "sources"),
        ("Wie heeft het essay geschreven?", "authors"),
        ("Wie zijn de auteurs van het essay?", "authors"),
        ("Who wrote the essay?", "authors"),
        ("Wanneer is het essay verschenen?", "publication"),
        ("Where was the essay published?", "publication"),
        ("Welke versie van de Woningwet gebruik je?", "version"),
        ("Is de Awb-tekst in Wijzer actueel?", "version"),
        ("How up to date are the laws?", "version"),
        # questions about content that use these words
        ("Wat zeggen de auteurs over co-creatie?", None),
        ("Wie zijn volgens de auteurs verantwoordelijk voor de transitie?", None),
        ("Welke bronnen van inkomsten kan een coöperatie gebruiken?", None),
        ("Welke documenten heb je nodig om een coöperatie op te richten?", None),
        ("Welke wetten gebruik je als gemeente bij een aanbesteding?", None),
        ("Wat zegt de actuele Energiewet over energiegemeenschappen?", None),
        ("Wie is verantwoordelijk voor de uitvoering van de Wmo?", None),
    ],
)
def test_what_a_question_asks_about_the_sources(question: str, asked: str | None) -> None:
    assert asked_about_sources(question) == asked


def test_the_sources_are_listed_each_cited() -> None:
    answer = DESK.answer("Welke bronnen gebruik je?", "nl", "v1")
    assert answer is not None and not answer.refused and answer.corpus_version == "v1"
    assert [c.passage.source for c in answer.citations] == ["essay.txt", "woningwet.yaml", "awb.md"]
    assert [c.n for c in answer.citations] == [1, 2, 3]
    for citation in answer.citations:  # each line cites the document it is about, with those words
        assert f"{citation.passage.text} [{citation.n}]" in answer.answer
    assert "corpus/manifest.yaml" in answer.answer
    # the laws alone when the question asks for laws
    laws = DESK.answer("Which laws do you use?", "en")
    assert laws is not None and [c.passage.source for c in laws.citations] == ["woningwet.yaml", "awb.md"]


def test_the_authors_are_the_essays_citation() -> None:
    for question in ("Wie heeft het essay geschreven?", "Wie zijn de auteurs?", "Who wrote the essay?"):
        answer = DESK.answer(question, "nl")
        assert answer is not None and "T. De Moor & D. Czischke (2025)" in answer.answer
        assert [c.passage.url for c in answer.citations] == [MANIFEST.documents["essay.txt"].url]


def test_a_version_question_names_the_date_and_whether_it_is_outdated() -> None:
    current = DESK.answer("Which version of the Housing Act do you use?", "en")
    assert current is not None and [c.passage.source for c in current.citations] == ["woningwet.yaml"]
    assert "text of 2025-01-01" in current.answer and "outdated" not in current.answer
    old = DESK.answer("Is de Awb in Wijzer nog actueel?", "nl")
    assert old is not None and "tekst van 2015-11-26 (verouderd" in old.answer


def test_a_publication_question_names_its_document() -> None:
    answer = DESK.answer("Where was the essay published?", "en")
    assert answer is not None and "Bestuurswetenschappen 79(1)" in answer.answer
    assert [c.passage.source for c in answer.citations] == ["essay.txt"]


def test_a_question_about_no_document_is_searched_as_usual() -> None:
    # a version or publication question that names no document and no laws is about something else
    assert DESK.answer("Is de subsidie nog actueel?", "nl") is None
    assert DESK.answer("Wanneer wordt het verslag over de subsidie gepubliceerd?", "nl") is None
    assert DESK.answer("Wat zeggen de auteurs over co-creatie?", "nl") is None


def test_a_cited_line_is_one_the_manifest_states() -> None:
    answer = DESK.answer("Welke bronnen gebruik je?", "nl")
    assert answer is not None
    assert all(DESK.states(c.passage.source, c.passage.text) for c in answer.citations)
    assert not DESK.states("essay.txt", "T. De Moor schreef het in 1990.")
    assert not DESK.states("missing.txt", answer.citations[0].passage.text)
