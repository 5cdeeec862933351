"""Text normalisation shared by the metrics: folding, markers, sentences, content words and numbers.

Everything here is a pure function of its input, so every metric normalises answers, snippets and
passages the same way.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from evals.stopwords import ALL as STOPWORDS

# "[3]", and leniently "[1, 2]": each number counts as one marker.
MARKER_RE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_SOFT_HYPHEN = "\u00ad"
# A word broken over a line by a hyphen: "over-\nheid" -> "overheid" (PDF extraction artefact).
_LINE_HYPHEN_RE = re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)")
_WS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W_]+")


def nfkc(text: str) -> str:
    """Unicode compatibility form: ligatures (ﬁ), non-breaking spaces and the like become plain."""
    return unicodedata.normalize("NFKC", text).replace(_SOFT_HYPHEN, "")


def dehyphenate(text: str) -> str:
    """Join words that a hyphen and a line break split in two."""
    return _LINE_HYPHEN_RE.sub(r"\1\2", text)


def fold(text: str) -> str:
    """Lowercase and strip diacritics: "Coöperatie" -> "cooperatie"."""
    decomposed = unicodedata.normalize("NFKD", nfkc(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def collapse_ws(text: str) -> str:
    return _WS_RE.sub(" ", text).strip()


def strip_markers(text: str) -> str:
    """Remove ``[n]`` markers (and the space before them) so they don't count as words or numbers."""
    return collapse_ws(re.sub(r"\s*" + MARKER_RE.pattern, "", text))


def marker_numbers(text: str) -> list[int]:
    """All citation numbers in order of appearance; ``[1, 2]`` gives ``[1, 2]``."""
    numbers: list[int] = []
    for match in MARKER_RE.finditer(text):
        numbers.extend(int(part) for part in match.group(1).split(","))
    return numbers


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits; hyphens and punctuation split words)."""
    return _WORD_RE.findall(fold(dehyphenate(text)))


def content_words(text: str) -> list[str]:
    """Words that carry meaning: no stopwords, no single letters and no pure numbers.

    Numbers are left out because grounding checks them separately, with separator-aware
    normalisation ("5.000" == "5 000"), which a word comparison would get wrong.
    """
    return [w for w in words(strip_markers(text)) if len(w) > 1 and not w.isdigit() and w not in STOPWORDS]


# --- sentences -----------------------------------------------------------------------------------

_ABBREVIATION_WORDS = """
    art artt bijv bv ca blz dr drs enz etc excl incl ir jo mr nr nrs p pp prof resp st vgl vs zgn
    e.g i.e o.a m.a.w d.w.z m.b.t t.a.v i.v.m n.a.v z.s.m e.d o.m a.s
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'”’)]*(?:\s*\[\d+(?:\s*,\s*\d+)*\])*(?=\s|$)")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#+)\s+")


def _is_abbreviation(line: str, dot_at: int) -> bool:
    if line[dot_at] != ".":
        return False
    before = line[:dot_at].rsplit(None, 1)
    return bool(before) and before[-1].lower().lstrip("(") in _ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences.

    Lines are split first (bullets and headings lose their prefix). Within a line a sentence ends at
    ``.``, ``!``, ``?`` or ``…`` followed by whitespace, unless the dot closes a known abbreviation
    ("art.", "bijv.") or the next word starts lowercase. Markers right after the end punctuation
    ("... zo. [2] Daarna") stay with the sentence they close.
    """
    sentences: list[str] = []
    for raw_line in text.splitlines():
        line = _BULLET_RE.sub("", raw_line).strip()
        start = 0
        for match in _BOUNDARY_RE.finditer(line):
            rest = line[match.end() :].lstrip()
            if _is_abbreviation(line, match.start()) or (rest and rest[0].islower()):
                continue
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return [s for s in sentences if _WORD_RE.search(strip_markers(s))]


# --- numbers -------------------------------------------------------------------------------------

# "5 000" (space-grouped thousands) or a digit run with "." / "," separators ("5.000", "1,5", "2.6.7").
_NUMBER_RE = re.compile(r"(?<!\d)(?:\d{1,3}(?: \d{3})+(?!\d)|\d+(?:[.,]\d+)*)")
_LIST_NUMBER_RE = re.compile(r"^\s*(?:[-*•]\s+)?\d+[.)]\s+", re.MULTILINE)  # "1. ", "- 2. " (a quoted lid)


def _decimal(text: str) -> str:
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return text


def number_values(raw: str) -> frozenset[str]:
    """The values a written number can mean, as canonical strings.

    Dutch and English swap "." and ",", so an ambiguous form yields both readings: "1.500" is
    {"1500", "1.5"}. Space-grouped thousands ("5 000") are joined; a dotted list that is no number
    ("2.6.7", an article) is kept literally.
    """
    s = raw.replace(" ", "")
    groups = re.split(r"[.,]", s)
    seps = re.findall(r"[.,]", s)
    if not seps:
        return frozenset({str(int(s))})
    thousands = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    if len(set(seps)) == 1:
        values: set[str] = set()
        if thousands:
            values.add(str(int("".join(groups))))
        if len(seps) == 1 and (not thousands or groups[1].strip("0")):
            # "5.000" is not read as 5.0: nobody writes trailing zeros after a decimal point here.
            values.add(_decimal(f"{groups[0]}.{groups[1]}"))
        return frozenset(values or {".".join(groups)})
    # Mixed separators: "1.234,56" (Dutch) or "1,234.56" (English) when the last one differs.
    head, last = groups[:-1], groups[-1]
    head_seps, last_sep = seps[:-1], seps[-1]
    if len(set(head_seps)) == 1 and head_seps[0] != last_sep and all(len(g) == 3 for g in head[1:]):
        return frozenset({_decimal("".join(head) + "." + last)})
    return frozenset({".".join(groups)})


def find_numbers(text: str) -> list[str]:
    """Numbers as written in ``text``, ignoring citation markers and list numbering ("1. ")."""
    cleaned = _LIST_NUMBER_RE.sub("", MARKER_RE.sub(" ", nfkc(text)))
    return [m.group(0) for m in _NUMBER_RE.finditer(cleaned)]


def number_value_set(text: str) -> frozenset[str]:
    """Every value any number in ``text`` can mean."""
    values: set[str] = set()
    for raw in find_numbers(text):
        values |= number_values(raw)
    return frozenset(values)
