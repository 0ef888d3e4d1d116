"""Readiness of one process's service graph: what /readyz reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from services.container import Services


@dataclass(frozen=True)
class Readiness:
    """Ready = the store answers and the embedding model is loaded. The cache
    never blocks readiness: on Redis loss it serves from the in-process
    fallback, reported as ``degraded``."""

    store: dict[str, Any]
    cache: dict[str, Any]
    embedding_model_loaded: bool

    @property
    def ready(self) -> bool:
        return bool(self.store.get("ok")) and self.embedding_model_loaded


def embedding_model_loaded(services: Services) -> bool:
    # A remote provider has nothing to load; a local one reports ``loaded``.
    return bool(getattr(services.embedder.provider, "loaded", True))


async def readiness(services: Services) -> Readiness:
    """Ping the store and the cache (never raises)."""
    pool_health = await services.pool.health(check_openai=False)
    store = dict(pool_health.get("store", {}))
    if "ok" not in store:  # the store was passed in, not built by the pool
        try:
            store.update(await services.store.health())
        except Exception as exc:  # noqa: BLE001 (health reports, never raises)
            store.update({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
    cache = await services.cache.health()
    return Readiness(store=store, cache=cache, embedding_model_loaded=embedding_model_loaded(services))
