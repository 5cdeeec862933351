"""The chat page end to end: the real server over a small real index, driven by Debian's Chromium.

Screenshots go to test-artifacts/ui/ (git-ignored).
"""

from __future__ import annotations

import secrets
import sqlite3
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest

from bot.settings import Settings
from bot.ui import views
from bot.ui.feedback_store import read_feedback
from bot.ui.offline import WATERMARK
from tests.ui.conftest import XSS_TITLE, running_server

pytestmark = [pytest.mark.integration, pytest.mark.browser, pytest.mark.slow]

ESSAY_TITLE = "Burgercollectieven aan het roer?"
FIRST_QUESTION = "Wat is het uitdaagrecht?"
FOLLOW_UP = "En welke rol speelt de gemeente daarbij?"
XSS_QUESTION = "Wat doet de zorgcoöperatie Zonnebloem?"
REFUSED_QUESTION = "Wat is de hoofdstad van Frankrijk?"
EXAMPLE_QUESTION = "Wat is het uitdaagrecht en waar staat het in de wet?"
ANSWER_TIMEOUT_MS = 90_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


class PageWatch:
    """Every request and websocket the page opens, any dialog (alert) it shows, and (for a failure's
    report) what the page logged and when its websockets opened and closed."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.dialogs: list[str] = []
        self.events: list[str] = []
        self._start = time.monotonic()

    def note(self, event: str) -> None:
        self.events.append(f"{time.monotonic() - self._start:6.1f}s {event}")

    def attach(self, page: Any) -> Any:
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("requestfailed", lambda request: self.note(f"request failed: {request.url}"))
        page.on("console", lambda message: self.note(f"console {message.type}: {message.text}"))
        page.on("pageerror", lambda error: self.note(f"page error: {error}"))

        def on_websocket(ws: Any) -> None:
            self.urls.append(ws.url)
            self.note(f"websocket open: {ws.url}")
            ws.on("close", lambda closed: self.note(f"websocket closed: {closed.url}"))

        page.on("websocket", on_websocket)

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    def outside_requests(self) -> list[str]:
        outside = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob"):
                continue
            if parsed.scheme not in ("http", "https", "ws", "wss") or parsed.hostname not in LOCAL_HOSTS:
                outside.append(url)
        return outside


def new_page(browser: Any, watch: PageWatch, locale: str = "nl-NL") -> Any:
    context = browser.new_context(
        locale=locale, viewport={"width": 1280, "height": 900}, color_scheme="light"
    )
    context.set_default_timeout(30_000)
    return watch.attach(context.new_page())


def page_report(page: Any, watch: PageWatch) -> str:
    """What the page shows and what happened on it: printed when a test fails."""
    messages = page.locator("[data-step-type]").all_inner_texts()
    return "\n".join(
        [
            f"page {page.url}: {len(messages)} steps shown",
            *(f"  step: {text[:200]!r}" for text in messages),
            *watch.events[-40:],
        ]
    )


def wait_for_welcome(page: Any, watch: PageWatch, greeting: str, timeout_ms: int = 60_000) -> Any:
    """The welcome message (whichever assistant message it is); the page is reloaded once if it never came.

    The welcome is sent when the page's websocket connects. In one CI run on a loaded machine it never
    showed within 60 s, with nothing in the server's log; a reload is what a user would do. The test
    goes on, with a warning that carries the page's report, and fails if the reload does not help
    either.
    """
    welcome = page.locator('[data-step-type="assistant_message"]', has_text=greeting).first
    try:
        welcome.wait_for(timeout=timeout_ms)
        return welcome
    except Exception:
        report = page_report(page, watch)
    page.reload()
    try:
        welcome.wait_for(timeout=timeout_ms)
    except Exception as exc:
        raise AssertionError(
            f"no welcome ({greeting!r}), also not after a reload:\n{report}\n{page_report(page, watch)}"
        ) from exc
    warnings.warn(f"the welcome came only after a reload:\n{report}", stacklevel=2)
    return welcome


def wait_for_answer(page: Any, before: int) -> Any:
    """Wait until a new answer (after ``before`` assistant messages) is complete, with its sources."""
    page.wait_for_function(
        "n => document.querySelectorAll('[data-step-type=\"assistant_message\"]').length > n",
        arg=before,
        timeout=ANSWER_TIMEOUT_MS,
    )
    page.locator("#stop-button").wait_for(state="detached", timeout=ANSWER_TIMEOUT_MS)
    page.locator("#chat-submit").wait_for(state="visible")
    answer = page.locator('[data-step-type="assistant_message"]').nth(before)
    answer.locator(".negative-feedback-off").wait_for()  # the run is over and can be rated
    return answer


def ask(page: Any, question: str) -> Any:
    """Type a question and send it as soon as the page takes it; the locator of its complete answer.

    The page ignores Enter while a run is still going (the welcome message is shown a moment before
    its run ends, longer on a loaded machine), so this waits for the send button to be enabled and then
    for the box to empty: the question was sent.
    """
    before = page.locator('[data-step-type="assistant_message"]').count()
    box = page.locator("#chat-input")
    box.fill(question)
    page.wait_for_function(
        "() => { const b = document.querySelector('#chat-submit'); return b && !b.disabled; }",
        timeout=ANSWER_TIMEOUT_MS,
    )
    box.press("Enter")
    page.wait_for_function("() => !document.querySelector('#chat-input')?.value.trim()", timeout=10_000)
    return wait_for_answer(page, before)


def ask_example(page: Any, question: str) -> Any:
    """Click an example-question button under the welcome message; the locator of its answer."""
    before = page.locator('[data-step-type="assistant_message"]').count()
    page.get_by_role("button", name=question).click()
    return wait_for_answer(page, before)


def open_source(page: Any, answer: Any, name: str = "[1]") -> str:
    answer.locator(".element-link", has_text=name).first.click()
    page.wait_for_function(
        "name => document.querySelector('#side-view-title')?.textContent.trim() === name", arg=name
    )
    content = page.locator("#side-view-content")
    content.locator("div").first.wait_for()
    page.wait_for_function("() => !document.querySelector('#side-view-content .animate-pulse')")
    page.wait_for_timeout(600)  # the panel slides in
    return str(content.inner_text())


def thumbs_down(page: Any, answer: Any, comment: str) -> None:
    answer.locator(".negative-feedback-off").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("textarea").fill(comment)
    dialog.locator("#submit-feedback").click()
    answer.locator(".negative-feedback-on").wait_for()


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def stored_answers(db: Path, question: str) -> list[dict[str, Any]]:
    """The metadata of every stored answer to ``question`` (what the page saved with the message)."""
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT metadata FROM steps WHERE type = 'assistant_message'").fetchall()
    metas = [views.wijzer_metadata({"metadata": row[0]}) for row in rows]
    return [m for m in metas if m.get("kind") == "answer" and m.get("question") == question]


def no_script_ran(page: Any) -> None:
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("[onerror]").count() == 0
    scripts = page.evaluate(
        "() => [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(1)')).length"
    )
    assert scripts == 0


@pytest.mark.timeout(420)
def test_chat_with_sources_follow_up_feedback_and_nothing_leaves_the_machine(
    ui_settings: Settings, browser: Any, artifacts: Path, tmp_path: Path
) -> None:
    db = ui_settings.data_dir / "chat.db"
    watch = PageWatch()
    with running_server(ui_settings, tmp_path / "server.log") as server:
        try:
            page = new_page(browser, watch)
            page.goto(server.url)
            welcome = wait_for_welcome(page, watch, "Welkom bij Wijzer")
            assert "De Moor et al. (2025)" in welcome.inner_text()
            assert "Gemeentewet, art. 149–150" in welcome.inner_text()
            assert "Ambtenaar" in page.locator("#chat-profiles").inner_text()
            page.get_by_text(WATERMARK["nl.json"]).wait_for()  # not Chainlit's "LLM's kunnen fouten maken"
            page.screenshot(path=str(artifacts / "welcome.png"))

            # a question: streamed answer with [n] markers, the retrieval step, clickable sources
            first = ask(page, FIRST_QUESTION)
            first_text = first.inner_text()
            assert "[1]" in first_text, first_text
            assert page.locator('[id="step-Bronnen zoeken"]').count() >= 1
            side = open_source(page, first, "[1]")
            assert "Gemeentewet" in side or ESSAY_TITLE in side, side
            # a long source URL (the essay's DOI) wraps: the sources panel stays inside the window
            widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], widths
            page.screenshot(path=str(artifacts / "answer.png"))

            # a follow-up uses the conversation so far
            second = ask(page, FOLLOW_UP)
            second_text = second.inner_text().strip()
            assert second_text and second_text != first_text

            # thumbs down with a comment, stored locally with question, answer, history and sources
            comment = f"Mist de rol van de raad ({secrets.token_hex(3)})"
            thumbs_down(page, second, comment)
            page.screenshot(path=str(artifacts / "feedback.png"))
            row = wait_for(
                lambda: next((r for r in read_feedback(db) if r["comment"] == comment), None),
                what="feedback row",
            )
            assert row["value"] == 0 and row["question"] == FOLLOW_UP and row["persona"] == "ambtenaar"
            assert row["answer"] and row["answer"].split()[0] in second_text
            assert [t["role"] for t in row["history"]] == ["user", "assistant"]
            assert row["history"][0]["content"] == FIRST_QUESTION
            assert row["sources"] or row["refused"]
            assert all(s["source"] and s["text"] for s in row["sources"])

            # HTML and script in a document are shown as text and never run
            third = ask(page, XSS_QUESTION)
            side = open_source(page, third, "[1]")
            assert "<script>alert(1)</script>" in side and "<img src=x onerror=alert(1)>" in side, side
            assert XSS_TITLE in side
            no_script_ran(page)
            page.screenshot(path=str(artifacts / "xss.png"))

            # another browser session (English) has its own, empty history; refusals show no sources;
            # the example buttons under the welcome message ask with that session's history
            other = new_page(browser, watch, locale="en-US")
            other.goto(server.url)
            wait_for_welcome(other, watch, "Welcome to Wijzer")
            ask(other, FOLLOW_UP)
            refusal = ask(other, REFUSED_QUESTION)
            assert "Dat staat niet in de bronnen" in refusal.inner_text()
            assert refusal.locator(".element-link").count() == 0
            example = ask_example(other, EXAMPLE_QUESTION)
            assert "[1]" in example.inner_text()
            other.screenshot(path=str(artifacts / "english-session.png"))
            histories = wait_for(
                lambda: (
                    (h := sorted(len(m["history"]) for m in stored_answers(db, FOLLOW_UP)))
                    and len(h) >= 2
                    and h
                ),
                what="both follow-up answers stored",
            )
            assert histories[0] == 0 and histories[-1] == 2
            example_meta = wait_for(lambda: stored_answers(db, EXAMPLE_QUESTION), what="the example's answer")
            assert [t["content"] for t in example_meta[0]["history"][::2]] == [FOLLOW_UP, REFUSED_QUESTION]

            assert watch.dialogs == []
            assert watch.outside_requests() == []
            assert any("/ws/socket.io" in url for url in watch.urls)
        except Exception:
            print(server.log_tail())
            print("\n".join(watch.events[-60:]))
            raise


@pytest.mark.timeout(420)
def test_login_protects_sources_and_resume_restores_the_conversation(
    ui_settings: Settings, browser: Any, artifacts: Path, tmp_path: Path
) -> None:
    settings = ui_settings.model_copy(
        update={"ui": ui_settings.ui.model_copy(update={"auth": "ambtenaar:geheim"})}
    )
    db = settings.data_dir / "chat.db"
    watch = PageWatch()
    secret = {"CHAINLIT_AUTH_SECRET": secrets.token_hex(32)}
    with running_server(settings, tmp_path / "server.log", extra_env=secret) as server:
        try:
            assert httpx.get(f"{server.url}/user").status_code == 401
            page = new_page(browser, watch)
            page.goto(server.url)
            page.locator("#email").fill("ambtenaar")
            page.locator("#password").fill("fout")
            page.keyboard.press("Enter")
            page.locator("#email").wait_for()  # still on the login page
            page.locator("#password").fill("geheim")
            page.keyboard.press("Enter")
            wait_for_welcome(page, watch, "Welkom bij Wijzer")

            answer = ask(page, FIRST_QUESTION)
            assert "[1]" in answer.inner_text()
            open_source(page, answer, "[1]")
            file_urls = [u for u in watch.urls if "/project/file/" in u]
            assert file_urls
            cookies = {c["name"]: c["value"] for c in page.context.cookies()}
            assert httpx.get(file_urls[0]).status_code == 401  # no login, no source text
            logged_in = httpx.get(file_urls[0], cookies=cookies)
            assert logged_in.status_code == 200 and "\\[1\\]" in logged_in.text

            thread_id = wait_for(lambda: _latest_thread(db, "ambtenaar"), what="the stored thread")
            assert httpx.get(f"{server.url}/project/thread/{thread_id}").status_code == 401
            page.close()

            # reopen the conversation: the answer and its sources come back, and so does the history
            resumed = watch.attach(page.context.new_page())
            resumed.goto(f"{server.url}/thread/{thread_id}")
            old_answer = (
                resumed.locator('[data-step-type="assistant_message"]')
                .filter(has=resumed.locator(".element-link"))
                .first
            )
            old_answer.wait_for(timeout=60_000)
            side = open_source(resumed, old_answer, "[1]")
            assert "Gemeentewet" in side or ESSAY_TITLE in side, side
            assert resumed.get_by_text(FIRST_QUESTION).count() >= 1
            resumed.screenshot(path=str(artifacts / "resumed.png"))
            follow_up = ask(resumed, FOLLOW_UP)
            comment = f"na hervatten ({secrets.token_hex(3)})"
            thumbs_down(resumed, follow_up, comment)
            row = wait_for(
                lambda: next((r for r in read_feedback(db) if r["comment"] == comment), None),
                what="feedback row",
            )
            assert row["history"][0] == {"role": "user", "content": FIRST_QUESTION}
            assert row["thread_id"] == thread_id
            assert watch.dialogs == [] and watch.outside_requests() == []
        except Exception:
            print(server.log_tail())
            print("\n".join(watch.events[-60:]))
            raise


def _latest_thread(db: Path, user: str) -> str | None:
    if not db.exists():
        return None
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            'SELECT t.id FROM threads t WHERE t."userIdentifier" = ? AND EXISTS '
            "(SELECT 1 FROM steps s WHERE s.\"threadId\" = t.id AND s.type = 'assistant_message' "
            'AND s.metadata LIKE \'%"kind": "answer"%\') ORDER BY t."createdAt" DESC LIMIT 1',
            (user,),
        ).fetchone()
    return row[0] if row else None
