"""ConnectionPool with a real SQLite store and a real local HTTP server."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from aiohttp import web

from core.config import Settings
from core.errors import ConfigurationError, ResourceClosedError
from infrastructure.connection_pool import ConnectionPool
from tests.support.servers import free_port


@pytest.fixture
async def http_server():
    """A tiny OpenAI-shaped HTTP server that records what it received."""
    received: list[web.Request] = []

    async def models(request: web.Request) -> web.Response:
        received.append(request)
        return web.json_response(
            {
                "object": "list",
                "data": [
                    {
                        "id": "local-model",
                        "object": "model",
                        "created": 0,
                        "owned_by": "test",
                    }
                ],
            }
        )

    async def status(request: web.Request) -> web.Response:
        received.append(request)
        return web.Response(status=int(request.match_info["code"]), text="status")

    app = web.Application()
    app.router.add_get("/v1/models", models)
    app.router.add_get("/status/{code}", status)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    yield f"http://127.0.0.1:{port}", received
    await runner.cleanup()


def _settings(tmp_path, **overrides) -> Settings:
    values: dict[str, Any] = {
        "storage_backend": "sqlite",
        "sqlite_path": str(tmp_path / "pool.db"),
        "openai_api_key": None,
        "openai_base_url": None,
        "http_timeout_seconds": 12.0,
        "_env_file": None,
    }
    values.update(overrides)
    return Settings(**values)


async def test_one_shared_http_client_with_settings_timeouts_and_counts(
    tmp_path, http_server
):
    base, received = http_server
    pool = ConnectionPool(_settings(tmp_path))
    assert pool.stats()["http"]["created"] is False  # lazy
    client = pool.http_client()
    assert pool.http_client() is client
    assert client.timeout.read == 12.0
    assert client.timeout.connect == 5.0

    assert (await client.get(f"{base}/v1/models")).status_code == 200
    assert (await client.get(f"{base}/status/503")).status_code == 503
    with pytest.raises(httpx.ConnectError):
        await client.get(f"http://127.0.0.1:{free_port()}/nothing-listens")
    assert len(received) == 2

    http = pool.stats()["http"]
    assert http["created"] is True
    assert http["requests"] == 3
    assert http["responses"] == 2
    assert http["status_errors"] == 1
    assert http["transport_errors"] == 1
    assert http["errors"] == 2
    assert http["age_seconds"] >= 0
    await pool.close()
    assert client.is_closed


async def test_openai_client_is_none_without_an_endpoint(tmp_path):
    pool = ConnectionPool(_settings(tmp_path))
    assert pool.openai_client() is None
    assert pool.stats()["openai"] == {
        "configured": False,
        "created": False,
        "base_url": None,
        "age_seconds": None,
    }
    health = await pool.health()
    assert health["openai"] == {"configured": False}
    await pool.close()


async def test_openai_client_reuses_the_shared_http_client(tmp_path, http_server):
    base, received = http_server
    pool = ConnectionPool(
        _settings(tmp_path, openai_base_url=f"{base}/v1", openai_api_key="sk-test")
    )
    client = pool.openai_client()
    assert client is not None
    assert pool.openai_client() is client
    assert client._client is pool.http_client()  # no second connection pool

    models = await client.models.list()
    assert [m.id for m in models.data] == ["local-model"]
    assert received[-1].headers["Authorization"] == "Bearer sk-test"
    # The request went through the shared client's hooks.
    assert pool.stats()["http"]["requests"] == 1
    assert pool.stats()["openai"]["created"] is True
    await pool.close()


async def test_concurrent_first_calls_create_one_initialized_store(tmp_path, user_id):
    pool = ConnectionPool(_settings(tmp_path))
    stores = await asyncio.gather(*(pool.get_store() for _ in range(10)))
    assert all(s is stores[0] for s in stores)
    store = stores[0]
    assert store.backend_name == "sqlite"
    assert await store.count_memories(user_id) == 0  # initialized: the schema exists
    assert (tmp_path / "pool.db").exists()
    stats = pool.stats()["store"]
    assert stats["created"] is True and stats["backend"] == "sqlite"
    await pool.close()
    # Closed once, by the pool.
    assert (await store.health())["ok"] is False


async def test_failed_store_initialize_is_not_cached(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the database directory should be")
    settings = _settings(tmp_path, sqlite_path=str(blocker / "pool.db"))
    pool = ConnectionPool(settings)
    with pytest.raises(ConfigurationError, match="SQLITE_PATH"):
        await pool.get_store()
    assert pool.stats()["store"]["created"] is False
    settings.sqlite_path = str(tmp_path / "fixed.db")
    store = await pool.get_store()
    assert (await store.health())["ok"] is True
    await pool.close()


async def test_health_reports_each_resource(tmp_path, http_server):
    base, _ = http_server
    pool = ConnectionPool(_settings(tmp_path, openai_base_url=f"{base}/v1"))
    before = await pool.health()
    assert before["store"] == {"created": False}  # health does not create the store
    await pool.get_store()
    pool.http_client()
    health = await pool.health()
    assert health["ok"] is True
    assert health["store"]["ok"] is True and health["store"]["backend"] == "sqlite"
    assert health["http"] == {"created": True, "ok": True}
    assert health["openai"]["reachable"] is True
    assert health["openai"]["status_code"] == 200
    await pool.close()


async def test_health_reports_an_unreachable_openai_endpoint(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/v1"
    pool = ConnectionPool(_settings(tmp_path, openai_base_url=dead))
    health = await pool.health()
    assert health["ok"] is False
    assert health["openai"]["reachable"] is False
    assert "ConnectError" in health["openai"]["error"]
    assert (await pool.health(check_openai=False))["ok"] is True
    await pool.close()


async def test_close_is_idempotent_and_refuses_further_use(tmp_path):
    pool = ConnectionPool(_settings(tmp_path, openai_base_url="http://127.0.0.1:1/v1"))
    http = pool.http_client()
    pool.openai_client()
    await pool.get_store()
    await pool.close()
    await pool.close()
    assert http.is_closed
    stats = pool.stats()
    assert stats["closed"] is True
    assert stats["store"]["created"] is False and stats["http"]["created"] is False
    with pytest.raises(ResourceClosedError):
        pool.http_client()
    with pytest.raises(ResourceClosedError):
        pool.openai_client()
    with pytest.raises(ResourceClosedError):
        await pool.get_store()
    assert (await pool.health())["ok"] is False
