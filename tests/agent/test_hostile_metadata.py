"""Hostile participant metadata (issue 9, item 5): whatever the app or a
client puts there, the worker starts a session (a guest one when no valid id
remains) and logs why, instead of crashing in the JSON parser."""

from __future__ import annotations

import json
import logging
import uuid

import pytest

from agent import (
    MAX_METADATA_CHARS,
    CompanionAgent,
    build_agent_session,
    parse_metadata,
    resolve_identity,
)
from agent_prompts import GUEST_GREETING
from tests.agent.conftest import start_and_greet

HOSTILE_METADATA = {
    "deep_arrays": "[" * 100_000,
    "deep_objects": '{"a":' * 100_000,
    # Under the size cap, but still past the parser's recursion limit.
    "deep_arrays_under_cap": "[" * 5_000,
    "deep_objects_under_cap": '{"a":' * 3_000,
    # Parses, but nested deeper than onboarding data ever is.
    "parseable_deep_onboarding": json.dumps({"onboarding": {"extra": json.loads("[" * 500 + "]" * 500)}}),
    "huge_string": json.dumps({"note": "x" * 5_000_000}),
    "huge_integer": "1" * 5_000,
    "array": json.dumps(["not", "an", "object"]),
    "number": "42",
    "string": json.dumps("just a string"),
    "null": "null",
    "truncated": '{"user_id": ',
}


@pytest.mark.parametrize("metadata", HOSTILE_METADATA.values(), ids=HOSTILE_METADATA.keys())
def test_hostile_metadata_gives_a_guest_with_a_logged_reason(metadata: str, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="companion.agent"):
        identity = resolve_identity("web-client-17", metadata)
    assert identity.user_id is None and identity.onboarding is None
    assert identity.problem and "metadata" in identity.problem
    assert any("ignoring participant metadata" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("metadata", HOSTILE_METADATA.values(), ids=HOSTILE_METADATA.keys())
def test_hostile_metadata_does_not_cost_a_valid_identity(metadata: str) -> None:
    user = str(uuid.uuid4())
    identity = resolve_identity(user, metadata)
    assert identity.user_id == user
    assert identity.onboarding is None


def test_metadata_size_is_capped_before_parsing() -> None:
    user = str(uuid.uuid4())
    padded = json.dumps({"user_id": user, "pad": "x" * MAX_METADATA_CHARS})
    meta, problem = parse_metadata(padded)
    assert meta == {} and problem and str(MAX_METADATA_CHARS) in problem
    # The same content under the cap is accepted.
    meta, problem = parse_metadata(json.dumps({"user_id": user, "pad": "x" * 100}))
    assert problem is None and meta["user_id"] == user


def test_ordinary_onboarding_metadata_still_parses() -> None:
    user = str(uuid.uuid4())
    onboarding = {"name": "Maya", "interests": ["chess", "tea"], "extra": {"pets": {"cat": "Miso"}}}
    identity = resolve_identity("phone-app", json.dumps({"user_id": user, "onboarding": onboarding}))
    assert identity.user_id == user and identity.onboarding == onboarding


@pytest.mark.parametrize("metadata", [HOSTILE_METADATA["deep_arrays"], HOSTILE_METADATA["parseable_deep_onboarding"]])
async def test_session_with_hostile_metadata_starts_as_a_guest(settings, services, stand_in, metadata, caplog) -> None:
    """The real session start: AgentSession with the OpenAI plugin against the
    stand-in greets as a guest, answers a turn, and stores nothing."""
    with caplog.at_level(logging.WARNING, logger="companion.agent"):
        agent = CompanionAgent(settings, services, resolve_identity("web-client-17", metadata))
        async with build_agent_session(settings, services, text_only=True) as session:
            opening = await start_and_greet(session, agent)
            greeting = opening.expect.contains_message(role="assistant").event().item
            await session.run(user_input="Hello, can you hear me?")
        await agent.end_user_session()
    assert greeting.text_content == GUEST_GREETING
    assert any("guest session" in r.getMessage() and "metadata" in r.getMessage() for r in caplog.records)
    assert stand_in.chat_requests(), "the guest session still talked to the LLM"
    assert await services.store.admin_count_users() == 0


async def test_valid_user_with_deeply_nested_onboarding_starts_without_it(settings, services, stand_in, user_id) -> None:
    """The participant identity is the user's id: their session starts, with
    the over-nested onboarding left out rather than half-applied."""
    metadata = json.dumps({"onboarding": {"name": "Maya", "extra": json.loads("[" * 500 + "]" * 500)}})
    agent = CompanionAgent(settings, services, resolve_identity(user_id, metadata))
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
    await agent.end_user_session()
    assert agent.user_id == user_id and agent.session_id is not None
    assert (await services.profiles.get(user_id)).data.get("name") is None
