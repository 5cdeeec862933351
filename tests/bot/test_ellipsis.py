"""Elliptical follow-ups rewritten into the previous question with the new thing swapped in (unit, fast)."""

from __future__ import annotations

import pytest

from bot.answer.types import Turn
from bot.retrieval.analysis import Analyzer
from bot.retrieval.ellipsis import condense, swap

TEXTS = [
    "Energiecoöperaties en zorgcoöperaties zijn coöperaties; de gemeente speelt een rol.",
    "Een wooncoöperatie beheert woningen. Energie Samen heeft leden, de Herenboeren ook.",
    "Energy cooperatives and housing cooperatives: the municipality plays a role.",
    "De raad stelt een verordening vast.",
]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_texts(TEXTS)


@pytest.mark.parametrize(
    ("question", "previous", "expected"),
    [
        # a compound with the same head
        (
            "En bij een zorgcoöperatie?",
            "Welke rol kan de gemeente spelen bij een energiecoöperatie?",
            "Welke rol kan de gemeente spelen bij een zorgcoöperatie?",
        ),
        # one the corpus does not split: the same long ending
        (
            "En voor een wooncoöperatie?",
            "Welke rechtsvorm heeft een energiecoöperatie?",
            "Welke rechtsvorm heeft een wooncoöperatie?",
        ),
        # a name for a name
        ("En de Herenboeren?", "Hoeveel leden heeft Energie Samen?", "Hoeveel leden heeft Herenboeren?"),
        # the modifier of a shared head
        (
            "And for housing cooperatives?",
            "What role can the municipality play for energy cooperatives?",
            "What role can the municipality play for housing cooperatives?",
        ),
        ("What about zorgcoöperaties?", "Wat doen energiecoöperaties?", "Wat doen zorgcoöperaties?"),
    ],
)
def test_an_ellipsis_swaps_the_thing_it_names(
    analyzer: Analyzer, question: str, previous: str, expected: str
) -> None:
    assert swap(question, previous, analyzer) == expected


@pytest.mark.parametrize(
    "question",
    [
        "En als de raad dat niet wil?",  # a clause of its own, pointing back
        "En waarom ontstaan zorgcoöperaties?",  # a question word: a question of its own
        "En in 2023?",  # nothing in the previous question to swap
        "Wat is een zorgcoöperatie?",  # no ellipsis at all
        "En bij een zorgcoöperatie in een dorp op het platteland?",  # too long to be one
    ],
)
def test_no_ellipsis_no_swap(analyzer: Analyzer, question: str) -> None:
    assert swap(question, "Welke rol kan de gemeente spelen bij een energiecoöperatie?", analyzer) == ""


def test_a_name_replaces_only_a_name(analyzer: Analyzer) -> None:
    """The first word of a question is capitalized, no name: "Welke" is not swapped for "Herenboeren"."""
    assert swap("En de Herenboeren?", "Welke rol speelt de gemeente?", analyzer) == ""


def test_condense_keeps_every_turn_and_chains(analyzer: Analyzer) -> None:
    """A chain of ellipses swaps into the question as already rewritten; every turn stays, the user's
    elliptical questions in their rewritten form (what later follow-ups read), the replies as said."""
    history = [
        Turn("user", "Welke rol speelt de gemeente bij een energiecoöperatie?"),
        Turn("assistant", "Een verbindende rol."),
        Turn("user", "En bij een zorgcoöperatie?"),
        Turn("assistant", "Ook die."),
    ]
    question, turns = condense("En bij een wooncoöperatie?", history, analyzer)
    assert turns[2].content == "Welke rol speelt de gemeente bij een zorgcoöperatie?"
    assert question == "Welke rol speelt de gemeente bij een wooncoöperatie?"
    assert [t.role for t in turns] == [t.role for t in history]
    assert [turns[0], turns[1], turns[3]] == [history[0], history[1], history[3]]
    standalone = [
        *history[:2],
        Turn("user", "Welke rol speelt de gemeente bij een zorgcoöperatie?"),
        history[3],
    ]
    assert condense("Wat is een verordening?", history, analyzer) == ("Wat is een verordening?", standalone)
    assert condense("Wat is een verordening?", history[:2], analyzer) == (
        "Wat is een verordening?",
        history[:2],
    )
    assert condense("En bij een zorgcoöperatie?", [], analyzer) == ("En bij een zorgcoöperatie?", [])
