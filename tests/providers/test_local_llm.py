"""The real llama.cpp server (llama-cpp-python) with a real GGUF, the tiny
SmolLM2-135M from its wheel, answering through the agent's own code: the
livekit OpenAI plugin the voice loop uses, a text session of the real agent
with real services, and the background schema-constrained memory extraction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from livekit.agents import RunResult, llm as lk_llm

from agent import (
    CompanionAgent,
    SessionIdentity,
    ahead_of_next_turn,
    build_agent_session,
    build_llm,
    warm_llm_prefix,
)
from agent_prompts import MEMORY_MESSAGE_ROLE, format_memory_block
from core.config import Settings
from providers import model_files, selection
from providers.llama_server import PromptEvalLog
from providers.local_stack import LocalLLMProcess, server_config
from services.container import build_services
from services.memory_llm_extractor import LLMExtractor
from tests.agent.conftest import start_and_greet


@pytest.fixture(scope="module")
def llama_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("llama")


@pytest.fixture(scope="module")
def local_server(llama_folder: Path) -> Iterator[str]:
    folder = llama_folder
    settings = Settings(
        _env_file=None,
        local_models_dir=str(folder),
        local_llm_model_path=str(model_files.tiny_gguf_path()),
        local_llm_context_tokens=2048,
    )
    process = LocalLLMProcess(server_config(settings), on_fatal=lambda error: None)
    url = process.start(warm_instructions="You are a helpful assistant.")
    yield url
    process.stop()


def local_settings(tmp_path: Path, url: str, redis_url: str | None, **values: Any) -> Settings:
    base = Settings(
        _env_file=None,
        local_llm_url=url,
        sqlite_path=str(tmp_path / "companion.db"),
        redis_url=redis_url,
        cache_namespace=f"local-llm-{uuid.uuid4().hex[:8]}",
        recall_budget_ms=5000,
        agent_drain_timeout_seconds=120,
        # These tests check behaviour, not speed (bench.local_latency does): on a
        # busy 2-core machine a cold prompt can take longer than the product's 60 s.
        local_llm_timeout_seconds=300,
        **values,
    )
    return selection.effective_settings(base, selection.choose_mode(base))


async def test_the_agents_llm_client_streams_an_answer(local_server: str, tmp_path: Path) -> None:
    settings = local_settings(tmp_path, local_server, None)
    llm = build_llm(settings)
    chat = lk_llm.ChatContext()
    chat.add_message(role="system", content="You are a helpful assistant. Answer in one short sentence.")
    chat.add_message(role="user", content="What is the capital of France?")
    text = ""
    async with llm.chat(chat_ctx=chat) as stream:
        async for chunk in stream:
            if chunk.delta and chunk.delta.content:
                text += chunk.delta.content
    await llm.aclose()
    assert text.strip(), "the local model streamed no text"


async def test_a_warm_up_ahead_of_the_next_turn_leaves_it_its_memories_and_words_only(
    local_server: str, llama_folder: Path, tmp_path: Path
) -> None:
    """Warmed up to the end of the exchange, a turn still evaluates its whole
    memory block; warmed up to the block's fixed head as well, it does not."""
    llm = build_llm(local_settings(tmp_path, local_server, None))
    exchange = lk_llm.ChatContext()
    exchange.add_message(role="system", content="You are a warm voice companion.")
    exchange.add_message(role="assistant", content="Hi Alex, how was your day?")
    turn = exchange.copy()
    turn.add_message(role=MEMORY_MESSAGE_ROLE, content=format_memory_block("- User's sister is named Sara."))
    turn.add_message(role="user", content="Pretty good, thanks.")
    log = PromptEvalLog(llama_folder / "logs" / "llama-server.log")
    evaluated = {}
    for name, warm in (("exchange", exchange.copy()), ("ahead", ahead_of_next_turn(exchange))):
        await warm_llm_prefix(llm, warm, timeout_s=60)
        log.since_last()
        await warm_llm_prefix(llm, turn, timeout_s=60)
        evaluated[name] = log.since_last()[0]
    await llm.aclose()
    # The block's marker and framing line are ~20 tokens for this tokenizer.
    assert 0 < evaluated["ahead"] <= evaluated["exchange"] - 15, evaluated


async def test_a_local_reply_stops_at_the_configured_token_cap(local_server: str, tmp_path: Path) -> None:
    """llama.cpp's server ignores ``max_completion_tokens``; the agent's client
    must still cap a local reply (LOCAL_LLM_MAX_TOKENS), or a long answer holds
    the one model while the user already speaks again."""
    settings = local_settings(tmp_path, local_server, None, local_llm_max_tokens=12)
    llm = build_llm(settings)
    chat = lk_llm.ChatContext()
    chat.add_message(role="user", content="Write a very long story about a dragon, at least 500 words.")
    pieces = 0  # llama.cpp's server streams one token per chunk
    async with llm.chat(chat_ctx=chat) as stream:
        async for chunk in stream:
            if chunk.delta and chunk.delta.content:
                pieces += 1
    await llm.aclose()
    assert 0 < pieces <= 12


async def test_schema_constrained_extraction_returns_valid_json(local_server: str) -> None:
    client = openai.AsyncOpenAI(base_url=local_server, api_key="not-needed")
    extractor = LLMExtractor(
        client, selection.LOCAL_MODEL_ALIAS, timeout_s=120, structured_output="json_object"
    )
    # The grammar makes the reply valid JSON of the schema whatever the model
    # thinks; parse_extraction_json would raise LLMError otherwise.
    result = await extractor.extract("My name is Alex and my sister Sara lives in Lisbon.")
    assert isinstance(result.memories, list)
    await client.close()


async def test_a_local_text_session_replies_and_stores_memories_without_tools(
    local_server: str, tmp_path: Path, redis_server
) -> None:
    settings = local_settings(tmp_path, local_server, redis_server.url)
    services = await build_services(settings)
    user_id = str(uuid.uuid4())
    try:
        agent = CompanionAgent(settings, services, SessionIdentity(user_id))
        assert not agent.tools_enabled
        async with build_agent_session(settings, services, text_only=True) as session:
            await start_and_greet(session, agent)
            result: RunResult[Any] = await session.run(user_input="Hi! My name is Alex and I love hiking in the mountains.")
            reply = result.expect.next_event(type="message").event().item
            assert reply.role == "assistant" and (reply.text_content or "").strip()
            result.expect.no_more_events()  # no tool call was offered or made
            await agent.background.drain(120)
        await agent.end_user_session()
        stats = services.memory.extractor.stats()
        memories = await services.memory.list(user_id)
        profile = await services.users.get_user(user_id)
    finally:
        await services.aclose()
    # Stored without any tool call: the rules found the name, and the
    # background extraction ran against the local model and returned valid JSON.
    assert stats["llm_calls"] >= 1 and stats["llm_failures"] == 0, stats
    assert any("Alex" in m.content for m in memories), [m.content for m in memories]
    assert profile is not None


def test_local_llm_server_args_come_after_the_agents_own() -> None:
    """LOCAL_LLM_SERVER_ARGS is split like a shell would and appended last, so
    an option given there overrides the agent's (llama_cpp.server keeps the last)."""
    from providers.llama_server import server_argv

    config = server_config(
        Settings(_env_file=None, local_llm_server_args='--logits_all true --chat_format "chatml"')
    )
    argv = server_argv(config, port=8080)
    assert argv[-4:] == ["--logits_all", "true", "--chat_format", "chatml"]
    assert argv.index("--logits_all") < len(argv) - 4  # the agent's own "false" comes first


async def test_bench_retrieval_extractor_llm_runs_the_local_extraction_beside_the_rules(
    local_server: str, tmp_path: Path
) -> None:
    """``bench.retrieval --extractor llm --llm-url``: the same conversation
    replayed twice, rules only and rules + the local model, one awaited
    extraction call per user turn worth one (not small talk, not a question)."""
    import json

    from bench.retrieval import main_async, parse_args

    dataset = tmp_path / "dialogues.json"
    turns = [
        ("Ana", "I adopted a grey cat called Miso last weekend."),
        ("Ben", "Lovely! How is Miso settling in?"),
        ("Ana", "ok"),  # too short to ask the model about
        ("Ana", "Did I tell you about my pottery class?"),  # only a question
        ("Ana", "My sister Sara is moving to Lisbon in June for a new job."),
    ]
    dataset.write_text(json.dumps([{
        "sample_id": "tiny",
        "conversation": {
            "speaker_a": "Ana", "speaker_b": "Ben",
            "session_1_date_time": "1:56 pm on 8 May, 2023",
            "session_1": [{"speaker": s, "dia_id": f"D1:{i}", "text": t} for i, (s, t) in enumerate(turns, start=1)],
        },
        "qa": [{"question": "What is the name of Ana's cat?", "answer": "Miso", "evidence": ["D1:1"], "category": 4}],
    }]))
    report = tmp_path / "report.json"
    args = parse_args([
        "--dataset", str(dataset), "--backend", "sqlite", "--extractor", "llm", "--llm-url", local_server,
        "--cache-dir", str(tmp_path / "cache"), "--json", str(report),
    ])
    assert await main_async(args) == 0
    product = json.loads(report.read_text())["product"]
    rules, llm = product["sqlite"]["extraction"], product["sqlite+llm"]["extraction"]
    assert not rules["llm_enabled"] and rules["llm_calls"] == 0 and "llm" not in rules["written"]
    assert llm["llm_enabled"] and llm["llm_calls"] == 2 and llm["llm_skipped"] == 2, llm
    assert llm["llm_mean_s"] is not None and llm["llm_failures"] <= 2
    # Whatever the model learned carries the turn it was said in.
    assert llm["llm_active_with_turn_ids"] == llm["active"].get("llm", 0), llm
    # Both rows answered the same question from the same replay.
    assert product["sqlite"]["questions"]["overall"] == product["sqlite+llm"]["questions"]["overall"] == 1
    # Each question is kept with its evidence and what was recalled, to read misses without a re-run.
    asked = product["sqlite"]["per_question"][0]
    assert asked["question"] == "What is the name of Ana's cat?" and asked["evidence"] == ["D1:1"], asked
    assert "D1:1" in asked["recalled"] and len(asked["recalled"]) <= 20, asked
