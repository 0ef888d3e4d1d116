"""OnboardingService with the real MemoryService (real MiniLM embeddings) on
the real SQLite store."""

from __future__ import annotations

import json

import pytest

from core.errors import InvalidUserIdError, OnboardingDataError
from core.models import MemoryKind
from infrastructure.redis_cache import RedisCache
from services.onboarding_service import OnboardingService, parse_onboarding
from services.profile_service import ProfileService
from services.user_service import UserService

VALID = {
    "name": "Anna",
    "age": 29,
    "language": "English",
    "interests": ["hiking", "Rock-climbing", "poetry"],
    "goals": ["Learn Spanish", "sleep better"],
    "free_text": "I live in Karachi. My sister is named Sara.",
}


@pytest.fixture
def onboarding_parts(sqlite_store, memory_service):
    users = UserService(sqlite_store, RedisCache(None))
    profiles = ProfileService(sqlite_store, users, memory_service)
    return users, profiles, OnboardingService(users, profiles, memory_service)


async def test_onboard_valid_payload(onboarding_parts, sqlite_store, user_id):
    _users, profiles, onboarding = onboarding_parts
    result = await onboarding.onboard(user_id, VALID)
    assert not result.skipped and result.completed_at is not None
    data = result.profile.data
    assert data["name"] == "Anna" and data["age"] == 29 and data["languages"] == ["English"]
    assert data["interests"] == ["hiking", "Rock-climbing", "poetry"]
    assert data["goals"] == ["Learn Spanish", "sleep better"]
    assert data["extra"]["about"] == VALID["free_text"]
    assert data["onboarding"]["version"] == 1 and data["onboarding"]["completed_at"]
    assert (await sqlite_store.get_user(user_id)).display_name == "Anna"

    memories = await sqlite_store.list_memories(user_id, limit=100)
    by_key = {m.key: m for m in memories}
    assert by_key["name"].content == "User's name is Anna."
    assert by_key["likes:rock climbing"].kind is MemoryKind.PREFERENCE  # same slot the extractor uses
    assert by_key["goal:learn spanish"].content == "User's goal is to learn Spanish."
    assert by_key["onboarding:about"].kind is MemoryKind.NOTE
    # The free text went through extraction too.
    assert by_key["location"].metadata["value"] == "Karachi"
    assert by_key["relationship:sister"].metadata["value"] == "Sara"
    assert set(result.memory_ids) == {m.id for m in memories}
    assert all(m.source.value in ("onboarding",) for m in memories)

    # The profile picks the extracted facts up on refresh without losing anything.
    profile = await profiles.refresh_from_memories(user_id)
    assert profile.data["location"] == "Karachi" and profile.data["people"] == {"sister": "Sara"}
    assert profile.data["interests"] == ["hiking", "Rock-climbing", "poetry"]
    assert profile.data["goals"] == ["Learn Spanish", "sleep better"]


async def test_onboarding_is_idempotent_and_merges_changes(onboarding_parts, sqlite_store, user_id):
    _users, _, onboarding = onboarding_parts
    await onboarding.onboard(user_id, VALID)
    count = await sqlite_store.count_memories(user_id, include_superseded=True)
    again = await onboarding.onboard(user_id, json.dumps(VALID))  # same payload as a JSON string
    assert again.skipped and again.memory_ids == []
    assert await sqlite_store.count_memories(user_id, include_superseded=True) == count

    changed = {**VALID, "name": "Annie", "interests": ["chess"]}
    result = await onboarding.onboard(user_id, changed)
    assert not result.skipped
    data = result.profile.data
    assert data["name"] == "Annie"  # an explicit new value replaces
    assert data["interests"] == ["hiking", "Rock-climbing", "poetry", "chess"]  # lists never shrink
    names = await sqlite_store.list_memories(user_id, key="name", include_superseded=True)
    active = [m for m in names if m.is_active]
    assert [m.content for m in active] == ["User's name is Annie."] and len(names) == 2
    # Unchanged items merged into their existing rows, not duplicated.
    assert len(await sqlite_store.list_memories(user_id, key="likes:hiking", include_superseded=True)) == 1
    assert len(await sqlite_store.list_memories(user_id, key="onboarding:about", include_superseded=True)) == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({**VALID, "age": 5}, "age"),
        ({**VALID, "age": 121}, "age"),
        ({**VALID, "age": "twenty"}, "age"),
        ({**VALID, "age": True}, "age"),
        ({**VALID, "age": 29.5}, "age"),
        ({**VALID, "name": "   "}, "name"),
        ({**VALID, "name": "x" * 101}, "name"),
        ({**VALID, "name": 42}, "name"),
        ({**VALID, "name": "An\x00na"}, "data"),
        ({**VALID, "interests": "hiking"}, "interests"),
        ({**VALID, "interests": ["ok", ""]}, "interests.1"),
        ({**VALID, "interests": ["y" * 101]}, "interests.0"),
        ({**VALID, "goals": [f"goal {i}" for i in range(21)]}, "goals"),
        ({**VALID, "free_text": "z" * 5001}, "free_text"),
        ("{not json", "data"),
        ("[1, 2, 3]", "data"),
        ("x" * 70_000, "data"),
        (b"\xff\xfe", "data"),
        (None, "data"),
    ],
)
async def test_invalid_data_writes_nothing(onboarding_parts, sqlite_store, user_id, payload, field):
    _, _, onboarding = onboarding_parts
    with pytest.raises(OnboardingDataError) as caught:
        await onboarding.onboard(user_id, payload)
    assert caught.value.field == field
    assert field.split(".")[0] in str(caught.value)
    assert await sqlite_store.admin_count_users() == 0
    assert await sqlite_store.get_profile(user_id) is None
    assert await sqlite_store.count_memories(user_id, include_superseded=True) == 0


@pytest.mark.parametrize("bad", ["", "123", "'; DROP TABLE users;--", None])
async def test_bad_user_id_writes_nothing(onboarding_parts, sqlite_store, bad):
    _, _, onboarding = onboarding_parts
    with pytest.raises(InvalidUserIdError):
        await onboarding.onboard(bad, VALID)
    assert await sqlite_store.admin_count_users() == 0


async def test_unicode_injection_and_unknown_fields(onboarding_parts, sqlite_store, user_id):
    _, profiles, onboarding = onboarding_parts
    payload = {
        "name": "عائشہ",
        "language": "اردو",
        "interests": ["شاعری", "Robert'); DROP TABLE memories;--"],
        "favourite_colour": "teal",
        "nested_blob": {"a": {"b": 1}},
        "huge": "q" * 5000,
    }
    result = await onboarding.onboard(user_id, json.dumps(payload, ensure_ascii=False))
    data = result.profile.data
    assert data["name"] == "عائشہ" and data["languages"] == ["اردو"]
    assert data["interests"][1] == "Robert'); DROP TABLE memories;--"
    assert data["extra"] == {"favourite_colour": "teal"}
    assert sorted(result.ignored_fields) == ["huge", "nested_blob"]
    memories = {m.key: m.content for m in await sqlite_store.list_memories(user_id)}
    assert memories["name"] == "User's name is عائشہ."
    assert 'Name: "عائشہ"' in await profiles.profile_for_prompt(user_id)


def test_parse_accepts_numeric_string_age_and_about_alias():
    model, extra, ignored = parse_onboarding({"age": "42", "about": "  I like tea.  "})
    assert model.age == 42 and model.about_text == "I like tea." and extra == {} and ignored == []
