"""Markdown loader: statutes from ``statengeneraal/laws-markdown`` and generic Markdown.

Statute files (any ``Artikel``/``Article`` heading) give one Segment per article: ``article`` is the
normalised number ("53a", "4:21", "2.6.7"), ``section`` the enclosing Deel/Hoofdstuk/Titel/Afdeling/
Paragraaf path joined with " › " ("Titel 3 Coöperaties … › Afdeling 1 Algemene bepalingen"). The
``####`` heading right after an article heading is the article's title and becomes its first paragraph;
right after a structure heading it completes that heading. Any other heading (the Dutch translation
that follows the English Council of Europe text) starts a new part and resets the structure path.
Every body line of these files is one paragraph (list items, leden). Text outside articles (preambles,
"Vervallen" notes) becomes a Segment without ``article``. The promulgation formula of a Dutch act ("Wij
Willem-Alexander, bij de gratie Gods …", "Zo is het, dat Wij …") and its closing formula with the
signatures ("Lasten en bevelen …", "Gegeven te …", the ministers' names) are left out: they are the same
words in every act and say nothing of its content, yet "ambtenaren", "verstaan" or "Staatsblad" in them
matched questions. The considerations ("Alzo Wij in overweging genomen hebben, dat …") stay: they say why
the act was made.

Other Markdown gives one Segment per heading section. ``language`` is guessed per Segment (the Council
of Europe files mix English and Dutch) and left None when unsure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.cleaning import collapse_whitespace, guess_language
from ingest.document import Segment

SECTION_SEPARATOR = " › "

_META_LINE = re.compile(r"^\s*<meta\b[^>]*>\s*$", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_ARTICLE = re.compile(r"^(?:artikel|article|art\.)\s+(\S+)$", re.IGNORECASE)
_STRUCTURE = re.compile(
    r"^(boek|book|deel|part|hoofdstuk|chapter|titel|title|afdeling|paragraaf|subparagraaf|§)\s*(\S+)$",
    re.IGNORECASE,
)
_STRUCTURE_RANK = {
    "boek": 0,
    "book": 0,
    "deel": 1,
    "part": 1,
    "hoofdstuk": 2,
    "chapter": 2,
    "titel": 3,
    "title": 3,
    "afdeling": 4,
    "paragraaf": 5,
    "§": 5,
    "subparagraaf": 6,
}
_INLINE_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(r"(\*{1,2}|_{2})(\S(?:[^*\n]*?\S)?)\1")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,;])")
_GLUED_LIST_LETTER = re.compile(r"^([a-z])\.(?=[^\s\d.])")
# Opening lines of the promulgation formula, and the first line of the closing formula (everything after it
# up to the next heading is the signing: place, date, names, offices).
_FORMULA = re.compile(
    r"^(wij [\w.-]+(?: [\w.-]+)?, bij de gratie gods|allen,? die deze zullen zien of horen lezen|"
    r"zo is het,? dat wij\b)",
    re.IGNORECASE,
)
_CLOSING_FORMULA = re.compile(r"^lasten en bevelen dat deze in het staatsblad", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[-*+•–]|\d+[a-z]?[.)]|[a-z][.)])\s")


def strip_inline_markup(text: str) -> str:
    """Links become their text, ``*emphasis*`` and HTML tags lose their markers."""
    text = _INLINE_LINK.sub(r"\1", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _HTML_TAG.sub("", text)


def clean_markdown_line(line: str) -> str:
    """Body line: no markup, single spaces, ``1.  De`` -> ``1. De``, ``a.tekst`` -> ``a. tekst``."""
    line = collapse_whitespace(strip_inline_markup(line))
    line = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", line)
    return _GLUED_LIST_LETTER.sub(r"\1. ", line)


def normalise_article_number(raw: str) -> str:
    """``"53"``, ``"53A."`` -> ``"53a"``; ``"4:21"`` and ``"2.6.7"`` stay as they are."""
    return raw.strip().rstrip(".").lower()


def load_markdown(text: str) -> list[Segment]:
    """Segments of a Markdown document (see the module docstring)."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if not _META_LINE.match(line)]
    if any(_is_article_heading(line) for line in lines):
        return _StatuteParser().parse(lines)
    return _generic_segments(lines)


def _heading_text(line: str) -> tuple[int, str] | None:
    match = _HEADING.match(line)
    if not match or not match.group(2):
        return None
    return len(match.group(1)), collapse_whitespace(match.group(2))


def _is_article_heading(line: str) -> bool:
    heading = _heading_text(line)
    return heading is not None and bool(_ARTICLE.match(heading[1]))


def _structure_label(keyword: str, number: str) -> str:
    keyword = keyword if keyword == "§" else keyword.capitalize()
    return f"{keyword} {number}"


def _with_language(text: str, article: str | None = None, section: str | None = None) -> Segment:
    return Segment(text=text, article=article, section=section, language=guess_language(text))


@dataclass
class _Block:
    article: str | None
    section: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class _StatuteParser:
    """Walks laws-markdown lines; keeps the structure path and the article being read."""

    structure: list[tuple[int, str]] = field(default_factory=list)
    part: str | None = None
    block: _Block | None = None
    expects_title: str | None = None  # "structure" or "article": the next plain heading is its title
    segments: list[Segment] = field(default_factory=list)
    signing: bool = False  # inside the closing formula and signatures: body lines are skipped

    def parse(self, lines: Sequence[str]) -> list[Segment]:
        for line in lines:
            heading = _heading_text(line)
            if heading is not None:
                self._heading(*heading)
            elif line.strip():
                self._body(clean_markdown_line(line))
        self._flush()
        return self.segments

    def _section(self) -> str | None:
        names = ([self.part] if self.part else []) + [label for _, label in self.structure]
        return SECTION_SEPARATOR.join(names) or None

    def _flush(self) -> None:
        if self.block and self.block.paragraphs:
            text = "\n\n".join(self.block.paragraphs)
            self.segments.append(_with_language(text, article=self.block.article, section=self.block.section))
        self.block = None

    def _heading(self, level: int, text: str) -> None:
        self.signing = False
        article = _ARTICLE.match(text)
        structure = _STRUCTURE.match(text)
        if article:
            self._flush()
            self.block = _Block(normalise_article_number(article.group(1)), self._section())
            self.expects_title = "article"
        elif structure:
            self._flush()
            rank = _STRUCTURE_RANK[structure.group(1).lower()]
            self.structure = [entry for entry in self.structure if entry[0] < rank]
            self.structure.append((rank, _structure_label(structure.group(1), structure.group(2))))
            self.expects_title = "structure"
        elif self.expects_title == "structure":
            rank, label = self.structure[-1]
            self.structure[-1] = (rank, f"{label} {text}")
            self.expects_title = None
        elif self.expects_title == "article" and self.block is not None:
            self.block.paragraphs.append(text)
            self.expects_title = None
        else:
            self._flush()
            self.structure = []
            # "##" is the file's title; a lower heading names a part (e.g. the Dutch translation).
            self.part = text if level > 2 else None
            self.expects_title = None

    def _body(self, line: str) -> None:
        self.expects_title = None
        self.signing = self.signing or bool(_CLOSING_FORMULA.match(line))
        if not line or self.signing or _FORMULA.match(line):
            return
        if self.block is None:
            self.block = _Block(None, self._section())
        self.block.paragraphs.append(line)


def _generic_segments(lines: Sequence[str]) -> list[Segment]:
    """One Segment per heading section; paragraphs end at a blank line, a list item or a hard break."""
    segments: list[Segment] = []
    path: list[tuple[int, str]] = []
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        if current:
            paragraphs.append(clean_markdown_line(" ".join(current)))
            current.clear()

    def flush() -> None:
        end_paragraph()
        texts = [paragraph for paragraph in paragraphs if paragraph]
        if texts:
            section = SECTION_SEPARATOR.join(name for _, name in path) or None
            segments.append(_with_language("\n\n".join(texts), section=section))
        paragraphs.clear()

    for line in lines:
        heading = _heading_text(line)
        if heading is not None:
            flush()
            level, name = heading
            path[:] = [entry for entry in path if entry[0] < level] + [(level, strip_inline_markup(name))]
            continue
        if not line.strip():
            end_paragraph()
            continue
        if _LIST_ITEM.match(line.strip()):
            end_paragraph()
        current.append(line.strip())
        if line.endswith("  "):  # Markdown hard line break
            end_paragraph()
    flush()
    return segments
