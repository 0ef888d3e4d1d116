"""Recall latency of ``RagService.recall_for_turn`` at 1k / 10k / 100k memories.

One user holds N memories, episodes (recorded turns with their neighbour
window) and extracted facts counted together (plus a few hundred rows of other
users, so the per-user filtering is real). Memories are realistic varied sentences built
from templates; a few thousand distinct sentences get real embeddings from the
local model (``--embedding-model``, all-MiniLM-L6-v2 by default) and the bulk
reuses them with a small perturbation and a varying trailing detail, so
inserting 100k rows takes seconds, not an hour of model time. Rows go in with ``store.add_memories`` in big batches.

Each measured recall is the real voice-turn path: build the query from two
recent turns + the new message, embed it (uncached: every query text is
distinct), dense and lexical search concurrently, rank, format. Three passes:

* "turn": what the agent does. The recent turns are prepared first
  (``RagService.prepare_context``, which the agent calls when its reply has
  been spoken; here it is awaited untimed, standing for the seconds the user
  speaks), so the turn embeds the new message only.
* "cold": nothing prepared, message and context embedded on the turn (a
  turn whose context could not be prepared).
* "cached": the same turns again with the embedding cache warm (an
  in-process cache), isolating store + ranking cost. Reported per
backend and size: p50/p95/p99 (ms), mean per-stage times, insert rate, and
the process RSS (plus PostgreSQL server RSS for that backend). PostgreSQL
tables are ANALYZEd after the bulk insert, as autovacuum would do.

    python -m bench.recall_latency [--sizes 1000,10000,100000] [--backends sqlite,postgres]
                                   [--queries 200] [--json PATH] [--database-url postgresql://...]

Targets: turn p95 <= 25 ms at 10k and <= 35 ms at 100k, growing much slower than N.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import shlex
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from infrastructure.storage.base import MemoryStore

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

DIMENSIONS = 384
DISTINCT_SENTENCES = 3000
BUDGET_MS = 10_000  # measure the full pipeline; the budget path is tested elsewhere
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)

NAMES = ["Aisha", "Bilal", "Sara", "Omar", "Maya", "Hina", "Zain", "Lena", "Tariq", "Noor", "Daniel", "Priya",
         "Farah", "Ali", "Sofia", "Yusuf", "Emma", "Kenji", "Leila", "Marco"]
RELATIONS = ["sister", "brother", "mother", "father", "best friend", "boss", "colleague", "cousin", "neighbour",
             "partner", "son", "daughter", "roommate", "teacher", "aunt"]
THINGS = ["green tea", "black coffee", "jazz", "hiking", "sushi", "horror movies", "rainy days", "chess",
          "gardening", "spicy food", "running", "podcasts", "board games", "poetry", "cricket", "photography",
          "baking bread", "yoga", "classical music", "science fiction", "street food", "cycling", "painting",
          "karaoke", "crossword puzzles", "camping", "thrillers", "early mornings", "crowded places", "long drives"]
PLACES = ["Lahore", "Karachi", "Dubai", "Istanbul", "London", "the beach", "the mountains", "Paris", "Tokyo",
          "the old city", "the lake", "Islamabad", "Berlin", "a small village", "the museum", "the night market"]
EVENTS = ["job interview", "dentist appointment", "exam", "wedding", "birthday party", "flight", "doctor's visit",
          "presentation", "driving test", "concert", "family dinner", "marathon", "client meeting", "move"]
WHEN = ["last week", "yesterday", "two months ago", "in March", "last summer", "on Friday", "next month",
        "over the weekend", "in the spring", "a few days ago", "last year", "this morning"]
FEELINGS = ["nervous", "excited", "exhausted", "proud", "anxious", "relieved", "happy", "frustrated"]
SKILLS = ["Spanish", "the guitar", "coding in Python", "swimming", "chess openings", "watercolour painting",
          "public speaking", "cooking Thai food", "the piano", "photography"]
DETAILS = ["", "and talked about it at length", "which came up again later", "as they mentioned in passing",
           "and seemed to care a lot", "while sounding tired", "with a laugh", "and asked to be reminded",
           "in a long story", "when talking about the weekend", "after a busy day", "during a late call",
           "and wants to talk about it again", "with some worry", "and was clearly happy about it",
           "over breakfast", "on the way to work", "while cooking dinner", "after the gym",
           "and repeated it twice", "with a lot of detail", "quietly", "in a voice note", "half joking",
           "at the end of the conversation", "at the start of the call", "while walking the dog",
           "in between other topics", "with a sigh", "after thinking about it", "right before bed",
           "during lunch", "on a rainy evening", "while on the bus", "with excitement", "with some doubt",
           "and then changed the subject", "while making tea", "on a Sunday", "after work"]

MEMORY_TEMPLATES = [
    "User's {relation} {name} went to {place} {when}.",
    "User {verb} {thing}.",
    "User has a {event} {when} and feels {feeling}.",
    "User is learning {skill} and practises most evenings.",
    "User met {name} at {place} {when}.",
    "User's {relation} is named {name}.",
    "User felt {feeling} about the {event} {when}.",
    "User wants to visit {place} with {name}.",
    "User and {name} talked about {thing} {when}.",
    "User started {skill} lessons {when}.",
]
QUESTION_TEMPLATES = [
    "What did I tell you about {name}?",
    "When is my {event} again?",
    "Do you remember what I think about {thing}?",
    "How is my {relation} doing, did I mention them?",
    "Have I ever been to {place}?",
    "What was I {feeling} about recently?",
    "Remind me, am I still learning {skill}?",
    "Who did I meet at {place}?",
    "What happened with the {event} {when}?",
    "Did I say I like {thing}?",
]
TURN_TEMPLATES = [
    "user: I was thinking about {thing} today",
    "assistant: That sounds nice, tell me more about {place}.",
    "user: {name} called me {when}",
    "assistant: How did the {event} go?",
    "user: I'm feeling {feeling} this week",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        name=rng.choice(NAMES), relation=rng.choice(RELATIONS), thing=rng.choice(THINGS), place=rng.choice(PLACES),
        event=rng.choice(EVENTS), when=rng.choice(WHEN), feeling=rng.choice(FEELINGS), skill=rng.choice(SKILLS),
        verb=rng.choice(["loves", "likes", "hates", "enjoys", "can't stand", "is into"]),
    )


def distinct_texts(templates: list[str], count: int, seed: int) -> list[str]:
    """``count`` distinct sentences from the templates (deterministic)."""
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    attempts = 0
    while len(seen) < count and attempts < count * 50:
        seen.setdefault(_fill(templates[attempts % len(templates)], rng), None)
        attempts += 1
    return list(seen)[:count]


def conversation_turns(count: int, seed: int) -> list[list[str]]:
    """Two distinct recent turns per query, so context embeddings are not shared."""
    rng = random.Random(seed)
    turns = []
    for index in range(count):
        first = _fill(TURN_TEMPLATES[index % len(TURN_TEMPLATES)], rng)
        second = _fill(TURN_TEMPLATES[(index + 1) % len(TURN_TEMPLATES)], rng)
        turns.append([f"{first} ({index})", second])
    return turns


# Share of a user's rows that are episodes (recorded turns with their
# neighbour window, services.episodic_memory): a person says far more than
# extraction keeps, so most of what recall searches is what was said.
EPISODE_SHARE = 0.7


def build_memories(user_id: str, n: int, base_texts: list[str], base_vectors: np.ndarray, seed: int) -> list:
    """N memories, episodes and facts together: base sentences first, then
    base + detail with a perturbed vector. An episode also carries two
    neighbour sentences as its window, which lexical search reads."""
    from core.models import Memory, MemoryKind

    rng = np.random.default_rng(seed)
    kinds = [kind for kind in MemoryKind if kind is not MemoryKind.EPISODE]
    count = len(base_texts)
    ages = rng.uniform(0, 730, size=n)
    importance = rng.uniform(0.2, 0.95, size=n)
    noise = rng.standard_normal((n, DIMENSIONS)).astype(np.float32) * 0.015
    episodes = rng.uniform(size=n) < EPISODE_SHARE
    memories = []
    for i in range(n):
        base = i % count
        round_ = i // count
        detail = DETAILS[round_ % len(DETAILS)] if round_ else ""
        text = base_texts[base] if not detail else f"{base_texts[base][:-1]}, {detail} (#{round_})."
        vector = base_vectors[base] + (noise[i] if round_ else 0.0)
        vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        when = NOW - timedelta(days=float(ages[i]))
        kind: MemoryKind = kinds[i % len(kinds)]
        metadata: dict[str, Any] = {}
        if episodes[i]:
            speaker = NAMES[i % len(NAMES)]
            kind, text = MemoryKind.EPISODE, f"{speaker}: {text}"
            metadata = {
                "speaker": speaker,
                "context": f"{base_texts[(base - 1) % count]} {base_texts[(base + 1) % count]}",
            }
        memories.append(Memory(
            user_id=user_id, content=text, kind=kind, importance=float(importance[i]),
            embedding=vector, created_at=when, updated_at=when, occurred_at=when, metadata=metadata,
        ))
    return memories


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size from /proc (Linux)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def postgres_pids(data_dir: str) -> list[str]:
    """The PostgreSQL processes serving ``data_dir``: its postmaster, then the
    postmaster's children alive now."""
    postmaster = None
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                cmd = handle.read().decode(errors="replace")
        except OSError:
            continue
        if "postgres" in cmd and data_dir in cmd:
            postmaster = pid
            break
    if postmaster is None:
        return []
    pids = [postmaster]
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
                parent = handle.read().rsplit(")", 1)[1].split()[1]
        except (OSError, IndexError):
            continue
        if parent == postmaster:
            pids.append(pid)
    return pids


def postgres_rss_mb(data_dir: str) -> float:
    """Total RSS of the PostgreSQL processes serving ``data_dir`` (postmaster + children)."""
    return sum(rss_mb(pid) for pid in postgres_pids(data_dir))


def percentiles(samples: list[float]) -> dict[str, float]:
    values = np.asarray(samples, dtype=np.float64)
    return {
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "p99": float(np.percentile(values, 99)),
        "mean": float(values.mean()),
    }


async def time_recalls(
    rag, user_id: str, messages: list[str], turns: list[list[str]], *, prepare: bool = False
) -> dict[str, Any]:
    elapsed: list[float] = []
    stages: dict[str, list[float]] = {}
    timeouts = 0
    for message, recent in zip(messages, turns):
        # Between turns (untimed), as the seconds of a spoken reply allow: the
        # previous turn's background work (access counts) finishes, and for
        # the turn pass the context is prepared while "the user speaks".
        if prepare:
            rag.prepare_context(user_id, recent)
        await rag.wait_pending()
        started = time.perf_counter()
        result = await rag.recall_for_turn(user_id, recent, message, BUDGET_MS, now=NOW)
        elapsed.append((time.perf_counter() - started) * 1000)
        timeouts += int(result.timed_out)
        for name, value in result.stages.items():
            stages.setdefault(name, []).append(value)
    await rag.wait_pending()
    return {
        **percentiles(elapsed),
        "timeouts": timeouts,
        "stages_mean_ms": {name: round(float(np.mean(values)), 3) for name, values in stages.items()},
        "stages_p95_ms": {name: round(float(np.percentile(values, 95)), 3) for name, values in stages.items()},
    }


async def run_size(
    store, embedders, n: int, base_texts, base_vectors, messages, turns, log, *, message_only: bool = False,
    without: Sequence[str] = (),
) -> dict[str, Any]:
    from rag_system import RetrievalConfig
    from services.rag_service import RagService

    config = RetrievalConfig().without(*without)  # production settings unless a stage is named

    user_id = str(uuid.uuid4())
    memories = build_memories(user_id, n, base_texts, base_vectors, seed=n)
    started = time.perf_counter()
    for offset in range(0, n, 2000):
        await store.add_memories(memories[offset: offset + 2000])
    insert_s = time.perf_counter() - started
    # Other users' rows: the per-user filter must do real work.
    for _ in range(3):
        other = str(uuid.uuid4())
        await store.add_memories(build_memories(other, 200, base_texts, base_vectors, seed=7))
    del memories
    gc.collect()
    log(f"  inserted {n} memories in {insert_s:.1f}s ({n / insert_s:,.0f}/s)")
    pool = getattr(store, "pool", None)
    if pool is not None:
        # A live database is analysed by autovacuum; a just-filled one is not
        # yet, and without statistics the planner and the full-text word
        # selection (pg_stats lexemes) behave as for an empty table.
        await pool.execute("ANALYZE memories, memory_search_terms")

    uncached, cached = embedders
    rag = RagService(store, uncached, config=config, blend_context=not message_only)
    # Warm-up (store caches, first-query plans): not measured.
    await rag.recall_for_turn(user_id, ["user: hello"], "warm up the store please", BUDGET_MS, now=NOW)
    turn = await time_recalls(rag, user_id, messages, turns, prepare=True)
    log(f"  turn (prepared):    p50 {turn['p50']:.1f}  p95 {turn['p95']:.1f}  p99 {turn['p99']:.1f} ms")
    cold = await time_recalls(rag, user_id, messages, turns)
    log(f"  cold (2 embedded):  p50 {cold['p50']:.1f}  p95 {cold['p95']:.1f}  p99 {cold['p99']:.1f} ms")

    cached_rag = RagService(store, cached, config=config, blend_context=not message_only)
    await time_recalls(cached_rag, user_id, messages, turns)  # fill the embedding cache
    warm = await time_recalls(cached_rag, user_id, messages, turns)
    log(f"  cached embedding:   p50 {warm['p50']:.1f}  p95 {warm['p95']:.1f}  p99 {warm['p99']:.1f} ms")
    return {
        "n": n, "insert_s": round(insert_s, 2), "turn": turn, "uncached": cold, "cached": warm,
        "rss_mb": round(rss_mb(), 1),
    }


async def main_async(args: argparse.Namespace) -> int:
    from infrastructure.redis_cache import RedisCache
    from services.embedding_service import EmbeddingService, local_embedding_provider

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if args.torch_threads > 0:
        import torch

        # One intra-op thread: a two-sentence query gains nothing from more, and
        # on a busy machine OpenMP threads waiting on each other cost 10-20x.
        torch.set_num_threads(args.torch_threads)
    log(f"torch intra-op threads: {_torch_threads()}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    # The model's intra-op threads (ONNX Runtime, or torch without it), as the
    # agent's EMBEDDING_TORCH_THREADS setting passes them.
    started = time.perf_counter()
    provider = local_embedding_provider(args.embedding_model, threads=args.torch_threads or None)
    uncached = EmbeddingService(provider, cache=None)
    local_cache = RedisCache(None, namespace="bench", local_max_items=100_000)
    cached = EmbeddingService(provider, cache=local_cache)
    await uncached.warmup()
    load_s = time.perf_counter() - started
    log(f"embedding model {args.embedding_model}: loaded in {load_s:.1f}s, process RSS {rss_mb():.0f} MB")

    base_texts = distinct_texts(MEMORY_TEMPLATES, DISTINCT_SENTENCES, seed=1)
    started = time.perf_counter()
    base_vectors = await uncached.embed_documents(base_texts)
    log(f"embedded {len(base_texts)} distinct sentences in {time.perf_counter() - started:.1f}s")
    messages = distinct_texts(QUESTION_TEMPLATES, args.queries, seed=2)
    turns = conversation_turns(len(messages), seed=3)
    log(f"{len(messages)} distinct queries, each with 2 distinct recent turns")
    baseline_rss = rss_mb()
    without = [part.strip() for part in (args.without or "").split(",") if part.strip()]

    results: dict[str, list[dict[str, Any]]] = {}
    holder: dict[str, Any] = {"server": None}  # one temporary PostgreSQL for all sizes
    try:
        for backend in backends:
            results[backend] = []
            for n in sizes:
                log(f"{backend}: {n:,} memories")
                store, data_dir, tmp = await _open_store(backend, n, args, holder)
                try:
                    row = await run_size(store, (uncached, cached), n, base_texts, base_vectors, messages, turns, log,
                                         message_only=args.message_only, without=without)
                    if backend == "postgres" and data_dir:
                        row["postgres_server_rss_mb"] = round(postgres_rss_mb(data_dir), 1)
                    results[backend].append(row)
                finally:
                    await store.close()
                    if tmp is not None:
                        tmp.cleanup()
                    gc.collect()
    finally:
        if holder["server"] is not None:
            holder["server"].cleanup()
        await local_cache.close()
        await uncached.close()

    mode = "message only (1 embedding)" if args.message_only else "message + recent-turn blend (2 embeddings)"
    print_table(results, baseline_rss, mode)
    command = "python -m bench.recall_latency " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    print(f"\nReproduce: {command.strip()}")
    if args.json:
        payload = {
            "command": command.strip(),
            "queries": len(messages),
            "baseline_rss_mb": round(baseline_rss, 1),
            "torch_threads": _torch_threads(),
            "message_only": args.message_only,
            "embedding": uncached.stats(),
            "embedding_load_s": round(load_s, 2),
            "results": results,
        }
        Path(args.json).write_text(json.dumps(payload, indent=2))
        print(f"JSON written to {args.json}")
    return 0


async def _open_store(backend: str, n: int, args: argparse.Namespace, holder: dict[str, Any]):
    """A fresh store per size: a new SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        from infrastructure.storage import SQLiteMemoryStore

        tmp = tempfile.TemporaryDirectory(prefix="recall-bench-")
        store: MemoryStore = SQLiteMemoryStore(Path(tmp.name) / "bench.db", DIMENSIONS)
        await store.initialize()
        return store, None, tmp
    if backend == "postgres":
        from infrastructure.storage import PostgresMemoryStore

        data_dir = None
        if args.database_url:
            dsn = args.database_url
        else:
            if holder["server"] is None:
                from tests.support.servers import PostgresServer

                holder["server"] = PostgresServer()
            server = holder["server"]
            dsn = server.create_database(f"recall_{n}_{uuid.uuid4().hex[:6]}")
            data_dir = str(server._tmp)
        store = PostgresMemoryStore(dsn, DIMENSIONS, min_size=2, max_size=4)
        await store.initialize()
        return store, data_dir, None
    raise SystemExit(f"unknown backend {backend!r}; use sqlite or postgres")


def _torch_threads() -> int:
    import torch

    return torch.get_num_threads()


def print_table(results: dict[str, list[dict[str, Any]]], baseline_rss: float, mode: str) -> None:
    print("\nrecall_for_turn latency (ms) = query + embed + dense||lexical + rank + format")
    print("turn: context prepared while the user speaks, message embedded on the turn (the agent's path);"
          " cold: message and context embedded on the turn; cached: embeddings cached")
    print(f"dense query: {mode}; torch intra-op threads: {_torch_threads()}")
    header = (f"{'backend':<9} {'memories':>9} | {'turn p50':>8} {'p95':>6} {'p99':>6} | {'cold p50':>8} {'p95':>6}"
              f" | {'cached p50':>10} {'p95':>6} | {'embed':>6} {'dense':>6} {'lex':>6} {'rank':>6}"
              f" | {'insert/s':>9} {'RSS MB':>7}")
    print(header)
    print("-" * len(header))
    for backend, rows in results.items():
        for row in rows:
            turn, cold, warm = row["turn"], row["uncached"], row["cached"]
            stages = turn["stages_mean_ms"]
            rss = f"{row['rss_mb']:.0f}"
            if "postgres_server_rss_mb" in row:
                rss += f"+{row['postgres_server_rss_mb']:.0f}"
            print(
                f"{backend:<9} {row['n']:>9,} | {turn['p50']:>8.1f} {turn['p95']:>6.1f} {turn['p99']:>6.1f} |"
                f" {cold['p50']:>8.1f} {cold['p95']:>6.1f} | {warm['p50']:>10.1f} {warm['p95']:>6.1f} |"
                f" {stages.get('embed_ms', 0):>6.1f} {stages.get('dense_ms', 0):>6.1f}"
                f" {stages.get('lexical_ms', 0):>6.1f} {stages.get('rank_ms', 0):>6.1f} |"
                f" {row['n'] / max(row['insert_s'], 1e-9):>9,.0f} {rss:>7}"
            )
    print(f"(stage columns: mean ms of the turn pass; RSS: this process after the run"
          f" [+ PostgreSQL server processes]; process RSS before any store: {baseline_rss:.0f} MB)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="memories per user, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument("--queries", type=int, default=200, help="distinct recall turns per measurement")
    parser.add_argument("--database-url", default=None, help="use this PostgreSQL instead of a temporary one")
    parser.add_argument("--torch-threads", type=int, default=1,
                        help="torch intra-op threads for the query embedding (0 = leave torch's default)")
    parser.add_argument("--embedding-model", default=os.environ.get("LOCAL_EMBEDDING_MODEL", "all-MiniLM-L6-v2"),
                        help="local embedding model (LOCAL_EMBEDDING_MODEL; e.g. multilingual-e5-small)")
    parser.add_argument("--message-only", action="store_true",
                        help="dense query from the message alone (RagService(blend_context=False)): one embedding per turn")
    parser.add_argument("--without", help="stages switched off (rag_system.RetrievalConfig.stage_names()), "
                        "e.g. learned_fusion for the hand-set fusion, to compare costs side by side")
    parser.add_argument("--json", default=None, help="also write the results as JSON to this path")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
