"""Article references in a question: "Wat staat er in artikel 18a van de Woningwet?", "art. 4:25 Awb",
"What does Article 2 of the Additional Protocol say?".

An article number is no word a passage contains: the law's passages carry it as metadata (``article``:
"18a", "4:25", "2.3.5"). So a question that names an article searches for the chunks with that metadata
(in the document the question names, if it names one), and the article counts as found in their
sentences. Without this, "artikel 18a" was searched as the words "artikel" and "18" and every such
question was refused or answered with another article.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.retrieval.analysis import PARAGRAPH_ORDINALS, fold

_NUMBER = r"\d+(?:[.:]\d+)*[a-z]?\b(?![.:]\d)"
_ORDINAL = "|".join(PARAGRAPH_ORDINALS)
# a paragraph (lid) of the article: "lid 3", "3e lid", "derde lid", "paragraph 2"
_PARAGRAPH = (
    rf"(?:lid|paragraph)\s+(?P<number>\d+)|(?P<nth>\d+)\s*(?:e|de|ste)\s+lid|(?P<word>{_ORDINAL})\s+lid"
)
# "artikel 18a", "art. 4:25", "artikelen 149 en 150", "Article 2", "articles 2 and 3", "article 16.55",
# with a paragraph after it ("artikel 150 lid 3", "artikel 4:25, tweede lid") or before it ("het derde lid
# van artikel 150")
ARTICLE_REFERENCE = re.compile(
    rf"(?:\b(?:het\s+)?(?:{_PARAGRAPH})\s+van\s+)?"
    rf"\b(?:artikel(?:en)?|art\.?|articles?)\s*(?P<articles>{_NUMBER}(?:\s*(?:,|en|of|and|or)\s*{_NUMBER})*)"
    rf"(?:,?\s*(?:{_PARAGRAPH.replace('?P<', '?P<after_')}))?",
    re.IGNORECASE,
)
# the pseudo-terms that stand for "this passage is article N" and "this sentence is in its paragraph N"
# (never produced by the analyzer)
_MARK = "§"
_PARAGRAPH_MARK = "¶"
# how a statute's paragraph opens: "lid 3: …", "lid 3, onder a: …", "2. Een subsidie …", "3 De betrokken …"
_PARAGRAPH_START = re.compile(r"^(?:lid\s+)?(\d+)(?:[.:,]\s|\s+(?=[A-Z]))")


# "Welk artikel …?", "In welk artikel staat …", "Which article of the Charter …": the answer names its article
_ASKS_WHICH_ARTICLE = re.compile(
    r"\b(?:welk|welke|which|what)\s+(?:\w+\s+)?(?:artikel|artikelen|article|articles|bepaling|bepalingen|"
    r"provision|provisions|wetsartikel)\b",
    re.IGNORECASE,
)


def asks_which_article(question: str) -> bool:
    return bool(_ASKS_WHICH_ARTICLE.search(question))


def article_references(question: str) -> tuple[str, ...]:
    """The article numbers the question names, as the corpus metadata writes them (lower case)."""
    numbers = (re.findall(_NUMBER, m.group("articles")) for m in ARTICLE_REFERENCE.finditer(question))
    return tuple(dict.fromkeys(n.lower() for found in numbers for n in found))


def paragraph_reference(question: str) -> int | None:
    """The paragraph (lid) of the article the question names ("artikel 150 lid 3", "het derde lid van
    artikel 150": 3), or None."""
    for match in ARTICLE_REFERENCE.finditer(question):
        for prefix in ("", "after_"):
            if number := match.group(f"{prefix}number") or match.group(f"{prefix}nth"):
                return int(number)
            if word := match.group(f"{prefix}word"):
                return PARAGRAPH_ORDINALS.index(word.lower()) + 1
    return None


def paragraph_term(paragraph: int) -> str:
    """The term a sentence of paragraph ``paragraph`` of an asked-for article carries in the evidence."""
    return f"{_PARAGRAPH_MARK}{paragraph}"


def paragraphs(sentences: list[str]) -> list[int | None]:
    """The paragraph each of a statute passage's sentences is in: a sentence that opens one ("lid 3: …",
    "2. Een subsidie …") starts it, the others (its items, "a. …") stay in it; None before the first."""
    out: list[int | None] = []
    current: int | None = None
    for sentence in sentences:
        if opening := _PARAGRAPH_START.match(sentence.strip()):
            current = int(opening.group(1))
        out.append(current)
    return out


def without_references(question: str) -> str:
    """The question with each reference ("artikel 18a", "artikel 150 lid 3") blanked out: its words are no
    search terms, and "Article 2" is no name."""
    return ARTICLE_REFERENCE.sub(" ", question)


def book_articles(articles: Sequence[str]) -> dict[str, str]:
    """A code's article cited with its book ("artikel 2:53 BW" is Book 2, article 53): {article: book}.
    The corpus writes the article alone in that book's document; the Awb's "4:25" is its own number, so
    this is a second reading, taken only where a document of that book has the article."""
    return {
        article: book
        for reference in articles
        if (cited := re.fullmatch(r"(\d+):(\d+[a-z]?)", reference))
        for book, article in [cited.groups()]
    }


def article_numbers(articles: Sequence[str]) -> list[str]:
    """Every number under which a cited article may be stored: as cited, and a code's article without its
    book ("2:53" → "53")."""
    return [*articles, *book_articles(articles)]


def is_cited(metadata: Mapping[str, object], articles: Sequence[str]) -> bool:
    """Is this chunk (by its metadata) one of the cited articles: its number as cited, or the article of
    the book a citation names ("2:53 BW": article 53 of "BW Boek 2")?"""
    article = str(metadata.get("article"))
    if article in articles:
        return True
    book = book_articles(articles).get(article)
    where = fold(f"{metadata.get('short_title') or ''} {metadata.get('title') or ''}")
    return book is not None and re.search(rf"\bboek {book}\b", where) is not None


def article_term(article: str) -> str:
    """The term a passage of ``article`` carries in the composer's evidence, and the concept asks for."""
    return _MARK + article.lower()
