"""A user erased during a live session: the real AgentSession running
CompanionAgent with the real livekit OpenAI plugin against the local stand-in,
over real services (SQLite file, Redis, MiniLM).

What the stand-in receives after the erasure is what an OpenAI server would
have received: nothing said before the erasure may be on the wire, and nothing
of the user may be in the store once the session has ended.
"""

from __future__ import annotations

import json
from typing import Any

from livekit.agents import RunResult

from agent import CompanionAgent, SessionIdentity, build_agent_session
from tests.agent.conftest import conversation_request, start_and_greet, user_says
from tests.agent.test_agent_session import memory_block_of
from tests.support.openai_server import OpenAIStandIn, ToolCall, last_user_text

# Said before the erasure; none of it may reach the LLM afterwards.
ERASED_WORDS = ("zanzibar", "marigold", "pilot", "dubai")


def requests_answering(server: OpenAIStandIn, user_text: str) -> list[dict]:
    return [
        r for r in server.chat_requests() if conversation_request(r) and user_text.lower() in last_user_text(r).lower()
    ]


async def test_memories_said_before_an_erasure_do_not_come_back_in_the_live_session(
    settings, services, stand_in, user_id
) -> None:
    stand_in.add_rule(
        user_says("marigold"),
        ToolCall("remember", {"content": "Loves marigold flowers", "kind": "preference"}),
    )
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        await session.run(user_input="My sister is called Aisha and I live in Zanzibar.")
        await session.run(user_input="I really love marigold flowers.")
        await agent.background.drain(30)
        await session.run(user_input="What do you remember about my sister?")
        (recalled,) = requests_answering(stand_in, "remember about my sister")
        assert "Aisha" in (memory_block_of(recalled) or "")  # memory works before the erasure

        # Said just before the erasure: its recording and learning are still in flight.
        await session.run(user_input="My brother Omar works as a pilot in Dubai.")
        report = await services.users.delete_user(user_id)
        assert report.existed and report.complete

        asked_after: RunResult[Any] = await session.run(user_input="So what do you know about me now?")
        (after,) = requests_answering(stand_in, "what do you know about me now")
        on_the_wire = json.dumps(after).lower()
        assert not [word for word in ERASED_WORDS if word in on_the_wire]
        assert memory_block_of(after) is None
        asked_after.expect.contains_message(role="assistant")

        # Memory is off for the rest of the session: a tool says so, nothing is saved.
        stand_in.add_rule(
            user_says("remember that i like tea"),
            ToolCall("remember", {"content": "Likes tea", "kind": "preference"}),
        )
        tool_run: RunResult[Any] = await session.run(user_input="Please remember that I like tea.")
        output = tool_run.expect.contains_function_call_output().event().item
        assert output.is_error and "erased" in output.output
    await agent.end_user_session()
    await services.profiles.wait_for_refreshes()
    await services.batcher.flush()

    store = services.store
    assert agent.erased and agent.user_id is None
    assert await store.get_user(user_id) is None and await store.get_profile(user_id) is None
    assert await store.count_memories(user_id, include_superseded=True) == 0
    assert await store.list_sessions(user_id) == [] and await store.list_turns(user_id, limit=1000) == []
