"""Prompt templates as Markdown files in ``<project root>/prompts``, named ``<kind>.<language>.md``.

Templates use ``{placeholders}`` (``str.format``; a literal brace is written ``{{``). Each template kind
has a pydantic model of its variables (``extra="forbid"``): a template must use exactly that model's
fields, and ``render`` accepts exactly those, so a renamed or forgotten variable fails loudly instead of
sending a half-filled prompt. Files are read on first use, never at import.
"""

from __future__ import annotations

import string
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.language import Language
from bot.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


class PromptError(ValueError):
    """A prompt file is missing or malformed, or was rendered with the wrong variables."""


class _Vars(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SystemVars(_Vars):
    persona: str  # the rendered persona prompt


class PersonaVars(_Vars):
    pass


class AnswerVars(_Vars):
    passages: str  # the numbered, delimited passages block
    question: str
    count: int  # how many passages there are (the highest valid marker)


class CondenseVars(_Vars):
    history: str
    question: str


class JudgeVars(_Vars):
    passages: str  # the numbered passages the answer was given
    question: str
    answer: str
    count: int


# The kind is the file name before the language; persona variants share one model.
VARIABLES: dict[str, type[_Vars]] = {
    "system": SystemVars,
    "persona": PersonaVars,
    "answer": AnswerVars,
    "condense": CondenseVars,
    "judge": JudgeVars,
}


def variables_model(kind: str) -> type[_Vars]:
    """``persona.ambtenaar`` → PersonaVars; an unknown kind is an error."""
    model = VARIABLES.get(kind.split(".", 1)[0])
    if model is None:
        raise PromptError(f"unknown prompt kind {kind!r} (known: {', '.join(sorted(VARIABLES))})")
    return model


def placeholders(template: str, name: str = "template") -> set[str]:
    """The named placeholders of a template; positional, indexed or formatted ones are rejected."""
    found: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:  # a single "{" or "}"
        raise PromptError(f"{name}: {exc} (write a literal brace as {{{{ or }}}})") from exc
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier() or spec or conversion:
            raise PromptError(f"{name}: placeholder {{{field}}} must be a plain name like {{question}}")
        found.add(field)
    return found


class PromptLibrary:
    """The prompt files of one folder, read and checked once each."""

    def __init__(self, folder: Path = PROMPTS_DIR) -> None:
        self.folder = folder
        self._templates: dict[tuple[str, Language], str] = {}

    def path(self, kind: str, language: Language) -> Path:
        return self.folder / f"{kind}.{language}.md"

    def available(self) -> list[tuple[str, Language]]:
        """Every (kind, language) with a file in the folder."""
        out: list[tuple[str, Language]] = []
        for file in sorted(self.folder.glob("*.md")):
            kind, _, language = file.name.removesuffix(".md").rpartition(".")
            if kind and language in ("nl", "en"):
                out.append((kind, language))  # type: ignore[arg-type]
        return out

    def template(self, kind: str, language: Language) -> str:
        """The checked template text (read once)."""
        key = (kind, language)
        if key not in self._templates:
            self._templates[key] = self._load(kind, language)
        return self._templates[key]

    def _load(self, kind: str, language: Language) -> str:
        model = variables_model(kind)
        path = self.path(kind, language)
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise PromptError(f"prompt file {path} cannot be read: {exc}") from exc
        used = placeholders(text, path.name)
        expected = set(model.model_fields)
        if used - expected:
            raise PromptError(f"{path.name}: unknown placeholder(s) {sorted(used - expected)}")
        if expected - used:
            raise PromptError(f"{path.name}: does not use {sorted(expected - used)}")
        return text

    def render(self, kind: str, language: Language, **values: object) -> str:
        template = self.template(kind, language)
        try:
            checked = variables_model(kind)(**values)
        except ValidationError as exc:
            raise PromptError(f"{kind}.{language}: {exc}") from exc
        return template.format(**checked.model_dump())


@cache
def default_library() -> PromptLibrary:
    return PromptLibrary()


def render(kind: str, language: Language, **values: object) -> str:
    """Render ``prompts/<kind>.<language>.md`` with exactly its variables."""
    return default_library().render(kind, language, **values)
