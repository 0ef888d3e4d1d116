"""Density: how many concurrent conversations one worker holds, and at what memory.

    python -m bench.density [--sessions 1,5,10,25] [--turns 4] [--interval 3] [--executors thread,fork]

Each N runs in a fresh Python process laid out as a LiveKit worker: it
prewarms like ``agent.prewarm`` (VAD, turn detector, the local embedding
model), then runs N sessions at once, each built as ``agent.entrypoint`` builds
one (its own ``build_services``, a CompanionAgent, an AgentSession) with typed
turns, one every ``--interval`` seconds per session (jittered), as speech
would arrive. The OpenAI-compatible stand-in runs as its own process and Redis
is real; recall runs with the production RECALL_BUDGET_MS.

Executors (livekit-agents' two job executors):
  thread  every session in a thread of the worker process with its own event
          loop (``JobExecutorType.THREAD``): one copy of every model.
  fork    every session in its own process forked after the models were
          loaded, as LiveKit's forkserver with ``preload_modules`` does: the
          model pages are shared copy-on-write; a job's private memory (USS)
          is what it adds.
Reported per N: worker RSS after prewarm and at peak, memory added per session
(thread: peak growth / N; fork: mean job USS), the largest job RSS (what
LiveKit's job_memory_warn_mb watches), recall p95 and budget overruns.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

from pydantic import SecretStr

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from bench.recall_latency import percentiles, rss_mb

TURNS = [
    "I went hiking with my sister Lena last weekend.",
    "What did I tell you about my job?",
    "My favourite food is lentil soup.",
    "Do you remember what I like to cook?",
    "I have a dentist appointment next Tuesday.",
    "How was my week, do you think?",
]


class PeakRss:
    """Samples this process's RSS every 50 ms on a thread; keeps the peak."""

    def __init__(self) -> None:
        self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, rss_mb())


async def conversation(settings: Any, turns: int, interval: float, seed: int) -> dict[str, Any]:
    """One session as agent.entrypoint builds it, with typed turns."""
    from agent import CompanionAgent, SessionIdentity, build_agent_session
    from services.container import build_services

    rng = random.Random(seed)
    services = await build_services(settings)
    agent = CompanionAgent(settings, services, SessionIdentity(str(uuid.uuid4())))
    try:
        async with build_agent_session(settings, services, text_only=True) as session:
            opening = await session.start(agent, capture_run=True)
            await opening
            for turn in range(turns):
                await asyncio.sleep(interval * rng.uniform(0.5, 1.5))
                await session.run(user_input=TURNS[(seed + turn) % len(TURNS)])
        await agent.end_user_session()
    finally:
        await services.aclose()
    return {"recall_ms": agent.timings.recall_ms, "timeouts": agent.timings.recall_timeouts}


def uss_mb() -> float:
    """This process's private memory (what it does not share with its parent)."""
    total_kb = 0
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def worker_settings(base_url: str) -> Any:
    from core.config import Settings

    return Settings(
        _env_file=None,
        sqlite_path=str(Path(tempfile.mkdtemp(prefix="density-")) / "companion.db"),
        redis_url=os.environ.get("DENSITY_REDIS_URL"),
        openai_base_url=base_url,
        openai_api_key=SecretStr("bench"),
        tts_provider="openai",
    )


def prewarm_worker(settings: Any) -> list[Any]:
    """What agent.prewarm loads, in this process."""
    from agent import load_turn_detector, load_vad
    from services.embedding_service import preload_local_embedding_model

    models = [load_vad(), load_turn_detector()]
    preload_local_embedding_model(settings)
    return models


def run_in_thread(settings: Any, turns: int, interval: float, seed: int, out: list[dict[str, Any]]) -> None:
    """A job of the thread executor: its own thread and event loop."""
    try:
        out.append(asyncio.run(conversation(settings, turns, interval, seed)))
    except Exception as error:  # noqa: BLE001  (counted in the table, and shown)
        print(f"session {seed} failed: {error!r}", file=sys.stderr)
        traceback.print_exc()


def run_forked_job(settings: Any, turns: int, interval: float, seed: int, queue: Any) -> None:
    """A job process forked from the prewarmed worker."""
    peak = PeakRss()
    result = asyncio.run(conversation(settings, turns, interval, seed))
    result.update(rss_mb=peak.stop(), uss_mb=uss_mb())
    queue.put(result)


def child(executor: str, sessions: int, turns: int, interval: float, base_url: str) -> dict[str, Any]:
    settings = worker_settings(base_url)
    models = prewarm_worker(settings)
    prewarmed = rss_mb()
    peak = PeakRss()
    results: list[dict[str, Any]] = []
    if executor == "thread":
        threads = [
            threading.Thread(target=run_in_thread, args=(settings, turns, interval, seed, results))
            for seed in range(sessions)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        processes = [
            context.Process(target=run_forked_job, args=(settings, turns, interval, seed, queue))
            for seed in range(sessions)
        ]
        for process in processes:
            process.start()
        results = [queue.get() for _ in processes]
        for process in processes:
            process.join()
    peak_rss = peak.stop()
    del models
    recalls = [ms for r in results for ms in r["recall_ms"]]
    if executor == "thread":
        added = (peak_rss - prewarmed) / sessions
        job_rss = peak_rss
    else:
        added = sum(r["uss_mb"] for r in results) / sessions
        job_rss = max(r["rss_mb"] for r in results)
    return {
        "executor": executor,
        "sessions": sessions,
        "failed": sessions - len(results),
        "prewarmed_rss_mb": round(prewarmed),
        "peak_rss_mb": round(peak_rss),
        "added_per_session_mb": round(added, 1),
        "largest_job_rss_mb": round(job_rss),
        "recalls": len(recalls),
        "recall_p95_ms": round(percentiles(recalls)["p95"], 1) if recalls else None,
        "overruns": sum(r["timeouts"] for r in results),
        "budget_ms": settings.recall_budget_ms,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", default="1,5,10,25")
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--executors", default="thread,fork")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        import logging

        logging.basicConfig(level=logging.ERROR)
        executor, count, base_url = args.child.split(",", 2)
        print(json.dumps(child(executor, int(count), args.turns, args.interval, base_url)))
        return

    from tests.support.servers import RedisServer, free_port

    redis = RedisServer().start()
    port = free_port()
    stand_in = subprocess.Popen(
        [sys.executable, "-m", "tests.support.openai_server", "--port", str(port)], stdout=subprocess.PIPE
    )
    assert stand_in.stdout is not None
    stand_in.stdout.readline()  # "listening on ..."
    rows = []
    try:
        for executor in args.executors.split(","):
            for count in (int(n) for n in args.sessions.split(",")):
                print(f"{executor} N={count}...", file=sys.stderr)
                completed = subprocess.run(
                    [sys.executable, "-m", "bench.density", "--child", f"{executor},{count},http://127.0.0.1:{port}/v1",
                     "--turns", str(args.turns), "--interval", str(args.interval)],
                    check=False, capture_output=True, text=True,
                    env={**os.environ, "DENSITY_REDIS_URL": redis.url},
                )
                if completed.returncode != 0:
                    print(completed.stderr[-3000:], file=sys.stderr)
                    continue
                rows.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    finally:
        stand_in.terminate()
        stand_in.wait()
        redis.kill()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"\n`python -m bench.density {' '.join(sys.argv[1:])}` ({started})\n")
    print("| executor | N | worker RSS after prewarm MB | worker peak RSS MB | added per session MB "
          "| largest job RSS MB | recall p95 ms (n) | overruns | sessions failed |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['executor']} | {row['sessions']} | {row['prewarmed_rss_mb']} | {row['peak_rss_mb']} | "
            f"{row['added_per_session_mb']} | {row['largest_job_rss_mb']} | "
            f"{row['recall_p95_ms']} ({row['recalls']}) | {row['overruns']} (budget {row['budget_ms']} ms) | {row['failed']} |"
        )


if __name__ == "__main__":
    main()
