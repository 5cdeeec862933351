"""Incremental, crash-safe ingest against a real embedded Chroma and the real bundled model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.answer.sentence_similarity import memo_file
from bot.settings import Settings
from bot.store import ChunkIndex
from ingest.pipeline import Ingestor
from ingest.state import dirty_marker, load_state
from tests.conftest import SMALL, make_settings, noop_only_ingestor


@pytest.fixture
def small_settings(tmp_path: Path, small_corpus: Path) -> Settings:
    return make_settings(tmp_path / "data", small_corpus)


def ingest(settings: Settings, embedder, index: ChunkIndex | None = None):  # type: ignore[no-untyped-def]
    index = index or ChunkIndex(settings)
    return Ingestor(settings, lambda: embedder, lambda: index).run()


def assert_index_matches_state(settings: Settings) -> None:
    state = load_state(settings.data_dir)
    actual = ChunkIndex(settings).ids_by_source()
    assert {s: set(f.chunk_ids) for s, f in state.files.items()} == actual
    assert not dirty_marker(settings.data_dir).exists()


def record_embeddings(embedder, monkeypatch: pytest.MonkeyPatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts the (real) embedder embeds from now on, in order."""
    embedded: list[str] = []
    real_embed = embedder.embed
    monkeypatch.setattr(
        embedder, "embed", lambda texts, **kw: embedded.extend(texts) or real_embed(texts, **kw)
    )
    return embedded


def explain_the_housing_cooperative(corpus: Path) -> None:
    """Change one sentence of the small corpus's second file (new quotable sentences, a new version)."""
    changed = corpus / SMALL[1]
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "wooncoöperatie", "wooncoöperatie (een vereniging van bewoners die hun woningen samen beheren)", 1
        ),
        encoding="utf-8",
    )


def test_first_ingest_indexes_every_file(small_settings: Settings, embedder) -> None:  # type: ignore[no-untyped-def]
    report = ingest(small_settings, embedder)
    assert sorted(report.added) == sorted(SMALL)
    assert report.ok and report.chunks_embedded == report.total_chunks > 0
    assert report.corpus_version
    assert ChunkIndex(small_settings).state()["corpus_version"] == report.corpus_version
    assert_index_matches_state(small_settings)


def test_the_ingest_keeps_the_lexical_index_it_built(
    small_settings: Settings, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The app's ingest path (Components) persists the lexical index and keeps it: the same process
    (`wijzer ingest` naming unglossed words, say) asks neither the disk nor Chroma for it again."""
    from bot.components import Components
    from bot.retrieval.lexical import LexicalIndex
    from bot.retrieval.lexical_store import lexical_folder

    components = Components(small_settings)
    components.__dict__["embedder"] = embedder
    reads: list[bool] = []  # whether each read of the index fetched the texts (reconciling reads ids only)
    real_iter = ChunkIndex.iter_chunks
    monkeypatch.setattr(
        ChunkIndex,
        "iter_chunks",
        lambda self, include_documents=True, **k: (
            reads.append(include_documents) or real_iter(self, include_documents, **k)
        ),
    )
    report = components.ingestor().run()
    monkeypatch.setattr(ChunkIndex, "iter_chunks", real_iter)
    assert report.ok
    assert reads.count(True) == 1  # the lexical index and the sentence vectors come from one full read
    folder = lexical_folder(small_settings.data_dir, small_settings.chroma.collection, report.corpus_version)
    assert (folder / "meta.json").exists()

    def no_reload(*_args: object) -> None:
        raise AssertionError("the lexical index was read back")

    monkeypatch.setattr(LexicalIndex, "load", no_reload)
    monkeypatch.setattr(components.index, "state", no_reload)
    lexical = components.lexical.get()
    assert sorted(lexical.ids) == sorted(
        i for ids in ChunkIndex(small_settings).ids_by_source().values() for i in ids
    )
    assert components.lexical.corpus_version == report.corpus_version


def test_unchanged_corpus_is_a_noop_without_model_or_index(small_settings: Settings, embedder) -> None:  # type: ignore[no-untyped-def]
    first = ingest(small_settings, embedder)

    report = noop_only_ingestor(small_settings).run()
    assert sorted(report.unchanged) == sorted(SMALL)
    assert report.chunks_embedded == 0
    assert report.corpus_version == first.corpus_version


def test_an_unchanged_corpus_runs_the_after_commit_step_when_what_it_derives_changed(
    small_settings: Settings, embedder
) -> None:  # type: ignore[no-untyped-def]
    """The state records what the after-commit step derived (``derived_signature``). An ingest with no
    file to index runs the step again only when that differs (a data folder from an older version, a
    weight switched on since), on the committed index, without the model and without embedding a chunk."""
    calls: list[str] = []

    def after_commit(index: ChunkIndex, corpus_version: str) -> int:
        assert index.count() > 0
        calls.append(corpus_version)
        return 7

    def ingestor(signature: str, index_factory, embedder_factory) -> Ingestor:  # type: ignore[no-untyped-def]
        return Ingestor(
            small_settings,
            embedder_factory,
            index_factory,
            after_commit=after_commit,
            derived_signature=signature,
        )

    def no_model():  # type: ignore[no-untyped-def]
        raise AssertionError("no chunk is embedded again")

    def no_index():  # type: ignore[no-untyped-def]
        raise AssertionError("the index must not open when nothing is to derive")

    def real_index() -> ChunkIndex:
        return ChunkIndex(small_settings)

    first = ingestor("a", real_index, lambda: embedder).run()
    assert calls == [first.corpus_version] and load_state(small_settings.data_dir).derived == "a"
    assert not first.derived and first.sentences_embedded == 7

    same = ingestor("a", no_index, no_model).run()
    assert calls == [first.corpus_version] and not same.derived and same.sentences_embedded == 0

    changed = ingestor("b", real_index, no_model).run()
    assert calls == [first.corpus_version] * 2
    assert changed.derived and changed.chunks_embedded == 0 and changed.sentences_embedded == 7
    assert changed.corpus_version == first.corpus_version
    assert "derived indexes brought up to date; 7 sentences embedded" in changed.summary()
    assert load_state(small_settings.data_dir).derived == "b"
    assert_index_matches_state(small_settings)
    assert not ingestor("b", no_index, no_model).run().derived


def test_an_ingest_with_nothing_to_index_fills_a_derived_index_an_older_version_lacked(
    small_settings: Settings, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A data folder ingested before the companion's sentence memo existed (session 35) has no memo and
    a state without ``derived``: the next `wijzer ingest` fills the memo (real companion model) though no
    file changed, embedding those sentences and no passage (the companion's passage index of the same
    version gives its vectors back), and the one after it does nothing."""
    from bot.answer.quotable import quotable_sentences
    from bot.components import Components
    from bot.status import collect_status
    from ingest.state import save_state

    ingesting = Components(small_settings)
    ingesting.__dict__["embedder"] = embedder
    assert ingesting.ingestor().run().ok
    memo = memo_file(small_settings.data_dir, ingesting.companion_embedder.model_id)  # type: ignore[union-attr]
    memo.unlink()
    state = load_state(small_settings.data_dir)
    state.derived = ""  # as an older version wrote it
    save_state(small_settings.data_dir, state)
    assert collect_status(small_settings)["derived_current"] is False  # `wijzer status` says so

    upgraded = Components(small_settings)
    upgraded.__dict__["embedder"] = embedder
    embedded = record_embeddings(upgraded.companion_embedder, monkeypatch)
    report = upgraded.ingestor().run()
    assert report.ok and report.derived and report.chunks_embedded == 0
    quotable = {s for c in ChunkIndex(small_settings).iter_chunks() for s in quotable_sentences(c.text)}
    assert set(embedded) == quotable
    with np.load(memo) as stored:
        assert sorted(stored["texts"].tolist()) == sorted(quotable)
    assert load_state(small_settings.data_dir).derived == upgraded.derived_signature
    assert collect_status(small_settings)["derived_current"] is True
    settled = Components(small_settings)
    assert not settled.ingestor().run().derived
    assert "index" not in settled.__dict__ and "companion_embedder" not in settled.__dict__  # none opened


def test_add_change_delete(small_settings: Settings, small_corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    first = ingest(small_settings, embedder)
    (small_corpus / "notitie.txt").write_text(
        "Een buurtcoöperatie beheert samen een buurthuis.\n\nDe leden besluiten samen.\n", encoding="utf-8"
    )
    added = ingest(small_settings, embedder)
    assert added.added == ["notitie.txt"]
    assert any("notitie.txt: no entry" in w for w in added.warnings)
    assert added.corpus_version != first.corpus_version

    target = small_corpus / SMALL[1]
    target.write_text(
        target.read_text(encoding="utf-8").replace("wooncoöperatie", "woonvereniging"), encoding="utf-8"
    )
    changed = ingest(small_settings, embedder)
    assert changed.updated == [SMALL[1]]
    texts = [c.text for c in ChunkIndex(small_settings).iter_chunks() if c.metadata["source"] == SMALL[1]]
    assert texts and all("wooncoöperatie" not in t for t in texts)

    (small_corpus / SMALL[0]).unlink()
    deleted = ingest(small_settings, embedder)
    assert deleted.deleted == [SMALL[0]]
    assert SMALL[0] not in ChunkIndex(small_settings).ids_by_source()
    assert_index_matches_state(small_settings)


class _CrashingIndex(ChunkIndex):
    """A real index that dies (like a kill) right after writing the chunks of its n-th file."""

    def __init__(self, settings: Settings, crash_after: int) -> None:
        super().__init__(settings)
        self._left = crash_after

    def upsert(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().upsert(*args, **kwargs)
        self._left -= 1
        if self._left == 0:
            raise KeyboardInterrupt("simulated kill after upsert, before the state is saved")


def test_crash_mid_ingest_is_repaired_by_the_next_run(
    small_settings: Settings, small_corpus: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    ingest(small_settings, embedder)
    for name in SMALL:  # change every file, so the crash lands between old and new chunks
        path = small_corpus / name
        path.write_text(path.read_text(encoding="utf-8").replace("raad", "gemeenteraad"), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        ingest(small_settings, embedder, _CrashingIndex(small_settings, crash_after=2))
    assert dirty_marker(small_settings.data_dir).exists()

    repaired = ingest(small_settings, embedder)
    assert repaired.repaired and repaired.ok
    assert_index_matches_state(small_settings)
    texts = [c.text for c in ChunkIndex(small_settings).iter_chunks()]
    assert any("gemeenteraad" in t for t in texts)


BAD_FILES = {
    "leeg.txt": b"",
    "spaties.md": b"   \n\n  \n",
    "latin1.txt": "Coöperatie in Zuid-Holland".encode("latin-1"),
    "kapot.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 4,
    "kapot.yaml": b"articles:\n  - number: '1'\n    text: [unclosed\n",
}


def test_bad_files_are_reported_and_the_rest_is_ingested(
    small_settings: Settings, small_corpus: Path, embedder
) -> None:  # type: ignore[no-untyped-def]
    for name, content in BAD_FILES.items():
        (small_corpus / name).write_bytes(content)
    report = ingest(small_settings, embedder)
    failed = dict(report.failed)
    assert set(failed) == set(BAD_FILES)
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert "UTF-8" in failed["latin1.txt"]
    assert sorted(report.added) == sorted(SMALL)
    assert not report.ok
    # a failed file is retried (and reported) on the next run, the good ones stay unchanged
    again = ingest(small_settings, embedder)
    assert set(dict(again.failed)) == set(BAD_FILES)
    assert sorted(again.unchanged) == sorted(SMALL) and again.chunks_embedded == 0


def test_every_chunk_fits_the_model(ingested: Settings, embedder) -> None:  # type: ignore[no-untyped-def]
    """No chunk is silently truncated: header + text stay within the model's own token limit."""
    from bot.store import ChunkIndex
    from ingest.chunking import embed_header
    from ingest.document import Segment

    chunks = list(ChunkIndex(ingested).iter_chunks())
    assert len(chunks) > 500
    for chunk in chunks:
        meta = chunk.metadata
        header = embed_header(
            str(meta["short_title"]),
            Segment(text="", article=meta.get("article"), section=meta.get("section")),
        )  # type: ignore[arg-type]
        tokens = embedder.count_tokens(f"{header}\n{chunk.text}")
        assert tokens <= embedder.max_tokens, (tokens, chunk.text[:80])


def test_chunks_are_labelled(ingested: Settings) -> None:
    from bot.store import ChunkIndex

    chunks = list(ChunkIndex(ingested).iter_chunks())
    essay = [c for c in chunks if c.metadata["source"] == "000_4ab7ba7e065a05b8.txt"]
    assert essay and all(isinstance(c.metadata.get("page"), int) for c in essay)
    assert any(c.metadata.get("section") for c in essay)
    statute = [c for c in chunks if c.metadata["source"].startswith("nl_gemeentewet")]
    assert statute and all(c.metadata.get("article") and c.metadata.get("url") for c in statute)
    assert {c.metadata["language"] for c in chunks} == {"nl", "en"}
    assert all(c.metadata["title"] and c.metadata["doc_version"] for c in chunks)
    assert any(c.metadata["outdated"] for c in chunks)


def test_chunk_ids_are_stable(small_settings: Settings, tmp_path: Path, small_corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    ingest(small_settings, embedder)
    other = make_settings(tmp_path / "other-data", small_corpus)
    ingest(other, embedder)
    assert ChunkIndex(small_settings).ids_by_source() == ChunkIndex(other).ids_by_source()


def test_the_ingest_embeds_the_sentences_answers_quote(
    small_settings: Settings, small_corpus: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The app's ingest path fills the sentence memo with every quotable sentence of the index (real
    model), so a new answering process embeds none of them; a later ingest embeds only the sentences
    of the file that changed."""
    from bot.answer.quotable import quotable_sentences
    from bot.components import Components

    components = Components(small_settings)
    components.__dict__["embedder"] = embedder
    report = components.ingestor().run()
    quotable = {s for c in ChunkIndex(small_settings).iter_chunks() for s in quotable_sentences(c.text)}
    assert report.ok and report.sentences_embedded == len(quotable) > 10
    assert f"{len(quotable)} sentences embedded for answers" in report.summary()

    embedded = record_embeddings(embedder, monkeypatch)
    answering = Components(small_settings)
    answering.__dict__["embedder"] = embedder
    answer = answering.service.answer("Wat regelt de participatieverordening over het uitdaagrecht?")
    assert answer.citations and embedded == []

    explain_the_housing_cooperative(small_corpus)
    embedded.clear()
    again = Components(small_settings)
    again.__dict__["embedder"] = embedder
    report = again.ingestor().run()
    assert report.updated == [SMALL[1]]
    new = {s for c in ChunkIndex(small_settings).iter_chunks() for s in quotable_sentences(c.text)} - quotable
    assert new and report.sentences_embedded == len(new)
    assert new <= set(embedded) and set(embedded).isdisjoint(quotable)  # no old sentence embedded again


def test_the_ingest_builds_the_sentence_index_retrieval_weighs(
    tmp_path: Path, small_corpus: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """With ``retrieval.sentence_weight`` the app's ingest builds the sentence index from the committed
    chunks (real model, embedded Chroma): every quotable sentence once, with the chunks that hold it. A
    new answering process reads it from disk and embeds no sentence; a search weighs each passage's
    closest sentence; a changed file makes a new version and the old file goes."""
    from bot.answer.quotable import quotable_sentences
    from bot.components import Components
    from bot.retrieval.sentence_index import SentenceIndex

    settings = make_settings(tmp_path / "data", small_corpus, WIJZER_RETRIEVAL_SENTENCE_WEIGHT="1.0")
    components = Components(settings)
    components.__dict__["embedder"] = embedder
    report = components.ingestor().run()
    chunks = list(ChunkIndex(settings).iter_chunks())
    quotable = {s for c in chunks for s in quotable_sentences(c.text)}
    files = list((settings.data_dir / "sentence-index").glob("*.npz"))
    assert report.ok and len(files) == 1
    stored = SentenceIndex.load(files[0])
    assert stored is not None and len(stored) == len(quotable) > 10
    assert sorted(stored.chunk_ids) == sorted(c.id for c in chunks)

    embedded = record_embeddings(embedder, monkeypatch)
    answering = Components(settings)
    answering.__dict__["embedder"] = embedder
    question = "Wie beslist over het overnemen van een taak van de gemeente door bewoners?"
    result = answering.search.search(question)
    assert embedded == [] and answering.search.sentences is not None
    closest = answering.search.sentences.get(report.corpus_version).closest(result.query_vector, 40)
    passage = {h.id: h.similarity for h in ChunkIndex(settings).query(result.query_vector, 40)}
    best = result.passages[0].id
    assert result.dense_similarity[best] == pytest.approx(passage[best] + closest[best], abs=1e-4)

    explain_the_housing_cooperative(small_corpus)
    again = Components(settings)
    again.__dict__["embedder"] = embedder
    second = again.ingestor().run()
    files = list((settings.data_dir / "sentence-index").glob("*.npz"))
    assert second.corpus_version != report.corpus_version and len(files) == 1
    now = {s for c in ChunkIndex(settings).iter_chunks() for s in quotable_sentences(c.text)}
    assert now != quotable and len(SentenceIndex.load(files[0]) or []) == len(now)


def test_without_a_sentence_weight_no_sentence_index_is_built(small_settings: Settings, embedder) -> None:  # type: ignore[no-untyped-def]
    from bot.components import Components

    components = Components(small_settings)
    components.__dict__["embedder"] = embedder
    assert components.ingestor().run().ok
    assert components.search.sentences is None
    assert not (small_settings.data_dir / "sentence-index").exists()


def test_the_companion_models_passage_vectors_are_built_by_the_ingest_and_fused_by_search(
    tmp_path: Path, small_corpus: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The default settings' companion (multilingual-e5-small, real) gets one vector per committed chunk
    from the app's ingest; an answering process reads them from disk (it embeds the question, no passage),
    and fusion weighs its search: at a very high weight its closest passages come first, in its order. A changed file
    makes a new version, the old file goes; weight 0 or no companion builds nothing. Its vectors of every
    quotable sentence (``retrieval.companion_sentence_weight``) are built beside them, unless that is 0,
    from its sentence memo, which answers read too (``answer.companion_share``): an answer embeds no
    sentence with it, and the memo is filled while answers weigh it, with or without the sentence index."""
    from bot.answer.quotable import quotable_sentences
    from bot.components import Components
    from bot.retrieval.sentence_index import SentenceIndex

    settings = make_settings(tmp_path / "data", small_corpus, WIJZER_RETRIEVAL_COMPANION_WEIGHT="1000")
    ingesting = Components(settings)
    ingesting.__dict__["embedder"] = embedder
    report = ingesting.ingestor().run()
    chunks = list(ChunkIndex(settings).iter_chunks())
    (built_file,) = (settings.data_dir / "companion-index").glob("*.npz")
    built = SentenceIndex.load(built_file)
    assert report.ok and built is not None
    assert sorted(built.chunk_ids) == sorted(c.id for c in chunks) and len(built) == len(chunks)
    # and (``retrieval.companion_sentence_weight``) its vectors of every quotable sentence, once each
    (sentence_file,) = (settings.data_dir / "companion-sentence-index").glob("*.npz")
    sentences = SentenceIndex.load(sentence_file)
    quotable = {s for c in chunks for s in quotable_sentences(c.text)}
    assert sentences is not None and sorted(sentences.sentences) == sorted(quotable)
    companion_memo = memo_file(settings.data_dir, ingesting.companion_embedder.model_id)  # type: ignore[union-attr]
    with np.load(companion_memo) as memo:
        assert sorted(memo["texts"].tolist()) == sorted(quotable)

    answering = Components(settings)
    answering.__dict__["embedder"] = embedder
    companion = answering.companion
    assert companion is not None and answering.search.companion is companion
    passages_embedded = record_embeddings(companion.embedder, monkeypatch)
    question = "Kunnen huurders samen het beheer van hun woningen overnemen?"
    result = answering.search.search(question)
    closest = companion.closest(companion.embedder.embed_query(question), report.corpus_version, 40)
    assert passages_embedded == [] and closest
    # its order, passage and closest sentence together (the two best differ by 0.004 in cosine here)
    assert [p.id for p in result.passages[:3]] == sorted(closest, key=lambda i: -closest[i])[:3]
    # a whole answer weighs the companion's closeness of its sentences, read from the memo
    assert result.companion_vector is not None
    assert answering.service.composer.companion_similarity is answering.companion_similarity
    answer = answering.service.answer(question)
    assert answer.citations and passages_embedded == []

    explain_the_housing_cooperative(small_corpus)
    again = Components(settings)
    again.__dict__["embedder"] = embedder
    second = again.ingestor().run()
    (new_file,) = (settings.data_dir / "companion-index").glob("*.npz")
    assert second.corpus_version != report.corpus_version and new_file != built_file
    assert list((settings.data_dir / "companion-sentence-index").glob("*.npz")) != [sentence_file]

    for off in ({"WIJZER_RETRIEVAL_COMPANION_WEIGHT": "0"}, {"WIJZER_EMBEDDING_COMPANION": "null"}):
        plain = Components(make_settings(tmp_path / "plain", small_corpus, **off))
        plain.__dict__["embedder"] = embedder
        assert plain.ingestor().run().ok and plain.companion is None and plain.search.companion is None
        assert not (tmp_path / "plain" / "companion-index").exists()
        assert not (tmp_path / "plain" / "companion-sentence-index").exists()
    passages_only = make_settings(
        tmp_path / "passages", small_corpus, WIJZER_RETRIEVAL_COMPANION_SENTENCE_WEIGHT="0"
    )
    plain = Components(passages_only)
    plain.__dict__["embedder"] = embedder
    assert plain.ingestor().run().ok and plain.companion is not None and plain.companion.sentences is None
    assert not (passages_only.data_dir / "companion-sentence-index").exists()
    assert memo_file(passages_only.data_dir, plain.companion.embedder.model_id).is_file()  # answers weigh it
    neither = make_settings(
        tmp_path / "neither",
        small_corpus,
        WIJZER_RETRIEVAL_COMPANION_SENTENCE_WEIGHT="0",
        WIJZER_ANSWER_COMPANION_SHARE="0",
    )
    plain = Components(neither)
    plain.__dict__["embedder"] = embedder
    assert plain.ingestor().run().ok and plain.companion is not None and plain.companion_similarity is None
    assert not memo_file(neither.data_dir, plain.companion.embedder.model_id).exists()
