"""Privacy settings and the retention job, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from core.errors import ValidationError
from core.models import Memory, MemoryKind, Profile, Session, Turn, TurnRole, User, utcnow
from services.memory_service import MemoryService
from services.privacy_service import PRIVACY_FIELD, PrivacyService, PrivacySettings, privacy_of
from services.user_service import UserService
from tests.services.conftest import DIMENSIONS


def _vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).standard_normal(DIMENSIONS).astype(np.float32)
    return vector / np.linalg.norm(vector)


async def _seed_user(store, uid: str, *, days_old: list[int]) -> dict[int, dict[str, str]]:
    """One memory, one session with one turn, per age in days; returns their ids by age."""
    now = utcnow()
    await store.upsert_user(User(id=uid))
    await store.upsert_profile(Profile(user_id=uid, data={"name": "Test"}))
    ids: dict[int, dict[str, str]] = {}
    for age in days_old:
        when = now - timedelta(days=age, minutes=5)
        session = await store.create_session(
            Session(user_id=uid, started_at=when, ended_at=when + timedelta(minutes=3), summary=f"talk {age}")
        )
        turn = Turn(user_id=uid, session_id=session.id, role=TurnRole.USER, text=f"said {age} days ago", created_at=when)
        await store.add_turns([turn])
        memory = Memory(
            user_id=uid, content=f"fact from {age} days ago", embedding=_vector(age), created_at=when, updated_at=when
        )
        episode = Memory(
            user_id=uid, content=f"said {age} days ago", kind=MemoryKind.EPISODE, embedding=_vector(age + 1000),
            created_at=when, updated_at=when, importance=1.0,
        )
        await store.add_memories([memory, episode])
        ids[age] = {"session": session.id, "turn": turn.id, "memory": memory.id, "episode": episode.id}
    return ids


@pytest.fixture
def privacy(store, embedder) -> PrivacyService:
    return PrivacyService(store, MemoryService(store, embedder))


async def test_settings_default_update_and_validate(store, privacy, user_id) -> None:
    assert await privacy.settings(user_id) == PrivacySettings()
    await UserService(store).ensure_profile_exists(user_id)
    paused = await privacy.update(user_id, memory_paused=True)
    assert paused == PrivacySettings(memory_paused=True, retention_days=None)
    both = await privacy.update(user_id, retention_days=30)
    assert both == PrivacySettings(memory_paused=True, retention_days=30)
    assert await privacy.is_paused(user_id)
    for bad in (0, 3651, 1.5, "30", True):
        with pytest.raises(ValidationError):
            await privacy.update(user_id, retention_days=bad)
    with pytest.raises(ValidationError):
        await privacy.update(user_id, memory_paused="yes")
    # Nothing was written by the refused updates, and other profile fields stay.
    profile = await store.get_profile(user_id)
    assert privacy_of(profile.data) == PrivacySettings(memory_paused=True, retention_days=30)
    cleared = await privacy.update(user_id, retention_days=None, memory_paused=False)
    assert cleared == PrivacySettings()


async def test_malformed_stored_settings_read_as_defaults(store, privacy, user_id) -> None:
    await store.upsert_user(User(id=user_id))
    await store.upsert_profile(Profile(user_id=user_id, data={PRIVACY_FIELD: {"memory_paused": "yes", "retention_days": -4}}))
    assert await privacy.settings(user_id) == PrivacySettings()
    await store.upsert_profile(Profile(user_id=user_id, data={PRIVACY_FIELD: "off"}))
    assert await privacy.settings(user_id) == PrivacySettings()


async def test_the_profile_edit_cannot_set_privacy(store, user_id) -> None:
    with pytest.raises(ValidationError):
        await UserService(store).replace_profile_fields(user_id, {PRIVACY_FIELD: "whatever"})
    assert await store.get_profile(user_id) is None


async def test_retention_removes_old_memories_turns_and_sessions_of_that_user_only(
    store, privacy, user_id, other_user_id
) -> None:
    mine = await _seed_user(store, user_id, days_old=[1, 20, 100])
    theirs = await _seed_user(store, other_user_id, days_old=[1, 20, 100])
    await UserService(store).ensure_profile_exists(user_id)
    # Setting the period applies it at once.
    await privacy.update(user_id, retention_days=10)

    kept_memories = {m.id for m in await store.list_memories(user_id, include_superseded=True, limit=100)}
    kept_episodes = {m.id for m in await store.list_memories(user_id, kind=MemoryKind.EPISODE, limit=100)}
    assert mine[1]["memory"] in kept_memories and mine[1]["episode"] in kept_episodes
    for age in (20, 100):
        assert mine[age]["memory"] not in kept_memories and mine[age]["episode"] not in kept_memories
    turns = {t.id for t in await store.list_turns(user_id, limit=100)}
    assert turns == {mine[1]["turn"]}
    sessions = {s.id for s in await store.list_sessions(user_id, limit=100)}
    assert sessions == {mine[1]["session"]}
    # The other user (no retention period) keeps everything.
    assert len(await store.list_turns(other_user_id, limit=100)) == 3
    assert len(await store.list_sessions(other_user_id, limit=100)) == 3
    assert theirs[100]["memory"] in {m.id for m in await store.list_memories(other_user_id, limit=100)}
    # A search no longer finds what retention removed (the in-process index follows).
    hits = await store.search_memories(user_id, _vector(100), limit=5)
    assert mine[100]["memory"] not in {h.memory.id for h in hits}


async def test_the_scheduled_sweep_applies_each_users_period_and_skips_bad_values(
    store, privacy, user_id, other_user_id
) -> None:
    mine = await _seed_user(store, user_id, days_old=[2, 40])
    theirs = await _seed_user(store, other_user_id, days_old=[2, 40])
    third = "7a1c2f64-5b0e-4c35-9d7e-1f2a3b4c5d6e"
    await _seed_user(store, third, days_old=[40])
    await store.modify_profile(user_id, lambda p: Profile(p.user_id, {**p.data, PRIVACY_FIELD: {"retention_days": 30}}))
    await store.modify_profile(
        other_user_id, lambda p: Profile(p.user_id, {**p.data, PRIVACY_FIELD: {"retention_days": 1}})
    )
    # A value written by hand that is not a valid period: that user is skipped, not the sweep.
    await store.modify_profile(third, lambda p: Profile(p.user_id, {**p.data, PRIVACY_FIELD: {"retention_days": "x"}}))

    reports = {r.user_id: r for r in await privacy.apply_retention_all()}
    assert set(reports) == {user_id, other_user_id}
    assert (reports[user_id].memories, reports[user_id].turns, reports[user_id].sessions) == (2, 1, 1)
    assert (reports[other_user_id].memories, reports[other_user_id].turns) == (4, 2)
    assert {t.id for t in await store.list_turns(user_id, limit=10)} == {mine[2]["turn"]}
    assert await store.list_turns(other_user_id, limit=10) == []
    assert theirs  # seeded
    assert len(await store.list_turns(third, limit=10)) == 1
    # Run again: nothing more to remove.
    again = await privacy.apply_retention_all()
    assert sum(r.removed for r in again) == 0
