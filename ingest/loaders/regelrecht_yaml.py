"""YAML statutes in the MinBZK regelrecht form: ``{url, valid_from, articles: [{number, text, url}]}``.

Items are leden and onderdelen; consecutive items that share a url anchor (``#Artikel150``) make one
article and one Segment. Each item becomes one paragraph, prefixed with its place in the article
("lid 3, onder b: ..."), derived from the part of ``number`` after the article number. Reference-style
Markdown links are resolved to their text and their definition lines dropped; ``*emphasis*`` loses its
markers; hard-wrapped lines are reflowed (a line ending in a hyphen is a real hyphen: the source wraps
only at spaces and hyphens).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from ingest.cleaning import collapse_whitespace
from ingest.document import LoadError, Segment
from ingest.loaders.markdown import strip_inline_markup

_ANCHOR = re.compile(r"#Artikel([^/#?\s]+)$", re.IGNORECASE)
_LINK_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[-*]\s+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def load_regelrecht_yaml(text: str) -> list[Segment]:
    """Segments of one regelrecht YAML document; LoadError for syntax errors or the wrong shape."""
    data = parse_yaml(text)
    if not isinstance(data, dict) or "articles" not in data:
        raise LoadError(
            "YAML without the expected shape: expected a top-level 'articles' list "
            "of {number, text, url} items"
        )
    return articles_to_segments(data["articles"])


def parse_yaml(text: str, first_line: int = 1) -> Any:
    """``yaml.safe_load`` with errors as LoadError naming the line (``first_line`` = line of ``text[0]``)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or "syntax error"
        if mark is not None:
            raise LoadError(f"invalid YAML at line {first_line + mark.line}: {problem}") from error
        raise LoadError(f"invalid YAML: {problem}") from error
    except RecursionError as error:
        raise LoadError("invalid YAML: nested too deeply") from error


def article_from_url(url: str | None) -> str | None:
    """``…/2025-01-01#Artikel150`` -> ``"150"``; None without an ``#Artikel`` anchor."""
    match = _ANCHOR.search(url or "")
    return match.group(1) if match else None


def item_label(number: str, article: str) -> str:
    """Place of an item in its article: ``("150.3.b", "150")`` -> ``"lid 3, onder b"``; ``""`` for the
    article itself. The first part after the article number is the lid unless it is a letter."""
    if number == article or not number.startswith(article + "."):
        return ""
    parts = [part for part in number[len(article) + 1 :].split(".") if part]
    labels = []
    for index, part in enumerate(parts):
        labels.append(f"lid {part}" if index == 0 and part[0].isdigit() else f"onder {part}")
    return ", ".join(labels)


def clean_statute_text(text: str) -> str:
    """Regelrecht item text -> clean paragraphs separated by blank lines (see module docstring)."""
    text = _LINK_DEFINITION.sub("", text.replace("\r\n", "\n"))
    paragraphs: list[str] = []
    for block in _PARAGRAPH_BREAK.split(text):
        current: list[str] = []
        for raw_line in block.split("\n"):
            line = raw_line.strip()
            if not line:
                continue
            if _LIST_ITEM.match(line):
                paragraphs.append(_reflow(current))
                current = [_LIST_ITEM.sub("", line)]
            else:
                current.append(line)
        paragraphs.append(_reflow(current))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _reflow(lines: Sequence[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and text[-2:-1].isalpha() and line[:1].isalpha():
            text += line
        else:
            text = f"{text} {line}" if text else line
    return collapse_whitespace(strip_inline_markup(text))


@dataclass
class _Article:
    article: str
    url: str | None
    paragraphs: list[str] = field(default_factory=list)


def articles_to_segments(items: object) -> list[Segment]:
    """Group regelrecht article items into one Segment per article."""
    if not isinstance(items, list) or not items:
        raise LoadError("YAML without the expected shape: 'articles' must be a non-empty list")
    articles: list[_Article] = []
    for index, item in enumerate(items, start=1):
        number, text, url = _validated_item(item, index)
        anchor = article_from_url(url)
        previous = articles[-1] if articles else None
        if previous is None or url is None or previous.url != url:
            previous = _Article(article=anchor or number, url=url)
            articles.append(previous)
        body = clean_statute_text(text)
        if not body:
            continue
        label = item_label(number, previous.article)
        previous.paragraphs.append(f"{label}: {body}" if label else body)
    return [
        Segment(text="\n\n".join(article.paragraphs), article=article.article, url=article.url)
        for article in articles
        if article.paragraphs
    ]


def _validated_item(item: object, index: int) -> tuple[str, str, str | None]:
    if not isinstance(item, dict):
        raise LoadError(f"YAML without the expected shape: article item {index} is not a mapping")
    number, text, url = item.get("number"), item.get("text"), item.get("url")
    if not isinstance(text, str):
        raise LoadError(f"YAML without the expected shape: article item {index} has no 'text'")
    if not isinstance(number, str | int | float):
        raise LoadError(f"YAML without the expected shape: article item {index} has no 'number'")
    if url is not None and not isinstance(url, str):
        raise LoadError(f"YAML without the expected shape: article item {index} has a non-text 'url'")
    return str(number).strip(), text, url
