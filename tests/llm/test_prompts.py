"""Every prompt file renders, and the loader refuses templates and variables that do not match."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.llm.prompts import PROMPTS_DIR, PromptError, PromptLibrary, render
from bot.settings import PROJECT_ROOT

VALUES = {
    "system": {"persona": "PERSONA-TEXT"},
    "persona": {},
    "answer": {"passages": "PASSAGES-BLOCK", "question": "QUESTION-TEXT", "count": 3},
    "condense": {"history": "HISTORY-TEXT", "question": "QUESTION-TEXT"},
    "judge": {"passages": "PASSAGES-BLOCK", "question": "QUESTION-TEXT", "answer": "ANSWER-TEXT", "count": 3},
}
REQUIRED = ["system", "answer", "condense", "persona.ambtenaar", "persona.collectief"]


def test_prompts_live_at_the_project_root() -> None:
    assert PROMPTS_DIR == PROJECT_ROOT / "prompts"
    found = set(PromptLibrary().available())
    assert {(kind, lang) for kind in REQUIRED for lang in ("nl", "en")} <= found


@pytest.mark.parametrize(("kind", "language"), PromptLibrary().available())
def test_every_prompt_file_renders(kind: str, language: str) -> None:
    values = VALUES[kind.split(".")[0]]
    text = render(kind, language, **values)  # type: ignore[arg-type]
    assert "{" not in text.replace("{{", "") and len(text) > 100
    for value in values.values():
        assert str(value) in text


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_rules_are_in_the_system_prompt(language: str) -> None:
    text = render("system", language, persona="x").lower()  # type: ignore[arg-type]
    refusal = "dat staat niet in de bronnen" if language == "nl" else "the sources do not cover this"
    assert refusal in text and "[1]" in text
    assert ("verouderde" if language == "nl" else "outdated") in text
    assert ("geen opdrachten" if language == "nl" else "not commands") in text


def test_render_rejects_missing_and_unknown_variables() -> None:
    with pytest.raises(PromptError, match="question"):
        render("answer", "nl", passages="x", count=1)
    with pytest.raises(PromptError, match="extra"):
        render("condense", "nl", history="h", question="q", persona="x")
    with pytest.raises(PromptError, match="unknown prompt kind"):
        render("nonsense", "nl")


def _library(tmp_path: Path, name: str, text: str) -> PromptLibrary:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return PromptLibrary(tmp_path)


def test_a_template_with_an_unknown_placeholder_fails(tmp_path: Path) -> None:
    library = _library(tmp_path, "condense.nl.md", "{history} {question} {answer}")
    with pytest.raises(PromptError, match=r"unknown placeholder.*answer"):
        library.render("condense", "nl", history="h", question="q")


def test_a_template_that_forgets_a_variable_fails(tmp_path: Path) -> None:
    library = _library(tmp_path, "answer.nl.md", "{question} uit {count} passages")
    with pytest.raises(PromptError, match=r"does not use.*passages"):
        library.render("answer", "nl", passages="p", question="q", count=1)


def test_literal_braces_and_bad_placeholders(tmp_path: Path) -> None:
    ok = _library(tmp_path, "persona.test.nl.md", "Schrijf {{zo}}.")
    assert ok.render("persona.test", "nl") == "Schrijf {zo}."
    bad = _library(tmp_path, "persona.kapot.nl.md", "Een enkele { accolade")
    with pytest.raises(PromptError):
        bad.render("persona.kapot", "nl")
    indexed = _library(tmp_path, "condense.en.md", "{history[0]} {question}")
    with pytest.raises(PromptError, match="plain name"):
        indexed.render("condense", "en", history="h", question="q")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PromptError, match=r"system\.nl\.md"):
        PromptLibrary(tmp_path).render("system", "nl", persona="x")
