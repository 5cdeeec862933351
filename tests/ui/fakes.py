"""A deterministic stand-in for the answer service (same methods as ``bot.service.AnswerService``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.answer.types import Answer, Citation, Passage, Turn

GEMEENTEWET = Passage(
    id="gw-150",
    text="Artikel 150, lid 3: In de verordening worden voorwaarden bepaald waaronder ingezetenen taken kunnen "
    "uitvoeren (uitdaagrecht).",
    source="nl_gemeentewet_art149-150_participatieverordening_uitdaagrecht_2025-01-01.yaml",
    title="Gemeentewet, art. 149–150 (participatieverordening, uitdaagrecht)",
    score=0.0328,
    article="150",
    url="https://wetten.overheid.nl/BWBR0005416/2025-01-01#Artikel150",
    version_date="2025-01-01",
    kind="statute",
)
ESSAY = Passage(
    id="essay-3",
    text="Via het zogenaamde uitdaagrecht worden middelen aangevraagd om een alternatief voor publieke "
    "dienstverlening te realiseren.",
    source="000_4ab7ba7e065a05b8.txt",
    title="Burgercollectieven aan het roer? In co-creatie met de overheid naar succesvolle transities",
    score=0.0311,
    page=3,
    section="Inleiding",
    url="https://doi.org/10.5553/Bw/016571942025079001005",
    version_date="2025-03-01",
    kind="essay",
)
BW2 = Passage(
    id="bw-53",
    text="Artikel 53: Een coöperatie is een bij notariële akte als coöperatie opgerichte vereniging. "
    "<script>alert(1)</script> **geen opmaak**",
    source="nl_bw_boek2_titel3_cooperaties_art53-63j_2015-11.md",
    title="Burgerlijk Wetboek Boek 2, Titel 3: Coöperaties",
    score=0.0290,
    article="53",
    url="https://wetten.overheid.nl/BWBR0003045",
    version_date="2015-11-26",
    outdated=True,
    kind="statute",
)

REFUSAL_TEXT = "Dat staat niet in de bronnen."


class FakeService:
    """Answers every question from three fixed passages; refuses questions about France."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[Turn], str | None]] = []

    def answer(
        self, question: str, history: Sequence[Turn | dict[str, str]] = (), persona: str | None = None
    ) -> Answer:
        turns = [Turn.coerce(t) for t in history]
        self.calls.append((question, turns, persona))
        retrieved = [GEMEENTEWET, ESSAY, BW2]
        if "frankrijk" in question.lower():
            return Answer(
                REFUSAL_TEXT, refused=True, language="nl", retrieved=retrieved, corpus_version="fake"
            )
        text = (
            f"Het uitdaagrecht staat in de Gemeentewet [1]. Het essay beschrijft het [2]. "
            f"Een coöperatie is een vereniging [3]. (persona {persona}, {len(turns)} eerdere beurten)"
        )
        citations = [Citation(1, GEMEENTEWET), Citation(2, ESSAY), Citation(3, BW2)]
        return Answer(
            text,
            refused=False,
            language="nl",
            citations=citations,
            retrieved=retrieved,
            corpus_version="fake",
        )

    def stream(
        self, question: str, history: Sequence[Turn | dict[str, str]] = (), persona: str | None = None
    ) -> Iterator[str | Answer]:
        answer = self.answer(question, history, persona)
        words = answer.answer.split(" ")
        for i, word in enumerate(words):
            yield word if i == len(words) - 1 else word + " "
        yield answer
