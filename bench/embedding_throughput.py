"""Embedding throughput: the local model one text at a time vs batched, and
the cache-hit path (in-process LRU and Redis).

    python -m bench.embedding_throughput [--texts 256] [--single 64]

Redis is taken from REDIS_URL when it answers; otherwise a private
redis-server is started for the run (tests.support.servers) and stopped after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from typing import Any

SUBJECTS = ["My sister", "Our neighbour", "The coach", "My grandfather", "A colleague", "My best friend", "The doctor"]
VERBS = ["talked about", "started learning", "complained about", "booked a trip for", "wrote a poem about", "forgot"]
OBJECTS = [
    "the violin lessons", "a hiking weekend in the mountains", "the new puppy", "her job interview",
    "the garden tomatoes", "a marathon in October", "the broken dishwasher", "their wedding plans",
    "a pottery class", "the book club", "an old family recipe", "the move to Lisbon",
]
WHEN = ["yesterday", "last week", "this morning", "two days ago", "in May", "on Sunday", "recently", "last year"]


def sample_texts(count: int, seed: int) -> list[str]:
    """Distinct everyday sentences (each phase gets its own, so caches cannot help)."""
    rng = random.Random(seed)
    texts: list[str] = []
    while len(texts) < count:
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(WHEN)} (#{len(texts)}-{seed})."
        texts.append(text)
    return texts


async def redis_url_for_run() -> tuple[str, Any]:
    """(url, server-to-stop-or-None): REDIS_URL if it answers, else a private server."""
    import redis.asyncio as aioredis

    url = os.environ.get("REDIS_URL")
    if url:
        client = aioredis.from_url(url, socket_timeout=0.5)
        try:
            await client.ping()
            return url, None
        except Exception:  # noqa: BLE001, S110 - unreachable: start our own below
            pass
        finally:
            await client.aclose()
    from tests.support.servers import RedisServer

    server = RedisServer().start()
    return server.url, server


def line(label: str, count: int, seconds: float, extra: str = "") -> str:
    rate = count / seconds if seconds > 0 else float("inf")
    return f"{label:<38} {count:>6} texts  {seconds:>8.3f} s  {rate:>10.1f} texts/s  {extra}"


async def main_async(args: argparse.Namespace) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from infrastructure.redis_cache import RedisCache
    from services.embedding_service import EmbeddingService, LocalEmbeddingProvider

    provider = LocalEmbeddingProvider(args.model, torch_threads=args.torch_threads or None)
    started = time.perf_counter()
    await provider.load()
    print(f"model {provider.model_name}: loaded in {time.perf_counter() - started:.2f} s "
          f"(torch threads: {__import__('torch').get_num_threads()}, cpus: {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.1f}: figures scale with how busy the machine is)\n")

    uncached = EmbeddingService(provider, None)
    await uncached.embed_documents(sample_texts(16, seed=99))  # warm-up: first-call overheads

    rows = []
    # One at a time: what a turn-by-turn caller pays per text.
    singles = sample_texts(args.single, seed=1)
    latencies = []
    started = time.perf_counter()
    for text in singles:
        began = time.perf_counter()
        await uncached.embed_query(text)
        latencies.append((time.perf_counter() - began) * 1000)
    elapsed = time.perf_counter() - started
    rows.append(line("local, one text per call", len(singles), elapsed,
                     f"p50 {statistics.median(latencies):.1f} ms/call"))

    # Batched: the same model, one call for many texts.
    batch = sample_texts(args.texts, seed=2)
    started = time.perf_counter()
    await uncached.embed_documents(batch)
    rows.append(line(f"local, batched ({args.texts} per call)", len(batch), time.perf_counter() - started))

    # Cache hits: the second time the same texts are asked for.
    memory_cache = RedisCache(None, namespace="benchemb")
    cached = EmbeddingService(provider, memory_cache)
    warm = sample_texts(args.texts, seed=3)
    await cached.embed_documents(warm)
    started = time.perf_counter()
    await cached.embed_documents(warm)
    rows.append(line("cache hits, in-process LRU (batched)", len(warm), time.perf_counter() - started,
                     f"hit rate {cached.stats()['cache_hit_rate']:.2f}"))
    await memory_cache.close()

    url, server = await redis_url_for_run()
    redis_cache = RedisCache(url, namespace=f"benchemb{os.getpid()}")
    try:
        cached = EmbeddingService(provider, redis_cache)
        warm = sample_texts(args.texts, seed=4)
        await cached.embed_documents(warm)
        started = time.perf_counter()
        await cached.embed_documents(warm)
        backend = redis_cache.stats()["backend"]
        rows.append(line(f"cache hits, {backend} (batched)", len(warm), time.perf_counter() - started,
                         f"hit rate {cached.stats()['cache_hit_rate']:.2f}"))
        started = time.perf_counter()
        for text in warm[: args.single]:
            await cached.embed_documents([text])
        rows.append(line(f"cache hits, {backend} (one per call)", args.single, time.perf_counter() - started))
        await redis_cache.invalidate_pattern("emb:*")
    finally:
        await redis_cache.close()
        if server is not None:
            server.kill()
        await provider.close()

    print("\n".join(rows))
    stats = uncached.stats()
    print(f"\nmodel-call latency (uncached service): p50 {stats['latency_ms_p50']:.1f} ms, "
          f"p95 {stats['latency_ms_p95']:.1f} ms over {stats['model_calls']} calls")
    print(f"\nreproduce: python -m bench.embedding_throughput --texts {args.texts} --single {args.single} "
          f"--torch-threads {args.torch_threads}")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Embedding throughput: single vs batched vs cached")
    parser.add_argument("--texts", type=int, default=256, help="texts per batched measurement")
    parser.add_argument("--single", type=int, default=64, help="texts embedded one call at a time")
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--torch-threads", type=int, default=1, help="0 = torch's default (all cores)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
