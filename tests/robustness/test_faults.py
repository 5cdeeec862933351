"""Faults around the data: a Chroma server that stops mid-session, a data folder that cannot be written,
and a full disk (emulated with RLIMIT_FSIZE: writes past the limit fail with EFBIG, as with ENOSPC).

Tests run as root, and root ignores permission bits; a data folder whose parent is a regular file fails
for root too (ENOTDIR), so that stands in for a read-only data folder.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.components import Components
from bot.store import ChunkIndex, IndexUnavailableError
from ingest.state import STATE_NAME, IngestState, dirty_marker, load_state, save_state
from tests.chroma_server import chroma_server
from tests.conftest import CORPUS_DIR, make_settings, subprocess_env
from tests.ingest.test_cli import WIJZER

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTION = "Wat moet de participatieverordening regelen?"
TIMEOUT = 300


def components_for(settings, embedder) -> Components:  # type: ignore[no-untyped-def]
    components = Components(settings)
    components.__dict__["embedder"] = embedder
    return components


def test_chroma_server_stopped_mid_session_and_back(tmp_path: Path, small_corpus: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    server_dir = tmp_path / "server"
    with chroma_server(server_dir) as (host, port):
        settings = make_settings(
            tmp_path / "data", small_corpus, WIJZER_CHROMA_HOST=host, WIJZER_CHROMA_PORT=str(port)
        )
        report = components_for(settings, embedder).ingestor().run()
        assert report.ok
        service = components_for(settings, embedder).service  # one long-lived app session
        before = service.answer(QUESTION)
        assert not before.refused and before.corpus_version == report.corpus_version

    # the server is gone: the same service says what is wrong and what to do, every time it is asked
    for _ in range(2):
        with pytest.raises(IndexUnavailableError) as error:
            service.answer(QUESTION)
        message = str(error.value)
        assert f"Chroma server at http://127.0.0.1:{port}" in message
        assert f"chroma run --path FOLDER --host 127.0.0.1 --port {port}" in message

    # the server comes back (same folder, same port): the same service answers as before, no restart
    with chroma_server(server_dir, port=port):
        after = service.answer(QUESTION)
        assert after.corpus_version == before.corpus_version
        assert [p.id for p in after.retrieved] == [p.id for p in before.retrieved]
        assert after.answer == before.answer


def blocked_data_dir(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder that cannot be created: its parent is a regular file (fails for root too)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("keep me\n", encoding="utf-8")
    return blocker, blocker / "data"


def test_unwritable_data_dir_is_a_clear_error_for_questions(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    blocker, data = blocked_data_dir(tmp_path)
    components = components_for(make_settings(data), embedder)
    with pytest.raises(IndexUnavailableError, match=r"Is the data folder .* writable"):
        components.service.answer(QUESTION)  # the index is opened when the service is built
    assert blocker.read_text(encoding="utf-8") == "keep me\n"


def test_unwritable_data_dir_is_a_clear_error_for_ingest(tmp_path: Path, small_corpus: Path) -> None:
    blocker, data = blocked_data_dir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    done = subprocess.run(
        [WIJZER, "ingest", "--quiet"],
        env=subprocess_env(data, small_corpus),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    [line] = done.stderr.strip().splitlines()[-1:]
    assert line.startswith("wijzer: cannot write the data folder") and str(data) in line, line
    assert "Not a directory" in line and "WIJZER_DATA_DIR" in line
    assert blocker.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "nothing may be written elsewhere"


# --- full disk -----------------------------------------------------------------------------------------

# Runs a command with a file-size limit: writes beyond it fail with EFBIG (SIGXFSZ ignored), as a full
# disk fails them with ENOSPC. Both the limit and the ignored signal survive the exec.
LIMITED = (
    "import os, resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "limit = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit)); "
    "os.execv(sys.argv[2], sys.argv[2:])"
)

# Seven statutes, one at a time: the embedded store grows from ~190 KB (empty) to ~1 MB. 700 KB lets the
# store open and the first files in, and fails a later write mid-run.
FULL_DISK_FILES = [
    "coe_aanvullend_protocol_europees_handvest_lokale_autonomie_recht_op_participatie_en_nl.md",
    "nl_besluit_toegelaten_instellingen_volkshuisvesting_2015_art2-4_wooncooperaties_2025-01-01.yaml",
    "nl_energiewet_energiegemeenschap_excerpts_2026-01-01.txt",
    "nl_gemeentewet_art149-150_participatieverordening_uitdaagrecht_2025-01-01.yaml",
    "nl_omgevingswet_art16.55_participatie_aanvraag_2024-01-01.yaml",
    "nl_woningwet_art18a_wooncooperatie_2025-01-01.yaml",
]
FILE_SIZE_LIMIT = 700_000


def run_ingest(env: dict[str, str], cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    command = [WIJZER, "ingest", "--quiet"]
    if limit is not None:
        command = [sys.executable, "-c", LIMITED, str(limit), *command]
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def leftovers(data: Path) -> list[str]:
    """Temporary files an atomic write failed to clean up."""
    return sorted(str(p.relative_to(data)) for p in data.rglob("*") if ".tmp" in p.name)


def test_full_disk_fails_ingest_cleanly_and_the_next_run_repairs(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in [*FULL_DISK_FILES, "manifest.yaml"]:
        (corpus / name).write_bytes((CORPUS_DIR / name).read_bytes())
    data = tmp_path / "data"
    env = subprocess_env(data, corpus)

    full = run_ingest(env, tmp_path, limit=FILE_SIZE_LIMIT)
    assert full.returncode == 2, (full.returncode, full.stdout, full.stderr)
    assert "Traceback" not in full.stderr, full.stderr
    message = full.stderr.strip().splitlines()[-1]
    assert message.startswith("wijzer: ") and ("data folder" in message or "writable" in message), message
    # the state is whole (old or new, never half written), and the run is marked for repair
    raw = (data / STATE_NAME).read_text(encoding="utf-8")
    json.loads(raw)
    kept = set(load_state(data).files)
    assert len(kept) < len(FULL_DISK_FILES), f"the limit should stop the run mid-way, kept {kept}"
    assert dirty_marker(data).exists()
    assert leftovers(data) == []
    print(f"full disk: {len(kept)} of {len(FULL_DISK_FILES)} files kept; {message}")

    repair = run_ingest(env, tmp_path)
    assert repair.returncode == 0, repair.stderr
    assert "repaired" in repair.stderr
    summary = repair.stdout.strip().splitlines()[-1]
    assert "failed 0" in summary, summary
    settings = make_settings(data, corpus)
    state = load_state(data)
    assert sorted(state.files) == sorted(FULL_DISK_FILES)
    assert not dirty_marker(data).exists()
    index = ChunkIndex(settings)
    assert index.ids_by_source() == {s: set(f.chunk_ids) for s, f in state.files.items()}
    assert index.count() == state.chunk_count
    assert leftovers(data) == []
    answer = components_for(settings, embedder).service.answer(QUESTION)
    assert not answer.refused and answer.corpus_version == state.corpus_version


ATOMIC_WRITE = """
import sys
from pathlib import Path
from ingest.state import FileState, IngestState, save_state
big = IngestState(corpus_version="new", files={f"doc-{i}.txt": FileState("f" * 64, ["c" * 20] * 50) for i in range(20)})
try:
    save_state(Path(sys.argv[1]), big)
except OSError as exc:
    print(exc.errno)
    sys.exit(3)
"""


def test_atomic_state_write_on_a_full_disk_keeps_the_old_state(tmp_path: Path) -> None:
    data = tmp_path / "data"
    save_state(data, IngestState(corpus_version="old"))
    before = (data / STATE_NAME).read_bytes()
    limit = 4096  # the new state is ~50 KB
    code = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        "exec(sys.stdin.read())"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)],
        input=ATOMIC_WRITE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3 and done.stdout.strip() == str(errno.EFBIG), (done.stdout, done.stderr)
    assert (data / STATE_NAME).read_bytes() == before
    assert load_state(data).corpus_version == "old"
    assert sorted(p.name for p in data.iterdir()) == [STATE_NAME], "no temporary file may be left"
