"""The HTTP API app: ``create_app(settings)``; uvicorn runs it (``python -m api``).

Everything the handlers use lives on ``app.state`` and is created in the
lifespan from the same ``build_services`` graph the agent uses. Secrets are
checked when the app is created, so a misconfigured server never starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ErrorBody, install_error_handlers
from api.rate_limit import RateLimiter
from api.routes import account, admin, memories, ops, page, privacy, profile, sessions
from api.security import AdminKey, JwtVerifier, metrics_token
from core.config import Settings
from core.heap import freeze_startup_heap
from services.container import Services, build_services
from services.metrics import CompanionMetrics

STATIC_DIR = Path(__file__).parent / "static"


class RequestMetrics:
    """ASGI middleware: count and time requests by route template (never the raw path)."""

    def __init__(self, app: ASGIApp, metrics: CompanionMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            self.metrics.http_requests.labels(route=route, method=method, status=str(status)).inc()
            self.metrics.http_latency.labels(route=route, method=method).observe(time.perf_counter() - started)


@asynccontextmanager
async def retention_job(services: Services, interval_s: float) -> AsyncIterator[None]:
    """The scheduled retention sweep (every ``interval_s``; 0 = off) for the app's lifetime."""
    task = asyncio.create_task(services.privacy.run_retention_forever(interval_s)) if interval_s > 0 else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(settings: Settings, *, freeze_heap: bool = False, **service_overrides: Any) -> FastAPI:
    """The app for ``settings``; ``service_overrides`` go to ``build_services``
    (tests pass a shared embedder). ``freeze_heap``: once started, keep what
    startup built out of the collector's full passes (``python -m api``, which
    owns its process; see core.heap). Raises ConfigurationError for missing or
    default secrets."""
    jwt_verifier = JwtVerifier(settings)
    admin_key = AdminKey(settings)
    metrics_bearer = metrics_token(settings)
    metrics = CompanionMetrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await build_services(settings, **service_overrides)
        try:
            # /readyz is 503 until the model is loaded; the first search must not pay for it.
            await services.embedder.warmup()
            metrics.bind(services)
            app.state.services = services
            if freeze_heap:
                freeze_startup_heap()
            async with retention_job(services, settings.retention_sweep_interval_seconds):
                yield
        finally:
            metrics.unbind()
            await services.aclose()

    app = FastAPI(
        title="Companion API",
        version="1",
        summary="Sessions with the voice companion, and what it remembers about you.",
        lifespan=lifespan,
        responses={
            401: {"model": ErrorBody, "description": "Missing, expired or forged credentials."},
            404: {"model": ErrorBody, "description": "Not found for this user."},
            422: {"model": ErrorBody, "description": "Invalid input; names the field."},
            429: {"model": ErrorBody, "description": "Rate limit; see Retry-After."},
            503: {"model": ErrorBody, "description": "Storage or configuration unavailable."},
        },
    )
    app.state.settings = settings
    app.state.jwt_verifier = jwt_verifier
    app.state.admin_key = admin_key
    app.state.metrics = metrics
    app.state.metrics_token = metrics_bearer
    app.state.rate_limiter = RateLimiter(settings.api_rate_limit_per_second, settings.api_rate_limit_burst)
    app.state.unauthenticated_limiter = RateLimiter(
        settings.api_unauthenticated_rate_limit_per_second, settings.api_unauthenticated_rate_limit_burst
    )
    install_error_handlers(app)
    for module in (sessions, memories, profile, privacy, account, admin, ops, page):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(RequestMetrics, metrics=metrics)
    return app
