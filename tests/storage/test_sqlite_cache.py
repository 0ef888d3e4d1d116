"""The SQLite backend's in-process vector cache never serves stale rows, even
when another store instance (another process, in production) writes the file."""

from __future__ import annotations

from infrastructure.storage.sqlite_store import SQLiteMemoryStore
from tests.storage.conftest import DIM, memory, unit


async def test_writes_through_another_instance_are_seen(tmp_path, user_id):
    path = tmp_path / "shared.db"
    reader, writer = SQLiteMemoryStore(path, DIM), SQLiteMemoryStore(path, DIM)
    await reader.initialize()
    await writer.initialize()
    first = memory(user_id, "first", embedding=unit(1))
    await reader.add_memory(first)
    assert [h.memory.id for h in await reader.search_memories(user_id, unit(1))] == [first.id]  # cached now

    second = memory(user_id, "second", embedding=unit(1, 0.01))
    await writer.add_memory(second)
    assert [h.memory.id for h in await reader.search_memories(user_id, unit(1))] == [first.id, second.id]

    await writer.update_memory(user_id, first.id, superseded_by=second.id)
    # The reader's own next write must not paper over the write it missed.
    third = memory(user_id, "third", embedding=unit(0, 1))
    await reader.add_memory(third)
    assert [h.memory.id for h in await reader.search_memories(user_id, unit(1))] == [second.id, third.id]

    await writer.delete_user(user_id)
    assert await reader.search_memories(user_id, unit(1)) == []
    again = memory(user_id, "after erasure", embedding=unit(1))
    await writer.add_memory(again)
    assert [h.memory.id for h in await reader.search_memories(user_id, unit(1))] == [again.id]
    stats = reader.stats()["vector_cache"]
    assert stats["loads"] >= 3  # reloaded after each foreign write, not served stale
    await reader.close()
    await writer.close()


async def test_own_writes_patch_the_cache_without_reloading(tmp_path, user_id):
    store = SQLiteMemoryStore(tmp_path / "own.db", DIM)
    await store.initialize()
    await store.add_memory(memory(user_id, "seed", embedding=unit(1)))
    await store.search_memories(user_id, unit(1))
    loads = store.stats()["vector_cache"]["loads"]
    for i in range(5):
        added = memory(user_id, f"m{i}", embedding=unit(0, 1, i))
        await store.add_memory(added)
        await store.update_memory(user_id, added.id, importance=0.9)
        assert (await store.search_memories(user_id, unit(0, 1, i), limit=1))[0].memory.id == added.id
    await store.delete_memories(user_id, key="nothing")
    assert store.stats()["vector_cache"]["loads"] == loads
    await store.close()
