"""Versioned migrations: applied once, idempotent, checked against the vector size."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from core.errors import ConfigurationError
from infrastructure.storage import migrate as migrate_module
from infrastructure.storage.migrate import (
    load_migrations,
    main,
    migrate_postgres,
    migrate_sqlite,
)
from infrastructure.storage.postgres_store import PostgresMemoryStore
from infrastructure.storage.sqlite_store import SQLiteMemoryStore
from tests.storage.conftest import DIM, memory, unit

ROOT = Path(__file__).resolve().parents[2]


def test_migration_files_are_versioned_in_order():
    for dialect in ("sqlite", "postgres"):
        versions = [m.version for m in load_migrations(dialect)]
        assert versions == list(range(1, len(versions) + 1)), dialect
    assert "{{EMBEDDING_DIMENSIONS}}" in load_migrations("postgres")[0].sql


async def test_sqlite_migrations_run_once_and_keep_data(tmp_path, user_id):
    path = str(tmp_path / "nested" / "dir" / "c.db")
    assert migrate_sqlite(path, DIM) == [m.version for m in load_migrations("sqlite")]
    assert migrate_sqlite(path, DIM) == []  # second run: nothing to do
    store = SQLiteMemoryStore(path, DIM)
    await store.initialize()
    await store.add_memory(memory(user_id, "survives restarts", embedding=unit(1)))
    await store.close()
    reopened = SQLiteMemoryStore(path, DIM)
    await reopened.initialize()
    assert [h.memory.content for h in await reopened.search_memories(user_id, unit(1))] == ["survives restarts"]
    await reopened.close()
    with sqlite3.connect(path) as conn:
        recorded = [v for (v,) in conn.execute("SELECT version FROM schema_version")]
        assert recorded == [m.version for m in load_migrations("sqlite")]
        # The FTS5 index nothing reads any more is gone (migration 0005).
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'memories_fts%'").fetchone() == (0,)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_sqlite_refuses_a_different_vector_size(tmp_path):
    path = tmp_path / "c.db"
    migrate_sqlite(str(path), DIM)
    store = SQLiteMemoryStore(path, DIM * 2)
    with pytest.raises(ConfigurationError, match="EMBEDDING_DIMENSIONS"):
        await store.initialize()
    await store.close()


async def test_postgres_migrations_run_once(postgres_dsn, user_id):
    assert await migrate_postgres(postgres_dsn, DIM) == [m.version for m in load_migrations("postgres")]
    assert await migrate_postgres(postgres_dsn, DIM) == []
    # A store starting on a migrated database (with or without auto-migrate) works.
    for auto in (True, False):
        store = PostgresMemoryStore(postgres_dsn, DIM, auto_migrate=auto)
        await store.initialize()
        await store.add_memory(memory(user_id, f"auto={auto}", embedding=unit(1)))
        await store.close()
    conn = await asyncpg.connect(postgres_dsn)
    try:
        rows = await conn.fetch("SELECT version, name FROM schema_migrations ORDER BY version")
        assert [(r["version"], r["name"]) for r in rows] == [(m.version, m.name) for m in load_migrations("postgres")]
        # Full-text lookups read the narrow table, whose GIN index keeps no
        # pending list; the wide table no longer has one (see migration 0003).
        options = await conn.fetchval("SELECT reloptions FROM pg_class WHERE relname = 'memory_search_terms_tsv'")
        assert options == ["fastupdate=off"]
        assert await conn.fetchval("SELECT to_regclass('memories_content_tsv')") is None
        assert await conn.fetchval("SELECT count(*) FROM memory_search_terms") == 2
        assert await conn.fetchval("SELECT count(*) FROM memories") == 2
        index = await conn.fetchval("SELECT indexdef FROM pg_indexes WHERE indexname = 'memories_embedding_hnsw'")
        assert "hnsw" in index and "vector_cosine_ops" in index
    finally:
        await conn.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_one_current_memory_per_key_migration_keeps_the_newest_of_duplicates(
    backend, request, tmp_path, monkeypatch, user_id, other_user_id
):
    # A database from before this migration, where two workers left two current rows of one key.
    version = next(m.version for m in load_migrations(backend) if m.name == "one_current_memory_per_key")
    earlier = [m for m in load_migrations(backend) if m.version < version]
    monkeypatch.setattr(migrate_module, "load_migrations", lambda dialect: earlier)
    path = str(tmp_path / "c.db")
    dsn = request.getfixturevalue("postgres_dsn") if backend == "postgres" else ""
    store = SQLiteMemoryStore(path, DIM) if backend == "sqlite" else PostgresMemoryStore(dsn, DIM)
    await store.initialize()
    older = memory(user_id, "User lives in Karachi.", embedding=unit(1), key="location", minutes_ago=10)
    history = memory(user_id, "User lived in Quetta.", embedding=unit(1, 3), key="location",
                     minutes_ago=20, superseded_by=older.id)
    tied = memory(user_id, "User lives in Lahore.", embedding=unit(1, 1), key="location", minutes_ago=5)
    newest = memory(user_id, "User lives in Multan.", embedding=unit(1, 2), key="location")
    newest.created_at = newest.updated_at = tied.created_at  # same time: the later insert wins
    job = memory(user_id, "User works as a nurse.", embedding=unit(0, 1), key="job")
    keyless = [memory(user_id, f"note {i}", embedding=unit(0, 0, 1)) for i in range(2)]
    theirs = memory(other_user_id, "User lives in Sukkur.", embedding=unit(1), key="location")
    await store.add_memories([history, older, tied, newest, job, *keyless])
    await store.add_memories([theirs])
    assert len(await store.search_memories(user_id, unit(1), limit=10)) == 6  # a search cache is warm
    monkeypatch.undo()

    applied = migrate_sqlite(path, DIM) if backend == "sqlite" else await migrate_postgres(dsn, DIM)
    assert version in applied
    rows = {m.id: m for m in await store.list_memories(user_id, include_superseded=True)}
    assert rows[older.id].superseded_by == newest.id
    assert rows[tied.id].superseded_by == newest.id
    assert rows[history.id].superseded_by == older.id  # existing history is left as it was
    assert all(rows[m.id].superseded_by is None for m in (newest, job, *keyless))
    assert (await store.get_memory(other_user_id, theirs.id)).superseded_by is None
    assert [m.id for m in await store.list_memories(user_id, key="location")] == [newest.id]
    hits = await store.search_memories(user_id, unit(1), limit=10)
    assert {h.memory.id for h in hits} == {newest.id, job.id, *(m.id for m in keyless)}
    assert await store.lexical_search_memories(user_id, "Karachi") == []
    await store.close()


async def test_postgres_without_schema_and_auto_migrate_off_says_how_to_fix(postgres_dsn):
    store = PostgresMemoryStore(postgres_dsn, DIM, auto_migrate=False)
    with pytest.raises(ConfigurationError, match="infrastructure.storage.migrate"):
        await store.initialize()


async def test_postgres_refuses_a_different_vector_size(postgres_dsn):
    await migrate_postgres(postgres_dsn, DIM)
    store = PostgresMemoryStore(postgres_dsn, DIM + 1)
    with pytest.raises(ConfigurationError, match="vector"):
        await store.initialize()


def test_migrate_command_line(tmp_path, postgres_dsn, capsys):
    sqlite_path = tmp_path / "cli.db"
    assert main(["--sqlite-path", str(sqlite_path), "--dimensions", str(DIM)]) == 0
    assert "applied migrations 0001, 0002, 0003, 0004" in capsys.readouterr().out
    assert main(["--sqlite-path", str(sqlite_path), "--dimensions", str(DIM)]) == 0
    assert "up to date" in capsys.readouterr().out
    # The documented command, as a real process, against PostgreSQL.
    env = {**os.environ, "EMBEDDING_DIMENSIONS": str(DIM), "DATABASE_URL": ""}
    for expected in ("applied migrations 0001, 0002, 0003, 0004", "up to date"):
        done = subprocess.run(
            [sys.executable, "-m", "infrastructure.storage.migrate", "--database-url", postgres_dsn],
            check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout
    assert main(["--database-url", "postgresql://nobody@127.0.0.1:1/none"]) == 1
    assert "migration failed" in capsys.readouterr().err


def test_sqlite_sessions_opening_a_new_database_at_once_all_succeed(tmp_path, monkeypatch):
    """Sessions of one worker starting together on a fresh database: each saw
    the migrations pending, one applied them first, the others must go on."""
    from infrastructure.storage import migrate

    path = tmp_path / "fresh.db"
    first, second = sqlite3.connect(path, isolation_level=None), sqlite3.connect(path, isolation_level=None)
    real_load = migrate.load_migrations

    def load_after_the_other_session_applied(kind: str):
        # ``first`` has read schema_version (empty) already; ``second`` now wins the race.
        monkeypatch.setattr(migrate, "load_migrations", real_load)
        assert migrate.apply_sqlite_migrations(second, DIM)
        return real_load(kind)

    monkeypatch.setattr(migrate, "load_migrations", load_after_the_other_session_applied)
    assert migrate.apply_sqlite_migrations(first, DIM) == []  # nothing left to apply, no error
    versions = [row[0] for row in first.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == [m.version for m in real_load("sqlite")]
    first.close()
    second.close()
