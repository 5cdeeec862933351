"""What the model sees: the numbered passages as one delimited data block, and the conversation.

Passage text goes in verbatim (a citation must show the stored text), except that anything looking like
the block's own delimiters is defused, so a passage cannot close the data block and speak as the prompt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer.types import Passage, Turn
from bot.language import Language

_DELIMITER = re.compile(r"<(/?)\s*(bronnen|sources|passage|vraag|question|gesprek|conversation)\b", re.I)

_LABELS: dict[Language, dict[str, str]] = {
    "nl": {"version": "versie", "outdated": "VEROUDERDE WETSTEKST, niet de geldende tekst"},
    "en": {"version": "version", "outdated": "OUTDATED STATUTE TEXT, not the law in force"},
}
_ROLES: dict[Language, dict[str, str]] = {
    "nl": {"user": "Gebruiker", "assistant": "Wijzer"},
    "en": {"user": "User", "assistant": "Wijzer"},
}


def defuse(text: str) -> str:
    """``</bronnen>`` → ``‹/bronnen>``: readable, but no longer the delimiter."""
    return _DELIMITER.sub(lambda m: f"‹{m.group(1)}{m.group(2)}", text)


def select_passages(passages: Sequence[Passage], k: int, max_chars: int) -> list[Passage]:
    """The best ``k`` passages that fit ``max_chars`` together (the first always goes in)."""
    chosen: list[Passage] = []
    used = 0
    for passage in passages[:k]:
        if chosen and used + len(passage.text) > max_chars:
            break
        chosen.append(passage)
        used += len(passage.text)
    return chosen


def passage_header(n: int, passage: Passage, language: Language) -> str:
    """``[2] Gemeentewet — art. 150 — versie 2025-01-01`` (plus the outdated flag)."""
    labels = _LABELS[language]
    parts = [f"[{n}] {passage.title or passage.source}"]
    if passage.location:
        parts.append(passage.location)
    if passage.version_date:
        parts.append(f"{labels['version']} {passage.version_date}")
    if passage.outdated:
        parts.append(labels["outdated"])
    return defuse(" — ".join(parts))


def format_passages(passages: Sequence[Passage], language: Language) -> str:
    blocks = []
    for n, passage in enumerate(passages, start=1):
        text = defuse(passage.text.strip())
        blocks.append(f'<passage n="{n}">\n{passage_header(n, passage, language)}\n{text}\n</passage>')
    return "\n\n".join(blocks)


def format_history(history: Sequence[Turn], language: Language, max_turns: int, max_chars: int = 600) -> str:
    """The last ``max_turns`` turns, one per line, long assistant answers shortened."""
    roles = _ROLES[language]
    lines = []
    for turn in list(history)[-max_turns:] if max_turns else []:
        content = " ".join(turn.content.split())
        if len(content) > max_chars:
            content = content[:max_chars].rsplit(" ", 1)[0] + " …"
        lines.append(f"{roles[turn.role]}: {defuse(content)}")
    return "\n".join(lines)
