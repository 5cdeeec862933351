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
# a range of articles: "artikelen 63f tot en met 63j", "art. 4:21 t/m 4:24", "articles 63f to 63j"
_RANGE = r"\s*(?:tot\s+en\s+met|t/m|to|through|[-–])\s*"
_CONNECTOR = rf"(?:\s*(?:,|en|of|and|or)\s*|{_RANGE})"
ARTICLE_REFERENCE = re.compile(
    rf"(?:\b(?:het\s+)?(?:{_PARAGRAPH})\s+van\s+)?"
    rf"\b(?:artikel(?:en)?|art\.?|articles?)\s*(?P<articles>{_NUMBER}(?:{_CONNECTOR}{_NUMBER})*)"
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


def reference_groups(text: str) -> tuple[tuple[str, ...], ...]:
    """The articles a question (or a passage) names, one group per thing named: an article ("artikel 18a":
    ("18a",)) or a range ("de artikelen 63f tot en met 63j": ("63f", "63g", "63h", "63i", "63j")), as the
    corpus metadata writes them (lower case). "artikelen 149 en 150" names two."""
    groups: list[tuple[str, ...]] = []
    for match in ARTICLE_REFERENCE.finditer(text):
        listed = match.group("articles")
        previous: re.Match[str] | None = None
        for number in re.finditer(_NUMBER, listed):
            if previous and re.fullmatch(_RANGE, listed[previous.end() : number.start()]):
                groups[-1] = expand_range(groups[-1][0], number.group(0).lower())
            else:
                groups.append((number.group(0).lower(),))
            previous = number
    return tuple(dict.fromkeys(groups))


def article_references(text: str) -> tuple[str, ...]:
    """The article numbers a question (or a passage) names, ranges spelled out (``reference_groups``)."""
    return all_articles(reference_groups(text))


def all_articles(groups: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """The articles of ``groups`` (``reference_groups``), each once, in order."""
    return tuple(dict.fromkeys(a for group in groups for a in group))


# the longest range spelled out ("artikel 1 tot en met 120" keeps its two ends)
MAX_RANGE = 60
_PARTS = re.compile(r"(?P<prefix>(?:\d+[.:])*)(?P<number>\d+)(?P<letter>[a-z]?)")


def expand_range(first: str, last: str) -> tuple[str, ...]:
    """The articles from ``first`` to ``last``: "63f".."63j" (one article number, letters), "149".."152",
    "4:21".."4:24", "2.3.5".."2.3.8"; just the two ends where the numbering between them is not known
    ("18a".."19") or the range is long."""
    a, b = _PARTS.fullmatch(first), _PARTS.fullmatch(last)
    if a is None or b is None or a["prefix"] != b["prefix"]:
        return (first, last)
    prefix = a["prefix"]
    if a["number"] == b["number"] and a["letter"] <= b["letter"] and b["letter"]:
        start = ord(a["letter"]) if a["letter"] else ord("a") - 1
        letters = ["" if c < ord("a") else chr(c) for c in range(start, ord(b["letter"]) + 1)]
        return tuple(f"{prefix}{a['number']}{letter}" for letter in letters)
    low, high = int(a["number"]), int(b["number"])
    if a["letter"] or b["letter"] or not 0 < high - low < MAX_RANGE:
        return (first, last)
    return tuple(f"{prefix}{n}" for n in range(low, high + 1))


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


# what citing a thing the question names (an article, a range) counts for, against being of it
CITING_SHARE = 0.75


def reference_shares(
    groups: Sequence[Sequence[str]], metadatas: Sequence[Mapping[str, object]]
) -> list[float]:
    """Each chunk's (by its metadata) share of the lift for the articles a question names (``groups``:
    ``reference_groups``): it counts each thing named in full when it is of it and ``CITING_SHARE`` when it
    cites it (its ``cites`` metadata), and the chunk that counts most gets the whole lift. "From when do
    articles 63f to 63j apply (art. 63b)?" is answered by article 63c, which cites both ("De artikelen 63f
    tot en met 63j zijn van toepassing op een … in artikel 63b bedoelde …"), not by 63b or 63f; "artikel
    18a" gets its own chunks first and those citing it after them."""
    named = [(group, set(article_numbers(group))) for group in groups]

    def count(metadata: Mapping[str, object]) -> float:
        cites = metadata.get("cites")
        cited = set(cites) if isinstance(cites, list) else set()
        return sum(
            1.0 if is_cited(metadata, group) else CITING_SHARE if cited & numbers else 0.0
            for group, numbers in named
        )

    counts = [count(metadata) for metadata in metadatas]
    most = max(counts, default=0.0) or 1.0
    return [c / most for c in counts]


def article_term(article: str) -> str:
    """The term a passage of ``article`` carries in the composer's evidence, and the concept asks for."""
    return _MARK + article.lower()


def citation_terms(sentence: str) -> frozenset[str]:
    """The article terms of the articles a sentence cites: "De artikelen 63f tot en met 63j zijn van
    toepassing …" says something about each of them."""
    return frozenset(article_term(a) for a in article_references(sentence))
