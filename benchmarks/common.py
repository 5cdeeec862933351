"""Small helpers shared by the benchmark parts: statistics, settings, processes, a CPU burner.

The machine is shared and noisy, so every figure is a median (or a percentile) over repeats and every
comparison is a ratio against a baseline measured in the same run, interleaved where possible.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT, Settings, load_settings

PYTHON = sys.executable
WIJZER = str(Path(sys.executable).with_name("wijzer"))
CHROMA = str(Path(sys.executable).with_name("chroma"))
CORPUS_DIR = PROJECT_ROOT / "corpus"
TEST_CASES = PROJECT_ROOT / "evals" / "cases" / "test.jsonl"
CACHE_DIR = PROJECT_ROOT / "data" / "bench-cache"  # git-ignored; embeddings reused across runs


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of nothing")
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    """p50/p95/max in milliseconds of samples in seconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
    }


def app_env(data_dir: Path, corpus_dir: Path = CORPUS_DIR, **extra: str) -> dict[str, str]:
    """The environment of an app process: production settings plus the profiles in this process's
    ``WIJZER_PROFILES`` (so ``WIJZER_PROFILES=multilingual make bench`` measures that profile), our folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJZER_") or k == "WIJZER_PROFILES"}
    env.update(
        WIJZER_DATA_DIR=str(data_dir),
        WIJZER_CORPUS_DIR=str(corpus_dir),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        PYTHONPATH=str(PROJECT_ROOT),
        **extra,
    )
    return env


def settings_for(data_dir: Path, corpus_dir: Path = CORPUS_DIR, **extra: str) -> Settings:
    return load_settings(env=app_env(data_dir, corpus_dir, **extra))


def peak_rss_mb() -> float:
    """This process's peak resident set size (VmHWM), in MiB."""
    try:
        match = re.search(r"VmHWM:\s+(\d+) kB", Path("/proc/self/status").read_text())
        if match:
            return int(match.group(1)) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_worker(args: Sequence[str], env: Mapping[str, str], timeout: float = 900) -> dict[str, Any]:
    """Run ``python -m benchmarks.worker ARGS``; its last stdout line is a JSON result."""
    done = subprocess.run(
        [PYTHON, "-m", "benchmarks.worker", *args],
        env=dict(env),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def chroma_server(path: Path, timeout: float = 90.0) -> Iterator[int]:
    """A `chroma run` server on a free loopback port over ``path``; yields the port."""
    port = free_port()
    path.mkdir(parents=True, exist_ok=True)
    log = (path.parent / f"chroma-{port}.log").open("wb")
    process = subprocess.Popen(
        [CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"chroma server exited with {process.returncode}")
            try:
                url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"chroma server did not come up in {timeout} s") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def cpu_burner(processes: int = 1) -> Iterator[None]:
    """Keep ``processes`` cores busy (a tight Python loop each) for the duration."""
    burners = [
        subprocess.Popen([PYTHON, "-c", "while True: pass"], stdout=subprocess.DEVNULL)
        for _ in range(processes)
    ]
    try:
        time.sleep(0.5)  # let them reach full speed
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def load_questions(path: Path = TEST_CASES) -> list[str]:
    """The held-out eval questions: real questions, Dutch and English, answerable and not."""
    from evals.cases import load_cases

    return [case.question for case in load_cases(path)]
