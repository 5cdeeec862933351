"""A real `kill -9` of `wijzer ingest` at several points; the next run repairs the index."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bot.store import ChunkIndex
from ingest.pipeline import build_chunks, scan_corpus
from ingest.state import STATE_NAME, dirty_marker, load_state
from tests.conftest import CORPUS_DIR, make_settings, subprocess_env
from tests.ingest.test_cli import WIJZER

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# The essay comes first (sorted) and takes most of the run; the statutes follow in quick succession.
FILES = [
    "000_4ab7ba7e065a05b8.txt",
    "nl_besluit_toegelaten_instellingen_volkshuisvesting_2015_art2-4_wooncooperaties_2025-01-01.yaml",
    "nl_energiewet_energiegemeenschap_excerpts_2026-01-01.txt",
    "nl_gemeentewet_art149-150_participatieverordening_uitdaagrecht_2025-01-01.yaml",
]
TIMEOUT = 240
POLL = 0.02


def files_in_state(data_dir: Path) -> int:
    try:
        return len(json.loads((data_dir / STATE_NAME).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError):
        return -1  # not written yet (the state file is replaced atomically, never half-written)


KILL_POINTS = {
    "dirty-marker": lambda data: dirty_marker(data).exists(),
    "one-file": lambda data: files_in_state(data) >= 1,
    "two-files": lambda data: files_in_state(data) >= 2,
}


def ingest_and_kill(env: dict[str, str], data_dir: Path, kill_at: str, log_dir: Path) -> bool:
    """Start an ingest, SIGKILL it once the kill point is reached; True if it was killed mid-way."""
    reached = KILL_POINTS[kill_at]
    with (log_dir / "killed.out").open("wb") as out, (log_dir / "killed.err").open("wb") as err:
        process = subprocess.Popen(
            [str(WIJZER), "ingest", "--quiet"], env=env, cwd=log_dir, stdout=out, stderr=err
        )
        try:
            deadline = time.monotonic() + TIMEOUT
            while process.poll() is None:
                if reached(data_dir):
                    process.send_signal(signal.SIGKILL)  # a no-op if it exited just now
                    break
                if time.monotonic() > deadline:
                    pytest.fail(f"ingest did not reach {kill_at!r} within {TIMEOUT} s")
                time.sleep(POLL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
    if process.returncode != -signal.SIGKILL:
        # the run finished before the kill point was seen: nothing to repair, still check consistency
        assert process.returncode == 0, (log_dir / "killed.err").read_text(errors="replace")
        return False
    return True


@pytest.mark.parametrize("kill_at", list(KILL_POINTS))
def test_kill_9_mid_ingest_is_repaired_by_the_next_run(tmp_path: Path, kill_at: str, embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in [*FILES, "manifest.yaml"]:
        shutil.copy(CORPUS_DIR / name, corpus / name)
    data = tmp_path / "data"
    env = subprocess_env(data, corpus)

    killed = ingest_and_kill(env, data, kill_at, tmp_path)
    interrupted = dirty_marker(data).exists()
    assert interrupted or not killed or kill_at != "dirty-marker"
    kept = set(load_state(data).files)
    print(f"kill at {kill_at}: killed={killed} dirty={interrupted} files in state={len(kept)}")
    if killed and kill_at != "dirty-marker":
        assert len(kept) >= {"one-file": 1, "two-files": 2}[kill_at]

    repair = subprocess.run(
        [str(WIJZER), "ingest", "--quiet"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert repair.returncode == 0, repair.stderr
    summary = repair.stdout.strip().splitlines()[-1]
    assert "failed 0" in summary and "FAILED" not in repair.stderr, (summary, repair.stderr)
    assert ("repaired" in repair.stderr) == interrupted, repair.stderr
    if interrupted:
        # files saved in the state before the kill are kept, the rest (re)done exactly once
        assert summary.startswith(
            f"added {len(FILES) - len(kept)}, updated 0, deleted 0, unchanged {len(kept)}, failed 0;"
        ), summary
    else:
        assert summary.startswith(f"added 0, updated 0, deleted 0, unchanged {len(FILES)}, failed 0;")

    settings = make_settings(data, corpus)
    state = load_state(data)
    assert sorted(state.files) == sorted(FILES)
    assert not dirty_marker(data).exists()
    index = ChunkIndex(settings)
    assert index.ids_by_source() == {s: set(f.chunk_ids) for s, f in state.files.items()}
    assert index.count() == state.chunk_count
    assert index.state()["corpus_version"] == state.corpus_version
    # exactly the chunks a clean run makes: no leftovers of the killed run, nothing missing
    expected = {f.source: [c.id for c in build_chunks(f, embedder, settings)] for f in scan_corpus(settings)}
    assert {s: f.chunk_ids for s, f in state.files.items()} == expected

    again = subprocess.run(
        [str(WIJZER), "ingest", "--quiet"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert again.returncode == 0 and "repaired" not in again.stderr
    assert again.stdout.strip().startswith(
        f"added 0, updated 0, deleted 0, unchanged {len(FILES)}, failed 0;"
    )
