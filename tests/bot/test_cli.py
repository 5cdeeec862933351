"""What `wijzer ask` prints under the answer (unit, fast)."""

from __future__ import annotations

from bot.answer.types import Citation, Passage
from bot.cli import source_lines


def _passage(n: int, article: str | None = None, page: int | None = None) -> Passage:
    kind = "essay" if page is not None else "statute"
    return Passage(
        id=f"c{n}", text=f"passage {n}", source="doc.md", title="Energiewet", score=1.0,
        article=article, page=page, url="https://example.org/e", version_date="2026-01-01", kind=kind,
    )  # fmt: skip


def test_passages_with_one_label_share_a_line() -> None:
    citations = [Citation(n, _passage(n, article="2.4")) for n in (1, 2, 3, 4)]
    citations.append(Citation(5, _passage(5, article="2.17")))
    assert source_lines(citations) == [
        "[1]–[4] Energiewet, art. 2.4 (versie 2026-01-01) — https://example.org/e",
        "[5] Energiewet, art. 2.17 (versie 2026-01-01) — https://example.org/e",
    ]


def test_numbers_that_do_not_follow_each_other_are_listed() -> None:
    citations = [
        Citation(1, _passage(1, page=7)),
        Citation(2, _passage(2, page=8)),
        Citation(3, _passage(3, page=7)),
        Citation(4, _passage(4, page=7)),
    ]
    lines = source_lines(citations)
    assert lines[0].startswith("[1], [3], [4] Energiewet, p. 7 — ")
    assert lines[1].startswith("[2] Energiewet, p. 8")


def test_an_english_answer_lists_its_sources_in_english() -> None:
    citations = [Citation(1, _passage(1, article="2.4"))]
    assert source_lines(citations, "en") == [
        "[1] Energiewet, art. 2.4 (version 2026-01-01) — https://example.org/e"
    ]


def test_wijzer_ingest_loads_the_models_with_the_ingest_threads(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The ingest command builds its components from ``embedding.for_ingest`` (``ingest_threads``), not
    from the answering processes' ``torch_threads``."""
    import argparse
    from types import SimpleNamespace

    import bot.components
    from bot.cli import _cmd_ingest
    from bot.settings import load_settings

    built = []

    class Recording:
        def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
            built.append(settings)
            self.companion = None

        def ingestor(self, progress):  # type: ignore[no-untyped-def]
            report = SimpleNamespace(
                warnings=[], failed=[], repaired=False, chunks_embedded=0, deleted=0, ok=True
            )
            report.summary = lambda: "nothing to do"
            return SimpleNamespace(run=lambda force: report)

    monkeypatch.setattr(bot.components, "Components", Recording)
    settings = load_settings(
        env={"WIJZER_EMBEDDING_TORCH_THREADS": "1", "WIJZER_EMBEDDING_INGEST_THREADS": "2"}
    )
    assert _cmd_ingest(settings, argparse.Namespace(quiet=True, force=False)) == 0
    assert [s.embedding.torch_threads for s in built] == [2]
