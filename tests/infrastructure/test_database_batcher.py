"""DatabaseBatcher on the real stores (an SQLite file and PostgreSQL+pgvector).

Round trips are counted by a thin proxy that forwards every call to the real
store, so the rows counted are the rows the database really holds.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from typing import Any

import numpy as np
import pytest

from core.errors import ResourceClosedError, ValidationError, WritesNotPersistedError
from core.models import Memory, Turn, TurnRole
from infrastructure.database_batcher import DatabaseBatcher
from infrastructure.storage.base import MemoryStore

DIMENSIONS = 384


class CountingStore:
    """Forwards to a real store and counts the calls the batcher makes."""

    def __init__(self, inner: MemoryStore) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {
            "add_memories": 0,
            "add_turns": 0,
            "get_memories": 0,
        }
        self.rows_per_call: list[int] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def add_memories(self, memories):
        self.calls["add_memories"] += 1
        self.rows_per_call.append(len(memories))
        await self.inner.add_memories(memories)

    async def add_turns(self, turns):
        self.calls["add_turns"] += 1
        self.rows_per_call.append(len(turns))
        await self.inner.add_turns(turns)

    async def get_memories(self, user_id, memory_ids):
        self.calls["get_memories"] += 1
        return await self.inner.get_memories(user_id, memory_ids)


def _embedding(rng: np.random.Generator) -> np.ndarray:
    vector = rng.standard_normal(DIMENSIONS).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _memories(user_id: str, n: int, seed: int = 0) -> list[Memory]:
    rng = np.random.default_rng(seed)
    return [
        Memory(
            user_id=user_id,
            content=f"memory {i} for {user_id[:8]}",
            embedding=_embedding(rng),
        )
        for i in range(n)
    ]


def _turns(user_id: str, n: int) -> list[Turn]:
    session_id = str(uuid.uuid4())
    roles = (TurnRole.USER, TurnRole.ASSISTANT)
    return [Turn(user_id, session_id, roles[i % 2], f"turn {i}") for i in range(n)]


async def _open_sqlite(tmp_path) -> MemoryStore:
    from infrastructure.storage.sqlite_store import SQLiteMemoryStore

    store = SQLiteMemoryStore(tmp_path / "batcher.db", DIMENSIONS)
    await store.initialize()
    return store


async def _open_postgres(dsn: str) -> MemoryStore:
    from infrastructure.storage.postgres_store import PostgresMemoryStore

    store = PostgresMemoryStore(dsn, DIMENSIONS, min_size=1, max_size=4)
    await store.initialize()
    return store


@pytest.fixture(params=["sqlite", "postgres"])
async def store(request, tmp_path):
    if request.param == "sqlite":
        real = await _open_sqlite(tmp_path)
    else:
        real = await _open_postgres(request.getfixturevalue("postgres_dsn"))
    yield real
    await real.close()


@pytest.fixture
async def sqlite_store(tmp_path):
    real = await _open_sqlite(tmp_path)
    yield real
    await real.close()


async def test_n_writes_take_at_most_ceil_n_over_batch_size_round_trips(store, user_id):
    counting = CountingStore(store)
    batcher = DatabaseBatcher(counting, max_batch_size=40, max_age_ms=60_000)
    memories = _memories(user_id, 250)
    turns = _turns(user_id, 90)
    # One row per call, as the voice path enqueues them.
    memory_futures = [batcher.enqueue_memories([m]) for m in memories]
    turn_futures = [batcher.enqueue_turns([t]) for t in turns]
    await asyncio.wait_for(asyncio.gather(*memory_futures, *turn_futures), timeout=30)

    assert counting.calls["add_memories"] <= math.ceil(250 / 40)
    assert counting.calls["add_turns"] <= math.ceil(90 / 40)
    assert max(counting.rows_per_call) <= 40
    assert await store.count_memories(user_id) == 250
    stored_turns = await store.list_turns(user_id, limit=500)
    assert sorted(t.id for t in stored_turns) == sorted(t.id for t in turns)
    fetched = await store.get_memories(user_id, [m.id for m in memories[:5]])
    assert sorted(m.content for m in fetched) == sorted(m.content for m in memories[:5])

    stats = batcher.stats()
    assert stats["items_written"] == 340
    assert (
        stats["round_trips"]
        == counting.calls["add_memories"] + counting.calls["add_turns"]
    )
    assert stats["round_trips_saved"] == 340 - stats["round_trips"]
    assert stats["pending"] == 0 and stats["queue_depth"] == 0
    assert stats["average_batch_size"] > 30
    await batcher.close()


async def test_age_based_flush_without_explicit_flush(store, user_id):
    counting = CountingStore(store)
    batcher = DatabaseBatcher(counting, max_batch_size=10_000, max_age_ms=30)
    batcher.start()
    future = batcher.enqueue_memories(_memories(user_id, 5))
    assert not future.done()
    # No flush() call: only the age trigger can write these.
    await asyncio.wait_for(future, timeout=10)
    assert counting.calls["add_memories"] == 1
    assert await store.count_memories(user_id) == 5
    assert batcher.stats()["batches"] == 1
    await batcher.close()


async def test_close_drains_everything_and_refuses_new_writes(
    store, user_id, other_user_id
):
    counting = CountingStore(store)
    # Neither trigger can fire during the test: only close() writes.
    batcher = DatabaseBatcher(counting, max_batch_size=10_000, max_age_ms=600_000)
    futures = [batcher.enqueue_memories([m]) for m in _memories(user_id, 30)]
    futures.append(batcher.enqueue_memories(_memories(other_user_id, 7, seed=1)))
    futures.append(batcher.enqueue_turns(_turns(user_id, 4)))
    await asyncio.sleep(0.05)
    assert counting.calls["add_memories"] == 0
    assert batcher.stats()["queue_depth"] == 41

    await batcher.close()
    assert all(f.done() and f.exception() is None for f in futures)
    assert await store.count_memories(user_id) == 30
    assert await store.count_memories(other_user_id) == 7
    assert len(await store.list_turns(user_id)) == 4
    # One round trip per (user, kind).
    assert counting.calls == {"add_memories": 2, "add_turns": 1, "get_memories": 0}
    with pytest.raises(ResourceClosedError):
        batcher.enqueue_memories(_memories(user_id, 1))
    await batcher.close()  # idempotent


async def test_mixed_users_in_one_call_write_one_round_trip_per_user(sqlite_store):
    users = [str(uuid.uuid4()) for _ in range(3)]
    counting = CountingStore(sqlite_store)
    batcher = DatabaseBatcher(counting, max_age_ms=600_000)
    mixed = [m for i, u in enumerate(users) for m in _memories(u, 4, seed=i)]
    future = batcher.enqueue_memories(mixed)
    await batcher.flush()
    await future
    assert counting.calls["add_memories"] == 3
    for u in users:
        assert await sqlite_store.count_memories(u) == 4
    await batcher.close()


async def test_lookups_coalesce_into_one_round_trip_per_user(
    store, user_id, other_user_id
):
    mine = _memories(user_id, 20)
    theirs = _memories(other_user_id, 3, seed=2)
    await store.add_memories(mine)
    await store.add_memories(theirs)
    counting = CountingStore(store)
    batcher = DatabaseBatcher(counting)

    missing = str(uuid.uuid4())
    results = await asyncio.gather(
        *(batcher.get_memory(user_id, m.id) for m in mine),
        batcher.get_memory(user_id, mine[0].id),  # asked twice
        batcher.get_memory(user_id, missing),
        batcher.get_memory(user_id, theirs[0].id),  # another user's id: absent
        *(batcher.get_memory(other_user_id, m.id) for m in theirs),
    )
    assert counting.calls["get_memories"] == 2  # one per user
    assert [r.content for r in results[:20]] == [m.content for m in mine]
    assert results[20].id == mine[0].id
    assert results[21] is None
    assert results[22] is None
    assert [r.content for r in results[23:]] == [m.content for m in theirs]
    stats = batcher.stats()
    assert stats["lookups"] == 26 and stats["lookup_round_trips"] == 2
    assert stats["pending_lookups"] == 0
    await batcher.close()


async def test_queued_memory_is_visible_to_lookups_before_it_is_written(
    sqlite_store, user_id
):
    counting = CountingStore(sqlite_store)
    batcher = DatabaseBatcher(counting, max_batch_size=10_000, max_age_ms=600_000)
    memory = _memories(user_id, 1)[0]
    batcher.enqueue_memories([memory])
    assert (await batcher.get_memory(user_id, memory.id)).content == memory.content
    assert counting.calls["get_memories"] == 0
    assert await sqlite_store.get_memory(user_id, memory.id) is None  # not written yet
    await batcher.flush()
    found = await batcher.get_memory(user_id, memory.id)
    assert found is not None and found.content == memory.content
    assert counting.calls["get_memories"] == 1
    await batcher.close()


async def test_same_memory_queued_twice_keeps_the_latest_version(sqlite_store, user_id):
    batcher = DatabaseBatcher(sqlite_store, max_age_ms=600_000)
    memory = _memories(user_id, 1)[0]
    first = batcher.enqueue_memories([memory])
    newer = Memory(
        user_id=user_id, content="updated", id=memory.id, embedding=memory.embedding
    )
    second = batcher.enqueue_memories([newer])
    await batcher.flush()
    await asyncio.gather(first, second)
    assert (await sqlite_store.get_memory(user_id, memory.id)).content == "updated"
    await batcher.close()


async def test_store_that_keeps_failing_loses_nothing_and_says_so(
    sqlite_store, user_id
):
    batcher = DatabaseBatcher(
        sqlite_store,
        max_batch_size=1000,
        max_age_ms=10,
        max_retries=2,
        retry_base_delay_ms=1,
    )
    memories = _memories(user_id, 12)
    # A closed store fails every call with StorageError, as a dead database would.
    await sqlite_store.close()
    future = batcher.enqueue_memories(memories)
    turn_future = batcher.enqueue_turns(_turns(user_id, 3))
    with pytest.raises(WritesNotPersistedError) as raised:
        await batcher.flush()
    assert raised.value.memories == 12 and raised.value.turns == 3

    stats = batcher.stats()
    assert stats["failed_flushes"] >= 1
    assert stats["failures"] >= 3  # first attempt + 2 retries
    assert stats["retries"] >= 2
    assert stats["pending"] == 15
    assert stats["items_written"] == 0
    assert stats["last_error"].startswith("StorageError")
    assert not future.done() and not turn_future.done()

    # The background flusher keeps retrying on its own once the store is back.
    await sqlite_store.initialize()
    await asyncio.wait_for(asyncio.gather(future, turn_future), timeout=15)
    assert await sqlite_store.count_memories(user_id) == 12
    assert len(await sqlite_store.list_turns(user_id)) == 3
    assert batcher.stats()["pending"] == 0
    await batcher.close()


async def test_close_gives_up_loudly_when_the_store_stays_down(tmp_path, user_id):
    store = await _open_sqlite(tmp_path)
    batcher = DatabaseBatcher(
        store, max_age_ms=10, max_retries=1, retry_base_delay_ms=1
    )
    await store.close()
    future = batcher.enqueue_memories(_memories(user_id, 5))
    started = time.monotonic()
    with pytest.raises(WritesNotPersistedError) as raised:
        await batcher.close(timeout=0.3)
    assert time.monotonic() - started < 5
    assert raised.value.memories == 5
    # The caller holding the future learns it too.
    assert isinstance(future.exception(), WritesNotPersistedError)


async def test_invalid_row_is_rejected_without_sinking_its_batch(sqlite_store, user_id):
    batcher = DatabaseBatcher(sqlite_store, max_age_ms=600_000)
    good = [batcher.enqueue_memories([m]) for m in _memories(user_id, 5)]
    bad_memory = Memory(
        user_id=user_id, content="bad", embedding=np.ones(3, dtype=np.float32)
    )
    bad = batcher.enqueue_memories([bad_memory])
    more = batcher.enqueue_memories(_memories(user_id, 2, seed=9))
    await batcher.flush()
    await asyncio.gather(*good, more)
    with pytest.raises(ValidationError):
        await bad
    assert await sqlite_store.count_memories(user_id) == 7
    stats = batcher.stats()
    assert stats["rejected"] == 1
    assert stats["pending"] == 0
    await batcher.close()


async def test_enqueue_rejects_wrong_types(sqlite_store, user_id):
    batcher = DatabaseBatcher(sqlite_store)
    with pytest.raises(ValidationError):
        batcher.enqueue_memories(_turns(user_id, 1))
    with pytest.raises(ValidationError):
        batcher.enqueue_turns(["not a turn"])
    assert await batcher.enqueue_memories([]) is None
    assert batcher.stats()["queue_depth"] == 0
    await batcher.close()


async def test_writes_made_while_postgres_is_down_are_all_present_after_restart(
    user_id,
):
    from tests.support.servers import PostgresServer

    server = PostgresServer()
    store = None
    try:
        dsn = server.create_database("batcher_outage")
        store = await _open_postgres(dsn)
        batcher = DatabaseBatcher(
            store,
            max_batch_size=20,
            max_age_ms=10,
            max_retries=1,
            retry_base_delay_ms=5,
        )
        await asyncio.wait_for(
            batcher.enqueue_memories(_memories(user_id, 3, seed=5)), 30
        )

        await asyncio.to_thread(server.stop)
        memories = _memories(user_id, 45)
        turns = _turns(user_id, 10)
        futures = [batcher.enqueue_memories([m]) for m in memories]
        futures.append(batcher.enqueue_turns(turns))
        # Let the background flusher hit the dead server.
        deadline = time.monotonic() + 20
        while batcher.stats()["failed_flushes"] == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stats = batcher.stats()
        assert stats["failed_flushes"] >= 1
        assert stats["pending"] == 55
        assert not any(f.done() for f in futures)

        await asyncio.to_thread(server.start)
        # Connections broken by the restart are retried by the next flushes.
        deadline = time.monotonic() + 30
        while True:
            try:
                await batcher.flush()
                break
            except WritesNotPersistedError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        await asyncio.wait_for(asyncio.gather(*futures), timeout=30)

        assert await store.count_memories(user_id) == 48
        stored = await store.get_memories(user_id, [m.id for m in memories])
        assert sorted(m.id for m in stored) == sorted(m.id for m in memories)
        assert sorted(
            t.id for t in await store.list_turns(user_id, limit=100)
        ) == sorted(t.id for t in turns)
        assert batcher.stats()["pending"] == 0
        await batcher.close()
    finally:
        if store is not None:
            await store.close()
        await asyncio.to_thread(server.cleanup)


async def test_from_settings_uses_the_batch_settings(sqlite_store):
    from core.config import Settings

    settings = Settings(
        batch_max_size=7,
        batch_max_age_ms=11,
        batch_max_retries=2,
        batch_retry_base_delay_ms=3,
        _env_file=None,
    )
    batcher = DatabaseBatcher.from_settings(sqlite_store, settings)
    assert batcher.max_batch_size == 7
    assert batcher.max_age == pytest.approx(0.011)
    assert batcher.max_retries == 2
    assert batcher.retry_base_delay == pytest.approx(0.003)
    with pytest.raises(ValidationError):
        DatabaseBatcher(sqlite_store, max_batch_size=0)
    await batcher.close()


async def test_size_trigger_flushes_a_full_batch_and_leaves_a_partial_one(
    sqlite_store, user_id
):
    counting = CountingStore(sqlite_store)
    # The age trigger cannot fire during the test: only the size trigger can.
    batcher = DatabaseBatcher(counting, max_batch_size=10, max_age_ms=600_000)
    full = [batcher.enqueue_memories([m]) for m in _memories(user_id, 10)]
    await asyncio.wait_for(asyncio.gather(*full), timeout=10)
    assert counting.calls["add_memories"] == 1
    assert await sqlite_store.count_memories(user_id) == 10

    partial = batcher.enqueue_memories(_memories(user_id, 3, seed=4))
    await asyncio.sleep(0.1)
    assert not partial.done()
    assert batcher.stats()["queue_depth"] == 3
    await batcher.close()
    assert partial.done()
    assert await sqlite_store.count_memories(user_id) == 13


# --- one bad row never stalls anyone else's writes ----------------------------------


def _poisoned(kind: str, user_id: str) -> Turn:
    """A turn the database refuses although our own checks would pass it
    ("constraint"), or one holding a lone surrogate put straight into the
    batcher, past the services' validation ("surrogate")."""
    from tests.support.poison import POISON

    text = POISON if kind == "constraint" else "a reply cut mid-emoji \ud83d"
    return Turn(user_id, str(uuid.uuid4()), TurnRole.ASSISTANT, text)


@pytest.mark.parametrize("poison", ["constraint", "surrogate"])
async def test_poisoned_row_fails_alone_and_other_users_rows_are_written_at_once(
    store, poison
):
    from core.errors import PermanentStorageError
    from tests.support.poison import refuse_text

    await refuse_text(store)
    user_a, user_b, user_c = (str(uuid.uuid4()) for _ in range(3))
    # Production retry settings: a permanent error must not go through them.
    batcher = DatabaseBatcher(
        store, max_age_ms=600_000, max_retries=5, retry_base_delay_ms=50
    )
    # A's poisoned row is first in the queue, and also hidden in the middle of
    # a 7-row call of A's: the batch is split until the bad row is isolated.
    poisoned_alone = batcher.enqueue_turns([_poisoned(poison, user_a)])
    a_turns = _turns(user_a, 6)
    a_batch = a_turns[:3] + [_poisoned(poison, user_a)] + a_turns[3:]
    poisoned_in_batch = batcher.enqueue_turns(a_batch)
    a_good = batcher.enqueue_turns(_turns(user_a, 2))
    b_turns = _turns(user_b, 4)
    b_future = batcher.enqueue_turns(b_turns)
    c_memories = _memories(user_c, 3)
    c_future = batcher.enqueue_memories(c_memories)

    await batcher.flush()  # nothing is left queued: no WritesNotPersistedError

    # B's and C's rows are there as soon as that one flush returns.
    assert sorted(t.id for t in await store.list_turns(user_b)) == sorted(t.id for t in b_turns)
    assert await store.count_memories(user_c) == 3
    await asyncio.wait_for(asyncio.gather(b_future, c_future, a_good), timeout=1)
    # A's own good rows are written too, including the 6 around the bad one.
    a_stored = {t.id for t in await store.list_turns(user_a, limit=100)}
    assert {t.id for t in a_turns} <= a_stored and len(a_stored) == 8
    # A's poisoned rows are reported, with a typed error, and never retried.
    expected = PermanentStorageError if poison == "constraint" else ValidationError
    for future in (poisoned_alone, poisoned_in_batch):
        with pytest.raises(expected):
            await future
    stats = batcher.stats()
    assert stats["rejected"] == 2
    assert stats["retries"] == 0
    assert stats["pending"] == 0 and stats["failed_flushes"] == 0
    await batcher.close()


async def test_background_flusher_writes_others_while_a_poisoned_row_is_queued(
    store, user_id, other_user_id
):
    """No explicit flush: the age trigger alone writes B's row, promptly."""
    from core.errors import PermanentStorageError
    from tests.support.poison import refuse_text

    await refuse_text(store)
    batcher = DatabaseBatcher.from_settings(store, _production_settings())
    poisoned = batcher.enqueue_turns([_poisoned("constraint", user_id)])
    good = batcher.enqueue_memories(_memories(other_user_id, 1))
    await asyncio.wait_for(good, timeout=10)
    with pytest.raises(PermanentStorageError):
        await asyncio.wait_for(poisoned, timeout=10)
    assert await store.count_memories(other_user_id) == 1
    assert batcher.stats()["retries"] == 0
    await batcher.close()


def _production_settings():
    from core.config import Settings

    return Settings(_env_file=None)


async def test_row_failing_while_the_store_is_up_is_set_aside_then_given_up(
    postgres_server, user_id, other_user_id
):
    """A transient failure that belongs to one user's rows (a row lock another
    session holds, with lock_timeout set) must not hold anyone else's writes,
    and is not retried forever."""
    import asyncpg

    dsn = postgres_server.create_database(f"stuck_{uuid.uuid4().hex[:8]}")
    store = await _open_postgres(dsn)
    locker = None
    try:
        locked = _memories(user_id, 1)[0]
        await store.add_memories([locked])
        # Connections opened from now on give up on a row lock after 100 ms
        # (SQLSTATE 55P03, a TransientStorageError).
        await store.pool.execute(
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET lock_timeout = %L',"
            " current_database(), '100ms'); END $$"
        )
        await store.pool.expire_connections()
        locker = await asyncpg.connect(dsn)
        holding = locker.transaction()
        await holding.start()
        await locker.execute("SELECT 1 FROM memories WHERE id = $1 FOR UPDATE", uuid.UUID(locked.id))

        batcher = DatabaseBatcher(
            store, max_age_ms=600_000, max_retries=1, retry_base_delay_ms=5
        )
        locked.content = "changed while another session holds the row"
        stuck = batcher.enqueue_memories([locked])
        for round_no in range(10):
            good = batcher.enqueue_memories(_memories(other_user_id, 1, seed=round_no))
            try:
                await batcher.flush()
            except WritesNotPersistedError as error:
                # Only A's row stays queued; B's row of this round is written.
                assert error.memories == 1
                assert batcher.stats()["set_aside"] == 1
            await asyncio.wait_for(good, timeout=1)
            if stuck.done():
                break
        with pytest.raises(WritesNotPersistedError):
            await stuck
        assert round_no < 5  # given up after a bounded number of flushes
        stats = batcher.stats()
        assert stats["gave_up"] == 1 and stats["pending"] == 0
        assert stats["last_error"].startswith("TransientStorageError")
        assert await store.count_memories(other_user_id) == round_no + 1
        await batcher.close()
    finally:
        if locker is not None:
            await locker.close()
        await store.close()
