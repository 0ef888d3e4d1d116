"""Fixtures for the agent tests: real services on a temporary SQLite file,
the real Redis started by the root conftest, real MiniLM embeddings, and the
local OpenAI-compatible stand-in the real livekit OpenAI plugin talks to."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from tests.support.openai_server import (
    OpenAIStandIn,
    awaiting_answer_to_user,
    last_user_text,
    tool_names,
    wants_json,
)


def conversation_request(request: dict) -> bool:
    """A request from the voice LLM (it offers the agent's tools), as opposed
    to background ones (memory extraction, summaries) on the same server."""
    return not wants_json(request) and "remember" in tool_names(request)


def user_says(substring: str):
    """Matcher: the agent's LLM is answering a user message containing ``substring``."""
    needle = substring.lower()

    def match(request: dict) -> bool:
        return (
            conversation_request(request)
            and awaiting_answer_to_user(request)
            and needle in last_user_text(request).lower()
        )

    return match


async def start_and_greet(session: Any, agent: Any) -> Any:
    """Start the session and wait until the agent has said its greeting, so the
    first user turn's events do not interleave with it. Returns the greeting run."""
    opening = await session.start(agent, capture_run=True)
    await opening
    return opening


def make_settings(tmp_path: Path, base_url: str, redis_url: str | None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "sqlite_path": str(tmp_path / "companion.db"),
        "redis_url": redis_url,
        # Each test gets its own key space on the shared Redis.
        "cache_namespace": f"agent-test-{uuid.uuid4().hex[:8]}",
        "openai_base_url": base_url,
        "openai_api_key": "test-key",
        "embedding_provider": "local",
        # A loaded 2-core test machine must not make recall time out; the
        # budget itself is exercised in the RAG service's own tests.
        "recall_budget_ms": 5000,
        "agent_drain_timeout_seconds": 30,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
async def stand_in():
    async with OpenAIStandIn() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, stand_in: OpenAIStandIn, redis_server) -> Settings:
    return make_settings(tmp_path, stand_in.base_url, redis_server.url)


@pytest.fixture
async def services(settings: Settings):
    from services.container import build_services

    built = await build_services(settings)
    try:
        yield built
    finally:
        await built.aclose()
