"""Erasure is final: after ``UserService.delete_user`` returns, nothing of the
user exists and nothing comes back, on both backends.

Everything here is real: SQLite files, PostgreSQL with pgvector, Redis (and a
Redis that is killed mid-test), MiniLM, the batcher, build_services.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from core.config import Settings
from services.container import Services, build_services

# Work in flight when the erasure starts: the background learner, a tool's
# remember and two recorded turns, each started this long before the erase.
RACE_DELAYS_MS = (0, 5, 20, 50)
SAID = "My sister Aisha lives in Zanzibar and I work as a florist at Bloomcraft."


def settings_for(backend: str, tmp_path, *, redis_url: str | None, postgres_dsn: str | None = None) -> Settings:
    values: dict[str, object] = {
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
