"""A PostgreSQL that goes away raises StorageUnavailableError, never a driver error."""

from __future__ import annotations

import pytest

from core.errors import StorageUnavailableError
from infrastructure.storage.postgres_store import PostgresMemoryStore
from tests.storage.conftest import DIM, memory, unit
from tests.support.servers import PostgresServer


@pytest.fixture
def private_postgres():
    """A server of our own: this test stops it, which must not disturb other tests."""
    server = PostgresServer()
    yield server
    server.cleanup()


async def test_dead_server_raises_storage_unavailable(private_postgres, user_id):
    dsn = private_postgres.create_database("dying")
    store = PostgresMemoryStore(dsn, DIM, min_size=1, max_size=2, connect_timeout=3)
    await store.initialize()
    await store.add_memory(memory(user_id, "before the crash", embedding=unit(1)))

    private_postgres.stop()
    # Each pool (the memory list has its own) holds a connection the server ended.
    with pytest.raises(StorageUnavailableError):
        await store.list_memories(user_id)
    with pytest.raises(StorageUnavailableError):
        await store.add_memory(memory(user_id, "during the outage"))
    with pytest.raises(StorageUnavailableError):
        await store.search_memories(user_id, unit(1))
    health = await store.health()
    assert health["ok"] is False and health["backend"] == "postgres"

    fresh = PostgresMemoryStore(dsn, DIM, connect_timeout=3)
    with pytest.raises(StorageUnavailableError):
        await fresh.initialize()

    # The condition is transient: once the server is back the same store works again.
    private_postgres.start()
    assert [m.content for m in await store.list_memories(user_id)] == ["before the crash"]
    await store.add_memory(memory(user_id, "after the restart"))
    assert {m.content for m in await store.list_memories(user_id)} == {"before the crash", "after the restart"}
    await store.close()
