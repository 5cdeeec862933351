"""The answer object: what the CLI prints with --json, the chat page renders and the evals score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from bot.language import Language

Persona = Literal["ambtenaar", "collectief"]
PERSONAS: tuple[Persona, ...] = ("ambtenaar", "collectief")


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    content: str

    @classmethod
    def coerce(cls, value: Turn | dict[str, str]) -> Turn:
        if isinstance(value, Turn):
            return value
        role = value.get("role", "user")
        if role not in ("user", "assistant"):
            raise ValueError(f"history role must be 'user' or 'assistant', got {role!r}")
        return cls(role=role, content=str(value.get("content", "")))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its labels; ``text`` is the passage as stored in the index."""

    id: str
    text: str
    source: str
    title: str
    score: float
    page: int | None = None
    article: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None
    outdated: bool = False
    version_date: str | None = None
    kind: str | None = None
    chunk_index: int | None = None  # position in its document (the next chunk continues it)
    short_title: str | None = None  # the document's name as questions write it ("Gemeentewet", "Awb")

    @property
    def location(self) -> str:
        """ "p. 7", "art. 150" or "" for display."""
        if self.article:
            return f"art. {self.article}"
        if self.page is not None:
            return f"p. {self.page}"
        return ""

    def to_retrieved_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "page": self.page,
            "article": self.article,
            "text": self.text,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class Citation:
    n: int
    passage: Passage

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "n": self.n,
            "source": p.source,
            "title": p.title,
            "page": p.page,
            "article": p.article,
            "url": p.url,
            "text": p.text,
        }


@dataclass
class Answer:
    answer: str
    refused: bool
    language: Language
    citations: list[Citation] = field(default_factory=list)
    retrieved: list[Passage] = field(default_factory=list)
    corpus_version: str = ""
    latency_ms: float = 0.0
    notes: list[str] = field(default_factory=list)  # e.g. "verouderde wetstekst" warnings shown with sources

    def to_json(self) -> dict[str, Any]:
        """Exactly the ``wijzer ask --json`` object."""
        return {
            "answer": self.answer,
            "refused": self.refused,
            "language": self.language,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [p.to_retrieved_json() for p in self.retrieved],
            "corpus_version": self.corpus_version,
            "latency_ms": round(self.latency_ms, 1),
        }

    def debug_dict(self) -> dict[str, Any]:
        return asdict(self)


def final_answer(items: Iterable[str | Answer]) -> Answer:
    """The Answer that ends a stream of text pieces (the pieces themselves are dropped)."""
    answers = [item for item in items if isinstance(item, Answer)]
    if not answers:
        raise ValueError("the answer stream ended without an Answer")
    return answers[-1]
