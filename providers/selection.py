"""Cloud or local: which providers the voice loop uses, and why.

``choose_mode`` decides once per process (``COMPANION_MODE``, or in ``auto``
whether an OpenAI key or endpoint is configured). Everything downstream takes
the result as plain settings: ``effective_settings`` points the one
OpenAI-compatible client at the local llama.cpp server, so services, memory
extraction and summaries run the same code either way. Only the speech plugins
differ, and they are picked here (``build_stt`` / ``build_tts``), behind the
LiveKit ``stt.STT`` / ``tts.TTS`` interfaces.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from core.config import Settings
from core.errors import ConfigurationError
from providers import model_files

if TYPE_CHECKING:
    from livekit.agents import stt, tts

logger = logging.getLogger(__name__)

# The name the local server gives its one model (its --model_alias).
LOCAL_MODEL_ALIAS = "local"


@dataclass(frozen=True)
class ModeChoice:
    mode: Literal["local", "cloud"]
    reason: str

    def sentence(self) -> str:
        if self.mode == "cloud":
            return f"Using cloud providers (OpenAI-compatible LLM, STT and TTS): {self.reason}."
        return f"Using local models on this machine (llama.cpp LLM, Whisper STT, local TTS): {self.reason}."


def choose_mode(settings: Settings) -> ModeChoice:
    if settings.companion_mode == "cloud":
        return ModeChoice("cloud", "COMPANION_MODE=cloud")
    if settings.companion_mode == "local":
        return ModeChoice("local", "COMPANION_MODE=local")
    if settings.openai_api_key is not None:
        return ModeChoice("cloud", "OPENAI_API_KEY is set")
    if settings.openai_base_url is not None:
        return ModeChoice("cloud", "OPENAI_BASE_URL is set")
    return ModeChoice("local", "no OPENAI_API_KEY or OPENAI_BASE_URL is set (COMPANION_MODE=auto)")


def models_dir(settings: Settings) -> Path:
    return Path(settings.local_models_dir).expanduser() if settings.local_models_dir else model_files.default_models_dir()


def local_llm_model_path(settings: Settings) -> Path:
    """The GGUF the local server loads: LOCAL_LLM_MODEL_PATH, or the fetched Qwen."""
    if settings.local_llm_model_path:
        return Path(settings.local_llm_model_path).expanduser()
    return model_files.llm_gguf_path(models_dir(settings))


def effective_settings(settings: Settings, choice: ModeChoice) -> Settings:
    """The settings the rest of the agent sees. Local mode is the cloud code
    path pointed at the local server: same client, same services."""
    if choice.mode == "cloud":
        return settings
    if not settings.local_llm_url:
        raise ConfigurationError("LOCAL_LLM_URL is not set: the local language model server has not been started.")
    return settings.model_copy(
        update={
            "companion_mode": "local",
            "openai_base_url": settings.local_llm_url,
            "openai_api_key": None,
            "llm_model": LOCAL_MODEL_ALIAS,
            "extraction_model": LOCAL_MODEL_ALIAS,
            "llm_max_tokens": settings.llm_max_tokens or settings.local_llm_max_tokens,
            "llm_request_timeout_seconds": settings.local_llm_timeout_seconds,
            "llm_warm_prompt": True,
            "http_timeout_seconds": max(settings.http_timeout_seconds, settings.local_llm_timeout_seconds),
            "llm_extraction_timeout_seconds": settings.local_llm_timeout_seconds,
            "llm_extraction_timing": "session_end",
            "llm_profile_summaries": False,
            # The one local model answers one request at a time: a safety
            # classification per turn would queue in front of the replies, so
            # locally the pattern screen stands alone (as extraction waits for
            # session end above).
            "safety_classifier_enabled": False,
            "agent_drain_timeout_seconds": max(settings.agent_drain_timeout_seconds, 2 * settings.local_llm_timeout_seconds),
            # llama-cpp-python's server: a JSON schema becomes a grammar.
            "llm_structured_output": "json_object",
            "embedding_provider": "local",
            # Every memory in the block is prompt the small CPU model must
            # evaluate before its first token (~25 tokens each).
            "recall_top_k": min(settings.recall_top_k, settings.local_recall_top_k),
            "recall_short_dates": settings.recall_short_dates is not False,
            "tts_provider": "openai",  # unused locally; keeps the Uplift key check out of the way
        }
    )


def tools_enabled(settings: Settings, choice: ModeChoice) -> bool:
    if settings.llm_tools_enabled is not None:
        return settings.llm_tools_enabled
    return choice.mode == "cloud"


def first_clause_enabled(settings: Settings) -> bool:
    """TTS_FIRST_CLAUSE, or by default on with the local model only (a cloud
    model streams its first sentence about as fast as its first clause)."""
    if settings.tts_first_clause is not None:
        return settings.tts_first_clause
    return choose_mode(settings).mode == "local"


def load_local_stt(settings: Settings) -> stt.STT:
    from providers.local_stt import WhisperSTT

    return WhisperSTT.load(
        model_files.whisper_model_dir(),
        model_name=model_files.WHISPER_MODEL_NAME,
        language=settings.agent_language,
        cpu_threads=settings.local_llm_threads,
    )


def load_local_tts(settings: Settings) -> tts.TTS:
    """Piper when installed (or asked for), else espeak-ng."""
    from providers.local_tts import EspeakTTS, PiperTTS

    if settings.local_tts == "piper" or (settings.local_tts == "auto" and model_files.piper_available()):
        if not model_files.piper_available():
            raise ConfigurationError(
                "LOCAL_TTS=piper but Piper is not installed: pip install -r requirements-piper.txt (GPL-3.0)."
            )
        return PiperTTS.load(model_files.piper_voice_path(), voice_name=model_files.PIPER_VOICE_NAME)
    return EspeakTTS.load(voice=f"{settings.agent_language}-us" if settings.agent_language == "en" else settings.agent_language)
