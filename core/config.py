"""The one Settings object. Every environment variable the project reads is a
field here and is documented in ``.env.example``.

Nothing reads the environment at import time: call ``Settings()`` (or
``get_settings()``) where the process starts and pass the object down.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        # `OPENAI_API_KEY=` (as in a copied .env.example) means "not set", for
        # every field: the default applies, never an empty string.
        env_ignore_empty=True,
    )

    # --- Which voice providers -----------------------------------------------
    # auto: the cloud (OpenAI-compatible) providers when OPENAI_API_KEY or
    # OPENAI_BASE_URL is set, else the local ones (llama.cpp, Whisper, Piper /
    # espeak-ng on this machine). local / cloud force one side.
    companion_mode: Literal["auto", "local", "cloud"] = "auto"

    # --- LiveKit -----------------------------------------------------------
    livekit_url: str | None = None
    livekit_api_key: str | None = None
    livekit_api_secret: SecretStr | None = None
    # The name the agent worker registers under; the HTTP API's room tokens
    # dispatch this agent explicitly into each new room.
    livekit_agent_name: str = "companion"

    # --- Storage -----------------------------------------------------------
    storage_backend: Literal["sqlite", "postgres"] = "sqlite"
    sqlite_path: str = "data/companion.db"
    # PostgreSQL / Supabase connection string (postgresql://user:pass@host:port/db).
    database_url: str | None = None
    db_pool_min_size: int = Field(1, ge=0)
    db_pool_max_size: int = Field(10, ge=1)
    # Apply SQL migrations automatically when the Postgres backend starts.
    db_auto_migrate: bool = True
    embedding_dimensions: int = Field(384, ge=1)

    # --- Redis cache -------------------------------------------------------
    # "off" (or None): in-process LRU only.
    redis_url: str | None = "redis://127.0.0.1:6379/0"
    cache_namespace: str = "companion"
    cache_version: str = "v1"
    cache_default_ttl_seconds: int = Field(3600, ge=1)
    cache_local_max_items: int = Field(10_000, ge=1)
    # How often to probe Redis again while running on the in-process fallback.
    cache_retry_interval_seconds: float = Field(2.0, gt=0)
    redis_socket_timeout_seconds: float = Field(0.25, gt=0)

    # --- Database batcher --------------------------------------------------
    batch_max_size: int = Field(100, ge=1)
    batch_max_age_ms: int = Field(50, ge=1)
    batch_max_retries: int = Field(5, ge=0)
    batch_retry_base_delay_ms: int = Field(50, ge=1)

    # --- OpenAI-compatible providers --------------------------------------
    openai_api_key: SecretStr | None = None
    # Any OpenAI-compatible server (OpenAI, llama.cpp, vLLM, Ollama).
    openai_base_url: str | None = None
    llm_model: str = "gpt-4.1-mini"
    llm_temperature: float = Field(0.7, ge=0, le=2)
    # Cap on generated tokens per reply (empty: the model's own limit).
    llm_max_tokens: int | None = Field(None, ge=1)
    # At session start, send the opening prompt once so the model's prompt cache
    # holds it before the first turn (for a model on this machine; set in local mode).
    llm_warm_prompt: bool = False
    # LiveKit's timeout for one LLM request of the voice loop.
    llm_request_timeout_seconds: float = Field(10.0, gt=0)
    stt_model: str = "gpt-4o-mini-transcribe"
    stt_base_url: str | None = None
    tts_provider: Literal["openai", "uplift"] = "openai"
    tts_model: str = "gpt-4o-mini-tts"
    tts_voice: str = "ash"
    tts_base_url: str | None = None
    # Speak a reply's first clause (up to its first comma, colon or sentence end)
    # on its own instead of waiting for the whole first sentence: the first audio
    # comes sooner with a slow model, with a short pause after that clause when the
    # next one is not ready yet. Empty: on with the local model, off with cloud ones.
    tts_first_clause: bool | None = None
    # With TTS_FIRST_CLAUSE: until this many words of a reply are out, each piece ends at
    # a clause mark or after this many words (then the clause's rest follows at its
    # mark, or after twice the words); later pieces are sentences. 0: the first clause.
    tts_first_words: int = Field(4, ge=0)
    http_timeout_seconds: float = Field(30.0, gt=0)

    # --- Uplift AI TTS -----------------------------------------------------
    uplift_api_key: SecretStr | None = None
    uplift_base_url: str | None = None
    uplift_voice_id: str = "v_meklc281"
    uplift_output_format: str = "MP3_22050_32"
    uplift_phrase_replacement_config_id: str | None = None

    # --- Agent behaviour ---------------------------------------------------
    agent_language: str = "en"
    agent_name: str = "Companion"
    recall_budget_ms: int = Field(150, ge=1)
    # Seconds after the agent first speaks during which the user's voice cannot
    # interrupt it (LiveKit's echo-canceller warm-up; its default is 3 s, which
    # swallows a user who talks over the greeting). 0 turns the window off.
    aec_warmup_seconds: float = Field(0.5, ge=0)
    # LiveKit's preemptive generation: the reply starts on the final transcript
    # while the end of turn is still being decided, and is kept when the turn
    # ends with the same words. Recall runs inside that draft (CompanionAgent.llm_node),
    # so a kept draft already carries its memory block (bench.voice_latency).
    preemptive_generation: bool = True
    # How the LiveKit worker runs its sessions (bench.density): "thread" runs them
    # in one process that holds one copy of the models (~3 MB more per session);
    # "process" gives each its own process with its own copy (~750 MB each).
    agent_job_executor: Literal["thread", "process"] = "thread"
    # Memories recalled per turn, and the most characters of them the turn's
    # memory block holds (a memory whose line does not fit is left out whole;
    # a shorter one after it may still fit). Ten is what bench.retrieval scores (R@10); ten memories fill
    # about 2,250 characters at the median on LoCoMo (README, "What the agent reads").
    recall_top_k: int = Field(10, ge=1, le=50)
    recall_context_max_chars: int = Field(3000, ge=200, le=20000)
    # `agent.py console` has no remote participant to identify: this user id
    # (a UUID) owns the console's memories.
    console_user_id: str = "00000000-0000-4000-8000-000000000001"
    # At session end, how long to wait for background work (turn recording,
    # extraction) before ending the session anyway.
    agent_drain_timeout_seconds: float = Field(10.0, gt=0)
    # A user who comes back within this many seconds of a dropped call continues
    # the same session (no new greeting, recent turns restored). 0 turns it off.
    session_resume_window_seconds: float = Field(120.0, ge=0)

    # --- Memory / embeddings ----------------------------------------------
    embedding_provider: Literal["local", "openai"] = "local"
    local_embedding_model: str = "all-MiniLM-L6-v2"
    openai_embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str | None = None
    embedding_cache_ttl_seconds: int = Field(7 * 24 * 3600, ge=1)
    # torch intra-op threads for the local model (0 = torch's default). One thread
    # embeds a single short query fastest on small machines and leaves a core free.
    embedding_torch_threads: int = Field(1, ge=0)
    # Run the local model through ONNX Runtime (exported once from the same
    # weights, checked against PyTorch; ~2x faster per query). False: PyTorch.
    embedding_onnx: bool = True
    # LLM-based memory extraction and profile summaries (needs an LLM).
    llm_extraction_enabled: bool = True
    # Keep every recorded turn searchable as said, with its neighbour turns
    # (episodic memory, recalled together with the extracted facts).
    episodic_memory: bool = True
    extraction_model: str | None = None
    llm_extraction_timeout_seconds: float = Field(10.0, gt=0)
    # each_turn: the LLM extraction runs after every user message. session_end:
    # rules at once, the LLM pass at session end (set in local mode, where one
    # model serves the conversation and would make the user wait behind it).
    llm_extraction_timing: Literal["each_turn", "session_end"] = "each_turn"
    # Profile summaries written by the LLM while the user talks (false: the
    # template summary; set in local mode, where that call would hold the
    # one model while the user waits for a reply).
    llm_profile_summaries: bool = True
    # How the endpoint takes a JSON schema: json_schema (OpenAI) or
    # json_object with a schema (llama-cpp-python's server; grammar-constrained).
    llm_structured_output: Literal["json_schema", "json_object"] = "json_schema"
    max_text_chars: int = Field(100_000, ge=1)
    memory_retention_days: int = Field(365, ge=1)

    # --- Safety escalation --------------------------------------------------
    # Locale of the crisis lines given on a crisis turn (empty: from agent_language).
    safety_locale: str | None = None
    # Where escalation records are POSTed (HMAC-SHA256 signed with the secret).
    safety_webhook_url: str | None = None
    safety_webhook_secret: SecretStr | None = None
    # Keep the words that triggered an escalation in its record (off: category only).
    safety_keep_text: bool = False
    # Confirm with the LLM (in the background, never on the reply path) when one is configured.
    safety_classifier_enabled: bool = True
    # Score the turn's embedding (the one recall computes) with the fitted linear
    # model for the embedding model in use, where one ships (services/data/safety_semantic/).
    # A hit gets the reply a gentle check-in; only a confirmed signal (the pattern
    # screen, or the LLM classifier) is escalated.
    safety_semantic_enabled: bool = True
    # The safety model (services/safety_model.py: the local MiniLM fine-tuned for
    # crisis signals; loaded by the agent at session start, off the reply path).
    # Where it loads it takes the linear stage's place and also vetoes screen hits
    # the sentence does not bear out.
    safety_model_enabled: bool = True
    # How long the reply waits for the safety model once recall is done (it reads the
    # turn beside recall). A turn it has not finished by then (a long turn's clauses,
    # a busy CPU) is not held up: its check-in, if any, shapes the next reply.
    safety_model_wait_ms: int = Field(30, ge=0, le=5000)
    # --- HTTP API (api/) -----------------------------------------------------
    api_host: str = "127.0.0.1"
    api_port: int = Field(8000, ge=1, le=65535)
    # Supabase-style end-user JWTs: HS256 with the project's JWT secret and/or
    # RS256/ES256 against a JWKS (a URL, or the JSON itself). At least one is
    # required: the API refuses to start without one, or with a short or well-known secret.
    api_jwt_secret: SecretStr | None = None
    api_jwt_jwks_url: str | None = None
    api_jwt_jwks_json: str | None = None
    # Expected "aud" claim (Supabase: "authenticated"); empty = not checked.
    api_jwt_audience: str | None = "authenticated"
    api_jwt_issuer: str | None = None
    # Server-to-server key for /v1/users/{id}/... (header X-API-Key); unset = those routes are off.
    api_admin_key: SecretStr | None = None
    # Per-user token bucket: sustained requests per second and burst size.
    api_rate_limit_per_second: float = Field(20.0, gt=0)
    api_rate_limit_burst: int = Field(60, ge=1)
    # Lifetime of the LiveKit room token POST /v1/sessions returns.
    api_session_token_ttl_seconds: int = Field(600, ge=30, le=6 * 3600)
    # Per client IP, for requests that fail authentication (401 storms): token bucket.
    api_unauthenticated_rate_limit_per_second: float = Field(5.0, gt=0)
    api_unauthenticated_rate_limit_burst: int = Field(20, ge=1)
    # /metrics needs "Authorization: Bearer <this>" when set (>= 32 characters);
    # unset = open, for a server bound to loopback or behind a private network.
    api_metrics_token: SecretStr | None = None
    # How often the API process applies every user's retention period (0 = never;
    # then run `python -m services.privacy_service` from cron).
    retention_sweep_interval_seconds: float = Field(3600.0, ge=0)
    # The agent worker serves /metrics on this port (0 = off).
    agent_metrics_port: int = Field(0, ge=0, le=65535)
    # --- Local voice loop (COMPANION_MODE=local, or auto without keys) ------
    # Folder for the language model fetched once by scripts/setup.sh.
    # Empty: ~/.cache/companion/models (shared by every clone).
    local_models_dir: str | None = None
    # A GGUF file to use instead of the packaged Qwen2.5-Coder-1.5B-Instruct.
    local_llm_model_path: str | None = None
    # An already-running OpenAI-compatible local server (".../v1"). Empty: the
    # agent starts its own llama.cpp server (and passes its URL to its jobs here).
    local_llm_url: str | None = None
    # Port for the agent's llama.cpp server (empty: any free port on 127.0.0.1).
    local_llm_port: int | None = Field(None, ge=1, le=65535)
    local_llm_context_tokens: int = Field(4096, ge=512)
    local_llm_threads: int = Field(2, ge=1)
    # Loading the model and evaluating the instructions once at start.
    local_llm_ready_timeout_seconds: float = Field(300.0, gt=0)
    # LiveKit's LLM request timeout (10 s by default) is too short for a
    # cold prompt on a small CPU.
    local_llm_timeout_seconds: float = Field(60.0, gt=0)
    # Short spoken replies: a cap on generated tokens per reply.
    local_llm_max_tokens: int = Field(120, ge=8)
    # RAM for saved prompt states in the llama.cpp server (0: only the previous
    # request's prefix is reused; saved states copy the whole context each).
    local_llm_prompt_cache_mb: int = Field(0, ge=0)
    # More command-line arguments for the llama.cpp server (llama_cpp.server's
    # options, e.g. "--flash_attn true"), after the agent's own: the last one wins.
    local_llm_server_args: str = ""
    # Memories per turn for the local model (each is prompt it evaluates first).
    local_recall_top_k: int = Field(3, ge=1, le=50)
    # Date recalled memories compactly ("yesterday"; "2 months ago, 3 Oct": no year when
    # it is this one's) instead of "yesterday, 02 Dec 2026": each digit is a token the
    # model evaluates before its first word. Empty: on with the local model only.
    recall_short_dates: bool | None = None
    # Text-to-speech on this machine: piper (optional GPL extra, natural voice),
    # espeak (always available, robotic), or auto (piper when installed).
    local_tts: Literal["auto", "piper", "espeak"] = "auto"
    # Offer the memory tools to the LLM. Empty: on with cloud models, off with
    # the local model (small models garble streamed tool calls; memories are
    # stored by extraction either way).
    llm_tools_enabled: bool | None = None

    log_level: str = "INFO"

    @field_validator("redis_url", mode="before")
    @classmethod
    def _redis_off(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("", "off", "none"):
            return None
        return value

    @property
    def openai_configured(self) -> bool:
        return self.openai_api_key is not None or self.openai_base_url is not None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, read once on first use."""
    return Settings()
