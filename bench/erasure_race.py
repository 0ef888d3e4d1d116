"""Rows that come back after an erasure raced by work already in flight.

For each backend and race delay, one user (production settings through
``build_services``: the batcher, real Redis, MiniLM) has work in flight when
``UserService.delete_user`` starts: the background learner on one sentence,
a tool's ``remember``, and the user and assistant turns being recorded. The
erase starts ``delay`` ms after that work. When everything has settled (and
the batcher is flushed), every row the store holds for the user is counted:
anything above zero came back after the erasure.

    python -m bench.erasure_race [--rounds 5] [--delays 0,5,20,50] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from core.config import Settings
from services.container import Services, build_services
from services.embedding_service import EmbeddingService, LocalEmbeddingProvider

SAID = "My sister Aisha lives in Zanzibar and I work as a florist at Bloomcraft."


async def rows_of(services: Services, user_id: str) -> int:
    """Every row the store holds for the user, summed over the tables."""
    store = services.store
    return (
        int(await store.get_user(user_id) is not None)
        + int(await store.get_profile(user_id) is not None)
        + await store.count_memories(user_id, include_superseded=True)
        + len(await store.list_sessions(user_id, limit=1000))
        + len(await store.list_turns(user_id, limit=1000))
    )


async def one_round(services: Services, delay_ms: float) -> int:
    user_id = str(uuid.uuid4())
    await services.users.ensure_profile_exists(user_id, display_name="Aisha's sibling")
    session = await services.conversations.start_session(user_id)
    await services.memory.learn_from_turn(user_id, "I love hiking.", session_id=session.id)
    work = [
        asyncio.create_task(services.conversations.record_turn(user_id, session.id, "user", SAID)),
        asyncio.create_task(services.memory.learn_from_turn(user_id, SAID, session_id=session.id)),
        asyncio.create_task(services.memory.remember(user_id, "Is allergic to peanuts", session_id=session.id)),
        asyncio.create_task(services.conversations.record_turn(user_id, session.id, "assistant", "Lovely!")),
    ]
    await asyncio.sleep(delay_ms / 1000)
    await services.users.delete_user(user_id)
    await asyncio.gather(*work, return_exceptions=True)
    await services.profiles.wait_for_refreshes()
    # Queued rows for the erased user are refused, not written: nothing to flush for them.
    await services.batcher.flush()
    return await rows_of(services, user_id)


async def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from tests.support.servers import PostgresServer, RedisServer

    redis = await asyncio.to_thread(lambda: RedisServer().start())
    embedder = EmbeddingService(LocalEmbeddingProvider("all-MiniLM-L6-v2"), cache=None)
    results: list[dict[str, Any]] = []
    try:
        for backend in args.backends.split(","):
            pg = await asyncio.to_thread(PostgresServer) if backend == "postgres" else None
            with tempfile.TemporaryDirectory(prefix="bench-erasure-") as tmp:
                settings = Settings(
                    _env_file=None,
                    storage_backend=backend,
                    sqlite_path=str(Path(tmp) / "companion.db"),
                    database_url=pg.dsn if pg is not None else None,
                    redis_url=redis.url,
                    cache_namespace=f"bench{uuid.uuid4().hex[:8]}",
                    openai_api_key=None,
                    openai_base_url=None,
                )
                services = await build_services(settings, embedder=embedder)
                try:
                    for delay in (float(d) for d in args.delays.split(",")):
                        back = [await one_round(services, delay) for _ in range(args.rounds)]
                        results.append(
                            {"backend": backend, "delay_ms": delay, "rounds": args.rounds,
                             "rows_back_total": sum(back), "rows_back_per_round": back}
                        )
                        print(json.dumps(results[-1]), flush=True)
                finally:
                    await services.aclose()
                    if pg is not None:
                        await asyncio.to_thread(pg.cleanup)
    finally:
        await embedder.close()
        await asyncio.to_thread(redis.kill)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--delays", default="0,5,20,50")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args(argv)
    print("command: python -m bench.erasure_race " + shlex.join(sys.argv[1:] if argv is None else argv))
    results = asyncio.run(run(args))
    print("| backend | delay ms | rows back (total over rounds) | per round |")
    print("|---|---|---|---|")
    for r in results:
        print(f"| {r['backend']} | {r['delay_ms']:g} | {r['rows_back_total']} | {r['rows_back_per_round']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
