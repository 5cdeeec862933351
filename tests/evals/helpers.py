"""Hand-built answers and passages for the eval tests (no randomness, no I/O)."""

from __future__ import annotations

from typing import Any

from evals.cases import EvalCase


def passage(
    text: str, source: str = "essay.pdf", *, page: int | None = 3, score: float = 0.5
) -> dict[str, Any]:
    return {
        "source": source,
        "title": source.upper(),
        "page": page,
        "article": None,
        "text": text,
        "score": score,
    }


def citation(n: int, text: str, source: str = "essay.pdf", *, page: int | None = 3) -> dict[str, Any]:
    return {
        "n": n,
        "source": source,
        "title": source.upper(),
        "page": page,
        "article": None,
        "url": None,
        "text": text,
    }


def answer(
    text: str,
    *,
    refused: bool = False,
    citations: list[dict[str, Any]] | None = None,
    retrieved: list[dict[str, Any]] | None = None,
    language: str = "nl",
    latency_ms: float | None = 100.0,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "answer": text,
        "refused": refused,
        "language": language,
        "citations": citations or [],
        "retrieved": retrieved or [],
        "corpus_version": "corpus-v1",
    }
    if latency_ms is not None:
        result["latency_ms"] = latency_ms
    return result


def case(
    case_id: str,
    question: str,
    *,
    expected_sources: list[str] | None = None,
    key_points: list[list[str]] | None = None,
    should_refuse: bool = False,
    split: str = "test",
    persona: str | None = None,
) -> EvalCase:
    return EvalCase(
        id=case_id,
        question=question,
        persona=persona,
        expected_sources=expected_sources or [],
        key_points=key_points or [],
        should_refuse=should_refuse,
    ).with_split(split)
