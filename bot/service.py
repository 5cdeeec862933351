"""The answer service: the one entry point the CLI, the chat page and the evals call."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answer.composer import ExtractiveComposer
from bot.answer.framing import EMPTY_QUESTION
from bot.answer.types import PERSONAS, Answer, Persona, Turn, final_answer
from bot.language import Language, detect_language
from bot.retrieval.hybrid import HybridSearch, SearchResult
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.answer.about_sources import SourcesDesk
    from bot.llm.composer import LLMComposer

MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text that the tokenizer and every store accept: lone surrogates (a JSON "\\ud800" escape decodes
    to one) replaced, control characters out, whitespace collapsed."""
    encodable = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(_CONTROL.sub(" ", encodable).split())


def clean_lines(text: str) -> str:
    """``clean_text`` line by line: an earlier answer keeps its lines, so its quoted sentences ("- … [1]")
    and the items of its lists are told apart from its framing (query.answer_text)."""
    return "\n".join(line for raw in text.splitlines() if (line := clean_text(raw)))


def clean_question(question: str) -> str:
    """``clean_text``, and very long questions cut (the rest is noise)."""
    return clean_text(question)[:MAX_QUESTION_CHARS]


@dataclass(frozen=True)
class _Asked:
    """A question as the service handles it: cleaned, with its history, persona and language."""

    question: str
    turns: list[Turn]
    persona: Persona
    language: Language
    empty: bool


class AnswerService:
    """Extractive answers by default; with ``llm`` (settings.llm.mode other than none) the LLM composer
    drafts them and only verified sentences reach the caller (see ``bot/llm/composer.py``)."""

    def __init__(
        self,
        settings: Settings,
        search: HybridSearch,
        composer: ExtractiveComposer,
        llm: LLMComposer | None = None,
        sources: SourcesDesk | None = None,
    ) -> None:
        self.settings = settings
        self.search = search
        self.composer = composer
        self.llm = llm
        self.sources = sources

    def answer(
        self, question: str, history: Sequence[Turn | dict[str, str]] = (), persona: str | None = None
    ) -> Answer:
        if self.llm is not None:
            return final_answer(self._llm_stream(self.llm, question, history, persona))
        started = time.perf_counter()
        asked = self._prepare(question, history, persona)
        if asked.empty:
            answer = self._empty(asked.language)
        elif about := self._about_sources(asked):
            answer = about
        else:
            question, result = self._search(asked)
            answer = self.composer.compose(
                question, result, self.search.lexical.get(), asked.language, asked.persona
            )
        return self._finish(answer, started)

    def _search(self, asked: _Asked) -> tuple[str, SearchResult]:
        """The question as it stands alone ("En bij een zorgcoöperatie?" as the previous question about a
        zorgcoöperatie: ``HybridSearch.condense``) and what its search found in the conversation."""
        question, turns = self.search.condense(asked.question, asked.turns)
        return question, self.search.search(question, turns, language=asked.language)

    def _prepare(
        self, question: str, history: Sequence[Turn | dict[str, str]], persona: str | None
    ) -> _Asked:
        cleaned = clean_question(question)
        chosen: Persona = persona if persona in PERSONAS else self.settings.answer.persona  # type: ignore[assignment]
        return _Asked(
            question=cleaned,
            turns=[Turn(t.role, clean_lines(t.content)) for t in map(Turn.coerce, history)],
            persona=chosen,
            language=detect_language(cleaned),
            empty=not any(c.isalnum() for c in cleaned),
        )

    def _about_sources(self, asked: _Asked) -> Answer | None:
        """The answer from the corpus manifest to a question about the sources themselves ("Wie heeft het
        essay geschreven?"), or None for any other question."""
        if self.sources is None:
            return None
        return self.sources.answer(asked.question, asked.language, self.search.lexical.corpus_version)

    def _empty(self, language: Language) -> Answer:
        return Answer(
            EMPTY_QUESTION[language],
            refused=True,
            language=language,
            corpus_version=self.search.lexical.corpus_version,
        )

    def _finish(self, answer: Answer, started: float) -> Answer:
        # the top k, and any passage an answer cites beyond them (the next chunk that finishes a list)
        top = answer.retrieved[: self.settings.retrieval.k]
        answer.retrieved = [*top, *(c.passage for c in answer.citations if c.passage not in top)]
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def stream(
        self, question: str, history: Sequence[Turn | dict[str, str]] = (), persona: str | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces of the answer, then the final Answer object as the last item.

        In LLM mode the pieces are verified sentences, released while the model is still writing: a
        sentence is checked against its cited passages once it is complete, so nothing unverified is
        ever yielded (the pieces always concatenate to the final ``Answer.answer``)."""
        if self.llm is not None:
            yield from self._llm_stream(self.llm, question, history, persona)
            return
        answer = self.answer(question, history, persona)
        yield from re.findall(r"\S+\s*|\s+", answer.answer)
        yield answer

    def _llm_stream(
        self,
        llm: LLMComposer,
        question: str,
        history: Sequence[Turn | dict[str, str]],
        persona: str | None,
    ) -> Iterator[str | Answer]:
        """Condense → search → draft and verify."""
        started = time.perf_counter()
        asked = self._prepare(question, history, persona)
        standalone: str | None = None
        items: Iterator[str | Answer]
        fixed = self._empty(asked.language) if asked.empty else self._about_sources(asked)
        if fixed is not None:
            items = iter([*re.findall(r"\S+\s*|\s+", fixed.answer), fixed])
        else:
            standalone = llm.condense(asked.question, asked.turns, asked.language)
            # a standalone question needs no history terms; without one, search as the extractive path does
            if standalone:
                question, result = standalone, self.search.search(standalone, (), language=asked.language)
            else:
                question, result = self._search(asked)
            items = llm.stream(
                question,
                result,
                self.search.lexical.get(),
                asked.language,
                asked.persona,
                asked=asked.question,
            )
        for item in items:
            if isinstance(item, Answer):
                if standalone:
                    item.notes.insert(0, f"standalone question: {standalone}")
                item = self._finish(item, started)
            yield item
