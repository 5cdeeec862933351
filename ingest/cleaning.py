"""Clean layout text extracted from PDFs into Segments: pages, sections and reflowed paragraphs.

The rules were written against the essay ``corpus/000_4ab7ba7e065a05b8.txt`` (text extracted from an
illustrated PDF) and are shared by the plain-text and PDF loaders:

1. Letter-spaced headings (``D E  P L A A T S  V A N`` over one or more consecutive lines: one space
   between letters, two between words) become the ``section`` of the text that follows, in sentence
   case. A letter-spaced line in lower case or that reads as a domain (``c o l l e c t i e v e k r a c h t
   . e u``) is a decorative footer and is dropped.
2. Lines that are only a number (page numbers, infographic counters) are dropped. In a ``.txt`` whose
   first line starts with exactly one space, every line that starts with exactly one space followed by
   a non-space character starts a new PDF page (that is how the extractor wrote page starts); a form
   feed also starts a page. Other text has page ``None``.
3. Lines that are only a URL (repeated footer and case-box links) are dropped.
4. Pull quotes - a paragraph of at least two short lines, opening with a quote mark and closing with
   one, whose words also occur in the body text - are dropped, so each sentence appears once.
5. A word broken over two lines with a hyphen is rejoined; see :func:`hyphen_decision` for when the
   hyphen stays (``co-creatie``) and when it was only the typesetter's (``verant-woording``).
6. Wrapped lines are reflowed into one line per paragraph. Paragraphs end at a blank line, at a new
   page, at a bullet, and - where the extractor marks soft wraps with a trailing space, as in the
   essay - at a line without trailing whitespace (sub-headings, the last line of a paragraph). A
   paragraph cut off by a column or page break (it does not end in sentence punctuation and the next
   one starts in lower case) is glued back together and keeps the page where it began.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ingest.document import Segment

HyphenDecision = Literal["keep", "join", "ellipsis"]

_PAGE_START = re.compile(r"^ \S")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_LETTER_SPACED = re.compile(r"^\S(?: {1,2}\S)+$")
_BULLET = re.compile(r"^[•●▪◦‣∙]\s*")
_WORD = re.compile(r"\w+(?:-\w+)*")
_TRAILING_HYPHENATED_WORD = re.compile(r"(\w+(?:-\w+)*)-$")
_HYPHEN_TAIL = 1000  # characters: far longer than any hyphenated word
_LEADING_WORD = re.compile(r"^\w+")
_INLINE_BROKEN_WORD = re.compile(r"\b(\w+)- (\w+)\b")
_NON_WORD = re.compile(r"[\W_]+")
_WHITESPACE = re.compile(r"\s+")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "\r": ""})

# Dutch (and English) elliptical compounds: "energie- en zorgcoöperaties", "ontwerp- of bouwfase".
_ELLIPSIS_WORDS = frozenset({"en", "of", "tot", "and", "or", "to"})
_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")
# A paragraph ending in one of these is complete; otherwise a lower-case next paragraph continues it.
_CLOSING_CHARS = frozenset('.!?:;”"’…')
_OPENING_QUOTES = ("“", '"', "„", "‘")
_CLOSING_QUOTES = ("”", '"', "“", "’")
_PULL_QUOTE_MAX_LINE = 45
# Share of text lines ending in whitespace from which on a line *without* it is a hard line end.
_TRAILING_SPACE_SHARE = 1 / 3

_DUTCH_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "de het een en van op te dat die voor met zijn niet aan ook als bij door er om hun wordt worden "
        "deze naar tot zij kan of wel dit onder over uit",
    )
)
_ENGLISH_STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an and of to that which for with are be as by or at this these shall may any its their "
        "from into not such other has have been",
    )
)


@dataclass
class _Paragraph:
    lines: list[str]
    page: int | None
    text: str = ""


@dataclass(frozen=True)
class _Heading:
    text: str


@dataclass
class _Builder:
    """Collects paragraphs and headings while walking the lines of all pages."""

    items: list[_Paragraph | _Heading] = field(default_factory=list)
    open_paragraph: _Paragraph | None = None

    def add_line(self, line: str, page: int | None) -> None:
        if self.open_paragraph is None:
            self.open_paragraph = _Paragraph(lines=[], page=page)
            self.items.append(self.open_paragraph)
        self.open_paragraph.lines.append(line)

    def end_paragraph(self) -> None:
        self.open_paragraph = None

    def add_heading(self, text: str) -> None:
        self.end_paragraph()
        self.items.append(_Heading(text))


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (tabs, double spaces) become one space; ends are stripped."""
    return _WHITESPACE.sub(" ", text).strip()


def normalise_for_match(text: str) -> str:
    """Lower case, punctuation and quotes gone, one space between words: for "same words?" tests."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def is_page_number_line(line: str) -> bool:
    """True for a line that holds only a (page) number, e.g. ``"3"`` or ``" 11"``."""
    return bool(_PAGE_NUMBER.match(line.strip()))


def is_url_line(line: str) -> bool:
    """True for a line that holds only a URL (footer links, case-box links)."""
    return bool(_URL_LINE.match(line.strip()))


def is_letter_spaced(line: str) -> bool:
    """True for ``D E  P L A A T S  V A N``: single characters separated by one or two spaces."""
    stripped = line.strip()
    if not _LETTER_SPACED.match(stripped):
        return False
    return sum(char.isalpha() for char in stripped) >= 3


def decode_letter_spaced(line: str) -> str:
    """``B U R G E R S :  E E N`` -> ``BURGERS: EEN`` (two or more spaces separate words)."""
    words = re.split(r" {2,}", line.strip())
    return " ".join(word.replace(" ", "") for word in words if word)


def heading_from_letter_spaced(lines: Sequence[str]) -> str | None:
    """Readable heading from consecutive letter-spaced lines, or None for a decorative footer.

    ``["D E  P L A A T S  V A N", "B U R G E R C O L L E C T I E V E N"]`` ->
    ``"De plaats van burgercollectieven"``. Headings are set in capitals; a lower-case letter-spaced
    line (``c o l l e c t i e v e k r a c h t . e u``) or one that reads as a domain is noise.
    """
    decoded = collapse_whitespace(" ".join(decode_letter_spaced(line) for line in lines))
    if not decoded or not decoded.isupper():
        return None
    if re.search(r"\w\.\w", decoded) and " " not in decoded:
        return None
    lowered = decoded.lower()
    return lowered[0].upper() + lowered[1:]


def build_vocabulary(text: str) -> frozenset[str]:
    """Lower-cased words of ``text``, hyphenated compounds kept whole (``co-creatie``).

    A word broken at a line end (``co-\\ncreatie``) yields only its two fragments, so the vocabulary
    holds the spellings the document uses *inside* lines: the evidence for :func:`hyphen_decision`.
    """
    return frozenset(match.lower() for match in _WORD.findall(text))


def hyphen_decision(left: str, right: str, vocabulary: frozenset[str]) -> HyphenDecision:
    """Decide how ``left-`` at a line end and ``right`` at the start of the next line join.

    In order, first match wins:

    1. ``right`` is ``en``/``of``/``tot``: an elliptical compound (``energie- en``) -> "ellipsis"
       (keep hyphen and space).
    2. ``left-right`` occurs elsewhere in the document -> "keep" (``co-creatie``,
       ``politiek-bestuurlijke``).
    3. ``leftright`` occurs elsewhere -> "join" (``verantwoording``).
    4. ``left`` already holds a hyphen (``bottom-up-karakter``), either part is not all lower-case
       letters (``Noord-Holland``, ``EU-landen``), the part before the hyphen has fewer than 4 letters
       (``co-``, ``ex-``, ``oud-``) or a vowel meets a vowel (``mede-eigenaar``) -> "keep".
    5. Otherwise the hyphen was the typesetter's -> "join".
    """
    left_lower, right_lower = left.lower(), right.lower()
    if right_lower in _ELLIPSIS_WORDS:
        return "ellipsis"
    if f"{left_lower}-{right_lower}" in vocabulary:
        return "keep"
    if left_lower + right_lower in vocabulary:
        return "join"
    if "-" in left or not (_is_lower_word(left) and _is_lower_word(right)) or len(left) < 4:
        return "keep"
    if left_lower[-1] in _VOWELS and right_lower[0] in _VOWELS:
        return "keep"
    return "join"


def _is_lower_word(word: str) -> bool:
    return word.isalpha() and word.islower()


def join_wrapped(left: str, right: str, vocabulary: frozenset[str]) -> str:
    """Join a wrapped line (or a paragraph cut by a page break) to its continuation."""
    left, right = left.rstrip(), right.strip()
    if not left or not right:
        return left or right
    if left.endswith("\u00ad"):
        return left[:-1] + right
    # `left` may be a whole paragraph so far: search only its last word (the match cannot span a space),
    # or joining n lines costs O(n²)
    hyphenated = None
    if left.endswith("-"):
        hyphenated = _TRAILING_HYPHENATED_WORD.search(left[-_HYPHEN_TAIL:].rsplit(maxsplit=1)[-1])
    first_word = _LEADING_WORD.match(right)
    if hyphenated and first_word and right[0].isalpha():
        decision = hyphen_decision(hyphenated.group(1), first_word.group(0), vocabulary)
        if decision == "ellipsis":
            return f"{left} {right}"
        if decision == "keep":
            return left + right
        return left[:-1] + right
    if left.endswith("/") and not left.endswith(" /"):
        return left + right  # a URL or "en/of" broken after its slash
    return f"{left} {right}"


def rejoin_inline_hyphens(text: str, vocabulary: frozenset[str]) -> str:
    """``burger- collectieven`` -> ``burgercollectieven`` when the document spells it that way.

    Only with vocabulary evidence and never before ``en``/``of``/``tot`` (``ontwerp- en creatie``).
    """

    def repair(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        joined = (left + right).lower()
        if right.lower() in _ELLIPSIS_WORDS or len(right) < 4 or not _is_lower_word(right):
            return match.group(0)
        return left + right if joined in vocabulary else match.group(0)

    return _INLINE_BROKEN_WORD.sub(repair, text)


def guess_language(text: str) -> str | None:
    """Return "nl" or "en" by stopword count; None when there is too little signal to tell."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    dutch = sum(word in _DUTCH_STOPWORDS for word in words)
    english = sum(word in _ENGLISH_STOPWORDS for word in words)
    if dutch >= 3 and dutch >= 2 * english:
        return "nl"
    if english >= 3 and english >= 2 * dutch:
        return "en"
    return None


def split_pages(raw: str) -> list[tuple[int | None, str]]:
    """Split extracted text into ``(page, text)``; page None when the text carries no page marks.

    Form feeds separate pages. Otherwise, when the first line starts with exactly one space followed
    by a non-space character (the extractor's mark of a page start), every such line starts a page.
    """
    raw = raw.replace("\r\n", "\n")
    if "\f" in raw:
        return [(number, page) for number, page in enumerate(raw.split("\f"), start=1)]
    lines = raw.split("\n")
    if not lines or not _PAGE_START.match(lines[0]):
        return [(None, raw)]
    pages: list[tuple[int | None, str]] = []
    current: list[str] = []
    for line in lines:
        if _PAGE_START.match(line) and current:
            pages.append((len(pages) + 1, "\n".join(current)))
            current = []
        current.append(line)
    pages.append((len(pages) + 1, "\n".join(current)))
    return pages


def clean_layout_text(raw: str) -> list[Segment]:
    """Clean a whole plain-text document (e.g. text extracted from a PDF) into Segments.

    One Segment per run of paragraphs with the same (page, section); empty list when nothing is left.
    """
    return clean_pages(split_pages(raw))


def clean_pages(pages: Sequence[tuple[int | None, str]]) -> list[Segment]:
    """Clean the pages of one document; sections carry across pages."""
    pages = [(page, text.translate(_LIGATURES)) for page, text in pages]
    vocabulary = build_vocabulary("\n".join(text for _, text in pages))
    hard_line_ends = _uses_trailing_space_wraps(text for _, text in pages)
    items = _parse_items(pages, hard_line_ends)
    for item in items:
        if isinstance(item, _Paragraph):
            item.text = _paragraph_text(item.lines, vocabulary)
    items = _drop_pull_quotes(items)
    items = _merge_continuations(items, vocabulary)
    return _to_segments(items)


def _uses_trailing_space_wraps(texts: Iterable[str]) -> bool:
    """True when many text lines end in whitespace: the extractor marks soft wraps that way."""
    lines = [line for text in texts for line in text.split("\n") if _is_text_line(line)]
    if not lines:
        return False
    with_space = sum(line[-1] in " \t" for line in lines)
    return with_space / len(lines) >= _TRAILING_SPACE_SHARE


def _is_text_line(line: str) -> bool:
    """Not blank, not layout noise (page number, URL, letter-spaced heading or footer)."""
    stripped = line.strip()
    return bool(stripped) and not (
        is_page_number_line(stripped) or is_url_line(stripped) or is_letter_spaced(stripped)
    )


def _parse_items(
    pages: Sequence[tuple[int | None, str]], hard_line_ends: bool
) -> list[_Paragraph | _Heading]:
    builder = _Builder()
    for page, text in pages:
        builder.end_paragraph()
        lines = text.split("\n")
        index = 0
        while index < len(lines):
            raw = lines[index]
            stripped = raw.strip()
            if not stripped or is_page_number_line(stripped) or is_url_line(stripped):
                builder.end_paragraph()
                index += 1
                continue
            if is_letter_spaced(stripped):
                end = index
                while end < len(lines) and is_letter_spaced(lines[end]):
                    end += 1
                builder.end_paragraph()
                heading = heading_from_letter_spaced(lines[index:end])
                if heading:
                    builder.add_heading(heading)
                index = end
                continue
            line = collapse_whitespace(stripped)
            bullet = _BULLET.match(line)
            if bullet:
                builder.end_paragraph()
                line = "• " + line[bullet.end() :]
            builder.add_line(line, page)
            if hard_line_ends and raw == raw.rstrip() and not line.endswith(("-", "/", "\u00ad")):
                builder.end_paragraph()
            index += 1
    return builder.items


class _Joiner:
    """``join_wrapped`` over many lines in linear time. It only looks at and changes the end of the text
    so far, so only a tail of at least ``_HYPHEN_TAIL`` characters is kept as a string to join to; the
    text before it is final (re-joining the whole text for every line made a long paragraph O(n²))."""

    def __init__(self, vocabulary: frozenset[str], text: str = "") -> None:
        self.vocabulary = vocabulary
        self.done: list[str] = []
        self.tail = text

    def add(self, line: str) -> None:
        self.tail = join_wrapped(self.tail, line, self.vocabulary)
        if len(self.tail) > 4 * _HYPHEN_TAIL:
            self.done.append(self.tail[:-_HYPHEN_TAIL])
            self.tail = self.tail[-_HYPHEN_TAIL:]

    @property
    def text(self) -> str:
        return "".join(self.done) + self.tail


def _paragraph_text(lines: Sequence[str], vocabulary: frozenset[str]) -> str:
    joiner = _Joiner(vocabulary)
    for line in lines:
        joiner.add(line)
    return rejoin_inline_hyphens(collapse_whitespace(joiner.text), vocabulary)


def _is_pull_quote_shape(paragraph: _Paragraph) -> bool:
    text = paragraph.text
    return (
        len(paragraph.lines) >= 2
        and text.startswith(_OPENING_QUOTES)
        and text.endswith(_CLOSING_QUOTES)
        and max(len(line) for line in paragraph.lines) <= _PULL_QUOTE_MAX_LINE
    )


def _drop_pull_quotes(items: list[_Paragraph | _Heading]) -> list[_Paragraph | _Heading]:
    """Drop pull quotes whose words also stand in the body text (rule 4)."""
    candidates = [item for item in items if isinstance(item, _Paragraph) and _is_pull_quote_shape(item)]
    if not candidates:
        return items
    body = " ".join(
        normalise_for_match(item.text)
        for item in items
        if isinstance(item, _Paragraph) and not any(item is candidate for candidate in candidates)
    )
    repeated = [candidate for candidate in candidates if normalise_for_match(candidate.text) in body]
    return [item for item in items if not any(item is quote for quote in repeated)]


def _continues(previous: str, following: str) -> bool:
    """True when ``following`` carries on the sentence ``previous`` broke off (column/page break)."""
    return bool(previous) and previous[-1] not in _CLOSING_CHARS and following[:1].islower()


def _merge_continuations(
    items: list[_Paragraph | _Heading], vocabulary: frozenset[str]
) -> list[_Paragraph | _Heading]:
    merged: list[_Paragraph | _Heading] = []
    joiners: dict[int, _Joiner] = {}  # merged paragraph (by position) -> its text being joined
    for item in items:
        previous = merged[-1] if merged else None
        if isinstance(item, _Paragraph) and isinstance(previous, _Paragraph):
            joiner = joiners.get(len(merged) - 1)
            if _continues(joiner.tail if joiner else previous.text, item.text):
                if joiner is None:
                    joiner = joiners[len(merged) - 1] = _Joiner(vocabulary, previous.text)
                joiner.add(item.text)
                continue
        merged.append(item)
    for position, joiner in joiners.items():
        merged[position].text = joiner.text  # type: ignore[union-attr]
    return merged


def _to_segments(items: Sequence[_Paragraph | _Heading]) -> list[Segment]:
    segments: list[Segment] = []
    section: str | None = None
    run: list[str] = []
    run_key: tuple[int | None, str | None] | None = None

    def flush() -> None:
        if run and run_key is not None:
            segments.append(Segment(text="\n\n".join(run), page=run_key[0], section=run_key[1]))
        run.clear()

    for item in items:
        if isinstance(item, _Heading):
            flush()
            run_key = None
            section = item.text
            continue
        if not item.text:
            continue
        key = (item.page, section)
        if key != run_key:
            flush()
            run_key = key
        run.append(item.text)
    flush()
    return segments
