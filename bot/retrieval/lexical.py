"""A BM25 index over the analyzed chunks, held as a sparse matrix so that query terms can carry
weights (original words count fully, synonyms and earlier-turn terms less).

Persisted in the data folder per corpus version and rebuilt from the index contents when missing, so
it is never out of sync with Chroma, in embedded and server mode alike.
"""

from __future__ import annotations

import bisect
import json
import os
import tempfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy import sparse

from bot.retrieval.analysis import Analyzer
from bot.retrieval.answer_type import COUNTS, DEFINES, PSEUDO_TERMS, counted_terms, defined_terms
from ingest.state import atomic_write_text

K1 = 1.2
B = 0.75
# a question word the corpus never uses alone, matched to the compounds it ends (compounds_ending_in)
MIN_COMPOUND_HEAD = 5  # letters of the stem ("huis" ends names: "Broekhuis")
MIN_FIRST_PART = 3
MAX_COMPOUND_HEADS = 3
# ... or to the compounds it starts (compounds_starting_with), when it ends none
MAX_COMPOUND_MODIFIERS = 5
MIN_COMPOUND_MODIFIER = 6  # letters of the stem ("vroeg", asked, starts "vroegtijdig")
MIN_REST = 4
# Bump when what is indexed changes, so persisted indexes are rebuilt (2: DEFINES terms; 3: "doet",
# "verder" are stopwords; 4: three-part compounds; 5: "auteurs", "authors", English function words;
# 6: "gelden", "geldt" are stopwords; 7: where each chunk stands in its document; 8: COUNTS terms;
# 9: "bedoelen" is a stopword, the entries of a law's list of definitions define their terms;
# 10: "lid" numbering a paragraph is no word: "het eerste lid", "lid 2:"; 11: "oké", "gewoon", "nou",
# "hoor" are stopwords: "mag ik dan gewoon …" asked for "wonen"; 12: a compound's part that is a stopword
# is no term: "ondersteunen" found every "micro-ondernemingen" by "onder"; "overeenkomstig" (according to)
# is a stopword, no "overeenkomst"); 13: an initialism with dots is one word ("U.A." → "ua"); 14: "X is een"
# defines only the word right before "is" (not "subsidie-ontvanger verplicht is de activiteiten …"); "denotes"
# ("Local self-government denotes …") and "behelst" define too; 15: a verb form is stemmed as its noun of
# action or infinitive ("benoemt", "geregeld", "melden" → benoeming, regeling, melding: analysis.Analyzer.lemma),
# an adjective in -achtig as its noun ("veerkrachtige"), an English plural as its singular ("authorities"); a
# compound's head may be a word the corpus writes only inflected ("groen·onderhoud"); "indien" (if) is a
# stopword, no "indienen" (to submit); 16: the modal verbs "mogen", "hoeven", "zouden" are stopwords like "mag"
# and "moeten" ("Mogen we …?" searched a rare "moog"), and so are conjunctions ("terwijl", "zodra", "alsof");
# a verb's stem is a compound's head ("woon·coöperatie": wonen); a number right before a noun gives its count
# ("ruim 740 leden" → =counts:lid); 17: a noun in -s is stemmed as its plural ("mens" as "mensen"); 18: a
# separable verb whose particle ends its clause is one word ("De colleges werken met elkaar samen" →
# samenwerken: analysis.Analyzer.join_separable); 19: and so was one whose infinitive "te" splits ("uit te
# voeren"), withdrawn in 20 (what 18 reads, by a faster scan); 21: a "." or ":" before a digit ends no clause
# there either ("vast.2"; the same reading of the shipped corpus).
FORMAT = 21


@dataclass(frozen=True)
class LexicalHit:
    id: str
    score: float


Place = tuple[str, int]  # a chunk's document (source) and its position there (chunk_index)


def _extending(terms: list[str], key: str, min_extra: int, limit: int) -> list[str]:
    """The ``terms`` (sorted) that start with ``key`` and go on for ``min_extra`` letters or more, in order;
    none when more than ``limit`` do."""
    found = []
    for term in terms[bisect.bisect_left(terms, key) :]:
        if not term.startswith(key):
            break
        if len(term) >= len(key) + min_extra:
            found.append(term)
            if len(found) > limit:
                return []
    return found


class LexicalIndex:
    """BM25 over the chunks, and where each chunk stands in its document (``chunk_at``): the composer
    reads on into the next chunk (a list, an article) and back into the one before (what a sentence
    points back to). Asked of Chroma, that is a metadata filter, 40–100 ms at 100,000 chunks; by id
    from this map, about 1 ms."""

    def __init__(
        self,
        ids: list[str],
        vocab: dict[str, int],
        matrix: sparse.csc_matrix,
        analyzer: Analyzer,
        places: Sequence[Place | None] = (),
    ) -> None:
        self.ids = ids
        self.vocab = vocab
        self.matrix = matrix
        self.analyzer = analyzer
        self.places = list(places)  # per id (None for a chunk without a known place)
        self._at = {place: chunk for chunk, place in zip(ids, self.places, strict=False) if place is not None}
        self._idf = self._idf_from_matrix()

    def chunk_at(self, source: str, chunk_index: int) -> str | None:
        """The id of chunk ``chunk_index`` of ``source``, or None (before its start, past its end)."""
        return self._at.get((source, chunk_index))

    def _idf_from_matrix(self) -> np.ndarray:
        n_docs = max(len(self.ids), 1)
        df = np.diff(self.matrix.indptr)
        return np.log1p((n_docs - df + 0.5) / (df + 0.5))

    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], places: Sequence[Place | None] = ()
    ) -> LexicalIndex:
        analyzer = Analyzer.from_texts(texts)
        docs = [
            analyzer.analyze(text)
            + [DEFINES + t for t in defined_terms(text, analyzer)]
            + [COUNTS + t for t in counted_terms(text, analyzer)]
            for text in texts
        ]
        vocab: dict[str, int] = {}
        rows, cols, tfs = [], [], []
        for row, tokens in enumerate(docs):
            counts: dict[int, int] = {}
            for token in tokens:
                col = vocab.setdefault(token, len(vocab))
                counts[col] = counts.get(col, 0) + 1
            for col, tf in counts.items():
                rows.append(row)
                cols.append(col)
                tfs.append(tf)
        n_docs = len(ids)
        lengths = np.array([len(d) for d in docs], dtype=np.float64)
        avg = float(lengths.mean()) if n_docs else 1.0
        tf = np.array(tfs, dtype=np.float64)
        row_idx = np.array(rows, dtype=np.int64)
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=len(vocab)) if cols else np.zeros(0)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * lengths[row_idx] / max(avg, 1e-9)) if rows else np.zeros(0)
        weights = idf[np.array(cols, dtype=np.int64)] * tf * (K1 + 1) / (tf + norm) if rows else tf
        matrix = sparse.csc_matrix((weights, (rows, cols)), shape=(n_docs, len(vocab)))
        return cls(list(ids), vocab, matrix, analyzer, places)

    @property
    def max_idf(self) -> float:
        """The weight of a word the corpus never uses."""
        return float(np.log1p((len(self.ids) + 0.5) / 0.5))

    def idf(self, token: str) -> float:
        col = self.vocab.get(token)
        return float(self._idf[col]) if col is not None else 0.0

    def compounds_ending_in(self, stem: str, limit: int = MAX_COMPOUND_HEADS) -> list[str]:
        """The corpus's compounds whose last part is ``stem``: "plafond" → "subsidieplafond". A word the
        corpus never uses alone is often the head of one it does (Dutch compounds end in their head), and
        the index's decompounding only knows parts that occur alone. Empty when more than ``limit`` match:
        then the word names nothing in particular."""
        if len(stem) < MIN_COMPOUND_HEAD:
            return []
        # a real first part, not an inflection
        found = _extending(self._reversed_terms, stem[::-1], MIN_FIRST_PART, limit)
        return sorted(term[::-1] for term in found)

    def compounds_starting_with(self, stem: str, limit: int = MAX_COMPOUND_MODIFIERS) -> list[str]:
        """The corpus's compounds whose first part is ``stem``: "franchise" → "franchisegever",
        "franchisemodel", "franchisenemer", "franchiseorganisatie" (the corpus never writes "franchise"
        alone, and "gever" and "nemer" are no words of it, so the index's decompounding cannot split them).
        Empty when more than ``limit`` match."""
        if len(stem) < MIN_COMPOUND_MODIFIER:
            return []
        return _extending(self._sorted_terms, stem, MIN_REST, limit)  # a real second part

    @cached_property
    def _sorted_terms(self) -> list[str]:
        return sorted(term for term in self.vocab if not term.startswith(PSEUDO_TERMS))

    @cached_property
    def _reversed_terms(self) -> list[str]:
        return sorted(term[::-1] for term in self.vocab if not term.startswith(PSEUDO_TERMS))

    @cached_property
    def _rows_by_source(self) -> dict[str, list[int]]:
        rows: dict[str, list[int]] = {}
        for row, place in enumerate(self.places):
            if place is not None:
                rows.setdefault(place[0], []).append(row)
        return rows

    def sources(self) -> dict[str, str]:
        """Each document (source) of the index with the id of its first chunk."""
        return {source: self.ids[rows[0]] for source, rows in self._rows_by_source.items()}

    def search(
        self,
        weighted_terms: Iterable[tuple[str, float]],
        k: int,
        groups: Sequence[str] = (),
        part_weight: float = 1.0,
        within: Collection[str] = (),
    ) -> list[LexicalHit]:
        """Top-k chunks for analyzed query terms with weights (repeated terms add up).

        ``groups`` labels each term with the thing it names (a compound and its parts share a label).
        Within a group the best-scoring term counts in full and the others ``part_weight`` times, a
        disjunction max as in Lucene's ``dis_max``: a passage saying "burgercollectieven" matches
        burgercollectief, burger and collectief, and would otherwise outweigh one that matches two other
        things the question asks about. With ``part_weight`` 1.0 every term adds up in full. ``within``
        limits the search to the chunks of those documents (sources)."""
        terms = list(weighted_terms)
        grouped = part_weight != 1.0 and len(groups) == len(terms)
        weights: dict[int, float] = {}
        members: dict[str, list[int]] = {}  # a group's columns, when grouped
        for i, (token, weight) in enumerate(terms):
            col = self.vocab.get(token)
            if col is None:
                continue
            if grouped and col not in weights:
                members.setdefault(groups[i], []).append(col)
            weights[col] = weights.get(col, 0.0) + weight
        if not weights or not self.ids:
            return []
        cols = list(weights)
        scores = np.asarray(self.matrix[:, cols] @ np.array([weights[c] for c in cols])).ravel()
        # the plain sum, less (1 - part_weight) of what a group's other terms add beside its best one;
        # computed only over the rows where the group matches (fast at 100k chunks)
        for group in (g for g in members.values() if len(g) > 1):
            part = (self.matrix[:, group] @ sparse.diags([weights[c] for c in group])).tocsr()
            rows = np.flatnonzero(np.diff(part.indptr))
            per_term = part[rows].toarray()
            scores[rows] -= (1.0 - part_weight) * (per_term.sum(axis=1) - per_term.max(axis=1))
        if within:  # only the chunks of these documents (sources)
            rows = [self._rows_by_source.get(source, []) for source in within]
            keep = np.zeros(len(scores), dtype=bool)
            keep[np.concatenate([np.asarray(r, dtype=int) for r in rows])] = True
            scores = np.where(keep, scores, 0.0)
        top = np.argsort(-scores)[: k * 2]
        return [LexicalHit(self.ids[i], float(scores[i])) for i in top if scores[i] > 0][:k]

    # persistence -------------------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Both files are replaced atomically, each through a temporary file of its own: an app process
        and an ingest sharing one data folder may save the same version's folder at the same time."""
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".matrix.", suffix=".tmp.npz")
        os.close(fd)
        try:
            sparse.save_npz(tmp, self.matrix.tocsc())
            os.replace(tmp, folder / "matrix.npz")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        atomic_write_text(
            folder / "meta.json",
            json.dumps(
                {
                    "ids": self.ids,
                    "vocab": self.vocab,
                    "words": dict(self.analyzer.vocabulary),
                    "places": self.places,
                }
            ),
        )

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            matrix = sparse.load_npz(folder / "matrix.npz").tocsc()
        except (OSError, ValueError):
            return None
        analyzer = Analyzer()
        analyzer.vocabulary.update(meta["words"])
        places = [tuple(place) if place is not None else None for place in meta.get("places", [])]
        return cls(meta["ids"], meta["vocab"], matrix, analyzer, places)  # type: ignore[arg-type]
