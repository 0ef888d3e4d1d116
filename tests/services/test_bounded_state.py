"""Long-lived processes stay bounded (issue 9, item 6).

One ``Services`` serves 10,000 users, as a worker does over days. Each user
does one thing a session does (a profile refresh, a memory, a recall that
misses its budget, a prepared context, a conversation that is never ended), so
every kind of per-user state sees 2,000 distinct users. Every map in the
services and the SQLite index cache must stay at or under its cap instead of
holding one entry per user ever seen.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import pytest

from core.bounded import MAX_TRACKED_USERS, BoundedMap, KeyedLocks
from core.config import Settings
from services.container import Services, build_services

USERS = 10_000
# Users served at once: the embedder batches their texts, the batcher their writes.
CONCURRENT_USERS = 250


def per_user_entries(services: Services) -> dict[str, int]:
    """Entry counts of every in-process map keyed by user (or session)."""
    counts = {
        "users.locks": len(services.users._locks),
        "memory.locks": len(services.memory._locks),
        "memory.recent_writes": len(services.memory._recent),
        "profiles.refresh_state": len(services.profiles._refresh),
        "rag.late_results": len(services.rag._late),
        "rag.pending_recalls": len(services.rag._pending),
        "rag.prepared_contexts": len(services.rag._prepared),
        "conversations.session_owner": len(services.conversations._session_owner),
        "conversations.recent_turns": len(services.conversations._recent),
        "conversations.local_sessions": len(services.conversations._local_sessions),
        "conversations.pending_writes": len(services.conversations._pending),
    }
    index = getattr(services.store, "_index", None)  # SQLite's per-user search cache
    if index is not None:
        counts["store.index_entries"] = len(index._entries)
        counts["store.index_versions"] = len(index._versions)
    return counts


async def refresh_profile(services: Services, user_id: str) -> None:
    await services.users.ensure_profile_exists(user_id)
    refresh = services.profiles.schedule_refresh(user_id)
    if refresh is not None:
        await refresh


async def remember(services: Services, user_id: str) -> None:
    await services.memory.remember(user_id, "Likes jasmine tea in the morning", kind="preference")


async def recall_late(services: Services, user_id: str) -> None:
    # A budget nobody meets: the recall finishes in the background as a late
    # result (and, on SQLite, loads the user's search index).
    await services.rag.recall_for_turn(user_id, [], "what tea do I like?", 0.001)


async def prepare_context(services: Services, user_id: str) -> None:
    services.rag.prepare_context(user_id, ["user: hello", "assistant: hi, how was your day?"])


async def talk_without_ending(services: Services, user_id: str) -> None:
    session = await services.conversations.start_session(user_id)
    await services.conversations.record_turn(user_id, session.id, "user", "I like jasmine tea")


ACTIVITIES: tuple[Callable[[Services, str], Awaitable[None]], ...] = (
    refresh_profile, remember, recall_late, prepare_context, talk_without_ending,
)


async def test_ten_thousand_users_leave_per_user_state_bounded(store, embedder, redis_server, tmp_path) -> None:
    settings = Settings(
        _env_file=None,
        sqlite_path=str(tmp_path / "unused.db"),
        redis_url=redis_server.url,
        cache_namespace=f"bounded{uuid.uuid4().hex[:8]}",
        openai_api_key=None,
    )
    services = await build_services(settings, store=store, embedder=embedder, llm=None)
    try:
        users = [str(uuid.uuid4()) for _ in range(USERS)]
        for start in range(0, USERS, CONCURRENT_USERS):
            await asyncio.gather(
                *(ACTIVITIES[i % len(ACTIVITIES)](services, users[i]) for i in range(start, start + CONCURRENT_USERS))
            )
            await services.rag.wait_pending()
        await services.batcher.flush()
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

    async def hold(name: str, pause: float) -> None:
        async with locks("user"):
            order.append(f"{name} in")
            await asyncio.sleep(pause)
            order.append(f"{name} out")

    first = asyncio.create_task(hold("first", 0.05))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(hold("second", 0))
    await asyncio.sleep(0.01)
    assert len(locks) == 1  # held and awaited: the same lock for both
    await asyncio.gather(first, second)
    assert order == ["first in", "first out", "second in", "second out"]
    assert len(locks) == 0
    for index in range(10_000):
        async with locks(f"user-{index}"):
            pass
    assert len(locks) == 0
