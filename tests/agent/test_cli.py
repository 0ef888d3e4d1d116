"""`python agent.py <command>` with missing configuration: one clear sentence
naming the variable and a non-zero exit, checked in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_agent(args: list[str], env_overrides: dict[str, str | None], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "OPENAI_", "UPLIFT_", "TTS_"))}
    env["HF_HUB_OFFLINE"] = "1"
    for key, value in env_overrides.items():
        if value is not None:
            env[key] = value
    # Run from an empty directory so a developer's .env cannot fill the gap.
    return subprocess.run(
        [sys.executable, str(ROOT / "agent.py"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_without_livekit_url_names_the_variable(tmp_path: Path) -> None:
    result = run_agent(
        ["start"],
        {"LIVEKIT_API_KEY": "key", "LIVEKIT_API_SECRET": "secret", "OPENAI_API_KEY": "sk-test"},
        tmp_path,
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "LIVEKIT_URL" in message
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("missing", "command"),
    [("LIVEKIT_API_KEY", "dev"), ("LIVEKIT_API_SECRET", "start")],
)
def test_missing_livekit_credentials_are_named(tmp_path: Path, missing: str, command: str) -> None:
    present = {
        "LIVEKIT_URL": "ws://127.0.0.1:7880",
        "LIVEKIT_API_KEY": "key",
        "LIVEKIT_API_SECRET": "secret",
        "OPENAI_API_KEY": "sk-test",
    }
    present.pop(missing)
    result = run_agent([command], present, tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_console_without_any_llm_endpoint_names_openai_key(tmp_path: Path) -> None:
    result = run_agent(["console", "--text"], {}, tmp_path)
    assert result.returncode != 0
    assert "OPENAI_API_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_setting_is_one_line_not_a_trace(tmp_path: Path) -> None:
    result = run_agent(["console"], {"RECALL_BUDGET_MS": "not-a-number", "OPENAI_API_KEY": "k"}, tmp_path)
    assert result.returncode != 0
    assert "recall_budget_ms" in result.stderr.lower()
    assert "Traceback" not in result.stderr
