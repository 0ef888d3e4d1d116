"""create_store picks and configures the backend from Settings."""

from __future__ import annotations

import pytest

from core.config import Settings
from core.errors import ConfigurationError, StorageError
from infrastructure.storage import PostgresMemoryStore, SQLiteMemoryStore, create_store
from tests.storage.conftest import DIM, memory


def settings(**values) -> Settings:
    values.setdefault("database_url", None)  # ignore any DATABASE_URL in the environment
    return Settings(_env_file=None, **values)


async def test_sqlite_backend_creates_its_directory(tmp_path, user_id):
    path = tmp_path / "a" / "b" / "companion.db"
    store = create_store(settings(storage_backend="sqlite", sqlite_path=str(path), embedding_dimensions=DIM))
    assert isinstance(store, SQLiteMemoryStore) and store.dimensions == DIM
    assert path.parent.is_dir()
    await store.initialize()
    await store.add_memory(memory(user_id, "hello"))
    assert await store.count_memories(user_id) == 1
    await store.close()
    assert path.exists()


def test_postgres_backend_needs_database_url():
    with pytest.raises(ConfigurationError, match="DATABASE_URL"):
        create_store(settings(storage_backend="postgres"))


async def test_postgres_backend_uses_pool_settings(postgres_dsn, user_id):
    store = create_store(
        settings(
            storage_backend="postgres",
            database_url=postgres_dsn,
            embedding_dimensions=DIM,
            db_pool_min_size=0,
            db_pool_max_size=3,
        )
    )
    assert isinstance(store, PostgresMemoryStore)
    assert (store.min_size, store.max_size, store.auto_migrate) == (0, 3, True)
    await store.initialize()
    await store.add_memory(memory(user_id, "hello"))
    assert await store.count_memories(user_id) == 1
    await store.close()


async def test_unusable_sqlite_path_raises_typed_errors(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(ConfigurationError, match="SQLITE_PATH"):
        create_store(settings(storage_backend="sqlite", sqlite_path=str(blocker / "db" / "c.db")))
    store = SQLiteMemoryStore(blocker / "db" / "c.db", DIM)
    with pytest.raises(StorageError):
        await store.initialize()
    assert (await store.health())["ok"] is False


async def test_in_memory_sqlite_works_for_throwaway_use(user_id):
    store = create_store(settings(storage_backend="sqlite", sqlite_path=":memory:", embedding_dimensions=DIM))
    await store.initialize()
    await store.add_memory(memory(user_id, "ephemeral"))
    assert [m.content for m in await store.list_memories(user_id)] == ["ephemeral"]
    await store.close()
