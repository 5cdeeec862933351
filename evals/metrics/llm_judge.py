"""Optional LLM-judge metrics: faithfulness (is every claim of the answer supported by the retrieved
passages?) and answer relevance (does the answer address the question?).

Never required: the runner uses them only when given a judge, and a judge that fails for a case scores
None for that case. The judge reply is parsed leniently (the first JSON object in it); a reply that
cannot be read, or scores outside 0..1, give None scores with the raw reply kept in the explanation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from evals.metrics._stats import mean

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from bot.language import Language

_MARKER = re.compile(r"\[\d+\]")
_RAW_LIMIT = 500  # characters of an unreadable reply kept in the explanation


@dataclass(frozen=True)
class JudgeInput:
    question: str
    answer: str
    passages: Sequence[str]
    language: Language
    refused: bool = False


@dataclass(frozen=True)
class JudgeScore:
    faithfulness: float | None
    relevance: float | None
    explanation: str


Judge = Callable[[JudgeInput], JudgeScore]


def format_passages(passages: Sequence[str]) -> str:
    """The passages numbered ``[1]``, ``[2]``, ... as the judge prompt shows them."""
    if not passages:
        return "(geen passages / no passages)"
    return "\n\n".join(f"[{n}] {text.strip()}" for n, text in enumerate(passages, start=1))


def render_judge_prompt(inp: JudgeInput) -> str:
    from bot.llm.prompts import render

    return render(
        "judge",
        inp.language,
        question=inp.question,
        answer=inp.answer,
        passages=format_passages(inp.passages),
        count=len(inp.passages),
    )


def _first_json_object(text: str) -> dict[str, Any] | None:
    """The first ``{...}`` in ``text`` that decodes to a JSON object, or None."""
    decoder = json.JSONDecoder()
    start = text.find("{")
    while start != -1:
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            return value
        start = text.find("{", start + 1)
    return None


def _unit(value: Any) -> float | None:
    """A score in [0, 1] (numbers or numeric strings), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float):
        return None
    number = float(value)
    return number if 0.0 <= number <= 1.0 else None


def _unreadable(reason: str, raw: str) -> JudgeScore:
    return JudgeScore(None, None, f"{reason}; raw reply: {raw.strip()[:_RAW_LIMIT]}")


def parse_judge_reply(raw: str) -> JudgeScore:
    """Read ``{"faithfulness": 0..1, "relevance": 0..1, "explanation": "..."}`` from a judge reply."""
    data = _first_json_object(raw)
    if data is None:
        return _unreadable("no JSON object in the judge reply", raw)
    faithfulness, relevance = _unit(data.get("faithfulness")), _unit(data.get("relevance"))
    if faithfulness is None or relevance is None:
        return _unreadable("judge scores missing or outside 0..1", raw)
    explanation = data.get("explanation")
    return JudgeScore(faithfulness, relevance, str(explanation) if explanation is not None else "")


def _reply_text(message: Any) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content blocks
        return "".join(
            part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
            for part in content
        )
    return str(content)


def judge_answer(model: BaseChatModel, inp: JudgeInput) -> JudgeScore:
    """Ask ``model`` to judge one answer.

    A refusal without claims (no ``[n]`` markers) is faithful by definition and is not sent to the
    model; a refusal's relevance is not judged (None): refusal accuracy measures that instead.
    """
    if inp.refused and not _MARKER.search(inp.answer):
        return JudgeScore(1.0, None, "refusal without claims")
    from langchain_core.messages import HumanMessage

    raw = _reply_text(model.invoke([HumanMessage(render_judge_prompt(inp))]))
    score = parse_judge_reply(raw)
    if inp.refused:
        return JudgeScore(score.faithfulness, None, score.explanation)
    return score


def make_judge(model: BaseChatModel) -> Judge:
    """A judge for ``run_eval(judge=...)`` backed by ``model``."""
    return partial(judge_answer, model)


def failed_judge(error: str) -> JudgeScore:
    return JudgeScore(None, None, error)


def aggregate_judge(scores: Iterable[JudgeScore]) -> dict[str, Any]:
    """Means over the scores that are not None, and how many cases each mean covers."""
    scores = list(scores)
    faithfulness = [s.faithfulness for s in scores if s.faithfulness is not None]
    relevance = [s.relevance for s in scores if s.relevance is not None]
    return {
        "judge_faithfulness": mean(faithfulness),
        "judge_relevance": mean(relevance),
        "judge_faithfulness_cases": len(faithfulness),
        "judge_relevance_cases": len(relevance),
        "judge_cases": len(scores),
    }
