"""Erasure on SQLite leaves no byte of the user's text in the database file or
its write-ahead log: not in the tables, not in a full-text index, not in old
page images in the WAL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.models import Profile, Session, Turn, TurnRole, User
from infrastructure.storage.sqlite_store import SQLiteMemoryStore
from tests.storage.conftest import DIM, memory, unit

# Made-up words that occur nowhere else; matched case-insensitively, because an
# index may hold them lower-cased (a full-text tokenizer does).
SECRETS = ("Quixotrafalgar", "Zephyrmoondust", "Plinkertonia", "Vexolantra", "Brumblewick")


def leaked(paths: list[Path]) -> list[str]:
    found = []
    for path in paths:
        data = path.read_bytes().lower() if path.exists() else b""
        found += [f"{word} in {path.name}" for word in SECRETS if word.lower().encode() in data]
    return found


async def test_erased_text_is_gone_from_the_file_and_the_wal(tmp_path, user_id, other_user_id):
    path = tmp_path / "companion.db"
    files = [path, Path(f"{path}-wal")]
    store = SQLiteMemoryStore(path, DIM)
    await store.initialize()
    try:
        quixo, zephyr, plinker, vexo, brumble = SECRETS
        await store.upsert_user(User(id=user_id, display_name=brumble))
        await store.upsert_profile(Profile(user_id=user_id, data={"name": brumble, "location": vexo}))
        await store.add_memories([
            memory(user_id, f"My sister lives in {quixo} near the {zephyr} hills", embedding=unit(1)),
            memory(user_id, f"Works at {plinker} as a florist", embedding=unit(0, 1), key="job"),
        ])
        for n in range(200):  # enough rows to spread over many pages
            await store.add_memories([memory(user_id, f"note {n} about {quixo} and {vexo}", embedding=unit(1, n))])
        session = await store.create_session(Session(user_id=user_id, summary=f"Talked about {zephyr}"))
        await store.add_turns([Turn(user_id=user_id, session_id=session.id, role=TurnRole.USER, text=f"I live in {quixo}")])
        await store.add_memories([memory(other_user_id, "The other user keeps this", embedding=unit(1))])
        assert await store.lexical_search_memories(user_id, quixo)  # the in-process index holds them too
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert leaked(files)  # the words are in the file before the erasure

        assert await store.delete_user(user_id) is True
        # delete_user checkpoints the WAL itself; nothing else is needed.
        assert leaked(files) == []
        assert await store.lexical_search_memories(user_id, quixo) == []
        assert [h.memory.content for h in await store.lexical_search_memories(other_user_id, "keeps")] == [
            "The other user keeps this"
        ]
    finally:
        await store.close()
    assert leaked(files) == []
