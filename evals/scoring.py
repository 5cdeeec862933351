"""Score one answered case with every metric, and aggregate groups of scored cases.

Sits between the runner (which calls the answer function) and the metric modules (which know
nothing of cases or answers): it feeds each metric its typed input and flattens the outputs into
the JSON-friendly per-case ``scores`` / ``details`` and per-split aggregates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from evals.cases import EvalCase
from evals.metrics.citations import (
    CitationInput,
    CitationScore,
    PassageLookup,
    aggregate_citations,
    failed_citations,
    score_citations,
)
from evals.metrics.grounding import (
    GroundingInput,
    GroundingScore,
    aggregate_grounding,
    failed_grounding,
    score_grounding,
)
from evals.metrics.key_points import KeyPointInput, KeyPointScore, aggregate_key_points, score_key_points
from evals.metrics.language import LanguageInput, LanguageScore, aggregate_language, score_language
from evals.metrics.latency import aggregate_latency
from evals.metrics.refusal import RefusalInput, RefusalScore, aggregate_refusal, failed_refusal, score_refusal
from evals.metrics.retrieval import (
    RetrievalInput,
    RetrievalScore,
    aggregate_retrieval,
    cutoffs,
    failed_retrieval,
    score_retrieval,
)


class AnswerPayload(BaseModel):
    """The fields of ``wijzer ask --json`` the metrics rely on; anything else is kept, not checked."""

    model_config = ConfigDict(extra="allow")

    answer: str
    refused: bool
    language: str | None = None
    citations: list[dict[str, Any]] = []
    retrieved: list[dict[str, Any]] = []
    corpus_version: str | None = None
    latency_ms: float | None = None


@dataclass
class CaseScores:
    """Typed per-case metric outputs, kept until aggregation."""

    split: str
    retrieval: RetrievalScore | None
    key_points: KeyPointScore
    refusal: RefusalScore
    citations: CitationScore
    grounding: GroundingScore
    language: LanguageScore | None
    latency_ms: float | None
    error: bool


def score_answer(case: EvalCase, payload: AnswerPayload, lookup: PassageLookup | None, k: int) -> CaseScores:
    """Run every metric on one case and its answer (retrieval looks at the first ``k`` passages)."""
    return CaseScores(
        split=case.split,
        retrieval=score_retrieval(
            RetrievalInput(
                case.expected_sources,
                [str(r.get("text", "")) for r in payload.retrieved],
                k,
                case.translated_sources,
            )
        ),
        key_points=score_key_points(KeyPointInput(payload.answer, case.key_points)),
        refusal=score_refusal(RefusalInput(payload.refused, case.should_refuse)),
        citations=score_citations(
            CitationInput(payload.answer, payload.refused, payload.citations, payload.retrieved, lookup)
        ),
        grounding=score_grounding(GroundingInput(payload.answer, payload.citations, payload.refused)),
        language=score_language(
            LanguageInput(case.question, payload.answer, [str(c.get("text", "")) for c in payload.citations])
        ),
        latency_ms=payload.latency_ms,
        error=False,
    )


def score_failure(case: EvalCase, k: int) -> CaseScores:
    """The scores of a case without a usable answer: zero wherever the case expects something."""
    return CaseScores(
        split=case.split,
        retrieval=failed_retrieval(case.expected_sources, k),
        key_points=score_key_points(KeyPointInput("", case.key_points)),
        refusal=failed_refusal(case.should_refuse),
        citations=failed_citations(),
        grounding=failed_grounding(),
        language=None,
        latency_ms=None,
        error=True,
    )


def case_scores(scored: CaseScores, k: int) -> dict[str, Any]:
    """The per-case ``scores``: 0..1 floats (None = not applicable) and ``numbers_ok`` as a bool."""
    scores: dict[str, Any] = {}
    for c in cutoffs(k):
        scores[f"hit@{c}"] = None if scored.retrieval is None else float(scored.retrieval.hits[c])
    scores["mrr"] = None if scored.retrieval is None else scored.retrieval.reciprocal_rank
    scores["key_point_coverage"] = scored.key_points.coverage
    scores["refusal_correct"] = 1.0 if scored.refusal.correct else 0.0
    scores["citation_validity"] = scored.citations.score
    scores["grounding"] = scored.grounding.score
    scores["numbers_ok"] = scored.grounding.numbers_ok
    scores["language_match"] = 0.0 if scored.language is None else scored.language.score
    return scores


def case_details(scored: CaseScores) -> dict[str, Any]:
    """Why a case scored as it did: ranks, bad markers, unsupported sentences and numbers, languages."""
    citations = asdict(scored.citations)
    del citations["score"]
    grounding = scored.grounding
    return {
        "first_rank": None if scored.retrieval is None else scored.retrieval.first_rank,
        "citations": citations,
        "grounding": {
            "cited_sentences": grounding.cited_sentences,
            "supported_sentences": grounding.supported_sentences,
            "uncited_sentences": grounding.uncited_sentences,
            "unsupported_sentences": [
                {"sentence": s.sentence, "support": round(s.support, 3), "missing_words": s.missing_words}
                for s in grounding.sentences
                if not s.supported
            ],
            "numbers": grounding.numbers,
            "unsupported_numbers": grounding.unsupported_numbers,
        },
        "language": None
        if scored.language is None
        else {
            "question": scored.language.question_language,
            "answer": scored.language.answer_language,
            "confident": scored.language.confident,
            "quotes": scored.language.quotes,
        },
    }


def aggregate(scored: Sequence[CaseScores], k: int) -> dict[str, Any]:
    """Every aggregate metric of a group of cases, flat: ``{"hit@5": 0.9, "mrr": 0.8, ...}``."""
    retrieval = aggregate_retrieval((s.retrieval for s in scored), k)
    key_points = aggregate_key_points(s.key_points for s in scored)
    refusal = aggregate_refusal(s.refusal for s in scored)
    citations = aggregate_citations(s.citations for s in scored)
    grounding = aggregate_grounding(s.grounding for s in scored)
    language = aggregate_language(s.language for s in scored)
    latency = aggregate_latency(s.latency_ms for s in scored)
    metrics: dict[str, Any] = {"n_cases": len(scored), "n_errors": sum(s.error for s in scored)}
    metrics.update({f"hit@{c}": v for c, v in retrieval.hit_at.items()})
    metrics |= {
        "mrr": retrieval.mrr,
        "retrieval_cases": retrieval.n,
        "key_point_coverage": key_points.coverage,
        "key_point_cases": key_points.n,
        "refusal_accuracy": refusal.accuracy,
        "refusal_precision": refusal.precision,
        "refusal_recall": refusal.recall,
        "refusal_f1": refusal.f1,
        "refusal_tp": refusal.tp,
        "refusal_fp": refusal.fp,
        "refusal_fn": refusal.fn,
        "refusal_tn": refusal.tn,
        "citation_validity": citations.validity,
        "citation_marker_validity": citations.marker_validity,
        "grounding": grounding.grounding,
        "grounding_cases": grounding.n,
        "uncited_sentences": grounding.uncited_sentences,
        "uncited_share": grounding.uncited_share,
        "numbers_ok": grounding.numbers_ok,
        "numbers_cases": grounding.numbers_cases,
        "language_match": language.match,
        "latency_p50_ms": latency.p50_ms,
        "latency_p95_ms": latency.p95_ms,
        "latency_mean_ms": latency.mean_ms,
        "latency_max_ms": latency.max_ms,
    }
    return metrics
