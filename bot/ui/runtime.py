"""The chat page's long-lived objects: one per process, built lazily from ``load_settings()``.

Nothing here runs at import time. ``get_runtime()`` is called by the Chainlit entry (``app.py``) when the
server loads it; the answer service (model, index) is built on first use or by ``warm_up`` in the
background, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.settings import Settings, load_settings

if TYPE_CHECKING:
    from bot.answer.types import Answer, Turn

log = logging.getLogger(__name__)

T = TypeVar("T")

DB_NAME = "chat.db"


class AnswerServiceLike(Protocol):
    def answer(self, question: str, history: list[Turn | dict[str, str]], persona: str | None) -> Answer: ...

    def stream(
        self, question: str, history: list[Turn | dict[str, str]], persona: str | None
    ) -> Iterable[str | Answer]: ...


class UIRuntime:
    """Settings, the answer service and the corpus status for one server process."""

    def __init__(
        self, settings: Settings, service_factory: Callable[[], AnswerServiceLike] | None = None
    ) -> None:
        self.settings = settings
        self._service_factory = service_factory
        self._build_lock = threading.Lock()
        # One question at a time through the service: the embedder, the index and an LLM client are not
        # guaranteed thread-safe, and on a small machine parallel CPU work would not be faster anyway.
        self.service_lock = threading.Lock()

    @property
    def db_path(self) -> Path:
        return self.settings.data_dir / DB_NAME

    @cached_property
    def _service(self) -> AnswerServiceLike:
        if self._service_factory is not None:
            return self._service_factory()
        from bot.components import Components

        return Components(self.settings).service

    @property
    def service(self) -> AnswerServiceLike:
        """The answer service, built once (blocking: call it off the event loop)."""
        with self._build_lock:
            return self._service

    def warm_up(self) -> None:
        """Build the service and answer one question so the first user does not wait for the model."""
        try:
            service = self.service
            with self.service_lock:
                service.answer("Wat is het uitdaagrecht?", [], None)
        except Exception as exc:  # shown to the user on their first question instead
            log.warning("Wijzer: warming up the answer service failed: %s", exc)

    def status(self) -> dict[str, Any]:
        """``collect_status`` plus authors and year from the manifest (for the essay's citation)."""
        from bot.status import collect_status
        from ingest.corpus_manifest import read_manifest

        try:
            status = collect_status(self.settings)
        except Exception as exc:
            log.warning("Wijzer: reading the corpus status failed: %s", exc)
            return {"corpus_version": "", "chunks": 0, "documents": []}
        try:
            manifest = read_manifest(self.settings.corpus_dir)
        except ValueError:
            return status
        for doc in status.get("documents", []):
            info = manifest.info_for(doc.get("source", ""))
            if info is not None:
                doc.setdefault("authors", list(info.authors))
                doc.setdefault("year", info.year)
        return status


_runtime: UIRuntime | None = None
_runtime_lock = threading.Lock()


def get_runtime() -> UIRuntime:
    """The process-wide runtime, from ``load_settings()`` on first call."""
    global _runtime
    with _runtime_lock:
        if _runtime is None:
            _runtime = UIRuntime(load_settings())
        return _runtime


async def iterate_off_loop(
    produce: Callable[[], Iterable[T]], lock: threading.Lock | None = None
) -> AsyncIterator[T]:
    """Run a blocking iterator in a worker thread and yield its items on the event loop.

    The worker holds ``lock`` for the whole iteration. If the consumer stops early (the user pressed
    stop), the worker stops at its next item.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    stop = threading.Event()

    def put(kind: str, value: Any) -> None:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, (kind, value))
        except RuntimeError:  # the event loop is gone (server shutting down)
            stop.set()

    def worker() -> None:
        try:
            if lock is not None:
                lock.acquire()
            try:
                for item in produce():
                    if stop.is_set():
                        break
                    put("item", item)
            finally:
                if lock is not None:
                    lock.release()
        except BaseException as exc:
            put("error", exc)
        else:
            put("done", None)

    task = asyncio.ensure_future(asyncio.to_thread(worker))
    try:
        while True:
            kind, value = await queue.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                break
    finally:
        stop.set()
        if task.done():
            task.result()
