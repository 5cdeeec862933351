"""Query expansion with the curated synonym/translation table (synonyms.yaml beside this file)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import Stemmer
import yaml

from bot.retrieval.analysis import STOPWORDS, fold

MAX_TRANSLATIONS = 6  # Dutch corpus words per English word from the corpus glossary, primary senses first


@dataclass(frozen=True)
class CorpusGlossary:
    """corpus_glossary.tsv, inverted: English word → the Dutch corpus words it translates; and as written:
    Dutch word → its English senses, primary first (what an English embedding model reads, embeddings/gloss.py)."""

    english: dict[str, tuple[str, ...]] = field(default_factory=dict)
    glossed: frozenset[str] = frozenset()  # the Dutch words the table has a line for
    senses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Dutch word (folded) → English senses
    # English Snowball stem → the Dutch words of the English words with that stem ("nationals", "national"):
    # for an English word the table does not list ("nationality"; see ``SynonymTable.corpus_translations``)
    english_stems: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def missing(self, vocabulary: Iterable[str]) -> list[str]:
        """Words of an index vocabulary the table has no line for (letters only, 3 or more, no stopword):
        after new documents are ingested, the words English questions cannot reach by translation."""
        return sorted(
            w
            for w in vocabulary
            if len(w) >= 3 and w.isalpha() and w not in STOPWORDS and w not in self.glossed
        )

    @classmethod
    def parse(cls, text: str) -> CorpusGlossary:
        english: dict[str, list[tuple[int, str]]] = {}
        glossed: set[str] = set()
        senses: dict[str, tuple[str, ...]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            columns = line.split("\t")
            if len(columns) != 2:
                raise ValueError(f"corpus_glossary.tsv line {number}: expected 2 TAB-separated columns")
            dutch, en = (fold(c.strip()) for c in columns)
            glossed.add(dutch)
            if entries := _entries(en):
                senses[dutch] = tuple(entries)
            for position, word in enumerate(entries):
                english.setdefault(word, []).append((position, dutch))
        by_stem: dict[str, list[tuple[int, str]]] = {}
        for word, ds in english.items():
            by_stem.setdefault(english_stem(word), []).extend(ds)
        return cls(
            {w: tuple(d for _, d in sorted(ds)[:MAX_TRANSLATIONS]) for w, ds in english.items()},
            frozenset(glossed),
            senses,
            {
                stem: tuple(dict.fromkeys(d for _, d in sorted(ds)))[:MAX_TRANSLATIONS]
                for stem, ds in by_stem.items()
            },
        )


_ENGLISH = Stemmer.Stemmer("english")
_ENGLISH_LOCK = threading.Lock()  # a PyStemmer stemmer is not safe to share between threads


def english_stem(word: str) -> str:
    """The English Snowball stem of a folded word: "nationality", "nationals" and "national" are *nation*."""
    with _ENGLISH_LOCK:
        return _ENGLISH.stemWord(word)


def _entries(column: str) -> list[str]:
    return [] if column == "-" else [e.strip() for e in column.split(",") if e.strip() and e.strip() != "-"]


@dataclass(frozen=True)
class SynonymTable:
    groups: tuple[tuple[str, ...], ...]
    glossary: dict[str, tuple[str, ...]] = field(default_factory=dict)  # English word → Dutch words
    corpus: CorpusGlossary = field(default_factory=CorpusGlossary)
    # matched_groups per folded question: building one query asks it four or five times
    _matches: dict[str, list[tuple[tuple[str, ...], list[str]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def load(
        cls, text: str | None = None, glossary_text: str | None = None, corpus_text: str | None = None
    ) -> SynonymTable:
        package = resources.files("bot.retrieval")
        raw = text if text is not None else package.joinpath("synonyms.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(raw) or {}
        groups = data.get("groups") or []
        if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
            raise ValueError("synonyms.yaml: 'groups' must be a list of lists of terms")
        if glossary_text is None:
            glossary_text = package.joinpath("glossary_en_nl.yaml").read_text(encoding="utf-8")
        entries = yaml.safe_load(glossary_text) or {}
        if not isinstance(entries, dict) or not all(isinstance(v, list) for v in entries.values()):
            raise ValueError("glossary_en_nl.yaml: expected 'english: [dutch, ...]' entries")
        glossary = {fold(str(k)): tuple(fold(str(v)) for v in vs) for k, vs in entries.items()}
        if corpus_text is None:
            corpus_text = package.joinpath("corpus_glossary.tsv").read_text(encoding="utf-8")
        return cls(
            tuple(tuple(fold(str(term)) for term in group) for group in groups),
            glossary,
            CorpusGlossary.parse(corpus_text),
        )

    def translations(self, word: str) -> tuple[str, ...]:
        """Dutch words for an English question word (empty for any other word)."""
        return self.glossary.get(fold(word), ())

    def corpus_translations(self, word: str) -> tuple[str, ...]:
        """Dutch corpus words for an English word, from the corpus glossary (broader, so only used for
        questions asked in English). A hyphenated word ("decision-making") is tried as written, run
        together, and else part by part."""
        english, word = self.corpus.english, fold(word)
        found = english.get(word) or english.get(word.replace("-", ""), ())
        if found:
            return found
        if "-" in word:
            return tuple(dutch for part in word.split("-") for dutch in english.get(part, ()))
        # a form the table does not list, by the words it lists with the same English stem: "nationality"
        # → "nationals" (onderdanen), "drafting" → "draft", "negotiate" → "negotiations" (docs/retrieval.md,
        # session 37). Not a word in -s or -ly: a verb's "joins" (deelnemen) and "largely" (groot) took
        # "Which group … is still largely missing from the research on who joins …?" to the sentences on
        # who joins, away from the group missing
        if word.endswith(("s", "ly")):
            return ()
        return self.corpus.english_stems.get(english_stem(word), ())

    def singular_translations(self, word: str) -> tuple[str, ...]:
        """The Dutch words of an English plural's singular when the glossary lists only that: "conservatives"
        → conservative → *conservatieve*, "charities" → charity. For the words of a name only
        (``query._translated_name``): a question's verb in -s is no plural, and as a search word "joins"
        (deelnemen) pulled the answer to "Which group … is missing from the research on who joins …?" away
        from the sentence on the group missing."""
        english, word = self.corpus.english, fold(word)
        if len(word) < 4 or not word.endswith("s") or word.endswith("ss"):
            return ()
        for singular in (
            word[:-3] + "y" if word.endswith("ies") else "",
            word[:-1],
            word[:-2] if word.endswith("es") else "",
        ):
            if singular and singular in english:
                return english[singular]
        return ()

    def matched_groups(self, question: str) -> list[tuple[tuple[str, ...], list[str]]]:
        """Each group the question mentions, with the members it mentions. The longest mention wins: in
        "What is a housing cooperative?" the wooncoöperatie group is mentioned, not also the coöperatie
        group through the phrase's last word. The result is shared between calls: read it, do not change it."""
        folded = _folded(question)
        cached = self._matches.get(folded)
        if cached is not None:
            return cached
        found = [(group, [term for term in group if _mentions(folded, term)]) for group in self.groups]
        phrases = [(group, term) for group, hits in found for term in hits if " " in term]
        out = []
        for group, hits in found:
            hits = [
                term
                for term in hits
                if not any(other is not group and _mentions(f" {phrase} ", term) for other, phrase in phrases)
            ]
            if hits:
                out.append((group, hits))
        if len(self._matches) >= _MAX_CACHED:
            self._matches.clear()
        self._matches[folded] = out
        return out

    def expansions(self, question: str) -> list[str]:
        """Terms to add for ``question``: the other members of every group it mentions."""
        folded = _folded(question)
        return [
            term
            for group, _ in self.matched_groups(question)
            for term in group
            if not _mentions(folded, term)
        ]

    def phrase_synonyms(self, question: str) -> list[str]:
        """The single words that stand for a phrase the question uses: "right to challenge" → uitdaagrecht
        (and the group's other one-word members)."""
        return [
            member
            for group, hits in self.matched_groups(question)
            if any(" " in hit for hit in hits)
            for member in group
            if " " not in member
        ]


_MAX_CACHED = 4096


# an abbreviation that starts a hyphenated word: an "EU-burger" mentions the EU, a "VOG-aanvraag" the VOG
_ABBREVIATION_PREFIX = re.compile(r"\b([A-Z]{2,}[a-z]?)-(?=\w)")


def _folded(question: str) -> str:
    """The question's words, folded, and the abbreviations that start its hyphenated words."""
    tokens = re.findall(r"[\w-]+", fold(question))
    prefixes = [fold(m) for m in _ABBREVIATION_PREFIX.findall(question)]
    return " " + " ".join([*tokens, *prefixes]) + " "


def _mentions(folded_question: str, term: str) -> bool:
    return f" {term} " in folded_question


@cache
def default_synonyms() -> SynonymTable:
    return SynonymTable.load()
