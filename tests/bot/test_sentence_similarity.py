"""Sentence similarity for the composer (unit, with a seeded fake embedder): normalised to the closest
sentence, memoised (on disk too) so a warm process does not embed a sentence twice, bounded; and how
the composer uses it: among sentences of comparable coverage only, and not at all with weight 0; and
``fill``, by which the ingest gives the memo every quotable sentence of the corpus (the real ingest
path is tested in tests/ingest/test_pipeline.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from bot.answer.composer import ComposerSettings, ExtractiveComposer, ScoredSentence
from bot.answer.sentence_similarity import SentenceSimilarity
from bot.embeddings import Embedder
from bot.retrieval.hybrid import SearchResult
from bot.retrieval.lexical import LexicalIndex
from bot.retrieval.query import Concept, build_query
from bot.retrieval.synonyms import SynonymTable


class CountingEmbedder(Embedder):
    """Deterministic unit vectors: a fixed direction per known text, a seeded random one otherwise."""

    def __init__(self, directions: dict[str, list[float]]) -> None:
        self.directions = directions
        self.embedded: list[str] = []
        self.queries: list[str] = []

    @property
    def model_id(self) -> str:
        return "counting-fake"

    @property
    def max_tokens(self) -> int:
        return 256

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def _vector(self, text: str) -> np.ndarray:
        if text in self.directions:
            vector = np.array(self.directions[text], dtype=np.float32)
        else:
            vector = np.random.default_rng(len(text)).normal(size=3).astype(np.float32)
        return vector / np.linalg.norm(vector)

    def embed(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return self._vector(text)

    @property
    def model(self) -> Any:
        return None


DIRECTIONS = {
    "vraag": [1.0, 0.0, 0.0],
    "dichtbij": [0.9, 0.1, 0.0],
    "half": [0.5, 0.5, 0.0],
    "ver": [-1.0, 0.0, 0.0],
}


def test_the_closest_sentence_scores_one_and_an_opposite_one_zero() -> None:
    similarity = SentenceSimilarity(CountingEmbedder(DIRECTIONS))
    scores = similarity("vraag", ["half", "dichtbij", "ver"])
    assert scores[1] == 1.0
    assert 0.0 < scores[0] < 1.0
    assert scores[2] == 0.0


def test_a_models_narrow_range_of_cosines_is_spread_from_zero_to_one() -> None:
    """multilingual-e5 finds nearly every sentence 0.75-0.88 close: divided by the best one's they would all
    score about 0.9, and the closeness would tell them apart by a tenth of its weight."""
    from bot.answer.sentence_similarity import rescaled

    assert rescaled(np.array([0.80, 0.88, 0.76])) == pytest.approx([1 / 3, 1.0, 0.0])
    assert rescaled(np.array([0.5])) == [1.0] and rescaled(np.array([0.4, 0.4])) == [1.0, 1.0]
    assert rescaled(np.array([-0.2, 0.3])) == [0.0, 1.0]  # a negative cosine counts as 0
    assert rescaled(np.array([-0.2, -0.1])) == [0.0, 0.0]


def test_nothing_resembling_the_question_favours_no_sentence() -> None:
    similarity = SentenceSimilarity(CountingEmbedder(DIRECTIONS))
    assert similarity("vraag", ["ver"]) == [0.0]
    assert similarity("vraag", []) == []


def test_a_sentence_is_embedded_once_per_process() -> None:
    embedder = CountingEmbedder(DIRECTIONS)
    similarity = SentenceSimilarity(embedder)
    similarity("vraag", ["half", "dichtbij", "half"])
    similarity("vraag", ["dichtbij", "ver"])
    assert sorted(embedder.embedded) == ["dichtbij", "half", "ver"]


def test_the_memo_keeps_the_most_recently_used_sentences() -> None:
    embedder = CountingEmbedder(DIRECTIONS)
    similarity = SentenceSimilarity(embedder, memo_size=2)
    first = similarity("vraag", ["half", "dichtbij", "ver"])  # more than the memo holds: still scored
    assert len(first) == 3
    similarity("vraag", ["ver"])
    assert embedder.embedded == ["half", "dichtbij", "ver"]  # "ver" was kept
    similarity("vraag", ["half"])
    assert embedder.embedded[-1] == "half"  # "half" was the oldest: dropped and embedded again


def _scored(text: str, coverage: float, rank: int = 2) -> ScoredSentence:
    """A sentence of the third passage by default: below the two best, coverage decides whether closeness
    counts (``MEANT_PASSAGES``)."""
    return ScoredSentence(text, rank, 0, frozenset(text.split()), coverage, coverage)


def _result(question: str = "vraag", vector: np.ndarray | None = None) -> SearchResult:
    lexical = LexicalIndex.build(["a"], ["woorden parafrase"])
    query = build_query(question, [], lexical.analyzer, SynonymTable({}), idf=lexical.idf)
    return SearchResult(query, [], {}, {}, "v1", query_vector=vector)


def test_closeness_counts_among_sentences_that_cover_the_question_comparably() -> None:
    asked: list[tuple[str, list[str], np.ndarray | None]] = []

    def similarity(question: str, sentences: list[str], vector: np.ndarray | None) -> list[float]:
        asked.append((question, list(sentences), vector))
        return [1.0 if s == "parafrase" else 0.5 for s in sentences]

    scored = [_scored("woorden", 0.6), _scored("parafrase", 0.4), _scored("niets gemeen", 0.1)]
    composer = ExtractiveComposer(ComposerSettings(similarity_weight=0.8), similarity=similarity)
    dense_vector = np.ones(3, dtype=np.float32)
    result = _result(vector=dense_vector)
    out = {s.text: round(s.score, 6) for s in composer.with_closeness(result, scored, best=0.6)}
    assert out == {"woorden": 1.0, "parafrase": 1.2, "niets gemeen": 0.1}
    assert [a[1] for a in asked] == [["woorden", "parafrase"]]  # the far one is not even embedded
    assert asked[0][0] == result.query.dense_text and asked[0][2] is dense_vector  # the dense search's


def test_the_best_passages_sentences_gain_their_closeness_whatever_they_cover() -> None:
    """A follow-up in other words ("… om geen geld van de gemeente aan te nemen?") shares few words with
    "… afhankelijkheid van subsidies te vermijden" in the passage retrieval ranked first: the two best passages'
    sentences are weighed by meaning below the coverage floor too, and past the subject rule; a lower
    passage's are not, nor are any when the question asks a number ("Hoeveel …?") or names an article the
    passages hold."""

    def similarity(question: str, sentences: list[str], vector: np.ndarray | None) -> list[float]:
        return [1.0] * len(sentences)

    subject = Concept((frozenset({"woorden"}),), ("woorden",))
    scored = [
        _scored("woorden", 0.6),
        _scored("subsidies vermijden", 0.0, rank=0),
        _scored("tweede passage", 0.1, rank=1),
        _scored("derde passage", 0.1, rank=2),
    ]
    composer = ExtractiveComposer(ComposerSettings(similarity_weight=1.0), similarity=similarity)
    out = {s.text: round(s.score, 6) for s in composer.with_closeness(_result(), scored, 0.6, subject)}
    assert out == {"woorden": 1.6, "subsidies vermijden": 1.0, "tweede passage": 1.1, "derde passage": 0.1}
    words_alone = {"woorden": 1.6, "subsidies vermijden": 0.0, "tweede passage": 0.1, "derde passage": 0.1}
    counted = composer.with_closeness(_result("Hoeveel leden zijn er?"), scored, 0.6, subject)
    assert {s.text: round(s.score, 6) for s in counted} == words_alone
    # a question naming an article the passages hold asks for its text
    cited = replace(_result("Wat regelt artikel 7?"), article_matches=frozenset({"c7"}))
    assert {
        s.text: round(s.score, 6) for s in composer.with_closeness(cited, scored, 0.6, subject)
    } == words_alone


def test_the_companion_models_closeness_counts_its_share() -> None:
    """With a companion model the closeness is (1 - share) × the main model's + share × the companion's,
    which reads the question as asked, by the vector its search made (not the dense text of the main
    model: "vraag" here, with the gloss and history terms there)."""
    asked: list[tuple[str, list[str], np.ndarray | None]] = []

    def main(question: str, sentences: list[str], vector: np.ndarray | None) -> list[float]:
        return [1.0 if s == "woorden" else 0.0 for s in sentences]

    def companion(question: str, sentences: list[str], vector: np.ndarray | None) -> list[float]:
        asked.append((question, list(sentences), vector))
        return [1.0 if s == "parafrase" else 0.0 for s in sentences]

    scored = [_scored("woorden", 0.6), _scored("parafrase", 0.5)]
    settings = ComposerSettings(similarity_weight=1.0, companion_share=0.75)
    composer = ExtractiveComposer(settings, similarity=main, companion_similarity=companion)
    companion_vector = np.ones(3, dtype=np.float32)
    result = replace(_result(), companion_vector=companion_vector)
    out = {s.text: round(s.score, 6) for s in composer.with_closeness(result, scored, best=0.6)}
    assert out == {"woorden": 0.85, "parafrase": 1.25}
    assert asked == [(result.query.text, ["woorden", "parafrase"], companion_vector)]
    # no share, or no companion vector (the search ran without one): the main model's alone
    unshared = ExtractiveComposer(
        replace(settings, companion_share=0.0), similarity=main, companion_similarity=companion
    )
    alone = {"woorden": 1.6, "parafrase": 0.5}
    assert {s.text: round(s.score, 6) for s in unshared.with_closeness(result, scored, best=0.6)} == alone
    assert {s.text: round(s.score, 6) for s in composer.with_closeness(_result(), scored, best=0.6)} == alone
    assert len(asked) == 1


def test_a_sentence_gains_its_passages_fused_score() -> None:
    """``passage_score`` = ``passage_weight`` × the passage's fused score over the best considered passage's
    (a negative score counts as 0); ``select`` adds it to what a sentence gains, beside the score, which
    stays the sentence's own."""
    from bot.answer.types import Passage

    def passage(n: int, score: float) -> Passage:
        return Passage(id=f"c{n}", source="s", title="t", text="x", score=score)

    result = replace(_result(), passages=[passage(0, 2.0), passage(1, 1.0), passage(2, -0.5)])
    scored = [
        ScoredSentence("eerste zin hier", 0, 0, frozenset({"a", "b", "c"}), 0.5, 0.5),
        ScoredSentence("tweede zin hier", 1, 0, frozenset({"d", "e", "f"}), 0.9, 0.9),
        ScoredSentence("derde zin hier", 2, 0, frozenset({"g", "h", "i"}), 0.9, 0.9),
    ]
    weighted = ExtractiveComposer(ComposerSettings(passage_weight=1.0, min_evidence=0.0))
    out = weighted.with_passage_score(result, scored)
    assert [s.passage_score for s in out] == [1.0, 0.5, 0.0]
    assert [s.score for s in out] == [0.5, 0.9, 0.9]
    assert [s.text for s in weighted.select(out, "ambtenaar")][:1] == [
        "eerste zin hier"
    ]  # 0.5 + 1.0 > 0.9 + 0.5
    unweighted = ExtractiveComposer(ComposerSettings(min_evidence=0.0))
    assert unweighted.with_passage_score(result, scored) == scored
    assert [s.text for s in unweighted.select(scored, "ambtenaar")][:1] == ["tweede zin hier"]


def test_closeness_counts_only_for_sentences_naming_the_subject_when_some_do() -> None:
    def similarity(question: str, sentences: list[str], vector: np.ndarray | None) -> list[float]:
        return [1.0] * len(sentences)

    subject = Concept((frozenset({"wooncooperatie"}),), ("wooncooperatie",))
    scored = [_scored("wooncooperatie regels", 0.55), _scored("voorwaarde vervalt", 0.45)]
    composer = ExtractiveComposer(ComposerSettings(similarity_weight=1.0), similarity=similarity)
    out = {s.text: round(s.score, 6) for s in composer.with_closeness(_result(), scored, 0.55, subject)}
    assert out == {"wooncooperatie regels": 1.55, "voorwaarde vervalt": 0.45}
    # when no sentence names it, closeness counts for all that cover enough
    nameless = [_scored("regels", 0.55), _scored("voorwaarde vervalt", 0.45)]
    out = {s.text: round(s.score, 6) for s in composer.with_closeness(_result(), nameless, 0.55, subject)}
    assert out == {"regels": 1.55, "voorwaarde vervalt": 1.45}


def test_without_weight_or_model_the_words_alone_choose() -> None:
    def similarity(question: str, sentences: list[str], vector: np.ndarray | None) -> list[float]:
        raise AssertionError("not asked")

    scored = [_scored("woorden", 0.6)]
    unweighted = ExtractiveComposer(ComposerSettings(similarity_weight=0.0), similarity=similarity)
    assert unweighted.with_closeness(_result(), scored, best=0.6) == scored
    no_model = ExtractiveComposer(ComposerSettings(similarity_weight=1.0))
    assert no_model.with_closeness(_result(), scored, best=0.6) == scored


def test_a_given_question_vector_is_not_embedded_again() -> None:
    embedder = CountingEmbedder(DIRECTIONS)
    similarity = SentenceSimilarity(embedder)
    given = embedder.embed_query("vraag")
    assert similarity("iets anders", ["half", "dichtbij"], given) == similarity("vraag", ["half", "dichtbij"])
    assert embedder.queries == ["vraag", "vraag"]  # the test's own call, then the one without a vector


def test_the_memo_outlives_the_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.answer.sentence_similarity import memo_file

    path = memo_file(tmp_path, "counting-fake")
    first = SentenceSimilarity(CountingEmbedder(DIRECTIONS), path)
    scores = first("vraag", ["half", "dichtbij"])
    assert path.is_file()
    later = CountingEmbedder(DIRECTIONS)
    assert SentenceSimilarity(later, path)("vraag", ["half", "dichtbij"]) == scores
    assert later.embedded == []
    assert memo_file(tmp_path, "another/model") != path


def test_a_damaged_memo_is_only_a_slower_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "memo.npz"
    path.write_bytes(b"not a numpy file")
    embedder = CountingEmbedder(DIRECTIONS)
    assert SentenceSimilarity(embedder, path)("vraag", ["dichtbij"]) == [1.0]
    assert embedder.embedded == ["dichtbij"]


def test_an_unwritable_memo_folder_still_answers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    similarity = SentenceSimilarity(CountingEmbedder(DIRECTIONS), blocked / "memo.npz")
    assert similarity("vraag", ["dichtbij", "half"])[0] == 1.0
    assert similarity.memo_path is None  # it stopped trying to write
    assert list(tmp_path.iterdir()) == [blocked]


PASSAGE_A = "De gemeente werkt samen met het collectief. Het collectief levert zorg in de wijk."
PASSAGE_B = "Het collectief levert zorg in de wijk. Bewoners beheren samen het buurthuis. Kort."


def test_fill_embeds_each_quotable_sentence_of_the_corpus_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.answer.quotable import quotable_sentences

    embedder = CountingEmbedder(DIRECTIONS)
    path = tmp_path / "memo.npz"
    similarity = SentenceSimilarity(embedder, path)
    assert similarity.fill([PASSAGE_A, PASSAGE_B]) == 3  # a sentence shared by two passages counts once
    expected = list(dict.fromkeys(quotable_sentences(PASSAGE_A) + quotable_sentences(PASSAGE_B)))
    assert embedder.embedded == expected and "Kort." not in expected  # too short to be quoted
    assert similarity.fill([PASSAGE_A, PASSAGE_B]) == 0  # an ingest that changed nothing embeds nothing
    later = CountingEmbedder(DIRECTIONS)  # the answering process reads the memo the ingest wrote
    SentenceSimilarity(later, path)("vraag", expected)
    assert later.embedded == []


def test_fill_forgets_sentences_no_passage_has_any_more(tmp_path) -> None:  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder(DIRECTIONS)
    path = tmp_path / "memo.npz"
    similarity = SentenceSimilarity(embedder, path)
    similarity("vraag", ["half", "dichtbij"])  # embedded on demand while answering
    assert similarity.fill([PASSAGE_B]) == 2
    with np.load(path) as stored:
        assert sorted(stored["texts"].tolist()) == [
            "Bewoners beheren samen het buurthuis.",
            "Het collectief levert zorg in de wijk.",
        ]
    assert similarity.fill([]) == 0  # an emptied corpus leaves no memo behind
    assert not path.exists()


def test_fill_keeps_no_more_than_the_memo_holds(caplog) -> None:  # type: ignore[no-untyped-def]
    embedder = CountingEmbedder(DIRECTIONS)
    similarity = SentenceSimilarity(embedder, memo_size=2)
    assert similarity.fill([PASSAGE_A, PASSAGE_B]) == 2
    assert "3 quotable sentences" in caplog.text  # said, not silently slower
    similarity("vraag", ["Bewoners beheren samen het buurthuis."])  # the third is embedded when needed
    assert embedder.embedded[-1] == "Bewoners beheren samen het buurthuis."


def test_a_running_process_uses_and_keeps_what_an_ingest_embedded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A chat server started before the ingest finds the ingest's sentences in the memo file instead of
    embedding them, and its own save keeps them (it does not write back its older memo)."""
    from bot.answer.quotable import quotable_sentences

    path = tmp_path / "memo.npz"
    server = CountingEmbedder(DIRECTIONS)
    serving = SentenceSimilarity(server, path)  # no memo file yet
    SentenceSimilarity(CountingEmbedder(DIRECTIONS), path).fill([PASSAGE_A])  # the ingest, another process
    quoted = quotable_sentences(PASSAGE_A)
    serving("vraag", quoted)
    assert server.embedded == []
    serving("vraag", ["half"])  # not in the corpus: embedded and kept, with the ingest's sentences
    assert server.embedded == ["half"]
    with np.load(path) as stored:
        assert sorted(stored["texts"].tolist()) == sorted([*quoted, "half"])
