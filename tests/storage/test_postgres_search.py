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
    # Still set on a connection released to the pool and acquired again.
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


async def _heavy_and_light_users(store, rng, heavy_rows=3_000, light_users=200, light_rows=5):
    heavy = new_uuid()
    rows = [memory(heavy, f"h{i}", embedding=v) for i, v in enumerate(_vectors(rng, heavy_rows))]
    for start in range(0, len(rows), 1_000):
        await store.add_memories(rows[start : start + 1_000])
    light = [new_uuid() for _ in range(light_users)]
    for user in light:
        await store.add_memories([memory(user, f"l{i}", embedding=v) for i, v in enumerate(_vectors(rng, light_rows))])
    async with store.pool.acquire() as conn:
        await conn.execute("ANALYZE memories")
    return heavy, light


def _vector_literal(vector) -> str:
    return "[" + ",".join(f"{float(x):.6f}" for x in vector) + "]"


async def _plan_after_repeats(conn, heavy, query) -> str:
    """The plan a prepared nearest-rows query gets for the heavy user once it
    has run several times (asyncpg prepares every query it sends). PostgreSQL
    switches to the generic plan after five runs if that plan's estimated cost
    is below the custom plans' average: the heavy user's index scans look
    dearer than a b-tree scan of an average user's few rows."""
    await conn.execute(
        "PREPARE nearest(uuid, vector, int) AS SELECT id FROM memories"
        " WHERE user_id = $1 AND superseded_by IS NULL AND embedding IS NOT NULL"
        " ORDER BY embedding <=> $2 LIMIT $3"
    )
    try:
        vector = _vector_literal(query)
        for _ in range(8):
            await conn.fetch(f"EXECUTE nearest('{heavy}', '{vector}', 50)")
        rows = await conn.fetch(f"EXPLAIN EXECUTE nearest('{heavy}', '{vector}', 50)")
        return "\n".join(row[0] for row in rows)
    finally:
        await conn.execute("DEALLOCATE nearest")


async def test_prepared_vector_search_is_planned_for_the_user_it_runs_for(postgres_dsn):
    """A prepared statement's generic plan is made without the user id: costed
    for an average user, it scans every row of a heavy one exactly. The store's
    connections plan each execution for its user, so the heavy user gets the
    HNSW index; the same connection with the default plan cache does not."""
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    try:
        rng = np.random.default_rng(11)
        heavy, light = await _heavy_and_light_users(store, rng)
        query = _vectors(rng, 1)[0]
        async with store.pool.acquire() as conn:
            assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
            assert "memories_embedding_hnsw" in await _plan_after_repeats(conn, heavy, query)
            await conn.execute("SET plan_cache_mode = auto")
            try:
                generic = await _plan_after_repeats(conn, heavy, query)
            finally:
                await conn.execute("RESET plan_cache_mode")
            assert "memories_embedding_hnsw" not in generic  # the failure this setting prevents
        # The store's own search, run past the switch point: still the heavy
        # user's rows, and light users' searches unaffected.
        for _ in range(8):
            hits = await store.search_memories(heavy, query, limit=10)
            assert len(hits) == 10 and all(hit.memory.user_id == heavy for hit in hits)
        assert {hit.memory.user_id for hit in await store.search_memories(light[0], query)} == {light[0]}
    finally:
        await store.close()


async def test_released_connection_has_no_transaction_and_keeps_its_settings(postgres_dsn):
    """The pool's reset is reduced to asyncpg's rollback: a transaction left open
    by a caller is still rolled back (its writes gone), and the startup settings stay."""
    store = PostgresMemoryStore(postgres_dsn, DIM)
    await store.initialize()
    user = new_uuid()
    try:
        async with store.pool.acquire() as conn:
            await conn.execute("BEGIN")
            await conn.execute(
                "INSERT INTO users (id, display_name, metadata, created_at, updated_at)"
                " VALUES ($1, 'left open', '{}', now(), now())",
                UUID(user),
            )
        for _ in range(store.max_size + 1):  # every pooled connection, the released one included
            async with store.pool.acquire() as conn:
                assert not conn.is_in_transaction()
                assert await conn.fetchval("SHOW hnsw.iterative_scan") == "relaxed_order"
                assert await conn.fetchval("SHOW plan_cache_mode") == "force_custom_plan"
        assert await store.get_user(user) is None
    finally:
        await store.close()
