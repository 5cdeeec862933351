"""Scale-out: one `chroma run` server, one place that ingests, two app processes with their own data dirs.

Both processes must see the same corpus version and the same lexical (BM25) results, because each
derives its lexical index from the chunks in the server; after a re-ingest both must pick up the new
corpus version by themselves (the lexical store re-checks the version recorded in the collection).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.components import Components
from bot.retrieval.lexical_store import CHECK_EVERY_S, lexical_folder
from bot.settings import Settings
from ingest.pipeline import IngestReport
from ingest.state import load_state
from tests.chroma_server import chroma_server
from tests.conftest import SMALL, make_settings, subprocess_env
from tests.robustness.conftest import AppProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(480)]

QUESTION = "Wat moet de participatieverordening van de gemeenteraad regelen?"
CHANGED = "Wat is een woonvereniging?"  # the word exists only after the edit below


def ingest(settings: Settings, embedder) -> IngestReport:  # type: ignore[no-untyped-def]
    components = Components(settings)
    components.__dict__["embedder"] = embedder
    report = components.ingestor().run()
    assert report.ok, report.failed
    return report


def wait_for_version(app: AppProcess, question: str, version: str, old: str, deadline: float) -> dict:
    """Ask until the app answers from ``version``; until then it must answer from ``old``, never fail."""
    while True:
        reply = app.ask(question)
        if reply["corpus_version"] == version:
            return reply
        assert reply["corpus_version"] == old, reply
        assert time.monotonic() < deadline, f"{app.log_path.name} still on {old} after the refresh interval"
        time.sleep(1.0)


def test_two_app_processes_share_one_chroma_server(tmp_path: Path, small_corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    with chroma_server(tmp_path / "server") as (host, port):
        server = {"WIJZER_CHROMA_HOST": host, "WIJZER_CHROMA_PORT": str(port)}
        ingest_settings = make_settings(tmp_path / "ingest-data", small_corpus, **server)
        first = ingest(ingest_settings, embedder)
        collection = ingest_settings.chroma.collection

        data_dirs = [tmp_path / "app-1", tmp_path / "app-2"]
        apps: list[AppProcess] = []
        try:
            for data in data_dirs:
                apps.append(
                    AppProcess(subprocess_env(data, small_corpus, **server), data.with_suffix(".log"))
                )
            assert [Path(app.ready["data_dir"]) for app in apps] == data_dirs

            # 1. the same corpus version and the same lexical and fused results in both processes
            replies = [app.ask(QUESTION) for app in apps]
            assert [r["corpus_version"] for r in replies] == [first.corpus_version] * 2
            assert replies[0]["lexical_ids"] and replies[0]["lexical_ids"] == replies[1]["lexical_ids"]
            assert replies[0]["passage_ids"] and replies[0]["passage_ids"] == replies[1]["passage_ids"]
            indexed = {i for f in load_state(ingest_settings.data_dir).files.values() for i in f.chunk_ids}
            assert set(replies[0]["lexical_ids"]) <= indexed
            for data in data_dirs:  # each derived its own lexical index from the server's chunks
                assert (lexical_folder(data, collection, first.corpus_version) / "meta.json").exists()
                assert not (data / "chroma").exists(), "server mode must not write an embedded store"

            # 2. change a document and re-ingest from one place; both apps follow by themselves
            path = small_corpus / SMALL[1]
            text = path.read_text(encoding="utf-8")
            assert "wooncoöperatie" in text
            path.write_text(text.replace("wooncoöperatie", "woonvereniging"), encoding="utf-8")
            second = ingest(ingest_settings, embedder)
            assert second.updated == [SMALL[1]] and second.corpus_version != first.corpus_version
            changed_ids = set(load_state(ingest_settings.data_dir).files[SMALL[1]].chunk_ids)

            deadline = time.monotonic() + CHECK_EVERY_S * 6  # a bound against hanging, not a timing goal
            after = [
                wait_for_version(app, CHANGED, second.corpus_version, first.corpus_version, deadline)
                for app in apps
            ]
            assert after[0]["lexical_ids"] == after[1]["lexical_ids"]
            assert after[0]["lexical_ids"][0] in changed_ids, "the new word must find the changed chunk"
            assert after[0]["passage_ids"] == after[1]["passage_ids"]
            for data in data_dirs:
                assert (lexical_folder(data, collection, second.corpus_version) / "meta.json").exists()
                assert not lexical_folder(data, collection, first.corpus_version).exists()
            again = [app.ask(QUESTION) for app in apps]
            assert again[0]["lexical_ids"] == again[1]["lexical_ids"]
        finally:
            for app in apps:
                app.close()
