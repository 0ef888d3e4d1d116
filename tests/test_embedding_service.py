"""EmbeddingService: the real local MiniLM model, a real Redis cache, and the
OpenAI provider over HTTP against the local OpenAI-compatible stand-in."""

from __future__ import annotations

import asyncio
import time
import uuid

import numpy as np
import openai
import pytest
import redis.asyncio as aioredis

from core.config import Settings
from core.errors import (
    ConfigurationError,
    EmbeddingError,
    EmptyTextError,
    ValidationError,
)
from infrastructure.redis_cache import RedisCache
from services.embedding_service import (
    EmbeddingService,
    LocalEmbeddingProvider,
    OpenAIEmbeddingProvider,
    build_embedding_service,
    resolve_local_model_path,
)
from tests.support.openai_server import OpenAIStandIn


@pytest.fixture(scope="module")
def local_provider():
    """One real MiniLM for the whole module (loading it takes seconds)."""
    provider = LocalEmbeddingProvider("all-MiniLM-L6-v2")
    yield provider
    provider._executor.shutdown(wait=True)


@pytest.fixture
async def redis_cache(redis_server):
    # A namespace per test keeps tests independent on the shared server.
    cache = RedisCache(redis_server.url, namespace=f"t{uuid.uuid4().hex[:10]}", default_ttl=600)
    yield cache
    await cache.close()


@pytest.fixture
async def stand_in():
    async with OpenAIStandIn() as server:
        yield server


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(a, b))


# --------------------------------------------------------------------------
# Local model
# --------------------------------------------------------------------------


async def test_local_vectors_are_normalised_float32_and_paraphrases_are_closer(local_provider):
    service = EmbeddingService(local_provider)
    vectors = await service.embed_documents(
        ["I adopted a puppy last week.", "We got a new dog a few days ago.", "Interest rates rose again."]
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2
    query = await service.embed_query("my new pet")
    assert query.shape == (384,)
    assert cosine(query, vectors[0]) > cosine(query, vectors[2])
    assert service.model_name == "all-MiniLM-L6-v2" and service.dimensions == 384


async def test_empty_text_is_rejected_before_any_model_call(local_provider):
    service = EmbeddingService(local_provider)
    with pytest.raises(EmptyTextError):
        await service.embed_query("   ")
    with pytest.raises(EmptyTextError):
        await service.embed_documents(["fine", ""])
    with pytest.raises(ValidationError):
        await service.embed_documents(["fine", None])
    assert service.stats()["model_calls"] == 0
    assert (await service.embed_documents([])).shape == (0, 384)


async def test_inference_runs_off_the_event_loop(local_provider):
    service = EmbeddingService(local_provider)
    await service.embed_query("warm up the model")
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            await asyncio.sleep(0.005)

    task = asyncio.create_task(ticker())
    texts = [f"sentence number {i} about gardening, cooking and travel plans" for i in range(96)]
    started = time.perf_counter()
    await service.embed_documents(texts)
    elapsed = time.perf_counter() - started
    stop.set()
    await task
    # The loop kept running while the batch was encoded on the worker thread.
    assert elapsed > 0.05 and ticks >= 5


async def test_model_is_loaded_lazily_and_only_once(local_provider):
    service = build_embedding_service(Settings(embedding_provider="local", redis_url=None), None)
    assert not service.provider.loaded  # building the service loads nothing
    await service.close()
    await asyncio.gather(local_provider.load(), local_provider.load())
    model = local_provider._model
    await local_provider.load()
    assert local_provider.loaded and local_provider._model is model


def test_torch_threads_come_from_settings_when_configured():
    from types import SimpleNamespace

    from services.embedding_service import local_torch_threads

    assert local_torch_threads(SimpleNamespace()) == 1  # no such setting: one thread
    assert local_torch_threads(SimpleNamespace(embedding_torch_threads=2)) == 2
    assert local_torch_threads(SimpleNamespace(embedding_torch_threads=0)) is None  # torch's default
    with pytest.raises(ConfigurationError):
        local_torch_threads(SimpleNamespace(embedding_torch_threads=-1))


def test_unknown_local_model_is_a_configuration_error():
    with pytest.raises(ConfigurationError):
        resolve_local_model_path("no-such-model-xyz")


# --------------------------------------------------------------------------
# Cache (real Redis)
# --------------------------------------------------------------------------


async def test_batch_with_partial_cache_hits_computes_only_the_misses(local_provider, redis_cache):
    service = EmbeddingService(local_provider, redis_cache)
    first = await service.embed_documents(["alpha story about boats", "beta story about trains"])
    assert service.stats()["model_calls"] == 1 and service.stats()["embeddings_computed"] == 2

    mixed = await service.embed_documents(
        ["beta story about trains", "gamma story about planes", "alpha story about boats"]
    )
    stats = service.stats()
    assert stats["model_calls"] == 2  # one call for the single miss
    assert stats["embeddings_computed"] == 3
    assert stats["cache_hits"] == 2 and stats["cache_misses"] == 3
    assert stats["cache_hit_rate"] == pytest.approx(2 / 5)
    assert np.allclose(mixed[0], first[1], atol=1e-6) and np.allclose(mixed[2], first[0], atol=1e-6)

    # The vectors really live in Redis: a fresh service on the same cache computes nothing.
    fresh = EmbeddingService(local_provider, redis_cache)
    again = await fresh.embed_documents(["alpha story about boats", "gamma story about planes"])
    assert fresh.stats()["model_calls"] == 0 and fresh.stats()["cache_hit_rate"] == 1.0
    assert np.allclose(again[1], mixed[1], atol=1e-6)
    assert redis_cache.stats()["backend"] == "redis"


async def test_vectors_are_stored_compactly_under_namespaced_keys(local_provider, redis_cache, redis_server):
    service = EmbeddingService(local_provider, redis_cache)
    await service.embed_documents(["compact storage check"])
    key = service.cache_key("compact storage check", "document")
    client = aioredis.from_url(redis_server.url)
    try:
        raw = await client.get(f"{redis_cache.namespace}:{redis_cache.version}:{key}")
        ttl = await client.ttl(f"{redis_cache.namespace}:{redis_cache.version}:{key}")
    finally:
        await client.aclose()
    assert raw is not None
    assert len(raw) < 384 * 4 * 1.5  # base64 of float32, not a JSON list of floats
    assert ttl > 0


async def test_query_and_document_keys_differ(local_provider, redis_cache):
    service = EmbeddingService(local_provider, redis_cache)
    text = "where did I park the car"
    assert service.cache_key(text, "query") != service.cache_key(text, "document")
    await service.embed_documents([text])
    await service.embed_query(text)
    # The query missed the document's cache entry and was computed separately.
    assert service.stats()["model_calls"] == 2 and service.stats()["cache_hits"] == 0
    await service.embed_query(text)
    assert service.stats()["cache_hits"] == 1


async def test_duplicate_texts_in_one_batch_are_computed_once(local_provider):
    service = EmbeddingService(local_provider)
    vectors = await service.embed_documents(["same words", "other words", "same words"])
    assert service.stats()["embeddings_computed"] == 2
    assert np.array_equal(vectors[0], vectors[2])


async def test_foreign_cache_entries_are_ignored_and_recomputed(local_provider, redis_cache):
    service = EmbeddingService(local_provider, redis_cache)
    key = service.cache_key("corrupted entry", "document")
    await redis_cache.set(key, "not-a-vector!")
    vector = await service.embed_documents(["corrupted entry"])
    assert vector.shape == (1, 384) and service.stats()["embeddings_computed"] == 1


async def test_cache_outage_does_not_stop_embeddings(local_provider):
    # Nothing listens on this port: the cache falls back, embeddings still work.
    cache = RedisCache("redis://127.0.0.1:1/0", namespace="down", socket_timeout=0.1)
    try:
        service = EmbeddingService(local_provider, cache)
        vectors = await service.embed_documents(["still works without redis"])
        assert vectors.shape == (1, 384)
    finally:
        await cache.close()


# --------------------------------------------------------------------------
# OpenAI provider over real HTTP
# --------------------------------------------------------------------------


def openai_client(server: OpenAIStandIn) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key="test-key", base_url=server.base_url, max_retries=0)


async def test_openai_provider_batches_misses_and_estimates_cost(stand_in, redis_cache):
    client = openai_client(stand_in)
    service = EmbeddingService(OpenAIEmbeddingProvider(client, "text-embedding-3-small"), redis_cache)
    vectors = await service.embed_documents(["first memory", "second memory"])
    assert vectors.shape == (2, 1536) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    await service.embed_documents(["second memory", "third memory"])
    requests = stand_in.embedding_requests()
    assert len(requests) == 2
    assert requests[0]["model"] == "text-embedding-3-small"
    assert requests[1]["input"] == ["third memory"]  # only the miss went over the wire

    stats = service.stats()
    assert stats["tokens"] > 0
    assert stats["estimated_cost_usd"] == pytest.approx(stats["tokens"] * 0.02 / 1_000_000)
    assert stats["latency_ms_p50"] is not None and stats["latency_ms_p95"] >= stats["latency_ms_p50"]
    await client.close()


async def test_openai_large_model_price_and_requested_dimensions(stand_in):
    client = openai_client(stand_in)
    provider = OpenAIEmbeddingProvider(client, "text-embedding-3-large", dimensions=256)
    service = EmbeddingService(provider)
    vector = await service.embed_query("shortened vectors")
    assert vector.shape == (256,)
    assert stand_in.embedding_requests()[-1]["dimensions"] == 256
    assert provider.price_per_million_tokens == 0.13
    await client.close()


async def test_server_failure_becomes_embedding_error(stand_in):
    client = openai_client(stand_in)
    service = EmbeddingService(OpenAIEmbeddingProvider(client, "text-embedding-3-small"))
    stand_in.fail_next(1, 500, path="/v1/embeddings")
    with pytest.raises(EmbeddingError):
        await service.embed_query("this will fail")
    assert service.stats()["failures"] == 1
    # The next call works again: nothing is stuck.
    assert (await service.embed_query("this works")).shape == (1536,)
    await client.close()


async def test_build_embedding_service_wires_openai_from_settings(stand_in):
    settings = Settings(
        embedding_provider="openai",
        openai_embedding_model="text-embedding-3-small",
        embedding_base_url=stand_in.base_url,
        openai_api_key="test-key",
        embedding_dimensions=384,
        redis_url=None,
    )
    service = build_embedding_service(settings, None)
    vector = await service.embed_query("configured from settings")
    assert vector.shape == (384,)
    assert stand_in.embedding_requests()[-1]["dimensions"] == 384
    await service.close()  # closes the client it created


async def test_a_shared_client_is_used_and_left_open(stand_in):
    client = openai_client(stand_in)
    settings = Settings(
        embedding_provider="openai", embedding_base_url=None, openai_base_url=stand_in.base_url,
        openai_api_key="test-key", embedding_dimensions=1536, redis_url=None,
    )
    service = build_embedding_service(settings, None, openai_client=client)
    assert service.provider._client is client
    await service.embed_query("shared client")
    await service.close()
    assert not client.is_closed()
    await client.close()


def test_dimension_mismatch_is_a_configuration_error():
    settings = Settings(embedding_provider="local", embedding_dimensions=1536, redis_url=None)
    with pytest.raises(ConfigurationError):
        build_embedding_service(settings, None)
    with pytest.raises(ConfigurationError):
        build_embedding_service(
            Settings(
                embedding_provider="openai", openai_api_key=None, openai_base_url=None,
                embedding_base_url=None, redis_url=None,
            ),
            None,
        )


async def test_concurrent_requests_share_one_model_call(local_provider):
    service = EmbeddingService(local_provider)
    await service.embed_query("warm the model before counting")
    before = local_provider.encode_calls
    texts = [f"concurrent request number {i} about the weekend" for i in range(6)]
    vectors = await asyncio.gather(*(service.embed_query(text) for text in texts))
    assert local_provider.encode_calls - before == 1  # six callers, one encode
    # Each caller got its own vector back, identical to a solo computation.
    solo = await EmbeddingService(local_provider).embed_query(texts[3])
    assert np.allclose(vectors[3], solo, atol=1e-5)
    assert not np.allclose(vectors[2], vectors[3])


async def test_a_caller_that_gives_up_does_not_break_the_others(local_provider):
    service = EmbeddingService(local_provider)
    await service.embed_query("warm again")
    slow = asyncio.create_task(service.embed_documents([f"long batch {i}" for i in range(64)]))
    await asyncio.sleep(0)
    impatient = asyncio.create_task(service.embed_query("I will be cancelled"))
    patient = asyncio.create_task(service.embed_query("I will wait"))
    await asyncio.sleep(0)
    impatient.cancel()
    assert (await patient).shape == (384,)
    assert (await slow).shape == (64, 384)
    with pytest.raises(asyncio.CancelledError):
        await impatient
