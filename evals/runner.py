"""Run cases through an answer function, score every case and aggregate per split.

The answer function is injected (``AnswerFn``) so the same runner scores the real pipeline, a
recorded run or a fake in tests. One failing case (exception, malformed answer) is recorded with
zero scores and an ``error`` message; the run goes on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.cases import EvalCase
from evals.metrics.citations import PassageLookup
from evals.metrics.llm_judge import JudgeInput, JudgeScore, aggregate_judge, failed_judge
from evals.scoring import (
    AnswerPayload,
    CaseScores,
    aggregate,
    case_details,
    case_scores,
    score_answer,
    score_failure,
)

AnswerFn = Callable[[str, list[dict[str, str]], str | None], dict[str, Any]]
OVERALL = "all"  # the key of the aggregate over every split

__all__ = [
    "OVERALL",
    "AnswerFn",
    "EvalResult",
    "PassageLookup",
    "load_results",
    "run_eval",
    "write_results",
]


@dataclass
class EvalResult:
    """Aggregates (``metrics[split][name]``, split ``"all"`` = every case) and one record per case."""

    metrics: dict[str, dict[str, Any]]
    cases: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"meta": self.meta, "metrics": self.metrics, "cases": self.cases}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvalResult:
        return cls(metrics=dict(data["metrics"]), cases=list(data["cases"]), meta=dict(data.get("meta", {})))


def write_results(result: EvalResult, path: Path) -> Path:
    """Write the result as JSON (UTF-8), creating parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.to_json() + "\n", encoding="utf-8")
    return path


def load_results(path: Path) -> EvalResult:
    """Read a result written by ``write_results`` (e.g. a baseline)."""
    return EvalResult.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def _cached(lookup: PassageLookup | None) -> PassageLookup | None:
    """Ask the index once per (source, text): many answers cite the same passages."""
    if lookup is None:
        return None
    seen: dict[tuple[str, str], bool] = {}

    def cached(source: str, text: str) -> bool:
        key = (source, text)
        if key not in seen:
            seen[key] = bool(lookup(source, text))
        return seen[key]

    return cached


def _record(
    case: EvalCase, payload: AnswerPayload | None, scored: CaseScores, k: int, error: str | None
) -> dict[str, Any]:
    return {
        "id": case.id,
        "split": case.split,
        "question": case.question,
        "history": case.history_dicts(),
        "persona": case.persona,
        "should_refuse": case.should_refuse,
        "answer": payload.answer if payload else "",
        "refused": payload.refused if payload else None,
        "language": payload.language if payload else None,
        "citations": payload.citations if payload else [],
        "retrieved": payload.retrieved if payload else [],
        "corpus_version": payload.corpus_version if payload else None,
        "latency_ms": scored.latency_ms,
        "scores": case_scores(scored, k),
        "missed_key_points": scored.key_points.missed,
        "details": case_details(scored),
        "error": error,
    }


def _judge_case(
    judge: Callable[[JudgeInput], JudgeScore],
    case: EvalCase,
    payload: AnswerPayload | None,
    k: int,
    record: dict[str, Any],
) -> JudgeScore:
    """Judge one answered case and add its scores to ``record``; never raises."""
    error: str | None = None
    if payload is None:  # the answer itself failed: nothing to judge
        score = failed_judge("no answer to judge")
    else:
        language = payload.language if payload.language in ("nl", "en") else "nl"
        inp = JudgeInput(
            question=case.question,
            answer=payload.answer,
            passages=[str(r.get("text", "")) for r in payload.retrieved[:k]],
            language=language,  # type: ignore[arg-type]
            refused=payload.refused,
        )
        try:
            score = judge(inp)
        except Exception as exc:  # the judge is optional: one failure must not stop the run
            error = f"{type(exc).__name__}: {exc}"
            score = failed_judge(error)
    record["scores"]["judge_faithfulness"] = score.faithfulness
    record["scores"]["judge_relevance"] = score.relevance
    record["judge_explanation"] = score.explanation
    record["judge_error"] = error
    return score


def run_eval(
    cases: Sequence[EvalCase],
    answer_fn: AnswerFn,
    passage_lookup: PassageLookup | None = None,
    k: int = 5,
    *,
    on_case: Callable[[int, int, dict[str, Any]], None] | None = None,
    judge: Callable[[JudgeInput], JudgeScore] | None = None,
) -> EvalResult:
    """Answer and score every case; aggregate per split and over all cases (key ``"all"``).

    ``k`` is the retrieval depth: hit@1/3/5 up to k (plus hit@k) and MRR@k. ``latency_ms`` is taken
    from the answer; when the answer lacks it the wall time of the call is used. ``on_case(i, n,
    record)`` is called after each case, e.g. for a progress line.

    ``judge`` (optional, e.g. ``evals.metrics.llm_judge.make_judge(model)``) adds the LLM-judge scores
    ``judge_faithfulness`` / ``judge_relevance`` per case and per split; a judge that fails for a case
    gives None scores there (``judge_error`` in the record) and the run goes on.
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    if any(case.split == OVERALL for case in cases):
        raise ValueError(f"a split may not be called {OVERALL!r}: that name holds the overall aggregate")
    lookup = _cached(passage_lookup)
    started = datetime.now(UTC)
    clock = time.perf_counter()
    records: list[dict[str, Any]] = []
    scored_cases: list[CaseScores] = []
    judged: list[JudgeScore] = []
    for i, case in enumerate(cases, start=1):
        payload: AnswerPayload | None = None
        error: str | None = None
        t0 = time.perf_counter()
        try:
            raw = answer_fn(case.question, case.history_dicts(), case.persona)
            elapsed_ms = (time.perf_counter() - t0) * 1000
            payload = AnswerPayload.model_validate(raw)
            if payload.latency_ms is None:
                payload.latency_ms = elapsed_ms
            scored = score_answer(case, payload, lookup, k)
        except Exception as exc:  # one broken case must not stop the run; it is reported instead
            error = f"{type(exc).__name__}: {exc}"
            scored = score_failure(case, k)
        scored_cases.append(scored)
        records.append(_record(case, payload, scored, k, error))
        if judge is not None:
            judged.append(_judge_case(judge, case, payload, k, records[-1]))
        if on_case is not None:
            on_case(i, len(cases), records[-1])

    splits = list(dict.fromkeys(case.split for case in cases))
    metrics = {OVERALL: aggregate(scored_cases, k)}
    for split in splits:
        metrics[split] = aggregate([s for s in scored_cases if s.split == split], k)
    if judge is not None:
        metrics[OVERALL] |= aggregate_judge(judged)
        for split in splits:
            metrics[split] |= aggregate_judge(
                j for j, c in zip(judged, cases, strict=True) if c.split == split
            )
    meta = {
        "k": k,
        "n_cases": len(cases),
        "splits": splits,
        "corpus_versions": sorted({r["corpus_version"] for r in records if r["corpus_version"]}),
        "started_at": started.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - clock, 3),
    }
    return EvalResult(metrics=metrics, cases=records, meta=meta)
