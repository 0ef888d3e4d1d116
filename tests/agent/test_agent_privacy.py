"""Pause memory, end to end: the real AgentSession with the real livekit OpenAI
plugin against the local stand-in, over real services (SQLite, Redis, MiniLM).

An incognito session says so, still uses what was known, and stores nothing:
no session row, no turns, no memories or episodes, no summary, no profile
change, no access counts.
"""

from __future__ import annotations

import json
from typing import Any

from agent import SessionIdentity, resolve_identity
from agent_prompts import INCOGNITO_LINE
from core.models import MemoryKind, MemorySource
from tests.agent.conftest import user_says
from tests.agent.test_agent_session import conversation_requests, memory_block_of, run_session
from tests.support.openai_server import ToolCall


async def stored_state(services: Any, user_id: str) -> dict[str, Any]:
    """Everything the store holds for the user that a session could add to."""
    await services.batcher.flush()
    store = services.store
    memories = await store.list_memories(user_id, include_superseded=True, limit=1000)
    episodes = await store.list_memories(user_id, kind=MemoryKind.EPISODE, limit=1000)
    profile = await store.get_profile(user_id)
    return {
        "sessions": [(s.id, s.ended_at, s.summary) for s in await store.list_sessions(user_id, limit=100)],
        "turns": [t.text for t in await store.list_turns(user_id, limit=1000)],
        "memories": sorted((m.id, m.content, m.access_count) for m in [*memories, *episodes]),
        "profile": profile.data if profile is not None else None,
    }


async def seed_known_user(services: Any, user_id: str) -> None:
    await services.users.ensure_profile_exists(user_id)
    await services.memory.remember(
        user_id, "Lives in Lisbon", kind="fact", key="home_city", source=MemorySource.APP
    )
    session = await services.conversations.start_session(user_id)
    await services.conversations.record_turn(user_id, session.id, "user", "I love the trams here.")
    await services.conversations.end_session(user_id, session.id)


def test_the_app_asks_for_incognito_through_participant_metadata(user_id) -> None:
    metadata = json.dumps({"user_id": user_id, "incognito": True})
    assert resolve_identity(user_id, metadata).incognito is True
    assert resolve_identity(user_id, json.dumps({"incognito": "yes"})).incognito is False
    assert resolve_identity(user_id, None).incognito is False


async def test_an_incognito_session_says_so_uses_memory_and_stores_nothing(settings, services, stand_in, user_id) -> None:
    stand_in.add_rule(
        user_says("my sister is called"),
        ToolCall("remember", {"content": "Sister is called Sana", "kind": "relationship", "key": "sister"}),
    )
    await seed_known_user(services, user_id)
    before = await stored_state(services, user_id)

    agent, results = await run_session(
        settings,
        services,
        SessionIdentity(user_id, incognito=True),
        ["My sister is called Sana and I'm worried about her.", "Where do I live again?"],
    )

    assert agent.incognito and agent.greeting is not None and agent.greeting.endswith(INCOGNITO_LINE)
    assert agent.session_id is None
    refused = results[0].expect.contains_function_call_output().event().item
    assert refused.is_error and "paused" in refused.output
    # What was known is still used: the memory block reached the LLM.
    (where,) = conversation_requests(stand_in, "where do i live")
    block = memory_block_of(where)
    assert block is not None and "Lisbon" in block
    # The LLM was told memory is paused.
    system = where["messages"][0]
    assert "Memory is paused" in json.dumps(system)
    # Nothing from the session was stored: the store is exactly as before.
    after = await stored_state(services, user_id)
    assert after == before
    assert not [t for t in after["turns"] if "Sana" in t]


async def test_memory_paused_in_the_settings_until_the_user_turns_it_back_on(
    settings, services, stand_in, user_id
) -> None:
    stand_in.add_rule(user_says("turn memory back on"), ToolCall("resume_memory", {}))
    await seed_known_user(services, user_id)
    await services.privacy.update(user_id, memory_paused=True)
    before = await stored_state(services, user_id)

    agent, results = await run_session(
        settings, services, SessionIdentity(user_id), ["I started a new job at the bakery.", "Please turn memory back on."]
    )
    assert agent.incognito and INCOGNITO_LINE in (agent.greeting or "")
    output = results[1].expect.contains_function_call_output().event().item
    assert not output.is_error and json.loads(output.output)["this_conversation_saved"] is False
    after = await stored_state(services, user_id)
    assert after["turns"] == before["turns"] and after["sessions"] == before["sessions"]
    assert after["memories"] == before["memories"]
    assert not (await services.privacy.settings(user_id)).memory_paused

    # The next conversation is remembered again.
    agent2, _ = await run_session(settings, services, SessionIdentity(user_id), ["I started a new job at the bakery."])
    assert not agent2.incognito and INCOGNITO_LINE not in (agent2.greeting or "")
    final = await stored_state(services, user_id)
    # (Within the resume window the earlier session continues; either way the turn is kept.)
    assert "I started a new job at the bakery." in final["turns"]
    assert agent2.session_id in {session_id for session_id, _, _ in final["sessions"]}


async def test_pausing_by_voice_stops_storing_from_that_moment(settings, services, stand_in, user_id) -> None:
    stand_in.add_rule(user_says("pause your memory"), ToolCall("pause_memory", {"also_future_conversations": False}))
    stand_in.add_rule(
        user_says("my pin is"),
        ToolCall("remember", {"content": "Bank PIN is 4512", "kind": "fact", "key": "pin"}),
    )
    agent, results = await run_session(
        settings,
        services,
        SessionIdentity(user_id),
        ["I'm training for a marathon.", "Please pause your memory for a bit.", "My pin is 4512 and I hate my boss."],
    )
    paused = results[1].expect.contains_function_call_output().event().item
    assert not paused.is_error and json.loads(paused.output)["memory_paused"] is True
    assert agent.incognito
    refused = results[2].expect.contains_function_call_output().event().item
    assert refused.is_error
    state = await stored_state(services, user_id)
    assert "I'm training for a marathon." in state["turns"]
    assert not [t for t in state["turns"] if "boss" in t or "4512" in t]
    assert not [m for m in state["memories"] if "boss" in m[1] or "4512" in m[1]]
    # Only this conversation: the setting for later ones is unchanged.
    assert not (await services.privacy.settings(user_id)).memory_paused
