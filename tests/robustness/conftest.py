"""Fixtures for the robustness tests: a small corpus copy, and a long-running app process driver."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from bot.settings import PROJECT_ROOT


class AppProcess:
    """``python -m tests.robustness.app_process``: questions on stdin, JSON lines on stdout."""

    def __init__(self, env: dict[str, str], log: Path, ready_timeout: float = 180) -> None:
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.robustness.app_process"],
            env=env,
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            encoding="utf-8",
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = self._next(ready_timeout)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _next(self, timeout: float) -> dict[str, Any]:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"app process gave no answer in {timeout} s; log: {self.log_path}") from None
        if line is None:
            stderr = self.log_path.read_text(errors="replace")[-3000:]
            raise AssertionError(f"app process exited ({self.process.poll()}):\n{stderr}")
        return json.loads(line)

    def ask(self, question: str, timeout: float = 120) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(question.replace("\n", " ") + "\n")
        self.process.stdin.flush()
        reply = self._next(timeout)
        assert "error" not in reply, reply["error"]
        return reply

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
