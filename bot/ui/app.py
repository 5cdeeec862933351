"""Wijzer's chat page, the Chainlit entry: ``chainlit run bot/ui/app.py`` (see ``bot.ui.launch``).

Handlers stay thin; the flow is in ``bot.ui.chat``. Loading this module reads the settings once
(``get_runtime()``); the answer service is built in the background after start-up.
"""

from __future__ import annotations

import os
import sys
import threading

import chainlit as cl

from bot.settings import PROJECT_ROOT
from bot.ui import auth, chat
from bot.ui.datalayer import WijzerDataLayer
from bot.ui.offline import ensure_translations, install_offline_html, quiet_chainlit_logs
from bot.ui.runtime import get_runtime

runtime = get_runtime()
install_offline_html()
quiet_chainlit_logs()
ensure_translations(PROJECT_ROOT)


@cl.data_layer
def _data_layer() -> WijzerDataLayer:
    return WijzerDataLayer(runtime.db_path)


if runtime.settings.ui.auth:
    _problem = auth.auth_problem(runtime.settings.ui.auth, os.environ)
    if _problem:
        print(_problem, file=sys.stderr)
        raise SystemExit(2)

    @cl.password_auth_callback
    def _login(username: str, password: str) -> cl.User | None:
        if auth.check_password(runtime.settings.ui.auth or "", username, password):
            return cl.User(identifier=username.strip(), metadata={"provider": "credentials"})
        return None


@cl.on_app_startup
def _warm_up() -> None:
    threading.Thread(target=runtime.warm_up, name="wijzer-warm-up", daemon=True).start()


@cl.set_chat_profiles
async def _chat_profiles(user: cl.User | None = None, language: str | None = None) -> list[cl.ChatProfile]:
    return chat.chat_profiles(runtime.settings.answer.persona)


@cl.on_chat_start
async def _on_chat_start() -> None:
    await chat.start(runtime)


@cl.on_chat_resume
async def _on_chat_resume(thread: cl.types.ThreadDict) -> None:
    await chat.resume(thread)  # type: ignore[arg-type]


@cl.on_message
async def _on_message(message: cl.Message) -> None:
    await chat.respond(runtime, message.content)


@cl.action_callback(chat.ASK_ACTION)
async def _on_example(action: cl.Action) -> None:
    await chat.ask_example(runtime, action)
