"""The Dutch-aware sentence splitter and the clause cutter the composer uses on long sentences (unit)."""

from __future__ import annotations

from ingest.sentences import split_clauses, split_sentences

PREAMBLE = (
    "The member States of the Council of Europe, signatory hereto, Considering that the aim of the Council "
    "of Europe is to achieve a greater unity between its members (Jans et al., 2024; Smit, 2023); "
    "Considering that the local authorities are one of the main foundations of any democratic regime; "
    "Convinced that it is at local level that this right can be most directly exercised; Have agreed as "
    "follows:"
)


def test_abbreviations_and_numbers_do_not_end_a_sentence() -> None:
    text = "Zie art. 4:21 lid 2. Dat geldt o.a. voor subsidies. Een nieuwe zin volgt."
    assert split_sentences(text) == [
        "Zie art. 4:21 lid 2. Dat geldt o.a. voor subsidies.",
        "Een nieuwe zin volgt.",
    ]


def test_a_short_sentence_is_not_cut() -> None:
    sentence = "Gemeenten hebben een rol; collectieven ook."
    assert split_clauses(sentence) == [sentence]


def test_a_long_sentence_is_cut_at_its_semicolons_but_not_inside_brackets() -> None:
    clauses = split_clauses(PREAMBLE)
    assert len(clauses) == 4
    assert "(Jans et al., 2024; Smit, 2023);" in clauses[0]
    assert (
        clauses[1]
        == "Considering that the local authorities are one of the main foundations of any democratic regime;"
    )
    assert " ".join(clauses) == PREAMBLE  # nothing lost, nothing added


def test_an_inline_list_after_a_colon_becomes_items() -> None:
    sentence = (
        "2. These measures for the exercise of the right to participate in local public affairs shall "
        "include: (i) empowering local authorities to enable, promote and facilitate the exercise of the "
        "right; (ii) securing the establishment of: a. procedures for involving people; b. procedures for "
        "access to official documents held by local authorities."
    )
    clauses = split_clauses(sentence)
    assert clauses[0].endswith("shall include:")
    assert [c.split()[0] for c in clauses[1:]] == ["(i)", "(ii)", "a.", "b."]


def test_a_colon_without_a_list_marker_is_no_boundary() -> None:
    sentence = "Het doel is duidelijk: " + "een woord " * 40 + "eind."
    assert split_clauses(sentence) == [sentence]
