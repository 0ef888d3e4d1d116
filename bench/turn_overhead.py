"""Turn overhead: the time the agent adds between the end of a user turn and
the LLM request, with a large memory (10k memories for one user, SQLite).

    python -m bench.turn_overhead [--memories 10000] [--turns 200] [--budget-ms 150] [--redis URL]
                                  [--data-dir bench/results]

What is measured: ``CompanionAgent.on_user_turn_completed`` (the safety
screen) followed by ``add_recall_to_turn`` (what ``llm_node`` does before the
LLM request), timed directly: what a turn waits for when no preemptive draft
has already recalled for it. That is recall under the budget (query embedding,
dense + lexical search, ranking, formatting) plus building the memory
message. Nothing else the agent does sits on that path; recording and
extraction run in background tasks afterwards and are not measured here.

Two phases: ``fresh`` questions (never asked before: the query embedding is
computed) and ``repeat`` questions (asked again: the embedding comes from the
cache). The memories are real MiniLM embeddings of generated sentences,
written straight to the store in batches (the write path is not what is
measured). Results are printed, with the command that produced them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PEOPLE = ["my sister Lena", "my brother Tom", "my friend Aisha", "my boss Carla", "my neighbour Raj",
          "my mother", "my father", "my cousin Ivo", "my partner Sam", "my colleague Ben"]
ACTIVITIES = ["went hiking", "cooked dinner", "watched a film", "played tennis", "visited a museum",
              "went swimming", "read a novel", "planted tomatoes", "fixed the bike", "baked bread",
              "went to a concert", "painted the fence", "learned a song on guitar", "ran 10k",
              "went birdwatching", "tried a new cafe", "built a bookshelf", "went camping"]
PLACES = ["in Lisbon", "at the lake", "in the city centre", "at home", "in the mountains",
          "by the river", "in Berlin", "at the park", "near the office", "at the beach",
          "in the old town", "on the island"]
QUESTION_TOPICS = ["hiking", "my sister", "dinner", "tennis", "the museum", "swimming", "tomatoes",
                   "the bike", "bread", "a concert", "the fence", "guitar", "running", "birds",
                   "a cafe", "bookshelf", "camping", "Lisbon", "the lake", "Berlin", "my boss",
                   "my partner", "the beach", "the island", "my cousin"]
QUESTION_FORMS = ["What did I tell you about {}?", "Do you remember anything about {}?",
                  "When was the last time I mentioned {}?", "Remind me what happened with {}.",
                  "Was there something about {} last month?", "Any ideas related to {}?",
                  "Who was with me for {}?", "How did {} go?"]


def memory_sentences(count: int) -> list[str]:
    """``count`` distinct, plausible memory sentences."""
    sentences: list[str] = []
    index = 0
    while len(sentences) < count:
        person = PEOPLE[index % len(PEOPLE)]
        activity = ACTIVITIES[(index // len(PEOPLE)) % len(ACTIVITIES)]
        place = PLACES[(index // (len(PEOPLE) * len(ACTIVITIES))) % len(PLACES)]
        round_ = index // (len(PEOPLE) * len(ACTIVITIES) * len(PLACES))
        suffix = f" (time {round_ + 1})" if round_ else ""
        sentences.append(f"The user {activity} with {person} {place}{suffix}.")
        index += 1
    return sentences


def questions(count: int, offset: int = 0) -> list[str]:
    found = []
    for i in range(count):
        j = i + offset
        topic = QUESTION_TOPICS[j % len(QUESTION_TOPICS)]
        form = QUESTION_FORMS[(j // len(QUESTION_TOPICS)) % len(QUESTION_FORMS)]
        cycle = j // (len(QUESTION_TOPICS) * len(QUESTION_FORMS))
        text = form.format(topic)
        found.append(text if not cycle else f"{text} ({cycle})")
    return found


async def seed_memories(services: Any, user_id: str, count: int) -> float:
    """Embed and write ``count`` memories; returns seconds taken."""
    from core.models import Memory, MemoryKind, MemorySource, utcnow

    started = time.perf_counter()
    texts = memory_sentences(count)
    await services.users.ensure_profile_exists(user_id)
    store = services.memory.store
    now = utcnow()
    batch = 500
    for start in range(0, count, batch):
        chunk = texts[start : start + batch]
        vectors = await services.memory.embedder.embed_documents(chunk)
        rows = [
            Memory(
                user_id=user_id,
                content=text,
                kind=MemoryKind.EVENT,
                importance=0.3 + 0.5 * ((start + i) % 7) / 6,
                embedding=vectors[i],
                source=MemorySource.IMPORT,
                occurred_at=now - timedelta(hours=start + i),
            )
            for i, text in enumerate(chunk)
        ]
        await store.add_memories(rows)
        print(f"  seeded {min(start + batch, count):>6}/{count}", end="\r", flush=True)
    print()
    return time.perf_counter() - started


async def time_turns(agent: Any, texts: list[str], rag: Any = None) -> tuple[list[float], int]:
    """Milliseconds of on_user_turn_completed + recall per turn, and how many
    turns got a memory block.

    Between turns it waits for a recall that overran its budget to finish, as
    the seconds of a spoken reply allow in a real conversation; back-to-back
    turns would instead measure late recalls competing with the next one.
    """
    from livekit.agents import llm

    timings: list[float] = []
    with_block = 0
    history = llm.ChatContext.empty()
    history.add_message(role="assistant", content="Hi! How was your week?")
    for text in texts:
        turn_ctx = history.copy()
        message = llm.ChatMessage(role="user", content=[text])
        started = time.perf_counter()
        await agent.on_user_turn_completed(turn_ctx, message)
        await agent.add_recall_to_turn(turn_ctx, message)
        timings.append((time.perf_counter() - started) * 1000)
        with_block += len(turn_ctx.items) > len(history.items)
        if rag is not None:
            await rag.wait_pending(timeout=2.0)
    return timings, with_block


def describe(name: str, timings: list[float], with_block: int) -> str:
    ordered = sorted(timings)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"{name:<7} turns={len(ordered):>4}  p50={p50:7.2f} ms  p95={p95:7.2f} ms  "
        f"max={ordered[-1]:7.2f} ms  with_memory_block={with_block}/{len(ordered)}"
    )


async def run(args: argparse.Namespace) -> int:
    from agent import CompanionAgent, SessionIdentity
    from core.config import Settings
    from core.models import new_id
    from services.container import build_services

    # Seeding 10k embeddings takes minutes on a small machine; the seeded
    # database is kept (git-ignored) and reused when it already holds them.
    workdir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="companion-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / f"turn_overhead_{args.memories}.db"
    user_file = workdir / f"turn_overhead_{args.memories}.user"
    settings = Settings(
        _env_file=None,
        sqlite_path=str(db_path),
        redis_url=args.redis,
        embedding_provider="local",
        recall_budget_ms=args.budget_ms,
        llm_extraction_enabled=False,
    )
    services = await build_services(settings)
    user_id = user_file.read_text().strip() if user_file.exists() else new_id()
    try:
        held = await services.memory.store.count_memories(user_id)
        if held == args.memories:
            print(f"reusing {db_path} ({held} memories for one user)")
        else:
            print(f"seeding {args.memories} memories for one user (MiniLM embeddings, SQLite) ...")
            if held:  # an interrupted earlier run: start over
                await services.memory.store.delete_memories(user_id, all_memories=True)
            seconds = await seed_memories(services, user_id, args.memories)
            user_file.write_text(user_id)
            held = await services.memory.store.count_memories(user_id)
            print(f"  done in {seconds:.1f} s; store holds {held}")

        agent = CompanionAgent(settings, services, SessionIdentity(user_id))
        await time_turns(agent, questions(5, offset=10_000), services.rag)  # warm-up: model, index, caches
        agent.timings.recall_timeouts = 0

        fresh_questions = questions(args.turns)
        fresh, fresh_blocks = await time_turns(agent, fresh_questions, services.rag)
        repeat, repeat_blocks = await time_turns(agent, fresh_questions[: max(1, args.turns // 2)], services.rag)

        print()
        print("Turn overhead = on_user_turn_completed + add_recall_to_turn (screen, recall, memory message),")
        print(f"i.e. what the agent adds before the LLM request. {args.memories} memories, SQLite,")
        print(f"recall budget {args.budget_ms} ms, cache {'Redis ' + args.redis if args.redis else 'in-process'}.")
        print(describe("fresh", fresh, fresh_blocks))
        print(describe("repeat", repeat, repeat_blocks))
        print(f"recall budget overruns (reply went on without waiting): {agent.timings.recall_timeouts}")
        rag = services.rag.stats()
        print(f"rag service counters: recalls={rag.get('recalls')} timeouts={rag.get('timeouts')} "
              f"carried_over={rag.get('carried_over')}")
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
        print()
        command = "python -m bench.turn_overhead " + " ".join(sys.argv[1:])
        print(f"reproduce: {command.strip()}")
    finally:
        await services.rag.aclose()  # recalls that missed the budget finish first
        await services.aclose()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--memories", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--budget-ms", type=int, default=150)
    parser.add_argument("--redis", default=None, help="Redis URL (default: in-process cache)")
    parser.add_argument(
        "--data-dir", default="bench/results", help="where the seeded database is kept and reused"
    )
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
