"""Local persistence for the chat page: Chainlit's SQLAlchemy data layer on one SQLite file.

``<data_dir>/chat.db`` holds users, threads, steps (messages), elements and feedback. The schema is
``schema.sql``, applied idempotently by ``ensure_schema`` when the data layer is created. SQLite cannot
bind lists or dicts, and returns JSON columns as text, so ``WijzerDataLayer`` encodes the one and decodes
the other; element content goes to the ``element_files`` table through ``LocalElementStore`` so that a
resumed thread shows its sources again (read back as ``data:`` URLs: nothing is served from disk).
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient

SCHEMA_PATH = Path(__file__).with_name("schema.sql")


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2] for row in conn.execute(f'PRAGMA table_info("{table}")')}


def ensure_schema(db_path: Path) -> Path:
    """Create ``db_path`` with the chat schema, or bring an existing file up to it (adds missing columns)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    schema = SCHEMA_PATH.read_text(encoding="utf-8")
    expected = sqlite3.connect(":memory:")
    try:
        expected.executescript(schema)
        tables = [r[0] for r in expected.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        wanted = {table: _columns(expected, table) for table in tables}
    finally:
        expected.close()
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(schema)
        for table, columns in wanted.items():
            present = _columns(conn, table)
            for name, sql_type in columns.items():
                if name not in present:
                    conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql_type}')
        conn.commit()
    finally:
        conn.close()
    return db_path


def _to_sql(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _json(value: Any, default: Any) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return default
    return default if value is None else value


class LocalElementStore(BaseStorageClient):
    """Element content in the chat database; read back as ``data:`` URLs."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        blob = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        verb = "INSERT OR REPLACE" if overwrite else "INSERT OR IGNORE"
        async with aiosqlite.connect(self.db_path, timeout=30) as db:
            await db.execute(
                f'{verb} INTO element_files ("objectKey", "mime", "data") VALUES (?, ?, ?)',
                (object_key, mime, blob),
            )
            await db.commit()
        return {"object_key": object_key, "url": None}

    async def get_read_url(self, object_key: str) -> str:
        async with (
            aiosqlite.connect(self.db_path, timeout=30) as db,
            db.execute(
                'SELECT "mime", "data" FROM element_files WHERE "objectKey" = ?', (object_key,)
            ) as cursor,
        ):
            row = await cursor.fetchone()
        if row is None:
            return ""
        mime = row[0] or "application/octet-stream"
        if mime.startswith("text/") and "charset" not in mime:
            mime += ";charset=utf-8"
        return f"data:{mime};base64,{base64.b64encode(row[1]).decode('ascii')}"

    async def delete_file(self, object_key: str) -> bool:
        async with aiosqlite.connect(self.db_path, timeout=30) as db:
            await db.execute('DELETE FROM element_files WHERE "objectKey" = ?', (object_key,))
            await db.commit()
        return True

    async def close(self) -> None:
        return None


class WijzerDataLayer(SQLAlchemyDataLayer):
    """``SQLAlchemyDataLayer`` on ``sqlite+aiosqlite:///<db_path>``, schema applied at creation."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = ensure_schema(db_path)
        super().__init__(
            conninfo=f"sqlite+aiosqlite:///{self.db_path}",
            storage_provider=LocalElementStore(self.db_path),
        )

    async def execute_sql(self, query: str, parameters: dict) -> list[dict[str, Any]] | int | None:
        return await super().execute_sql(query, {k: _to_sql(v) for k, v in parameters.items()})

    async def get_all_user_threads(self, user_id: str | None = None, thread_id: str | None = None) -> Any:
        threads = await super().get_all_user_threads(user_id=user_id, thread_id=thread_id)
        for thread in threads or []:
            thread["tags"] = _json(thread.get("tags"), [])
            thread["metadata"] = _json(thread.get("metadata"), {})
            for step in thread.get("steps") or []:
                step["metadata"] = _json(step.get("metadata"), {})
                step["tags"] = _json(step.get("tags"), None)
                step["generation"] = _json(step.get("generation"), None) or None
                step["input"] = step.get("input") or ""
                step["output"] = step.get("output") or ""
            for element in thread.get("elements") or []:
                element["props"] = _json(element.get("props"), {})
        return threads
