"""The chat flow on top of Chainlit: welcome, answer (streamed, with sources), example buttons, resume.

``app.py`` registers thin handlers that call these functions. All service work runs in a worker thread
(``iterate_off_loop``); the conversation history lives in ``cl.user_session`` (one per browser session)
as a list of ``{"role", "content"}`` turns.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.utils import utc_now

from bot.ui import views
from bot.ui.runtime import UIRuntime, iterate_off_loop

log = logging.getLogger(__name__)

ASK_ACTION = "wijzer_ask"
RETRIEVAL_STEP = "Bronnen zoeken"
HISTORY_KEY = "history"

SIDEBAR_DELAY_S = 0.3
_SOURCES_TITLE = {"nl": "Bronnen bij dit antwoord", "en": "Sources for this answer"}
_ERROR_TEXT = {
    "nl": "Wijzer kan deze vraag nu niet beantwoorden ({error}). Is de index gebouwd met `wijzer ingest`?",
    "en": "Wijzer cannot answer this question right now ({error}). Has the index been built with `wijzer ingest`?",
}


def session_persona(runtime: UIRuntime) -> str:
    """The persona of the chosen chat profile (the settings' default when none is chosen)."""
    return views.persona_for_profile(cl.user_session.get("chat_profile"), runtime.settings.answer.persona)


def session_language() -> views.UILanguage:
    """The browser's language (from the websocket's Accept-Language) reduced to nl/en."""
    return views.ui_language(getattr(cl.context.session, "language", None))


def session_history() -> list[dict[str, str]]:
    return list(cl.user_session.get(HISTORY_KEY) or [])


def chat_profiles(default_persona: str) -> list[cl.ChatProfile]:
    """The two personas as chat profiles, the default one first (Chainlit preselects the first)."""
    names = sorted(views.PROFILE_PERSONA, key=lambda name: views.PROFILE_PERSONA[name] != default_persona)
    return [
        cl.ChatProfile(
            name=name,
            markdown_description=views.PROFILE_DESCRIPTIONS[name],
            default=views.PROFILE_PERSONA[name] == default_persona,
            starters=[
                cl.Starter(label=q, message=q) for q in views.EXAMPLE_QUESTIONS[views.PROFILE_PERSONA[name]]
            ],
        )
        for name in names
    ]


async def start(runtime: UIRuntime) -> None:
    """A new conversation: empty history, and the welcome message with the persona's example questions.

    Chainlit hides its starter buttons once a message is on the page, so the same example questions are
    offered as buttons under the welcome message.
    """
    cl.user_session.set(HISTORY_KEY, [])
    persona = session_persona(runtime)
    status = await asyncio.to_thread(runtime.status)
    actions = [
        cl.Action(name=ASK_ACTION, payload={"question": q}, label=q, icon="message-circle-question")
        for q in views.EXAMPLE_QUESTIONS.get(persona, ())
    ]
    await cl.Message(
        content=views.welcome_markdown(status, persona, session_language()),
        actions=actions,
        metadata={"wijzer": {"kind": "welcome"}},
    ).send()


async def respond(runtime: UIRuntime, question: str) -> None:
    """Answer one question: the retrieval step, the streamed answer, then one source element per citation."""
    persona = session_persona(runtime)
    history = session_history()
    parent = cl.context.current_step
    step = cl.Step(
        name=RETRIEVAL_STEP, type="retrieval", parent_id=parent.id if parent else None, show_input=False
    )
    step.start = utc_now()
    await step.send()
    message = cl.Message(content="")
    streamed = ""
    answer: Any = None

    def produce() -> Any:  # runs in the worker thread: building the service may load the model
        return runtime.service.stream(question, list(history), persona)

    try:
        async for item in iterate_off_loop(produce, runtime.service_lock):
            if isinstance(item, str):
                if step.end is None:  # the search is over once the first words arrive
                    step.end = utc_now()
                    await step.update()
                streamed += item
                await message.stream_token(views.display_answer(streamed), is_sequence=True)
            else:
                answer = item
        if answer is None:
            raise RuntimeError("the answer service ended without an answer")
    except Exception as exc:
        log.exception("Wijzer: answering failed")
        step.is_error = True
        step.end = step.end or utc_now()
        step.output = str(exc)
        await step.update()
        if streamed:
            await message.remove()
        await cl.ErrorMessage(content=_ERROR_TEXT[session_language()].format(error=exc)).send()
        return
    finally:
        if step.end is None:  # stopped by the user
            step.end = utc_now()
            await step.update()

    step.output = views.retrieval_markdown(answer)
    step.end = step.end or utc_now()
    await step.update()
    message.content = views.display_answer(answer.answer)
    message.metadata = {"wijzer": views.answer_metadata(question, answer, history, persona)}
    await message.send()
    elements = []
    for view in views.source_views(answer):  # one by one, so they arrive in marker order
        element = cl.Text(name=view.name, content=view.content, display="side")
        await element.send(for_id=message.id)
        elements.append(element)
    if elements:
        await show_sources(elements, message.id)
    cl.user_session.set(HISTORY_KEY, views.add_exchange(history, question, answer.answer))


async def show_sources(elements: list[cl.Text], key: str) -> None:
    """Point the side panel at this answer's sources.

    Chainlit opens the panel by itself when side elements arrive, with every source of the conversation
    under the name of the last one; shortly after that, this replaces its content with the sources of
    the answer just given, under a clear title. (Clicking a marker still shows that one source.)
    """
    await asyncio.sleep(SIDEBAR_DELAY_S)
    emitter = cl.context.emitter
    await emitter.emit("set_sidebar_elements", {"elements": [e.to_dict() for e in elements], "key": key})
    await emitter.emit("set_sidebar_title", _SOURCES_TITLE[session_language()])


async def ask_example(runtime: UIRuntime, action: cl.Action) -> None:
    """An example-question button: shown as the user's message, answered like a typed question."""
    question = str((action.payload or {}).get("question") or "").strip()
    if not question:
        return
    user = cl.user_session.get("user")
    await cl.context.emitter.task_start()
    try:
        asked = cl.Message(
            content=question, type="user_message", author=getattr(user, "identifier", None) or "U"
        )
        await asked.send()
        # The same run step Chainlit wraps around on_message: the page puts the feedback buttons on it.
        async with cl.Step(name="on_message", type="run", parent_id=asked.id) as run:
            run.input = question
            await respond(runtime, question)
    finally:
        await cl.context.emitter.task_end()
    if len(session_history()) == 2 and (data_layer := get_data_layer()):
        try:  # the thread was named after the action; name it after the question instead
            await data_layer.update_thread(cl.context.session.thread_id, name=question)
        except Exception as exc:
            log.warning("Wijzer: renaming the thread failed: %s", exc)


async def resume(thread: dict[str, Any]) -> None:
    """A stored conversation reopened (login on): its questions and answers become the history again."""
    cl.user_session.set(HISTORY_KEY, views.history_from_steps(thread.get("steps") or []))
