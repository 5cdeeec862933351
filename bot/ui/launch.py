"""Start the chat page: ``chainlit run bot/ui/app.py`` in a child process.

The child reads its settings from the environment (``load_settings()`` in ``app.py``), so every field
of the caller's ``Settings`` is passed explicitly as ``WIJZER_<SECTION>_<FIELD>``: profiles and files
the caller used, and a host or port chosen here, all arrive unchanged.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from bot.settings import PROJECT_ROOT, Settings
from bot.ui.auth import AuthConfigError, auth_problem
from bot.ui.offline import ensure_translations

APP_PATH = Path(__file__).resolve().with_name("app.py")


def settings_env(settings: Settings) -> dict[str, str]:
    """Every settings field as a ``WIJZER_*`` variable that ``load_settings`` reads back to the same value."""
    env = {"WIJZER_DATA_DIR": str(settings.data_dir), "WIJZER_CORPUS_DIR": str(settings.corpus_dir)}
    for section in Settings.model_fields:
        value = getattr(settings, section)
        if not isinstance(value, BaseModel):
            continue
        for field in type(value).model_fields:
            field_value = getattr(value, field)
            env[f"WIJZER_{section}_{field}".upper()] = "null" if field_value is None else str(field_value)
    return env


def child_env(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the caller's, with its ``WIJZER_*`` replaced by ``settings``."""
    base = os.environ if base is None else base
    env = {k: v for k, v in base.items() if not k.startswith("WIJZER_")}
    env.update(settings_env(settings))
    env["CHAINLIT_APP_ROOT"] = str(PROJECT_ROOT)
    return env


def build_command(host: str, port: int, headless: bool = True) -> list[str]:
    command = [sys.executable, "-m", "chainlit", "run", str(APP_PATH), "--host", host, "--port", str(port)]
    return [*command, "--headless"] if headless else command


def start(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    headless: bool = True,
    extra_env: Mapping[str, str] | None = None,
    stdout: IO | int | None = None,
    stderr: IO | int | None = None,
) -> subprocess.Popen:
    """Start the server and return at once (the caller waits on or stops the process).

    Raises ``AuthConfigError`` when login is configured without ``CHAINLIT_AUTH_SECRET``.
    """
    host = host or settings.ui.host
    port = int(port or settings.ui.port)
    settings = settings.model_copy(update={"ui": settings.ui.model_copy(update={"host": host, "port": port})})
    env = child_env(settings)
    env.update(extra_env or {})
    problem = auth_problem(settings.ui.auth, env)
    if problem:
        raise AuthConfigError(problem)
    ensure_translations(PROJECT_ROOT)
    return subprocess.Popen(
        build_command(host, port, headless), cwd=PROJECT_ROOT, env=env, stdout=stdout, stderr=stderr
    )


def stop(process: subprocess.Popen, timeout: float = 10.0) -> int:
    """Stop the server: SIGINT (Chainlit cleans up), then SIGTERM, then SIGKILL."""
    if process.poll() is not None:
        return process.returncode
    for send in (lambda: process.send_signal(signal.SIGINT), process.terminate, process.kill):
        send()
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
    return process.wait()


def serve(settings: Settings, host: str | None = None, port: int | None = None, headless: bool = True) -> int:
    """Run the chat page until it stops or Ctrl-C; default http://127.0.0.1:8000. Returns the exit code."""
    host = host or settings.ui.host
    port = int(port or settings.ui.port)
    try:
        process = start(settings, host, port, headless)
    except AuthConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Wijzer chat: http://{host}:{port}  (Ctrl-C to stop)", file=sys.stderr)
    previous = _stop_on_sigterm()
    try:
        return process.wait()
    except KeyboardInterrupt:
        stop(process)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _stop_on_sigterm() -> Any:
    """Turn SIGTERM (a supervisor stopping Wijzer) into KeyboardInterrupt, so the server is stopped too
    instead of being left running; returns the previous handler (None off the main thread)."""

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        return signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        return None
