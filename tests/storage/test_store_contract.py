"""The MemoryStore contract, run against both backends (see conftest ``store``)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from core.errors import (
    ConfigurationError,
    CrossUserWriteError,
    InvalidUserIdError,
    StorageError,
    UserErasedError,
    ValidationError,
    WriteConflictError,
)
from core.models import (
    Memory,
    MemoryKind,
    MemorySource,
    Profile,
    Session,
    Turn,
    TurnRole,
    User,
    UserGeneration,
)
from infrastructure.storage.base import MemoryStore
from infrastructure.storage.postgres_store import PostgresMemoryStore
from infrastructure.storage.sqlite_store import SQLiteMemoryStore
from tests.storage.conftest import DIM, memory, new_uuid, unit


def close_to(a: datetime, b: datetime) -> bool:
    return abs((a - b).total_seconds()) < 1e-3


# --- users & profiles ---------------------------------------------------------------


async def test_user_upsert_get_and_update_keeps_created_at(store, user_id):
    created = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    first = await store.upsert_user(User(id=user_id, display_name="Ayesha", metadata={"tz": "Asia/Karachi"}, created_at=created))
    assert first.id == user_id and first.display_name == "Ayesha"
    fetched = await store.get_user(user_id)
    assert fetched is not None
    assert fetched.metadata == {"tz": "Asia/Karachi"}
    assert close_to(fetched.created_at, created)

    await store.upsert_user(User(id=user_id, display_name="عائشہ 🌙"))
    updated = await store.get_user(user_id)
    assert updated.display_name == "عائشہ 🌙"
    assert close_to(updated.created_at, created), "an update must not reset created_at"
    assert updated.updated_at > created
    assert await store.get_user(new_uuid()) is None
    assert await store.admin_count_users() == 1


async def test_user_id_is_canonicalised(store, user_id):
    await store.upsert_user(User(id=user_id.upper()))
    assert (await store.get_user(user_id)).id == user_id
    assert (await store.get_user(user_id.upper())).id == user_id


async def test_profile_upsert_get_update(store, user_id):
    assert await store.get_profile(user_id) is None
    data = {"name": "Sam", "likes": ["chai", "cricket"], "nested": {"city": "Lahore", "n": 3}}
    saved = await store.upsert_profile(Profile(user_id=user_id, data=data, summary="Likes chai."))
    assert saved.data == data and saved.summary == "Likes chai."
    again = await store.upsert_profile(Profile(user_id=user_id, data={"name": "Sam"}, summary=None))
    assert again.data == {"name": "Sam"} and again.summary is None
    assert close_to(again.created_at, saved.created_at)
    fetched = await store.get_profile(user_id)
    assert fetched.data == {"name": "Sam"}


def with_interest(item: str):
    """A profile change adding one interest (what a merge does, minimally)."""

    def change(profile: Profile) -> Profile:
        profile.data = {**profile.data, "interests": [*profile.data.get("interests", []), item]}
        return profile

    return change


async def test_modify_profile_creates_changes_and_skips_no_op_writes(store, user_id):
    created = await store.modify_profile(user_id, lambda profile: profile)
    assert created.user_id == user_id and created.data == {} and created.summary is None
    assert (await store.get_profile(user_id)).data == {}

    def rename(profile: Profile) -> Profile:
        profile.data["name"] = "Sam"
        profile.summary = "Sam likes chai."
        return profile

    renamed = await store.modify_profile(user_id, rename)
    assert renamed.data == {"name": "Sam"} and renamed.summary == "Sam likes chai."
    assert close_to(renamed.created_at, created.created_at)
    unchanged = await store.modify_profile(user_id, lambda profile: profile)
    assert unchanged.updated_at == renamed.updated_at, "a change that changes nothing writes nothing"

    def failing(profile: Profile) -> Profile:
        profile.data["name"] = "half-written"
        raise ValidationError("rejected by the change")

    with pytest.raises(ValidationError):
        await store.modify_profile(user_id, failing)
    with pytest.raises(ValidationError):
        await store.modify_profile(user_id, with_interest(object()))  # not JSON: rejected, nothing written
    assert (await store.get_profile(user_id)).data == {"name": "Sam"}


async def second_store_on(store: MemoryStore) -> MemoryStore:
    """Another store (its own connections) on the same database, as a second worker has."""
    if isinstance(store, SQLiteMemoryStore):
        other: MemoryStore = SQLiteMemoryStore(store.path, DIM)
    else:
        assert isinstance(store, PostgresMemoryStore)
        other = PostgresMemoryStore(store.dsn, DIM, min_size=1, max_size=4)
    await other.initialize()
    return other


async def test_modify_profile_from_two_connections_loses_no_update(store, user_id):
    other = await second_store_on(store)
    try:
        items = [f"topic {i}" for i in range(60)]
        await asyncio.gather(
            *(
                (store if i % 2 else other).modify_profile(user_id, with_interest(item))
                for i, item in enumerate(items)
            )
        )
    finally:
        await other.close()
    assert sorted((await store.get_profile(user_id)).data["interests"]) == sorted(items)


# --- memories: CRUD -----------------------------------------------------------------


async def test_memory_roundtrip_keeps_every_field(store, user_id):
    occurred = datetime(2023, 5, 8, 13, 56, tzinfo=UTC)
    session_id = new_uuid()
    original = memory(
        user_id,
        "Caroline went to an LGBTQ support group",
        embedding=unit(1, 2, 3),
        kind=MemoryKind.EVENT,
        key="support_group",
        importance=0.8,
        occurred_at=occurred,
        source=MemorySource.IMPORT,
        session_id=session_id,
        metadata={"dia_id": "D1:3", "tags": ["x", 1]},
    )
    await store.add_memory(original)
    got = await store.get_memory(user_id, original.id)
    assert got is not None
    assert (got.id, got.user_id, got.content, got.kind, got.key) == (
        original.id, user_id, original.content, MemoryKind.EVENT, "support_group")
    assert got.importance == pytest.approx(0.8)
    assert got.embedding.dtype == np.float32 and got.embedding.shape == (DIM,)
    assert np.allclose(got.embedding, original.embedding, atol=1e-6)
    assert close_to(got.occurred_at, occurred) and close_to(got.created_at, original.created_at)
    assert got.source == MemorySource.IMPORT and got.session_id == session_id
    assert got.metadata == {"dia_id": "D1:3", "tags": ["x", 1]}
    assert got.superseded_by is None and got.access_count == 0 and got.last_accessed_at is None


async def test_get_memories_follows_requested_order_and_skips_unknown(store, user_id):
    items = [memory(user_id, f"fact {i}") for i in range(3)]
    await store.add_memories(items)
    wanted = [items[2].id, new_uuid(), items[0].id]
    got = await store.get_memories(user_id, wanted)
    assert [m.id for m in got] == [items[2].id, items[0].id]
    assert await store.get_memories(user_id, []) == []
    assert await store.get_memory(user_id, new_uuid()) is None


async def test_add_memories_replaces_by_id_and_reindexes_text(store, user_id):
    first = memory(user_id, "I live in Karachi", embedding=unit(1))
    await store.add_memory(first)
    replacement = memory(user_id, "I moved to Islamabad", embedding=unit(0, 1))
    replacement.id = first.id
    await store.add_memories([replacement])
    assert await store.count_memories(user_id) == 1
    assert (await store.get_memory(user_id, first.id)).content == "I moved to Islamabad"
    assert await store.lexical_search_memories(user_id, "Karachi") == []
    assert [h.memory.id for h in await store.lexical_search_memories(user_id, "Islamabad")] == [first.id]
    hits = await store.search_memories(user_id, unit(0, 1), limit=1)
    assert hits[0].memory.id == first.id and hits[0].score == pytest.approx(1.0, abs=1e-5)


async def test_add_memories_empty_batch_is_a_no_op(store, user_id):
    await store.add_memories([])
    assert await store.count_memories(user_id) == 0


async def test_update_memory_changes_named_fields_and_bumps_updated_at(store, user_id):
    original = memory(user_id, "likes tea", embedding=unit(1), minutes_ago=60)
    await store.add_memory(original)
    occurred = datetime(2024, 1, 2, tzinfo=UTC)
    updated = await store.update_memory(
        user_id,
        original.id,
        content="loves green tea",
        kind="preference",
        key="drink",
        importance=0.9,
        embedding=unit(0, 0, 1),
        occurred_at=occurred,
        metadata={"v": 2},
    )
    assert updated.content == "loves green tea" and updated.kind == MemoryKind.PREFERENCE
    assert updated.key == "drink" and updated.importance == pytest.approx(0.9)
    assert updated.metadata == {"v": 2} and close_to(updated.occurred_at, occurred)
    assert updated.updated_at > original.updated_at
    assert close_to(updated.created_at, original.created_at)
    reread = await store.get_memory(user_id, original.id)
    assert reread.content == "loves green tea"
    assert (await store.search_memories(user_id, unit(0, 0, 1), limit=1))[0].memory.id == original.id
    assert [h.memory.id for h in await store.lexical_search_memories(user_id, "green")] == [original.id]
    assert await store.update_memory(user_id, new_uuid(), content="x") is None


async def test_update_memory_rejects_bad_fields_and_changes_nothing(store, user_id):
    original = memory(user_id, "keep me", embedding=unit(1))
    await store.add_memory(original)
    with pytest.raises(ValidationError):
        await store.update_memory(user_id, original.id, access_count=99)
    with pytest.raises(ValidationError):
        await store.update_memory(user_id, original.id, content="new", embedding=np.ones(DIM + 1, np.float32))
    with pytest.raises(ValidationError):
        await store.update_memory(user_id, original.id, importance=1.5)
    with pytest.raises(ValidationError):
        await store.update_memory(user_id, original.id, kind="gossip")
    assert (await store.get_memory(user_id, original.id)).content == "keep me"


async def test_delete_memories_by_ids_key_and_all(store, user_id):
    a = memory(user_id, "a", key="home")
    b = memory(user_id, "b", key="home", superseded_by=a.id)
    c = memory(user_id, "c", key="work")
    d = memory(user_id, "d")
    await store.add_memories([a, b, c, d])
    assert await store.delete_memories(user_id, memory_ids=[a.id, new_uuid()]) == 1
    assert await store.delete_memories(user_id, key="home") == 1  # b; a is already gone
    assert await store.delete_memories(user_id, memory_ids=[]) == 0
    with pytest.raises(ValidationError):
        await store.delete_memories(user_id)  # no selector: never "delete everything" by accident
    assert {m.id for m in await store.list_memories(user_id)} == {c.id, d.id}
    assert await store.delete_memories(user_id, all_memories=True) == 2
    assert await store.count_memories(user_id, include_superseded=True) == 0


async def test_list_memories_newest_first_with_filters_and_paging(store, user_id):
    items = [
        memory(user_id, f"m{i}", minutes_ago=10 - i, kind=MemoryKind.GOAL if i % 2 else MemoryKind.FACT, key=f"k{i % 3}")
        for i in range(6)
    ]
    for older, newer in zip(items[:3], items[3:]):  # one active row per key: m0-m2 are history
        older.superseded_by = newer.id
    await store.add_memories(items)
    listed = await store.list_memories(user_id, include_superseded=True)
    assert [m.content for m in listed] == ["m5", "m4", "m3", "m2", "m1", "m0"]
    assert [m.content for m in await store.list_memories(user_id)] == ["m5", "m4", "m3"]
    assert [m.content for m in await store.list_memories(user_id, kind=MemoryKind.GOAL)] == ["m5", "m3"]
    assert [m.content for m in await store.list_memories(user_id, key="k0", include_superseded=True)] == ["m3", "m0"]
    assert [m.content for m in await store.list_memories(user_id, key="k0")] == ["m3"]
    assert [m.content for m in await store.list_memories(user_id, limit=2, offset=1, include_superseded=True)] == [
        "m4", "m3"
    ]


async def test_record_memory_access_increments(store, user_id):
    m = memory(user_id, "x")
    await store.add_memory(m)
    await store.record_memory_access(user_id, [m.id])
    await store.record_memory_access(user_id, [m.id, new_uuid()])
    got = await store.get_memory(user_id, m.id)
    assert got.access_count == 2
    assert got.last_accessed_at is not None
    assert abs((datetime.now(UTC) - got.last_accessed_at).total_seconds()) < 60


async def test_delete_memories_before_respects_importance(store, user_id):
    old_minor = memory(user_id, "old minor", minutes_ago=600, importance=0.2, embedding=unit(1))
    old_major = memory(user_id, "old major", minutes_ago=600, importance=0.9, embedding=unit(1, 1))
    recent = memory(user_id, "recent", importance=0.1, embedding=unit(0, 1))
    await store.add_memories([old_minor, old_major, recent])
    cutoff = datetime.now(UTC) - timedelta(minutes=60)
    assert await store.delete_memories_before(user_id, cutoff, max_importance=0.5) == 1
    remaining = {m.content for m in await store.list_memories(user_id)}
    assert remaining == {"old major", "recent"}
    hits = await store.search_memories(user_id, unit(1), limit=5)
    assert old_minor.id not in {h.memory.id for h in hits}


# --- search -------------------------------------------------------------------------


async def test_vector_search_orders_by_cosine_and_filters(store, user_id):
    same = memory(user_id, "same direction", embedding=unit(1), kind=MemoryKind.FACT)
    near = memory(user_id, "near", embedding=unit(1, 1), kind=MemoryKind.PREFERENCE)
    orthogonal = memory(user_id, "orthogonal", embedding=unit(0, 1), kind=MemoryKind.FACT)
    opposite = memory(user_id, "opposite", embedding=unit(-1), kind=MemoryKind.FACT)
    no_vector = memory(user_id, "no vector")
    await store.add_memories([orthogonal, opposite, near, same, no_vector])

    hits = await store.search_memories(user_id, unit(1), limit=10)
    assert [h.memory.content for h in hits] == ["same direction", "near", "orthogonal", "opposite"]
    assert [h.score for h in hits] == pytest.approx([1.0, 0.70710677, 0.0, -1.0], abs=1e-4)
    assert [h.memory.content for h in await store.search_memories(user_id, unit(1), limit=2)] == [
        "same direction", "near"]
    prefs = await store.search_memories(user_id, unit(1), limit=10, kind=MemoryKind.PREFERENCE)
    assert [h.memory.id for h in prefs] == [near.id]
    assert await store.search_memories(user_id, unit(1), limit=10, kind=MemoryKind.GOAL) == []
    assert await store.search_memories(new_uuid(), unit(1)) == []


async def test_vector_search_sees_every_write(store, user_id):
    rng = np.random.default_rng(7)
    # Search first so the SQLite backend has a cached matrix, then change data under it.
    batch = [memory(user_id, f"r{i}", embedding=(v := rng.standard_normal(DIM).astype(np.float32)) / np.linalg.norm(v)) for i in range(40)]
    await store.add_memories(batch)
    target = unit(0, 0, 0, 1)
    assert all(h.memory.content != "target" for h in await store.search_memories(user_id, target, limit=40))
    hit = memory(user_id, "target", embedding=target)
    await store.add_memory(hit)
    assert (await store.search_memories(user_id, target, limit=1))[0].memory.id == hit.id
    await store.update_memory(user_id, hit.id, embedding=-target)
    assert (await store.search_memories(user_id, target, limit=1))[0].memory.id != hit.id
    await store.update_memory(user_id, hit.id, embedding=target)
    await store.delete_memories(user_id, memory_ids=[hit.id])
    assert hit.id not in {h.memory.id for h in await store.search_memories(user_id, target, limit=50)}
    # Brute force agrees with the store on the top 5.
    expected = sorted(batch, key=lambda m: -float(m.embedding @ target))[:5]
    got = await store.search_memories(user_id, target, limit=5)
    assert [h.memory.id for h in got] == [m.id for m in expected]


async def test_vector_search_rejects_wrong_dimensions(store, user_id):
    with pytest.raises(ValidationError):
        await store.search_memories(user_id, np.ones(DIM + 3, np.float32))
    with pytest.raises(ValidationError):
        await store.add_memory(memory(user_id, "bad", embedding=np.ones(DIM - 1, np.float32)))
    assert await store.count_memories(user_id) == 0


async def test_lexical_search_ranks_partial_matches(store, user_id):
    both = memory(user_id, "I drink coffee and tea every morning")
    coffee = memory(user_id, "Coffee makes me jittery")
    unrelated = memory(user_id, "My sister lives in Lahore")
    await store.add_memories([both, coffee, unrelated])
    hits = await store.lexical_search_memories(user_id, "coffee tea?")
    assert [h.memory.id for h in hits] == [both.id, coffee.id]
    assert hits[0].score > hits[1].score
    running = memory(user_id, "She was running a marathon")
    await store.add_memory(running)
    assert [h.memory.id for h in await store.lexical_search_memories(user_id, "runs")] == [running.id]
    assert len(await store.lexical_search_memories(user_id, "coffee tea", limit=1)) == 1


async def test_lexical_search_weighs_a_rare_word_above_a_common_one(store, user_id):
    # "walk" is in nine of ten memories, "pottery" in one: the one that holds
    # the rare word must rank first even though another says "walk" twice.
    # (PostgreSQL's ts_rank alone has no idf and ranked the double "walk" first.)
    walks = [memory(user_id, f"We went for a walk on day {i}") for i in range(8)]
    double = memory(user_id, "A long walk, then another walk")
    pottery = memory(user_id, "Signed up for a pottery class")
    await store.add_memories([*walks, double, pottery])
    hits = await store.lexical_search_memories(user_id, "walk pottery", limit=3)
    assert hits[0].memory.id == pottery.id
    assert hits[1].memory.id == double.id
    if isinstance(store, PostgresMemoryStore):
        store.lexical_idf = False  # the previous ranking, for contrast
        before = await store.lexical_search_memories(user_id, "walk pottery", limit=3)
        assert before[0].memory.id == double.id


async def test_lexical_search_finds_urdu_in_script_and_romanised(store, user_id):
    script = memory(user_id, "میری بہن کی شادی دسمبر میں لاہور میں ہے")
    romanised = memory(user_id, "Meri behan ki shaadi December mein Lahore mein hai")
    other = memory(user_id, "مجھے چائے پسند ہے")
    await store.add_memories([script, romanised, other])
    hits = await store.lexical_search_memories(user_id, "بہن کی شادی کب ہے؟")
    assert [h.memory.id for h in hits] == [script.id]
    hits = await store.lexical_search_memories(user_id, "behan ki shaadi kab hai?")
    assert [h.memory.id for h in hits] == [romanised.id]
    # Function words alone ("کی ہے", "ki hai") match nothing rather than everything.
    assert await store.lexical_search_memories(user_id, "کی ہے") == []
    assert await store.lexical_search_memories(user_id, "ki hai") == []


@pytest.mark.parametrize(
    "query",
    ['"*NEAR(', "'); DROP TABLE memories; --", "", "   ", "???", "a AND OR NOT", "col:value ^x -y", '"unbalanced', "(((", "*", "NEAR(a b, 2)", "\\'"],
)
async def test_lexical_search_is_safe_for_any_text(store, user_id, query):
    await store.add_memory(memory(user_id, "Table tennis near the river, a good value"))
    hits = await store.lexical_search_memories(user_id, query)
    assert isinstance(hits, list)
    # The table is still there and still searchable.
    assert len(await store.lexical_search_memories(user_id, "tennis")) == 1


# --- superseded ---------------------------------------------------------------------


async def test_superseded_memories_are_hidden_but_kept(store, user_id):
    old = memory(user_id, "I work at Acme", embedding=unit(1), key="employer", minutes_ago=5)
    new = memory(user_id, "I work at Globex", embedding=unit(1, 0.1), key="employer")
    await store.add_memory(old)
    # Superseded before the new row exists: a key has one active row at a time.
    await store.update_memory(user_id, old.id, superseded_by=new.id)
    await store.add_memory(new)

    assert [m.id for m in await store.list_memories(user_id)] == [new.id]
    assert [m.id for m in await store.list_memories(user_id, include_superseded=True)] == [new.id, old.id]
    assert [h.memory.id for h in await store.search_memories(user_id, unit(1), limit=10)] == [new.id]
    assert await store.lexical_search_memories(user_id, "Acme") == []
    assert await store.count_memories(user_id) == 1
    assert await store.count_memories(user_id, include_superseded=True) == 2
    assert (await store.get_memory(user_id, old.id)).superseded_by == new.id  # by id: still readable

    with pytest.raises(WriteConflictError):  # two active employers
        await store.update_memory(user_id, old.id, superseded_by=None)
    assert (await store.get_memory(user_id, old.id)).superseded_by == new.id
    await store.delete_memories(user_id, memory_ids=[new.id])
    await store.update_memory(user_id, old.id, superseded_by=None)
    assert [h.memory.id for h in await store.search_memories(user_id, unit(1), limit=10)] == [old.id]


async def test_one_active_memory_per_key(store, user_id, other_user_id):
    first = memory(user_id, "User lives in Karachi.", embedding=unit(1), key="location", minutes_ago=5)
    second = memory(user_id, "User lives in Lahore.", embedding=unit(1, 1), key="location")
    with pytest.raises(WriteConflictError):
        await store.add_memories([first, second])  # one batch, two active rows of one key
    assert await store.count_memories(user_id, include_superseded=True) == 0, "the batch wrote nothing"

    await store.add_memory(first)
    with pytest.raises(WriteConflictError):
        await store.add_memory(second)
    keyless = memory(user_id, "User moved to Lahore.", embedding=unit(1, 2))
    await store.add_memory(keyless)
    with pytest.raises(WriteConflictError):
        await store.update_memory(user_id, keyless.id, key="location")
    # History shares the key freely; so do other users and other keys.
    await store.add_memory(memory(user_id, "User lived in Quetta.", key="location", superseded_by=first.id))
    await store.add_memory(memory(other_user_id, "User lives in Multan.", key="location"))
    await store.add_memory(memory(user_id, "User works as a nurse.", key="job"))
    assert [m.id for m in await store.list_memories(user_id, key="location")] == [first.id]
    assert (await store.get_memory(user_id, keyless.id)).key is None


async def test_add_memory_superseding_replaces_in_one_step(store, user_id):
    karachi = memory(user_id, "User lives in Karachi.", embedding=unit(1), key="location", minutes_ago=5)
    lahore = memory(user_id, "User lives in Lahore.", embedding=unit(1, 1), key="location")
    assert await store.add_memory_superseding(karachi, []) == []
    replaced = await store.add_memory_superseding(lahore, [karachi.id])
    assert [(m.id, m.superseded_by) for m in replaced] == [(karachi.id, lahore.id)]
    assert [m.id for m in await store.list_memories(user_id, key="location")] == [lahore.id]
    assert [m.id for m in await store.list_memories(user_id, key="location", include_superseded=True)] == [
        lahore.id, karachi.id
    ]
    assert [h.memory.id for h in await store.search_memories(user_id, unit(1), limit=5)] == [lahore.id]
    assert await store.lexical_search_memories(user_id, "Karachi") == []
    stored = await store.get_memory(user_id, lahore.id)
    assert stored.content == lahore.content and stored.embedding is not None


async def test_add_memory_superseding_refuses_a_stale_decision(store, user_id, other_user_id):
    karachi = memory(user_id, "User lives in Karachi.", embedding=unit(1), key="location", minutes_ago=5)
    lahore = memory(user_id, "User lives in Lahore.", embedding=unit(1, 1), key="location", minutes_ago=1)
    await store.add_memory(karachi)
    await store.add_memory_superseding(lahore, [karachi.id])
    # Another worker decided on the Karachi row too: it is no longer active.
    multan = memory(user_id, "User lives in Multan.", embedding=unit(1, 2), key="location")
    with pytest.raises(WriteConflictError):
        await store.add_memory_superseding(multan, [karachi.id])
    # ...or saw no row of the key at all.
    with pytest.raises(WriteConflictError):
        await store.add_memory_superseding(multan, [])
    theirs = memory(other_user_id, "User lives in Sukkur.", key="location")
    await store.add_memory(theirs)
    with pytest.raises(WriteConflictError):  # another user's row is not this user's to supersede
        await store.add_memory_superseding(multan, [lahore.id, theirs.id])
    assert await store.get_memory(user_id, multan.id) is None, "a conflict writes nothing"
    assert [m.id for m in await store.list_memories(user_id, key="location")] == [lahore.id]
    assert (await store.get_memory(other_user_id, theirs.id)).superseded_by is None

    replaced = await store.add_memory_superseding(multan, [lahore.id])  # decided again on fresh rows
    assert [m.id for m in replaced] == [lahore.id]
    with pytest.raises(ValidationError):
        await store.add_memory_superseding(memory(user_id, "x", key="k", superseded_by=multan.id), [])


async def test_memory_added_already_superseded_is_not_searchable(store, user_id):
    successor = memory(user_id, "new fact", embedding=unit(0, 1))
    historic = memory(user_id, "old fact", embedding=unit(1), superseded_by=successor.id)
    await store.add_memories([successor, historic])
    assert [h.memory.id for h in await store.search_memories(user_id, unit(1), limit=5)] == [successor.id]


# --- sessions & turns ---------------------------------------------------------------


async def test_session_lifecycle(store, user_id):
    first = await store.create_session(Session(user_id=user_id, started_at=datetime.now(UTC) - timedelta(hours=2)))
    second = await store.create_session(Session(user_id=user_id, metadata={"room": "r1"}))
    assert (await store.get_session(user_id, first.id)).ended_at is None
    ended_at = datetime.now(UTC)
    ended = await store.end_session(
        user_id, first.id, ended_at=ended_at, summary="Talked about the interview.",
        open_threads=["interview on Friday", "سالگرہ کا تحفہ"],
    )
    assert close_to(ended.ended_at, ended_at)
    assert ended.summary == "Talked about the interview."
    assert ended.open_threads == ["interview on Friday", "سالگرہ کا تحفہ"]
    assert (await store.get_session(user_id, first.id)).open_threads == ended.open_threads
    assert [s.id for s in await store.list_sessions(user_id)] == [second.id, first.id]
    assert [s.id for s in await store.list_sessions(user_id, limit=1)] == [second.id]
    assert (await store.get_session(user_id, second.id)).metadata == {"room": "r1"}
    assert await store.end_session(user_id, new_uuid(), ended_at=ended_at, summary=None, open_threads=[]) is None
    assert await store.get_session(user_id, new_uuid()) is None
    again = await store.create_session(Session(user_id=user_id, id=second.id, metadata={"room": "r2"}))
    assert again.metadata == {"room": "r2"} and len(await store.list_sessions(user_id)) == 2


async def test_turns_latest_n_oldest_first(store, user_id):
    s1, s2 = new_uuid(), new_uuid()
    base = datetime.now(UTC) - timedelta(minutes=30)
    turns = [
        Turn(user_id=user_id, session_id=s1 if i < 6 else s2, role=TurnRole.USER if i % 2 == 0 else TurnRole.ASSISTANT,
             text=f"t{i}", created_at=base + timedelta(seconds=i))
        for i in range(10)
    ]
    await store.add_turns(turns[:5])
    await store.add_turns(turns[5:])
    await store.add_turns(turns[3:7])  # a retried batch must not duplicate
    assert [t.text for t in await store.list_turns(user_id, limit=3)] == ["t7", "t8", "t9"]
    assert [t.text for t in await store.list_turns(user_id, session_id=s1, limit=4)] == ["t2", "t3", "t4", "t5"]
    assert len(await store.list_turns(user_id, limit=100)) == 10
    got = (await store.list_turns(user_id, limit=1))[0]
    assert got.role == TurnRole.ASSISTANT and got.session_id == s2 and close_to(got.created_at, turns[9].created_at)


async def test_turns_with_equal_timestamps_keep_insertion_order(store, user_id):
    session_id = new_uuid()
    now = datetime.now(UTC)
    turns = [Turn(user_id=user_id, session_id=session_id, role=TurnRole.USER, text=f"same {i}", created_at=now) for i in range(4)]
    await store.add_turns(turns)
    assert [t.text for t in await store.list_turns(user_id, limit=3)] == ["same 1", "same 2", "same 3"]


# --- bad input ----------------------------------------------------------------------

TRICKY_TEXTS = [
    "مجھے بارش میں چائے پینا بہت پسند ہے",  # Urdu, right-to-left
    "I ❤️ my 🐈‍⬛ named Zoë — naïve café",
    "'); DROP TABLE memories; --",
    "Robert'); DELETE FROM users WHERE ('1'='1",
    '"*NEAR( OR AND " \\ % _ $1 ?',
    "line1\nline2\ttab\r\n  spaced  ",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
async def test_text_is_stored_verbatim(store, user_id, text):
    m = memory(user_id, text, key=text[:50], metadata={"note": text})
    await store.add_memory(m)
    got = await store.get_memory(user_id, m.id)
    assert got.content == text and got.key == text[:50] and got.metadata == {"note": text}
    session = await store.create_session(Session(user_id=user_id, summary=text, open_threads=[text]))
    await store.add_turns([Turn(user_id=user_id, session_id=session.id, role=TurnRole.USER, text=text)])
    assert (await store.list_turns(user_id))[0].text == text
    assert (await store.get_session(user_id, session.id)).open_threads == [text]
    await store.upsert_user(User(id=user_id, display_name=text))
    assert (await store.get_user(user_id)).display_name == text
    assert await store.count_memories(user_id) == 1  # nothing else was touched


async def test_urdu_and_emoji_are_searchable(store, user_id):
    urdu = memory(user_id, TRICKY_TEXTS[0])
    await store.add_memory(urdu)
    hits = await store.lexical_search_memories(user_id, "چائے")
    assert [h.memory.id for h in hits] == [urdu.id]


async def test_large_text_roundtrips(store, user_id):
    big = ("Lorem ipsum dolor sit amet, ünïcödé 😀 " * 3000)[:100_000]
    m = memory(user_id, big, embedding=unit(1))
    await store.add_memory(m)
    assert (await store.get_memory(user_id, m.id)).content == big
    assert [h.memory.id for h in await store.lexical_search_memories(user_id, "dolor")] == [m.id]


async def test_invalid_input_raises_typed_errors_and_writes_nothing(store, user_id):
    with pytest.raises(InvalidUserIdError):
        await store.get_user("not-a-uuid")
    with pytest.raises(InvalidUserIdError):
        await store.list_memories("1' OR '1'='1")
    with pytest.raises(ValidationError):
        await store.add_memories([memory(user_id, "ok"), memory(user_id, "nul\x00byte")])
    with pytest.raises(ValidationError):
        await store.add_memory(memory(user_id, "bad importance", importance=2.0))
    with pytest.raises(ValidationError):
        await store.add_memory(memory(user_id, "bad metadata", metadata={"when": datetime.now()}))
    with pytest.raises(ValidationError):
        await store.get_memories(user_id, ["not-a-uuid"])
    with pytest.raises(ValidationError):
        await store.add_turns([Turn(user_id=user_id, session_id="session-1", role=TurnRole.USER, text="x")])
    assert await store.count_memories(user_id, include_superseded=True) == 0
    assert await store.list_turns(user_id) == []


async def test_mixed_user_batches_raise_and_write_nothing(store, user_id, other_user_id):
    with pytest.raises(CrossUserWriteError):
        await store.add_memories([memory(user_id, "mine"), memory(other_user_id, "theirs")])
    with pytest.raises(CrossUserWriteError):
        await store.add_turns([
            Turn(user_id=user_id, session_id=new_uuid(), role=TurnRole.USER, text="a"),
            Turn(user_id=other_user_id, session_id=new_uuid(), role=TurnRole.USER, text="b"),
        ])
    for uid in (user_id, other_user_id):
        assert await store.count_memories(uid, include_superseded=True) == 0
        assert await store.list_turns(uid) == []


# --- erasure ------------------------------------------------------------------------


async def test_delete_user_erases_everything(store, user_id, other_user_id):
    for uid in (user_id, other_user_id):
        await store.upsert_user(User(id=uid, display_name="x"))
        await store.upsert_profile(Profile(user_id=uid, data={"name": "x"}))
        await store.add_memories([memory(uid, "secret garden code 1234", embedding=unit(1)),
                                  memory(uid, "another secret", embedding=unit(0, 1))])
        session = await store.create_session(Session(user_id=uid))
        await store.add_turns([Turn(user_id=uid, session_id=session.id, role=TurnRole.USER, text="hello")])
    await store.search_memories(user_id, unit(1))  # warm any in-process vector cache

    assert await store.delete_user(user_id) is True
    assert await store.get_user(user_id) is None
    assert await store.get_profile(user_id) is None
    assert await store.list_memories(user_id, include_superseded=True) == []
    assert await store.count_memories(user_id, include_superseded=True) == 0
    assert await store.search_memories(user_id, unit(1), limit=10) == []
    assert await store.lexical_search_memories(user_id, "secret garden") == []
    assert await store.list_sessions(user_id) == []
    assert await store.list_turns(user_id) == []
    assert await store.delete_user(user_id) is False

    assert (await store.get_user(other_user_id)) is not None
    assert len(await store.search_memories(other_user_id, unit(1), limit=10)) == 2
    assert len(await store.lexical_search_memories(other_user_id, "secret")) == 2
    assert len(await store.list_turns(other_user_id)) == 1
    assert await store.admin_count_users() == 1


async def test_an_erased_id_refuses_every_write_until_it_starts_over(store, user_id, other_user_id):
    """The tombstone is checked inside each writing transaction: every row that
    could bring the user back is refused with a typed error and nothing is written."""
    session = await store.create_session(Session(user_id=user_id))
    assert await store.user_generation(user_id) == UserGeneration(0, False)
    await store.delete_user(user_id)
    assert await store.user_generation(user_id) == UserGeneration(1, True)

    writes = [
        lambda: store.upsert_user(User(id=user_id, display_name="back")),
        lambda: store.upsert_profile(Profile(user_id=user_id, data={"name": "back"})),
        lambda: store.add_memories([memory(user_id, "back again", embedding=unit(1))]),
        lambda: store.create_session(Session(user_id=user_id)),
        lambda: store.add_turns([Turn(user_id=user_id, session_id=session.id, role=TurnRole.USER, text="back")]),
    ]
    for write in writes:
        with pytest.raises(UserErasedError) as refused:
            await write()
        assert refused.value.user_id == user_id
    assert await store.get_user(user_id) is None and await store.get_profile(user_id) is None
    assert await store.count_memories(user_id, include_superseded=True) == 0
    assert await store.list_sessions(user_id) == [] and await store.list_turns(user_id) == []
    # Nobody else is fenced.
    await store.add_memories([memory(other_user_id, "unaffected", embedding=unit(1))])

    # Starting over is explicit, keeps the generation the erasure began, and a
    # second erasure begins the next one.
    assert await store.reinstate_user(user_id) == UserGeneration(1, False)
    await store.upsert_user(User(id=user_id, display_name="new"))
    assert (await store.get_user(user_id)).display_name == "new"
    await store.delete_user(user_id)
    assert await store.user_generation(user_id) == UserGeneration(2, True)
    assert await store.reinstate_user(other_user_id) == UserGeneration(0, False)  # never erased: no-op


# --- lifecycle ----------------------------------------------------------------------


async def test_health_and_idempotent_lifecycle(store):
    await store.initialize()  # second call is a no-op
    health = await store.health()
    assert health["ok"] is True and health["backend"] == store.backend_name
    assert health["latency_ms"] >= 0
    await store.close()
    await store.close()
    after = await store.health()
    assert after["ok"] is False  # reports, never raises
    with pytest.raises(StorageError):
        await store.list_memories(new_uuid())


async def test_warm_user_is_a_harmless_hint(store, user_id):
    await store.add_memory(memory(user_id, "warm", embedding=unit(1)))
    await store.warm_user(user_id)
    await store.warm_user(new_uuid())  # unknown users are fine
    assert [h.memory.content for h in await store.search_memories(user_id, unit(1))] == ["warm"]
    if store.backend_name == "sqlite":
        assert store.stats()["vector_cache"]["cached_users"] >= 1


async def test_concurrent_writes_and_searches_stay_consistent(store, user_id):
    rng = np.random.default_rng(11)
    items = []
    for i in range(60):
        vector = rng.standard_normal(DIM).astype(np.float32)
        items.append(memory(user_id, f"concurrent {i}", embedding=vector / np.linalg.norm(vector)))
    probe = unit(1, 1, 1)

    async def search_while_writing():
        return await store.search_memories(user_id, probe, limit=100)

    tasks = []
    for i, item in enumerate(items):
        tasks.append(store.add_memory(item))
        if i % 3 == 0:
            tasks.append(search_while_writing())
            tasks.append(store.delete_memories(user_id, memory_ids=[items[i // 2].id]))
    await asyncio.gather(*tasks)

    remaining = {m.id: m for m in await store.list_memories(user_id, limit=1000)}
    hits = await store.search_memories(user_id, probe, limit=1000)
    assert {h.memory.id for h in hits} == set(remaining)
    expected = sorted(remaining.values(), key=lambda m: -float(m.embedding @ probe))
    assert [h.memory.id for h in hits[:10]] == [m.id for m in expected[:10]]


async def test_memory_counts_aggregate_per_kind_and_history(store, user_id, other_user_id):
    from core.models import MemoryKind

    empty = await store.memory_counts(user_id)
    assert empty.active_by_kind == {kind.value: 0 for kind in MemoryKind}
    assert (empty.superseded, empty.oldest, empty.newest) == (0, None, None)

    old = memory(user_id, "lives in Karachi", kind=MemoryKind.FACT, minutes_ago=600)
    new = memory(user_id, "moved to Lahore", kind=MemoryKind.FACT, minutes_ago=5)
    likes = memory(user_id, "likes chai", kind=MemoryKind.PREFERENCE, minutes_ago=60)
    await store.add_memories([old, new, likes])
    await store.add_memories([memory(other_user_id, f"other {i}", kind=MemoryKind.EVENT) for i in range(3)])
    await store.update_memory(user_id, old.id, superseded_by=new.id)

    counts = await store.memory_counts(user_id)
    assert counts.active_by_kind["fact"] == 1 and counts.active_by_kind["preference"] == 1
    assert counts.active_by_kind["event"] == 0  # another user's rows are not counted
    assert counts.superseded == 1
    assert abs((counts.oldest - old.created_at).total_seconds()) < 1e-3  # the history counts for the range
    assert abs((counts.newest - new.created_at).total_seconds()) < 1e-3
    assert counts.oldest.tzinfo is not None


async def test_memories_created_between_reads_one_users_active_window_newest_first(store):
    user, other = new_uuid(), new_uuid()
    day = datetime(2026, 6, 3, tzinfo=UTC)

    def at(owner: str, text: str, when: datetime) -> Memory:
        return Memory(owner, text, embedding=unit(1.0, 0.5), created_at=when, updated_at=when)

    before = at(user, "the day before", day - timedelta(microseconds=1))
    first = at(user, "morning", day)
    later = at(user, "evening", day + timedelta(hours=20))
    after = at(user, "the next day", day + timedelta(days=1))
    replaced = at(user, "corrected later", day + timedelta(hours=1))
    await store.add_memories([before, first, later, after, replaced])
    await store.add_memories([at(other, "someone else's", day + timedelta(hours=2))])
    await store.update_memory(user, replaced.id, superseded_by=later.id)

    found = await store.memories_created_between(user, day, day + timedelta(days=1))
    assert [m.id for m in found] == [later.id, first.id]
    assert all(m.embedding is not None for m in found)
    assert [m.id for m in await store.memories_created_between(user, day, day + timedelta(days=1), limit=1)] == [later.id]
    assert await store.memories_created_between(new_uuid(), day, day + timedelta(days=1)) == []


async def test_the_store_keeps_one_embedding_model_while_it_holds_vectors(store, user_id):
    """Two models' vectors are not comparable, even at the same size: a store
    holding one model's refuses another (on every connection), until it holds
    no vector; a memory without a vector does not bind it."""
    await store.bind_embedding_model("all-MiniLM-L6-v2")
    await store.add_memory(memory(user_id, "no vector yet"))
    await store.bind_embedding_model("multilingual-e5-small")  # nothing to mix with: the new model is taken
    await store.bind_embedding_model("all-MiniLM-L6-v2")
    kept = await store.add_memory(memory(user_id, "User likes chai.", embedding=unit(1.0)))
    await store.bind_embedding_model("all-MiniLM-L6-v2")  # the same model: nothing changes
    with pytest.raises(ConfigurationError, match="multilingual-e5-small"):
        await store.bind_embedding_model("multilingual-e5-small")
    other = await second_store_on(store)
    try:
        with pytest.raises(ConfigurationError, match="all-MiniLM-L6-v2"):
            await other.bind_embedding_model("text-embedding-3-small")
    finally:
        await other.close()
    assert await store.get_memory(user_id, kept.id) is not None  # refusing loses nothing
    await store.delete_memories(user_id, all_memories=True)
    await store.bind_embedding_model("multilingual-e5-small")  # no vector left: the switch is allowed
