"""build_services wires real parts: a SQLite file, a real Redis, the real
batcher and MiniLM; the LLM path against the local OpenAI-compatible server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.config import Settings
from core.errors import ConfigurationError
from infrastructure.storage.sqlite_store import SQLiteMemoryStore
from services.container import Services, build_services
from tests.support.openai_server import OpenAIStandIn


def make_settings(tmp_path, redis_url: str | None, **overrides) -> Settings:
    values: dict[str, Any] = {
        "storage_backend": "sqlite",
        "sqlite_path": str(tmp_path / "data" / "companion.db"),
        "redis_url": redis_url,
        "cache_namespace": f"container{uuid.uuid4().hex[:8]}",
        "openai_api_key": None,
        "openai_base_url": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


async def test_one_flow_through_the_container(tmp_path, redis_server, embedder, user_id):
    settings = make_settings(tmp_path, redis_server.url)
    services = await build_services(settings, embedder=embedder)
    try:
        assert isinstance(services, Services) and services.llm is None
        assert services.store is await services.pool.get_store()
        assert (await services.cache.health())["backend"] == "redis"

        result = await services.onboarding.onboard(user_id, {"name": "Anna", "interests": ["hiking"]})
        assert result.profile.data["name"] == "Anna"
        first = datetime(2026, 11, 17, 10, tzinfo=UTC)
        session = await services.conversations.start_session(user_id, now=first)
        assert (await services.conversations.greeting(user_id, now=first, exclude_session_id=session.id)).startswith(
            "Hi Anna, I'm Companion."
        )
        text = "I have a job interview on Friday."
        await services.conversations.record_turn(user_id, session.id, "user", text)
        learned = await services.memory.learn_from_turn(user_id, text, session_id=session.id, now=first)
        assert any(r.memory.kind.value == "event" for r in learned)
        await services.conversations.record_turn(user_id, session.id, "assistant", "Good luck!")
        ended = await services.conversations.end_session(user_id, session.id, now=first + timedelta(minutes=5))
        assert "your job interview" in ended.open_threads

        greeting = await services.conversations.greeting(user_id, now=first + timedelta(days=4))
        assert greeting.startswith("Welcome back, Anna! It's been 4 days since we last talked.")
        assert "interview go?" in greeting
        hits = await services.memory.search(user_id, "when is my interview", limit=3)
        assert hits and "interview" in hits[0].memory.content.lower()
        assert (await services.users.get_profile(user_id)).data["interests"] == ["hiking"]
        query_key = f"emb:{user_id}:0123abcd"  # what the embedder caches under the user
        await services.cache.set(query_key, [0.1, 0.2])

        report = await services.users.delete_user(user_id)
        assert report.existed and report.complete
        assert await services.store.count_memories(user_id, include_superseded=True) == 0
        assert await services.cache.get(query_key) is None
    finally:
        await services.aclose()
    await services.aclose()  # idempotent


async def test_aclose_flushes_pending_writes(tmp_path, redis_server, embedder, user_id):
    # Long enough that nothing is written before the close.
    settings = make_settings(tmp_path, redis_server.url, batch_max_age_ms=60_000)
    services = await build_services(settings, embedder=embedder)
    session = await services.conversations.start_session(user_id)
    await services.conversations.record_turn(user_id, session.id, "user", "remember this line")
    assert services.batcher.stats()["pending"] == 1
    assert await services.store.list_turns(user_id) == []  # still queued
    await services.aclose()

    reopened = SQLiteMemoryStore(settings.sqlite_path, settings.embedding_dimensions)
    await reopened.initialize()
    try:
        assert [t.text for t in await reopened.list_turns(user_id)] == ["remember this line"]
    finally:
        await reopened.close()


async def test_default_wiring_without_llm_or_redis(tmp_path, user_id):
    services = await build_services(make_settings(tmp_path, None, agent_name="Mira"))
    try:
        assert services.llm is None and services.pool.openai_client() is None
        assert services.owned >= {"pool", "cache", "batcher", "embedder", "memory", "users"}
        assert services.embedder.model_name.endswith("all-MiniLM-L6-v2")
        assert services.embedder.dimensions == 384
        assert services.profiles.llm_enabled is False
        assert services.rag.short_dates is False  # full dates unless RECALL_SHORT_DATES (local mode)
        assert (await services.conversations.greeting(user_id)).startswith("Hi there, I'm Mira.")
        profile = await services.profiles.refresh_summary(user_id)
        assert profile.summary == "Nothing is known about the user yet."
    finally:
        await services.aclose()


async def test_short_dates_reach_the_recall(tmp_path, embedder, user_id):
    services = await build_services(make_settings(tmp_path, None, recall_short_dates=True), embedder=embedder)
    try:
        await services.memory.remember(user_id, "Has a job interview on Friday", key="event:interview")
        await services.batcher.flush()
        recall = await services.rag.recall_for_turn(user_id, [], "my job interview", 1000)
        assert "- (today) Has a job interview on Friday" in recall.context_text.splitlines()
    finally:
        await services.aclose()


async def test_the_memory_block_size_reaches_the_recall(tmp_path, embedder, user_id):
    """RECALL_CONTEXT_MAX_CHARS bounds the block the agent injects: whole lines
    only, best first, and a memory that does not fit is left out, not cut."""
    services = await build_services(make_settings(tmp_path, None, recall_context_max_chars=200), embedder=embedder)
    try:
        for place in ("Lisbon", "Porto", "Faro", "Braga"):
            await services.memory.remember(user_id, f"Went hiking near {place} with the walking club last spring",
                                           key=f"event:hike-{place.lower()}")
        await services.batcher.flush()
        recall = await services.rag.recall_for_turn(user_id, [], "hiking with the walking club", 1000, limit=4)
        assert len(recall.memories) == 4
        lines = [line for line in recall.context_text.splitlines() if line.startswith("- ")]
        assert 0 < len(lines) < 4 and len(recall.context_text) <= 200
        assert all(line.endswith("last spring") for line in lines)
    finally:
        await services.aclose()
    assert Settings(_env_file=None).recall_top_k == 10  # what bench.retrieval scores (R@10)


async def test_every_memory_write_is_followed_by_the_profile(tmp_path, embedder, user_id):
    """The app, a tool or a retention sweep writes through MemoryService; the
    profile follows each without the caller asking for a refresh."""
    services = await build_services(make_settings(tmp_path, None), embedder=embedder)
    try:
        await services.users.ensure_profile_exists(user_id)

        async def profile_after_refresh() -> dict[str, Any]:
            await services.profiles.settle(user_id)  # runs the refresh the write queued, if any
            return (await services.profiles.get(user_id)).data

        saved = await services.memory.remember(user_id, "User's name is Priya.", kind="fact", key="name")
        assert (await profile_after_refresh()).get("name") == "Priya"
        await services.memory.forget(user_id, saved.memory.id)
        assert "name" not in await profile_after_refresh()
    finally:
        await services.aclose()


async def test_forgetting_what_states_no_profile_value_refreshes_nothing(tmp_path, embedder, user_id):
    """A deleted episode or keyless note cannot change the profile, so it costs
    no refresh; a deleted goal still takes its value out."""
    services = await build_services(make_settings(tmp_path, None), embedder=embedder)
    try:
        await services.users.ensure_profile_exists(user_id)
        note = await services.memory.remember(user_id, "User watched a film about whales.", kind="note")
        goal = await services.memory.remember(user_id, "Run a marathon in spring", kind="goal")
        await services.profiles.settle(user_id)
        assert "Run a marathon in spring" in (await services.profiles.get(user_id)).data.get("goals", [])
        before = services.profiles.stats()

        assert await services.memory.forget(user_id, note.memory.id)
        after_note = services.profiles.stats()
        assert after_note["refresh_skipped"] == before["refresh_skipped"] + 1
        assert after_note["refresh_requests"] == before["refresh_requests"]

        assert await services.memory.forget(user_id, goal.memory.id)
        await services.profiles.settle(user_id)
        assert services.profiles.stats()["refresh_requests"] == before["refresh_requests"] + 1
        assert "Run a marathon in spring" not in (await services.profiles.get(user_id)).data.get("goals", [])
    finally:
        await services.aclose()


async def test_llm_configured_enables_summaries(tmp_path, embedder, user_id):
    async with OpenAIStandIn() as server:
        server.add_rule("Lahore", "Anna lives in Lahore.")
        settings = make_settings(tmp_path, None, openai_base_url=server.base_url, openai_api_key="test")
        services = await build_services(settings, embedder=embedder)
        try:
            assert services.llm is services.pool.openai_client() is not None
            await services.users.update_profile(user_id, {"name": "Anna", "location": "Lahore"})
            profile = await services.profiles.refresh_summary(user_id)
            assert profile.summary == "Anna lives in Lahore."
            assert server.last_chat_request()["model"] == settings.llm_model
        finally:
            await services.aclose()
        # llm=None switches the LLM off even when configured.
        services = await build_services(settings, embedder=embedder, llm=None)
        try:
            assert services.llm is None and services.profiles.llm_enabled is False
        finally:
            await services.aclose()


async def test_overrides_belong_to_the_caller(tmp_path, embedder, user_id):
    store = SQLiteMemoryStore(tmp_path / "own.db", 384)
    await store.initialize()
    try:
        services = await build_services(make_settings(tmp_path, None), store=store, embedder=embedder)
        assert services.store is store and "store" not in services.owned and "embedder" not in services.owned
        await services.users.ensure_profile_exists(user_id)
        await services.aclose()
        assert await store.get_profile(user_id) is not None  # the caller's store is still open
    finally:
        await store.close()


async def test_bad_configuration_is_a_typed_error(tmp_path):
    with pytest.raises(ConfigurationError):
        await build_services(make_settings(tmp_path, None), databse="typo")
    with pytest.raises(ConfigurationError):
        await build_services(make_settings(tmp_path, None, storage_backend="postgres", database_url=None))


async def test_a_store_refuses_an_embedding_model_other_than_its_vectors(tmp_path, embedder, user_id):
    """Switching LOCAL_EMBEDDING_MODEL on a database that holds the other model's
    vectors (both are 384-dimensional) is refused at start, with nothing lost."""
    services = await build_services(make_settings(tmp_path, None), embedder=embedder)
    try:
        saved = await services.memory.remember(user_id, "User's sister lives in Lahore.", kind="fact", key="sister")
        await services.batcher.flush()
    finally:
        await services.aclose()
    switched = make_settings(tmp_path, None, local_embedding_model="multilingual-e5-small")
    with pytest.raises(ConfigurationError, match="all-MiniLM-L6-v2"):
        await build_services(switched)
    services = await build_services(make_settings(tmp_path, None), embedder=embedder)
    try:
        assert await services.store.get_memory(user_id, saved.id) is not None
        recall = await services.rag.recall_for_turn(user_id, [], "where does my sister live?", 5000)
        assert recall.memories and "Lahore" in recall.memories[0].text
    finally:
        await services.aclose()
