"""The SQLite backend's in-process search cache (vectors and terms) never serves
stale rows, even when another store instance (another process, in production)
writes the file, and holds one user's memories only."""

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
    await writer.reinstate_user(user_id)  # the id starts over as a new user
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
        added = memory(user_id, f"m{i} word{i}", embedding=unit(0, 1, i))
        await store.add_memory(added)
        await store.update_memory(user_id, added.id, importance=0.9)
        assert (await store.search_memories(user_id, unit(0, 1, i), limit=1))[0].memory.id == added.id
        assert [h.memory.id for h in await store.lexical_search_memories(user_id, f"word{i}")] == [added.id]
    await store.delete_memories(user_id, key="nothing")
    assert store.stats()["vector_cache"]["loads"] == loads
    await store.close()


async def test_lexical_search_sees_writes_through_another_instance(tmp_path, user_id):
    path = tmp_path / "shared.db"
    reader, writer = SQLiteMemoryStore(path, DIM), SQLiteMemoryStore(path, DIM)
    await reader.initialize()
    await writer.initialize()

    async def found(query: str) -> list[str]:
        return [h.memory.content for h in await reader.lexical_search_memories(user_id, query)]

    karachi = memory(user_id, "I live in Karachi")  # no embedding: searchable by words only
    await reader.add_memory(karachi)
    assert await found("Karachi") == ["I live in Karachi"]  # cached now
    loads = reader.stats()["vector_cache"]["loads"]

    await writer.add_memory(memory(user_id, "My sister visited Karachi", embedding=unit(1)))
    assert sorted(await found("karachi")) == ["I live in Karachi", "My sister visited Karachi"]
    await writer.update_memory(user_id, karachi.id, content="I moved to Islamabad")
    assert await found("Karachi") == ["My sister visited Karachi"]
    assert await found("Islamabad") == ["I moved to Islamabad"]
    await writer.delete_memories(user_id, memory_ids=[karachi.id])
    assert await found("Islamabad") == []
    await writer.delete_user(user_id)
    assert await found("Karachi") == []
    assert reader.stats()["vector_cache"]["loads"] >= loads + 4  # reloaded after each foreign write
    await reader.close()
    await writer.close()


async def test_lexical_search_does_not_depend_on_other_users_rows(tmp_path, user_id, other_user_id):
    """Same results and scores (per-user BM25 statistics) with or without another
    user's many matching rows, and that user's rows are not even loaded."""
    store = SQLiteMemoryStore(tmp_path / "neighbours.db", DIM)
    await store.initialize()
    mine = [memory(user_id, f"coffee with Aisha in Lahore, day {i}") for i in range(20)]
    mine += [memory(user_id, f"tea at home, evening {i}") for i in range(30)]
    await store.add_memories(mine)
    query = "where did I have coffee with Aisha?"

    def ranked(hits):
        return [(h.memory.id, round(h.score, 9)) for h in hits]

    alone = ranked(await store.lexical_search_memories(user_id, query, limit=25))
    assert len(alone) == 20
    await store.add_memories(
        [memory(other_user_id, f"coffee and Aisha, Aisha and coffee {i}") for i in range(3000)]
    )
    assert ranked(await store.lexical_search_memories(user_id, query, limit=25)) == alone
    assert store.stats()["vector_cache"]["cached_rows"] == len(mine)  # only this user's memories
    # A fresh process (cold cache) agrees.
    await store.close()
    fresh = SQLiteMemoryStore(tmp_path / "neighbours.db", DIM)
    await fresh.initialize()
    assert ranked(await fresh.lexical_search_memories(user_id, query, limit=25)) == alone
    assert len(await fresh.lexical_search_memories(other_user_id, query, limit=5)) == 5
    await fresh.close()
