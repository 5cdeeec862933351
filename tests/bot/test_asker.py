"""What the asker says they are, told from what they ask about (unit, fast)."""

from __future__ import annotations

import pytest

from bot.retrieval.asker import split_asker_roles


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("Hoe vraag ik als energiecoöperatie subsidie aan bij de gemeente?", ["energiecooperatie"]),
        ("Mogen wij als gemeente zelf voorwaarden stellen?", ["gemeente"]),
        ("Hoe lang moeten wij als Gemeente persoonsgegevens bewaren?", ["gemeente"]),
        ("Wij zijn vorig jaar opgericht als wooncoöperatie en vragen nu subsidie aan.", ["wooncooperatie"]),
        ("Ik werk als wijkverpleegkundige voor een zorgcoöperatie.", ["wijkverpleegkundige"]),
        # a sentence of its own: the word before it ends another sentence ("dan?")
        ("Welke regels gelden er dan? We zijn net begonnen als wooncoöperatie.", ["wooncooperatie"]),
        # what is asked of the asker in that role, or in a clause that the role is part of: the role is
        # what is asked about ("van ons als beleidsmakers", "zonder dat wij als eigenaar akkoord geven")
        ("Wat vraagt dat van ons als beleidsmakers?", []),
        ("Mag die aanpassing erin zonder dat wij als eigenaar akkoord geven?", []),
        ("Waarom schuurt dat met hoe wij als gemeente werken?", []),
        # "als" as a conjunction: its clause's subject or an article follows, never a bare noun
        ("Hoeveel krijg je uit zo'n fonds als je ziek wordt?", []),
        ("Moeten we overdrachtsbelasting betalen als de coöperatie die woningen koopt?", []),
        ("Hoe roepen we die voorwaarde in als het gaat om een activiteit van vorig jaar?", []),
        ("Wat moet er in dat plan staan dat je als eerste noemde?", []),
        # no pronoun before it: nobody says what they are
        ("Welke rol heeft de gemeente als subsidieverlener?", []),
        # the asker's own organisation, by its kind after a possessive: who asks, like "als wooncoöperatie"
        ("Kan de gemeente de subsidie van onze wooncoöperatie zelf vaststellen?", ["wooncooperatie"]),
        (
            "Een vrijwilliger van onze buurtzorgcoöperatie vermoedt iets. Waar kan ze terecht?",
            ["buurtzorgcooperatie"],
        ),
        (
            "Moeten we als energiecoöperatie iets regelen voor mijn vereniging?",
            ["energiecooperatie", "vereniging"],
        ),
        # a possessive before anything else is what is asked about ("onze statuten"); English is not read so
        # ("our care co-op": measured, it answered a VAT question the corpus does not cover)
        ("Wat moet er in onze statuten staan?", []),
        ("Does our care co-op have to charge VAT?", []),
    ],
)
def test_the_askers_role(question: str, roles: list[str]) -> None:
    assert split_asker_roles(question)[1] == roles


def test_what_is_asked_about_keeps_the_question_as_written() -> None:
    """Only the "als <role>" phrase goes; capitals (names) stay for what reads them."""
    asked, _ = split_asker_roles("Kunnen we als zorgcoöperatie met Energie Samen praten?")
    assert "zorgco" not in asked
    assert "Energie Samen" in asked
