"""What loaders hand to the chunker: cleaned segments with their location in the source."""

from __future__ import annotations

from dataclasses import dataclass


class LoadError(Exception):
    """A corpus file that cannot be ingested; the message is one clear, actionable line."""


@dataclass(frozen=True)
class Segment:
    """A cleaned, contiguous piece of one document, e.g. one article or one page of one section.

    ``text`` holds paragraphs separated by blank lines; no layout noise. ``language`` None means
    "detect it from the text".
    """

    text: str
    page: int | None = None
    article: str | None = None
    section: str | None = None
    url: str | None = None
    language: str | None = None
