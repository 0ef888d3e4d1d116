"""A row the database itself refuses, for testing the batcher's error path.

``refuse_text`` installs a real constraint in the store's database (a CHECK
constraint on PostgreSQL, a BEFORE INSERT trigger on SQLite) that refuses any
turn or memory whose text is exactly ``POISON``. The rows pass every check in
our code, so what is tested is how the batcher handles the database's own
refusal (SQLSTATE 23514 on PostgreSQL, ``sqlite3.IntegrityError`` on SQLite).
"""

from __future__ import annotations

import asyncio
import sqlite3

from infrastructure.storage.base import MemoryStore
from infrastructure.storage.postgres_store import PostgresMemoryStore
from infrastructure.storage.sqlite_store import SQLiteMemoryStore

POISON = "POISON: the database refuses this row"


async def refuse_text(store: MemoryStore, text: str = POISON) -> None:
    """Make ``store``'s database refuse turns and memories holding exactly ``text``."""
    literal = "'" + text.replace("'", "''") + "'"
    if isinstance(store, SQLiteMemoryStore):
        path = store.path

        def install() -> None:
            with sqlite3.connect(path) as conn:
                for table, column in (("turns", "text"), ("memories", "content")):
                    conn.execute(
                        f"CREATE TRIGGER refuse_poison_{table} BEFORE INSERT ON {table} "
                        f"WHEN NEW.{column} = {literal} "
                        "BEGIN SELECT RAISE(ABORT, 'poisoned row refused'); END"
                    )

        await asyncio.to_thread(install)
    elif isinstance(store, PostgresMemoryStore):
        pool = store.pool
        await pool.execute(f"ALTER TABLE turns ADD CONSTRAINT refuse_poison CHECK (text <> {literal})")
        await pool.execute(
            f"ALTER TABLE memories ADD CONSTRAINT refuse_poison CHECK (content <> {literal})"
        )
    else:
        raise TypeError(f"no way to poison a {type(store).__name__}")
