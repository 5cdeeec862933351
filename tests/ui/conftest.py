"""Fixtures for the chat page's end-to-end tests: a small real index, a real server, a real browser."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import Coroutine, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from bot.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR, make_settings

T = TypeVar("T")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "ui"

UI_CORPUS_FILES = (
    "000_4ab7ba7e065a05b8.txt",
    "nl_gemeentewet_art149-150_participatieverordening_uitdaagrecht_2025-01-01.yaml",
    "nl_energiewet_energiegemeenschap_excerpts_2026-01-01.txt",
)
XSS_SOURCE = "xss.txt"
XSS_TITLE = "Testdocument Zonnebloem <b>opmaak</b>"
XSS_TEXT = (
    "Testdocument over de weergave van bronnen.\n\n"
    "De zorgcoöperatie Zonnebloem organiseert burenhulp in het dorp Veldhoven-Noord. "
    "De zorgcoöperatie Zonnebloem test de weergave van opmaak: <script>alert(1)</script> en "
    "<img src=x onerror=alert(1)> blijven gewone tekst.\n"
)


@pytest.fixture(scope="session")
def ui_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Three real corpus files (the essay and the Gemeentewet among them) plus a document with HTML in
    it, ingested with the real pipeline into a fresh embedded index."""
    from bot.components import Components

    root = tmp_path_factory.mktemp("ui-e2e")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in UI_CORPUS_FILES:
        shutil.copy2(CORPUS_DIR / name, corpus / name)
    (corpus / XSS_SOURCE).write_text(XSS_TEXT, encoding="utf-8")
    manifest = yaml.safe_load((CORPUS_DIR / "manifest.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = {k: v for k, v in manifest["documents"].items() if k in UI_CORPUS_FILES}
    manifest["documents"][XSS_SOURCE] = {
        "title": XSS_TITLE,
        "kind": "other",
        "language": "nl",
        "version_date": "2025-06-01",
    }
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    settings = make_settings(root / "data", corpus)
    report = Components(settings).ingestor().run()
    assert report.ok, report.failed
    return settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a fresh thread: works even while Playwright's sync API holds this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def running_server(
    settings: Settings, log_path: Path, extra_env: Mapping[str, str] | None = None, timeout: float = 90.0
) -> Iterator[Server]:
    """The real chat page (``launch.start``) on a free loopback port; always stopped afterwards."""
    import httpx

    from bot.ui import launch

    port = free_port()
    with log_path.open("w", encoding="utf-8") as log:
        process = launch.start(
            settings, host="127.0.0.1", port=port, extra_env=extra_env, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the server exited with {process.returncode}:\n{server.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{server.url}/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise AssertionError(f"the server did not answer within {timeout} s:\n{server.log_tail()}")
            time.sleep(0.3)
        yield server
    finally:
        launch.stop(process)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium through Playwright (a fresh profile per launch). Module-scoped: Playwright's sync
    API keeps an event loop running in this thread while it is open."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
