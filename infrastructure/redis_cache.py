"""A namespaced, versioned Redis cache that survives Redis going away.

Callers use logical keys ("emb:<sha>", "user:<uuid>:profile"); the cache stores
them under ``<namespace>:<version>:<key>`` so two deployments (or two schema
versions) sharing one Redis never read each other's values, and bumping the
version invalidates everything at once.

When Redis is absent or fails, every call is served from an in-process LRU
instead and nothing raises to the caller: a cache is an optimisation, and the
voice path must not stall or crash because of it. While on the fallback, Redis
is probed in the background at most every ``retry_interval`` seconds; when it
answers again, the writes and deletes made during the outage are replayed onto
Redis before switching back, so a key deleted during the outage cannot come
back stale from Redis and a key rewritten during it does not revert to its
pre-outage value.

One outage is one fallback period. A Redis restart leaves every pooled
connection stale (the server closed them; the client learns it on first use).
Two things keep those from starting new fallback periods after recovery: the
idle connections are dropped before Redis is used again, and a command that
fails with a connection error is retried once on a fresh connection (timeouts
are not retried, so a dead Redis still costs one short timeout).

Values are JSON-serialisable objects or ``bytes``; they are encoded once and
stored encoded in both backends, so a caller mutating a returned object never
mutates the cache.
"""

from __future__ import annotations

import asyncio
import builtins
import fnmatch
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from core.errors import ValidationError

if TYPE_CHECKING:
    import redis.asyncio as aioredis

    from core.config import Settings

logger = logging.getLogger(__name__)

# One-byte markers in front of every stored value: JSON text or raw bytes.
_JSON_MARKER = b"j"
_BYTES_MARKER = b"b"
# Glob metacharacters are not allowed in namespace/version, so a logical
# pattern can never match keys outside this cache's prefix.
_GLOB_CHARS = set("*?[]\\")
_SCAN_BATCH = 500
# If more distinct keys than this change during one outage, recovery
# invalidates the whole namespace/version instead of replaying key by key.
_DIRTY_KEYS_FACTOR = 2


def encode_value(value: Any) -> bytes:
    """Encode a cache value: raw bytes behind a marker, anything else as JSON."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _BYTES_MARKER + bytes(value)
    try:
        text = json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            f"cache values must be JSON-serialisable or bytes: {exc}", field="value"
        ) from None
    return _JSON_MARKER + text.encode("utf-8")


def decode_value(raw: bytes) -> Any:
    """Inverse of :func:`encode_value`; raises ValueError on foreign data."""
    marker, body = raw[:1], raw[1:]
    if marker == _BYTES_MARKER:
        return body
    if marker == _JSON_MARKER:
        return json.loads(body.decode("utf-8"))
    raise ValueError("value was not written by RedisCache")


class LocalLRU:
    """Bounded in-process LRU with per-entry expiry (monotonic clock).

    Holds encoded values, like Redis does. Synchronous on purpose: the cache
    relies on fallback operations not yielding to the event loop.
    """

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> bytes | None:
        entry = self._items.get(key)
        if entry is None:
            return None
        expires_at, raw = entry
        if expires_at <= time.monotonic():
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return raw

    def remaining_ttl(self, key: str) -> float | None:
        """Seconds left for a live key, or None if absent/expired."""
        entry = self._items.get(key)
        if entry is None:
            return None
        left = entry[0] - time.monotonic()
        return left if left > 0 else None

    def set(self, key: str, raw: bytes, ttl: float) -> None:
        self._items[key] = (time.monotonic() + ttl, raw)
        self._items.move_to_end(key)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    def delete(self, key: str) -> bool:
        return self._items.pop(key, None) is not None

    def delete_matching(self, pattern: str) -> int:
        doomed = [k for k in self._items if fnmatch.fnmatchcase(k, pattern)]
        for key in doomed:
            del self._items[key]
        return len(doomed)

    def clear(self) -> None:
        self._items.clear()


class RedisCache:
    """Async key/value cache on Redis with an in-process fallback.

    ``url=None`` runs memory-only (backend "memory") and never touches Redis.
    """

    def __init__(
        self,
        url: str | None,
        *,
        namespace: str = "companion",
        version: str = "v1",
        default_ttl: float = 3600,
        local_max_items: int = 10_000,
        retry_interval: float = 2.0,
        socket_timeout: float = 0.25,
    ) -> None:
        for name, part in (("namespace", namespace), ("version", version)):
            if not part or _GLOB_CHARS & set(part) or ":" in part:
                raise ValidationError(
                    f"cache {name} must be non-empty without ':' or glob characters",
                    field=name,
                )
        if (
            default_ttl <= 0
            or local_max_items < 1
            or retry_interval <= 0
            or socket_timeout <= 0
        ):
            raise ValidationError(
                "cache TTL, size, retry interval and timeout must be positive"
            )
        self.url = url or None
        self.namespace = namespace
        self.version = version
        self.default_ttl = float(default_ttl)
        self.retry_interval = float(retry_interval)
        self.socket_timeout = float(socket_timeout)
        self._prefix = f"{namespace}:{version}:"
        self._local = LocalLRU(local_max_items)
        self._client: aioredis.Redis | None = None
        self._closed = False

        # Outage bookkeeping. With no URL we are permanently memory-only,
        # which is a configuration, not an outage.
        self._fallback_active = False
        self._fallback_since_wall: float | None = None
        self._fallback_since_mono: float | None = None
        self._fallback_seconds_done = 0.0
        self._last_probe = 0.0
        self._probe_task: asyncio.Task[None] | None = None
        self._recovering = False
        # Keys written or deleted, and patterns invalidated, during the outage.
        self._dirty_keys: set[str] = set()
        self._dirty_patterns: list[str] = []
        self._dirty_overflow = False

        self._counters = {
            "hits": 0,
            "misses": 0,
            "errors": 0,
            "sets": 0,
            "deletes": 0,
            "recoveries": 0,
            "fallback_periods": 0,
            "probes": 0,
            "decode_errors": 0,
        }

    @classmethod
    def from_settings(cls, settings: Settings) -> RedisCache:
        """Build a cache from the process Settings (an empty URL means memory-only)."""
        return cls(
            settings.redis_url or None,
            namespace=settings.cache_namespace,
            version=settings.cache_version,
            default_ttl=settings.cache_default_ttl_seconds,
            local_max_items=settings.cache_local_max_items,
            retry_interval=settings.cache_retry_interval_seconds,
            socket_timeout=settings.redis_socket_timeout_seconds,
        )

    # --- public API ----------------------------------------------------------
    async def get(self, key: str) -> Any | None:
        """The value for ``key``, or None on a miss (a stored JSON ``null``
        reads as None too; ``get_many`` tells the two apart)."""
        found = await self.get_many([key])
        return found.get(key)

    async def set(self, key: str, value: Any, ttl: float | None = None) -> None:
        """Store ``value`` under ``key`` for ``ttl`` seconds (default TTL if None)."""
        await self.set_many({key: value}, ttl=ttl)

    async def delete(self, *keys: str) -> int:
        """Delete keys; returns how many existed."""
        if not keys:
            return 0
        full_keys = [self._full_key(k) for k in keys]
        self._counters["deletes"] += len(keys)
        if self._use_redis():
            try:
                return int(await self._redis_call(self._redis().unlink(*full_keys)))
            except Exception as exc:  # noqa: BLE001 - any Redis failure means fallback
                self._enter_fallback(exc)
        removed = 0
        for logical, full in zip(keys, full_keys):
            removed += self._local.delete(logical)
            self._mark_dirty(full)
        return removed

    async def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Values for the keys that are present (misses are simply absent)."""
        logical = list(dict.fromkeys(keys))
        if not logical:
            return {}
        full_keys = [self._full_key(k) for k in logical]
        raws: list[bytes | None] | None = None
        if self._use_redis():
            try:
                raws = await self._redis_call(self._redis().mget(full_keys))
            except Exception as exc:  # noqa: BLE001
                self._enter_fallback(exc)
        if raws is None:
            raws = [self._local.get(k) for k in logical]
        found: dict[str, Any] = {}
        for key, raw in zip(logical, raws):
            if raw is None:
                self._counters["misses"] += 1
                continue
            try:
                found[key] = decode_value(raw)
            except (ValueError, UnicodeDecodeError):
                # A foreign or corrupt value is a miss, not a crash.
                self._counters["decode_errors"] += 1
                self._counters["misses"] += 1
                continue
            self._counters["hits"] += 1
        return found

    async def set_many(
        self, mapping: Mapping[str, Any], ttl: float | None = None
    ) -> None:
        """Store several values with one TTL, in one pipeline round trip."""
        ttl_seconds = self._ttl(ttl)
        # Encode (and validate) everything first so bad input writes nothing.
        encoded = {self._full_key(k): (k, encode_value(v)) for k, v in mapping.items()}
        if not encoded:
            return
        self._counters["sets"] += len(encoded)
        if self._use_redis():
            try:
                pipe = self._redis().pipeline(transaction=False)
                for full, (_, raw) in encoded.items():
                    pipe.set(full, raw, px=max(1, int(ttl_seconds * 1000)))
                await self._redis_call(pipe.execute())
                return
            except Exception as exc:  # noqa: BLE001
                self._enter_fallback(exc)
        for full, (logical, raw) in encoded.items():
            self._local.set(logical, raw, ttl_seconds)
            self._mark_dirty(full)

    async def invalidate_pattern(self, pattern: str) -> int:
        """Delete every key of this namespace/version matching a glob over
        logical keys (e.g. ``"user:<uuid>:*"``); returns how many were deleted.

        Uses SCAN + UNLINK in batches, never KEYS, so a big keyspace does not
        block Redis.
        """
        if not isinstance(pattern, str) or not pattern:
            raise ValidationError("pattern must be a non-empty string", field="pattern")
        full_pattern = self._prefix + pattern
        if self._use_redis():
            try:
                return await self._redis_invalidate(full_pattern)
            except Exception as exc:  # noqa: BLE001
                self._enter_fallback(exc)
        removed = self._local.delete_matching(pattern)
        if self._fallback_active and not self._dirty_overflow:
            self._dirty_patterns.append(full_pattern)
        return removed

    async def health(self) -> dict[str, Any]:
        """Ping Redis (if configured); never raises. ``ok`` means the cache
        serves requests; ``degraded`` means it does so from the fallback."""
        if self.url is None:
            return {
                "ok": True,
                "backend": "memory",
                "degraded": False,
                "redis_configured": False,
            }
        started = time.perf_counter()
        reachable = False
        error: str | None = None
        try:
            reachable = bool(await self._redis_call(self._redis().ping()))
        except Exception as exc:  # noqa: BLE001
            error = f"{type(exc).__name__}: {exc}"
        latency_ms = (time.perf_counter() - started) * 1000
        if reachable and self._fallback_active and not self._recovering:
            await self._recover()
        elif not reachable and not self._fallback_active:
            self._enter_fallback(error or "ping failed")
        return {
            "ok": True,
            "backend": self._backend(),
            "degraded": self._fallback_active,
            "redis_configured": True,
            "redis_reachable": reachable,
            "latency_ms": round(latency_ms, 3),
            "error": error,
        }

    def stats(self) -> dict[str, Any]:
        """Counters and fallback state, JSON-serialisable."""
        total = self._fallback_seconds_done
        if self._fallback_active and self._fallback_since_mono is not None:
            total += time.monotonic() - self._fallback_since_mono
        lookups = self._counters["hits"] + self._counters["misses"]
        return {
            **self._counters,
            "hit_rate": round(self._counters["hits"] / lookups, 4) if lookups else 0.0,
            "backend": self._backend(),
            "fallback_active": self._fallback_active,
            "fallback_since": self._fallback_since_wall,
            "fallback_seconds_total": round(total, 3),
            "local_items": len(self._local),
            "pending_replay_keys": len(self._dirty_keys),
            "pending_replay_patterns": len(self._dirty_patterns),
            "namespace": self.namespace,
            "version": self.version,
        }

    async def close(self) -> None:
        """Stop probing and close the Redis connections. Idempotent."""
        self._closed = True
        task, self._probe_task = self._probe_task, None
        if task is not None and not task.done():
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, Exception):
                logger.debug("redis probe ended while closing", exc_info=True)
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.aclose()
            except Exception:
                logger.debug("closing the redis client failed", exc_info=True)

    # --- internals -------------------------------------------------------------
    def _full_key(self, key: str) -> str:
        if not isinstance(key, str) or not key:
            raise ValidationError("cache keys must be non-empty strings", field="key")
        return self._prefix + key

    def _ttl(self, ttl: float | None) -> float:
        if ttl is None:
            return self.default_ttl
        if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or ttl <= 0:
            raise ValidationError(
                "ttl must be a positive number of seconds", field="ttl"
            )
        return float(ttl)

    def _backend(self) -> str:
        return (
            "redis" if self.url is not None and not self._fallback_active else "memory"
        )

    def _use_redis(self) -> bool:
        """True if this call should go to Redis; otherwise it is served locally
        (and, during an outage, may kick off a background probe)."""
        if self.url is None or self._closed:
            return False
        if self._fallback_active:
            self._maybe_probe()
            return False
        return True

    def _redis(self) -> aioredis.Redis:
        if self._client is None:
            # Imported and created lazily: nothing connects at import time.
            import redis.asyncio as aioredis
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff
            from redis.exceptions import ConnectionError as RedisConnectionError

            assert self.url is not None  # only reached while _redis_ready() holds
            self._client = aioredis.Redis.from_url(
                self.url,
                socket_timeout=self.socket_timeout,
                socket_connect_timeout=self.socket_timeout,
                # One immediate retry, on a reconnected socket, for connection
                # errors only: a stale pooled connection (Redis restarted) heals
                # without an outage, a refused connection costs nothing more,
                # and a dead Redis still costs one short timeout (timeouts are
                # not retried), after which the fallback answers.
                retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
                health_check_interval=0,
            )
        return self._client

    async def _redis_call(self, awaitable: Any) -> Any:
        # Belt and braces over the socket timeouts (DNS, pool waits).
        async with asyncio.timeout(self.socket_timeout * 4):
            return await awaitable

    async def _redis_invalidate(self, full_pattern: str) -> int:
        client = self._redis()
        removed = 0
        cursor = 0
        while True:
            cursor, batch = await self._redis_call(
                client.scan(cursor=cursor, match=full_pattern, count=_SCAN_BATCH)
            )
            if batch:
                removed += int(await self._redis_call(client.unlink(*batch)))
            if int(cursor) == 0:
                return removed

    def _enter_fallback(self, exc: BaseException | str) -> None:
        self._counters["errors"] += 1
        if self._fallback_active:
            return
        logger.warning("redis cache unavailable, serving from memory: %s", exc)
        self._counters["fallback_periods"] += 1
        self._fallback_active = True
        self._fallback_since_wall = time.time()
        self._fallback_since_mono = time.monotonic()
        self._last_probe = time.monotonic()
        # Entries left from an earlier outage may be older than what Redis
        # held since; start the fallback empty.
        self._local.clear()
        self._dirty_keys.clear()
        self._dirty_patterns.clear()
        self._dirty_overflow = False

    def _mark_dirty(self, full_key: str) -> None:
        if not self._fallback_active or self._dirty_overflow:
            return
        self._dirty_keys.add(full_key)
        if len(self._dirty_keys) > self._local.max_items * _DIRTY_KEYS_FACTOR:
            # Too much changed to replay precisely; recovery drops everything.
            self._dirty_overflow = True
            self._dirty_keys.clear()

    def _maybe_probe(self) -> None:
        if not self._fallback_active or self._closed:
            return
        if self._probe_task is not None and not self._probe_task.done():
            return
        now = time.monotonic()
        if now - self._last_probe < self.retry_interval:
            return
        self._last_probe = now
        try:
            self._probe_task = asyncio.get_running_loop().create_task(self._probe())
        except RuntimeError:  # no running loop (called from sync teardown)
            self._probe_task = None

    async def _probe(self) -> None:
        self._counters["probes"] += 1
        try:
            await self._redis_call(self._redis().ping())
        except Exception:  # noqa: BLE001 - still down; try again later
            return
        if not self._recovering:
            await self._recover()

    async def _recover(self) -> None:
        """Replay the outage's writes/deletes onto Redis, then switch back."""
        self._recovering = True
        try:
            await self._drop_idle_connections()
            await self._replay_outage()
        finally:
            self._recovering = False

    async def _replay_outage(self) -> None:
        try:
            if self._dirty_overflow:
                await self._redis_invalidate(self._prefix + "*")
                self._dirty_overflow = False
            # Loop because calls made while we await land in the dirty sets.
            while self._dirty_patterns or self._dirty_keys:
                patterns, self._dirty_patterns = self._dirty_patterns, []
                for pattern in patterns:
                    await self._redis_invalidate(pattern)
                keys, self._dirty_keys = self._dirty_keys, set()
                await self._replay_keys(keys)
        except Exception as exc:  # noqa: BLE001 - Redis went away again
            self._counters["errors"] += 1
            self._dirty_overflow = True  # be safe: next recovery drops everything
            logger.warning("redis cache recovery failed, staying on memory: %s", exc)
            self._last_probe = time.monotonic()
            return
        # No await between the last replay and this switch, so nothing written
        # locally can be missed.
        assert self._fallback_since_mono is not None
        self._fallback_seconds_done += time.monotonic() - self._fallback_since_mono
        self._fallback_active = False
        self._fallback_since_wall = None
        self._fallback_since_mono = None
        self._local.clear()
        self._counters["recoveries"] += 1
        logger.info("redis cache recovered; back on redis")

    async def _drop_idle_connections(self) -> None:
        """Close the pooled connections that predate the outage: after a Redis
        restart each is stale and would fail on first use. Connections in use
        are left alone (a call may be on one; the retry heals it)."""
        try:
            await self._redis().connection_pool.disconnect(inuse_connections=False)
        except Exception:  # closing dead sockets may fail; they are dropped anyway
            logger.debug("dropping stale redis connections failed", exc_info=True)

    async def _replay_keys(self, full_keys: builtins.set[str]) -> None:
        if not full_keys:
            return
        pipe = self._redis().pipeline(transaction=False)
        prefix_len = len(self._prefix)
        for full in full_keys:
            logical = full[prefix_len:]
            raw = self._local.get(logical)
            left = self._local.remaining_ttl(logical)
            if raw is not None and left is not None:
                pipe.set(full, raw, px=max(1, int(left * 1000)))
            else:
                # Deleted (or expired/evicted) during the outage.
                pipe.unlink(full)
        await self._redis_call(pipe.execute())
