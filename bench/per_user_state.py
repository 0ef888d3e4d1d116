"""Per-user in-process state of one long-lived ``Services`` after many users.

    python -m bench.per_user_state [--users 10000] [--concurrency 250] [--redis URL]

A worker process serves users one after another. Each user here does one
thing a session does, in turn: a profile refresh, a memory, a recall that
misses its budget (it completes in the background as a late result), a
prepared recall context, or a conversation that is never ended. So with
10,000 users every kind of per-user state sees 2,000 distinct users. Printed:
the entry count of every in-process map keyed by user (or session), and the
wall time. Real parts: a SQLite file, MiniLM embeddings, Redis (a private
redis-server is started unless ``--redis`` is given).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def per_user_entries(services: Any) -> dict[str, int]:
    """Entry counts of every in-process map keyed by user (or session)."""
    counts = {
        "users.locks": len(services.users._locks),
        "memory.locks": len(services.memory._locks),
        "memory.recent_writes": len(services.memory._recent),
        "profiles.refresh_state": len(services.profiles._refresh),
        "rag.late_results": len(services.rag._late),
        "rag.pending_recalls": len(services.rag._pending),
        "rag.prepared_contexts": len(services.rag._prepared),
        "conversations.session_owner": len(services.conversations._session_owner),
        "conversations.recent_turns": len(services.conversations._recent),
        "conversations.local_sessions": len(services.conversations._local_sessions),
        "conversations.pending_writes": len(services.conversations._pending),
    }
    index = getattr(services.store, "_index", None)  # SQLite's per-user search cache
    if index is not None:
        counts["store.index_entries"] = len(index._entries)
        counts["store.index_versions"] = len(index._versions)
    return counts


async def refresh_profile(services: Any, user_id: str) -> None:
    await services.users.ensure_profile_exists(user_id)
    refresh = services.profiles.schedule_refresh(user_id)
    if refresh is not None:
        await refresh


async def remember(services: Any, user_id: str) -> None:
    await services.memory.remember(user_id, "Likes jasmine tea in the morning", kind="preference")


async def recall_late(services: Any, user_id: str) -> None:
    # A budget nobody meets: the recall finishes in the background as a late
    # result (and, on SQLite, loads the user's search index).
    await services.rag.recall_for_turn(user_id, [], "what tea do I like?", 0.001)


async def prepare_context(services: Any, user_id: str) -> None:
    services.rag.prepare_context(user_id, ["user: hello", "assistant: hi, how was your day?"])


async def talk_without_ending(services: Any, user_id: str) -> None:
    session = await services.conversations.start_session(user_id)
    await services.conversations.record_turn(user_id, session.id, "user", "I like jasmine tea")


ACTIVITIES: tuple[Callable[[Any, str], Awaitable[None]], ...] = (
    refresh_profile, remember, recall_late, prepare_context, talk_without_ending,
)


async def serve_users(services: Any, users: list[str], concurrency: int) -> None:
    """Each user does ``ACTIVITIES[index % 5]``; ``concurrency`` users at a time."""
    for start in range(0, len(users), concurrency):
        await asyncio.gather(
            *(ACTIVITIES[i % len(ACTIVITIES)](services, users[i]) for i in range(start, min(start + concurrency, len(users))))
        )
        await services.rag.wait_pending()
    await services.batcher.flush()
    await services.rag.wait_pending()


async def run(users: int, concurrency: int, redis_url: str, data_dir: Path) -> None:
    from core.config import Settings
    from services.container import build_services

    settings = Settings(
        _env_file=None,
        sqlite_path=str(data_dir / "companion.db"),
        redis_url=redis_url,
        cache_namespace=f"bench{uuid.uuid4().hex[:8]}",
        openai_api_key=None,
        openai_base_url=None,
    )
    services = await build_services(settings, llm=None)
    try:
        await services.embedder.embed_query("warm up")
        started = time.perf_counter()
        await serve_users(services, [str(uuid.uuid4()) for _ in range(users)], concurrency)
        elapsed = time.perf_counter() - started
        print(f"users={users} concurrency={concurrency} wall={elapsed:.1f}s")
        for name, count in per_user_entries(services).items():
            print(f"  {name:32s} {count:6d}")
    finally:
        await services.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=250)
    parser.add_argument("--redis", default=None, help="Redis URL (default: start a private redis-server)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    server = None
    redis_url = args.redis
    if redis_url is None:
        from tests.support.servers import RedisServer

        server = RedisServer().start()
        redis_url = server.url
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            asyncio.run(run(args.users, args.concurrency, redis_url, Path(data_dir)))
    finally:
        if server is not None:
            server.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
