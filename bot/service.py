"""The answer service: the one entry point the CLI, the chat page and the evals call."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence

from bot.answer.composer import ExtractiveComposer
from bot.answer.framing import EMPTY_QUESTION
from bot.answer.types import PERSONAS, Answer, Persona, Turn
from bot.language import detect_language
from bot.retrieval.hybrid import HybridSearch
from bot.settings import Settings

MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(question: str) -> str:
    """Control characters out, whitespace collapsed, very long questions cut (the rest is noise)."""
    return " ".join(_CONTROL.sub(" ", question).split())[:MAX_QUESTION_CHARS]


class AnswerService:
    def __init__(self, settings: Settings, search: HybridSearch, composer: ExtractiveComposer) -> None:
        self.settings = settings
        self.search = search
        self.composer = composer

    def answer(
        self, question: str, history: Sequence[Turn | dict[str, str]] = (), persona: str | None = None
    ) -> Answer:
        started = time.perf_counter()
        question = clean_question(question)
        turns = [Turn.coerce(t) for t in history]
        chosen: Persona = persona if persona in PERSONAS else self.settings.answer.persona  # type: ignore[assignment]
        language = detect_language(question)
        if not any(c.isalnum() for c in question):
            answer = Answer(
                EMPTY_QUESTION[language],
                refused=True,
                language=language,
                corpus_version=self.search.lexical.corpus_version,
            )
        else:
            result = self.search.search(question, turns)
            answer = self.composer.compose(question, result, self.search.lexical.get(), language, chosen)
            answer.retrieved = answer.retrieved[: self.settings.retrieval.k]
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def stream(
        self, question: str, history: Sequence[Turn | dict[str, str]] = (), persona: str | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces of the answer, then the final Answer object as the last item."""
        answer = self.answer(question, history, persona)
        yield from re.findall(r"\S+\s*|\s+", answer.answer)
        yield answer
