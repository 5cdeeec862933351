"""Evaluation cases: the schema of one line of ``evals/cases/*.jsonl`` and how to load them.

The split of a case (``dev``, ``test``, ...) is the stem of the file it was loaded from; it is not part
of the JSON line, so it is kept as a private attribute and exposed as ``EvalCase.split``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

DEFAULT_SPLIT = "default"


class Turn(BaseModel):
    """One earlier message of the conversation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Literal["user", "assistant"]
    content: str


class EvalCase(BaseModel):
    """One question with what a good answer must retrieve, say, or refuse."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    history: list[Turn] = Field(default_factory=list)
    persona: Literal["ambtenaar", "collectief"] | None = None
    # Snippets that must ALL occur in ONE retrieved passage.
    expected_sources: list[str]
    # The same passage in the other language of a bilingual document (a treaty's English text and its Dutch
    # translation): a passage holding ALL of these answers the case as well.
    translated_sources: list[str] = Field(default_factory=list)
    # Each inner list is one point; it is met when the answer contains ANY of its alternatives.
    key_points: list[list[str]]
    should_refuse: bool

    _split: str = PrivateAttr(default=DEFAULT_SPLIT)

    @field_validator("expected_sources", "translated_sources")
    @classmethod
    def _no_blank_snippets(cls, value: list[str]) -> list[str]:
        if any(not s.strip() for s in value):
            raise ValueError("expected_sources may not contain blank snippets")
        return value

    @field_validator("key_points")
    @classmethod
    def _no_blank_points(cls, value: list[list[str]]) -> list[list[str]]:
        for i, point in enumerate(value):
            if not point:
                raise ValueError(f"key point {i} has no alternatives")
            if any(not alt.strip() for alt in point):
                raise ValueError(f"key point {i} contains a blank alternative")
        return value

    @property
    def split(self) -> str:
        return self._split

    def with_split(self, split: str) -> EvalCase:
        """A copy of this case that belongs to ``split``."""
        copy = self.model_copy()
        copy._split = split
        return copy

    def history_dicts(self) -> list[dict[str, str]]:
        """The history as plain ``{"role", "content"}`` dicts, the form an ``AnswerFn`` takes."""
        return [turn.model_dump() for turn in self.history]


class CaseLoadError(ValueError):
    """A case file could not be read; the message names the file and line."""


def _format_validation_error(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        location = ".".join(str(p) for p in item["loc"]) or "<line>"
        parts.append(f"{location}: {item['msg']}")
    return "; ".join(parts)


def _load_file(path: Path) -> list[tuple[int, EvalCase]]:
    cases: list[tuple[int, EvalCase]] = []
    split = path.stem
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CaseLoadError(f"{where}: invalid JSON: {exc.msg} (column {exc.colno})") from exc
            if not isinstance(data, dict):
                raise CaseLoadError(f"{where}: expected a JSON object, got {type(data).__name__}")
            try:
                case = EvalCase.model_validate(data)
            except ValidationError as exc:
                label = f" (id {data['id']!r})" if isinstance(data.get("id"), str) else ""
                raise CaseLoadError(f"{where}{label}: invalid case: {_format_validation_error(exc)}") from exc
            cases.append((lineno, case.with_split(split)))
    return cases


def load_cases(path: Path) -> list[EvalCase]:
    """Load one ``.jsonl`` file or every ``*.jsonl`` in a directory (sorted by name).

    Blank lines are skipped. Raises ``FileNotFoundError`` for a missing path and ``CaseLoadError``
    (with ``file:line``) for bad JSON, a schema violation, an empty directory or a duplicate id.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such case file or directory: {path}")
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise CaseLoadError(f"{path}: no *.jsonl case files in this directory")
    cases: list[EvalCase] = []
    seen: dict[str, str] = {}
    for file in files:
        for lineno, case in _load_file(file):
            if case.id in seen:
                raise CaseLoadError(
                    f"{file}:{lineno}: duplicate case id {case.id!r} (first at {seen[case.id]})"
                )
            seen[case.id] = f"{file}:{lineno}"
            cases.append(case)
    return cases
