"""The LLM extractor of local mode, for ``bench.retrieval --extractor llm``.

The local llama.cpp server is started by the agent's own supervisor
(``providers.local_stack``), with the Settings the agent reads (LOCAL_LLM_*),
unless a running one is given. The settings are the agent's in local mode
(``selection.effective_settings``: the structured-output style, the model
alias, the extraction timeout); the write path then runs the rules at once
and the LLM pass at each session's end (``bench.product_path.replay``).

Only memory extraction gets the model. Handed to ``build_services``, it would
also write each session's summary at its end (a prompt of up to 12,000
characters, minutes on a CPU), which recall never reads.

``ExtractionTally`` counts what each extractor did: LLM calls, failures
(timeouts among them), mean seconds per call, the memories each wrote, how
many of the LLM's active memories carry their turn ids (provenance, through
which evidence is scored), and how often LLM memories were recalled.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.product_path import Answered, Replayed
from core.config import Settings
from providers import selection


def local_extraction_settings(settings: Settings, llm_url: str) -> Settings:
    """``settings`` as the agent sees them in local mode, on the server at ``llm_url``."""
    local = settings.model_copy(update={"local_llm_url": llm_url})
    return selection.effective_settings(local, selection.ModeChoice("local", "bench.retrieval --extractor llm"))


def use_local_llm_extraction(services: Any, settings: Settings) -> None:
    """The memory service extracts with the LLM of ``settings`` (local mode),
    through the service graph's own OpenAI-compatible client."""
    client = services.pool.openai_client()
    if client is None:
        raise RuntimeError("no OpenAI-compatible endpoint in the settings")
    services.memory.use_llm_extraction(
        client,
        model=settings.extraction_model or settings.llm_model,
        timeout_s=settings.llm_extraction_timeout_seconds,
        structured_output=settings.llm_structured_output,
    )


async def start_local_llm(log: Callable[[str], None]) -> tuple[Any, str]:
    """The local model's server, started as ``agent.py`` starts it in local
    mode (LocalLLMProcess over server_config); returns (process, base URL)."""
    import asyncio

    from providers.local_stack import LocalLLMProcess, server_config

    config = server_config(Settings(_env_file=None))
    log(f"starting the local language model ({config.model_path.name}, log {config.log_path}) ...")
    started = time.perf_counter()
    process = LocalLLMProcess(config, on_fatal=lambda error: log(f"local language model failed: {error}"))
    url = await asyncio.to_thread(process.start)
    log(f"local language model ready in {time.perf_counter() - started:.1f}s at {url}")
    return process, url


@dataclass
class ExtractionTally:
    """What the extractors did over one run (all conversations)."""

    written: Counter[str] = field(default_factory=Counter)
    active: Counter[str] = field(default_factory=Counter)
    llm_active_with_turns: int = 0
    llm_pass_seconds: list[float] = field(default_factory=list)
    recalled: Counter[str] = field(default_factory=Counter)
    questions: int = 0
    stats: dict[str, Any] = field(default_factory=dict)
    drain_timeout_s: float | None = None

    async def add_conversation(self, services: Any, replayed: Replayed) -> None:
        self.written.update(replayed.written)
        self.llm_pass_seconds.extend(replayed.llm_pass_seconds)
        for memory in await services.memory.list(replayed.user_id, limit=10_000):
            extractor = str(memory.metadata.get("extractor", "other"))
            self.active[extractor] += 1
            if extractor == "llm" and memory.turn_ids:
                self.llm_active_with_turns += 1

    def add_answers(self, answers: Sequence[Answered]) -> None:
        for answered in answers:
            self.questions += 1
            self.recalled.update(answered.sources)

    def add_extractor_stats(self, stats: dict[str, Any], settings: Settings) -> None:
        self.stats = dict(stats)
        if stats.get("llm_enabled"):
            self.drain_timeout_s = settings.agent_drain_timeout_seconds

    def summary(self) -> dict[str, Any]:
        stats = self.stats
        mean_ms = stats.get("llm_mean_ms")
        passes = sorted(self.llm_pass_seconds)
        return {
            "llm_enabled": bool(stats.get("llm_enabled")),
            "llm_calls": stats.get("llm_calls", 0),
            "llm_failures": stats.get("llm_failures", 0),
            "llm_timeouts": stats.get("llm_timeouts", 0),
            "llm_mean_s": round(mean_ms / 1000, 2) if mean_ms else None,
            "llm_skipped": stats.get("llm_skipped_short", 0) + stats.get("llm_skipped_questions", 0),
            "found": {"rules": stats.get("rule_memories", 0), "llm": stats.get("llm_memories", 0)},
            "written": dict(self.written),
            "active": dict(self.active),
            "llm_active_with_turn_ids": self.llm_active_with_turns,
            "recalled_per_question": {
                source: round(count / self.questions, 3) for source, count in sorted(self.recalled.items())
            } if self.questions else {},
            "session_pass_s_p50": round(passes[len(passes) // 2], 1) if passes else None,
            "session_pass_s_max": round(passes[-1], 1) if passes else None,
            # The agent bounds its session-end pass by AGENT_DRAIN_TIMEOUT_SECONDS;
            # here each pass ran to the end, so this counts the sessions it would cut.
            "sessions_over_drain_timeout": (
                sum(1 for seconds in passes if seconds > self.drain_timeout_s) if self.drain_timeout_s else None
            ),
            "drain_timeout_s": self.drain_timeout_s,
        }


def print_extraction(summaries: dict[str, dict[str, Any]]) -> None:
    header = (
        f"{'run':<14} {'LLM calls':>9} {'failed':>7} {'timeouts':>8} {'s/call':>7} "
        f"{'written rules/llm':>18} {'forgot r/llm':>12} {'active rules/llm':>17} {'llm w/ turn ids':>15} "
        f"{'recalled/q ep/rules/llm':>24} {'session pass p50/max s':>23}"
    )
    print(header)
    print("-" * len(header))
    for name, item in summaries.items():
        written, active, recalled = item["written"], item["active"], item["recalled_per_question"]
        per_q = "/".join(f"{recalled.get(source, 0.0):.2f}" for source in ("episode", "rules", "llm"))
        passes = (
            f"{item['session_pass_s_p50']:.0f}/{item['session_pass_s_max']:.0f}"
            if item["session_pass_s_p50"] is not None
            else "-"
        )
        mean = f"{item['llm_mean_s']:.1f}" if item["llm_mean_s"] is not None else "-"
        print(
            f"{name:<14} {item['llm_calls']:>9} {item['llm_failures']:>7} {item['llm_timeouts']:>8} {mean:>7} "
            f"{str(written.get('rules', 0)) + '/' + str(written.get('llm', 0)):>18} "
            f"{str(written.get('rules forgot', 0)) + '/' + str(written.get('llm forgot', 0)):>12} "
            f"{str(active.get('rules', 0)) + '/' + str(active.get('llm', 0)):>17} "
            f"{item['llm_active_with_turn_ids']:>15} {per_q:>24} {passes:>23}"
        )
        if item["sessions_over_drain_timeout"]:
            print(
                f"{'':<14} sessions whose LLM pass took longer than the agent's drain timeout "
                f"({item['drain_timeout_s']:.0f}s): {item['sessions_over_drain_timeout']}"
            )
    print()
