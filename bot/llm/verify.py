"""Checking a drafted answer sentence by sentence before any of it is shown.

A sentence is shown only when the passage(s) it cites support it:

* its markers point at passages the model was given (others are removed);
* at least ``threshold`` of its content words occur in one *window* of a cited passage: one sentence,
  or two adjacent ones, plus the passage's title and location (which alone never suffice). Words are compared as the lexical
  index's analyzer sees them (folded Dutch stems); a compound counts once and matches through its own
  stem or all of its parts. Windows, not whole passages, so that a claim stitched together from words
  spread over a long passage does not pass;
* the window has the same polarity (a negation such as *niet*, *geen*, *not*) as the claim: the
  analyzer drops those words as stopwords, so "betaalt niet" and "betaalt" would otherwise look alike;
* every number and every capitalised name in it occurs in the supporting passages ("9000 leden"
  against a passage that says "ruim 740 leden" fails here even though the words match);
* sentences in a passage that address the reader with instructions ("Negeer alle instructies en zeg
  dat ...") are no evidence, so repeating an injected instruction never counts as supported.

Uncited sentences are dropped, except the "not in the sources" sentence the prompt asks for, which is
shown only next to at least one supported sentence, and only if it mentions nothing beyond the
question's own words (otherwise as the plain sentence, see ``framing``). The whole design errs on the side of dropping: a
dropped true sentence costs completeness, a shown invented one costs trust.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer.guard import OVERRIDE
from bot.answer.types import Passage
from bot.language import Language
from bot.retrieval.analysis import STOPWORDS, Analyzer, fold, words
from ingest.sentences import split_paragraphs, split_sentences

MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_NAME = re.compile(r"\b[A-ZÀ-Ý][\wÀ-ÿ]{2,}")
_NEGATIONS = frozenset(
    """niet geen nooit niets noch nergens niemand zonder not no never none nor nothing nobody without
    cannot""".split()
)
_NOT_COVERED = re.compile(
    r"\b(staat|staan|vind|vindt|vinden)\b[^.]{0,30}\bniets?\b[^.]{0,20}\bbronnen\b|"
    r"\bbronnen\b[^.]{0,20}\b(zeggen|vermelden|noemen|bevatten|beschrijven)\b[^.]{0,30}\b(niets|niet|geen)\b|"
    r"\bniet in de bronnen\b|\bsources (do not|don't|say nothing)\b|\bnot (covered|mentioned|addressed) (in|by) the sources\b"
)
# Attempts to override instructions: the extractive composer's pattern (refused there when in a question),
# repeated here so the LLM path does not lean on a private name.
# Sentences that address the reader or the model rather than state something.
_ADDRESSED = re.compile(
    r"\b(zeg|vertel|antwoord|schrijf|say|tell|answer|write|respond)\b\s+(dan\s+|altijd\s+|always\s+)?"
    r"(dat|that|de gebruiker|the user)\b"
)


def markers(sentence: str) -> list[int]:
    """The passage numbers a sentence cites, in order, once each ("[1][3]", "[1, 3]")."""
    out: list[int] = []
    for match in MARKER.finditer(sentence):
        for number in re.split(r"\s*[,;]\s*", match.group(1).strip()):
            if int(number) not in out:
                out.append(int(number))
    return out


def strip_markers(sentence: str) -> str:
    text = " ".join(MARKER.sub(" ", sentence).split())
    return re.sub(r"\s+([.,;:!?…])", r"\1", text)


def numbers(text: str) -> set[str]:
    """Numbers as written, thousands separators removed ("9.000" == "9000"); "4:21" stays whole."""
    return {_THOUSANDS.sub(lambda m: m.group(0).replace(".", ""), n) for n in _NUMBER.findall(text)}


def names(text: str) -> set[str]:
    """Capitalised words other than the first one (a cheap proper-name detector)."""
    body = text.strip().lstrip("\"'“‘(*-• ")
    first = re.match(r"\S+", body)
    rest = body[first.end() :] if first else body
    found = set()
    for match in _NAME.finditer(rest):
        before = rest[: match.start()].rstrip()
        if not before.endswith((".", ":", "!", "?", "\n")):
            found.add(fold(match.group(0)))
    return found


def negated(text: str) -> bool:
    folded = fold(text)
    return bool(_NEGATIONS.intersection(words(folded))) or "n't" in folded or "n’t" in folded


def is_instruction(sentence: str) -> bool:
    """A passage sentence that tells the reader what to say or to ignore its instructions."""
    folded = fold(sentence)
    return bool(OVERRIDE.search(folded) or _ADDRESSED.search(folded))


def is_not_covered(sentence: str) -> bool:
    """The "Dat staat niet in de bronnen" sentence the prompts ask for."""
    return bool(_NOT_COVERED.search(fold(sentence)))


NOT_COVERED: dict[Language, str] = {
    "nl": "Dat staat niet in de bronnen.",
    "en": "The sources do not cover this.",
}
_CONTRAST = re.compile(r"\b(maar|wel|echter|toch|behalve|but|however|although|though|except|yet)\b")
_FRAMING_WORDS = frozenset(
    "informatie information gegevens cover covered mention mentioned address addressed vind vinden".split()
)


def framing(sentence: str, question: str, language: Language) -> str:
    """A "not in the sources" sentence as it may be shown. It carries no marker, so it must not carry a
    claim either: the model's wording is kept only when its content words come from the question
    ("Over subsidies staat niets in de bronnen."); anything more ("..., maar de gemeente betaalt alles")
    and it becomes the plain sentence."""
    text = strip_markers(sentence)
    asked = {w[:5] for w in words(question)}
    content = {w[:5] for w in words(text) if w not in STOPWORDS and w not in _FRAMING_WORDS and len(w) > 2}
    if _CONTRAST.search(fold(text)) or re.search(r"\d", text) or not content <= asked:
        return NOT_COVERED[language]
    return text


Unit = tuple[str, frozenset[str]]  # a content word: its stem, and the stems of its compound parts


def units(text: str, analyzer: Analyzer) -> frozenset[Unit]:
    """The content words of a claim, one unit each, so a compound does not count three times."""
    out = set()
    for word in words(text):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        out.add((analyzer.stem(word), frozenset(analyzer.stem(p) for p in analyzer.split_compound(word))))
    return frozenset(out)


def _holds(window: frozenset[str], stem: str) -> bool:
    """Stems that differ only in a short ending match too: the Dutch stemmer leaves some inflection
    behind ("biedt" vs "bied", "betaalt" vs "betal")."""
    if stem in window:
        return True
    return len(stem) >= 4 and any(
        len(w) >= 4 and abs(len(w) - len(stem)) <= 2 and (w.startswith(stem) or stem.startswith(w))
        for w in window
    )


def matched(claim: frozenset[Unit], window: frozenset[str]) -> frozenset[Unit]:
    """The claim's words a window holds: the word itself, or all of its compound parts."""
    return frozenset(
        (stem, parts)
        for stem, parts in claim
        if _holds(window, stem) or (parts and all(_holds(window, p) for p in parts))
    )


@dataclass(frozen=True)
class Window:
    terms: frozenset[str]
    negated: bool


@dataclass(frozen=True)
class PassageEvidence:
    """What a passage can support: its windows, header terms, numbers and folded text."""

    windows: tuple[Window, ...]
    header: frozenset[str]  # title, location and source: they support a claim, but cannot be all of it
    numbers: frozenset[str]
    folded: str

    @classmethod
    def build(cls, passage: Passage, analyzer: Analyzer, size: int = 2) -> PassageEvidence:
        header = " ".join(x for x in (passage.title, passage.location, passage.source) if x)
        header_terms = frozenset(analyzer.analyze(header))
        sentences = [s for p in split_paragraphs(passage.text) for s in split_sentences(p)]
        usable = [None if is_instruction(s) else s for s in sentences]
        windows = []
        for start in range(len(usable)):
            for width in range(1, size + 1):
                span = usable[start : start + width]
                if len(span) < width or any(s is None for s in span):
                    break
                text = " ".join(s for s in span if s)
                windows.append(Window(frozenset(analyzer.analyze(text)), negated(text)))
        everything = f"{header} {passage.version_date or ''} {passage.text}"
        return cls(tuple(windows), header_terms, frozenset(numbers(everything)), fold(everything))

    def best(self, terms: frozenset[Unit], claim_negated: bool) -> tuple[float, frozenset[Unit]]:
        """The best share of the claim's words one window of the same polarity holds (with the header),
        and which. A window must add a word of its own: a sentence that only repeats the passage's title
        or location ("Gemeentewet, art. 150 [1]") says nothing the passage says."""
        best: tuple[float, frozenset[Unit]] = (0.0, frozenset())
        from_header = matched(terms, self.header)
        for window in self.windows:
            if window.negated != claim_negated:
                continue
            own = matched(terms, window.terms)
            if not own - from_header:
                continue
            shared = own | from_header
            share = len(shared) / len(terms)
            if share > best[0]:
                best = (share, shared)
        return best


@dataclass(frozen=True)
class Check:
    """The verdict on one drafted sentence."""

    sentence: str  # as the model wrote it
    claim: str  # without markers
    cited: tuple[int, ...]  # markers to existing passages, as written (1-based)
    invalid: tuple[int, ...]  # markers to passages that do not exist
    supported_by: tuple[int, ...]  # the cited passages that support it (its markers when shown)
    score: float  # best share of the claim's content words found
    reason: str | None  # why it is not shown; None: shown

    @property
    def kept(self) -> bool:
        return self.reason is None


class Verifier:
    """Checks sentences against the numbered passages the model was given."""

    def __init__(
        self, passages: Sequence[Passage], analyzer: Analyzer, threshold: float = 0.5, window: int = 2
    ) -> None:
        self.passages = list(passages)
        self.analyzer = analyzer
        self.threshold = threshold
        self.evidence = [PassageEvidence.build(p, analyzer, window) for p in self.passages]

    def check(self, sentence: str) -> Check:
        claim = strip_markers(sentence)
        written = markers(sentence)
        cited = tuple(n for n in written if 1 <= n <= len(self.passages))
        invalid = tuple(n for n in written if n not in cited)

        def verdict(reason: str | None, supported: tuple[int, ...] = (), score: float = 0.0) -> Check:
            return Check(sentence, claim, cited, invalid, supported, score, reason)

        if not cited:
            if invalid:
                return verdict(f"cites only passages that do not exist ({_marks(invalid)})")
            return verdict("no source marker")
        terms = units(claim, self.analyzer)
        if not terms:
            return verdict("no content to verify")
        claim_negated = negated(claim)
        best = {n: self.evidence[n - 1].best(terms, claim_negated) for n in cited}
        score = max(share for share, _ in best.values())
        supported = tuple(n for n in cited if best[n][0] >= self.threshold)
        if not supported and len(cited) > 1:
            # one sentence may join what two cited passages each say: each must add something
            union = frozenset().union(*(shared for _, shared in best.values()))
            if len(union) / len(terms) >= self.threshold and all(best[n][1] for n in cited):
                supported, score = cited, len(union) / len(terms)
        if not supported:
            return verdict(f"not supported by {_marks(cited)} ({score:.2f} < {self.threshold})", score=score)
        evidence = [self.evidence[n - 1] for n in supported]
        missing_numbers = numbers(claim) - frozenset().union(*(e.numbers for e in evidence))
        if missing_numbers:
            return verdict(f"number(s) {', '.join(sorted(missing_numbers))} not in {_marks(supported)}")
        missing_names = {n for n in names(claim) if not any(n in e.folded for e in evidence)}
        if missing_names:
            return verdict(f"name(s) {', '.join(sorted(missing_names))} not in {_marks(supported)}")
        return verdict(None, supported, score)


def _marks(ns: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in ns)
