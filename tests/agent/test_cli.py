"""`python agent.py <command>` with missing configuration: one clear sentence
naming the variable and a non-zero exit, checked in a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent import config_problem, main
from core.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def run_agent(args: list[str], env_overrides: dict[str, str | None], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "OPENAI_", "UPLIFT_", "TTS_", "COMPANION_", "LOCAL_"))}
    env["HF_HUB_OFFLINE"] = "1"
    for key, value in env_overrides.items():
        if value is not None:
            env[key] = value
    # Run from an empty directory so a developer's .env cannot fill the gap.
    return subprocess.run(
        [sys.executable, str(ROOT / "agent.py"), *args],
        check=False,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,  # importing LiveKit and torch takes a minute on a busy 2-core machine
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


def test_cloud_mode_without_any_llm_endpoint_names_openai_key(tmp_path: Path) -> None:
    result = run_agent(["console", "--text"], {"COMPANION_MODE": "cloud"}, tmp_path)
    assert result.returncode != 0
    assert "OPENAI_API_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_keys_and_no_local_model_says_to_run_setup(tmp_path: Path) -> None:
    # A copied .env.example (empty keys) must not count as keys.
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    result = run_agent(
        ["console", "--text"], {"LOCAL_LLM_MODEL_PATH": str(tmp_path / "absent.gguf")}, tmp_path
    )
    assert result.returncode != 0
    message = result.stderr.strip()
    assert "The local language model is not set up" in message and "scripts/setup.sh" in message
    assert len(message.splitlines()) == 1, message
    assert "Traceback" not in result.stderr


# The same checks in-process (the subprocess tests above prove the wiring):


def settings_without_env(**values) -> Settings:
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize(
    ("missing", "command"),
    [("livekit_url", "dev"), ("livekit_api_key", "dev"), ("livekit_api_secret", "start")],
)
def test_each_missing_livekit_setting_is_named(missing: str, command: str) -> None:
    present: dict[str, str | None] = {
        "livekit_url": "ws://127.0.0.1:7880",
        "livekit_api_key": "key",
        "livekit_api_secret": "secret",
        "openai_api_key": "sk-test",
    }
    present[missing] = None
    problem = config_problem([command], settings_without_env(**present))
    assert problem is not None and missing.upper() in problem


def test_cli_flags_stand_in_for_livekit_variables() -> None:
    settings = settings_without_env(openai_api_key="sk-test")
    argv = ["start", "--url", "ws://x", "--api-key", "k", "--api-secret=s"]
    assert config_problem(argv, settings) is None


def test_local_openai_server_needs_no_key_and_console_needs_no_livekit() -> None:
    settings = settings_without_env(openai_base_url="http://127.0.0.1:9/v1")
    assert config_problem(["console", "--text"], settings) is None


def test_uplift_without_its_key_is_named() -> None:
    settings = settings_without_env(openai_api_key="sk", tts_provider="uplift")
    problem = config_problem(["console"], settings)
    assert problem is not None and "UPLIFT_API_KEY" in problem


def test_invalid_setting_is_one_line_not_a_trace(monkeypatch, capsys) -> None:
    monkeypatch.setenv("RECALL_BUDGET_MS", "not-a-number")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    assert main(["console"]) != 0
    err = capsys.readouterr().err
    assert "recall_budget_ms" in err.lower()
    assert len(err.strip().splitlines()) == 1
