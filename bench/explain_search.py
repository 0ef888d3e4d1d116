"""Where a memory search or list on PostgreSQL spends its time: the exact SQL
the HTTP API's routes run, with EXPLAIN (ANALYZE, BUFFERS).

    python -m bench.explain_search [--memories 10000] [--users 100] [--searches 40]
                                   [--analyze/--no-analyze] [--profile] [--plans]

Seeds the same store as ``bench.api`` (one user with ``--memories``, ``--users``
users with 100 each), builds the service graph, and runs the routes' service
calls in process: ``RagService.search(record_access=False)`` (the search route)
and ``MemoryService.list`` + ``count`` (the list route). Every statement the
store sends is recorded (asyncpg's query logger); per distinct statement it
prints calls, mean server round trip, and (``--plans``) the plan of one sample
re-run under EXPLAIN (ANALYZE, BUFFERS) with its real arguments. ``--profile``
adds a cProfile of the searches (the API process's own CPU per search).
``--no-analyze`` leaves the tables as ``bench.api`` leaves them: just loaded,
before autovacuum has gathered statistics.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import os
import pstats
import sys
import time
import uuid
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


async def main_async(args: argparse.Namespace) -> int:
    from bench.api import seed
    from bench.recall_latency import QUESTION_TEMPLATES, distinct_texts, percentiles
    from core.config import Settings
    from infrastructure.storage.postgres_store import HNSW_SESSION_SETTINGS, PostgresMemoryStore
    from services.container import build_services
    from tests.support.servers import PostgresServer, RedisServer

    server = PostgresServer()
    redis = RedisServer().start()
    try:
        dsn = server.create_database(f"explain_{uuid.uuid4().hex[:6]}")
        settings = Settings(
            _env_file=None, storage_backend="postgres", database_url=dsn, redis_url=redis.url,
            cache_namespace=f"explain{uuid.uuid4().hex[:6]}",
        )
        heavy = str(uuid.uuid4())
        users = [str(uuid.uuid4()) for _ in range(args.users)]
        print(f"seeding {args.memories} + {args.users}x100 memories...", flush=True)
        await seed(settings, heavy, users, args.memories)
        logged: list[Any] = []
        store = PostgresMemoryStore(dsn, settings.embedding_dimensions)
        prepare = store._prepare_connection

        async def prepare_and_log(conn: Any) -> None:
            await prepare(conn)
            conn.add_query_logger(logged.append)

        store._prepare_connection = prepare_and_log  # type: ignore[method-assign]
        await store.initialize()
        if args.analyze:
            await store.pool.execute("ANALYZE")
        services = await build_services(settings, store=store, llm=None)
        try:
            questions = distinct_texts(QUESTION_TEMPLATES, args.searches + 10, seed=99)
            # Warm-up: model, caches, connections.
            for question in questions[:5]:
                await services.rag.search(heavy, question, limit=10, record_access=False)
            await services.memory.list(heavy, limit=50)
            await services.memory.count(heavy)

            async def run(label: str, calls: list[Any]) -> None:
                logged.clear()
                elapsed: list[float] = []
                profiler = cProfile.Profile() if args.profile and label.startswith("search") else None
                for call in calls:
                    started = time.perf_counter()
                    if profiler is not None:
                        profiler.enable()
                    await call()
                    if profiler is not None:
                        profiler.disable()
                    elapsed.append((time.perf_counter() - started) * 1000)
                stats = percentiles(elapsed)
                print(f"\n== {label}: {len(calls)} calls, p50 {stats['p50']:.1f} ms, p95 {stats['p95']:.1f} ms,"
                      f" {len(logged) / len(calls):.1f} statements per call")
                by_sql: dict[str, list[Any]] = collections.defaultdict(list)
                for entry in logged:
                    by_sql[entry.query].append(entry)
                for sql, entries in sorted(by_sql.items(), key=lambda item: -sum(e.elapsed for e in item[1])):
                    times = sorted(1000 * e.elapsed for e in entries)
                    print(f"-- {len(entries)} x, round trip mean {sum(times) / len(times):.2f} ms,"
                          f" median {times[len(times) // 2]:.2f}, max {times[-1]:.2f}: {sql[:160]}")
                    if args.plans and ";" not in sql:
                        # The slowest call's arguments: where the time goes when it goes.
                        sample = max(entries, key=lambda e: e.elapsed)
                        async with store.pool.acquire() as conn:
                            conn.remove_query_logger(logged.append)
                            try:
                                plan = await conn.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *sample.args)
                            finally:
                                conn.add_query_logger(logged.append)
                        for row in plan:
                            print("   ", row[0])
                if profiler is not None:
                    print("\n-- in-process profile of the searches (cumulative):")
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
                    pstats.Stats(profiler).sort_stats("tottime").print_stats(25)

            def search(question: str) -> Any:
                return lambda: services.rag.search(heavy, question, limit=10, record_access=False)

            await run("search, 1 user x 10k", [search(q) for q in questions[5:]])

            def listing(user: str, offset: int) -> Any:
                async def call() -> None:
                    await services.memory.list(user, limit=50, offset=offset)
                    await services.memory.count(user)
                return call

            await run("list, 1 user x 10k", [listing(heavy, 50 * (i % 10)) for i in range(40)])
            await run(f"list, {args.users} users", [listing(users[i % len(users)], 0) for i in range(40)])
            print("\nHNSW session settings:", HNSW_SESSION_SETTINGS)
        finally:
            await services.aclose()
            await store.close()
    finally:
        redis.kill()
        server.cleanup()
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--memories", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--searches", type=int, default=40)
    parser.add_argument("--analyze", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--plans", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
