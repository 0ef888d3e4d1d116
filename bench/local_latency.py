"""Local voice loop latency: end of the user's speech -> first reply audio,
with every part on this machine, and the resident memory of the whole stack.

    python -m bench.local_latency [--turns 12] [--tts piper|espeak] [--model GGUF]
                                  [--against KEY=VALUE ...]

Production settings and code: the llama.cpp server the agent starts (the
verified Qwen2.5-Coder-1.5B-Instruct unless --model), its instructions put
into the prompt cache at start (as ``agent.py`` does before the greeting),
the agent's LLM client (livekit-plugins-openai, ``build_llm``), real recall
over a SQLite store holding the user's memories, the Whisper STT plugin and
the local TTS plugin.

One turn, as the voice loop runs it after the VAD has cut the utterance:
``stt`` (Whisper on the espeak-ng spoken user sentence) -> ``recall`` (memory
block) -> ``llm first TTS chunk`` (request sent -> the first piece of text the
session's own tokenizer hands the TTS: LiveKit's sentence, or the first clause
with TTS_FIRST_CLAUSE, or its first TTS_FIRST_WORDS words) -> ``tts first
chunk`` (that piece synthesised). The sum is the time from end of speech to
first audio. The rest of the reply is streamed and kept in the history, so
later turns carry a growing conversation as they would. The
first turn is reported apart (``cold``); p50 / p95 are over the warm turns.
Per turn the server's log gives the prompt tokens it evaluated (what its
cache did not hold) and how fast. ``pause`` estimates the silence after the
first piece: the second piece's release plus its synthesis, against the end
of the first piece's audio; ``longest pause`` the longest such silence
between any two pieces of the reply.

``--against KEY=VALUE`` (settings fields, repeatable) runs a second stack
beside the product, its own llama.cpp server with those settings: both hear
the same words each turn and take turns going first, so a shared machine's
noise falls on both alike. E.g. ``--against tts_first_clause=false``,
``--against recall_short_dates=false`` or
``--against 'local_llm_server_args=--logits_all true'``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

UTTERANCES = [
    "Hi, my name is Alex and I live in Lisbon.",
    "I have a job interview on Friday and I am a bit nervous.",
    "What do you think I should wear to it?",
    "My sister Sara is coming to visit next week.",
    "Can you suggest something we could do together in Lisbon?",
    "I went hiking last weekend and my legs still hurt.",
    "Do you remember where I live?",
    "I think I will cook dinner for Sara on Saturday.",
    "What should I cook for her?",
    "Thanks, that sounds good. I am feeling better about the interview.",
    "Tell me something nice to end the day.",
    "What was my sister's name again?",
    "I might start learning the guitar.",
    "Good night, talk to you tomorrow.",
]
MEMORIES = [
    ("User's name is Alex.", "name"),
    ("User lives in Lisbon.", "location"),
    ("User works as a nurse at the city hospital.", "job"),
    ("User's sister is named Sara.", "relationship:sister"),
    ("User likes hiking in the mountains.", "likes:hiking"),
]


def espeak_frames(text: str) -> list[object]:
    from livekit import rtc

    wav = subprocess.run(["espeak-ng", "-v", "en-us", "--stdout", text], check=True, capture_output=True).stdout
    pcm = wav[44:]
    return [rtc.AudioFrame(pcm, sample_rate=22_050, num_channels=1, samples_per_channel=len(pcm) // 2)]


def rss_mb(pid: int) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 1e6


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Stack:
    """One llama.cpp server with its settings, LLM client and conversation."""

    name: str
    settings: Any
    process: Any
    log: Any
    llm: Any = None
    chat: Any = None
    rows: list[dict[str, float]] = field(default_factory=list)
    # Diagnostic (--against-plain-warm): warm-ups end with the exchange, not
    # with the next memory block's head (what the agent did before).
    plain_warm: bool = False

    def warm_context(self, ctx: Any, ahead: Any) -> Any:
        return ctx.copy() if self.plain_warm else ahead(ctx)


async def first_chunk_times(
    stream: Any, tokenizers: dict[str, Any], started: float
) -> tuple[str, dict[str, float], list[tuple[float, str]]]:
    """Stream the reply; returns its text, when each tokenizer released its
    first piece for the TTS (seconds after ``started``, key ``ttft`` for the
    first token), and the first tokenizer's pieces with their times."""
    times: dict[str, float] = {}
    spoken: list[tuple[float, str]] = []
    first = next(iter(tokenizers))
    streams = {name: tok.stream() for name, tok in tokenizers.items()}

    async def watch(name: str, chunks: Any) -> None:
        async for data in chunks:
            now = time.perf_counter() - started
            times.setdefault(name, now)
            if name == first:
                spoken.append((now, data.token.strip()))

    watchers = [asyncio.create_task(watch(name, chunks)) for name, chunks in streams.items()]
    text = ""
    async for chunk in stream:
        if chunk.delta and chunk.delta.content:
            times.setdefault("ttft", time.perf_counter() - started)
            text += chunk.delta.content
            for chunks in streams.values():
                chunks.push_text(chunk.delta.content)
            await asyncio.sleep(0)  # the watchers see a piece as soon as it is cut
    for chunks in streams.values():
        chunks.end_input()
    await asyncio.gather(*watchers)
    end = time.perf_counter() - started
    for name in [*tokenizers, "ttft"]:
        times.setdefault(name, end)
    times["reply_s"] = end
    return text, times, spoken or [(end, text.strip())]


async def synthesis_times(tts: Any, text: str) -> tuple[float, float, float]:
    """Seconds to the first audio, seconds to the last, and seconds of audio."""
    started = time.perf_counter()
    first_audio, audio_s = None, 0.0
    async with tts.synthesize(text or "Okay.") as audio:
        async for event in audio:
            first_audio = first_audio or time.perf_counter() - started
            audio_s += event.frame.samples_per_channel / event.frame.sample_rate
    return first_audio or 0.0, time.perf_counter() - started, audio_s


async def playback_pauses(tts: Any, pieces: list[tuple[float, str]]) -> tuple[float, list[float]]:
    """The first piece's synthesis time, and the silences between the reply's
    pieces (an estimate): LiveKit synthesises them one after the other, each
    once released, and plays each once the previous one has been played."""
    synthesised_at, played_until, pauses, first_tts_s = 0.0, None, [], 0.0
    for released_at, text in pieces:
        first_audio_s, done_s, audio_s = await synthesis_times(tts, text)
        started = max(released_at, synthesised_at)
        synthesised_at = started + done_s
        ready = started + first_audio_s
        if played_until is None:
            first_tts_s, plays_at = first_audio_s, ready
        else:
            plays_at = max(played_until, ready)
            pauses.append(plays_at - played_until)
        played_until = plays_at + audio_s
    return first_tts_s, pauses


async def run(args: argparse.Namespace) -> int:
    from livekit.agents import APIConnectOptions, llm as lk_llm

    from agent import ahead_of_next_turn, build_llm, recent_turn_texts, warm_llm_prefix
    from agent_prompts import (
        MEMORY_MESSAGE_ROLE,
        MEMORY_MESSAGE_TAG,
        build_instructions,
        format_memory_block,
    )
    from core.config import Settings
    from providers import selection
    from providers.llama_server import PromptEvalLog
    from providers.local_stack import LocalLLMProcess, server_config, warm_prompt_prefix
    from providers.speech_chunks import tts_sentence_tokenizer
    from rag_system import format_context
    from services.container import build_services

    workdir = Path(tempfile.mkdtemp(prefix="local-latency-"))
    common: dict[str, Any] = {"local_tts": args.tts, "companion_mode": "local", "sqlite_path": str(workdir / "bench.db"), "redis_url": None}
    if args.model:
        common["local_llm_model_path"] = args.model
    variants: dict[str, dict[str, str]] = {"product": {}}
    if args.against or args.against_plain_warm:
        variants["against"] = dict(item.split("=", 1) for item in args.against or [])

    stacks: list[Stack] = []
    for name, overrides in variants.items():
        base = Settings(_env_file=None, **{**common, **overrides})
        config = dataclasses.replace(server_config(base), log_path=workdir / f"llama-server-{name}.log")
        started = time.perf_counter()
        process = LocalLLMProcess(config, on_fatal=lambda error: None)
        url = process.start()
        ready_s = time.perf_counter() - started
        instructions = build_instructions(agent_name=base.agent_name, language=base.agent_language, profile_text=None, tools=False)
        warm_s = await warm_prompt_prefix(url, instructions, timeout_s=600)
        settings = selection.effective_settings(base.model_copy(update={"local_llm_url": url}), selection.choose_mode(base))
        stacks.append(Stack(name, settings, process, PromptEvalLog(config.log_path), plain_warm=name == "against" and args.against_plain_warm))
        print(f"# {name}: {' '.join(process.server.config.extra_args) or 'no extra server args'}; {overrides or 'product settings'}; "
              f"server ready {ready_s:.1f} s, instructions into the prompt cache {warm_s:.1f} s", flush=True)

    settings = stacks[0].settings
    load_started = time.perf_counter()
    stt = selection.load_local_stt(settings)
    tts = selection.load_local_tts(settings)
    speech_load_s = time.perf_counter() - load_started
    services = await build_services(settings)
    user_id = str(uuid.uuid4())
    await services.users.ensure_profile_exists(user_id)
    for content, key in MEMORIES:
        await services.memory.remember(user_id, content, key=key, importance=0.8)
    await services.batcher.flush()
    await services.rag.warm_user(user_id)
    profile_text = await services.profiles.profile_for_prompt(user_id)
    for stack in stacks:
        system = build_instructions(agent_name=stack.settings.agent_name, language=stack.settings.agent_language, profile_text=profile_text, tools=False)
        stack.llm = build_llm(stack.settings)
        stack.chat = lk_llm.ChatContext()
        stack.chat.add_message(role="system", content=system)
        # As the agent does while its greeting plays (LLM_WARM_PROMPT in local mode).
        warm_session_started = time.perf_counter()
        await warm_llm_prefix(stack.llm, stack.warm_context(stack.chat, ahead_of_next_turn), timeout_s=600)
        stack.log.since_last()
        print(f"# {stack.name}: session prompt (with profile) warmed {time.perf_counter() - warm_session_started:.1f} s", flush=True)
    print(f"# speech models loaded {speech_load_s:.1f} s", flush=True)

    clause_tokenizers = {"first_clause": tts_sentence_tokenizer(first_clause=True), "first_sentence": tts_sentence_tokenizer(first_clause=False)}
    for turn, utterance in enumerate(UTTERANCES[: args.turns]):
        frames = espeak_frames(utterance)
        t0 = time.perf_counter()
        heard = (await stt.recognize(frames)).alternatives[0].text.strip()  # type: ignore[arg-type]
        stt_s = time.perf_counter() - t0
        order = stacks[turn % len(stacks):] + stacks[: turn % len(stacks)]
        for stack in order:
            chat = stack.chat
            message = chat.add_message(role="user", content=heard)
            t_recall = time.perf_counter()
            recall = await services.rag.recall_for_turn(
                user_id, recent_turn_texts(chat, exclude=message), heard, stack.settings.recall_budget_ms, limit=stack.settings.recall_top_k
            )
            context_text = recall.context_text
            if bool(stack.settings.recall_short_dates) != services.rag.short_dates:
                # The services are shared: the other stack's dates as its own recall would write them.
                context_text = format_context(recall.memories, datetime.now(UTC), max_chars=services.rag.context_max_chars,
                                              short_dates=bool(stack.settings.recall_short_dates))
            turn_ctx = chat.copy()
            if context_text.strip():
                turn_ctx.insert(lk_llm.ChatMessage(role=MEMORY_MESSAGE_ROLE, content=[format_memory_block(context_text)], created_at=message.created_at - 1e-6, extra={MEMORY_MESSAGE_TAG: True}))
            recall_s = time.perf_counter() - t_recall
            # The session's own tokenizer first: its piece is the one spoken.
            product_chunking = "spoken"
            spoken = (
                tts_sentence_tokenizer(first_clause=True, first_words=stack.settings.tts_first_words)
                if selection.first_clause_enabled(stack.settings)
                else clause_tokenizers["first_sentence"]
            )
            tokenizers = {product_chunking: spoken, **clause_tokenizers}
            # The agent's session passes this timeout (SessionConnectOptions).
            sent = time.perf_counter()
            async with stack.llm.chat(chat_ctx=turn_ctx, conn_options=APIConnectOptions(timeout=stack.settings.llm_request_timeout_seconds)) as stream:
                text, times, pieces = await first_chunk_times(stream, tokenizers, sent)
            eval_tokens, eval_ms = stack.log.since_last()
            piece = pieces[0][1]
            tts_s, pauses = await playback_pauses(tts, pieces)
            pause_s, longest_pause_s = (pauses[0], max(pauses)) if pauses else (0.0, 0.0)
            chat.add_message(role="assistant", content=text.strip())
            # As the agent does once a reply is out (LLM_WARM_PROMPT): the exchange
            # is evaluated while the user talks. Untimed: the next user speaks meanwhile.
            warm_started = time.perf_counter()
            if stack.settings.llm_warm_prompt and not args.no_exchange_warm:
                await warm_llm_prefix(stack.llm, stack.warm_context(chat, ahead_of_next_turn), timeout_s=stack.settings.llm_request_timeout_seconds)
            warm_exchange_s = time.perf_counter() - warm_started
            warm_tokens, _ = stack.log.since_last()
            row = {
                "stt": stt_s, "recall": recall_s, "ttft": times["ttft"],
                "first_chunk": times[product_chunking], "after_token": times[product_chunking] - times["ttft"], "first_clause": times["first_clause"], "first_sentence": times["first_sentence"],
                "tts": tts_s, "pause": pause_s, "longest_pause": longest_pause_s, "total": stt_s + recall_s + times[product_chunking] + tts_s, "reply_s": times["reply_s"],
                "eval_tokens": eval_tokens, "eval_tps": eval_tokens / (eval_ms / 1000) if eval_ms else float("nan"),
                "warm_exchange": warm_exchange_s, "warm_tokens": warm_tokens,
            }
            stack.rows.append(row)
            print(f"turn {turn + 1:2d} {stack.name:8s}: total {row['total']:.2f} s  stt {stt_s:.2f}  recall {recall_s:.3f}  "
                  f"llm ttft {row['ttft']:.2f} ({eval_tokens} prompt tokens, {row['eval_tps']:.0f}/s)  first chunk {row['first_chunk']:.2f}  "
                  f"tts {tts_s:.2f}  pause after it {pause_s:.2f} (longest {longest_pause_s:.2f})  | heard {heard!r} -> {piece!r} | {text.strip()[len(piece):][:70]!r}", flush=True)

    rss_agent = rss_mb(os.getpid())
    print()
    print(f"command: {' '.join([os.path.basename(sys.executable), '-m', 'bench.local_latency', *sys.argv[1:]])}")
    print(f"model: {selection.local_llm_model_path(settings).name}; tts: {tts.provider}; stt: {stt.model}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rows_spec = (
        ("stt", "STT (Whisper tiny.en)", "s"), ("recall", "recall", "s"),
        ("eval_tokens", "prompt tokens evaluated (not in the cache)", "n"), ("eval_tps", "prompt evaluation speed, tokens/s", "n"),
        ("ttft", "LLM first token", "s"), ("first_clause", "LLM first clause (TTS_FIRST_CLAUSE)", "s"),
        ("first_sentence", "LLM first sentence (LiveKit's tokenizer)", "s"), ("first_chunk", "LLM first piece spoken (TTS_FIRST_WORDS)", "s"),
        ("after_token", "that piece after the first token (the wait the chunking adds)", "s"),
        ("tts", "TTS of that piece", "s"), ("pause", "pause after the first piece (estimate)", "s"),
        ("longest_pause", "longest pause between the reply's pieces (estimate)", "s"), ("total", "**end of speech -> first audio**", "s"), ("reply_s", "whole reply streamed", "s"),
        ("warm_exchange", "exchange warm-up after the reply (while the user speaks, not in the total)", "s"),
        ("warm_tokens", "tokens that warm-up evaluated", "n"),
    )
    print("| part | " + " | ".join(f"{s.name}: cold (turn 1) | {s.name}: warm p50 / p95" for s in stacks) + " |")
    print("|---|" + "---|---|" * len(stacks))
    for key, label, unit in rows_spec:
        cells = []
        for stack in stacks:
            values = [r[key] for r in stack.rows[1:]]
            fmt = (lambda v: f"{v:.2f} s") if unit == "s" else (lambda v: f"{v:.0f}")
            cells.append(f"{fmt(stack.rows[0][key])} | {fmt(statistics.median(values))} / {fmt(pct(values, 0.95))}" if values else "- | -")
        print(f"| {label} | " + " | ".join(cells) + " |")
    if len(stacks) == 2:
        a, b = ([r["total"] for r in s.rows[1:]] for s in stacks)
        print(f"product / against, end of speech -> first audio: p50 {statistics.median(a) / statistics.median(b):.2f}, p95 {pct(a, 0.95) / pct(b, 0.95):.2f}")
    for stack in stacks:
        server_pid = stack.process.server.pid
        rss_server = rss_mb(server_pid) if server_pid else float("nan")
        print(f"RSS {stack.name}: llama.cpp server {rss_server:.0f} MB + agent process (Whisper, TTS, MiniLM, services{', both stacks' if len(stacks) > 1 else ''}) {rss_agent:.0f} MB = {rss_server + rss_agent:.0f} MB")
    for stack in stacks:
        await stack.llm.aclose()
    await stt.aclose()
    await tts.aclose()
    await services.aclose()
    for stack in stacks:
        stack.process.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--tts", choices=["auto", "piper", "espeak"], default="auto")
    parser.add_argument("--model", default=None, help="a GGUF instead of the fetched Qwen model")
    parser.add_argument("--against", action="append", metavar="KEY=VALUE",
                        help="a settings field for a second stack run beside the product (repeatable)")
    parser.add_argument("--against-plain-warm", action="store_true",
                        help="diagnostic: the second stack's warm-ups stop at the exchange, without the next memory block's head")
    parser.add_argument("--no-exchange-warm", action="store_true",
                        help="diagnostic: skip the warm-up after each reply (what the agent did before it had one)")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
