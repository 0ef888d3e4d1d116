"""A crisis turn in a real session: the safe-response policy and the crisis lines
are on the wire to the LLM, the escalation is stored and the webhook receives it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from livekit.agents import AgentSession

from agent import CompanionAgent, SessionIdentity, build_agent_session
from core.config import Settings
from services.container import Services, build_services
from services.safety_screen import screen
from tests.agent.conftest import make_settings, start_and_greet, user_says
from tests.services.test_safety_service import SECRET, WebhookReceiver, free_port
from tests.support.openai_server import OpenAIStandIn


@asynccontextmanager
async def companion(settings: Settings) -> AsyncIterator[Services]:
    services = await build_services(settings)
    try:
        yield services
    finally:
        await services.aclose()


@asynccontextmanager
async def greeted_session(
    settings: Settings, services: Services, user_id: str
) -> AsyncIterator[tuple[CompanionAgent, AgentSession]]:
    """A text-only session that has said its greeting; on leaving it, the
    session closes and the agent ends the user's session (summary, usage)."""
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    session: AgentSession
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        yield agent, session
    await agent.end_user_session()


def answer_to(stand_in: OpenAIStandIn, words: str) -> dict[str, Any]:
    """The voice LLM's request that answers the user turn containing ``words``."""
    return next(r for r in stand_in.chat_requests() if user_says(words)(r))


def safety_instructions(request: dict[str, Any], last: int | None = None) -> list[dict[str, Any]]:
    """The request's safety instructions (among its ``last`` messages, if given)."""
    messages = request["messages"] if last is None else request["messages"][-last:]
    return [m for m in messages if m["role"] in ("system", "developer") and "SAFETY" in str(m["content"])]


async def test_a_crisis_turn_carries_the_policy_on_the_wire(tmp_path, stand_in, redis_server, user_id) -> None:
    receiver = WebhookReceiver(free_port())
    await receiver.start()
    settings = make_settings(tmp_path, stand_in.base_url, redis_server.url, safety_webhook_url=receiver.url,
                             safety_webhook_secret=SECRET, safety_locale="en-GB", safety_classifier_enabled=False)
    try:
        async with companion(settings) as services:
            async with greeted_session(settings, services, user_id) as (agent, session):
                await session.run(user_input="Honestly, everyone would be better off without me.")
                await session.run(user_input="Anyway, what's the weather like for a walk?")
            crisis = answer_to(stand_in, "better off without me")
            ordinary = answer_to(stand_in, "weather like for a walk")
            policy = safety_instructions(crisis)
            assert len(policy) == 1
            assert "Samaritans" in str(policy[0]["content"]) and "116 123" in str(policy[0]["content"])
            # The policy sits just before the user's words and is not repeated on the next turn.
            assert crisis["messages"].index(policy[0]) < len(crisis["messages"]) - 1
            assert crisis["messages"][-1]["role"] == "user"
            assert safety_instructions(ordinary, last=2) == []
            assert agent.final_usage is not None and agent.final_usage["turns"]["safety_turns"] == 1
            assert [r["escalation"]["category"] for r in receiver.received] == ["self_harm"]
            assert (await services.store.list_escalations(user_id))[0].session_id == agent.session_id
    finally:
        await receiver.stop()


async def test_the_semantic_stage_catches_what_the_patterns_miss_from_the_recall_vector(
    tmp_path, stand_in, redis_server, user_id
) -> None:
    """The turn's recall vector is scored too (SAFETY_SEMANTIC_ENABLED, on by
    default): a crisis in words no pattern names gets this reply a gentle
    check-in, with no second embedding of the turn and, with no classifier to
    confirm it, no escalation."""
    text = "I have decided tonight is my last night on this earth"
    assert not screen(text).flagged
    settings = make_settings(tmp_path, stand_in.base_url, redis_server.url, safety_locale="en-GB",
                             safety_classifier_enabled=False, safety_semantic_enabled=True,
                             safety_model_enabled=False)
    async with companion(settings) as services:
        assert services.safety.semantic is not None
        async with greeted_session(settings, services, user_id) as (_agent, session):
            embedded = services.embedder.stats()["embeddings_computed"]
            await session.run(user_input=text)
            turn_embeddings = services.embedder.stats()["embeddings_computed"] - embedded
            await session.run(user_input="Anyway, what's the weather like for a walk?")
        policy = safety_instructions(answer_to(stand_in, "last night on this earth"))
        assert len(policy) == 1 and "116 123" in str(policy[0]["content"])
        assert str(policy[0]["content"]).startswith("SAFETY CHECK-IN")
        assert safety_instructions(answer_to(stand_in, "weather like for a walk"), last=3) == []
        assert turn_embeddings <= 2  # the message (and at most the recent-turn context): nothing for safety
        assert await services.store.list_escalations(user_id) == []
        assert services.safety.stats()["semantic_flagged_self_harm"] == 1


async def test_the_safety_model_reads_each_turn_beside_recall_and_vetoes_what_it_does_not_bear_out(
    tmp_path, stand_in, redis_server, user_id
) -> None:
    """With the safety model (SAFETY_MODEL_ENABLED, on by default, loaded while
    the agent greets): a crisis in words no pattern names gets a check-in on the
    wire, and a screen hit the model does not bear out gets no policy at all."""
    import copy
    import dataclasses

    text = "I have decided tonight is my last night on this earth"
    assert not screen(text).flagged
    settings = make_settings(tmp_path, stand_in.base_url, redis_server.url, safety_locale="en-GB",
                             safety_classifier_enabled=False)
    async with companion(settings) as services:
        async with greeted_session(settings, services, user_id) as (_agent, session):
            await services.safety.warmup()  # the agent started it on entering; wait for it here
            model = services.safety.model
            assert model is not None
            await session.run(user_input=text)
            # Every screen hit vetoed, for this turn: the words match, the model disagrees.
            services.safety.model = copy.copy(model)
            services.safety.model.config = dataclasses.replace(model.config, veto_below=1.01, threshold=1.01)
            await session.run(user_input="I want to kill myself, honestly.")
            services.safety.model = model
        policy = safety_instructions(answer_to(stand_in, "last night on this earth"))
        assert len(policy) == 1 and str(policy[0]["content"]).startswith("SAFETY CHECK-IN")
        assert safety_instructions(answer_to(stand_in, "kill myself, honestly"), last=3) == []
        assert await services.store.list_escalations(user_id) == []
        stats = services.safety.stats()
        assert stats["model_flagged_self_harm"] == 1 and stats["screen_vetoed"] == 1


async def test_a_slow_meaning_check_does_not_hold_the_reply_and_its_check_in_comes_next_turn(
    tmp_path, stand_in, redis_server, user_id
) -> None:
    """The reply waits for the safety model only SAFETY_MODEL_WAIT_MS after recall:
    a turn the model is still reading gets its reply at once, and the check-in
    the model then finds shapes the next reply, nothing is lost."""
    import copy
    import time as clock

    text = "I have decided tonight is my last night on this earth"
    settings = make_settings(tmp_path, stand_in.base_url, redis_server.url, safety_locale="en-GB",
                             safety_classifier_enabled=False, safety_model_wait_ms=0)
    async with companion(settings) as services:
        async with greeted_session(settings, services, user_id) as (_agent, session):
            await services.safety.warmup()
            model = services.safety.model
            assert model is not None
            slow = copy.copy(model)
            reads = slow.probabilities

            def slow_read(texts: list[str]) -> Any:
                clock.sleep(0.5)  # far longer than recall takes here
                return reads(texts)

            slow.probabilities = slow_read  # type: ignore[method-assign]
            services.safety.model = slow
            started = clock.perf_counter()
            await session.run(user_input=text)
            assert clock.perf_counter() - started < 5.0
            for _ in range(100):  # the model finishes in its worker thread
                if services.safety.stats().get("model_carried_over"):
                    break
                await asyncio.sleep(0.05)
            services.safety.model = model
            await session.run(user_input="anyway, how was your day?")
        assert safety_instructions(answer_to(stand_in, "last night on this earth")) == []
        policy = safety_instructions(answer_to(stand_in, "how was your day"))
        assert len(policy) == 1 and str(policy[0]["content"]).startswith("SAFETY CHECK-IN")
        stats = services.safety.stats()
        assert stats["model_carried_over"] == 1 and stats["model_late"] >= 1
        assert await services.store.list_escalations(user_id) == []
