"""Score fusion (unit, fast): min-max normalisation, and a list that holds every match."""

from __future__ import annotations

from bot.retrieval.hybrid import document_names, names_document, weighted_scores


def test_scores_are_normalised_and_weighted() -> None:
    dense = {"a": 0.9, "b": 0.5, "c": 0.1}
    lexical = {"b": 8.0, "d": 4.0, "e": 2.0}
    fused = weighted_scores([(dense, 0.3), (lexical, 1.0)], depth=3)
    assert fused["b"] == 0.3 * 0.5 + 1.0
    assert fused["a"] == 0.3 and fused["e"] == 0.0  # a full list's lowest score counts as missing


def test_a_list_shorter_than_asked_for_is_normalised_from_zero() -> None:
    """ "Wat is CPO?": the one passage that says "CPO" was the only lexical hit, so its lowest, and scored 0."""
    fused = weighted_scores([({"a": 0.9, "b": 0.1}, 0.3), ({"cpo": 5.8}, 1.0)], depth=40)
    assert fused["cpo"] == 1.0
    two = weighted_scores([({"x": 6.0, "y": 3.0}, 1.0)], depth=40)
    assert two == {"x": 1.0, "y": 0.5}


def test_a_document_is_named_by_its_short_titles_first_word_or_as_the_essay() -> None:
    awb = {
        "kind": "statute",
        "short_title": "Awb",
        "title": "Algemene wet bestuursrecht, Titel 4.2 Subsidies",
    }
    assert document_names(awb) == ("awb",)
    assert names_document("Wat verstaat de Awb onder een subsidie?", awb)
    assert not names_document("Wat is een subsidie?", awb)  # a word of the long title names no document
    essay = {"kind": "essay", "short_title": "Burgercollectieven aan het roer? (essay)"}
    assert "essay" in document_names(essay) and names_document("Wat zegt het essay?", essay)
    assert document_names({"kind": "statute", "short_title": "BW Boek 2"}) == ()  # too short to name it
