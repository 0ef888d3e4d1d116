"""User isolation: through every store method, user A never reads, finds,
changes or deletes user B's rows, even when A knows B's ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import CrossUserWriteError
from core.models import Memory, Profile, Session, Turn, TurnRole, User
from tests.storage.conftest import memory, new_uuid, unit


@dataclass
class Seeded:
    memory: Memory
    session: Session
    turn: Turn


async def seed(store, uid: str, word: str, direction) -> Seeded:
    await store.upsert_user(User(id=uid, display_name=word))
    await store.upsert_profile(Profile(user_id=uid, data={"word": word}))
    m = memory(uid, f"my {word} secret", embedding=direction, key="shared_key", minutes_ago=30)
    await store.add_memory(m)
    session = await store.create_session(Session(user_id=uid, summary=word))
    turn = Turn(user_id=uid, session_id=session.id, role=TurnRole.USER, text=f"{word} said")
    await store.add_turns([turn])
    return Seeded(m, session, turn)


async def assert_b_untouched(store, b_id: str, b: Seeded) -> None:
    got = await store.get_memory(b_id, b.memory.id)
    assert got is not None and got.content == "my zebra secret"
    assert got.access_count == 0 and got.superseded_by is None
    session = await store.get_session(b_id, b.session.id)
    assert session.summary == "zebra" and session.ended_at is None
    assert [t.text for t in await store.list_turns(b_id)] == ["zebra said"]
    assert (await store.get_profile(b_id)).data == {"word": "zebra"}
    assert (await store.get_user(b_id)).display_name == "zebra"


@pytest.fixture
async def two_users(store, user_id, other_user_id):
    a = await seed(store, user_id, "apple", unit(1))
    b = await seed(store, other_user_id, "zebra", unit(0, 1))
    return store, user_id, a, other_user_id, b


async def test_reads_never_cross_users(two_users):
    store, a_id, a, _b_id, b = two_users
    assert await store.get_memories(a_id, [b.memory.id]) == []
    assert await store.get_memory(a_id, b.memory.id) is None
    assert [m.id for m in await store.list_memories(a_id, include_superseded=True)] == [a.memory.id]
    assert [m.id for m in await store.list_memories(a_id, key="shared_key")] == [a.memory.id]
    assert await store.count_memories(a_id, include_superseded=True) == 1
    # B's exact vector and B's word find only A's own rows (or nothing).
    assert [h.memory.id for h in await store.search_memories(a_id, unit(0, 1), limit=10)] == [a.memory.id]
    assert await store.lexical_search_memories(a_id, "zebra") == []
    assert await store.get_session(a_id, b.session.id) is None
    assert [s.id for s in await store.list_sessions(a_id)] == [a.session.id]
    assert await store.list_turns(a_id, session_id=b.session.id) == []
    assert [t.text for t in await store.list_turns(a_id)] == ["apple said"]
    assert (await store.get_profile(a_id)).data == {"word": "apple"}


async def test_updates_never_cross_users(two_users):
    store, a_id, a, b_id, b = two_users
    assert await store.update_memory(a_id, b.memory.id, content="hijacked", superseded_by=a.memory.id) is None
    await store.record_memory_access(a_id, [b.memory.id])
    assert await store.end_session(
        a_id, b.session.id, ended_at=datetime.now(UTC), summary="hijacked", open_threads=["x"]
    ) is None
    await store.upsert_profile(Profile(user_id=a_id, data={"word": "changed"}))
    await store.upsert_user(User(id=a_id, display_name="changed"))
    await assert_b_untouched(store, b_id, b)


async def test_writes_reusing_anothers_ids_are_refused(two_users):
    store, a_id, a, b_id, b = two_users
    stolen = memory(a_id, "overwrite attempt", embedding=unit(1))
    stolen.id = b.memory.id
    with pytest.raises(CrossUserWriteError):
        await store.add_memories([memory(a_id, "innocent"), stolen])
    with pytest.raises(CrossUserWriteError):
        await store.create_session(Session(user_id=a_id, id=b.session.id, summary="hijacked"))
    with pytest.raises(CrossUserWriteError):
        await store.add_turns([Turn(user_id=a_id, session_id=a.session.id, role=TurnRole.USER, text="x", id=b.turn.id)])
    assert await store.count_memories(a_id) == 1  # the innocent one was not written either
    await assert_b_untouched(store, b_id, b)


async def test_deletes_never_cross_users(two_users):
    store, a_id, _a, b_id, b = two_users
    assert await store.delete_memories(a_id, memory_ids=[b.memory.id]) == 0
    assert await store.delete_memories(a_id, key="shared_key") == 1  # A's own row only
    await store.add_memory(memory(a_id, "another", minutes_ago=60))
    future = datetime.now(UTC) + timedelta(days=1)
    assert await store.delete_memories_before(a_id, future) == 1
    await store.add_memory(memory(a_id, "and another"))
    assert await store.delete_memories(a_id, all_memories=True) == 1
    assert await store.delete_user(a_id) is True
    await assert_b_untouched(store, b_id, b)
    assert [h.memory.id for h in await store.search_memories(b_id, unit(0, 1))] == [b.memory.id]
    assert [h.memory.id for h in await store.lexical_search_memories(b_id, "zebra")] == [b.memory.id]
    assert await store.admin_count_users() == 1


async def test_unknown_user_sees_nothing(two_users):
    store, *_ = two_users
    stranger = new_uuid()
    assert await store.list_memories(stranger) == []
    assert await store.search_memories(stranger, unit(1)) == []
    assert await store.lexical_search_memories(stranger, "apple zebra") == []
    assert await store.list_sessions(stranger) == []
    assert await store.list_turns(stranger) == []
    assert await store.delete_user(stranger) is False
