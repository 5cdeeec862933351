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

_NUMBER = r"\d+(?:[.:]\d+)*[a-z]?\b(?![.:]\d)"
# "artikel 18a", "art. 4:25", "artikelen 149 en 150", "Article 2", "articles 2 and 3", "article 16.55"
ARTICLE_REFERENCE = re.compile(
    rf"\b(?:artikel(?:en)?|art\.?|articles?)\s*({_NUMBER}(?:\s*(?:,|en|of|and|or)\s*{_NUMBER})*)",
    re.IGNORECASE,
)
# the pseudo-term that stands for "this passage is article N" (never produced by the analyzer)
_MARK = "§"


def article_references(question: str) -> tuple[str, ...]:
    """The article numbers the question names, as the corpus metadata writes them (lower case)."""
    numbers = (re.findall(_NUMBER, m.group(1)) for m in ARTICLE_REFERENCE.finditer(question))
    return tuple(dict.fromkeys(n.lower() for found in numbers for n in found))


def reference_phrases(question: str) -> list[str]:
    """The text of each reference ("artikel 18a"): its words are no search terms."""
    return [m.group(0) for m in ARTICLE_REFERENCE.finditer(question)]


def article_term(article: str) -> str:
    """The term a passage of ``article`` carries in the composer's evidence, and the concept asks for."""
    return _MARK + article.lower()
