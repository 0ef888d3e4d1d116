"""Erasure is final: after ``UserService.delete_user`` returns, nothing of the
user exists and nothing comes back, on both backends.

Everything here is real: SQLite files, PostgreSQL with pgvector, Redis (and a
Redis that is killed mid-test), MiniLM, the batcher, build_services.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from core.errors import UserErasedError
from services.container import Services, build_services
from services.conversation_service import ConversationService
from tests.support.servers import RedisServer
from tests.support.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]

# Work in flight when the erasure starts: the background learner, a tool's
# remember and two recorded turns, each started this long before the erase.
RACE_DELAYS_MS = (0, 5, 20, 50)
SAID = "My sister Aisha lives in Zanzibar and I work as a florist at Bloomcraft."


def settings_for(backend: str, tmp_path, *, redis_url: str | None, postgres_dsn: str | None = None) -> Settings:
    values: dict[str, Any] = {
        "storage_backend": backend,
        "sqlite_path": str(tmp_path / "companion.db"),
        "database_url": postgres_dsn,
        "redis_url": redis_url,
        "cache_namespace": f"erasure{uuid.uuid4().hex[:8]}",
        "openai_api_key": None,
        "openai_base_url": None,
    }
    return Settings(_env_file=None, **values)


async def rows_of(services: Services, user_id: str) -> dict[str, int]:
    """Every row the store holds for the user, by table (read straight from the store)."""
    store = services.store
    return {
        "users": int(await store.get_user(user_id) is not None),
        "profiles": int(await store.get_profile(user_id) is not None),
        "memories": await store.count_memories(user_id, include_superseded=True),
        "sessions": len(await store.list_sessions(user_id, limit=1000)),
        "turns": len(await store.list_turns(user_id, limit=1000)),
    }


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    return request.param


@pytest.fixture
async def services(backend, tmp_path, redis_server, embedder, request):
    dsn = request.getfixturevalue("postgres_dsn") if backend == "postgres" else None
    built = await build_services(
        settings_for(backend, tmp_path, redis_url=redis_server.url, postgres_dsn=dsn), embedder=embedder
    )
    yield built
    await built.aclose()


async def _in_flight_work(services: Services, user_id: str, session_id: str) -> list[asyncio.Task[object]]:
    conversations, memory = services.conversations, services.memory
    return [
        asyncio.create_task(conversations.record_turn(user_id, session_id, "user", SAID)),
        asyncio.create_task(memory.learn_from_turn(user_id, SAID, session_id=session_id)),
        asyncio.create_task(memory.remember(user_id, "Is allergic to peanuts", kind="fact", session_id=session_id)),
        asyncio.create_task(conversations.record_turn(user_id, session_id, "assistant", "Zanzibar sounds lovely!")),
    ]


@pytest.mark.parametrize("delay_ms", RACE_DELAYS_MS)
async def test_erase_racing_in_flight_writes_leaves_nothing(services, user_id, other_user_id, delay_ms):
    for uid in (user_id, other_user_id):
        await services.users.ensure_profile_exists(uid, display_name="Aisha's sibling")
    session = await services.conversations.start_session(user_id)
    other_session = await services.conversations.start_session(other_user_id)
    await services.memory.learn_from_turn(user_id, "I love hiking.", session_id=session.id)

    work = await _in_flight_work(services, user_id, session.id)
    bystander = await _in_flight_work(services, other_user_id, other_session.id)
    await asyncio.sleep(delay_ms / 1000)
    await services.users.delete_user(user_id)
    await asyncio.gather(*work, return_exceptions=True)
    await asyncio.gather(*bystander)
    await services.profiles.wait_for_refreshes()
    await services.batcher.flush()

    assert await rows_of(services, user_id) == {"users": 0, "profiles": 0, "memories": 0, "sessions": 0, "turns": 0}
    # The other user's identical work all landed.
    kept = await rows_of(services, other_user_id)
    assert kept["memories"] >= 3 and kept["turns"] == 2 and kept["users"] == 1


@pytest.fixture
def store_location(backend, tmp_path, request) -> str | None:
    """The PostgreSQL DSN for the postgres backend (SQLite uses tmp_path)."""
    return request.getfixturevalue("postgres_dsn") if backend == "postgres" else None


async def test_erased_during_a_redis_outage_a_fresh_worker_does_not_know_the_name(
    backend, tmp_path, store_location, embedder, user_id
):
    """The line to Redis is cut while the user is erased (Redis itself keeps
    its data); the erasing worker ends before the line is back, so it never
    replays its purge. A fresh worker on the same store and the same Redis
    must not know the erased name."""
    redis = RedisServer().start()
    line = await TcpProxy("127.0.0.1", redis.port).start()
    settings = settings_for(backend, tmp_path, redis_url=line.url(), postgres_dsn=store_location)
    try:
        first = await build_services(settings, embedder=embedder)
        try:
            await first.onboarding.onboard(user_id, {"name": "Anna", "interests": ["tango"]})
            assert (await first.users.get_profile(user_id)).data["name"] == "Anna"
            assert "Anna" in await first.conversations.greeting(user_id)
            line.cut()
            report = await first.users.delete_user(user_id)
            assert report.existed and not report.complete
            assert any("Redis" in part for part in report.unreached)
        finally:
            await first.aclose()
        line.restore()

        fresh = await build_services(settings, embedder=embedder)
        try:
            assert (await fresh.cache.health())["backend"] == "redis"
            assert await fresh.users.get_profile(user_id) is None
            # What the agent does when this person connects again: a new, empty user.
            await fresh.users.ensure_profile_exists(user_id, restart_erased=True)
            greeting = await fresh.conversations.greeting(user_id)
            assert "Anna" not in greeting and greeting.startswith("Hi there")
            assert (await fresh.profiles.get(user_id)).data == {}
        finally:
            await fresh.aclose()
    finally:
        await line.close()
        redis.kill()


async def test_an_erasure_and_a_rename_are_seen_at_once_by_a_second_worker_process_without_redis(
    backend, tmp_path, store_location, embedder, user_id
):
    settings = settings_for(backend, tmp_path, redis_url=None, postgres_dsn=store_location)
    services = await build_services(settings, embedder=embedder)
    location = store_location or settings.sqlite_path
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.support.erasure_worker", backend, location,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=ROOT,
    )
    assert worker.stdin is not None and worker.stdout is not None

    async def served_by_worker(uid: str) -> object:
        worker.stdin.write(f"{uid}\n".encode())
        await worker.stdin.drain()
        return json.loads(await asyncio.wait_for(worker.stdout.readline(), timeout=60))

    try:
        assert (await asyncio.wait_for(worker.stdout.readline(), timeout=60)).strip() == b"ready"
        await services.onboarding.onboard(user_id, {"name": "Anna"})
        assert (await served_by_worker(user_id))["name"] == "Anna"  # the second worker has read it
        await services.profiles.update_preference(user_id, "preferred_name", "Ana")
        assert (await served_by_worker(user_id))["name"] == "Ana"
        await services.users.delete_user(user_id)
        assert await served_by_worker(user_id) is None
    finally:
        worker.stdin.write(b"\n")
        await worker.stdin.drain()
        assert await asyncio.wait_for(worker.wait(), timeout=60) == 0
        await services.aclose()


async def test_an_erased_id_starts_over_empty_and_work_from_before_cannot_write_into_it(services, user_id):
    """Re-using an id: work that began before the erasure stays fenced after the
    id has started over as a new user (here: a session another worker opened)."""
    other_worker = ConversationService(services.store, services.batcher)
    session = await other_worker.start_session(user_id)
    await services.memory.remember(user_id, "Lives in Zanzibar", key="location")
    await services.users.delete_user(user_id)
    with pytest.raises(UserErasedError):
        await services.profiles.update_preference(user_id, "preferred_name", "Anna")  # no implicit comeback
    assert await services.store.get_user(user_id) is None

    await services.users.ensure_profile_exists(user_id, restart_erased=True)
    with pytest.raises(UserErasedError):  # the old session belongs to the erased generation
        await other_worker.record_turn(user_id, session.id, "user", "I live in Zanzibar")
    assert (await services.memory.remember(user_id, "Likes tea")).action == "created"
    assert [m.content for m in await services.memory.list(user_id)] == ["Likes tea"]
    assert await services.store.list_turns(user_id) == []
    assert (await services.users.user_generation(user_id)).generation == 1
