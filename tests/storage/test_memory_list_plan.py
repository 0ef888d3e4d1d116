"""The memory list reads only the rows it can show.

Episodes (every recorded turn) are most of a user's rows, and the list leaves
them out. Its index holds only the rows it shows, so a page reads offset +
limit index entries instead of walking every episode between them
(migration memory_list_indexes). These tests check the pages themselves and
that each backend's planner takes that index for the store's own query.
"""

from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.models import Memory, MemoryKind
from tests.storage.conftest import memory, new_uuid

EPISODES = 2_400
KINDS = (MemoryKind.FACT, MemoryKind.PREFERENCE, MemoryKind.EVENT)
PER_KIND = 150


async def _seed(store) -> tuple[str, list[str], dict[MemoryKind, list[str]]]:
    """A user whose rows are mostly episodes, interleaved in time with facts;
    returns the user, the non-episode ids newest first, and those by kind."""
    user = new_uuid()
    rows: list[Memory] = []
    minutes = 0.0
    for index in range(EPISODES + PER_KIND * len(KINDS)):
        minutes += 1.0
        if index % 6 == 5 and len(rows) - sum(r.kind is MemoryKind.EPISODE for r in rows) < PER_KIND * len(KINDS):
            kind = KINDS[(index // 6) % len(KINDS)]
        else:
            kind = MemoryKind.EPISODE
        rows.append(memory(user, f"row {index}", kind=kind, minutes_ago=minutes))
    for start in range(0, len(rows), 1_000):
        await store.add_memories(rows[start : start + 1_000])
    await store.add_memories([memory(new_uuid(), "someone else's fact", kind=MemoryKind.FACT)])
    shown = [r.id for r in rows if r.kind is not MemoryKind.EPISODE]  # rows are newest first already
    by_kind = {kind: [r.id for r in rows if r.kind is kind] for kind in KINDS}
    return user, shown, by_kind


async def _plan(store, sql: str, params: list[object]) -> str:
    if hasattr(store, "pool"):  # PostgreSQL: the store's connections plan each run for its parameters
        async with store.pool.acquire() as conn:
            await conn.execute("ANALYZE memories")
            rows = await conn.fetch("EXPLAIN " + sql, *params)
        return "\n".join(row[0] for row in rows)
    rows = await store._read(
        "plan", lambda conn: (conn.execute("ANALYZE"), conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall())[1]
    )
    return "\n".join(str(row[-1]) for row in rows)


async def test_pages_of_the_list_skip_episodes_in_order(store):
    user, shown, by_kind = await _seed(store)
    for offset in (0, 50, 400):
        page = await store.list_memories(user, limit=50, offset=offset, exclude_kind=MemoryKind.EPISODE)
        assert [m.id for m in page] == shown[offset : offset + 50]
    for kind in KINDS:
        page = await store.list_memories(user, kind=kind, limit=40, offset=20)
        assert [m.id for m in page] == by_kind[kind][20:60]
    episodes = await store.list_memories(user, kind=MemoryKind.EPISODE, limit=10)
    assert len(episodes) == 10 and all(m.kind is MemoryKind.EPISODE for m in episodes)


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({"exclude_kind": MemoryKind.EPISODE}, "memories_user_recent_facts"),
        ({"kind": MemoryKind.FACT}, "memories_user_kind_recent"),
    ],
)
async def test_the_list_query_uses_the_index_of_what_it_shows(store, filters, index):
    user, _, _ = await _seed(store)
    sql, params = store.list_query(user, limit=50, offset=400, with_embeddings=False, **filters)
    assert index in await _plan(store, sql, params)


def test_a_kind_becomes_a_literal_only_from_the_enum():
    from infrastructure.storage.normalize import kind_literal

    assert kind_literal(MemoryKind.EPISODE) == "'episode'"
    assert kind_literal("fact") == "'fact'"
    with pytest.raises(ValidationError):
        kind_literal("episode' OR 1=1 --")


async def test_postgres_pages_reuse_one_plan_that_takes_the_list_index(contract_pg_dsn):
    """The list's pages run on the pool that keeps PostgreSQL's plan caching
    (the search's pool plans every run for its user): after the first few
    pages the prepared statement runs a generic plan, and that plan walks the
    list's index too, for the heavy user and a light one alike."""
    import asyncpg

    from infrastructure.storage.postgres_store import PostgresMemoryStore
    from tests.storage.conftest import _USER_TABLES, DIM

    store = PostgresMemoryStore(contract_pg_dsn, DIM, min_size=1, max_size=1)
    await store.initialize()
    try:
        heavy, shown, _ = await _seed(store)
        light = new_uuid()
        await store.add_memories([memory(light, f"light {i}", minutes_ago=i) for i in range(30)])
        sql, _ = store.list_query(heavy, limit=50, offset=0, exclude_kind=MemoryKind.EPISODE, with_embeddings=False)
        conn = await asyncpg.connect(contract_pg_dsn)
        try:
            await conn.execute("ANALYZE memories")
            await conn.execute(f"PREPARE page(uuid, int, int) AS {sql}")
            await conn.execute("SET plan_cache_mode = force_generic_plan")
            generic = "\n".join(r[0] for r in await conn.fetch(f"EXPLAIN EXECUTE page('{heavy}', 50, 400)"))
        finally:
            await conn.close()
        assert "memories_user_recent_facts" in generic, generic
        for run in range(12):
            user, offset = (heavy, 50 * (run % 8)) if run % 3 else (light, 0)
            page = await store.list_memories(
                user, limit=50, offset=offset, exclude_kind=MemoryKind.EPISODE, with_embeddings=False
            )
            if user == heavy:
                assert [m.id for m in page] == shown[offset : offset + 50]
            else:
                assert len(page) == 30
        async with store.page_pool.acquire() as pooled:  # the one connection (max_size 1)
            assert await pooled.fetchval("SHOW plan_cache_mode") == "auto"
            plans = await pooled.fetch(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1", sql
            )
        assert plans and sum(r["generic_plans"] for r in plans) > 0, [dict(r) for r in plans]
    finally:
        await store.pool.execute(f"TRUNCATE {_USER_TABLES}")
        await store.close()
