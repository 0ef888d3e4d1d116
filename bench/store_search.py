"""Search latency of the storage backends at scale (one user with N memories).

For each backend it fills a fresh store with N memories of one user (random
unit 384-d vectors, short texts from a small vocabulary) plus three other
users sharing ``--others`` memories (same vocabulary, so they match the same
words), then times, each over Q queries:

* ``vector``: ``search_memories(k=10)`` warm (per-user matrix cached on SQLite),
  including fetching the hit rows;
* ``vector+kind``: the same with a kind filter;
* ``lexical``: ``lexical_search_memories`` with a spoken-style query (two
  content words among stop words), warm, including fetching the hit rows;
* ``write+search``: ``add_memory`` followed by a search that must see it
  (the in-place matrix update on SQLite);
and reports the first (cold) search, insert throughput, and that the top hit
of a query equal to a stored vector is that memory (a correctness check).

    python -m bench.store_search [--n 100000] [--queries 300] [--backends sqlite,postgres]
                                 [--others 3000] [--n-postgres 20000] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np

from core.models import Memory, MemoryKind
from infrastructure.storage.base import MemoryStore

DIMENSIONS = 384
WORDS = ["coffee", "tea", "sister", "brother", "job", "interview", "marathon", "guitar", "painting", "garden", "dog", "cat", "Lahore", "Karachi", "birthday", "school", "exam", "doctor", "travel", "beach", "mountain", "book", "movie", "song", "cooking", "recipe", "friend", "party", "morning", "evening", "weekend", "holiday", "project", "deadline", "meeting", "camera", "bicycle", "swimming", "yoga"]
KINDS = list(MemoryKind)
# Real memories draw on a large vocabulary with a long tail: a Zipf law
# (s=1.05) over the named words followed by 20k synthetic ones ("w123").
VOCABULARY = WORDS + [f"w{i}" for i in range(20_000)]


def _unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, DIMENSIONS)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def _memories(rng: np.random.Generator, user_id: str, n: int) -> list[Memory]:
    vectors = _unit_rows(rng, n)
    ranks = np.arange(1, len(VOCABULARY) + 1)
    weights = 1.0 / ranks**1.05
    words = rng.choice(len(VOCABULARY), size=(n, 8), p=weights / weights.sum())
    return [
        Memory(
            user_id=user_id,
            content="I said " + " ".join(VOCABULARY[w] for w in words[i]),
            kind=KINDS[i % len(KINDS)],
            importance=float(rng.random()),
            embedding=vectors[i],
        )
        for i in range(n)
    ]


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    values = np.asarray(samples_ms)
    return {
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "p99": float(np.percentile(values, 99)),
    }


async def _timed(fn, count: int) -> dict[str, float]:
    samples = []
    for i in range(count):
        started = time.perf_counter()
        await fn(i)
        samples.append((time.perf_counter() - started) * 1000)
    return _percentiles(samples)


async def run_backend(store, n: int, queries: int, seed: int = 1, others: int = 3000) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    user_id = str(uuid.uuid4())
    await store.initialize()
    for _ in range(3):  # neighbours whose rows must never show up
        neighbour = str(uuid.uuid4())
        for start in range(0, others // 3, 1000):
            await store.add_memories(_memories(rng, neighbour, min(1000, others // 3 - start)))
    batch = _memories(rng, user_id, n)
    started = time.perf_counter()
    for start in range(0, n, 1000):
        await store.add_memories(batch[start : start + 1000])
    insert_s = time.perf_counter() - started

    query_vectors = _unit_rows(rng, queries)
    started = time.perf_counter()
    await store.search_memories(user_id, query_vectors[0], limit=10)
    cold_ms = (time.perf_counter() - started) * 1000

    probe = batch[n // 2]
    top = await store.search_memories(user_id, probe.embedding, limit=10)
    exact_top_hit = bool(top) and top[0].memory.id == probe.id

    results = {
        "n": n,
        "others": 3 * (others // 3),
        "insert_rows_per_s": n / insert_s,
        "cold_search_ms": cold_ms,
        "exact_top_hit": exact_top_hit,
        "vector": await _timed(lambda i: store.search_memories(user_id, query_vectors[i], limit=10), queries),
        "vector+kind": await _timed(
            lambda i: store.search_memories(user_id, query_vectors[i], limit=10, kind=MemoryKind.EVENT), queries
        ),
        # Query words are taken from stored memories, so they follow the corpus
        # distribution (frequent words are asked about more often).
        "lexical": await _timed(
            lambda i: store.lexical_search_memories(
                user_id,
                "what about the {} and the {}?".format(*batch[(i * 7919) % n].content.split()[2:4]),
            ),
            queries,
        ),
    }
    fresh = _memories(rng, user_id, queries)
    seen = 0

    async def write_then_search(i: int) -> None:
        nonlocal seen
        await store.add_memory(fresh[i])
        hits = await store.search_memories(user_id, fresh[i].embedding, limit=1)
        seen += hits[0].memory.id == fresh[i].id

    results["write+search"] = await _timed(write_then_search, queries)
    results["writes_seen_by_next_search"] = f"{seen}/{queries}"
    await store.close()
    return results


def _print(backend: str, result: dict[str, Any]) -> None:
    print(f"\n{backend}: one user with {result['n']:,} memories ({DIMENSIONS}-d), {result['others']:,} rows of other users")
    print(f"  insert: {result['insert_rows_per_s']:,.0f} rows/s (batches of 1,000)")
    print(f"  first search (cold): {result['cold_search_ms']:.1f} ms")
    for name in ("vector", "vector+kind", "lexical", "write+search"):
        p = result[name]
        print(f"  {name:<13} p50 {p['p50']:7.2f} ms   p95 {p['p95']:7.2f} ms   p99 {p['p99']:7.2f} ms")
    print(f"  stored vector finds itself first: {result['exact_top_hit']}")
    print(f"  writes seen by the next search: {result['writes_seen_by_next_search']}")


async def main_async(args: argparse.Namespace) -> int:
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    for backend in backends:
        if backend == "sqlite":
            from infrastructure.storage.sqlite_store import SQLiteMemoryStore

            with tempfile.TemporaryDirectory() as tmp:
                store: MemoryStore = SQLiteMemoryStore(Path(tmp) / "bench.db", DIMENSIONS)
                _print("sqlite", await run_backend(store, args.n, args.queries, others=args.others))
        elif backend == "postgres":
            from infrastructure.storage.postgres_store import PostgresMemoryStore

            server = None
            dsn = args.database_url
            if dsn is None:
                from tests.support.servers import PostgresServer

                server = PostgresServer()
                dsn = server.create_database(f"bench_{uuid.uuid4().hex[:8]}")
            try:
                store = PostgresMemoryStore(dsn, DIMENSIONS)
                _print("postgres (HNSW)", await run_backend(store, args.n_postgres, args.queries, others=args.others))
            finally:
                if server is not None:
                    server.cleanup()
        else:
            print(f"unknown backend {backend!r}", file=sys.stderr)
            return 2
    print("\nreproduce: python -m bench.store_search " + shlex.join(sys.argv[1:]))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_search", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="memories of the measured user (SQLite)")
    parser.add_argument("--n-postgres", type=int, default=20_000, help="memories of the measured user (PostgreSQL)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--others", type=int, default=3000, help="memories of three other users, in total")
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--database-url", default=None, help="use this PostgreSQL instead of a temporary one")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
