"""The runtime: service work off the event loop, one question at a time, lazy construction."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.answer.types import Answer
from bot.ui import runtime as runtime_module
from bot.ui.runtime import UIRuntime, iterate_off_loop
from tests.conftest import make_settings
from tests.ui.conftest import run_async
from tests.ui.fakes import FakeService


async def _collect(produce, lock=None) -> list:  # type: ignore[no-untyped-def]
    return [item async for item in iterate_off_loop(produce, lock)]


def test_iterates_in_a_worker_thread_in_order() -> None:
    threads: list[int] = []

    def produce():  # type: ignore[no-untyped-def]
        for i in range(5):
            threads.append(threading.get_ident())
            yield i

    async def main() -> tuple[list[int], int]:
        return await _collect(produce), threading.get_ident()

    items, loop_thread = run_async(main())
    assert items == [0, 1, 2, 3, 4]
    assert threads and all(t != loop_thread for t in threads)


def test_errors_reach_the_consumer() -> None:
    def produce():  # type: ignore[no-untyped-def]
        yield "a"
        raise RuntimeError("index kapot")

    async def main() -> list:
        seen = []
        with pytest.raises(RuntimeError, match="index kapot"):
            async for item in iterate_off_loop(produce):
                seen.append(item)
        return seen

    assert run_async(main()) == ["a"]


def test_the_lock_is_held_while_iterating_and_released_after() -> None:
    lock = threading.Lock()
    held: list[bool] = []

    def produce():  # type: ignore[no-untyped-def]
        held.append(lock.locked())
        yield 1

    assert run_async(_collect(produce, lock)) == [1]
    assert held == [True] and not lock.locked()


def test_the_event_loop_stays_free_while_the_service_works() -> None:
    release = threading.Event()

    def produce():  # type: ignore[no-untyped-def]
        release.wait(5)
        yield "klaar"

    async def main() -> list[str]:
        ticks: list[str] = []

        async def ticker() -> None:
            for _ in range(3):
                ticks.append("tick")
                await asyncio.sleep(0.01)
            release.set()

        result, _ = await asyncio.gather(_collect(produce), ticker())
        return ticks + result

    assert run_async(main()) == ["tick", "tick", "tick", "klaar"]


def test_a_cancelled_consumer_stops_the_worker() -> None:
    """The user pressed stop: the handler task is cancelled, the worker ends at its next item."""
    import time

    produced: list[int] = []

    def produce():  # type: ignore[no-untyped-def]
        for i in range(200):
            time.sleep(0.005)
            produced.append(i)
            yield i

    async def main() -> None:
        got_two = asyncio.Event()

        async def consume() -> None:
            async for item in iterate_off_loop(produce):
                if item == 2:
                    got_two.set()

        task = asyncio.create_task(consume())
        await got_two.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0.1)

    run_async(main())
    assert len(produced) < 100


def test_streaming_the_fake_service_ends_with_the_answer() -> None:
    service = FakeService()
    items = run_async(_collect(lambda: service.stream("Wat is het uitdaagrecht?", [], "ambtenaar")))
    assert isinstance(items[-1], Answer)
    assert "".join(i for i in items if isinstance(i, str)) == items[-1].answer


def test_runtime_builds_the_service_once_and_knows_the_database(tmp_path: Path) -> None:
    built: list[FakeService] = []

    def factory() -> FakeService:
        built.append(FakeService())
        return built[-1]

    runtime = UIRuntime(make_settings(tmp_path / "data"), service_factory=factory)
    assert runtime.db_path == tmp_path / "data" / "chat.db"
    assert not built  # lazy
    assert runtime.service is runtime.service
    runtime.warm_up()
    assert len(built) == 1 and built[0].calls[0][0] == "Wat is het uitdaagrecht?"


def test_warm_up_failure_is_not_fatal(tmp_path: Path) -> None:
    def broken() -> FakeService:
        raise RuntimeError("geen index")

    UIRuntime(make_settings(tmp_path / "data"), service_factory=broken).warm_up()


def test_status_without_an_index_has_no_documents(tmp_path: Path) -> None:
    assert UIRuntime(make_settings(tmp_path / "data")).status()["documents"] == []


def test_status_adds_authors_and_year_from_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.status

    essay = {
        "source": "000_4ab7ba7e065a05b8.txt",
        "title": "Burgercollectieven aan het roer?",
        "kind": "essay",
    }
    monkeypatch.setattr(bot.status, "collect_status", lambda settings: {"documents": [dict(essay)]})
    doc = UIRuntime(make_settings(tmp_path / "data")).status()["documents"][0]
    assert doc["year"] == 2025 and doc["authors"][0] == "T. De Moor"


def test_get_runtime_is_a_lazy_singleton(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime_module, "_runtime", None)
    first = runtime_module.get_runtime()
    assert runtime_module.get_runtime() is first
    assert first.settings.data_dir.name == "data"
