"""Turning stored chunks into passages, and the text that lexical search sees for a chunk."""

from __future__ import annotations

from bot.answer.types import Passage
from bot.store import StoredChunk


def search_text(chunk: StoredChunk) -> str:
    """Title, article and section are searchable too ("Gemeentewet 150" finds the article)."""
    meta = chunk.metadata
    parts = [str(meta.get("short_title") or ""), str(meta.get("title") or "")]
    if meta.get("article"):
        parts.append(f"artikel {meta['article']}")
    if meta.get("section"):
        parts.append(str(meta["section"]))
    return " ".join(parts) + "\n" + chunk.text


def to_passage(chunk: StoredChunk, score: float) -> Passage:
    meta = chunk.metadata

    def opt(key: str) -> str | None:
        value = meta.get(key)
        return None if value in (None, "") else str(value)

    page = meta.get("page")
    index = meta.get("chunk_index")
    return Passage(
        id=chunk.id,
        text=chunk.text,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        score=score,
        page=int(page) if isinstance(page, int | float) else None,
        article=opt("article"),
        section=opt("section"),
        url=opt("url"),
        language=opt("language"),
        outdated=bool(meta.get("outdated", False)),
        version_date=opt("version_date"),
        kind=opt("kind"),
        chunk_index=int(index) if isinstance(index, int | float) else None,
        short_title=opt("short_title"),
    )
