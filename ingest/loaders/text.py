"""Plain-text loader: layout text gets the essay cleaning; regelrecht excerpt files get parsed.

A regelrecht excerpt file (the Energiewet excerpts) holds fragments of a regelrecht YAML file, each
after a marker line ``=== [segment 3: artikelen 2.3 en 2.4] ===``. A fragment is either the file
header (gives the base url, no Segment), a run of article items (``- number: …``; one Segment per
article), or a piece of a definition list (``- *term:* definition``; one Segment for the article the
marker names, e.g. "artikel 1.1").
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from ingest.cleaning import clean_layout_text
from ingest.document import LoadError, Segment
from ingest.loaders.regelrecht_yaml import articles_to_segments, clean_statute_text, parse_yaml

_SEGMENT_MARKER = re.compile(r"^=== \[segment [^\]]*\] ===[ \t]*$", re.MULTILINE)
_MARKER_ARTICLE = re.compile(r"\bartikel(?:en)?\s+(\d+[\w.:]*\w|\d+)", re.IGNORECASE)
_ITEM_START = re.compile(r"^-\s+number\s*:")


@dataclass(frozen=True)
class _Fragment:
    marker: str
    body: str
    first_line: int  # line number of body's first line in the file


def load_text(text: str) -> list[Segment]:
    """Segments of a plain-text file."""
    if _SEGMENT_MARKER.search(text):
        return load_regelrecht_excerpts(text)
    return clean_layout_text(text)


def load_regelrecht_excerpts(text: str) -> list[Segment]:
    """Segments of a file of regelrecht YAML fragments separated by ``=== [segment …] ===`` lines."""
    base_url: str | None = None
    segments: list[Segment] = []
    for fragment in _split_fragments(text):
        body = textwrap.dedent(fragment.body)
        first = next((line.strip() for line in body.split("\n") if line.strip()), "")
        if not first:
            continue
        if first.startswith("- ") and not _ITEM_START.match(first):
            definitions = _definitions_segment(fragment, body, base_url)
            if definitions.text:
                segments.append(definitions)
            continue
        data = parse_yaml(body, first_line=fragment.first_line)
        if isinstance(data, dict) and "articles" in data:
            data = data["articles"]
        if isinstance(data, dict):
            url = data.get("url")
            base_url = url if isinstance(url, str) else base_url
        elif isinstance(data, list):
            segments.extend(articles_to_segments(data))
        else:
            raise LoadError(
                f"fragment at line {fragment.first_line} is neither a regelrecht header nor article items"
            )
    return segments


def _split_fragments(text: str) -> list[_Fragment]:
    fragments: list[_Fragment] = []
    markers = list(_SEGMENT_MARKER.finditer(text))
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = text[marker.end() : end].removeprefix("\n")
        first_line = text.count("\n", 0, marker.end()) + 2
        fragments.append(_Fragment(marker=marker.group(0), body=body, first_line=first_line))
    return fragments


def _definitions_segment(fragment: _Fragment, body: str, base_url: str | None) -> Segment:
    article_match = _MARKER_ARTICLE.search(fragment.marker)
    if article_match is None:
        raise LoadError(f"definition list at line {fragment.first_line}: its marker names no article")
    article = article_match.group(1)
    url = f"{base_url}#Artikel{article}" if base_url else None
    return Segment(text=clean_statute_text(body), article=article, url=url)
