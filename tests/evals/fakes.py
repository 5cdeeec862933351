"""Deterministic fake answer functions: the same question always gets the same answer."""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Sequence
from typing import Any

from bot.language import detect_language
from evals.cases import EvalCase
from tests.evals.helpers import answer, citation, passage

REFUSAL_NL = "Daar kan ik op basis van de bronnen geen antwoord op geven."
REFUSAL_EN = "I cannot answer that from the sources I have."


def fake_latency(question: str) -> float:
    """A fixed pseudo latency per question (hash-derived, so no random state is involved)."""
    return 100.0 + int(hashlib.sha256(question.encode()).hexdigest()[:6], 16) % 900


class OracleAnswerer:
    """Answers every case perfectly: the passage that holds the expected snippets comes first, the
    answer states every key point in the question's language with a valid marker, refusals are due."""

    def __init__(self, cases: Sequence[EvalCase]) -> None:
        # two sets may ask the very same question (writers who never saw each other's cases): each is
        # answered in the order the cases come
        same: dict[str, list[EvalCase]] = {}
        for c in cases:
            same.setdefault(self._key(c.question, c.history_dicts(), c.persona), []).append(c)
        self.cases = {key: itertools.cycle(found) for key, found in same.items()}

    @staticmethod
    def _key(question: str, history: list[dict[str, str]], persona: str | None) -> str:
        return json.dumps([question, history, persona], ensure_ascii=False)

    def __call__(self, question: str, history: list[dict[str, str]], persona: str | None) -> dict[str, Any]:
        case = next(self.cases[self._key(question, history, persona)])
        english = case.id.endswith("-en")
        distractor = passage("Een passage over iets heel anders.", "other.pdf", score=0.1)
        if case.should_refuse:
            text = REFUSAL_EN if english else REFUSAL_NL
            return answer(text, refused=True, retrieved=[distractor], latency_ms=fake_latency(question))
        # each point in the question's language where an alternative is (a Dutch question about the
        # Charter may list its English text first)
        language = "en" if english else "nl"
        points = (
            ", ".join(next((a for a in p if detect_language(a) == language), p[0]) for p in case.key_points)
            or "dit onderwerp"
        )
        body = (
            # the points are quoted in Dutch: the English frame must outweigh them ("te allen tijde te
            # schorsen, door de algemene vergadering …" outweighed "According to the source, this is about")
            f"According to the source, which this answer quotes in the original Dutch, this is what it says "
            f"about the question: {points}. These are the points that the source makes, and they are all "
            f"quoted in the original Dutch"  # three Dutch points outweighed one frame (dev19)
            if english
            else f"Volgens de bron gaat het om {points}"
        )
        text = " ".join([*case.expected_sources, body + "."])
        return answer(
            f"{body} [1].",
            citations=[citation(1, text)],
            retrieved=[passage(text, score=0.9), distractor],
            language="en" if english else "nl",
            latency_ms=fake_latency(question),
        )
