"""/healthz, /readyz, /metrics, and the same metrics from the agent worker."""

from __future__ import annotations

import gc
import uuid

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families

import agent
from api.main import create_app
from core.errors import ConfigurationError
from services.container import build_services
from tests.api.conftest import api_settings, auth, call
from tests.support.servers import free_port


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["ready"] is True and body["embedding_model_loaded"] is True
    assert body["store"]["ok"] is True
    assert body["cache"]["backend"] == "redis" and body["cache"]["degraded"] is False


def test_the_server_keeps_its_startup_heap_out_of_full_collections(settings_for, embedder):
    """``python -m api`` freezes what startup built once the app has started,
    so a full collection walks only what requests made since; an app created
    for someone else's process (the tests' own) leaves their heap alone."""
    gc.unfreeze()
    try:
        with TestClient(create_app(settings_for("sqlite"), embedder=embedder)) as plain:
            assert plain.get("/readyz").status_code == 200
            assert gc.get_freeze_count() == 0
        with TestClient(create_app(settings_for("sqlite"), embedder=embedder, freeze_heap=True)) as frozen:
            assert frozen.get("/readyz").status_code == 200
            assert frozen.get("/v1/me/memories", headers=auth(str(uuid.uuid4()))).status_code == 200
            kept = gc.get_freeze_count()
            assert kept > 50_000  # the modules, the routes, the services
            assert len(gc.get_objects()) < kept // 4  # what a full pass still walks
    finally:
        gc.unfreeze()


def test_readyz_reports_the_cache_fallback(tmp_path, embedder):
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    with TestClient(create_app(api_settings(tmp_path, redis_url=dead_redis), embedder=embedder)) as client:
        body = client.get("/readyz").json()
        # The cache serves from the in-process fallback: degraded, still ready.
        assert body["ready"] is True and body["cache"]["degraded"] is True
        metrics = samples(client.get("/metrics").text)
        assert metrics[("companion_cache_fallback_active", ())] == 1.0


def test_store_down_is_503_counted_and_not_ready(sqlite_client, user_id):
    services = sqlite_client.app.state.services
    call(sqlite_client, services.store.close)
    response = sqlite_client.get("/v1/me/memories", headers=auth(user_id))
    assert response.status_code == 503 and response.json()["code"] == "storage_unavailable"
    assert sqlite_client.get("/readyz").status_code == 503
    registry = sqlite_client.app.state.metrics.registry
    assert registry.get_sample_value("companion_store_errors_total", {"operation": "GET /v1/me/memories"}) == 1.0


def test_metrics_report_what_the_health_tools_report(sqlite_client, user_id):
    client = sqlite_client
    services = client.app.state.services
    client.post("/v1/me/memories", json={"content": "User has a job interview on Friday."}, headers=auth(user_id))
    call(client, services.rag.recall_for_turn, user_id, [], "how did my interview go?", 5_000)
    call(client, services.rag.recall_for_turn, user_id, [], "what about the weather on Saturday?", 0.001)
    call(client, services.rag.wait_pending)

    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"] == CONTENT_TYPE_LATEST
    values = samples(response.text)
    registry = client.app.state.metrics.registry
    assert registry.get_sample_value("companion_recall_latency_seconds_count") == 2.0
    assert registry.get_sample_value("companion_recall_budget_overruns_total") == services.rag.stats()["timeouts"] == 1
    assert registry.get_sample_value("companion_embedding_latency_seconds_count") >= 1.0
    cache = services.cache.stats()
    assert values[("companion_cache_hits_total", ())] == cache["hits"]
    assert values[("companion_cache_hit_ratio", ())] == cache["hit_rate"]
    assert values[("companion_cache_fallback_active", ())] == 0.0
    batcher = services.batcher.stats()
    assert values[("companion_batcher_queue_depth", ())] == batcher["queue_depth"]
    assert values[("companion_batcher_failures_total", ())] == batcher["failures"]
    created = ("companion_http_requests_total", (("method", "POST"), ("route", "/v1/me/memories"), ("status", "201")))
    assert values[created] == 1.0
    # Route templates, never raw paths or user ids, label the requests.
    assert not any(user_id in str(labels) for (_, labels) in values)


@pytest.mark.parametrize("port_taken", [False, True])
async def test_agent_worker_serves_the_same_metrics(
    tmp_path, redis_server, embedder, port_taken, monkeypatch, caplog
):
    port = free_port()
    settings = api_settings(tmp_path, redis_url=redis_server.url, agent_metrics_port=port)
    monkeypatch.setattr(agent, "_metrics_server", None)
    services = await build_services(settings, embedder=embedder)
    blocker = None
    try:
        if port_taken:
            import socket

            blocker = socket.socket()
            blocker.bind(("0.0.0.0", port))
            blocker.listen()
        agent.serve_metrics(settings, services)  # what the entrypoint does for each job
        await services.rag.recall_for_turn("00000000-0000-4000-8000-000000000002", [], "hello there", 0.001)
        await services.rag.wait_pending()
        assert agent._metrics_server is not None
        if port_taken:  # logged, the job goes on
            assert not agent._metrics_server.serving
            assert "unavailable" in caplog.text
            return
        async with httpx.AsyncClient() as http:
            text = (await http.get(f"http://127.0.0.1:{port}/metrics", timeout=5)).text
        values = samples(text)
        assert values[("companion_recall_budget_overruns_total", ())] == 1.0
        assert values[("companion_recall_latency_seconds_count", ())] == 1.0
        assert ("companion_batcher_queue_depth", ()) in values
    finally:
        if blocker is not None:
            blocker.close()
        if agent._metrics_server is not None:
            agent._metrics_server.close()
        await services.aclose()


def test_metrics_can_require_a_bearer_token(tmp_path, redis_server, embedder):
    token = "metrics-token-" + "m" * 32
    settings = api_settings(tmp_path, redis_url=redis_server.url, api_metrics_token=token)
    with TestClient(create_app(settings, embedder=embedder)) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer " + "n" * 46}).status_code == 401
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert scraped.status_code == 200 and "companion_http_requests_total" in scraped.text
        # Health checks stay open for the orchestrator.
        assert client.get("/healthz").status_code == 200
    with pytest.raises(ConfigurationError):
        create_app(api_settings(tmp_path, api_metrics_token="short"))
