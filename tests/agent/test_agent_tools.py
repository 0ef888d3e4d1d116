"""The agent's tools and per-turn hooks, driven by a scripted in-process LLM
(fast) over the real services: SQLite file, Redis, MiniLM embeddings."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from livekit.agents import AgentSession, RunResult, ToolError, llm

from agent import CompanionAgent, SessionIdentity, resolve_identity
from agent_prompts import (
    FALLBACK_GREETING,
    GUEST_GREETING,
    MEMORY_BLOCK_CLOSE,
    MEMORY_BLOCK_OPEN,
    SAFETY_MESSAGE_TAG,
)
from tests.agent.conftest import start_and_greet
from tests.agent.scripted_llm import ScriptedLLM, call, say


def memory_blocks(chat_ctx: llm.ChatContext) -> list[str]:
    return [
        item.text_content or ""
        for item in chat_ctx.items
        if isinstance(item, llm.ChatMessage) and (item.text_content or "").startswith(MEMORY_BLOCK_OPEN)
    ]


async def active_contents(services, user_id: str) -> list[str]:
    return [m.content for m in await services.memory.list(user_id)]


# --- identity --------------------------------------------------------------------


def test_uuid_identity_is_the_user() -> None:
    user = str(uuid.uuid4())
    identity = resolve_identity(user.upper(), None)
    assert identity.user_id == user
    assert identity.problem is None


def test_metadata_carries_user_and_onboarding() -> None:
    user = str(uuid.uuid4())
    metadata = json.dumps({"user_id": user, "onboarding": {"name": "Maya"}})
    identity = resolve_identity("web-client-17", metadata)
    assert identity.user_id == user
    assert identity.onboarding == {"name": "Maya"}


@pytest.mark.parametrize(
    ("participant", "metadata"),
    [
        ("alice", None),
        ("alice", "{not json"),
        ("alice", json.dumps({"user_id": "1; DROP TABLE memories"})),
        ("", json.dumps(["not", "an", "object"])),
    ],
)
def test_invalid_identity_gives_guest_with_reason(participant: str, metadata: str | None) -> None:
    identity = resolve_identity(participant, metadata)
    assert identity.user_id is None
    assert identity.problem and "UUID" in identity.problem


# --- tools through a session --------------------------------------------------


async def test_remember_called_by_the_llm_is_stored(settings, services, user_id) -> None:
    scripted = ScriptedLLM(
        call("remember", content="Has a job interview on Friday", kind="event", importance=0.9),
        say("Good luck on Friday!"),
    )
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await session.run(user_input="I have a job interview on Friday.")
        result.expect.next_event().is_function_call(name="remember")
        output = result.expect.next_event().is_function_call_output().event().item
        assert not output.is_error
        saved = json.loads(output.output)  # JSON text, never a Python repr
        assert saved["saved"] is True
        assert saved["memory"]["content"] == "Has a job interview on Friday"
        result.expect.next_event().is_message(role="assistant")
        session_id = agent.session_id
    await agent.end_user_session()
    (saved_memory,) = [m for m in await services.memory.list(user_id) if m.content == "Has a job interview on Friday"]
    # Provenance: the memory names the turn it was said in, recorded after the tool ran.
    turns = await services.store.list_turns(user_id, session_id=session_id, limit=50)
    said = [turn.id for turn in turns if turn.text == "I have a job interview on Friday."]
    assert len(said) == 1 and saved_memory.turn_ids == said
    assert saved_memory.session_ids == [session_id]


async def test_a_name_saved_by_the_remember_tool_reaches_the_next_greeting(settings, services, user_id) -> None:
    """The rules find no name in these words; the model saves it with the tool.
    The write itself refreshes the profile (nothing else in the turn does:
    the words taught the rules nothing), so the next session greets the user
    by that name."""
    remember_name = call("remember", content="User's name is Priya", kind="fact", key="name")
    scripted = ScriptedLLM(remember_name, say("Lovely to meet you."))
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await session.run(user_input="people usually call me by my first name")
        result.expect.next_event().is_function_call(name="remember")
    await agent.end_user_session()

    assert (await services.profiles.get(user_id)).data.get("name") == "Priya"
    next_week = datetime.now(UTC) + timedelta(days=8)
    assert "Welcome back, Priya" in await services.conversations.greeting(user_id, next_week)


async def test_a_name_forgotten_by_voice_leaves_the_profile_and_the_greeting(settings, services, user_id) -> None:
    await services.users.ensure_profile_exists(user_id)
    await services.memory.remember(user_id, "User's name is Priya.", kind="fact", key="name")
    await services.profiles.settle(user_id)
    assert (await services.profiles.get(user_id)).data.get("name") == "Priya"

    scripted = ScriptedLLM(call("forget", description="my name"), say("Done, I've forgotten it."))
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await session.run(user_input="Please forget my name.")
        result.expect.next_event().is_function_call(name="forget")
    await agent.end_user_session()

    assert "name" not in (await services.profiles.get(user_id)).data
    next_week = datetime.now(UTC) + timedelta(days=8)
    assert "Priya" not in await services.conversations.greeting(user_id, next_week)


@pytest.mark.parametrize(
    ("arguments", "expected_words"),
    [
        ({"content": "   "}, "empty"),
        ({"content": "Likes tea", "kind": "opinionated"}, "kind"),
        ({"content": "Likes tea", "importance": 7}, "importance"),
    ],
)
async def test_bad_tool_input_becomes_a_sentence_and_the_session_goes_on(
    settings, services, user_id, arguments, expected_words
) -> None:
    scripted = ScriptedLLM(call("remember", **arguments), say("Sorry about that."))
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await session.run(user_input="Remember this please.")
        result.expect.next_event().is_function_call(name="remember")
        output = result.expect.next_event().is_function_call_output().event().item
        assert output.is_error
        assert expected_words in output.output.lower()
        assert "Traceback" not in output.output and "Error(" not in output.output
        # The session is intact: the next turn is answered normally.
        after: RunResult[Any] = await session.run(user_input="Never mind.")
        after.expect.next_event().is_message(role="assistant")
    await agent.end_user_session()
    assert await active_contents(services, user_id) == []


# --- tools called directly ------------------------------------------------------


async def test_search_then_forget_by_id_and_by_description(settings, services, user_id) -> None:
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    first = json.loads(await agent.remember(content="Phone number is 555-0142", kind="fact", key="phone"))
    await agent.remember(content="Sister is called Lena", kind="relationship")
    await agent.remember(content="Loves hiking in the Alps", kind="preference")

    found = json.loads(await agent.search_memories(query="what is my phone number"))
    assert found["results"][0]["content"] == "Phone number is 555-0142"

    by_id = json.loads(await agent.forget(description=first["memory"]["id"]))
    assert by_id["forgotten"] == 1
    assert "Phone number is 555-0142" not in await active_contents(services, user_id)

    by_words = json.loads(await agent.forget(description="my sister"))
    assert by_words["forgotten"] >= 1
    assert "Lena" not in json.dumps(by_words)  # not read back to the model, so not said and recorded again
    remaining = await active_contents(services, user_id)
    assert remaining == ["Loves hiking in the Alps"]


async def test_profile_and_preference_tools_return_json(settings, services, user_id) -> None:
    await services.users.ensure_profile_exists(user_id)
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    updated = json.loads(await agent.update_preference(field="preferred_name", value="Mo"))
    assert updated["updated"] is True
    profile = json.loads(await agent.get_profile())
    assert "Mo" in json.dumps(profile)


async def test_health_tools_return_real_stats_as_json(settings, services, user_id) -> None:
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    await agent.remember(content="Drinks oat milk", kind="preference")
    pool = json.loads(await agent.connection_pool_stats())
    cache = json.loads(await agent.redis_cache_stats())
    batch = json.loads(await agent.database_batch_stats())
    memory = json.loads(await agent.memory_stats())
    assert set(pool) == set(services.pool.stats())  # the real stats, as JSON
    assert cache["hits"] + cache["misses"] >= 1  # remembering looked up the embedding cache
    assert set(batch) == set(services.batcher.stats())
    assert memory["total"] == 1


# --- guests --------------------------------------------------------------------


async def test_guest_session_greets_plainly_and_keeps_nothing(settings, services) -> None:
    identity = resolve_identity("not-a-uuid", None)
    scripted = ScriptedLLM(call("remember", content="Likes tea"), say("I can't keep that, sorry."))
    agent = CompanionAgent(settings, services, identity)
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        opening = await start_and_greet(session, agent)
        greeting = opening.expect.contains_message(role="assistant").event().item
        assert greeting.text_content == GUEST_GREETING
        result: RunResult[Any] = await session.run(user_input="Remember that I like tea.")
        result.expect.next_event().is_function_call(name="remember")
        output = result.expect.next_event().is_function_call_output().event().item
        assert output.is_error and "could not be identified" in output.output
    await agent.end_user_session()
    assert await services.memory.store.admin_count_users() == 0
    assert memory_blocks(scripted.requests[-1]) == []
    with pytest.raises(ToolError):
        await agent.search_memories(query="tea")


# --- per-turn recall ------------------------------------------------------------


async def test_recall_puts_memory_just_before_the_message(settings, services, user_id) -> None:
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    await agent.remember(content="Has a job interview on Friday", kind="event")
    turn_ctx = llm.ChatContext.empty()
    turn_ctx.add_message(role="assistant", content="Hi! How are you?")
    message = llm.ChatMessage(role="user", content=["I'm nervous about the interview, any tips?"])
    turn_ctx.insert(message)  # what LiveKit does before llm_node

    await agent.add_recall_to_turn(turn_ctx, message)

    blocks = memory_blocks(turn_ctx)
    assert len(blocks) == 1
    assert "interview on Friday" in blocks[0] and blocks[0].rstrip().endswith(MEMORY_BLOCK_CLOSE)
    assert turn_ctx.items[-1] is message
    block_message = turn_ctx.items[-2]
    assert isinstance(block_message, llm.ChatMessage)
    assert (block_message.text_content or "").startswith(MEMORY_BLOCK_OPEN)


async def test_turn_hook_leaves_an_ordinary_turn_as_it_was_and_adds_a_crisis_policy(
    settings, services, user_id
) -> None:
    """LiveKit keeps a preemptive draft only if on_user_turn_completed leaves the
    turn's context unchanged: an ordinary turn must; a crisis turn must not (the
    draft lacks the safe-response policy, so it has to be replaced)."""
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    await agent.remember(content="Has a job interview on Friday", kind="event")
    history = llm.ChatContext.empty()
    history.add_message(role="assistant", content="Hi! How are you?")

    ordinary = history.copy()
    message = llm.ChatMessage(role="user", content=["I'm nervous about the interview."], transcript_confidence=0.9)
    await agent.on_user_turn_completed(ordinary, message)
    assert ordinary.is_equivalent(history)

    crisis = history.copy()
    message = llm.ChatMessage(
        role="user", content=["Honestly, everyone would be better off without me."], transcript_confidence=0.9
    )
    await agent.on_user_turn_completed(crisis, message)
    assert not crisis.is_equivalent(history)
    added = [item for item in crisis.items if isinstance(item, llm.ChatMessage) and item.extra.get(SAFETY_MESSAGE_TAG)]
    assert len(added) == 1 and "SAFETY" in (added[0].text_content or "")


async def test_typed_turn_gets_exactly_one_memory_block(settings, services, user_id) -> None:
    scripted = ScriptedLLM()
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    await agent.remember(content="Sister is called Lena", kind="relationship")
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        await session.run(user_input="What was my sister's name again?")
    await agent.end_user_session()
    request = scripted.requests[-1]
    blocks = memory_blocks(request)
    assert len(blocks) == 1 and "Lena" in blocks[0]
    last = request.items[-1]
    assert isinstance(last, llm.ChatMessage) and last.role == "user"


# --- session opening -------------------------------------------------------------


async def greet(settings, services, identity: SessionIdentity) -> CompanionAgent:
    agent = CompanionAgent(settings, services, identity)
    async with AgentSession(llm=ScriptedLLM(), vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
    await agent.end_user_session()
    return agent


async def test_new_user_with_onboarding_data_is_onboarded(settings, services, user_id) -> None:
    metadata = json.dumps({"user_id": user_id, "onboarding": {"name": "Maya", "interests": ["chess"]}})
    agent = await greet(settings, services, resolve_identity("phone-app", metadata))
    assert agent.greeting is not None and "Maya" in agent.greeting
    profile = await services.profiles.get(user_id)
    assert profile.data.get("name") == "Maya"
    assert (profile.data.get("onboarding") or {}).get("completed_at")


async def test_returning_user_is_not_onboarded_again(settings, services, user_id) -> None:
    await greet(settings, services, SessionIdentity(user_id))  # first visit, no onboarding
    metadata = json.dumps({"user_id": user_id, "onboarding": {"name": "Someone Else"}})
    await greet(settings, services, resolve_identity("phone-app", metadata))
    profile = await services.profiles.get(user_id)
    assert profile.data.get("name") != "Someone Else"


async def test_malformed_onboarding_is_ignored_and_the_session_starts(settings, services, user_id) -> None:
    metadata = json.dumps({"user_id": user_id, "onboarding": {"age": "very old", "name": "Maya"}})
    agent = await greet(settings, services, resolve_identity("phone-app", metadata))
    assert agent.session_id is not None and agent.greeting
    assert (await services.profiles.get(user_id)).data.get("name") is None  # nothing half-written


async def test_storage_failure_at_start_still_greets(settings, services, user_id) -> None:
    await services.store.close()  # the database goes away before the session opens
    agent = await greet(settings, services, SessionIdentity(user_id))
    assert agent.greeting == FALLBACK_GREETING
    assert agent.session_id is None


# --- the voice pipeline as configured -----------------------------------------------


async def test_voice_session_uses_configured_providers_and_offline_turn_detector(settings, services) -> None:
    from types import SimpleNamespace

    from livekit.plugins import openai as lk_openai, silero

    from agent import build_agent_session, prewarm

    proc = SimpleNamespace(userdata={})
    prewarm(proc)  # type: ignore[arg-type]  # what each worker process does once: only userdata is used
    session = build_agent_session(
        settings,
        services,
        vad=proc.userdata["vad"],
        turn_detector=proc.userdata["turn_detector"],
    )
    assert isinstance(session.llm, lk_openai.LLM) and session.llm.model == settings.llm_model
    assert isinstance(session.stt, lk_openai.STT)
    assert isinstance(session.tts, lk_openai.TTS)
    assert isinstance(session.vad, silero.VAD)
    detector = proc.userdata["turn_detector"]
    assert detector.model == "turn-detector-v1-mini"  # runs locally, from the wheel
    assert session.options.turn_handling["preemptive_generation"]["enabled"] is settings.preemptive_generation
    assert session.options.turn_handling["turn_detection"] is detector
    await session.aclose()


async def test_reply_never_waits_for_background_writes(settings, services, user_id, monkeypatch) -> None:
    """Recording is held back until the reply is out; it still lands afterwards."""
    release = asyncio.Event()
    record_turn = services.conversations.record_turn

    async def held_record_turn(*args, **kwargs):
        await release.wait()  # a slow database, as far as the agent can tell
        return await record_turn(*args, **kwargs)

    monkeypatch.setattr(services.conversations, "record_turn", held_record_turn)
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with AgentSession(llm=ScriptedLLM(), vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await asyncio.wait_for(session.run(user_input="Hello, slow database!"), timeout=20)
        result.expect.next_event().is_message(role="assistant")
        assert agent.background.pending >= 1  # the write is still waiting: the reply did not
        release.set()
    await agent.end_user_session()
    turns = [t.text for t in await services.store.list_turns(user_id, limit=10)]
    assert "Hello, slow database!" in turns
    assert "I hear you: Hello, slow database!" in turns


async def test_hung_recall_does_not_hold_the_turn(settings, services, user_id, monkeypatch) -> None:
    """Recall keeps its own budget; if it hangs outright (a dead connection) the
    agent's outer guard lets the turn go on without memory."""

    async def hung_recall(*args, **kwargs):
        await asyncio.Event().wait()

    monkeypatch.setattr(services.rag, "recall_for_turn", hung_recall)
    fast = settings.model_copy(update={"recall_budget_ms": 50})
    agent = CompanionAgent(fast, services, SessionIdentity(user_id))
    turn_ctx = llm.ChatContext.empty()
    message = llm.ChatMessage(role="user", content=["Anything about my sister?"])
    started = asyncio.get_running_loop().time()
    await agent.add_recall_to_turn(turn_ctx, message)
    waited = asyncio.get_running_loop().time() - started
    assert waited < 3.0
    assert memory_blocks(turn_ctx) == []
    assert agent.timings.recall_ms and agent.timings.recall_ms[0] >= 900  # the 1 s floor


async def test_next_turn_finds_its_context_already_embedded(settings, services, user_id) -> None:
    """Once a reply is in the chat, the conversation so far is embedded in the
    background; the next turn's recall then embeds only the user's message."""
    scripted = ScriptedLLM(say("Oh no, what is going on with her?"), say("Weddings are a lot of work."))
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    await agent.remember(content="Sister Aisha is getting married in December", kind="event")
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        await session.run(user_input="My sister is stressing me out")
        await services.rag.wait_pending(user_id)
        prepared = services.rag.stats()["contexts_prepared"]
        await session.run(user_input="Is it the wedding?")
    await agent.end_user_session()
    stats = services.rag.stats()
    assert prepared >= 2  # after the greeting and after the first reply
    assert stats["prepared_context_used"] >= 1  # "Is it the wedding?" blends in the prepared context
    assert any("Aisha" in block for block in memory_blocks(scripted.requests[-1]))


async def test_search_index_is_loaded_while_the_greeting_is_spoken(settings, services, user_id) -> None:
    """The user's vectors and word index are read at session start, not on their first turn."""
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    await agent.remember(content="Sister Aisha is getting married in December", kind="event")
    services.store._index.clear()  # as for a user returning to a freshly started worker
    async with AgentSession(llm=ScriptedLLM(say("Lovely!")), vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        await agent.background.drain(5.0)
        loaded = services.store.stats()["vector_cache"]
        await session.run(user_input="Any news about the wedding?")
    await agent.end_user_session()
    assert loaded["cached_users"] == 1 and loaded["cached_rows"] == 1
    assert services.store.stats()["vector_cache"]["loads"] == loaded["loads"]  # the turn loaded nothing more


# --- text UTF-8 cannot encode ---------------------------------------------------

LONE_SURROGATE = "\ud83d"  # half of an emoji, as a JSON "\ud83d" escape decodes


async def test_tools_refuse_a_lone_surrogate_with_one_sentence(settings, services, user_id) -> None:
    await services.users.ensure_profile_exists(user_id)
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    calls = [
        agent.remember(content=f"Loves tea {LONE_SURROGATE}"),
        agent.remember(content="Loves tea", key=f"drink{LONE_SURROGATE}"),
        agent.search_memories(query=f"tea {LONE_SURROGATE}"),
        agent.forget(description=f"my tea {LONE_SURROGATE}"),
        agent.update_preference(field="preferred_name", value=f"Mo{LONE_SURROGATE}"),
        agent.update_preference(field=f"tone{LONE_SURROGATE}", value="short"),
    ]
    for tool_call in calls:
        with pytest.raises(ToolError) as raised:
            await tool_call
        sentence = str(raised.value)
        assert "cannot be stored" in sentence
        sentence.encode("utf-8")  # the sentence itself goes back to the LLM
    assert await active_contents(services, user_id) == []
    assert (await services.profiles.get(user_id)).data.get("preferred_name") is None


async def test_llm_tool_call_with_a_lone_surrogate_is_a_sentence_and_the_session_goes_on(
    settings, services, user_id
) -> None:
    scripted = ScriptedLLM(call("remember", content=f"Loves tea {LONE_SURROGATE}"), say("Sorry."))
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with AgentSession(llm=scripted, vad=None, turn_handling={"turn_detection": None}) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await session.run(user_input="Please keep a note of that.")
        result.expect.next_event().is_function_call(name="remember")
        output = result.expect.next_event().is_function_call_output().event().item
        assert output.is_error and "cannot be stored" in output.output
        after: RunResult[Any] = await session.run(user_input="Never mind.")
        after.expect.next_event().is_message(role="assistant")
    await agent.end_user_session()
    assert await active_contents(services, user_id) == []


def test_participant_identity_with_lone_surrogates_is_a_guest_or_the_user() -> None:
    guest = resolve_identity(f"alice{LONE_SURROGATE}", json.dumps({"user_id": f"x{LONE_SURROGATE}"}))
    assert guest.user_id is None
    assert guest.problem is not None
    guest.problem.encode("utf-8")  # logged as is
    user = str(uuid.uuid4())
    # json.dumps escapes the surrogate ("\ud83d"); json.loads in resolve_identity decodes it back.
    metadata = json.dumps({"user_id": user, "onboarding": {"name": f"Maya{LONE_SURROGATE}"}})
    identity = resolve_identity("phone-app", metadata)
    assert identity.user_id == user


async def test_onboarding_with_a_lone_surrogate_is_ignored_and_the_session_starts(
    settings, services, user_id
) -> None:
    metadata = json.dumps({"user_id": user_id, "onboarding": {"name": f"Maya{LONE_SURROGATE}", "age": 30}})
    agent = await greet(settings, services, resolve_identity("phone-app", metadata))
    assert agent.session_id is not None and agent.greeting
    assert (await services.profiles.get(user_id)).data.get("name") is None  # nothing half-written
