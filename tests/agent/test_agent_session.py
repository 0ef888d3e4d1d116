"""End to end: the real livekit-agents AgentSession running CompanionAgent with
the REAL livekit OpenAI plugin, talking HTTP to the local OpenAI-compatible
stand-in, over real services (SQLite file, Redis, MiniLM embeddings).

What the stand-in received is what an OpenAI server would have received, so
the memory block and the user isolation are checked on the wire.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import Any

from livekit.agents import AgentSession, RunResult

from agent import CompanionAgent, SessionIdentity, build_agent_session
from agent_prompts import (
    LLM_FAILED_LINE,
    MEMORY_BLOCK_CLOSE,
    MEMORY_BLOCK_OPEN,
    RESUME_LINE,
    memory_block_head,
)
from core.models import utcnow
from services.container import build_services
from tests.agent.conftest import conversation_request, start_and_greet, user_says
from tests.support.openai_server import (
    ErrorReply,
    OpenAIStandIn,
    ToolCall,
    last_user_text,
    message_text,
)


def conversation_requests(server: OpenAIStandIn, user_text: str) -> list[dict]:
    """The voice LLM's requests answering a user message containing ``user_text``."""
    return [
        r
        for r in server.chat_requests()
        if conversation_request(r) and user_text.lower() in last_user_text(r).lower()
    ]


def memory_block_of(request: dict) -> str | None:
    """The delimited memory message in a request, checking it sits right
    before the user's latest message (context for this turn, not the prompt)."""
    messages = request["messages"]
    for index, message in enumerate(messages):
        text = message_text(message)
        if text.startswith(MEMORY_BLOCK_OPEN):
            assert message["role"] != "system", "memory must not be in the system prompt"
            assert text.rstrip().endswith(MEMORY_BLOCK_CLOSE)
            assert messages[index + 1]["role"] == "user"
            return text
    return None


async def run_session(settings, services, identity, turns, *, clock=utcnow, pause_between_turns=False):
    """One whole session: start (greeting), the user's turns, end. Returns the
    agent and the run results. ``pause_between_turns``: the agent's background
    work (recording, learning, warm-ups) finishes before the next turn, as it
    does while a person speaks; without it a loaded machine may not have
    learned from one turn by the next."""
    agent = CompanionAgent(settings, services, identity, clock=clock)
    results = []
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        for text in turns:
            results.append(await session.run(user_input=text))
            if pause_between_turns:
                assert await agent.background.drain(30)
    await agent.end_user_session()
    return agent, results


async def test_memory_carries_across_two_sessions(settings, stand_in, user_id) -> None:
    stand_in.add_rule(
        user_says("interview on friday"),
        ToolCall(
            "remember",
            {
                "content": "Has a job interview on Friday",
                "kind": "event",
                "key": "event:job_interview",
                "importance": 0.9,
            },
        ),
    )
    stand_in.add_rule(
        user_says("my phone number is"),
        ToolCall("remember", {"content": "Phone number is 555-0142", "kind": "fact", "key": "phone"}),
    )
    stand_in.add_rule(user_says("forget my phone number"), ToolCall("forget", {"description": "my phone number"}))

    # --- session 1 -------------------------------------------------------------
    services = await build_services(settings)
    try:
        agent1, results = await run_session(
            settings,
            services,
            SessionIdentity(user_id),
            [
                "Hi, I'm Maya. I have a job interview on Friday.",
                "My phone number is 555-0142.",
            ],
        )
        assert "what should i call you" in (agent1.greeting or "").lower()  # a first meeting
        remember_call = results[0].expect.contains_function_call(name="remember").event().item
        assert json.loads(remember_call.arguments)["kind"] == "event"
        output = results[0].expect.contains_function_call_output().event().item
        assert not output.is_error and json.loads(output.output)["saved"] is True
        ended = await services.conversations.continuity(user_id, utcnow() + timedelta(minutes=1))
        assert ended.last_session_at is not None
    finally:
        await services.aclose()

    # --- session 2, a week later, on a freshly opened store ----------------------
    def next_week() -> datetime:
        return utcnow() + timedelta(days=8)

    services = await build_services(settings)
    try:
        agent2 = CompanionAgent(settings, services, SessionIdentity(user_id), clock=next_week)
        async with build_agent_session(settings, services, text_only=True) as session:
            opening = await start_and_greet(session, agent2)
            said = opening.expect.contains_message(role="assistant").event().item.text_content
            assert said == agent2.greeting
            assert "how did your job interview go" in said.lower()

            await session.run(user_input="I'm nervous about it, any tips?")
            (tips_request,) = conversation_requests(stand_in, "nervous about it")
            block = memory_block_of(tips_request)
            assert block is not None and "interview" in block.lower()

            forget: RunResult[Any] = await session.run(user_input="Please forget my phone number.")
            forget.expect.contains_function_call(name="forget")
            forgot = forget.expect.contains_function_call_output().event().item
            # The tool and the background learner both act on "forget ...";
            # whichever runs first deletes, the other finds nothing left.
            assert not forgot.is_error and "forgotten" in json.loads(forgot.output)
        await agent2.end_user_session()

        everything = await services.memory.list(user_id, include_superseded=True, limit=1000)
        assert not [m for m in everything if "555-0142" in m.content]
        hits = await services.memory.search(user_id, "what is my phone number", limit=10)
        assert not [h for h in hits if "555-0142" in h.memory.content]
        assert [m for m in everything if "interview" in m.content.lower()]
    finally:
        await services.aclose()


async def test_parallel_users_never_see_each_others_memories(
    settings, services, stand_in, user_id, other_user_id
) -> None:
    await services.memory.remember(user_id, "Has a cat named Whiskers", kind="relationship")
    await services.memory.remember(other_user_id, "Has a dog named Rex", kind="relationship")
    questions = {
        user_id: ["What is my pet called? (asks Alice)", "Tell me about my pet again (Alice)"],
        other_user_id: ["What is my pet called? (asks Bob)", "Tell me about my pet again (Bob)"],
    }

    await asyncio.gather(
        *(run_session(settings, services, SessionIdentity(uid), turns) for uid, turns in questions.items())
    )

    for owner, mine, theirs in ((user_id, "Whiskers", "Rex"), (other_user_id, "Rex", "Whiskers")):
        for question in questions[owner]:
            (request,) = conversation_requests(stand_in, question)
            wire = json.dumps(request)
            assert theirs not in wire
            block = memory_block_of(request)
            assert block is not None and mine in block


async def test_health_tools_report_numbers_that_move(settings, services, stand_in, user_id) -> None:
    stand_in.add_rule(user_says("cache stats"), ToolCall("getRedisCacheStats", {}))
    stand_in.add_rule(user_says("batch stats"), ToolCall("getDatabaseBatchStats", {}))
    stand_in.add_rule(user_says("pool stats"), ToolCall("getConnectionPoolStats", {}))
    stand_in.add_rule(user_says("memory stats"), ToolCall("getMemoryStats", {}))
    await services.memory.remember(user_id, "Plays the cello on Sundays", kind="routine")

    def tool_json(result) -> dict:
        item = result.expect.contains_function_call_output().event().item
        assert not item.is_error, item.output
        return json.loads(item.output)

    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        cache_before = tool_json(await session.run(user_input="Show me the cache stats."))
        batch_before = tool_json(await session.run(user_input="Show me the batch stats."))
        for _ in range(3):  # the same question: its embedding comes from the cache
            await session.run(user_input="When do I play the cello?")
        await agent.background.drain(30)
        await services.batcher.flush()  # the recorded turns are durable now
        cache_after = tool_json(await session.run(user_input="Cache stats again please."))
        batch_after = tool_json(await session.run(user_input="And the batch stats now."))
        pool = tool_json(await session.run(user_input="What are the pool stats?"))
        memory = tool_json(await session.run(user_input="And the memory stats?"))
    await agent.end_user_session()

    assert cache_after["hits"] > cache_before["hits"]
    assert _written(batch_after) > _written(batch_before)
    assert isinstance(pool, dict) and pool
    assert memory["total"] >= 1


def _written(stats: dict) -> int:
    """Items the batcher wrote (the agent's recorded turns go through it)."""
    return int(stats["items_written"])


async def test_real_openai_plugin_reaches_the_stand_in(settings, services, stand_in, user_id) -> None:
    """The session built from settings (not a test double) sends the agent's
    tools and instructions over HTTP and reads the streamed reply."""
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    session: AgentSession
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        result: RunResult[Any] = await session.run(user_input="Hello there, companion!")
        reply = result.expect.next_event().is_message(role="assistant").event().item
    await agent.end_user_session()
    assert reply.text_content == "I hear you: Hello there, companion!"
    (request,) = conversation_requests(stand_in, "Hello there, companion")
    assert request["stream"] is True
    assert request["model"] == settings.llm_model
    assert {"remember", "forget", "search_memories", "getMemoryStats"} <= {
        t["function"]["name"] for t in request["tools"]
    }
    assert request["messages"][0]["role"] in ("system", "developer")
    # Usage collected from the streamed response, logged at session end.
    assert agent.final_usage is not None
    (llm_usage,) = [m for m in agent.final_usage["models"] if m.get("type") == "llm_usage"]
    assert llm_usage["input_tokens"] > 0 and llm_usage["output_tokens"] > 0
    assert agent.final_usage["turns"]["turns_recalled"] == 1
    assert agent.final_usage["turns"]["llm_ttft_p50_ms"] is not None


async def test_a_reply_the_llm_cannot_give_is_not_silence(settings, services, stand_in, user_id) -> None:
    """The LLM refuses one turn (an error LiveKit does not retry): the user
    hears one sentence saying so, and the next turn is answered as usual."""
    stand_in.add_rule(user_says("tell me about the tides"), ErrorReply(400, "context length exceeded"))
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    session: AgentSession
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        await session.run(user_input="Tell me about the tides")
        for _ in range(100):  # the apology is said from the error event, after the run
            if any(m.role == "assistant" and m.text_content == LLM_FAILED_LINE for m in agent.chat_ctx.messages()):
                break
            await asyncio.sleep(0.05)
        said = [m.text_content for m in agent.chat_ctx.messages() if m.role == "assistant"]
        assert said[-1] == LLM_FAILED_LINE
        result: RunResult[Any] = await session.run(user_input="Okay, how are you?")
        reply = result.expect.next_event().is_message(role="assistant").event().item
        assert reply.text_content == "I hear you: Okay, how are you?"
    await agent.end_user_session()
    assert agent.final_usage is not None and agent.final_usage["turns"]["llm_failures"] == 1


async def test_a_dropped_call_resumes_the_same_session_without_a_new_greeting(settings, services, stand_in, user_id) -> None:
    """Drop (the session closes as on a participant disconnect) and rejoin 40 s
    later: same session row, no greeting, the earlier words back in context.
    Rejoining 10 minutes later is a new session with a greeting."""
    start = utcnow()
    first = CompanionAgent(settings, services, SessionIdentity(user_id), clock=lambda: start)
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, first)
        await session.run(user_input="My daughter Zara has her piano recital on Saturday.")
    await first.end_user_session()

    rejoined = CompanionAgent(settings, services, SessionIdentity(user_id), clock=lambda: start + timedelta(seconds=40))
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, rejoined)
        await session.run(user_input="Sorry, where were we?")
    await rejoined.end_user_session()
    assert rejoined.resumed and rejoined.session_id == first.session_id
    assert rejoined.greeting == RESUME_LINE
    (request,) = conversation_requests(stand_in, "where were we")
    earlier = [m for m in request["messages"] if m["role"] == "user" and "piano recital" in json.dumps(m)]
    assert earlier, "the resumed session's earlier turn is back in the chat context"
    sessions = await services.store.list_sessions(user_id)
    assert [s.id for s in sessions] == [first.session_id]  # one session row, not two
    turns = await services.store.list_turns(user_id, session_id=first.session_id)
    said = [t.text for t in turns if t.role.value == "user"]
    assert said == ["My daughter Zara has her piano recital on Saturday.", "Sorry, where were we?"]  # restored, not re-recorded

    later = CompanionAgent(settings, services, SessionIdentity(user_id), clock=lambda: start + timedelta(minutes=10))
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, later)
    await later.end_user_session()
    assert not later.resumed and later.session_id != first.session_id
    assert later.greeting != RESUME_LINE


async def test_warm_prompts_are_the_prefix_of_the_next_turns_request(tmp_path, stand_in, redis_server, user_id) -> None:
    """LLM_WARM_PROMPT (on for a model on this machine): while the greeting plays,
    and after every reply, the agent sends what the next request starts with, so
    a server that keeps its last prompt evaluated only evaluates the new turn.
    Checked on the wire: each warm-up's messages are exactly the first messages
    of the next conversation request (same system prompt, same history), then
    the head of a memory block, which the turn's block begins with."""
    from tests.agent.conftest import make_settings

    settings = make_settings(
        tmp_path, stand_in.base_url, redis_server.url, llm_warm_prompt=True, llm_tools_enabled=False
    )
    services = await build_services(settings)
    try:
        await run_session(
            settings, services, SessionIdentity(user_id),
            ["My sister Sara visits on Sunday.", "We might go to the beach."],
            pause_between_turns=True,
        )
    finally:
        await services.aclose()

    requests = stand_in.chat_requests()
    turns = [
        r for r in requests
        if r["messages"][-1]["role"] == "user"
        and last_user_text(r) in ("My sister Sara visits on Sunday.", "We might go to the beach.")
    ]
    assert len(turns) == 2
    system_prompt = turns[0]["messages"][0]
    assert system_prompt["role"] in ("system", "developer")
    # Each warm-up ends with the head every memory block starts with.
    head = memory_block_head()
    warm_ups = [
        r for r in requests if r["messages"][0] == system_prompt and message_text(r["messages"][-1]) == head
    ]
    assert len(warm_ups) >= 2
    with_memories = 0
    for turn in turns:
        earlier = [w for w in warm_ups if requests.index(w) < requests.index(turn)]
        assert earlier, "no warm-up before this turn"
        *exchange, warmed_head = earlier[-1]["messages"]
        assert turn["messages"][: len(exchange)] == exchange
        following = turn["messages"][len(exchange)]
        assert following["role"] == warmed_head["role"] == "user"
        # The turn's memory block, or its words when nothing was recalled.
        if message_text(following).startswith(head):
            with_memories += 1
        else:
            assert following == turn["messages"][-1]
        assert "tools" not in turn or not turn["tools"]
    assert with_memories >= 1  # the second turn recalls the sister
    # The second turn's warm-up already holds the first exchange.
    assert "Sara" in json.dumps(warm_ups[-1]["messages"])
