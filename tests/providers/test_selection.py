"""Cloud or local, and why: COMPANION_MODE, keys, empty variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.config import Settings
from core.errors import ConfigurationError
from providers import selection


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_empty_variables_mean_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # What a copied .env.example gives: keys present but empty.
    env_file = tmp_path / ".env"
    env_file.write_text("OPENAI_API_KEY=\nOPENAI_BASE_URL=\nLOCAL_LLM_PORT=\nLLM_TOOLS_ENABLED=\nREDIS_URL=off\n")
    monkeypatch.setenv("UPLIFT_API_KEY", "")
    loaded = Settings(_env_file=str(env_file))
    assert loaded.openai_api_key is None and loaded.openai_base_url is None
    assert loaded.uplift_api_key is None
    assert loaded.local_llm_port is None and loaded.llm_tools_enabled is None
    assert loaded.redis_url is None
    assert selection.choose_mode(loaded).mode == "local"


@pytest.mark.parametrize(
    ("values", "mode", "reason"),
    [
        ({}, "local", "no OPENAI_API_KEY or OPENAI_BASE_URL is set"),
        ({"openai_api_key": "sk-test"}, "cloud", "OPENAI_API_KEY is set"),
        ({"openai_base_url": "http://127.0.0.1:9/v1"}, "cloud", "OPENAI_BASE_URL is set"),
        ({"openai_api_key": "sk-test", "companion_mode": "local"}, "local", "COMPANION_MODE=local"),
        ({"companion_mode": "cloud"}, "cloud", "COMPANION_MODE=cloud"),
    ],
)
def test_mode_and_reason(values: dict[str, object], mode: str, reason: str) -> None:
    choice = selection.choose_mode(settings(**values))
    assert choice.mode == mode
    assert reason in choice.reason
    assert reason in choice.sentence()


def test_local_settings_point_the_same_client_at_the_local_server() -> None:
    base = settings(local_llm_url="http://127.0.0.1:5555/v1")
    local = selection.effective_settings(base, selection.choose_mode(base))
    assert local.openai_base_url == "http://127.0.0.1:5555/v1"
    assert local.openai_configured
    assert local.llm_model == selection.LOCAL_MODEL_ALIAS
    assert local.llm_structured_output == "json_object"
    assert local.llm_request_timeout_seconds == base.local_llm_timeout_seconds > 10
    assert local.llm_max_tokens == base.local_llm_max_tokens
    assert local.recall_top_k == base.local_recall_top_k < base.recall_top_k
    # Memory lines dated compactly (fewer prompt tokens), unless RECALL_SHORT_DATES=false.
    assert local.recall_short_dates and not base.recall_short_dates
    kept_long = base.model_copy(update={"recall_short_dates": False})
    assert not selection.effective_settings(kept_long, selection.choose_mode(kept_long)).recall_short_dates
    # Nothing else holds the one local model while the user waits for a reply.
    assert local.llm_extraction_timing == "session_end" and not local.llm_profile_summaries
    assert not local.safety_classifier_enabled  # no per-turn call in front of the one local model
    # ...and the choice survives: the effective settings still say "local".
    assert selection.choose_mode(local).mode == "local"
    assert not selection.tools_enabled(local, selection.choose_mode(local))


def test_cloud_settings_are_untouched() -> None:
    base = settings(openai_api_key="sk-test")
    assert selection.effective_settings(base, selection.choose_mode(base)) is base
    assert selection.tools_enabled(base, selection.choose_mode(base))


def test_local_without_a_server_url_is_one_sentence() -> None:
    base = settings()
    with pytest.raises(ConfigurationError, match="LOCAL_LLM_URL is not set"):
        selection.effective_settings(base, selection.choose_mode(base))


def test_tools_setting_overrides_the_default() -> None:
    local = settings(llm_tools_enabled=True)
    assert selection.tools_enabled(local, selection.choose_mode(local))
