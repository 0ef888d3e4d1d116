"""Models load before the first user turn, once per process.

A worker's prewarm loads the local embedding model; every session's services
then use that one copy (and the process's startup heap is frozen: see
core.heap), and a session that starts without a prewarm loads it
while its greeting is spoken, not on the user's first turn.
"""

from __future__ import annotations

import gc
from types import SimpleNamespace

import agent as agent_module
from agent import CompanionAgent, SessionIdentity, build_agent_session
from services.container import build_services
from services.embedding_service import (
    LocalEmbeddingProvider,
    local_torch_threads,
    shared_local_model,
)
from tests.agent.conftest import start_and_greet


def _shared(settings):
    return shared_local_model(settings.local_embedding_model, torch_threads=local_torch_threads(settings))


async def test_prewarm_loads_the_embedding_model_every_session_then_shares(settings, monkeypatch) -> None:
    monkeypatch.setattr(agent_module, "load_vad", lambda: "vad")
    monkeypatch.setattr(agent_module, "load_turn_detector", lambda: "turn detector")
    monkeypatch.setattr(agent_module, "Settings", lambda: settings)
    process = SimpleNamespace(userdata={})
    gc.unfreeze()
    try:
        agent_module.prewarm(process)  # type: ignore[arg-type]
        # What the process keeps (modules, models) is out of the collector's full passes.
        assert gc.get_freeze_count() > 50_000
    finally:
        gc.unfreeze()  # this is the test run's process, not a worker's
    shared = _shared(settings)

    first, second = await build_services(settings), await build_services(settings)
    try:
        for services in (first, second):
            provider = services.embedder.provider
            assert isinstance(provider, LocalEmbeddingProvider)
            assert not provider.loaded
            await services.embedder.warmup()
            # The process-wide copy, not a second one per session.
            assert provider._model is shared.model and provider._onnx is shared.onnx
    finally:
        await first.aclose()
        await second.aclose()


async def test_model_is_ready_before_the_first_turn(settings, services, user_id) -> None:
    agent = CompanionAgent(settings, services, SessionIdentity(user_id))
    async with build_agent_session(settings, services, text_only=True) as session:
        await start_and_greet(session, agent)
        await agent.background.drain(30)
        # No user turn yet, and this session's embedder already holds the model.
        assert services.embedder.provider.loaded
        assert not [item for item in session.history.items if getattr(item, "role", None) == "user"]
    await agent.end_user_session()


def test_worker_runs_sessions_with_the_configured_executor(settings) -> None:
    from livekit.agents import JobExecutorType

    assert agent_module.build_server(settings)._job_executor_type == JobExecutorType.THREAD
    process = settings.model_copy(update={"agent_job_executor": "process"})
    assert agent_module.build_server(process)._job_executor_type == JobExecutorType.PROCESS
