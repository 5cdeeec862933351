"""Feedback given on the chat page, read back from ``<data_dir>/chat.db`` (for turning into eval cases).

Chainlit stores a thumbs up/down (``value`` 1/0) with its comment in ``feedbacks``, pointing (``forId``)
at the "on_message" run step of the answer. The assistant message inside that run (``parentId`` = the run)
carries, in its metadata under ``wijzer``, the question, the answer text, the persona, the history before
the question and the sources shown; that is what each returned row is built from.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from bot.ui.views import PROFILE_PERSONA, json_object, wijzer_metadata


def _answer_step(conn: sqlite3.Connection, step: sqlite3.Row | None, for_id: str) -> sqlite3.Row | None:
    """The assistant message a feedback row is about: the step itself, or the answer inside the run."""
    if step is not None and step["type"] == "assistant_message":
        return step
    children = conn.execute(
        'SELECT * FROM steps WHERE "parentId" = ? AND "type" = \'assistant_message\' ORDER BY "createdAt" DESC',
        (for_id,),
    ).fetchall()
    for child in children:
        if wijzer_metadata(dict(child)).get("kind") == "answer":
            return child
    return children[0] if children else None


def _user_question(conn: sqlite3.Connection, run: sqlite3.Row | None) -> str:
    if run is None:
        return ""
    if run["input"]:
        return str(run["input"])
    if run["parentId"]:
        parent = conn.execute('SELECT "output" FROM steps WHERE "id" = ?', (run["parentId"],)).fetchone()
        if parent is not None and parent["output"]:
            return str(parent["output"])
    return ""


def _thread_persona(conn: sqlite3.Connection, thread_id: str | None) -> str | None:
    if not thread_id:
        return None
    row = conn.execute('SELECT "metadata" FROM threads WHERE "id" = ?', (thread_id,)).fetchone()
    profile = json_object(row["metadata"]).get("chat_profile") if row is not None else None
    return PROFILE_PERSONA.get(profile) if isinstance(profile, str) else None


def read_feedback(db_path: Path | str, only_negative: bool = True) -> list[dict[str, Any]]:
    """Feedback rows, oldest first: ``{question, answer, comment, value, history, persona, sources, ...}``.

    ``history`` is the conversation before the question (``[{role, content}]``), ``sources`` the passages
    shown with the answer (``[{n, source, title, page, article, url, text, ...}]``), ``retrieved`` all
    passages found (with scores). A missing database means no feedback yet: ``[]``.
    """
    path = Path(db_path)
    if not path.is_file():
        return []
    conn = sqlite3.connect(path, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        feedback = conn.execute(
            'SELECT f."id", f."forId", f."threadId", f."value", f."comment", s."createdAt" AS step_created '
            'FROM feedbacks f LEFT JOIN steps s ON s."id" = f."forId" '
            'WHERE (? = 0 OR f."value" = 0) ORDER BY s."createdAt", f."id"',
            (1 if only_negative else 0,),
        ).fetchall()
        rows = []
        for fb in feedback:
            step = conn.execute('SELECT * FROM steps WHERE "id" = ?', (fb["forId"],)).fetchone()
            answer_step = _answer_step(conn, step, fb["forId"])
            meta = wijzer_metadata(dict(answer_step)) if answer_step is not None else {}
            thread_id = fb["threadId"] or (step["threadId"] if step is not None else None)
            run = step if step is not None and step["type"] != "assistant_message" else None
            rows.append(
                {
                    "id": fb["id"],
                    "thread_id": thread_id,
                    "for_id": fb["forId"],
                    "value": int(fb["value"]),
                    "comment": fb["comment"] or "",
                    "question": meta.get("question") or _user_question(conn, run),
                    "answer": meta.get("answer")
                    or (answer_step["output"] if answer_step is not None else "")
                    or "",
                    "history": list(meta.get("history") or []),
                    "persona": meta.get("persona") or _thread_persona(conn, thread_id),
                    "sources": list(meta.get("sources") or []),
                    "retrieved": list(meta.get("retrieved") or []),
                    "refused": bool(meta.get("refused", False)),
                    "language": meta.get("language"),
                    "created_at": fb["step_created"],
                }
            )
        return rows
    finally:
        conn.close()
