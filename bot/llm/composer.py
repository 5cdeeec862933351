"""The LLM composer: a chat model drafts the answer from numbered passages, the verifier decides what
of it is shown.

Flow (driven by ``AnswerService``): ``condense`` turns a follow-up into a standalone question before
retrieval. ``stream`` first composes the extractive answer: its evidence check is the gate (weak
evidence, a missing name, an instruction-override attempt give the same refusal as without an LLM, and
no model call), and it is the fallback when the model cannot be reached. Then the model drafts, and
verified sentences are released while it is still writing; when none survives, the answer is the
extractive refusal. Text in the question or the passages gets no power: both travel as delimited data,
and whatever the model makes of them still has to pass the verifier.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answer.composer import ExtractiveComposer
from bot.answer.framing import outdated_note
from bot.answer.guard import OVERRIDE
from bot.answer.types import Answer, Citation, Passage, Persona, Turn, final_answer
from bot.language import Language
from bot.llm.context import format_history, format_passages, select_passages
from bot.llm.draft import VerifiedDraft
from bot.llm.prompts import PromptLibrary, default_library
from bot.llm.verify import Verifier
from bot.retrieval.analysis import STOPWORDS, fold, words
from bot.retrieval.hybrid import SearchResult
from bot.retrieval.lexical import LexicalIndex

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

_PIECES = re.compile(r"\S+\s*|\s+")
_ANSWER_PREFIX = re.compile(r"^\s*(zelfstandige vraag|standalone question|vraag|question)\s*:\s*", re.I)


@dataclass(frozen=True)
class LLMComposerSettings:
    context_passages: int = 5  # top-k passages in the prompt (the only ones a marker may cite)
    max_context_chars: int = 6000  # budget for their text: small local models have small windows
    history_turns: int = 4  # turns shown to the condense prompt
    support_threshold: float = 0.5  # share of a sentence's content words its cited passage must hold
    window_sentences: int = 2  # a passage sentence, or this many adjacent ones, must hold them


def _content(chunk: object) -> str:
    """The text of a message chunk (str content, or the text parts of a list)."""
    content = getattr(chunk, "content", chunk)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)
    return ""


def pieces(text: str) -> list[str]:
    """Word-sized pieces for streaming a finished text (as the extractive path does)."""
    return _PIECES.findall(text)


class LLMComposer:
    def __init__(
        self,
        model: BaseChatModel,
        extractive: ExtractiveComposer,
        settings: LLMComposerSettings | None = None,
        prompts: PromptLibrary | None = None,
    ) -> None:
        self.model = model
        self.extractive = extractive
        self.settings = settings or LLMComposerSettings()
        self.prompts = prompts or default_library()

    # condensing ----------------------------------------------------------------------------------------
    def condense(self, question: str, history: Sequence[Turn], language: Language) -> str | None:
        """The question rewritten to stand alone, or None when there is nothing to condense or the model
        gives nothing usable (the caller then searches with the question and the history as before)."""
        if not any(t.role == "user" for t in history):
            return None
        from langchain_core.messages import HumanMessage

        prompt = self.prompts.render(
            "condense",
            language,
            history=format_history(history, language, self.settings.history_turns),
            question=question,
        )
        try:
            reply = _content(self.model.invoke([HumanMessage(prompt)]))
        except Exception as exc:  # an unreachable server must not cost the user the answer
            log.warning("condensing the question failed: %s", exc)
            return None
        return self._clean_condensed(reply, question)

    @staticmethod
    def _clean_condensed(reply: str, question: str) -> str | None:
        """The first line that is a plausible rewrite of ``question``: about as long, and keeping at
        least half of its content words (a rewrite replaces the referring words, not the rest)."""
        for line in reply.strip().splitlines():
            text = _ANSWER_PREFIX.sub("", line.strip()).strip().strip("\"'“”‘’`*-• ").strip()
            text = re.sub(r"</?(vraag|question)>", "", text).strip()
            if any(c.isalnum() for c in text):
                break
        else:
            return None
        if len(text) > 3 * len(question) + 200:
            return None
        own = {w[:5] for w in words(question) if w not in STOPWORDS and len(w) > 2}
        kept = own & {w[:5] for w in words(text)}
        return text if not own or len(kept) >= len(own) / 2 else None

    # composing -----------------------------------------------------------------------------------------
    def messages(
        self, question: str, passages: Sequence[Passage], language: Language, persona: Persona
    ) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        system = self.prompts.render(
            "system", language, persona=self.prompts.render(f"persona.{persona}", language)
        )
        user = self.prompts.render(
            "answer",
            language,
            passages=format_passages(passages, language),
            question=question,
            count=len(passages),
        )
        return [SystemMessage(system), HumanMessage(user)]

    def compose(
        self,
        question: str,
        result: SearchResult,
        lexical: LexicalIndex,
        language: Language,
        persona: Persona,
        asked: str | None = None,
    ) -> Answer:
        """The verified answer in one piece (``stream`` without the pieces)."""
        return final_answer(self.stream(question, result, lexical, language, persona, asked))

    def stream(
        self,
        question: str,
        result: SearchResult,
        lexical: LexicalIndex,
        language: Language,
        persona: Persona,
        asked: str | None = None,
    ) -> Iterator[str | Answer]:
        """Verified text pieces as the model writes, then the Answer (whose text is their concatenation).

        ``question`` is what was searched for (the standalone question); ``asked`` the user's own words,
        checked for instruction-override attempts too, as a rewrite may have smoothed them away.
        """
        if asked and OVERRIDE.search(fold(asked)):
            yield from self._finished(
                self.extractive.refuse(language, result, "instruction-override attempt")
            )
            return
        # The extractive answer is the evidence gate (its refusal is the refusal, and no model call is
        # made) and the fallback when the model cannot be reached.
        extractive = self.extractive.compose(question, result, lexical, language, persona)
        if extractive.refused:
            yield from self._finished(extractive)
            return
        s = self.settings
        passages = select_passages(result.passages, s.context_passages, s.max_context_chars)
        verifier = Verifier(passages, lexical.analyzer, s.support_threshold, s.window_sentences)
        draft = VerifiedDraft(verifier, question=f"{question} {asked or ''}", language=language)
        try:
            for chunk in self.model.stream(self.messages(question, passages, language, persona)):
                yield from draft.feed(_content(chunk))
        except Exception as exc:
            if draft.text:  # part of a verified answer is out: finish it with what passed
                log.warning("the model stopped mid-answer: %s", exc)
            else:
                log.warning("the model failed, answering extractively: %s", exc)
                extractive.notes.append(f"llm unavailable: {exc}")
                yield from self._finished(extractive)
                return
        yield from draft.finish()
        stats = draft.stats
        notes = [*extractive.notes, f"llm: kept {stats.kept} of {stats.sentences} sentences"]
        notes += draft.notes()
        if not draft.kept:
            # Nothing the model wrote survived: the extractive answer (which passed the evidence gate and
            # quotes the passages) is the honest fallback.
            extractive.notes = [*notes, "llm: no verified sentence; answered extractively"]
            yield from self._finished(extractive)
            return
        citations = [Citation(i, passages[n - 1]) for i, n in enumerate(draft.order, start=1)]
        text = draft.text
        note = outdated_note([c.passage for c in citations], language)
        if note:
            text += note
            yield note
        yield Answer(
            answer=text,
            refused=False,
            language=language,
            citations=citations,
            retrieved=result.passages,
            corpus_version=result.corpus_version,
            notes=notes,
        )

    @staticmethod
    def _finished(answer: Answer) -> Iterator[str | Answer]:
        yield from pieces(answer.answer)
        yield answer
