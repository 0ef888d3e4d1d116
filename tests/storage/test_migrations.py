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
    assert migrate_sqlite(path, DIM) == [1, 2, 3]
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
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(1,), (2,), (3,)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_sqlite_refuses_a_different_vector_size(tmp_path):
    path = tmp_path / "c.db"
    migrate_sqlite(str(path), DIM)
    store = SQLiteMemoryStore(path, DIM * 2)
    with pytest.raises(ConfigurationError, match="EMBEDDING_DIMENSIONS"):
        await store.initialize()
    await store.close()


async def test_postgres_migrations_run_once(postgres_dsn, user_id):
    assert await migrate_postgres(postgres_dsn, DIM) == [1, 2, 3, 4]
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
        assert [(r["version"], r["name"]) for r in rows] == [
            (1, "init"), (2, "row_level_security"), (3, "narrow_full_text_table"),
            (4, "episode_context_terms"),
        ]
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
    assert "applied migrations 0001, 0002, 0003" in capsys.readouterr().out
    assert main(["--sqlite-path", str(sqlite_path), "--dimensions", str(DIM)]) == 0
    assert "up to date" in capsys.readouterr().out
    # The documented command, as a real process, against PostgreSQL.
    env = {**os.environ, "EMBEDDING_DIMENSIONS": str(DIM), "DATABASE_URL": ""}
    for expected in ("applied migrations 0001, 0002, 0003", "up to date"):
        done = subprocess.run(
            [sys.executable, "-m", "infrastructure.storage.migrate", "--database-url", postgres_dsn],
            check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout
    assert main(["--database-url", "postgresql://nobody@127.0.0.1:1/none"]) == 1
    assert "migration failed" in capsys.readouterr().err
