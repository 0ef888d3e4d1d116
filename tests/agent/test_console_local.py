"""`scripts/run_agent.sh console --text` with no keys at all, in a real
pseudo-terminal: the agent says it chose the local models and why, starts
its own llama.cpp server (the tiny SmolLM2-135M from its wheel, set through
LOCAL_LLM_MODEL_PATH, so this stays quick), replies to a typed line, and
stores the conversation and what the user said about themselves; started again,
it greets them by the name they typed."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from providers import model_files
from tests.agent.test_console import Terminal

ROOT = Path(__file__).resolve().parents[2]
CONSOLE_USER = "00000000-0000-4000-8000-0000000010ca"


# Two console runs, each starting its own model server: more than the default 300 s
# may pass on a busy machine before the waits inside give their own clearer error.
@pytest.mark.timeout(1200)
def test_console_with_no_keys_talks_through_the_local_models(tmp_path: Path, redis_server) -> None:
    db = tmp_path / "console.db"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LIVEKIT_", "OPENAI_", "UPLIFT_", "TTS_", "REDIS_", "SQLITE_", "COMPANION_", "LOCAL_"))
    }
    env.update(
        {
            "SQLITE_PATH": str(db),
            "REDIS_URL": redis_server.url,
            "CACHE_NAMESPACE": "console-local-test",
            "CONSOLE_USER_ID": CONSOLE_USER,
            "LOCAL_MODELS_DIR": str(tmp_path / "models"),
            "LOCAL_LLM_MODEL_PATH": str(model_files.tiny_gguf_path()),
            "LOCAL_LLM_CONTEXT_TOKENS": "2048",
            # The tiny model is all this test needs: set-up skips the 1.1 GB one.
            "COMPANION_SKIP_LOCAL_LLM": "1",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TERM": "xterm-256color",
            "COLUMNS": "140",
            "LINES": "40",
        }
    )
    # A copied .env.example: every key present and empty, which means unset.
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    command = ["bash", str(ROOT / "scripts" / "run_agent.sh"), "console", "--text"]
    terminal = Terminal(command, env=env, cwd=tmp_path)
    try:
        terminal.wait_for(r"Using local models on this machine .*no OPENAI_API_KEY or OPENAI_BASE_URL is set", timeout=600)
        terminal.wait_for(r"Local language model ready", timeout=300)
        terminal.wait_for(r"Type to talk", timeout=300)
        marker = terminal.printed
        # Typed as people type: no capitals, no full stop.
        terminal.type_line("hi i'm alex")
        # The tiny model on two busy cores can take minutes to reply.
        terminal.wait_for(r"Agent\s*\n\s+\S", timeout=300, since=marker)
    finally:
        code = terminal.stop(timeout=120)
    terminal.assert_no_tracebacks()
    assert code is not None, "the console did not exit after Ctrl+C"

    from infrastructure.storage.sqlite_store import SQLiteMemoryStore

    async def stored() -> tuple[list[str], list[str]]:
        store = SQLiteMemoryStore(str(db), 384)
        await store.initialize()
        try:
            turns = await store.list_turns(CONSOLE_USER, limit=50)
            memories = await store.list_memories(CONSOLE_USER)
            return [t.text for t in turns], [m.content for m in memories]
        finally:
            await store.close()

    turns, memories = asyncio.run(stored())
    assert "hi i'm alex" in turns
    assert len(turns) >= 2, turns  # the local model's reply was recorded too
    assert "User's name is Alex." in memories, memories

    # The next conversation: the same store, a greeting by name. (Started at
    # once, it would continue the first as a dropped call: no window here.)
    again = Terminal(command, env=env | {"SESSION_RESUME_WINDOW_SECONDS": "0"}, cwd=tmp_path)
    try:
        again.wait_for(r"Welcome back, Alex", timeout=600)
    finally:
        code = again.stop(timeout=120)
    again.assert_no_tracebacks()
    assert code is not None, "the console did not exit after Ctrl+C"
