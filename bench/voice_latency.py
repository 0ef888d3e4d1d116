"""Voice latency: end of the user's voiced audio -> first frame of the reply's audio.

    python -m bench.voice_latency [--turns 20] [--memories 200] [--modes all] [--local]

Sound goes through the product path: espeak-ng speech played at real time into
the real AgentSession (silero VAD, LiveKit's turn detector or VAD-only
endpointing, the livekit OpenAI STT/TTS plugins over HTTP) and the reply's
audio is timed as it reaches the output. The OpenAI-compatible stand-in
answers at once (pocketsphinx for STT, a fixed LLM reply, espeak-ng for TTS),
so what remains is the pipeline's floor plus what the project adds.

Modes (each a fresh session on one warm worker process, as after prewarm):
  companion+td   CompanionAgent (recall, memory block) with the turn detector
  floor+td       a plain livekit Agent (nothing of ours) with the turn detector
  companion+vad  CompanionAgent, end of turn by VAD silence only
  floor+vad      plain Agent, VAD only
Each mode runs with LiveKit's preemptive generation on ("pre") and off ("wait"),
one after the other (--preemptive on,off): with it on the reply, recall included,
is drafted on the final transcript while the end of turn is still being decided,
and kept when the turn ends with the same words ("kept" row: turns answered by
the draft; for the floor, turns LiveKit did not log as invalidated).
The project's own share is companion minus floor, side by side in one run.
--local runs the sessions on the local stack instead (no keys: the agent's
llama.cpp server, Whisper, Piper or espeak-ng), the user's memories being the
seven facts below.
Per turn LiveKit's ChatMessage.metrics give the breakdown; recall is timed by
the agent itself. "turn 1" vs "turn 10" shows whether the first turn of a
fresh session pays for anything the later ones do not.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


from bench.recall_latency import percentiles

SENTENCES = [  # each recognised from espeak-ng's speech (SentenceRecognizer.unheard)
    "Tell me about my sister.",
    "What did I say about hiking?",
    "What should I cook for dinner tonight?",
    "Where does my sister live?",
    "What are my plans for Friday?",
    "How is my sister doing?",
    "What did I do last weekend?",
    "What is my favorite food?",
    "Remind me what I do on Tuesdays.",
]
REPLY = "Sure, let me think about that."
MEMORIES = [
    "Works as a nurse at the city hospital",
    "Has a sister named Lena who lives in Berlin",
    "Went hiking in the mountains last month",
    "Favourite food is lentil soup",
    "Likes to cook on Sunday evenings",
    "Has a job interview on Friday",
    "Plays tennis with Tom on Tuesdays",
]
USER_METRICS = ("transcription_delay", "end_of_turn_delay", "on_user_turn_completed_delay")
REPLY_METRICS = ("llm_node_ttft", "tts_node_ttfb", "e2e_latency")


@dataclass
class ModeResult:
    name: str
    latency_ms: list[float] = field(default_factory=list)
    metrics_ms: dict[str, list[float]] = field(default_factory=dict)
    recall_ms: list[float] = field(default_factory=list)
    missed: int = 0
    # Turns answered by LiveKit's preemptive draft (None: preemptive generation off).
    preemptive_kept: int | None = None


class InvalidatedDrafts(logging.Handler):
    """Counts LiveKit's warning that a preemptive draft was thrown away because
    on_user_turn_completed changed the turn (how the floor's kept share is known)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage().startswith("preemptive generation invalidated")


def pct(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0.5 or 0.95) of ``values``; None when empty."""
    return percentiles(values)[f"p{round(q * 100)}"] if values else None


async def run_modes(args: argparse.Namespace, world: dict[str, Any], stack: str) -> list[Any]:
    """Every mode the command asked for, with preemptive generation on and/or off."""
    results = []
    for mode in args.modes:
        for preemptive in args.preemptive:
            where = f", {stack}" if stack else ""
            print(f"running {mode} preemptive={preemptive} ({args.turns} turns{where})...", file=sys.stderr)
            results.append(await run_mode(mode, preemptive, args, world))
    return results


async def run_mode(name: str, preemptive: bool, args: argparse.Namespace, world: dict[str, Any]) -> ModeResult:
    from livekit.agents import Agent, llm as lk_llm

    from agent import CompanionAgent, SessionIdentity, build_agent_session
    from tests.support.audio_io import Microphone, Speaker
    from tests.support.speech import voiced_seconds

    companion = name.startswith("companion")
    settings = world["settings"].model_copy(update={"preemptive_generation": preemptive})
    services = world["services"]
    turn_detection = world["turn_detector"] if name.endswith("+td") else "vad"
    agent: Any = (
        CompanionAgent(settings, services, SessionIdentity(world["user_id"]))
        if companion
        else Agent(instructions="You are a friendly companion.")
    )
    session = build_agent_session(settings, services, vad=world["vad"], turn_detector=turn_detection)
    microphone, speaker = Microphone(), Speaker()
    session.input.audio = microphone
    session.output.audio = speaker
    result = ModeResult(f"{name} {'pre' if preemptive else 'wait'}")
    invalidated = InvalidatedDrafts()
    logging.getLogger("livekit.agents").addHandler(invalidated)

    def on_item(event: Any) -> None:
        item = event.item
        if not isinstance(item, lk_llm.ChatMessage):
            return
        keys = USER_METRICS if item.role == "user" else REPLY_METRICS if item.role == "assistant" else ()
        for key in keys:
            value = item.metrics.get(key)
            if isinstance(value, (int, float)):
                result.metrics_ms.setdefault(key, []).append(value * 1000)

    session.on("conversation_item_added", on_item)
    await session.start(agent)
    if not companion:
        await session.say("Hello, I am here.")  # the floor greets too
    first = await speaker.next_segment(0, 60)
    await first.finished.wait()
    for turn in range(args.turns):
        sentence = SENTENCES[turn % len(SENTENCES)]
        samples = world["speech"][sentence]
        utterance = microphone.say(samples)
        await utterance.done.wait()
        assert utterance.started_at is not None
        voice_end = utterance.started_at + voiced_seconds(samples, microphone.sample_rate)
        try:
            segment = await speaker.next_segment(len(result.latency_ms) + 1, args.reply_timeout)
        except TimeoutError:
            # Not heard (the grammar search lost the sentence): no reply to time.
            result.missed += 1
            print(f"  {result.name}: turn {turn + 1} got no reply", file=sys.stderr)
            continue
        assert segment.first_frame_at is not None
        result.latency_ms.append((segment.first_frame_at - voice_end) * 1000)
        await segment.finished.wait()
        await asyncio.sleep(0.4)  # the user takes a breath
    await session.aclose()
    logging.getLogger("livekit.agents").removeHandler(invalidated)
    if companion:
        result.recall_ms = list(agent.timings.recall_ms)
        await agent.end_user_session()
    if preemptive:
        result.preemptive_kept = (
            agent.timings.preemptive_kept if companion else len(result.latency_ms) - invalidated.count
        )
    return result


async def main_local(args: argparse.Namespace) -> None:
    """--local: the same sessions on the local stack with no keys (llama.cpp,
    Whisper, Piper or espeak-ng), as ``scripts/run_agent.sh`` runs it."""
    from agent import load_turn_detector, load_vad
    from agent_prompts import build_instructions
    from core.config import Settings
    from providers import selection
    from providers.local_stack import LocalLLMProcess, server_config
    from services.container import build_services
    from services.embedding_service import preload_local_embedding_model
    from tests.support.speech import speak

    data_dir = Path(tempfile.mkdtemp(prefix="voice-latency-local-"))
    base = Settings(_env_file=None, companion_mode="local", sqlite_path=str(data_dir / "companion.db"), redis_url=None)
    config = dataclasses.replace(server_config(base), log_path=data_dir / "llama-server.log")
    process = LocalLLMProcess(config, on_fatal=lambda error: None)
    # As agent.main does: the instructions are in the prompt cache before any session.
    url = process.start(warm_instructions=build_instructions(
        agent_name=base.agent_name, language=base.agent_language, profile_text=None, tools=False))
    try:
        settings = selection.effective_settings(base.model_copy(update={"local_llm_url": url}), selection.choose_mode(base))
        started = time.perf_counter()
        world: dict[str, Any] = {"vad": load_vad(), "turn_detector": load_turn_detector()}
        preload_local_embedding_model(settings)
        prewarm_s = time.perf_counter() - started
        services = await build_services(settings)
        user_id = str(uuid.uuid4())
        for text in MEMORIES[: args.memories]:
            await services.memory.remember(user_id, text, kind="fact")
        world.update(settings=settings, services=services, user_id=user_id, speech={s: speak(s) for s in SENTENCES})
        results = await run_modes(args, world, "local")
        await services.aclose()
    finally:
        process.stop()
    report(results, args, prewarm_s)


async def main_async(args: argparse.Namespace) -> None:
    from agent import load_turn_detector, load_vad
    from core.config import Settings
    from services.container import build_services
    from services.embedding_service import preload_local_embedding_model
    from tests.support.openai_server import OpenAIStandIn
    from tests.support.servers import RedisServer
    from tests.support.speech import SentenceRecognizer, speak

    recognizer = SentenceRecognizer(SENTENCES)
    if unheard := recognizer.unheard():
        raise SystemExit(f"the recogniser cannot hear {unheard}: change SENTENCES")
    speech = {s: speak(s) for s in SENTENCES}
    redis = RedisServer().start()
    data_dir = Path(tempfile.mkdtemp(prefix="voice-latency-"))
    try:
        async with OpenAIStandIn(
            default_reply=REPLY,
            synthesize=lambda text, rate: speak(text, rate).tobytes(),
            recognize=recognizer.recognize_wav,
        ) as stand_in:
            settings = Settings(
                _env_file=None,
                sqlite_path=str(data_dir / "companion.db"),
                redis_url=redis.url,
                openai_base_url=stand_in.base_url,
                openai_api_key=SecretStr("bench"),
                tts_provider="openai",
            )
            # What agent.prewarm does in a worker process before any job.
            started = time.perf_counter()
            world: dict[str, Any] = {"vad": load_vad(), "turn_detector": load_turn_detector()}
            if not args.no_prewarm:
                preload_local_embedding_model(settings)
            prewarm_s = time.perf_counter() - started
            # The user's memories are written by other services (the PyTorch
            # path of the same model), so the session's own embedder starts
            # as a new job's would: only what prewarm loaded is loaded.
            seeding = await build_services(settings.model_copy(update={"embedding_onnx": False}))
            user_id = str(uuid.uuid4())
            for text in MEMORIES[: args.memories] + [
                f"Mentioned an errand number {i} about the garden" for i in range(max(0, args.memories - len(MEMORIES)))
            ]:
                await seeding.memory.remember(user_id, text, kind="fact")
            await seeding.aclose()
            services = await build_services(settings)
            world.update(settings=settings, services=services, user_id=user_id, speech=speech)
            results = await run_modes(args, world, "")
            await services.aclose()
    finally:
        redis.kill()
    report(results, args, prewarm_s)


def report(results: list[ModeResult], args: argparse.Namespace, prewarm_s: float) -> None:
    def cell(values: list[float], q: float) -> str:
        value = pct(values, q)
        return "-" if value is None else f"{value:.0f}"

    print(f"\n`python -m bench.voice_latency {' '.join(sys.argv[1:])}`".rstrip())
    print(f"prewarm (VAD + turn detector{'' if args.no_prewarm else ' + embedding model'}): {prewarm_s:.1f} s\n")
    keys = ["voice end -> first audio", *USER_METRICS, *REPLY_METRICS, "recall"]
    print("| ms, p50 / p95 | " + " | ".join(r.name for r in results) + " |")
    print("|---|" + "---|" * len(results))
    for key in keys:
        row = []
        for r in results:
            values = (
                r.latency_ms if key == "voice end -> first audio" else r.recall_ms if key == "recall" else r.metrics_ms.get(key, [])
            )
            row.append(f"{cell(values, 0.5)} / {cell(values, 0.95)}" if values else "-")
        print(f"| {key} | " + " | ".join(row) + " |")
    print("| turn 1 / turn 10 | " + " | ".join(
        f"{r.latency_ms[0]:.0f} / {r.latency_ms[9]:.0f}" if len(r.latency_ms) >= 10 else "-" for r in results
    ) + " |")
    print("| turns measured (missed) | " + " | ".join(f"{len(r.latency_ms)} ({r.missed})" for r in results) + " |")
    print("| preemptive replies kept | " + " | ".join(
        "-" if r.preemptive_kept is None else f"{r.preemptive_kept}/{len(r.latency_ms)}" for r in results
    ) + " |")
    by_name = {r.name: r for r in results}
    for suffix in ("+td", "+vad"):
        for variant in ("pre", "wait"):
            ours, floor = by_name.get(f"companion{suffix} {variant}"), by_name.get(f"floor{suffix} {variant}")
            if ours and floor and ours.latency_ms and floor.latency_ms:
                p50 = statistics.median(ours.latency_ms) - statistics.median(floor.latency_ms)
                p95 = (pct(ours.latency_ms, 0.95) or 0) - (pct(floor.latency_ms, 0.95) or 0)
                hook = ours.metrics_ms.get("on_user_turn_completed_delay", [])
                print(
                    f"project's share ({suffix[1:]}, {variant}): e2e companion - floor = {p50:+.0f} ms p50, "
                    f"{p95:+.0f} ms p95; on_user_turn_completed_delay p95 {cell(hook, 0.95)} ms"
                )
    for prefix in ("companion", "floor"):
        for suffix in ("+td", "+vad"):
            on, off = by_name.get(f"{prefix}{suffix} pre"), by_name.get(f"{prefix}{suffix} wait")
            if on and off and on.latency_ms and off.latency_ms:
                print(
                    f"preemptive generation ({prefix}{suffix}): e2e pre - wait = "
                    f"{statistics.median(on.latency_ms) - statistics.median(off.latency_ms):+.0f} ms p50, "
                    f"{(pct(on.latency_ms, 0.95) or 0) - (pct(off.latency_ms, 0.95) or 0):+.0f} ms p95"
                )
    print(f"load average at the start: {args.load_at_start}; at the end: {load_average()}")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--memories", type=int, default=200)
    parser.add_argument(
        "--modes", default="all", help="comma-separated: companion+td,floor+td,companion+vad,floor+vad"
    )
    parser.add_argument("--no-prewarm", action="store_true", help="do not load the embedding model up front")
    parser.add_argument(
        "--local", action="store_true",
        help="the local stack with no keys (llama.cpp, Whisper, local TTS) instead of the instant stand-in",
    )
    parser.add_argument(
        "--preemptive", default="on,off", help="preemptive generation variants to run per mode: on,off | on | off"
    )
    args = parser.parse_args(argv)
    args.reply_timeout = 60 if args.local else 15
    args.load_at_start = load_average()
    args.preemptive = [{"on": True, "off": False}[v] for v in args.preemptive.split(",")]
    args.modes = (
        ["companion+td", "floor+td", "companion+vad", "floor+vad"] if args.modes == "all" else args.modes.split(",")
    )
    logging.basicConfig(level=logging.ERROR)  # LiveKit's per-request warnings would drown the table
    asyncio.run(main_local(args) if args.local else main_async(args))


if __name__ == "__main__":
    main()
