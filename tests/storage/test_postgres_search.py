"""PostgreSQL vector search: a user filter on an approximate HNSW scan must not lose rows."""

from __future__ import annotations

from uuid import UUID

import numpy as np

from infrastructure.storage import postgres_store
from infrastructure.storage.postgres_store import PostgresMemoryStore
from tests.storage.conftest import DIM, memory, new_uuid


def _vectors(rng, n):
    rows = rng.standard_normal((n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


async def _fill(store, rng):
    crowd, target = new_uuid(), new_uuid()
    await store.add_memories([memory(crowd, f"c{i}", embedding=v) for i, v in enumerate(_vectors(rng, 400))])
    mine = [memory(target, f"t{i}", embedding=v) for i, v in enumerate(_vectors(rng, 30))]
    await store.add_memories(mine)
    return target, mine


async def test_sessions_use_iterative_hnsw_scan(postgres_dsn):
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    async with store.pool.acquire() as conn:
        assert await conn.fetchval("SHOW hnsw.iterative_scan") == "relaxed_order"
    # Still set after the pool reset a released connection (RESET ALL).
    async with store.pool.acquire() as conn:
        assert await conn.fetchval("SHOW hnsw.ef_search") == "100"
    await store.close()


async def test_filtered_search_returns_every_row_even_without_iterative_scan(postgres_dsn, monkeypatch):
    # As behind a pooler that refuses the session settings: ef_search 40, no iterative scan,
    # so the index alone yields ~40 * 30/430 rows of the target user.
    monkeypatch.setattr(postgres_store, "HNSW_SESSION_SETTINGS", {})
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    rng = np.random.default_rng(5)
    target, mine = await _fill(store, rng)
    query = _vectors(rng, 1)[0]
    hits = await store.search_memories(target, query, limit=100)
    expected = sorted(mine, key=lambda m: -float(m.embedding @ query))
    assert [h.memory.id for h in hits] == [m.id for m in expected]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    await store.close()


async def test_lexical_search_keeps_rarest_words_within_row_budget(postgres_dsn, monkeypatch):
    """With planner statistics, common words are dropped and the rarest kept within the budget."""
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    user = new_uuid()
    await store.add_memories(
        [memory(user, f"coffee with friends, day {i}") for i in range(40)]
        + [memory(user, f"tea at home, day {i}") for i in range(2)]
        + [memory(user, "Aisha visited Lahore")]
    )
    async with store.pool.acquire() as conn:
        await conn.execute("ANALYZE memory_search_terms")
    assert len(await store.lexical_search_memories(user, "coffee tea aisha")) == 10  # default limit
    monkeypatch.setattr(postgres_store, "_LEXICAL_ROW_BUDGET", 3)
    monkeypatch.setattr(postgres_store, "_COMMON_TERM_MIN_ROWS", 10**9)
    found = sorted(h.memory.content for h in await store.lexical_search_memories(user, "coffee tea aisha"))
    assert "Aisha visited Lahore" in found and not any("coffee" in text for text in found)
    monkeypatch.setattr(postgres_store, "_COMMON_TERM_MIN_ROWS", 5)  # "coffee" is in most rows: dropped
    monkeypatch.setattr(postgres_store, "_LEXICAL_ROW_BUDGET", 10**9)
    found = [h.memory.content for h in await store.lexical_search_memories(user, "coffee")]
    assert found == []
    await store.close()


async def test_full_text_table_follows_every_memory_write(postgres_dsn):
    """memory_search_terms is kept in step by a trigger: content edits, superseding
    and deletes show in lexical search; access counts do not rewrite it."""
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    user = new_uuid()
    first, second = memory(user, "We adopted a parrot"), memory(user, "Allergic to cats")
    await store.add_memories([first, second])

    async def side_row(memory_id):
        return await store.pool.fetchrow(
            "SELECT xmin::text AS version, active FROM memory_search_terms WHERE memory_id = $1", memory_id
        )

    assert [h.memory.id for h in await store.lexical_search_memories(user, "parrot")] == [first.id]
    await store.update_memory(user, first.id, content="We adopted a tortoise")
    assert await store.lexical_search_memories(user, "parrot") == []
    assert [h.memory.id for h in await store.lexical_search_memories(user, "tortoise")] == [first.id]

    before = await side_row(first.id)
    await store.record_memory_access(user, [first.id])
    assert await side_row(first.id) == before  # no rewrite for an access count

    await store.update_memory(user, first.id, superseded_by=second.id)
    assert (await side_row(first.id))["active"] is False
    assert await store.lexical_search_memories(user, "tortoise") == []

    await store.delete_memories(user, memory_ids=[second.id])
    assert await side_row(second.id) is None
    await store.close()


def _exact_order(memories, query):
    return [m.id for m in sorted(memories, key=lambda m: -float(m.embedding @ query))]


async def test_short_index_scan_reads_only_the_users_newest_rows(postgres_dsn, monkeypatch):
    """A short HNSW scan is filled by an exact scan of the user's newest rows,
    never of all of them (~280 ms at 100k): the answer is the best of what the
    index reached and that window. An exact scan of every row (the previous
    fallback) gives a different answer here."""
    monkeypatch.setattr(postgres_store, "HNSW_SESSION_SETTINGS", {})  # ef_search 40, no iterative scan
    monkeypatch.setattr(postgres_store, "_EXACT_FALLBACK_ROWS", 60)
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    rng = np.random.default_rng(11)
    crowd, target = new_uuid(), new_uuid()
    await store.add_memories([memory(crowd, f"c{i}", embedding=v) for i, v in enumerate(_vectors(rng, 400))])
    # Most of the index is the target's (so the planner walks the HNSW index);
    # row i is i minutes old: the newest 60 are t0..t59.
    mine = [memory(target, f"t{i}", embedding=v, minutes_ago=i) for i, v in enumerate(_vectors(rng, 3000))]
    await store.add_memories(mine)
    await store.pool.execute("ANALYZE memories")
    query = _vectors(rng, 1)[0]

    reached = {
        str(row["id"])
        for row in await store.pool.fetch(
            "SELECT id FROM memories WHERE user_id = $1 AND superseded_by IS NULL AND embedding IS NOT NULL"
            " ORDER BY embedding <=> $2 LIMIT 50",
            UUID(target),
            query,
        )
    }
    assert len(reached) < 50  # the index scan alone is short
    window = mine[:60] + [m for m in mine[60:] if m.id in reached]
    expected = _exact_order(window, query)[:50]

    hits = await store.search_memories(target, query, limit=50)
    assert [h.memory.id for h in hits] == expected
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert expected != _exact_order(mine, query)[:50]  # not an exact scan of all 3,000 rows
    await store.close()


async def test_minority_user_with_many_superseded_rows_gets_the_exact_answer(postgres_dsn, monkeypatch):
    """A user whose active rows are a sliver of the index (superseded rows and
    other users around them) gets every active row, in exact order, whether or
    not the iterative scan is available."""
    for settings in (dict(postgres_store.HNSW_SESSION_SETTINGS), {}):
        monkeypatch.setattr(postgres_store, "HNSW_SESSION_SETTINGS", settings)
        store = PostgresMemoryStore(postgres_dsn, DIM)
        await store.initialize()
        await store.pool.execute("TRUNCATE memories, memory_search_terms")
        rng = np.random.default_rng(17)
        crowd, target = new_uuid(), new_uuid()
        await store.add_memories([memory(crowd, f"c{i}", embedding=v) for i, v in enumerate(_vectors(rng, 1500))])
        rows = [memory(target, f"t{i}", embedding=v) for i, v in enumerate(_vectors(rng, 300))]
        await store.add_memories(rows)
        active, superseded = rows[:30], rows[30:]
        await store.pool.execute(
            "UPDATE memories SET superseded_by = $1 WHERE id = ANY($2::uuid[])",
            UUID(active[0].id),
            [UUID(m.id) for m in superseded],
        )
        query = _vectors(rng, 1)[0]
        hits = await store.search_memories(target, query, limit=50)
        assert [h.memory.id for h in hits] == _exact_order(active, query), settings
        await store.close()
