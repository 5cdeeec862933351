"""Turn thumbs-down feedback into candidate eval cases for a maintainer to complete.

A candidate keeps only what the case schema allows: question, history, persona. ``expected_sources``
and ``key_points`` start empty (the maintainer fills them in from the review file) and
``should_refuse`` starts False. The user's comment, the bot's answer and the passages it showed stay
out of the case and go into a review file next to it. Reading the feedback store is done elsewhere;
everything here is pure except the two ``write_*`` functions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

PERSONAS = frozenset({"ambtenaar", "collectief"})
ROLES = frozenset({"user", "assistant"})
REVIEW_PASSAGE_CHARS = 800


def _history(row: Mapping[str, Any]) -> list[dict[str, str]]:
    """Only user/assistant turns with text survive (system or tool messages are not case material)."""
    turns = []
    for turn in row.get("history") or []:
        if isinstance(turn, Mapping) and turn.get("role") in ROLES and isinstance(turn.get("content"), str):
            turns.append({"role": str(turn["role"]), "content": turn["content"]})
    return turns


def _persona(row: Mapping[str, Any]) -> str | None:
    persona = row.get("persona")
    return persona if persona in PERSONAS else None


def case_id(question: str, history: Sequence[Mapping[str, str]], persona: str | None) -> str:
    """A stable id: the same conversation always gets the same id, so repeats collapse into one case."""
    key = json.dumps({"q": question, "h": list(history), "p": persona}, ensure_ascii=False, sort_keys=True)
    return "feedback-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def feedback_to_cases(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Candidate cases (schema of ``evals/cases/*.jsonl``), one per distinct conversation, in row order.

    Rows are dicts with ``question``, ``answer``, ``comment``, ``history`` (list), ``persona``
    (optional) and ``sources`` (list of ``{source, text}``). Rows without a question are skipped.
    """
    cases: dict[str, dict[str, Any]] = {}
    for row in rows:
        question = str(row.get("question") or "").strip()
        if not question:
            continue
        history, persona = _history(row), _persona(row)
        cid = case_id(question, history, persona)
        if cid in cases:
            continue
        case: dict[str, Any] = {"id": cid, "question": question}
        if history:
            case["history"] = history
        if persona:
            case["persona"] = persona
        case |= {"expected_sources": [], "key_points": [], "should_refuse": False}
        cases[cid] = case
    return list(cases.values())


def feedback_review(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What a maintainer needs to complete each candidate: answers, comments and shown passages."""
    entries: dict[str, dict[str, Any]] = {}
    for row in rows:
        question = str(row.get("question") or "").strip()
        if not question:
            continue
        cid = case_id(question, _history(row), _persona(row))
        entry = entries.setdefault(cid, {"id": cid, "question": question, "feedback": []})
        entry["feedback"].append(
            {
                "answer": str(row.get("answer") or ""),
                "comment": str(row.get("comment") or ""),
                "sources": [
                    {"source": str(s.get("source", "")), "text": str(s.get("text", ""))}
                    for s in row.get("sources") or []
                    if isinstance(s, Mapping)
                ],
            }
        )
    return list(entries.values())


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in (text.strip() or "(empty)").splitlines())


def render_review(entries: Sequence[Mapping[str, Any]]) -> str:
    """The review file: per candidate the bot's answer(s), the comments and the passages shown."""
    lines = [
        "# Feedback candidates to review",
        "",
        "For each case in the candidates file: fill in `expected_sources` (a snippet copied from the right",
        "passage) and `key_points`, or set `should_refuse`, then move it into evals/cases/.",
    ]
    for entry in entries:
        lines += ["", f"## {entry['id']}", "", f"**Question:** {entry['question']}"]
        for i, item in enumerate(entry["feedback"], start=1):
            lines += ["", f"### Feedback {i}", "", "**Answer given:**", "", _quote(item["answer"]), ""]
            lines += ["**Comment:**", "", _quote(item["comment"]), ""]
            for source in item["sources"]:
                text = source["text"][:REVIEW_PASSAGE_CHARS]
                lines += [f"- `{source['source']}`:", "", _quote(text), ""]
    return "\n".join(lines) + "\n"


def write_candidates(
    cases: Sequence[Mapping[str, Any]], path: Path, review: Sequence[Mapping[str, Any]] | None = None
) -> list[Path]:
    """Write candidates as JSON lines to ``path``; with ``review`` (from ``feedback_review``) also
    ``<stem>.review.md`` next to it. Returns the written paths."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(dict(c), ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    written = [path]
    if review is not None:
        review_path = path.with_name(f"{path.stem}.review.md")
        review_path.write_text(render_review(review), encoding="utf-8")
        written.append(review_path)
    return written
