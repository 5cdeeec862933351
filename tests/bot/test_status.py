"""``collect_status`` (what `wijzer status` and the chat welcome report) counts the sentences embedded
for answers without loading a model, and still reports when the model is not on disk."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bot.answer.sentence_similarity import memo_file
from bot.status import collect_status
from tests.conftest import make_settings


def test_status_counts_the_sentences_in_the_memo(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    assert collect_status(settings)["sentence_vectors"] == 0  # nothing ingested yet
    path = memo_file(settings.data_dir, settings.embedding.index_id)  # the packaged model reading the gloss
    path.parent.mkdir(parents=True)
    np.savez(path, texts=np.array(["Een eerste zin hier.", "Een tweede zin hier."]), vectors=np.zeros((2, 3)))
    assert collect_status(settings)["sentence_vectors"] == 2


def test_status_without_sentence_similarity_or_model(tmp_path: Path) -> None:
    unused = make_settings(tmp_path / "data", WIJZER_ANSWER_SIMILARITY_WEIGHT="0")
    assert collect_status(unused)["sentence_vectors"] is None  # answers do not use the memo
    missing = make_settings(tmp_path / "data", WIJZER_EMBEDDING_MODEL=str(tmp_path / "no-model"))
    status = collect_status(missing)
    assert status["sentence_vectors"] == 0 and status["chunks"] == 0
