"""What the asker says they are, as opposed to what they ask about: "Hoe vraag ik als energiecoöperatie
subsidie aan bij de gemeente?" asks about a subsidy; "als energiecoöperatie" says who asks. As a question
word of full weight the rare *energiecoöperatie* outweighed *subsidie*, and the answer quoted the essay on
energy cooperatives and the Energiewet's energiegemeenschap instead of the Awb's subsidy articles
(docs/retrieval.md, session 37). The role still counts, lighter (``query.ASKER_WEIGHT``): in "Welke regels
gelden er dan? We zijn net begonnen als wooncoöperatie." it is all there is to go on. Said of the asker as
the subject of the question's own clause only: "van ons als beleidsmakers" and "zonder dat wij als eigenaar
akkoord geven" ask about the role itself. The kind of organisation after a possessive says it too ("de
subsidie van onze wooncoöperatie", session 39), in Dutch questions only."""

from __future__ import annotations

import re

from bot.retrieval.analysis import fold

# A subject pronoun, at most four words, then "als" and a bare noun: "Moeten we als energiecoöperatie …",
# "Wij zijn vorig jaar opgericht als wooncoöperatie", "wat betaal je per maand als deelnemer". "als" as a
# conjunction is followed by its clause's subject or an article ("als je ziek wordt", "als de coöperatie die
# woningen koopt", "als het gaat om"), never by a bare noun; the words listed after "als" are such subjects
# and fixed phrases ("als eerste", "als volgt", "als bedoeld in").
_ROLE = re.compile(
    r"\b(?:ik|we|wij|je|jij|u)\b(?:\s+[\w'-]+){0,4}?\s+(?P<phrase>als\s+"
    r"(?!(?:een|de|het|die|dat|deze|dit|ik|je|jij|u|we|wij|ze|zij|hij|men|er|iemand|iets|zo|dan|nu|ook|"
    r"wel|niet|zelf|eerste|laatste|volgt|bedoeld|gevolg|zodanig|geheel|enige|alle|elke|ieder|iedere|zo'n)\b)"
    r"(?P<role>[\w'-]+))",
    re.IGNORECASE,
)


# In a clause these open, the role is part of what is asked: "zonder dat wij als eigenaar akkoord geven"
# asks about the owner's consent, "hoe wij als gemeente werken" about the municipality's ways.
_SUBORDINATORS = frozenset(
    """dat die wat waar waarop waarin waarmee waarover waarvoor terwijl hoe als of omdat zodat dan wanneer
    voordat nadat zoals welke""".split()
)


def _roles(question: str) -> list[re.Match[str]]:
    """The role phrases of the question's own clauses: not of one a subordinator opens."""
    return [m for m in _ROLE.finditer(question) if _word_before(question, m.start()) not in _SUBORDINATORS]


def _word_before(text: str, end: int) -> str:
    """The word right before ``end`` in its sentence ("" after a full stop: "… dan? We zijn …")."""
    before = re.findall(r"[\w'-]+|[.!?;:]", fold(text[:end]))
    return before[-1] if before else ""


# The asker's own organisation, named by its kind: "de subsidie van onze wooncoöperatie" (its kind said with
# a possessive is who asks, like "als wooncoöperatie": what is asked is the subsidy).
_OWN_ORGANISATION = re.compile(
    r"\b(?:onze|ons|mijn)\s+(?P<phrase>(?P<role>[\w'-]*(?:co[oö]peratie|vereniging|collectief|"
    r"bewonersbedrijf|stichting)))\b",
    re.IGNORECASE,
)


def split_asker_roles(question: str) -> tuple[str, list[str]]:
    """The question without its "als <role>" and "onze <organisation>" phrases (what it asks about), and
    the folded words by which the asker says what they are ("energiecooperatie" of "Moeten we als
    energiecoöperatie …?"), in order; none in a question that says no such thing. One reading of the
    question for both."""
    found = sorted([*_roles(question), *_OWN_ORGANISATION.finditer(question)], key=lambda m: m.start())
    asked_about = question
    for m in reversed(found):
        asked_about = asked_about[: m.start("phrase")] + asked_about[m.end("phrase") :]
    return asked_about, [fold(m.group("role")) for m in found]
