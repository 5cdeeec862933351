"""Load: 20 concurrent chat sessions under asyncio, the service layer in threads (``asyncio.to_thread``),
each session with its own history, a topic of its own and three follow-ups.

No errors, no cross-talk: every answer given under load is exactly the answer the same question with the
same history gets when asked alone (so it was computed from that session's history and nothing else),
and each session's first follow-up still retrieves passages about that session's topic. Latency p50/p95
is printed (`pytest -s`), never asserted: the machine is shared.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from bot.answer.types import Answer, Turn
from bot.components import Components
from bot.settings import Settings

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(420)]

# (a word the topic's passages contain, the opening question); chosen so that the first follow-up's
# passages are about the topic when the session is asked alone
TOPICS = [
    ("uitdaagrecht", "Wat is het uitdaagrecht?"),
    ("participatieverordening", "Wat moet een participatieverordening regelen?"),
    ("energiegemeenschap", "Wat is een energiegemeenschap volgens de Energiewet?"),
    ("wooncoöperatie", "Wat is een wooncoöperatie volgens de Woningwet?"),
    ("broodfonds", "Wat is een Broodfonds?"),
    ("herenboeren", "Wat doen Herenboeren?"),
    ("zorgcoöperatie", "Wat doen zorgcoöperaties?"),
    ("subsidie", "Wanneer kan een subsidie worden geweigerd?"),
    ("mantelzorg", "Wat regelt de Wmo over mantelzorgers?"),
    ("coöperatie", "Welke woorden moet de naam van een coöperatie bevatten?"),
    ("energie samen", "Hoeveel leden heeft Energie Samen?"),
    ("vertrouwen", "Hoe groot is het vertrouwen in de overheid?"),
    ("co-creatie", "Wat verstaat het essay onder co-creatie?"),
    ("handvest", "Wat zegt het Europees Handvest over lokale autonomie?"),
    ("omgevingswet", "Wat moet een aanvrager van een omgevingsvergunning doen aan participatie?"),
    ("toegelaten instelling", "Wat is een toegelaten instelling?"),
    ("algemene vergadering", "Wat doet de algemene vergadering van een coöperatie?"),
    ("maatwerkvoorziening", "Wat is een maatwerkvoorziening?"),
    # a Dutch follow-up quotes the Protocol's Dutch text ("recht op participatie"): the word of both
    ("protocol", "What does the Additional Protocol say about the right to participate?"),
    ("energiecoöperatie", "Wat doen energiecoöperaties?"),
]
FOLLOW_UPS = [
    "Wat is daarbij de rol van de gemeente?",
    "En welke regels gelden daarvoor?",
    "Wat zijn daarvan de voordelen?",
]
SESSIONS = len(TOPICS)


@dataclass
class Session:
    topic: str
    questions: list[str]
    history: list[Turn] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


def sessions() -> list[Session]:
    return [Session(topic, [opening, *FOLLOW_UPS]) for topic, opening in TOPICS]


def fingerprint(answer: Answer) -> tuple:
    return (answer.answer, answer.refused, answer.corpus_version, tuple(p.id for p in answer.retrieved))


@pytest.fixture(scope="module")
def components(ingested: Settings, embedder) -> Components:  # type: ignore[no-untyped-def]
    components = Components(ingested)
    components.__dict__["embedder"] = embedder
    return components


def about(answer: Answer, topic: str) -> bool:
    return any(topic in f"{p.title} {p.text}".lower() for p in answer.retrieved)


async def chat(components: Components, session: Session) -> None:
    for question in session.questions:
        started = time.perf_counter()
        answer = await asyncio.to_thread(components.service.answer, question, list(session.history))
        session.latencies.append(time.perf_counter() - started)
        session.answers.append(answer)
        session.history += [Turn("user", question), Turn("assistant", answer.answer)]


async def run_all(components: Components, all_sessions: list[Session]) -> None:
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=SESSIONS, thread_name_prefix="session") as pool:
        loop.set_default_executor(pool)  # to_thread: one worker per session, all truly concurrent
        await asyncio.wait_for(asyncio.gather(*(chat(components, s) for s in all_sessions)), timeout=360)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def test_twenty_concurrent_sessions_without_cross_talk(components: Components) -> None:
    # each session alone, one after the other: what every answer must be
    alone = sessions()
    for session in alone:
        asyncio.run(chat(components, session))
    solo = [s.latencies for s in alone]

    together = sessions()
    started = time.perf_counter()
    asyncio.run(run_all(components, together))
    wall = time.perf_counter() - started

    for session, reference in zip(together, alone, strict=True):
        assert len(session.answers) == len(session.questions) == 4
        assert [t.content for t in session.history if t.role == "user"] == session.questions
        assert [t.content for t in session.history if t.role == "assistant"] == [
            a.answer for a in session.answers
        ]
        for turn, (answer, expected) in enumerate(zip(session.answers, reference.answers, strict=True)):
            assert fingerprint(answer) == fingerprint(expected), f"{session.topic}, turn {turn}: cross-talk"
        assert about(session.answers[0], session.topic), session.topic
        assert about(session.answers[1], session.topic), f"{session.topic}: the follow-up lost its topic"
    # the same follow-up question, answered from twenty different histories: twenty (nearly) different answers
    assert len({fingerprint(s.answers[1]) for s in together}) >= SESSIONS - 2

    latencies = [t for s in together for t in s.latencies]
    alone_latencies = [t for times in solo for t in times]
    print(
        f"\n{SESSIONS} concurrent sessions × 4 turns in {wall:.1f} s: "
        f"p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms "
        f"(alone: p50 {percentile(alone_latencies, 50) * 1000:.0f} ms, "
        f"p95 {percentile(alone_latencies, 95) * 1000:.0f} ms)"
    )
