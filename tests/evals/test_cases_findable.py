"""Every eval case's expected snippets occur together in one passage of the real index: a case whose
passage no retrieval can return would be a miss forever, hiding as a retrieval figure (integration)."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.store import ChunkIndex
from evals.cases import load_cases
from evals.metrics.retrieval import passage_matches
from tests.evals.test_cases import CASES_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_every_expected_passage_is_in_the_index(ingested: Settings) -> None:
    texts = [chunk.text for chunk in ChunkIndex(ingested).iter_chunks()]
    missing = [
        case.id
        for case in load_cases(CASES_DIR)
        if case.expected_sources and not any(passage_matches(text, case.expected_sources) for text in texts)
    ]
    assert not missing, f"expected_sources found in no passage: {missing}"
    untranslated = [
        case.id
        for case in load_cases(CASES_DIR)
        if case.translated_sources and not any(passage_matches(t, case.translated_sources) for t in texts)
    ]
    assert not untranslated, f"translated_sources found in no passage: {untranslated}"
