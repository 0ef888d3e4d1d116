"""The session-end LLM learning pass (LLM_EXTRACTION_TIMING=session_end, as in
local mode): what the LLM learns keeps the session and the turn it was said
in, like what the rules learn, so it can be traced (and scored) to its turn.

The real agent in a text session over real services; the extraction request
is answered by the OpenAI-compatible stand-in with a memory the rules cannot
find, so the memory is the LLM's alone.
"""

from __future__ import annotations

from agent import CompanionAgent, SessionIdentity, build_agent_session
from core.models import TurnRole
from services.container import build_services
from services.memory_llm_extractor import SYSTEM_PROMPT
from tests.agent.conftest import make_settings, start_and_greet
from tests.support.openai_server import JsonReply, OpenAIStandIn, message_text, wants_json

LEARNED = "User keeps three beehives on the roof of their building."


def extraction_request(request: dict) -> bool:
    messages = request.get("messages") or [{}]
    return wants_json(request) and message_text(messages[0]) == SYSTEM_PROMPT


async def test_llm_memories_learned_at_session_end_carry_their_turn(tmp_path, redis_server, user_id) -> None:
    async with OpenAIStandIn() as stand_in:
        stand_in.add_rule(
            extraction_request,
            JsonReply({
                "memories": [{"kind": "fact", "key": None, "content": LEARNED, "importance": 0.5, "occurred_at": None}],
                "forget": [],
            }),
        )
        settings = make_settings(tmp_path, stand_in.base_url, redis_server.url, llm_extraction_timing="session_end")
        services = await build_services(settings)
        try:
            agent = CompanionAgent(settings, services, SessionIdentity(user_id))
            async with build_agent_session(settings, services, text_only=True) as session:
                await start_and_greet(session, agent)
                await session.run(user_input="These days I look after a few beehives up on our roof.")
                assert await agent.background.drain(30)
                # Deferred: nothing was asked of the extraction model during the session.
                assert not [r for r in stand_in.chat_requests() if extraction_request(r)]
                session_id = agent.session_id
            await agent.end_user_session()  # (the session's close has already ended it: idempotent)
            assert len([r for r in stand_in.chat_requests() if extraction_request(r)]) == 1
            turns = await services.store.list_turns(user_id, session_id=session_id, limit=50)
            memories = await services.memory.list(user_id)
        finally:
            await services.aclose()
    said = [turn.id for turn in turns if turn.role is TurnRole.USER and "beehives" in turn.text]
    learned = [m for m in memories if m.metadata.get("extractor") == "llm"]
    assert [m.content for m in learned] == [LEARNED], [m.content for m in memories]
    assert learned[0].turn_ids == said and len(said) == 1
    assert learned[0].session_ids == [session_id]
