"""One HTTP client, one OpenAI client and one store per process.

Every provider call (LLM, embeddings, TTS, health probes) goes through the same
``httpx.AsyncClient`` so connections are reused across the whole process, and
the OpenAI client is built on top of it instead of opening its own pool. The
store is created and initialized once, on first use, behind a lock so
concurrent first callers share one instance. Nothing is created before it is
asked for, and ``close()`` closes each resource exactly once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

import httpx

from core.errors import ResourceClosedError, StorageError

if TYPE_CHECKING:
    import openai

    from core.config import Settings
    from infrastructure.storage.base import MemoryStore

logger = logging.getLogger(__name__)

# Connect fails fast even when the overall timeout is generous (a streaming
# LLM reply may legitimately take a while; a dead host should not).
_MAX_CONNECT_TIMEOUT_S = 5.0
_MAX_CONNECTIONS = 100
_MAX_KEEPALIVE = 20
_HEALTH_TIMEOUT_S = 2.0


class _CountingTransport(httpx.AsyncHTTPTransport):
    """The real httpx transport, counting requests that never got a response
    (refused connections, timeouts): event hooks cannot see those."""

    def __init__(self, counters: dict[str, int], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._counters = counters

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except Exception:
            self._counters["transport_errors"] += 1
            raise


class ConnectionPool:
    """Lazily created, process-wide clients with health and stats."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._http: httpx.AsyncClient | None = None
        self._openai: openai.AsyncOpenAI | None = None
        self._store: MemoryStore | None = None
        self._store_lock: asyncio.Lock | None = None
        self._created_at: dict[str, float] = {}
        self._closed = False
        self._http_counters = {
            "requests": 0,
            "responses": 0,
            "status_errors": 0,
            "transport_errors": 0,
        }

    # --- resources ------------------------------------------------------------------
    def http_client(self) -> httpx.AsyncClient:
        """The shared HTTP client (created on first call)."""
        self._check_open()
        if self._http is None:
            counters = self._http_counters

            async def on_request(request: httpx.Request) -> None:
                counters["requests"] += 1

            async def on_response(response: httpx.Response) -> None:
                counters["responses"] += 1
                if response.status_code >= 400:
                    counters["status_errors"] += 1

            total = self.settings.http_timeout_seconds
            self._http = httpx.AsyncClient(
                timeout=httpx.Timeout(
                    total, connect=min(total, _MAX_CONNECT_TIMEOUT_S)
                ),
                transport=_CountingTransport(
                    counters,
                    limits=httpx.Limits(
                        max_connections=_MAX_CONNECTIONS,
                        max_keepalive_connections=_MAX_KEEPALIVE,
                    ),
                ),
                event_hooks={"request": [on_request], "response": [on_response]},
            )
            self._created_at["http"] = time.monotonic()
        return self._http

    def openai_client(self) -> openai.AsyncOpenAI | None:
        """The shared OpenAI-compatible client, or None when no endpoint or key
        is configured. It sends its requests through :meth:`http_client`."""
        self._check_open()
        if not self.settings.openai_configured:
            return None
        if self._openai is None:
            import openai

            key = self.settings.openai_api_key
            self._openai = openai.AsyncOpenAI(
                # Local OpenAI-compatible servers (llama.cpp, vLLM) need no key,
                # but the client insists on one.
                api_key=key.get_secret_value() if key is not None else "not-needed",
                base_url=self.settings.openai_base_url,
                # openai types its client against its vendored httpx fork; the shared
                # httpx.AsyncClient is what it drives at run time.
                http_client=self.http_client(),  # type: ignore[arg-type]
                timeout=self.settings.http_timeout_seconds,
            )
            self._created_at["openai"] = time.monotonic()
        return self._openai

    async def get_store(self) -> MemoryStore:
        """The store, created and initialized once (concurrent first calls wait
        for the same instance). A failed initialize is not cached."""
        self._check_open()
        if self._store is not None:
            return self._store
        if self._store_lock is None:
            self._store_lock = asyncio.Lock()
        async with self._store_lock:
            if self._store is not None:
                return self._store
            self._check_open()
            from infrastructure.storage import create_store

            # create_store raises ConfigurationError for an unusable path or URL.
            store = create_store(self.settings)
            try:
                await store.initialize()
            except BaseException as exc:
                await _close_quietly(store)
                if isinstance(exc, OSError):
                    raise StorageError(f"cannot open the store: {exc}") from exc
                raise
            self._store = store
            self._created_at["store"] = time.monotonic()
        return store

    # --- health & stats --------------------------------------------------------------
    async def health(self, *, check_openai: bool = True) -> dict[str, Any]:
        """Per-resource health; never raises. The store is reported as not
        created rather than created by a health check; the OpenAI endpoint, when
        configured, is probed with a GET of ``/models`` (skip with
        ``check_openai=False``)."""
        store_health: dict[str, Any] = {"created": self._store is not None}
        if self._store is not None:
            # The store contract says health() never raises; a health check
            # must not raise either, whatever a backend does.
            try:
                store_health.update(await self._store.health())
            except Exception as exc:  # noqa: BLE001
                error = f"{type(exc).__name__}: {exc}"
                store_health.update({"ok": False, "error": error})

        http_health: dict[str, Any] = {"created": self._http is not None}
        if self._http is not None:
            http_health["ok"] = not self._http.is_closed

        openai_health: dict[str, Any] = {"configured": self.settings.openai_configured}
        if self.settings.openai_configured and check_openai and not self._closed:
            openai_health.update(await self._probe_openai())

        parts = (store_health, http_health, openai_health)
        return {
            "ok": not self._closed and all(part.get("ok", True) for part in parts),
            "closed": self._closed,
            "store": store_health,
            "http": http_health,
            "openai": openai_health,
        }

    def stats(self) -> dict[str, Any]:
        """What exists, how old it is, and HTTP request counts."""
        now = time.monotonic()

        def age(name: str) -> float | None:
            created = self._created_at.get(name)
            return round(now - created, 3) if created is not None else None

        return {
            "closed": self._closed,
            "http": {
                "created": self._http is not None,
                "age_seconds": age("http"),
                **self._http_counters,
                "errors": self._http_counters["status_errors"]
                + self._http_counters["transport_errors"],
            },
            "openai": {
                "configured": self.settings.openai_configured,
                "created": self._openai is not None,
                "base_url": self.settings.openai_base_url,
                "age_seconds": age("openai"),
            },
            "store": {
                "created": self._store is not None,
                "backend": self._store.backend_name
                if self._store is not None
                else None,
                "age_seconds": age("store"),
            },
        }

    async def close(self) -> None:
        """Close the store and the HTTP client, once each. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._store_lock is not None:
            # Let an initialize in progress finish so its store gets closed too.
            async with self._store_lock:
                pass
        store, self._store = self._store, None
        if store is not None:
            await _close_quietly(store)
        # The OpenAI client owns nothing of its own: closing it would close the
        # shared HTTP client, which is closed right below.
        self._openai = None
        http, self._http = self._http, None
        if http is not None:
            await http.aclose()

    # --- internals ------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._closed:
            raise ResourceClosedError("the connection pool is closed")

    async def _probe_openai(self) -> dict[str, Any]:
        """GET <base_url>/models: any HTTP answer (even 401) means reachable."""
        base = (self.settings.openai_base_url or "https://api.openai.com/v1").rstrip(
            "/"
        )
        key = self.settings.openai_api_key
        headers = {"Authorization": f"Bearer {key.get_secret_value()}"} if key else {}
        started = time.perf_counter()
        try:
            response = await self.http_client().get(
                f"{base}/models", headers=headers, timeout=_HEALTH_TIMEOUT_S
            )
        except httpx.HTTPError as exc:
            return {
                "ok": False,
                "reachable": False,
                "error": f"{type(exc).__name__}: {exc}",
                "latency_ms": round((time.perf_counter() - started) * 1000, 3),
            }
        return {
            "ok": response.status_code < 500,
            "reachable": True,
            "status_code": response.status_code,
            "latency_ms": round((time.perf_counter() - started) * 1000, 3),
        }


async def _close_quietly(store: MemoryStore) -> None:
    try:
        await store.close()
    except Exception:
        logger.warning("closing the store failed", exc_info=True)
