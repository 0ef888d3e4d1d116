"""RedisCache against a real redis-server: namespacing, TTLs, batches,
pattern invalidation, and surviving (and recovering from) a Redis crash."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
import redis
import redis.asyncio as aioredis

from core.config import Settings
from core.errors import ValidationError
from infrastructure.redis_cache import RedisCache
from tests.support.servers import RedisServer, free_port


def _namespace() -> str:
    # The session Redis is shared by tests; a fresh namespace isolates each one.
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def cache(redis_server):
    c = RedisCache(redis_server.url, namespace=_namespace(), retry_interval=0.05)
    yield c
    await c.close()


@pytest.fixture
async def raw(redis_server):
    client = aioredis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


async def _wait_for(predicate, timeout: float = 5.0, poke=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if poke is not None:
            await poke()
        if predicate():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached in time")


async def test_basic_get_set_delete_and_counters(cache, raw):
    assert await cache.get("missing") is None
    await cache.set("user:1:profile", {"name": "Ada", "age": 36, "tags": ["x"]})
    assert await cache.get("user:1:profile") == {
        "name": "Ada",
        "age": 36,
        "tags": ["x"],
    }
    # Stored under namespace:version:key in Redis itself.
    assert await raw.exists(f"{cache.namespace}:v1:user:1:profile") == 1

    assert await cache.delete("user:1:profile", "never-there") == 1
    assert await cache.get("user:1:profile") is None

    stats = cache.stats()
    assert stats["backend"] == "redis"
    assert stats["fallback_active"] is False
    assert stats["hits"] == 1
    assert stats["misses"] == 2
    assert stats["sets"] == 1
    assert stats["deletes"] == 2
    assert stats["errors"] == 0


async def test_bytes_and_scalar_values_round_trip(cache):
    payload = bytes(range(256))
    await cache.set("blob", payload)
    await cache.set("zero", 0)
    await cache.set("null-ish", [None, False, 1.5])
    assert await cache.get("blob") == payload
    assert await cache.get("zero") == 0
    assert await cache.get("null-ish") == [None, False, 1.5]


async def test_returned_values_are_copies(cache):
    await cache.set("k", {"list": [1]})
    first = await cache.get("k")
    first["list"].append(2)
    assert await cache.get("k") == {"list": [1]}


async def test_ttl_default_and_per_call(redis_server, raw):
    c = RedisCache(redis_server.url, namespace=_namespace(), default_ttl=120)
    try:
        await c.set("default", 1)
        await c.set("short", 2, ttl=0.2)
        default_ms = await raw.pttl(f"{c.namespace}:v1:default")
        assert 110_000 < default_ms <= 120_000
        assert await c.get("short") == 2
        await asyncio.sleep(0.35)
        assert await c.get("short") is None
        assert await c.get("default") == 1
    finally:
        await c.close()


async def test_versions_and_namespaces_do_not_see_each_other(redis_server, raw):
    ns = _namespace()
    v1 = RedisCache(redis_server.url, namespace=ns, version="v1")
    v2 = RedisCache(redis_server.url, namespace=ns, version="v2")
    other = RedisCache(redis_server.url, namespace=_namespace(), version="v1")
    try:
        await v1.set("shared", "from v1")
        assert await v2.get("shared") is None
        assert await other.get("shared") is None
        await v2.set("shared", "from v2")
        assert await v1.get("shared") == "from v1"
        assert await v2.get("shared") == "from v2"
        assert sorted(await raw.keys(f"{ns}:*")) == [
            f"{ns}:v1:shared".encode(),
            f"{ns}:v2:shared".encode(),
        ]
    finally:
        for c in (v1, v2, other):
            await c.close()


async def test_batch_operations(cache, raw):
    mapping = {f"emb:{i}": [i, i + 0.5] for i in range(50)}
    await cache.set_many(mapping, ttl=60)
    found = await cache.get_many([*mapping, "emb:missing-1", "emb:missing-2"])
    assert found == mapping  # misses are absent, not None
    assert 0 < await raw.pttl(f"{cache.namespace}:v1:emb:7") <= 60_000
    assert cache.stats()["misses"] == 2
    assert await cache.get_many([]) == {}
    assert await cache.delete(*list(mapping)[:10]) == 10
    assert len(await cache.get_many(mapping)) == 40


async def test_invalidate_pattern_only_hits_matching_keys_of_its_namespace(
    redis_server, raw
):
    ns = _namespace()
    mine = RedisCache(redis_server.url, namespace=ns)
    newer = RedisCache(redis_server.url, namespace=ns, version="v2")
    other = RedisCache(redis_server.url, namespace=_namespace())
    try:
        # More keys than one SCAN batch, so the cursor loop is exercised.
        await mine.set_many({f"user:a:{i}": i for i in range(1200)})
        await mine.set_many({"user:b:1": 1, "user:ab": 2, "emb:user:a:1": 3})
        await newer.set("user:a:1", "v2 keeps this")
        await other.set("user:a:1", "other namespace keeps this")

        assert await mine.invalidate_pattern("user:a:*") == 1200
        assert await mine.get_many(["user:a:0", "user:a:1199"]) == {}
        assert await mine.get_many(["user:b:1", "user:ab", "emb:user:a:1"]) == {
            "user:b:1": 1,
            "user:ab": 2,
            "emb:user:a:1": 3,
        }
        assert await newer.get("user:a:1") == "v2 keeps this"
        assert await other.get("user:a:1") == "other namespace keeps this"
        assert await mine.invalidate_pattern("nothing:*") == 0
    finally:
        for c in (mine, newer, other):
            await c.close()


async def test_unicode_keys_and_values(cache, raw):
    key = "user:ü:名前:🙂"
    value = {"text": "Grüße, 世界 🌍 — \"quoted\" 'single' \\ backslash", "ß": "ẞ"}
    await cache.set(key, value)
    assert await cache.get(key) == value
    assert await raw.exists(f"{cache.namespace}:v1:{key}".encode()) == 1
    assert await cache.invalidate_pattern("user:ü:*") == 1
    assert await cache.get(key) is None


async def test_bad_input_is_rejected_and_writes_nothing(cache):
    with pytest.raises(ValidationError):
        await cache.set_many({"ok": 1, "bad": object()})
    assert await cache.get("ok") is None
    with pytest.raises(ValidationError):
        await cache.set("k", 1, ttl=0)
    with pytest.raises(ValidationError):
        await cache.set("", 1)
    with pytest.raises(ValidationError):
        await cache.set("nan", float("nan"))
    with pytest.raises(ValidationError):
        await cache.invalidate_pattern("")
    with pytest.raises(ValidationError):
        RedisCache(None, namespace="bad*ns")
    with pytest.raises(ValidationError):
        RedisCache(None, version="v:1")


async def test_foreign_values_are_misses(cache, raw):
    await raw.set(f"{cache.namespace}:v1:foreign", b"\x00not ours")
    assert await cache.get("foreign") is None
    assert cache.stats()["decode_errors"] == 1


async def test_memory_only_when_url_is_none():
    c = RedisCache(None, local_max_items=3)
    await c.set("a", 1)
    await c.set_many({"b": 2, "c": 3})
    assert await c.get_many(["a", "b", "c"]) == {"a": 1, "b": 2, "c": 3}
    await c.set("d", 4)  # evicts the least recently used ("a")
    assert await c.get("a") is None
    assert await c.get("d") == 4
    await c.set("short", 1, ttl=0.05)
    await asyncio.sleep(0.1)
    assert await c.get("short") is None
    assert await c.invalidate_pattern("*") == 2
    stats = c.stats()
    assert stats["backend"] == "memory"
    assert stats["fallback_active"] is False
    assert stats["errors"] == 0
    assert (await c.health())["ok"] is True
    await c.close()


def test_from_settings_reads_every_cache_field():
    settings = Settings(
        redis_url="",
        cache_namespace="app",
        cache_version="v9",
        cache_default_ttl_seconds=5,
        cache_local_max_items=7,
        cache_retry_interval_seconds=0.5,
        redis_socket_timeout_seconds=0.1,
        _env_file=None,
    )
    c = RedisCache.from_settings(settings)
    assert c.url is None
    assert (c.namespace, c.version, c.default_ttl) == ("app", "v9", 5)
    assert (c.retry_interval, c.socket_timeout) == (0.5, 0.1)
    assert c.stats()["backend"] == "memory"


async def test_unreachable_redis_falls_back_without_raising():
    # Nothing listens on this port: connection refused on every attempt.
    c = RedisCache(
        f"redis://127.0.0.1:{free_port()}/0", namespace=_namespace(), retry_interval=60
    )
    try:
        await c.set("k", "v")
        for _ in range(50):
            assert await c.get("k") == "v"
        stats = c.stats()
        assert stats["fallback_active"] is True
        assert stats["backend"] == "memory"
        # A dead Redis costs one failed attempt, not one per call: the other
        # 50 calls never touched the network (no probe is due for 60 s).
        assert stats["errors"] == 1
        assert stats["probes"] == 0
        assert stats["hits"] == 50
        health = await c.health()
        assert health["redis_reachable"] is False and health["degraded"] is True
    finally:
        await c.close()


async def test_outage_falls_back_then_recovers_without_stale_values():
    server = RedisServer().start()
    c = RedisCache(
        server.url, namespace="outage", retry_interval=0.1, socket_timeout=0.2
    )
    raw = aioredis.Redis.from_url(server.url)
    try:
        await c.set("to-delete", "old")
        await c.set("to-rewrite", "old")
        await c.set_many({"user:a:1": 1, "user:a:2": 2, "user:b:1": 3})
        assert c.stats()["backend"] == "redis"

        server.kill()
        # Every method keeps working; none raises.
        await c.set("during", "outage value")
        assert await c.get("during") == "outage value"
        assert (
            await c.get("to-delete") is None
        )  # the fallback starts empty: a miss, not an error
        assert await c.delete("to-delete") == 0
        await c.set("to-rewrite", "new")
        assert await c.invalidate_pattern("user:a:*") == 0
        await c.set_many({"x": 1, "y": 2})
        assert await c.get_many(["x", "y", "nope"]) == {"x": 1, "y": 2}
        health = await c.health()
        assert health["ok"] is True and health["redis_reachable"] is False
        stats = c.stats()
        assert stats["fallback_active"] is True
        assert stats["backend"] == "memory"
        assert stats["errors"] >= 1
        assert stats["fallback_since"] is not None

        # Same port, empty of our outage writes but holding pre-crash data
        # would be the dangerous case: seed it with the old values.
        # Seeded synchronously, before the event loop can run a probe.
        server.start()
        seeder = redis.Redis.from_url(server.url)
        seeder.set("outage:v1:to-delete", b'j"old"')
        seeder.set("outage:v1:to-rewrite", b'j"old"')
        seeder.set("outage:v1:user:a:1", b"j1")
        seeder.set("outage:v1:user:b:1", b"j3")
        seeder.close()
        await raw.connection_pool.disconnect()

        await _wait_for(
            lambda: c.stats()["backend"] == "redis", poke=lambda: c.get("poke")
        )
        stats = c.stats()
        assert stats["fallback_active"] is False
        assert stats["recoveries"] == 1
        assert stats["fallback_seconds_total"] > 0

        # Deleted during the outage: not served stale from Redis.
        assert await c.get("to-delete") is None
        # Rewritten during the outage: the new value, not the pre-outage one.
        assert await c.get("to-rewrite") == "new"
        assert await c.get("during") == "outage value"
        # Pattern invalidated during the outage, applied on recovery; others kept.
        assert await c.get("user:a:1") is None
        assert await c.get("user:b:1") == 3
        # A value set now lands in Redis itself.
        await c.set("after", {"ok": True})
        assert await raw.get("outage:v1:after") == b'j{"ok":true}'
    finally:
        await raw.aclose()
        await c.close()
        server.kill()


async def test_recovery_after_a_large_outage_drops_the_namespace_instead_of_going_stale():
    server = RedisServer().start()
    # Tiny local store: more keys change during the outage than can be replayed.
    c = RedisCache(server.url, namespace="big", local_max_items=2, retry_interval=0.05)
    other = RedisCache(server.url, namespace="bystander")
    raw = redis.Redis.from_url(server.url)
    try:
        await c.set_many({f"k{i}": "before" for i in range(6)})
        await other.set("k0", "untouched")
        server.kill()
        await c.set_many({f"k{i}": "during" for i in range(6)})
        await c.delete("k5")
        assert c.stats()["fallback_active"] is True

        server.start()
        raw.set("big:v1:k0", b'j"before"')  # the pre-crash value, as if persisted
        raw.set("bystander:v1:k0", b'j"untouched"')
        await _wait_for(
            lambda: c.stats()["backend"] == "redis", poke=lambda: c.get("poke")
        )
        # Nothing from before the outage comes back; other namespaces are untouched.
        assert await c.get_many([f"k{i}" for i in range(6)]) == {}
        assert raw.get("bystander:v1:k0") == b'j"untouched"'
    finally:
        raw.close()
        await c.close()
        await other.close()
        server.kill()


async def test_memory_only_cache_keeps_no_outage_bookkeeping():
    c = RedisCache(None)
    for i in range(100):
        await c.set(f"user:{i}:x", i)
        await c.invalidate_pattern(f"user:{i}:*")
        await c.delete(f"user:{i}:y")
    stats = c.stats()
    assert stats["pending_replay_keys"] == 0
    assert stats["pending_replay_patterns"] == 0
    assert stats["local_items"] == 0
    await c.close()


async def test_one_outage_is_one_fallback_period():
    """After a restart every pooled connection is stale; the client must heal
    them, not fall back once per stale connection."""
    server = RedisServer().start()
    c = RedisCache(server.url, namespace=_namespace(), retry_interval=0.1, socket_timeout=0.2)
    try:
        # Concurrent sessions keep several connections in the pool.
        await asyncio.gather(*(c.set(f"k{i}", i) for i in range(8)))
        await asyncio.gather(*(c.get(f"k{i}") for i in range(8)))
        assert c.stats()["backend"] == "redis"

        server.kill()
        assert await c.get("k0") is None  # served by the fallback
        assert c.stats()["fallback_active"] is True
        server.start()
        await _wait_for(lambda: c.stats()["backend"] == "redis", poke=lambda: c.get("poke"))

        # Traffic as before the outage, from 1 up to 8 concurrent calls, so
        # each pooled connection is taken in turn (the code before this fix
        # fell back 5 times here: once per stale connection reached).
        for round_no in range(16):
            await asyncio.gather(*(c.set(f"k{i}", round_no) for i in range(round_no % 8 + 1)))
            await asyncio.sleep(0.12)  # a probe would be due if we had fallen back
        found = await c.get_many([f"k{i}" for i in range(8)])
        stats = c.stats()
        assert stats["recoveries"] == 1, f"{stats['recoveries']} fallback periods for one outage"
        assert stats["fallback_periods"] == 1
        assert stats["backend"] == "redis" and not stats["fallback_active"]
        assert found == {f"k{i}": 15 for i in range(8)}  # the last round set them all, in Redis
    finally:
        await c.close()
        server.kill()
