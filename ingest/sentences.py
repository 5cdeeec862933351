"""A Dutch-aware sentence splitter: statutes and essays are full of "art.", "o.a.", "lid 2." and
"2.3.1", which naive splitters cut in the middle."""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence (lowercase, without the period).
_ABBREVIATIONS = frozenset(
    """art arts bijv bv o.a e.a e.d etc nr nrs vgl jo resp m.b.t i.p.v z.g.a.n ca dhr mevr mr dr
    prof ir ing drs al et d.w.z m.n t.a.v i.v.m zgn lid jl no st stb stcrt kamerstukken e.v pp
    blz p ed eds cf e.g i.e vs fig""".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-ZÀ-Ý0-9•])")


def _ends_with_abbreviation(text: str) -> bool:
    match = re.search(r"(\S+)\.$", text)
    if not match:
        return False
    word = match.group(1).lower().lstrip("(“\"'")
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return True
    # single letters ("a.", "b.") and initials ("T.") and numbers ("2.", "4:21.") in lists
    return len(word) == 1 or bool(re.fullmatch(r"[\d:.]+|[ivxlc]+", word))


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences; never returns empty strings."""
    text = " ".join(paragraph.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].strip()
        if not candidate or _ends_with_abbreviation(candidate):
            continue
        sentences.append(candidate)
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines in loader output."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


# How a list item starts: "lid 2, onder a:", "onder 1°:", "a.", "b)", "(ii)", "iii.", "•" (not "1.": a lid).
_BULLETS = "[•▪‣-]"
ITEM_START = re.compile(rf"^(lid \d+\w*, )?(onder \w+°?[:,]|\w°|[a-z][.)]\s|\(?[ivx]+[.)]\s|{_BULLETS}\s)")
BULLET = re.compile(rf"^{_BULLETS}\s+")  # a bullet item's own mark
_SPACE = re.compile(r"\s+")


def split_clauses(sentence: str, max_words: int = 40) -> list[str]:
    """A long sentence cut at its semicolons (outside brackets), and after a colon that opens an inline
    list ("… shall include: (i) …; (ii) …"): a treaty's preamble is one "sentence" of 180 words, and
    quoted whole it answers nothing. Shorter sentences are returned as they are."""
    if len(sentence.split()) <= max_words:
        return [sentence]
    clauses: list[str] = []
    start = depth = 0
    for i, char in enumerate(sentence):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if depth > 0 or char not in ";:" or (space := _SPACE.match(sentence, i + 1)) is None:
            continue
        if char == ":" and not ITEM_START.match(sentence[space.end() :]):  # "^" anchors at 0 only
            continue
        clauses.append(sentence[start : i + 1].strip())
        start = space.end()
    clauses.append(sentence[start:].strip())
    return [c for c in clauses if c]
