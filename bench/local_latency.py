"""Local voice loop latency: end of the user's speech -> first reply audio,
with every part on this machine, and the resident memory of the whole stack.

    python -m bench.local_latency [--turns 12] [--tts piper|espeak] [--model GGUF]

Production settings and code: the llama.cpp server the agent starts (the
verified Qwen2.5-Coder-1.5B-Instruct unless --model), its instructions put
into the prompt cache at start (as ``agent.py`` does before the greeting),
the agent's LLM client (livekit-plugins-openai, ``build_llm``), real recall
over a SQLite store holding the user's memories, the Whisper STT plugin and
the local TTS plugin.

One turn, as the voice loop runs it after the VAD has cut the utterance:
``stt`` (Whisper on the espeak-ng spoken user sentence) -> ``recall`` (memory
block) -> ``llm first sentence`` (request sent -> first complete sentence
streamed; LiveKit hands the TTS one sentence at a time) -> ``tts first
sentence`` (that sentence synthesised). The sum is the time from end of
speech to first audio. The rest of the reply is streamed and kept in the
history, so later turns carry a growing conversation as they would. The
first turn is reported apart (``cold``); p50 / p95 are over the warm turns.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
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
SENTENCE_END = re.compile(r"[.!?](\s|$)")


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


async def run(args: argparse.Namespace) -> int:
    from livekit.agents import APIConnectOptions, llm as lk_llm

    from agent import build_llm, recent_turn_texts, warm_llm_prefix
    from agent_prompts import (
        MEMORY_MESSAGE_ROLE,
        MEMORY_MESSAGE_TAG,
        build_instructions,
        format_memory_block,
    )
    from core.config import Settings
    from providers import selection
    from providers.local_stack import LocalLLMProcess, server_config
    from services.container import build_services

    workdir = Path(tempfile.mkdtemp(prefix="local-latency-"))
    overrides: dict[str, Any] = {"local_tts": args.tts}
    if args.model:
        overrides["local_llm_model_path"] = args.model
    base = Settings(_env_file=None, companion_mode="local", sqlite_path=str(workdir / "bench.db"), redis_url=None, **overrides)
    instructions = build_instructions(agent_name=base.agent_name, language=base.agent_language, profile_text=None, tools=False)

    started = time.perf_counter()
    process = LocalLLMProcess(server_config(base), on_fatal=lambda error: None)
    url = process.start()
    ready_s = time.perf_counter() - started
    from providers.local_stack import warm_prompt_prefix

    warm_s = await warm_prompt_prefix(url, instructions, timeout_s=600)
    base = base.model_copy(update={"local_llm_url": url})
    settings = selection.effective_settings(base, selection.choose_mode(base))

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
    system = build_instructions(agent_name=settings.agent_name, language=settings.agent_language, profile_text=profile_text, tools=False)
    llm = build_llm(settings)
    chat = lk_llm.ChatContext()
    chat.add_message(role="system", content=system)
    # As the agent does while its greeting plays (LLM_WARM_PROMPT in local mode).
    warm_session_started = time.perf_counter()
    await warm_llm_prefix(llm, chat.copy(), timeout_s=600)
    warm_session_s = time.perf_counter() - warm_session_started

    rows: list[dict[str, float]] = []
    print(f"# server ready {ready_s:.1f} s, instructions into the prompt cache {warm_s:.1f} s, speech models loaded {speech_load_s:.1f} s, "
          f"session prompt (with profile) warmed {warm_session_s:.1f} s", flush=True)
    for turn, utterance in enumerate(UTTERANCES[: args.turns]):
        frames = espeak_frames(utterance)
        t0 = time.perf_counter()
        heard = (await stt.recognize(frames)).alternatives[0].text.strip()  # type: ignore[arg-type]
        t_stt = time.perf_counter()
        message = chat.add_message(role="user", content=heard)
        recall = await services.rag.recall_for_turn(
            user_id, recent_turn_texts(chat, exclude=message), heard, settings.recall_budget_ms, limit=settings.recall_top_k
        )
        turn_ctx = chat.copy()
        if recall.context_text.strip():
            turn_ctx.insert(lk_llm.ChatMessage(role=MEMORY_MESSAGE_ROLE, content=[format_memory_block(recall.context_text)], created_at=message.created_at - 1e-6, extra={MEMORY_MESSAGE_TAG: True}))
        t_recall = time.perf_counter()
        text, t_first_token, t_first_sentence = "", None, None
        # The agent's session passes this timeout (SessionConnectOptions).
        async with llm.chat(chat_ctx=turn_ctx, conn_options=APIConnectOptions(timeout=settings.llm_request_timeout_seconds)) as stream:
            async for chunk in stream:
                if chunk.delta and chunk.delta.content:
                    if t_first_token is None:
                        t_first_token = time.perf_counter()
                    text += chunk.delta.content
                    if t_first_sentence is None and SENTENCE_END.search(text):
                        t_first_sentence = time.perf_counter()
                        first_sentence = text[: SENTENCE_END.search(text).end()].strip()  # type: ignore[union-attr]
        t_end = time.perf_counter()
        if t_first_sentence is None:
            t_first_sentence, first_sentence = t_end, text.strip()
        tts_started = time.perf_counter()
        async with tts.synthesize(first_sentence or "Okay.") as audio:
            async for _ in audio:
                break
        t_audio = time.perf_counter()
        chat.add_message(role="assistant", content=text.strip())
        # As the agent does once a reply is out (LLM_WARM_PROMPT): the exchange
        # is evaluated while the user talks. Untimed: the next user speaks meanwhile.
        warm_started = time.perf_counter()
        if settings.llm_warm_prompt and not args.no_exchange_warm:
            await warm_llm_prefix(llm, chat.copy(), timeout_s=settings.llm_request_timeout_seconds)
        warm_exchange_s = time.perf_counter() - warm_started
        row = {
            "warm_exchange": warm_exchange_s,
            "stt": t_stt - t0,
            "recall": t_recall - t_stt,
            "ttft": (t_first_token or t_end) - t_recall,
            "first_sentence": t_first_sentence - t_recall,
            "tts": t_audio - tts_started,
            "total": (t_stt - t0) + (t_recall - t_stt) + (t_first_sentence - t_recall) + (t_audio - tts_started),
            "reply_s": t_end - t_recall,
        }
        rows.append(row)
        print(f"turn {turn + 1:2d}: total {row['total']:.2f} s  stt {row['stt']:.2f}  recall {row['recall']:.3f}  "
              f"llm ttft {row['ttft']:.2f}  first sentence {row['first_sentence']:.2f}  tts {row['tts']:.2f}  | heard {heard!r} -> {text.strip()[:90]!r}", flush=True)

    server_pid = process.server.pid
    rss_server = rss_mb(server_pid) if server_pid else float("nan")
    rss_agent = rss_mb(os.getpid())
    warm = rows[1:]
    print()
    print(f"command: {' '.join([os.path.basename(sys.executable), '-m', 'bench.local_latency', *sys.argv[1:]])}")
    print(f"model: {selection.local_llm_model_path(settings).name}; tts: {tts.provider}; stt: {stt.model}; load average {os.getloadavg()[0]:.1f}")
    print("| part | cold (turn 1) | warm p50 | warm p95 |")
    print("|---|---|---|---|")
    for key, label in (("stt", "STT (Whisper tiny.en)"), ("recall", "recall"), ("ttft", "LLM first token"),
                       ("first_sentence", "LLM first sentence"), ("tts", "TTS first sentence"), ("total", "**end of speech -> first audio**"), ("reply_s", "whole reply streamed"),
                       ("warm_exchange", "exchange warm-up after the reply (while the user speaks, not in the total)")):
        values = [r[key] for r in warm]
        print(f"| {label} | {rows[0][key]:.2f} s | {statistics.median(values):.2f} s | {pct(values, 0.95):.2f} s |")
    print(f"RSS: llama.cpp server {rss_server:.0f} MB + agent process (Whisper, TTS, MiniLM, services) {rss_agent:.0f} MB = {rss_server + rss_agent:.0f} MB")
    await llm.aclose()
    await stt.aclose()
    await tts.aclose()
    await services.aclose()
    process.stop()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--tts", choices=["auto", "piper", "espeak"], default="auto")
    parser.add_argument("--model", default=None, help="a GGUF instead of the fetched Qwen model")
    parser.add_argument("--no-exchange-warm", action="store_true",
                        help="diagnostic: skip the warm-up after each reply (what the agent did before it had one)")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
