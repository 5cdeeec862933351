"""Starting the server: settings passed to the child, login configuration, an offline page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, load_settings
from bot.ui import auth, launch
from bot.ui.offline import WATERMARK, ensure_translations, strip_external_assets
from tests.conftest import make_settings

# --- settings travel to the child ----------------------------------------------------------------------


def test_the_child_reads_back_exactly_the_callers_settings(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path / "data",
        tmp_path / "corpus",
        WIJZER_RETRIEVAL_K="8",
        WIJZER_LLM="openai",
        WIJZER_LLM_BASE_URL="http://127.0.0.1:9999/v1",
        WIJZER_AUTH="a:b:c",
        WIJZER_CHROMA_HOST="127.0.0.1",
    )
    env = launch.settings_env(settings)
    assert env["WIJZER_LLM_MODEL"] == "null" and env["WIJZER_RETRIEVAL_K"] == "8"
    assert load_settings(env=env) == settings


def test_child_env_replaces_the_callers_wijzer_variables(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    env = launch.child_env(settings, {"WIJZER_PROFILES": "nope", "WIJZER_RETRIEVAL_K": "3", "PATH": "/bin"})
    assert "WIJZER_PROFILES" not in env and env["WIJZER_RETRIEVAL_K"] == str(settings.retrieval.k)
    assert env["PATH"] == "/bin" and env["CHAINLIT_APP_ROOT"] == str(PROJECT_ROOT)
    assert env["WIJZER_DATA_DIR"] == str(tmp_path / "data")


def test_the_command_runs_the_app_headless_on_the_given_address() -> None:
    command = launch.build_command("127.0.0.1", 8123)
    assert command[:4] == [sys.executable, "-m", "chainlit", "run"]
    assert command[4] == str(PROJECT_ROOT / "bot" / "ui" / "app.py")
    assert command[5:] == ["--host", "127.0.0.1", "--port", "8123", "--headless"]
    assert "--headless" not in launch.build_command("0.0.0.0", 80, headless=False)


def test_default_address_is_loopback_port_8000(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    assert (settings.ui.host, settings.ui.port) == ("127.0.0.1", 8000)


def test_login_without_secret_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(auth.SECRET_VAR, raising=False)
    settings = make_settings(tmp_path / "data", WIJZER_AUTH="ambtenaar:geheim")
    with pytest.raises(auth.AuthConfigError, match="CHAINLIT_AUTH_SECRET"):
        launch.start(settings, port=1)
    assert launch.serve(settings, port=1) == 2
    assert "CHAINLIT_AUTH_SECRET" in capsys.readouterr().err


# --- login ---------------------------------------------------------------------------------------------


def test_credentials_are_checked_exactly() -> None:
    spec = "ambtenaar:geheim:met:dubbele:punten"
    assert auth.parse_credentials(spec) == ("ambtenaar", "geheim:met:dubbele:punten")
    assert auth.check_password(spec, "ambtenaar", "geheim:met:dubbele:punten")
    assert not auth.check_password(spec, "ambtenaar", "geheim")
    assert not auth.check_password(spec, "iemand", "geheim:met:dubbele:punten")
    assert not auth.check_password(spec, "ambtenaar", "")


@pytest.mark.parametrize("spec", ["zonderdubbelepunt", ":wachtwoord", "gebruiker:", ""])
def test_malformed_credentials_are_refused(spec: str) -> None:
    with pytest.raises(auth.AuthConfigError):
        auth.parse_credentials(spec)


def test_auth_problem() -> None:
    assert auth.auth_problem(None, {}) is None
    assert auth.auth_problem("a:b", {auth.SECRET_VAR: "x" * 32}) is None
    assert "CHAINLIT_AUTH_SECRET" in (auth.auth_problem("a:b", {}) or "")
    assert "user:password" in (auth.auth_problem("ab", {auth.SECRET_VAR: "x"}) or "")


# --- offline -------------------------------------------------------------------------------------------


def test_served_page_links_nothing_outside_the_server() -> None:
    import importlib.util

    spec = importlib.util.find_spec("chainlit")
    assert spec is not None and spec.submodule_search_locations
    index = Path(next(iter(spec.submodule_search_locations))) / "frontend" / "dist" / "index.html"
    html = index.read_text(encoding="utf-8")
    assert "fonts.googleapis.com" in html and "cdn.jsdelivr.net" in html  # what Chainlit ships
    stripped = strip_external_assets(html)
    assert "https://" not in stripped and "//fonts" not in stripped
    assert 'src="/assets/' in stripped and 'href="/assets/' in stripped
    assert strip_external_assets('<script src="https://x/y.js"></script><p>ok</p>') == "<p>ok</p>"


def test_theme_has_no_custom_fonts_and_config_is_offline_friendly() -> None:
    import json
    import tomllib

    theme = json.loads((PROJECT_ROOT / "public" / "theme.json").read_text(encoding="utf-8"))
    assert theme["custom_fonts"] == []
    assert "http" not in json.dumps(theme)
    config = tomllib.loads((PROJECT_ROOT / ".chainlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["UI"]["name"] == "Wijzer"
    assert config["project"]["enable_telemetry"] is False
    assert config["features"]["unsafe_allow_html"] is False
    assert config["features"]["edit_message"] is False
    assert config["project"]["allow_origins"] == []  # no other web page may call the server
    # custom CSS only from the project's own public/ folder, and fetching nothing from elsewhere
    css = config["UI"].get("custom_css")
    assert css is None or css.startswith("/public/")
    if css:
        text = (PROJECT_ROOT / css.lstrip("/")).read_text(encoding="utf-8")
        assert "http" not in text and "@import" not in text and "url(" not in text
    assert not config["UI"].get("custom_js")
    assert (PROJECT_ROOT / "chainlit.md").read_text(encoding="utf-8").startswith("# Wijzer")


def test_translations_include_dutch_and_english(tmp_path: Path) -> None:
    ensure_translations(tmp_path)
    ensure_translations(tmp_path)
    names = {p.name for p in (tmp_path / ".chainlit" / "translations").iterdir()}
    assert {"en-US.json", "nl.json", "nl-NL.json"} <= names
    # the line under the input box says what Wijzer is, not Chainlit's "LLMs can make mistakes"
    for name, text in WATERMARK.items():
        strings = json.loads((tmp_path / ".chainlit" / "translations" / name).read_text(encoding="utf-8"))
        assert strings["chat"]["watermark"] == text
        assert "LLM" not in text


def test_chainlit_readme_translation_warning_is_dropped(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from bot.ui.offline import quiet_chainlit_logs

    quiet_chainlit_logs()
    quiet_chainlit_logs()
    chainlit_logger = logging.getLogger("chainlit")
    assert len(chainlit_logger.filters) == 1
    with caplog.at_level(logging.WARNING, logger="chainlit"):
        chainlit_logger.warning("Translated markdown file for nl-NL not found. Defaulting to chainlit.md.")
        chainlit_logger.warning("iets anders")
    assert [r.getMessage() for r in caplog.records] == ["iets anders"]


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.timeout(120)
def test_login_without_secret_stops_the_server_at_start(tmp_path: Path) -> None:
    """Started directly (not through launch), the app itself refuses with a clear message."""
    settings = make_settings(tmp_path / "data", WIJZER_AUTH="ambtenaar:geheim")
    env = launch.child_env(settings)
    env.pop("CHAINLIT_AUTH_SECRET", None)
    result = subprocess.run(
        launch.build_command("127.0.0.1", 1),
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "CHAINLIT_AUTH_SECRET" in result.stderr


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.timeout(180)
def test_serve_stops_the_server_when_it_is_terminated(tmp_path: Path) -> None:
    """A supervisor's SIGTERM to `serve` must not leave the Chainlit server running."""
    import signal
    import time

    import httpx

    from tests.ui.conftest import free_port

    port = free_port()
    script = (
        "import sys; from bot.settings import load_settings; from bot.ui.launch import serve; "
        f"sys.exit(serve(load_settings(), port={port}))"
    )
    env = launch.child_env(make_settings(tmp_path / "data"))
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env)
    url = f"http://127.0.0.1:{port}/health"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert parent.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=30) == 130
        with pytest.raises(httpx.HTTPError):
            httpx.get(url, timeout=2)
    finally:
        if parent.poll() is None:
            parent.kill()
