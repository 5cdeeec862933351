"""The local chat store: schema, Chainlit's SQLAlchemy data layer on SQLite, and reading feedback back."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from chainlit.context import init_http_context
from chainlit.element import Text
from chainlit.types import Feedback
from chainlit.user import User

from bot.ui import views
from bot.ui.datalayer import WijzerDataLayer, ensure_schema
from bot.ui.feedback_store import read_feedback
from tests.ui.conftest import run_async
from tests.ui.fakes import FakeService

TABLES = {"users", "threads", "steps", "elements", "feedbacks", "element_files"}


def _tables(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_schema_is_created_idempotently(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "chat.db"
    ensure_schema(db)
    ensure_schema(db)
    assert _tables(db) >= TABLES
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_schema_adds_columns_an_older_database_lacks(tmp_path: Path) -> None:
    db = tmp_path / "chat.db"
    with sqlite3.connect(db) as conn:
        conn.execute('CREATE TABLE steps ("id" TEXT PRIMARY KEY, "name" TEXT, "type" TEXT, "threadId" TEXT)')
        conn.execute("INSERT INTO steps VALUES ('s1', 'n', 'run', 't1')")
    ensure_schema(db)
    with sqlite3.connect(db) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(steps)")}
        assert {"metadata", "defaultOpen", "autoCollapse", "modes"} <= columns
        assert conn.execute("SELECT id FROM steps").fetchall() == [("s1",)]


def _now(i: int) -> str:
    return f"2025-06-01T10:00:{i:02d}.000000Z"


async def _chat_like_chainlit(layer: WijzerDataLayer, with_user: bool) -> dict[str, Any]:
    """Write one conversation the way Chainlit 2.12 does: thread, user message, run, answer, feedback."""
    init_http_context()
    service = FakeService()
    thread_id = str(uuid.uuid4())
    user = await layer.create_user(User(identifier="ambtenaar")) if with_user else None
    await layer.update_thread(
        thread_id, name="Wat is het uitdaagrecht?", user_id=user.id if user else None, tags=["Ambtenaar"]
    )
    ids: dict[str, Any] = {"thread": thread_id}
    history: list[dict[str, str]] = []
    for i, question in enumerate(("Wat is het uitdaagrecht?", "En welke rol speelt de gemeente daarbij?")):
        user_msg, run, answer_msg = (str(uuid.uuid4()) for _ in range(3))
        answer = service.answer(question, history, "ambtenaar")
        await layer.create_step(
            {
                "id": user_msg,
                "threadId": thread_id,
                "name": "U",
                "type": "user_message",
                "output": question,
                "createdAt": _now(4 * i),
                "streaming": False,
                "metadata": {},
                "tags": None,
            }
        )
        await layer.create_step(
            {
                "id": run,
                "threadId": thread_id,
                "parentId": user_msg,
                "name": "on_message",
                "type": "run",
                "input": question,
                "output": "",
                "createdAt": _now(4 * i + 1),
                "streaming": False,
                "metadata": {},
                "showInput": "json",
            }
        )
        meta = views.answer_metadata(question, answer, history, "ambtenaar")
        await layer.create_step(
            {
                "id": answer_msg,
                "threadId": thread_id,
                "parentId": run,
                "name": "Wijzer",
                "type": "assistant_message",
                "output": views.display_answer(answer.answer),
                "createdAt": _now(4 * i + 2),
                "streaming": False,
                "metadata": {"wijzer": meta},
                "tags": ["x"],
            }
        )
        element = Text(
            name="[1]",
            content=views.source_views(answer)[0].content,
            display="side",
            thread_id=thread_id,
            for_id=answer_msg,
            mime="text/plain",
        )
        await layer.create_element(element)
        ids[f"run{i}"], ids[f"answer{i}"] = run, answer_msg
        history = views.add_exchange(history, question, answer.answer)
    ids["feedback_down"] = await layer.upsert_feedback(
        Feedback(forId=ids["run1"], value=0, threadId=thread_id, comment="Te algemeen")
    )
    ids["feedback_up"] = await layer.upsert_feedback(Feedback(forId=ids["run0"], value=1, threadId=thread_id))
    ids["thread_dict"] = await layer.get_thread(thread_id)
    await layer.close()
    return ids


@pytest.mark.parametrize("with_user", [False, True])
def test_chainlit_writes_and_reads_a_conversation(tmp_path: Path, with_user: bool) -> None:
    db = tmp_path / "data" / "chat.db"
    ids = run_async(_chat_like_chainlit(WijzerDataLayer(db), with_user))
    thread = ids["thread_dict"]
    assert thread is not None and thread["name"] == "Wat is het uitdaagrecht?"
    assert thread["tags"] == ["Ambtenaar"]  # a list in SQLite, read back as a list
    assert (thread["userIdentifier"] == "ambtenaar") is with_user
    answers = [s for s in thread["steps"] if s["type"] == "assistant_message"]
    assert len(answers) == 2 and answers[0]["metadata"]["wijzer"]["question"] == "Wat is het uitdaagrecht?"
    runs = {s["id"]: s for s in thread["steps"] if s["type"] == "run"}
    assert runs[ids["run1"]]["feedback"]["comment"] == "Te algemeen"
    # the sources shown are persisted and come back readable (a data: URL, nothing served from disk)
    assert len(thread["elements"]) == 2 and thread["elements"][0]["name"] == "[1]"
    assert thread["elements"][0]["url"].startswith("data:text/plain;charset=utf-8;base64,")
    # what resume uses
    assert views.history_from_steps(thread["steps"])[0] == {
        "role": "user",
        "content": "Wat is het uitdaagrecht?",
    }


def test_read_feedback_rebuilds_question_answer_history_and_sources(tmp_path: Path) -> None:
    db = tmp_path / "chat.db"
    ids = run_async(_chat_like_chainlit(WijzerDataLayer(db), with_user=True))
    rows = read_feedback(db)
    assert len(rows) == 1
    row = rows[0]
    assert row["value"] == 0 and row["comment"] == "Te algemeen"
    assert row["question"] == "En welke rol speelt de gemeente daarbij?"
    assert row["answer"].startswith("Het uitdaagrecht staat in de Gemeentewet [1].")
    assert row["persona"] == "ambtenaar"
    assert row["history"][0] == {"role": "user", "content": "Wat is het uitdaagrecht?"}
    assert row["history"][1]["role"] == "assistant" and len(row["history"]) == 2
    assert [s["n"] for s in row["sources"]] == [1, 2, 3]
    assert {"source", "text"} <= set(row["sources"][0]) and row["sources"][0]["text"]
    assert row["thread_id"] == ids["thread"] and row["for_id"] == ids["run1"]
    everything = read_feedback(db, only_negative=False)
    assert [r["value"] for r in everything] == [1, 0]
    assert everything[0]["question"] == "Wat is het uitdaagrecht?" and everything[0]["comment"] == ""
    json.dumps(everything)


def test_rows_feed_the_eval_candidate_builder(tmp_path: Path) -> None:
    from evals.feedback import feedback_to_cases

    db = tmp_path / "chat.db"
    run_async(_chat_like_chainlit(WijzerDataLayer(db), with_user=False))
    cases = feedback_to_cases(read_feedback(db))
    assert len(cases) == 1 and cases[0]["question"] == "En welke rol speelt de gemeente daarbij?"
    assert cases[0]["persona"] == "ambtenaar" and len(cases[0]["history"]) == 2


def test_read_feedback_without_database_or_metadata(tmp_path: Path) -> None:
    assert read_feedback(tmp_path / "missing.db") == []
    db = ensure_schema(tmp_path / "chat.db")
    with sqlite3.connect(db) as conn:
        conn.execute(
            """INSERT INTO threads (id, metadata) VALUES ('t', '{"chat_profile": "Lid van een collectief"}')"""
        )
        conn.execute("""INSERT INTO steps (id, name, type, "threadId", output, "createdAt")
                        VALUES ('u', 'U', 'user_message', 't', 'Hoe richten we een wooncoöperatie op?', '1')""")
        conn.execute("""INSERT INTO steps (id, name, type, "threadId", "parentId", input, "createdAt")
                        VALUES ('r', 'on_message', 'run', 't', 'u', '', '2')""")
        conn.execute("""INSERT INTO steps (id, name, type, "threadId", "parentId", output, "createdAt")
                        VALUES ('a', 'Wijzer', 'assistant_message', 't', 'r', 'Een antwoord', '3')""")
        conn.execute(
            """INSERT INTO feedbacks (id, "forId", "threadId", value, comment) VALUES ('f', 'r', 't', 0, 'x')"""
        )
        conn.execute("""INSERT INTO feedbacks (id, "forId", "threadId", value) VALUES ('g', 'a', 't', 0)""")
    rows = {r["id"]: r for r in read_feedback(db)}
    assert rows["f"]["question"] == "Hoe richten we een wooncoöperatie op?"
    assert rows["f"]["answer"] == "Een antwoord" and rows["f"]["persona"] == "collectief"
    assert rows["f"]["history"] == [] and rows["f"]["sources"] == []
    assert rows["g"]["answer"] == "Een antwoord"  # feedback given on the message itself


def test_feedback_command_writes_candidate_cases(tmp_path: Path) -> None:
    """`wijzer feedback` reads the chat database and writes reviewable candidate cases."""
    from bot.cli import main

    db = tmp_path / "chat.db"
    run_async(_chat_like_chainlit(WijzerDataLayer(db), with_user=False))
    out = tmp_path / "candidates.jsonl"
    assert main(["feedback", "--db", str(db), "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    case = json.loads(lines[0])
    assert set(case) >= {"id", "question", "expected_sources", "key_points", "should_refuse"}
    assert case["question"] == "En welke rol speelt de gemeente daarbij?"
    assert "Te algemeen" in (tmp_path / "candidates.review.md").read_text(encoding="utf-8")
