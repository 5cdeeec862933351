"""Every eval case's expected snippets occur together in one passage of the real index: a case whose
passage no retrieval can return would be a miss forever, hiding as a retrieval figure (integration)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.settings import Settings
from bot.store import ChunkIndex
from evals.cases import EvalCase, load_cases
from evals.metrics.retrieval import passage_matches
from tests.evals.test_cases import CASES_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_every_expected_passage_is_in_the_index(ingested: Settings) -> None:
    texts = [chunk.text for chunk in ChunkIndex(ingested).iter_chunks()]
    cases = load_cases(CASES_DIR)

    def unfound(snippets_of: Callable[[EvalCase], list[str]]) -> list[str]:
        return [
            case.id
            for case in cases
            if snippets_of(case) and not any(passage_matches(text, snippets_of(case)) for text in texts)
        ]

    missing = unfound(lambda case: case.expected_sources)
    assert not missing, f"expected_sources found in no passage: {missing}"
    untranslated = unfound(lambda case: case.translated_sources)
    assert not untranslated, f"translated_sources found in no passage: {untranslated}"
