"""Questions about Wijzer's sources themselves, answered from the corpus manifest.

"Welke bronnen gebruik je?", "Wie heeft het essay geschreven?", "Waar is het essay verschenen?", "Welke
versie van de Woningwet gebruik je?": the passages do not say (the essay's text names no author; a statute
text has no version line), so a search quoted whatever shared a word ("gebruik" in the Wmo) or refused.
The manifest (``corpus/manifest.yaml``) holds exactly these facts; each answer line cites the document it
is about, with the manifest's entry as the cited text. Only questions in one of these few forms are
answered here; "Wat zeggen de auteurs over co-creatie?" asks about the essay's content and is searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.answer.types import Answer, Citation, Passage
from bot.language import Language
from bot.retrieval.analysis import fold
from bot.retrieval.hybrid import LEGAL_KINDS, names_document
from ingest.corpus_manifest import CorpusManifest, DocumentInfo

Asked = Literal["sources", "authors", "publication", "version"]

_START = r"^(?:en |and |ok,? |oke,? |okay,? )?"
_SOURCE_WORDS = r"(?:bronnen|documenten|teksten|wetten|wetteksten|sources|documents|texts|laws|statutes)"
# the verb that asks what Wijzer itself uses, with its subject: "gebruik je", "does Wijzer use"
_USE = (
    r"(?:(?:gebruik|gebruikt|baseer|baseert|raadpleeg|raadpleegt|ken|kent|citeer|citeert|heb|hebt|heeft)"
    r" (?:je|jij|u|wijzer)|(?:do|does|can) (?:you|wijzer) (?:use|know|consult|cite|rely on|draw on|have)"
    r"|(?:are|is) (?:you|wijzer|your answers|wijzer's answers) based)\b"
)
_SOURCES = re.compile(
    # what follows the verb is short and says for what ("… je je antwoorden?"), not for whom ("… gebruik je
    # als gemeente?") or why ("… heb je nodig om …")
    rf"{_START}(?:(?:op|uit|van|on|from) )?(?:welke|wat voor|which|what) {_SOURCE_WORDS}(?! van| of) {_USE}"
    r"(?! als\b| as\b)(?: [\w']+){0,3}\s*\??$"
    rf"|{_START}(?:wat|what) (?:zijn|are) (?:je|jouw|uw|your|wijzers|wijzer's) (?:bronnen|sources)\b"
    r"|^(?:en )?waar (?:haal|baseer) (?:je|jij|u|wijzer) \w+ (?:\w+ )?(?:vandaan|op)\b"
    r"|^(?:and )?(?:where do you get|what are your answers based on|what is wijzer based on)\b"
)
_AUTHORS = re.compile(
    rf"{_START}(?:"
    r"wie (?:zijn|is|waren|was) de (?:auteurs?|schrijvers?)\b"
    r"|wie (?:heeft|hebben) (?:[\w'?-]+ ){0,8}geschreven\b|wie schreef\b|wie schreven\b"
    r"|door wie is (?:[\w'?-]+ ){0,8}geschreven\b|van wie is (?:het|dat|dit) (?:essay|artikel)\b"
    r"|who (?:wrote|authored|is the author|are the authors|were the authors|is the writer)\b"
    r"|(?:wat|what) (?:zijn|are) (?:de|the) (?:namen van de|names of the) (?:auteurs|authors)\b)"
)
_PUBLICATION = re.compile(
    rf"{_START}(?:wanneer|waar|waarin|in welk \w+|when|where|in which \w+|in what \w+)\b.*"
    r"\b(?:verschenen|gepubliceerd|uitgegeven|uitgekomen|published|appeared)\b"
)
_VERSION = re.compile(
    r"\b(?:welke|which|what) (?:versie|version)\b|\b(?:hoe actueel|how (?:current|recent|up[- ]to[- ]date))\b"
    r"|\b(?:is|zijn|are) .{0,50}\b(?:actueel|verouderd|up[- ]to[- ]date|current|outdated)\s*\??$"
)
_LAWS = re.compile(r"\b(?:wetten|wetteksten|wetgeving|laws|statutes|legislation)\b")
_MAX_WORDS = 16  # questions about the sources are short; a long one asks about content with these words

INTRO: dict[tuple[Language, Asked], str] = {
    ("nl", "sources"): "Wijzer antwoordt alleen vanuit deze bronnen (bronnenoverzicht corpus/manifest.yaml):",
    ("en", "sources"): "Wijzer only answers from these sources (its source list, corpus/manifest.yaml):",
    ("nl", "authors"): "Volgens het bronnenoverzicht van Wijzer (corpus/manifest.yaml):",
    ("en", "authors"): "According to Wijzer's source list (corpus/manifest.yaml):",
    ("nl", "publication"): "Volgens het bronnenoverzicht van Wijzer (corpus/manifest.yaml):",
    ("en", "publication"): "According to Wijzer's source list (corpus/manifest.yaml):",
    ("nl", "version"): "Deze versies gebruikt Wijzer (het bronnenoverzicht, corpus/manifest.yaml):",
    ("en", "version"): "These are the versions Wijzer uses (its source list, corpus/manifest.yaml):",
}
_VERSION_OF: dict[Language, str] = {"nl": "tekst van {date}", "en": "text of {date}"}
_OUTDATED: dict[Language, str] = {
    "nl": "verouderd: controleer de actuele tekst op wetten.overheid.nl",
    "en": "outdated: check the current text on wetten.overheid.nl",
}
_CURRENT: dict[Language, str] = {"nl": "de actuele tekst op die datum", "en": "the current text at that date"}
_BY: dict[Language, str] = {"nl": "door", "en": "by"}


def asked_about_sources(question: str) -> Asked | None:
    """Which fact about the sources a question asks for, or None for any other question."""
    folded = fold(question).strip()
    if len(folded.split()) > _MAX_WORDS or re.search(r"\b(?:volgens|according)\b", folded):
        return None
    for asked, pattern in (
        ("sources", _SOURCES),
        ("authors", _AUTHORS),
        ("publication", _PUBLICATION),
        ("version", _VERSION),
    ):
        if pattern.search(folded):
            return asked  # type: ignore[return-value]
    return None


@dataclass(frozen=True)
class SourcesDesk:
    """Answers questions about the corpus from its manifest. ``expansions`` gives a question's synonym
    expansions, so that "the Housing Act" names the Woningwet as the search's document hint does."""

    manifest: CorpusManifest
    expansions: Callable[[str], Sequence[str]] = lambda question: ()

    def answer(self, question: str, language: Language, corpus_version: str = "") -> Answer | None:
        asked = asked_about_sources(question)
        if asked is None:
            return None
        documents = self._documents_for(asked, question)
        if not documents:
            return None
        lines, citations = [], []
        for n, (source, document) in enumerate(documents, start=1):
            line = self._line(asked, document, language)
            lines.append(f"- {line} [{n}]")
            citations.append(Citation(n, _passage(source, document, line)))
        return Answer(
            answer=INTRO[(language, asked)] + "\n\n" + "\n".join(lines),
            refused=False,
            language=language,
            citations=citations,
            corpus_version=corpus_version,
            notes=[f"about the sources: {asked}"],
        )

    def states(self, source: str, text: str) -> bool:
        """Is ``text`` a line this desk cites for the document ``source``? (citation validity: such a citation
        is checked against the manifest, as a passage's is against the index)"""
        document = self.manifest.documents.get(source)
        return document is not None and any(
            text == self._line(asked, document, language)
            for asked in ("sources", "authors", "publication", "version")
            for language in ("nl", "en")
        )

    def _documents_for(self, asked: Asked, question: str) -> list[tuple[str, DocumentInfo]]:
        """The documents the question is about: those it names (as the search's document hint reads names:
        ``names_document``); for "Welke bronnen …?" all of them (the laws and treaties for "Welke wetten
        …?"); for the authors, the essay when it names none (only the essay has authors to speak of). A
        version question must name a document or ask about the laws, a publication question name one."""
        everything = list(self.manifest.documents.items())
        named_text = " | ".join([question, *self.expansions(question)])
        named = [(s, d) for s, d in everything if names_document(named_text, d.model_dump())]
        legal = [(s, d) for s, d in everything if d.kind in LEGAL_KINDS]
        wants_laws = bool(_LAWS.search(fold(question)))
        if asked == "sources":
            return legal if wants_laws else everything
        if named:
            return named
        if asked == "version":
            return legal if wants_laws else []
        return [(s, d) for s, d in everything if d.kind == "essay"] if asked == "authors" else []

    @staticmethod
    def _line(asked: Asked, document: DocumentInfo, language: Language) -> str:
        version = _VERSION_OF[language].format(date=document.version_date) if document.version_date else ""
        state = _OUTDATED[language] if document.outdated else _CURRENT[language]
        if asked == "version":
            return f"{document.title}: {version} ({state})" if version else document.title
        if asked in ("authors", "publication") and document.kind == "essay" and document.citation:
            return document.citation
        authors = ", ".join(document.authors)
        if authors and document.kind != "essay":  # a law's "authors" issued it
            authors = f"{_BY[language]} {authors}"
        details = "; ".join(part for part in (authors, version) if part)
        return f"{document.title} ({details})" if details else document.title


def _passage(source: str, document: DocumentInfo, line: str) -> Passage:
    """The document as a citation: its manifest entry's facts are the cited text."""
    return Passage(
        id=f"manifest:{source}",
        text=line,
        source=source,
        title=document.title,
        score=1.0,
        url=document.url,
        language=document.language,
        outdated=document.outdated,
        version_date=document.version_date,
        kind=document.kind,
        short_title=document.short_title,
    )
