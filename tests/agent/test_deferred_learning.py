"""The session-end LLM learning pass (LLM_EXTRACTION_TIMING=session_end, as in
local mode): what the LLM learns keeps the session and the turn it was said
in, like what the rules learn, so it can be traced (and scored) to its turn.

The real agent in a text session over real services; the extraction request
is answered by the OpenAI-compatible stand-in with a memory the rules cannot
find, so the memory is the LLM's alone.
"""

from __future__ import annotations

import pytest

from agent import CompanionAgent, SessionIdentity, build_agent_session
from core.models import TurnRole
from services.container import build_services
from services.memory_llm_extractor import SYSTEM_PROMPT
from tests.agent.conftest import make_settings, start_and_greet
from tests.support.openai_server import JsonReply, OpenAIStandIn, message_text, wants_json

LEARNED = "User keeps three beehives on the roof of their building."


def learned_reply(*contents: str) -> JsonReply:
    """The extraction model's answer: these facts, nothing to forget."""
    return JsonReply({
        "memories": [
            {"kind": "fact", "key": None, "content": content, "importance": 0.5, "occurred_at": None}
            for content in contents
        ],
        "forget": [],
    })


def extraction_request(request: dict) -> bool:
    messages = request.get("messages") or [{}]
    return wants_json(request) and message_text(messages[0]) == SYSTEM_PROMPT


async def test_llm_memories_learned_at_session_end_carry_their_turn(tmp_path, redis_server, user_id) -> None:
    async with OpenAIStandIn() as stand_in:
        stand_in.add_rule(extraction_request, learned_reply(LEARNED))
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


FACTS = {
    "beehives": "User keeps three beehives on the roof of their building.",
    "violin": "User has started learning the violin from an old teacher.",
    "kayak": "User paddles a red kayak on the lake at weekends.",
}


def fact_for_turn(request: dict) -> JsonReply:
    """The extraction model 'learns' one distinct fact from each turn."""
    said = message_text(request["messages"][-1]).lower()
    return learned_reply(*[fact for word, fact in FACTS.items() if word in said][:1])


@pytest.mark.parametrize("resumed", [False, True], ids=["next session", "resumed after a drop"])
async def test_a_pass_cut_by_its_budget_goes_on_at_the_next_session_end(
    tmp_path, redis_server, user_id, resumed: bool
) -> None:
    """The local model needs seconds a turn; a long session's pass outlasts the
    drain budget. What it did not reach is kept pending in the session's row
    and learned, with its own session and turn, when the next session ends
    (or the same session, resumed after a dropped call)."""
    async with OpenAIStandIn() as stand_in:
        stand_in.add_rule(extraction_request, fact_for_turn)
        settings = make_settings(
            tmp_path, stand_in.base_url, redis_server.url,
            llm_extraction_timing="session_end", agent_drain_timeout_seconds=1.6,
            session_resume_window_seconds=120.0 if resumed else 0.0,
        )
        services = await build_services(settings)
        try:
            first = CompanionAgent(settings, services, SessionIdentity(user_id))
            async with build_agent_session(settings, services, text_only=True) as session:
                await start_and_greet(session, first)
                await session.run(user_input="These days I look after a few beehives up on our roof.")
                await session.run(user_input="And I have taken up the violin with an old teacher of mine.")
                assert await first.background.drain(30)
                stand_in.response_delay = 1.0  # one extraction fits the 1.6 s budget, not two
            await first.end_user_session()
            assert first.session_id is not None
            first_session = await services.store.get_session(user_id, first.session_id)
            learned_first = [m.content for m in await services.memory.list(user_id) if m.metadata.get("extractor") == "llm"]
            turns = await services.store.list_turns(user_id, session_id=first.session_id, limit=50)
            violin_turn = [t.id for t in turns if t.role is TurnRole.USER and "violin" in t.text]

            stand_in.response_delay = 0.0
            second = CompanionAgent(settings, services, SessionIdentity(user_id))
            async with build_agent_session(settings, services, text_only=True) as session:
                await start_and_greet(session, second)
                await session.run(user_input="On weekends I paddle my red kayak on the lake.")
                assert await second.background.drain(30)
            await second.end_user_session()
            memories = {m.content: m for m in await services.memory.list(user_id) if m.metadata.get("extractor") == "llm"}
            after = {s.id: s.metadata.get("llm_learning_pending") for s in await services.store.list_sessions(user_id)}
        finally:
            await services.aclose()
    assert first_session is not None
    assert learned_first == [FACTS["beehives"]]
    assert first_session.metadata["llm_learning_pending"] == violin_turn and len(violin_turn) == 1
    assert set(memories) == set(FACTS.values())
    violin = memories[FACTS["violin"]]
    assert violin.session_ids == [first.session_id] and violin.turn_ids == violin_turn
    assert memories[FACTS["kayak"]].session_ids == [second.session_id]
    assert (second.session_id == first.session_id) is resumed
    assert after == {first.session_id: [], second.session_id: []}
