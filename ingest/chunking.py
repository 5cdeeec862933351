"""Sentence-preserving chunking under the embedding model's token limit.

Token counts come from the model's own tokenizer (special tokens included), so no chunk is silently
truncated when it is embedded. A chunk is packed from whole sentences; a sentence longer than the
budget on its own is cut at clause boundaries, then between words.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ingest.document import Segment
from ingest.sentences import split_paragraphs, split_sentences

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class Chunk:
    """One indexed passage: ``text`` is stored and shown; ``embed_text`` (header + text) is embedded."""

    id: str
    text: str
    embed_text: str
    metadata: dict[str, str | int | float | bool] = field(default_factory=dict)


def _split_long(sentence: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut an over-long sentence at clause marks, then between words, so every piece fits."""
    pieces: list[str] = []
    for clause in re.split(r"(?<=[;:,])\s+", sentence):
        if fits(clause):
            pieces.append(clause)
            continue
        current: list[str] = []
        for word in clause.split():
            if current and not fits(" ".join([*current, word])):
                pieces.append(" ".join(current))
                current = []
            current.append(word)
        if current:
            pieces.append(" ".join(current))
    # re-join clause pieces greedily so that chunks are not needlessly small
    merged: list[str] = []
    for piece in pieces:
        if merged and fits(merged[-1] + " " + piece):
            merged[-1] = merged[-1] + " " + piece
        else:
            merged.append(piece)
    return merged


def _units(text: str, fits: Callable[[str], bool]) -> list[tuple[str, bool]]:
    """Sentences of the segment, each with a flag "starts a paragraph"."""
    units: list[tuple[str, bool]] = []
    for paragraph in split_paragraphs(text):
        for i, sentence in enumerate(split_sentences(paragraph)):
            parts = [sentence] if fits(sentence) else _split_long(sentence, fits)
            for j, part in enumerate(parts):
                units.append((part, i == 0 and j == 0))
    return units


def _join(units: list[tuple[str, bool]]) -> str:
    text = ""
    for sentence, new_paragraph in units:
        if not text:
            text = sentence
        else:
            text += ("\n\n" if new_paragraph else " ") + sentence
    return text


def chunk_id(source: str, text: str, occurrence: int) -> str:
    """Stable, content-derived id: the same text of the same file always gets the same id."""
    digest = hashlib.sha1(f"{source}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return digest[:20]


def embed_header(title: str, segment: Segment) -> str:
    """Context prepended to a passage for embedding and lexical search (not shown as passage text)."""
    where = []
    if segment.article:
        where.append(f"art. {segment.article}")
    if segment.section:
        where.append(segment.section)
    return f"{title}{' — ' + ', '.join(where) if where else ''}"


def chunk_segments(
    segments: Iterable[Segment],
    *,
    title: str,
    count_tokens: TokenCounter,
    max_tokens: int,
    overlap_sentences: int = 1,
) -> list[tuple[Segment, str, str]]:
    """Pack each segment's sentences into chunks; returns (segment, text, embed_text) triples.

    The budget covers the header plus the chunk text, as embedded.
    """
    out: list[tuple[Segment, str, str]] = []
    for segment in segments:
        header = embed_header(title, segment)
        header_budget = count_tokens(header + "\n")  # includes the special tokens once

        def fits(text: str, header_budget: int = header_budget) -> bool:
            # special tokens ([CLS]/[SEP]) are counted in header_budget; subtract them from the text
            return header_budget + count_tokens(text) - 2 <= max_tokens

        units = _units(segment.text, fits)
        first = len(out)  # this segment's chunks start here
        current: list[tuple[str, bool]] = []
        for unit in units:
            candidate = [*current, unit]
            if current and not fits(_join(candidate)):
                out.append((segment, _join(current), ""))
                keep = current[-overlap_sentences:] if overlap_sentences else []
                current = [*keep, unit]
                while len(current) > 1 and not fits(_join(current)):
                    current = current[1:]
            else:
                current = candidate
        if current:
            out.append((segment, _join(current), ""))
        # only this segment's chunks: rewriting all of ``out`` per segment made long documents O(n²)
        out[first:] = [(s, t, f"{header}\n{t}") for s, t, _ in out[first:]]
    return out
