"""Long-lived processes stay bounded (issue 9, item 6).

One ``Services`` serves 10,000 users, as a worker does over days. Each user
does one thing a session does (bench.per_user_state.ACTIVITIES: a profile
refresh, a memory, a recall that misses its budget, a prepared context, a
conversation that is never ended), so every kind of per-user state sees 2,000
distinct users. Every map in the services and the SQLite index cache must
stay at or under its cap instead of holding one entry per user ever seen.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bench.per_user_state import per_user_entries, serve_users
from core.bounded import MAX_TRACKED_USERS, BoundedMap, KeyedLocks
from core.config import Settings
from infrastructure.storage.user_index import UserIndex, UserIndexCache
from infrastructure.storage.vector_index import UserVectors
from services.container import build_services

USERS = 10_000
# Users served at once: the embedder batches their texts, the batcher their
# writes; more would only queue on the Redis connection pool.
CONCURRENT_USERS = 50


async def test_ten_thousand_users_leave_per_user_state_bounded(sqlite_store, embedder, redis_server, tmp_path) -> None:
    """On SQLite, the backend with an in-process per-user cache (its search
    index); the services' maps are the same whatever the backend, and the
    PostgreSQL store keeps nothing per user in the process."""
    settings = Settings(
        _env_file=None,
        sqlite_path=str(tmp_path / "unused.db"),
        redis_url=redis_server.url,
        cache_namespace=f"bounded{uuid.uuid4().hex[:8]}",
        openai_api_key=None,
    )
    services = await build_services(settings, store=sqlite_store, embedder=embedder, llm=None)
    try:
        users = [str(uuid.uuid4()) for _ in range(USERS)]
        await serve_users(services, users, CONCURRENT_USERS)
        counts = per_user_entries(services)
        over = {name: n for name, n in counts.items() if n > MAX_TRACKED_USERS}
        assert not over, f"per-user state grew past {MAX_TRACKED_USERS}: {over} (all: {counts})"
        # The caps were reached, i.e. the work above did fill every map.
        for name in ("memory.recent_writes", "profiles.refresh_state", "rag.late_results",
                     "rag.prepared_contexts", "conversations.session_owner", "conversations.recent_turns"):
            assert counts[name] == MAX_TRACKED_USERS, (name, counts)
        # What was dropped is re-read, not lost: the first user with a memory
        # still has it and finds it.
        first = users[1]
        assert [m.content for m in await services.memory.list(first)] == ["Likes jasmine tea in the morning"]
        assert await services.rag.search(first, "jasmine tea")
    finally:
        await services.aclose()


# --- the helpers themselves ---------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_bounded_map_drops_least_recently_used_past_its_cap() -> None:
    evicted: list[str] = []
    cache: BoundedMap[str, int] = BoundedMap(3, on_evict=lambda key, _value: evicted.append(key))
    for key in "abc":
        cache[key] = 1
    assert cache["a"] == 1  # touching "a" makes "b" the least recently used
    cache["d"] = 1
    assert sorted(cache) == ["a", "c", "d"] and evicted == ["b"]
    del cache["a"]  # an explicit delete is not an eviction
    assert evicted == ["b"] and len(cache) == 2


def test_bounded_map_forgets_idle_entries() -> None:
    clock = FakeClock()
    cache: BoundedMap[str, int] = BoundedMap(100, ttl_seconds=10, clock=clock)
    cache["old"] = 1
    clock.now = 5
    cache["recent"] = 2
    clock.now = 12
    assert "old" not in cache and cache.get("old") is None
    assert cache["recent"] == 2  # touched at 12: good until 22
    clock.now = 21
    cache["new"] = 3  # a write sweeps expired entries
    assert sorted(cache) == ["new", "recent"]


def test_bounded_map_keeps_entries_in_use() -> None:
    busy = {"a"}
    clock = FakeClock()
    cache: BoundedMap[str, str] = BoundedMap(2, ttl_seconds=1, in_use=lambda value: value in busy, clock=clock)
    cache["a"] = "a"
    cache["b"] = "b"
    cache["c"] = "c"
    assert sorted(cache) == ["a", "c"]  # "b" went, "a" is in use
    clock.now = 5
    assert cache["a"] == "a" and "c" not in cache
    busy.clear()
    cache["d"] = "d"
    clock.now = 10
    cache["e"] = "e"
    assert sorted(cache) == ["e"]


@pytest.mark.parametrize("invalid", [0, -1])
def test_bounded_map_needs_room_for_one(invalid: int) -> None:
    with pytest.raises(ValueError):
        BoundedMap(invalid)


async def test_keyed_locks_live_while_held_or_awaited_only() -> None:
    locks: KeyedLocks[str] = KeyedLocks()
    order: list[str] = []
    first_inside = asyncio.Event()
    release_first = asyncio.Event()

    async def first() -> None:
        async with locks("user"):
            order.append("first in")
            first_inside.set()
            await release_first.wait()
            order.append("first out")

    async def second() -> None:
        async with locks("user"):
            order.append("second in")

    holder = asyncio.create_task(first())
    await first_inside.wait()
    waiter = asyncio.create_task(second())
    await asyncio.sleep(0)  # the second task is now waiting for the lock
    assert len(locks) == 1 and locks("user").locked()  # held and awaited: one lock, never replaced
    release_first.set()
    await asyncio.gather(holder, waiter)
    assert order == ["first in", "first out", "second in"]
    assert len(locks) == 0
    for index in range(10_000):
        async with locks(f"user-{index}"):
            pass
    assert len(locks) == 0


# --- the SQLite index cache's version table ------------------------------------------


def test_index_cache_keeps_versions_and_entries_for_max_users_only() -> None:
    cache = UserIndexCache(max_users=50)
    for index in range(2_000):
        user = f"u{index}"
        cache.install(user, UserIndex(UserVectors(4)), cache.version(user))
        cache.apply(user, removals=["x"])
    stats = cache.stats()
    assert stats["cached_users"] == 50 and stats["tracked_versions"] == 50


def test_index_cache_refuses_a_stale_load_even_after_the_version_was_dropped() -> None:
    """A loader that began before a write must not install its snapshot, even
    when the user's version left the bounded table in between."""
    cache = UserIndexCache(max_users=2)
    seen = cache.version("a")  # a loader starts reading user a
    cache.apply("a", removals=["x"])  # a write to a lands
    cache.apply("b")
    cache.apply("c")  # a's version is dropped from the table
    assert cache.stats()["tracked_versions"] == 2
    assert cache.install("a", UserIndex(UserVectors(4)), seen) is False
    assert cache.install("a", UserIndex(UserVectors(4)), cache.version("a")) is True


async def test_single_flight_shares_one_load_per_key_and_forgets_on_request():
    from core.bounded import SingleFlight

    flights: SingleFlight[str, int] = SingleFlight()
    started: list[str] = []
    release = asyncio.Event()

    async def load(key: str, value: int) -> int:
        started.append(key)
        await release.wait()
        if value < 0:
            raise ValueError("the store said no")
        return value

    waiting = [asyncio.create_task(flights.run("a", lambda: load("a", 1))) for _ in range(16)]
    other = asyncio.create_task(flights.run("b", lambda: load("b", 2)))
    await asyncio.sleep(0)
    waiting[0].cancel()  # one caller gives up; the load goes on for the rest
    flights.forget("a")  # a write landed: the next caller starts afresh
    fresh = asyncio.create_task(flights.run("a", lambda: load("a", 3)))
    await asyncio.sleep(0)
    release.set()
    assert [await t for t in waiting[1:]] == [1] * 15
    assert await other == 2 and await fresh == 3
    assert started == ["a", "b", "a"] and len(flights) == 0

    release.clear()
    failing = [asyncio.create_task(flights.run("c", lambda: load("c", -1))) for _ in range(3)]
    await asyncio.sleep(0)
    release.set()
    for task in failing:
        with pytest.raises(ValueError):
            await task
    assert started[-1:] == ["c"] and len(flights) == 0
