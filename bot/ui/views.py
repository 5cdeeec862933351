"""Pure text building for the chat page: no Chainlit, no I/O, so the unit tests cover all of it.

Everything shown in the browser that comes from a document (titles, passage text, answer sentences) goes
through ``escape_markdown`` or ``display_answer`` first: the page renders Markdown, and document content
must be shown as text, never interpreted (no HTML, no remote images, no formatting tricks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

UILanguage = Literal["nl", "en"]

# --- personas and chat profiles ------------------------------------------------------------------------

PROFILE_AMBTENAAR = "Ambtenaar"
PROFILE_COLLECTIEF = "Lid van een collectief"
PROFILE_PERSONA: dict[str, str] = {PROFILE_AMBTENAAR: "ambtenaar", PROFILE_COLLECTIEF: "collectief"}
PERSONA_PROFILE: dict[str, str] = {persona: profile for profile, persona in PROFILE_PERSONA.items()}

PROFILE_DESCRIPTIONS: dict[str, str] = {
    PROFILE_AMBTENAAR: (
        "Voor ambtenaren van gemeente, provincie of Rijk. Wijzer kijkt vanuit de rol van de overheid: "
        "participatie, uitdaagrecht, subsidies en samenwerken met burgercollectieven."
    ),
    PROFILE_COLLECTIEF: (
        "Voor leden en initiatiefnemers van burgercollectieven: energie-, zorg- en wooncoöperaties, "
        "bewonersbedrijven en andere initiatieven. Wijzer kijkt vanuit wat uw collectief kan doen en "
        "welke regels ervoor gelden."
    ),
}

# Example questions the corpus answers well, per persona (chat-profile starters and welcome buttons).
EXAMPLE_QUESTIONS: dict[str, tuple[str, ...]] = {
    "ambtenaar": (
        "Wat is het uitdaagrecht en waar staat het in de wet?",
        "Welke rollen kunnen burgercollectieven spelen?",
        "Waarom botst de logica van burgercollectieven met die van de gemeente?",
        "Wat moet een participatieverordening regelen?",
    ),
    "collectief": (
        "Hoe richten we een wooncoöperatie op?",
        "Wat is een energiegemeenschap volgens de Energiewet?",
        "Hoe kunnen we als collectief samenwerken met de gemeente?",
        "Welke regels gelden voor een coöperatie (BW Boek 2)?",
    ),
}


def persona_for_profile(profile: str | None, default: str = "ambtenaar") -> str:
    """The service persona for a chat-profile name; the default for an unknown or missing profile."""
    return PROFILE_PERSONA.get(profile or "", default)


def ui_language(browser_language: str | None) -> UILanguage:
    """English for an English browser, Dutch for everything else (Wijzer is Dutch-first)."""
    return "en" if (browser_language or "").strip().lower().startswith("en") else "nl"


# --- escaping ------------------------------------------------------------------------------------------

# Markdown-significant ASCII punctuation; a backslash before any ASCII punctuation is a literal in
# CommonMark, so the escaped text renders exactly as written.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~=&])")
_LEADING_WS = re.compile(r"^[ \t]+", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally: punctuation escaped, no indented code blocks."""
    return _MD_SPECIAL.sub(r"\\\1", _LEADING_WS.sub("", text))


def display_answer(text: str) -> str:
    """The answer as shown: Markdown stays (lists, emphasis) and so do the ``[n]`` markers, but raw HTML is
    shown as text and images never load (an answer can quote document content)."""
    return text.replace("<", "\\<").replace("![", "!\\[")


def safe_url(url: str | None) -> str | None:
    """Only plain http(s) URLs become links."""
    if url and re.fullmatch(r"https?://[^\s<>()\[\]]+", url.strip()):
        return url.strip()
    return None


# --- citations -----------------------------------------------------------------------------------------

_MARKER = re.compile(r"\[(\d+)\]")


def marker_numbers(text: str) -> list[int]:
    """The citation numbers used in ``text`` as ``[n]`` markers, in order of first use."""
    seen: dict[int, None] = {}
    for match in _MARKER.finditer(text):
        seen.setdefault(int(match.group(1)), None)
    return list(seen)


def element_name(n: int) -> str:
    """The name of the source element for citation ``n``: exactly the marker, so it becomes clickable."""
    return f"[{n}]"


@dataclass(frozen=True)
class SourceView:
    """One source element: its name (the marker) and its Markdown content."""

    n: int
    name: str
    content: str


_LABELS: dict[UILanguage, dict[str, str]] = {
    "nl": {
        "version": "versie",
        "outdated": "verouderde wetstekst (versie {date})",
        "outdated_note": "dit is niet de geldende tekst; controleer de actuele versie op wetten.overheid.nl.",
        "source": "Bron",
        "passage": "Passage",
        "no_sources": "Geen passage in de bronnen beantwoordt deze vraag.",
        "found": "Gevonden passages (hoogste score eerst):",
        "score": "score",
    },
    "en": {
        "version": "version",
        "outdated": "outdated statute text (version {date})",
        "outdated_note": "this is not the text in force; check the current version on wetten.overheid.nl.",
        "source": "Source",
        "passage": "Passage",
        "no_sources": "No passage in the sources answers this question.",
        "found": "Passages found (highest score first):",
        "score": "score",
    },
}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def location_of(passage: Any) -> str:
    """The location for display: "art. 150", "p. 7" or "" (a Passage's own ``location`` when it has one)."""
    location = _get(passage, "location")
    if isinstance(location, str):
        return location
    if _get(passage, "article"):
        return f"art. {_get(passage, 'article')}"
    if _get(passage, "page") is not None:
        return f"p. {_get(passage, 'page')}"
    return ""


def citation_markdown(passage: Any, language: str = "nl", n: int | None = None) -> str:
    """The side-panel content of one source: title, location, version date, outdated warning, URL, text.

    With ``n`` the title starts with the marker: Chainlit opens the panel with all sources of an answer
    at once, and each must say which marker it belongs to.
    """
    labels = _LABELS["en" if language == "en" else "nl"]
    title = escape_markdown(str(_get(passage, "title") or _get(passage, "source") or ""))
    lines = [f"**{escape_markdown(element_name(n))} {title}**" if n is not None else f"**{title}**"]
    details = []
    if location := location_of(passage):
        details.append(escape_markdown(location))
    version_date = _get(passage, "version_date")
    if version_date:
        details.append(f"{labels['version']} {escape_markdown(str(version_date))}")
    if section := _get(passage, "section"):
        details.append(escape_markdown(str(section)))
    if details:
        lines += ["", " · ".join(details)]
    if _get(passage, "outdated"):
        warning = labels["outdated"].format(date=version_date or "?")
        lines += [
            "",
            f"⚠️ **{escape_markdown(warning.capitalize())}**: {escape_markdown(labels['outdated_note'])}",
        ]
    url = safe_url(_get(passage, "url"))
    if url:
        lines += ["", f"{labels['source']}: [{escape_markdown(url)}]({url})"]
    lines += ["", "---", "", escape_markdown(str(_get(passage, "text") or "")).strip()]
    return "\n".join(lines)


def source_views(answer: Any) -> list[SourceView]:
    """One source element per citation, named ``[n]``; none for a refusal."""
    if _get(answer, "refused"):
        return []
    language = _get(answer, "language") or "nl"
    views = []
    for citation in sorted(_get(answer, "citations") or [], key=lambda c: _get(c, "n")):
        n = int(_get(citation, "n"))
        views.append(
            SourceView(n, element_name(n), citation_markdown(_get(citation, "passage"), language, n))
        )
    return views


def retrieval_markdown(answer: Any, limit: int = 10) -> str:
    """The content of the collapsible "Bronnen zoeken" step: retrieved passages with their scores."""
    labels = _LABELS["en" if _get(answer, "language") == "en" else "nl"]
    passages = list(_get(answer, "retrieved") or [])[:limit]
    if _get(answer, "refused") or not passages:
        return labels["no_sources"]
    lines = [labels["found"], ""]
    for i, passage in enumerate(passages, start=1):
        title = escape_markdown(str(_get(passage, "title") or _get(passage, "source") or ""))
        where = location_of(passage)
        where = f", {escape_markdown(where)}" if where else ""
        score = float(_get(passage, "score") or 0.0)
        snippet = " ".join(str(_get(passage, "text") or "").split())
        snippet = snippet[:220] + ("…" if len(snippet) > 220 else "")
        lines.append(f"{i}\\. **{title}**{where} — {labels['score']} {score:.4f}")
        lines.append(f"> {escape_markdown(snippet)}")
        lines.append("")
    return "\n".join(lines).rstrip()


# --- what is stored with each answer (feedback export, resume) -----------------------------------------


def passage_record(passage: Any, n: int | None = None, with_score: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {} if n is None else {"n": n}
    record |= {
        "source": _get(passage, "source"),
        "title": _get(passage, "title"),
        "page": _get(passage, "page"),
        "article": _get(passage, "article"),
        "section": _get(passage, "section"),
        "url": _get(passage, "url"),
        "version_date": _get(passage, "version_date"),
        "outdated": bool(_get(passage, "outdated", False)),
        "text": _get(passage, "text") or "",
    }
    if with_score:
        record["score"] = round(float(_get(passage, "score") or 0.0), 6)
    return record


def answer_metadata(
    question: str, answer: Any, history: Sequence[Mapping[str, str]], persona: str
) -> dict[str, Any]:
    """Stored in the assistant message's metadata (key ``wijzer``): enough to rebuild the exchange."""
    citations = [] if _get(answer, "refused") else list(_get(answer, "citations") or [])
    return {
        "kind": "answer",
        "question": question,
        "answer": _get(answer, "answer") or "",
        "persona": persona,
        "history": [{"role": t["role"], "content": t["content"]} for t in history],
        "refused": bool(_get(answer, "refused")),
        "language": _get(answer, "language"),
        "corpus_version": _get(answer, "corpus_version") or "",
        "sources": [passage_record(_get(c, "passage"), int(_get(c, "n"))) for c in citations],
        "retrieved": [passage_record(p, with_score=True) for p in _get(answer, "retrieved") or []],
    }


# --- history -------------------------------------------------------------------------------------------

MAX_HISTORY_TURNS = 20  # user + assistant turns kept per session (the service uses the last few)


def add_exchange(
    history: Sequence[Mapping[str, str]], question: str, answer_text: str, max_turns: int = MAX_HISTORY_TURNS
) -> list[dict[str, str]]:
    """A new history list with one more question/answer pair; the oldest pairs drop off first."""
    turns = [{"role": str(t["role"]), "content": str(t["content"])} for t in history]
    turns += [{"role": "user", "content": question}, {"role": "assistant", "content": answer_text}]
    keep = max_turns - (max_turns % 2)
    return turns[-keep:] if keep else []


def json_object(raw: Any) -> dict[str, Any]:
    """A metadata value as a dict: SQLite hands JSON columns back as text."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


def wijzer_metadata(step: Mapping[str, Any]) -> dict[str, Any]:
    """What Wijzer stored with a message (``metadata.wijzer``), or ``{}``."""
    meta = json_object(step.get("metadata")).get("wijzer")
    return meta if isinstance(meta, dict) else {}


def history_from_steps(
    steps: Iterable[Mapping[str, Any]], max_turns: int = MAX_HISTORY_TURNS
) -> list[dict[str, str]]:
    """The conversation history of a stored thread: one pair per answered question, in order."""
    answered = [
        s
        for s in steps
        if s.get("type") == "assistant_message" and wijzer_metadata(s).get("kind") == "answer"
    ]
    answered.sort(key=lambda s: str(s.get("createdAt") or ""))
    history: list[dict[str, str]] = []
    for step in answered:
        meta = wijzer_metadata(step)
        history = add_exchange(
            history, str(meta.get("question") or ""), str(meta.get("answer") or ""), max_turns
        )
    return history


# --- welcome -------------------------------------------------------------------------------------------

_KIND_LABELS: dict[UILanguage, dict[str, str]] = {
    "nl": {
        "essay": "essay",
        "statute": "wettekst",
        "treaty": "verdrag",
        "article": "artikel",
        "report": "rapport",
        "other": "document",
    },
    "en": {
        "essay": "essay",
        "statute": "statute",
        "treaty": "treaty",
        "article": "article",
        "report": "report",
        "other": "document",
    },
}
_KIND_ORDER = {"essay": 0, "article": 1, "report": 2, "statute": 3, "treaty": 4, "other": 5}


def short_citation(authors: Sequence[str] | None, year: int | str | None) -> str | None:
    """The short form of a citation: "De Moor et al. (2025)" from ["T. De Moor", "D. Czischke", ...], 2025."""
    if not authors or not year:
        return None
    first = authors[0].split()
    surname = " ".join(w for w in first if not re.fullmatch(r"(?:[A-Z]\.)+", w)) or authors[0]
    if len(authors) == 1:
        return f"{surname} ({year})"
    if len(authors) == 2:
        second = authors[1].split()
        other = " ".join(w for w in second if not re.fullmatch(r"(?:[A-Z]\.)+", w)) or authors[1]
        return f"{surname} & {other} ({year})"
    return f"{surname} et al. ({year})"


_WELCOME: dict[UILanguage, dict[str, str]] = {
    "nl": {
        "title": "**Welkom bij Wijzer**: uw vraagbaak over samenwerking tussen gemeenten en burgercollectieven.",
        "knows": "**Wat Wijzer kent.** Wijzer antwoordt alleen vanuit deze bronnen:",
        "empty": "**De index is nog leeg.** Voer eerst `wijzer ingest` uit; daarna kan Wijzer vragen beantwoorden.",
        "cited": "geciteerd als",
        "outdated": "⚠️ verouderde wetstekst, niet de geldende versie",
        "version": "versie",
        "not": (
            "**Wat Wijzer niet doet.** Wijzer geeft geen juridisch advies en gebruikt niets buiten deze "
            "bronnen. Staat het antwoord er niet in, dan zegt Wijzer: “dat staat niet in de bronnen”."
        ),
        "markers": "Elke bewering krijgt een bronverwijzing zoals \\[1\\]: klik erop om de passage te lezen.",
        "persona": "U spreekt met Wijzer als **{profile}**; kies bovenaan een ander profiel om te wisselen.",
        "examples": "Voorbeeldvragen:",
    },
    "en": {
        "title": "**Welcome to Wijzer**: your guide to cooperation between municipalities and citizen collectives.",
        "knows": "**What Wijzer knows.** Wijzer answers only from these sources (mostly in Dutch):",
        "empty": "**The index is still empty.** Run `wijzer ingest` first; then Wijzer can answer questions.",
        "cited": "cited as",
        "outdated": "⚠️ outdated statute text, not the version in force",
        "version": "version",
        "not": (
            "**What Wijzer does not do.** Wijzer gives no legal advice and uses nothing outside these "
            "sources. When the answer is not in them, Wijzer says so: “dat staat niet in de bronnen” "
            "(the sources do not cover this)."
        ),
        "markers": "Every claim carries a source marker such as \\[1\\]: click it to read the passage.",
        "persona": "You are talking to Wijzer as **{profile}**; pick another profile at the top to switch.",
        "examples": "Example questions:",
    },
}


def document_line(doc: Mapping[str, Any], language: UILanguage = "nl") -> str:
    text = _WELCOME[language]
    kind = str(doc.get("kind") or "other")
    parts = [_KIND_LABELS[language].get(kind, kind)]
    if doc.get("version_date"):
        parts.append(f"{text['version']} {escape_markdown(str(doc['version_date']))}")
    line = f"- *{escape_markdown(str(doc.get('title') or doc.get('source') or ''))}*: {', '.join(parts)}"
    cite = short_citation(doc.get("authors"), doc.get("year")) if kind == "essay" else None
    if cite:
        line += f"; {text['cited']} {escape_markdown(cite)}"
    if doc.get("outdated"):
        line += f"; {text['outdated']}"
    return line


def welcome_markdown(status: Mapping[str, Any], persona: str, language: UILanguage = "nl") -> str:
    """The welcome message: what Wijzer knows (the indexed documents), what it does not, the persona."""
    text = _WELCOME[language]
    documents = sorted(
        status.get("documents") or [],
        key=lambda d: (_KIND_ORDER.get(str(d.get("kind")), 9), str(d.get("title") or "").lower()),
    )
    blocks = [text["title"]]
    if documents:
        blocks.append(text["knows"] + "\n\n" + "\n".join(document_line(d, language) for d in documents))
    else:
        blocks.append(text["empty"])
    blocks += [text["not"], text["markers"]]
    blocks.append(
        text["persona"].format(profile=PERSONA_PROFILE.get(persona, persona)) + " " + text["examples"]
    )
    return "\n\n".join(blocks)
