"""Query expansion with the curated synonym/translation table (synonyms.yaml beside this file)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from bot.retrieval.analysis import fold


@dataclass(frozen=True)
class SynonymTable:
    groups: tuple[tuple[str, ...], ...]
    glossary: dict[str, tuple[str, ...]] = field(default_factory=dict)  # English word → Dutch words

    @classmethod
    def load(cls, text: str | None = None, glossary_text: str | None = None) -> SynonymTable:
        package = resources.files("bot.retrieval")
        raw = text if text is not None else package.joinpath("synonyms.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(raw) or {}
        groups = data.get("groups") or []
        if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
            raise ValueError("synonyms.yaml: 'groups' must be a list of lists of terms")
        if glossary_text is None:
            glossary_text = package.joinpath("glossary_en_nl.yaml").read_text(encoding="utf-8")
        entries = yaml.safe_load(glossary_text) or {}
        if not isinstance(entries, dict) or not all(isinstance(v, list) for v in entries.values()):
            raise ValueError("glossary_en_nl.yaml: expected 'english: [dutch, ...]' entries")
        glossary = {fold(str(k)): tuple(fold(str(v)) for v in vs) for k, vs in entries.items()}
        return cls(tuple(tuple(fold(str(term)) for term in group) for group in groups), glossary)

    def translations(self, word: str) -> tuple[str, ...]:
        """Dutch words for an English question word (empty for any other word)."""
        return self.glossary.get(fold(word), ())

    def matched_groups(self, question: str) -> list[tuple[tuple[str, ...], list[str]]]:
        """Each group the question mentions, with the members it mentions."""
        folded = " " + " ".join(re.findall(r"[\w-]+", fold(question))) + " "
        out = []
        for group in self.groups:
            hits = [term for term in group if _mentions(folded, term)]
            if hits:
                out.append((group, hits))
        return out

    def expansions(self, question: str) -> list[str]:
        """Terms to add for ``question``: the other members of every group it mentions."""
        folded = " " + " ".join(re.findall(r"[\w-]+", fold(question))) + " "
        added: list[str] = []
        for group in self.groups:
            if any(_mentions(folded, term) for term in group):
                added.extend(term for term in group if not _mentions(folded, term))
        return added


def _mentions(folded_question: str, term: str) -> bool:
    return f" {term} " in folded_question


@cache
def default_synonyms() -> SynonymTable:
    return SynonymTable.load()
