"""Fixtures for the HTTP API: the real app (lifespan and all) over real
SQLite or PostgreSQL+pgvector and a real Redis, with the real MiniLM embedder.

Tokens are minted the way Supabase mints them (HS256 with the project's JWT
secret, ``sub`` = user id, ``aud`` = authenticated); the app verifies them with
its own settings, as in production.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from core.config import Settings
from tests.services.conftest import embedder  # noqa: F401  (the session-wide real model)

JWT_SECRET = "test-jwt-secret-" + "k" * 40
ADMIN_KEY = "test-admin-key-" + "a" * 40
LIVEKIT_SECRET = "livekit-test-secret-" + "s" * 32
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


def make_token(
    user_id: str, *, secret: str = JWT_SECRET, expires_in: float = 3600, audience: str = "authenticated", **claims: Any
) -> str:
    now = int(time.time())
    payload = {"sub": user_id, "aud": audience, "iat": now, "exp": now + int(expires_in), "role": "authenticated"}
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm="HS256")


def auth(user_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(user_id)}"}


def api_settings(tmp_path: Path, *, backend: str = "sqlite", dsn: str | None = None, redis_url: str | None = None,
                 **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "storage_backend": backend,
        "sqlite_path": str(tmp_path / "data" / "companion.db"),
        "database_url": dsn,
        "db_pool_max_size": 4,
        "redis_url": redis_url,
        "cache_namespace": f"api{uuid.uuid4().hex[:8]}",
        "openai_api_key": None,
        "openai_base_url": None,
        "api_jwt_secret": JWT_SECRET,
        "api_admin_key": ADMIN_KEY,
        "livekit_url": "wss://companion.example.livekit.cloud",
        "livekit_api_key": "APItestkey",
        "livekit_api_secret": LIVEKIT_SECRET,
        # Every test client is one address; the fuzzer sends hundreds of bad
        # tokens. test_auth checks the per-address limit with its own settings.
        "api_unauthenticated_rate_limit_burst": 100_000,
        # The scheduled sweep is tested by calling it; no background sweep in tests.
        "retention_sweep_interval_seconds": 0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def settings_for(tmp_path, redis_server, request) -> Callable[..., Settings]:
    """Settings for a backend name, with a real Redis; a fresh database each time."""

    def build(backend: str = "sqlite", **overrides: Any) -> Settings:
        dsn = request.getfixturevalue("postgres_dsn") if backend == "postgres" else None
        return api_settings(tmp_path, backend=backend, dsn=dsn, redis_url=redis_server.url, **overrides)

    return build


@pytest.fixture
def client(settings_for, backend, embedder) -> Iterator[TestClient]:  # noqa: F811
    """The app on each backend, lifespan running."""
    with TestClient(create_app(settings_for(backend), embedder=embedder)) as test_client:
        yield test_client


@pytest.fixture
def sqlite_client(settings_for, embedder) -> Iterator[TestClient]:  # noqa: F811
    """The app on SQLite only, for what does not depend on the store."""
    with TestClient(create_app(settings_for("sqlite"), embedder=embedder)) as test_client:
        yield test_client


def call(client: TestClient, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run an async service call on the app's own event loop."""
    assert client.portal is not None
    return client.portal.call(lambda: function(*args, **kwargs))
