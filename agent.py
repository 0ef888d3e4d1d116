"""Companion: the LiveKit voice agent.

    python agent.py console          talk in this terminal (no LiveKit server)
    python agent.py console --text   type instead of speaking
    python agent.py dev | start      join rooms on LIVEKIT_URL

One session, as a lifecycle:

1. identity: the participant's identity (a UUID) or its metadata
   ``{"user_id": ..., "onboarding": {...}}``; the console uses
   ``settings.console_user_id``. An id that does not validate starts a guest
   session: the agent talks but has no memory, and says so.
2. open: ensure the profile exists, onboard a new user who brought onboarding
   data, start a conversation session, put the profile in the instructions,
   and say the continuity-aware greeting verbatim.
3. every user turn: screen it for safety, recall under ``settings.recall_budget_ms``
   and add what was found to this turn's context as a delimited ``<memory>``
   message, in ``llm_node``, where LiveKit's preemptive draft of a spoken reply
   also passes, so a draft that LiveKit keeps already carries its memory.
4. after every message: record the turn, learn from the user's words, refresh
   the profile, all in background tasks the reply never waits for.
   If the user is erased meanwhile (by this worker or any other), the next
   turn notices (one generation read beside the recall), and the session goes
   on without memory and without the conversation so far.
5. close: drain background work, end the conversation session (summary and
   open threads for the next greeting), flush pending writes, log usage.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import signal
import sys
import time
from collections.abc import AsyncIterable, Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import httpx
import pydantic
from livekit.agents import (
    NOT_GIVEN,
    Agent,
    AgentServer,
    AgentSession,
    AgentStateChangedEvent,
    APIConnectOptions,
    ConversationItemAddedEvent,
    ErrorEvent,
    JobContext,
    JobExecutorType,
    JobProcess,
    ModelSettings,
    cli,
    llm as lk_llm,
    room_io,
    tts as lk_tts,
)
from livekit.agents.types import NotGivenOr
from livekit.agents.voice.agent_session import SessionConnectOptions

# LiveKit plugins must register on the main thread, i.e. at import; importing
# them loads no model and opens no connection.
from livekit.plugins import (
    openai as lk_openai,
    silero,
    upliftai,  # noqa: F401  (used by uplift_tts.build_tts)
)

import uplift_tts
from agent_prompts import (
    ERASED_INSTRUCTIONS_NOTE,
    FALLBACK_GREETING,
    GUEST_GREETING,
    GUEST_INSTRUCTIONS_NOTE,
    INCOGNITO_GREETING,
    INCOGNITO_INSTRUCTIONS_NOTE,
    INCOGNITO_LINE,
    LLM_FAILED_LINE,
    MEMORY_MESSAGE_ROLE,
    MEMORY_MESSAGE_TAG,
    RESUME_CONTEXT_TURNS,
    RESUME_LINE,
    SAFETY_MESSAGE_TAG,
    build_instructions,
    format_memory_block,
    memory_block_head,
)
from agent_tools import CompanionTools
from core.config import Settings
from core.errors import (
    CompanionError,
    ConfigurationError,
    InvalidUserIdError,
    LocalModelError,
    OnboardingDataError,
    UserErasedError,
)
from core.heap import freeze_startup_heap
from core.models import new_id, utcnow
from core.validators import validate_user_id
from providers import selection
from providers.speech_chunks import tts_sentence_tokenizer
from services.container import Services, build_services
from services.embedding_service import preload_local_embedding_model
from services.metrics import ProcessMetricsServer
from services.profile_service import format_profile_for_prompt
from services.safety_service import SafeResponse

if TYPE_CHECKING:
    from livekit.agents import stt as stt_mod, tts as tts_mod, vad as vad_mod

logger = logging.getLogger("companion.agent")

# How many earlier messages give the recall query its conversational context.
RECENT_TURNS_FOR_RECALL = 6
# Recall has its own budget inside the RAG service; this outer guard only
# protects the reply from a recall that hangs outright (a dead connection).
RECALL_HARD_TIMEOUT_FACTOR = 4
RECALL_HARD_TIMEOUT_FLOOR_S = 1.0
# Recalls kept for reuse: a turn's drafts (LiveKit makes at most 3) and its reply.
RECALLS_KEPT = 4
# Words as LiveKit compares transcripts (case and punctuation aside).
_WORD = re.compile(r"\w+")
# How long a worker process may take to prewarm (load its models) before LiveKit gives up on it.
PREWARM_TIMEOUT_S = 120.0


# --------------------------------------------------------------------------
# Identity
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionIdentity:
    """Who this session is for. ``user_id`` is None for a guest session."""

    user_id: str | None
    onboarding: dict[str, Any] | None = None
    problem: str | None = None  # why the identity was rejected, for logs
    # The app asked for this session with memory paused (metadata "incognito": true).
    incognito: bool = False


# Participant metadata is set by the app that admitted the user; anything much
# larger than an id plus onboarding answers is not ours, and parsing it would
# only cost the worker time and memory.
MAX_METADATA_CHARS = 16_384
# Onboarding answers are a flat object with a few lists; deeper nesting that the
# parser accepted would still reach recursive code further on (deep copies,
# validation), so it is refused here.
MAX_METADATA_DEPTH = 8


def _nesting_depth(value: object) -> int:
    """How deeply lists and objects nest in parsed JSON (iterative: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_metadata(metadata: str | None) -> tuple[dict[str, Any], str | None]:
    """Participant metadata as a JSON object, or ``({}, reason)``.

    Hostile metadata (megabytes, nesting deep enough to exhaust the parser's
    recursion, numbers too long to convert, a JSON array) is rejected with a
    reason for the log, never an exception: the session goes on without it.
    """
    if not metadata:
        return {}, None
    if len(metadata) > MAX_METADATA_CHARS:
        return {}, f"metadata is {len(metadata)} characters (limit {MAX_METADATA_CHARS})"
    try:
        parsed = json.loads(metadata)
    except RecursionError:
        return {}, "metadata JSON is nested too deeply"
    except ValueError as error:  # JSONDecodeError, and over-long integer literals
        return {}, f"metadata is not valid JSON ({type(error).__name__})"
    if not isinstance(parsed, dict):
        return {}, f"metadata is JSON {type(parsed).__name__}, not an object"
    if _nesting_depth(parsed) > MAX_METADATA_DEPTH:
        return {}, f"metadata nests deeper than {MAX_METADATA_DEPTH} levels"
    return parsed, None


def resolve_identity(participant_identity: str | None, metadata: str | None) -> SessionIdentity:
    """Identity from a LiveKit participant.

    The identity itself is used when it is a UUID; otherwise the metadata JSON
    must carry ``user_id``. ``onboarding`` in the metadata is passed along either
    way. Anything that does not validate gives a guest identity with the reason.
    """
    meta, metadata_problem = parse_metadata(metadata)
    if metadata_problem is not None:
        logger.warning("ignoring participant metadata: %s", metadata_problem)
    onboarding = meta.get("onboarding") if isinstance(meta.get("onboarding"), dict) else None
    incognito = meta.get("incognito") is True

    candidates = [participant_identity, meta.get("user_id")]
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            return SessionIdentity(validate_user_id(candidate), onboarding, incognito=incognito)
        except InvalidUserIdError:
            continue
    shown = str(participant_identity)[:60]
    problem = f"participant {shown!r} has no UUID identity and no valid metadata user_id"
    if metadata_problem is not None:
        problem = f"{problem}; {metadata_problem}"
    return SessionIdentity(None, None, problem=problem)


def console_identity(settings: Settings) -> SessionIdentity:
    """The console has no participant: the configured console user."""
    try:
        return SessionIdentity(validate_user_id(settings.console_user_id))
    except InvalidUserIdError as error:
        return SessionIdentity(None, problem=f"CONSOLE_USER_ID is invalid: {error}")


# --------------------------------------------------------------------------
# Providers
# --------------------------------------------------------------------------


def _openai_api_key(settings: Settings, base_url: str | None) -> str:
    """The key for an OpenAI-compatible endpoint. Local servers ignore the key
    but the client insists on one, so a placeholder is used when a base URL is
    configured without a key."""
    if settings.openai_api_key is not None:
        return settings.openai_api_key.get_secret_value()
    if base_url:
        return "not-needed-for-local-server"
    raise ConfigurationError(
        "OPENAI_API_KEY is not set (or set OPENAI_BASE_URL to use a local OpenAI-compatible server)"
    )


def build_llm(settings: Settings, openai_client: Any | None = None) -> lk_llm.LLM:
    """The conversation LLM through livekit-plugins-openai (any compatible
    server: OpenAI, or in local mode the llama.cpp server on this machine)."""
    max_tokens = settings.llm_max_tokens if settings.llm_max_tokens is not None else NOT_GIVEN
    # llama.cpp's server reads ``max_tokens`` and ignores ``max_completion_tokens``:
    # without it a local reply runs on, holding the one model while the user
    # already speaks again.
    extra_body: NotGivenOr[dict[str, Any]] = (
        {"max_tokens": settings.llm_max_tokens}
        if settings.companion_mode == "local" and settings.llm_max_tokens is not None
        else NOT_GIVEN
    )
    if openai_client is not None:
        return lk_openai.LLM(
            model=settings.llm_model,
            temperature=settings.llm_temperature,
            client=openai_client,
            max_completion_tokens=max_tokens,
            extra_body=extra_body,
        )
    return lk_openai.LLM(
        model=settings.llm_model,
        temperature=settings.llm_temperature,
        base_url=settings.openai_base_url or NOT_GIVEN,
        api_key=_openai_api_key(settings, settings.openai_base_url),
        max_completion_tokens=max_tokens,
        extra_body=extra_body,
        # The plugin's default read timeout (5 s) is shorter than a local
        # model's first token on a cold prompt.
        # (openai types it against its vendored httpx fork; the timeout object is the same.)
        timeout=httpx.Timeout(settings.llm_request_timeout_seconds, connect=5.0),  # type: ignore[arg-type]
    )


def build_stt(settings: Settings) -> stt_mod.STT:
    """Speech-to-text through livekit-plugins-openai; the non-realtime API so any
    OpenAI-compatible transcription server works (VAD segments the audio).
    Local mode: faster-whisper on this machine, behind the same interface."""
    if selection.choose_mode(settings).mode == "local":
        return selection.load_local_stt(settings)
    base_url = settings.stt_base_url or settings.openai_base_url
    return lk_openai.STT(
        model=settings.stt_model,
        language=settings.agent_language,
        base_url=base_url or NOT_GIVEN,
        api_key=_openai_api_key(settings, base_url),
        use_realtime=False,
    )


def build_tts(settings: Settings) -> tts_mod.TTS:
    """Text-to-speech for ``settings.tts_provider`` (OpenAI-compatible, or Uplift
    with OpenAI as its fallback): see uplift_tts.build_tts. Local mode: Piper or
    espeak-ng on this machine, behind the same interface. Built once per
    worker process (prewarm) and shared by its sessions, chunking included."""
    if selection.choose_mode(settings).mode == "local":
        return chunked_tts(selection.load_local_tts(settings), settings)
    return chunked_tts(uplift_tts.build_tts(settings), settings)


def chunked_tts(plugin: tts_mod.TTS, settings: Settings) -> tts_mod.TTS:
    """A non-streaming TTS behind LiveKit's StreamAdapter with the tokenizer
    that cuts the reply for it (what LiveKit's tts_node would wrap it in,
    with the first clause (or its first TTS_FIRST_WORDS words) apart when
    TTS_FIRST_CLAUSE is on)."""
    if plugin.capabilities.streaming or not selection.first_clause_enabled(settings):
        return plugin
    tokenizer = tts_sentence_tokenizer(first_clause=True, first_words=settings.tts_first_words)
    return lk_tts.StreamAdapter(tts=plugin, sentence_tokenizer=tokenizer)


def load_vad() -> vad_mod.VAD:
    """Silero VAD; its model ships in the livekit-plugins-silero wheel."""
    return silero.VAD.load()


def load_turn_detector() -> Any:
    """LiveKit's built-in end-of-turn model, forced to the local ``v1-mini``.

    It ships inside the livekit-local-inference wheel, so it works offline; the
    default ("v1" in dev mode) would call LiveKit's cloud inference gateway.
    """
    from livekit.agents import inference

    return inference.TurnDetector(version="v1-mini")


def build_agent_session(
    settings: Settings,
    services: Services,
    *,
    llm: lk_llm.LLM | None = None,
    tts: Any | None = None,
    stt: Any | None = None,
    vad: Any | None = None,
    turn_detector: Any | None = None,
    text_only: bool = False,
) -> AgentSession:
    """The AgentSession the CompanionAgent runs in.

    Anything not passed is built from settings. ``text_only`` leaves out
    speech (no STT, TTS, VAD or turn detector): for tests and text chat.
    """
    if llm is None:
        pool = getattr(services, "pool", None)
        client = pool.openai_client() if pool is not None else None
        llm = build_llm(settings, client)
    # LiveKit's default LLM timeout (10 s) is raised for a local model.
    conn_options = SessionConnectOptions(
        llm_conn_options=APIConnectOptions(timeout=settings.llm_request_timeout_seconds)
    )
    if text_only:
        return AgentSession(
            llm=llm, vad=None, turn_handling={"turn_detection": None}, conn_options=conn_options
        )
    return AgentSession(
        llm=llm,
        # Browsers and phones cancel echo on the device; the warm-up window only
        # needs to cover the canceller's first moments (see AEC_WARMUP_SECONDS).
        aec_warmup_duration=settings.aec_warmup_seconds or None,
        conn_options=conn_options,
        stt=stt if stt is not None else build_stt(settings),
        tts=tts if tts is not None else build_tts(settings),
        vad=vad if vad is not None else load_vad(),
        turn_handling={
            "turn_detection": turn_detector if turn_detector is not None else load_turn_detector(),
            # The reply is drafted on the final transcript while the end of
            # turn is still being decided. The draft recalls in llm_node, and
            # on_user_turn_completed leaves the context alone on an ordinary
            # turn, so LiveKit keeps the draft (memory block included) when the
            # turn ends with the same words.
            "preemptive_generation": {"enabled": settings.preemptive_generation},
        },
    )


# --------------------------------------------------------------------------
# Per-session bookkeeping
# --------------------------------------------------------------------------


@dataclass
class TurnTimings:
    """What the agent itself adds to a turn, and what the providers reported."""

    recall_ms: list[float] = field(default_factory=list)
    recall_timeouts: int = 0
    # Recalls started, and replies that reused one already made for the same words
    # (a crisis turn's fresh reply reusing its discarded draft's recall).
    recalls_started: int = 0
    recalls_reused: int = 0
    # Spoken turns, and how many were answered by LiveKit's preemptive draft.
    spoken_turns: int = 0
    preemptive_kept: int = 0
    llm_ttft_ms: list[float] = field(default_factory=list)
    # Turns whose reply followed the safe-response policy.
    safety_turns: int = 0
    # Replies the LLM could not give (the user heard LLM_FAILED_LINE instead).
    llm_failures: int = 0

    def summary(self) -> dict[str, Any]:
        def p50(values: list[float]) -> float | None:
            return round(sorted(values)[len(values) // 2], 2) if values else None

        return {
            "turns_recalled": len(self.recall_ms),
            "recall_p50_ms": p50(self.recall_ms),
            "recall_timeouts": self.recall_timeouts,
            "recalls_started": self.recalls_started,
            "recalls_reused": self.recalls_reused,
            "spoken_turns": self.spoken_turns,
            "preemptive_kept": self.preemptive_kept,
            "llm_ttft_p50_ms": p50(self.llm_ttft_ms),
            "safety_turns": self.safety_turns,
            "llm_failures": self.llm_failures,
        }


class BackgroundWork:
    """Fire-and-forget tasks that are still kept, logged and drained.

    The reply path schedules writes here and never awaits them; at session end
    ``drain`` waits (bounded) so nothing in flight is lost.
    """

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.failures = 0

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        if (error := task.exception()) is not None:
            self.failures += 1
            logger.error("background task %s failed", task.get_name(), exc_info=error)

    @property
    def pending(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float) -> bool:
        """Wait for every task (including ones spawned while draining)."""
        deadline = time.monotonic() + timeout
        while self._tasks:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                logger.warning("%d background task(s) still running at session end", len(self._tasks))
                return False
            await asyncio.wait(set(self._tasks), timeout=remaining)
        return True


async def _logged(what: str, awaitable: Awaitable[Any]) -> Any:
    """Await one step of background work; a failure is logged, not raised, so
    the next independent step (e.g. learning after recording) still runs."""
    try:
        return await awaitable
    except UserErasedError:
        logger.info("%s skipped: the user was erased", what)
        return None
    except Exception:
        logger.exception("%s failed", what)
        return None


# --------------------------------------------------------------------------
# The agent
# --------------------------------------------------------------------------


class CompanionAgent(CompanionTools, Agent):
    """The voice companion for one user (or a guest) in one session."""

    def __init__(
        self,
        settings: Settings,
        services: Services,
        identity: SessionIdentity,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._settings = settings
        # Session timestamps and the greeting's sense of "since we last talked"
        # come from here; tests move it forward to play "next week".
        self.clock = clock
        self._services = services
        self.identity = identity
        self.user_id: str | None = identity.user_id
        # The user's generation when the session opened; a different one (or an
        # erasure) seen later means their data was erased mid-session.
        self._generation: int | None = None
        self.erased = False
        self.session_id: str | None = None
        # Given to the user's latest turn when it enters the chat, before it is
        # recorded (after the reply), so a memory a tool saves meanwhile can name it.
        self.user_turn_id: str | None = None
        # True when this session continues one dropped moments ago.
        self.resumed = False
        self.greeting: str | None = None
        # Memory paused (incognito): nothing from this session is stored, not
        # even its turns. Set from the start (the app asked, or the user's
        # privacy setting) or from the moment the user asks (pause_memory).
        self.incognito = identity.incognito
        self.timings = TurnTimings()
        self.background = BackgroundWork()
        # Ids of user messages that already got their recall, so a second pass
        # through llm_node (a tool call's follow-up) never adds a second block.
        self._recalled_message_ids: set[str] = set()
        # Spoken user messages LiveKit confirmed as a finished turn
        # (on_user_turn_completed), and those llm_node saw as a preemptive draft
        # before that: a draft's message that reaches the history was kept.
        self._committed_message_ids: set[str] = set()
        self._draft_message_ids: set[str] = set()
        # User messages whose reply already carries a safe-response policy, and
        # the semantic stage's verdicts on drafts, recorded once the words are final.
        self._policy_message_ids: set[str] = set()
        # The last few recalls by their words and context, so a reply generated
        # again for the same words (a discarded draft) does not recall twice.
        self._recalls: dict[tuple[str, str, tuple[str, ...]], asyncio.Future[Any]] = {}
        self._end_result: asyncio.Future[Any] | None = None
        self.final_usage: dict[str, Any] | None = None
        # The user may speak before the session row exists (opening waits on the
        # database); their turns are recorded once it does.
        self._session_opened = asyncio.Event()
        # User messages whose LLM extraction waits for the session end
        # (LLM_EXTRACTION_TIMING=session_end), with their recorded turn's id.
        self._llm_learning_deferred: list[tuple[str, str | None]] = []
        # Set while no reply is being generated (see _after_user_message).
        self._reply_settled = asyncio.Event()
        self._reply_settled.set()
        # Set once the reply to the latest user message is being heard (or is
        # done): what the user's words set off in the background waits for it,
        # so none of it competes with the reply's first audio.
        self._reply_audible = asyncio.Event()
        self._reply_audible.set()
        # Recording of the latest reply (the user's words are learnt from after it).
        self._reply_recorded: asyncio.Task[Any] | None = None
        # Small local models garble streamed tool calls; without tools, memories
        # are stored by extraction (rules + a schema-constrained LLM call).
        self.tools_enabled = selection.tools_enabled(settings, selection.choose_mode(settings))
        instructions = build_instructions(
            agent_name=settings.agent_name,
            language=settings.agent_language,
            profile_text=None,
            tools=self.tools_enabled,
        )
        if self.user_id is None:
            instructions = f"{instructions}\n{GUEST_INSTRUCTIONS_NOTE}"
        super().__init__(instructions=instructions)

    # --- lifecycle -------------------------------------------------------------
    async def on_enter(self) -> None:
        """Open the user's session and greet them first."""
        self.session.on("conversation_item_added", self._on_conversation_item_added)
        self.session.on("agent_state_changed", self._on_agent_state_changed)
        self.session.on("error", self._on_session_error)
        if self.user_id is not None:
            # Normally a no-op (the worker's prewarm loaded the model); without
            # a prewarm it loads while the greeting is spoken, not on turn 1.
            self.background.spawn(
                _logged("embedding warm-up", self._services.embedder.warmup()),
                name="companion.warm_embedder",
            )
        # The safety model too (a no-op after the first session in this process).
        self.background.spawn(_logged("safety model warm-up", self._services.safety.warmup()), name="companion.warm_safety")
        try:
            self.greeting = await self.open_user_session()
        except CompanionError:
            # Storage trouble must not leave the user in silence: talk without
            # memory for now (the tools report their own failures).
            logger.exception("could not open the user's session; continuing without memory")
            self.greeting = FALLBACK_GREETING
        finally:
            self._session_opened.set()
        logger.info("greeting user %s: %s", self.user_id, self.greeting)
        self.session.say(self.greeting)
        if self._settings.llm_warm_prompt:
            # While the greeting plays: a model on this machine evaluates the
            # prompt the first reply starts with (instructions with the profile,
            # then the greeting), so the first turn only evaluates what is new.
            self.background.spawn(
                _logged("warm LLM prompt", self.warm_llm_prompt()), name="companion.warm_llm"
            )
        if self.user_id is not None:
            # While the greeting is spoken: the first recall then finds the
            # user's search index in memory instead of loading it on the turn.
            # (Not earlier: the load would queue the greeting's own reads.)
            self.background.spawn(
                _logged("warm recall index", self._services.rag.warm_user(self.user_id)),
                name="companion.warm_recall",
            )

    async def warm_llm_prompt(self, ctx: lk_llm.ChatContext | None = None) -> None:
        """Send a prompt the next reply starts with and stop at the first token,
        so a model on this machine has it evaluated (its cache keeps the last
        prompt; the next request only evaluates what differs from it).

        Without ``ctx``: the conversation's opening (instructions, greeting).
        """
        llm = self.session.llm
        if not isinstance(llm, lk_llm.LLM) or not self.greeting:
            return
        if ctx is None:
            instructions = self.instructions
            ctx = lk_llm.ChatContext()
            ctx.add_message(
                role="system", content=instructions if isinstance(instructions, str) else instructions.render()
            )
            ctx.add_message(role="assistant", content=self.greeting)
        if self.user_id is not None:  # a session that recalls
            ctx = ahead_of_next_turn(ctx)
        tools = lk_llm.ToolContext(self.tools).flatten() if self.tools_enabled else None
        await warm_llm_prefix(llm, ctx, timeout_s=self._settings.llm_request_timeout_seconds, tools=tools)

    async def open_user_session(self) -> str:
        """Profile, onboarding, session row, instructions; returns the greeting."""
        if self.user_id is None:
            logger.warning("starting a guest session without memory: %s", self.identity.problem)
            return GUEST_GREETING
        user_id = self.user_id
        services = self._services
        if self.incognito or await services.privacy.is_paused(user_id):
            return await self._open_incognito(user_id)
        # Onboarding data only applies to someone we have never seen: a returning
        # user's app may keep sending it, and it must not overwrite what they told us.
        is_new_user = await services.users.get_user(user_id) is None
        # Someone connecting with an id that was erased starts over as a new user.
        await services.users.ensure_profile_exists(user_id, restart_erased=True)
        self._generation = (await services.users.user_generation(user_id)).generation
        if self.identity.onboarding and is_new_user:
            try:
                await services.onboarding.onboard(user_id, self.identity.onboarding)
            except OnboardingDataError as error:
                # The app sent something malformed; nothing was written. The
                # conversation itself can still start (and learn the basics).
                logger.warning("ignoring invalid onboarding data for %s: %s", user_id, error)
        resumed = await services.conversations.resume_session(
            user_id, window_s=self._settings.session_resume_window_seconds, now=self.clock()
        )
        session = resumed or await services.conversations.start_session(user_id, now=self.clock())
        self.session_id = session.id
        self.resumed = resumed is not None
        if resumed is not None:
            await self._restore_recent_turns(user_id, resumed.id)
        profile_text = await _logged("profile for prompt", services.profiles.profile_for_prompt(user_id))
        if profile_text:
            await self.update_instructions(
                build_instructions(
                    agent_name=self._settings.agent_name,
                    language=self._settings.agent_language,
                    profile_text=profile_text,
                    tools=self.tools_enabled,
                )
            )
        if resumed is not None:
            # A dropped call: the conversation goes on; "welcome back" would be wrong.
            return RESUME_LINE
        # The session just opened is empty: continuity comes from the ones before.
        return await services.conversations.greeting(
            user_id, self.clock(), exclude_session_id=self.session_id
        )

    async def _open_incognito(self, user_id: str) -> str:
        """Memory paused: reads only. No user, profile or session row is
        created (so no turn or summary can attach to one); the agent says so."""
        self.incognito = True
        services = self._services
        known = await services.users.get_user(user_id) is not None
        profile = await services.users.get_profile(user_id) if known else None
        await self.update_instructions(
            "\n".join(
                (
                    build_instructions(
                        agent_name=self._settings.agent_name,
                        language=self._settings.agent_language,
                        profile_text=format_profile_for_prompt(profile.data or {}, profile.summary) if profile else None,
                        tools=self.tools_enabled,
                    ),
                    INCOGNITO_INSTRUCTIONS_NOTE,
                )
            )
        )
        if not known:
            return INCOGNITO_GREETING
        greeting = await services.conversations.greeting(user_id, self.clock())
        return f"{greeting} {INCOGNITO_LINE}"

    def pause_memory_now(self) -> None:
        """From this moment nothing of this session is stored (the user asked)."""
        self.incognito = True
        self._llm_learning_deferred.clear()

    async def _restore_recent_turns(self, user_id: str, session_id: str) -> None:
        """Put the resumed session's last turns back into the chat context, so
        the LLM continues the conversation it was in."""
        turns = await self._services.conversations.recent_turns(user_id, session_id, limit=RESUME_CONTEXT_TURNS)
        if not turns:
            return
        context = self.chat_ctx.copy()
        for turn in turns:
            context.add_message(role=turn.role.value, content=turn.text)
        await self.update_chat_ctx(context)

    async def on_exit(self) -> None:
        await self.end_user_session()

    async def end_user_session(self) -> Any:
        """Drain background work, end the conversation session, flush writes and
        log usage. Idempotent: later calls return the first call's result."""
        if self._end_result is None:
            self._end_result = asyncio.ensure_future(self._end_user_session_once())
        return await asyncio.shield(self._end_result)

    async def _end_user_session_once(self) -> Any:
        self._session_opened.set()  # never opened: queued recordings give up now
        # No reply is coming now: what waits for one runs.
        self._reply_audible.set()
        self._reply_settled.set()
        await self.background.drain(self._settings.agent_drain_timeout_seconds)
        if (
            self.user_id is not None
            and self._settings.llm_extraction_timing == "session_end"
            and not self.incognito
        ):
            await _logged("deferred LLM learning", self._learn_deferred(self.user_id))
        if self.user_id is not None:
            # What the user said last reaches the profile the next greeting reads
            # (a refresh still waiting out its debounce delay runs now).
            await _logged(
                "settle profile refresh",
                asyncio.wait_for(
                    self._services.profiles.settle(self.user_id), timeout=self._settings.agent_drain_timeout_seconds
                ),
            )
        # Escalations heard in this session are stored (and sent) before it ends.
        await self._services.safety.drain(self._settings.agent_drain_timeout_seconds)
        ended = None
        if self.user_id is not None and self.session_id is not None:
            ended = await _logged(
                "end_session",
                self._services.conversations.end_session(
                    self.user_id, self.session_id, now=self.clock()
                ),
            )
        if self.user_id is not None:
            # A recall that missed its budget is still running; let it finish
            # rather than have it find the store closed under it.
            await _logged("pending recall", self._services.rag.wait_pending(self.user_id, timeout=2.0))
        batcher = getattr(self._services, "batcher", None)
        if batcher is not None:
            await _logged("batcher flush", batcher.flush())
        self.final_usage = self.usage_report()
        logger.info("session usage: %s", json.dumps(self.final_usage, default=str))
        return ended

    def usage_report(self) -> dict[str, Any]:
        """Per-model usage LiveKit collected for this session (LLM tokens, TTS
        characters/audio, STT audio) plus the turn timings the agent measured
        (recall time, budget overruns, LLM time to first token)."""
        models: list[dict[str, Any]] = []
        try:
            models = [
                {k: v for k, v in usage.model_dump().items() if v not in (0, 0.0, None)}
                for usage in self.session.usage.model_usage
            ]
        except RuntimeError:
            pass  # the agent never ran in a session
        return {"user_id": self.user_id, "models": models, "turns": self.timings.summary()}

    # --- every turn --------------------------------------------------------------
    async def on_user_turn_completed(
        self, turn_ctx: lk_llm.ChatContext, new_message: lk_llm.ChatMessage
    ) -> None:
        """A spoken turn is final: screen it for safety (memory is added in llm_node).

        LiveKit may already be drafting the reply (preemptive generation) and
        keeps that draft only if this hook leaves the turn's context as it was.
        So an ordinary turn changes nothing here: the draft recalled for itself
        in llm_node. A crisis turn does change it (the safe-response policy goes
        just before the user's words): LiveKit then drops the draft and generates
        the reply again with the policy, reusing the draft's recall.
        """
        self._committed_message_ids.add(new_message.id)
        self.add_safety_policy_to_turn(turn_ctx, new_message)

    async def llm_node(
        self,
        chat_ctx: lk_llm.ChatContext,
        tools: list[lk_llm.Tool],
        model_settings: ModelSettings,
    ) -> AsyncIterable[Any]:
        # Every reply passes here: a spoken turn's preemptive draft (before the
        # turn is confirmed), a spoken turn's reply after it, and typed input
        # (session.run, console --text, room chat), for which LiveKit 1.8.9 never
        # calls on_user_turn_completed. The user message being answered gets
        # its memory block here, once.
        latest = chat_ctx.items[-1] if chat_ctx.items else None
        if (
            isinstance(latest, lk_llm.ChatMessage)
            and latest.role == "user"
            and not latest.extra.get(MEMORY_MESSAGE_TAG)  # the block is user-role too
            and latest.id not in self._recalled_message_ids
        ):
            if latest.id in self._committed_message_ids:
                pass  # screened in on_user_turn_completed; a policy is already in chat_ctx
            elif latest.transcript_confidence is not None:
                # Spoken but not confirmed yet: a preemptive draft. It is screened
                # once confirmed (a crisis turn then replaces the draft), so no
                # escalation or classifier call is made for words that may change.
                self._draft_message_ids.add(latest.id)
            else:
                self.add_safety_policy_to_turn(chat_ctx, latest)  # typed: no hook ran
            await self.add_recall_to_turn(chat_ctx, latest)
        if not self.tools_enabled:
            tools = []
        async for chunk in Agent.default.llm_node(self, chat_ctx, tools, model_settings):
            yield chunk

    def add_safety_policy_to_turn(self, chat_ctx: lk_llm.ChatContext, message: lk_llm.ChatMessage) -> str | None:
        """Screen the user's message; on a crisis signal, put this turn's
        safe-response policy (with the crisis lines for the user's locale) just
        before it. Returns the policy text, or None. Sub-millisecond: the
        recording, webhook and classifier run in the background."""
        text = (message.text_content or "").strip()
        if not text:
            return None
        try:
            # Incognito: the policy still shapes the reply, but like a guest's
            # turn nothing is recorded (no escalation row, no webhook).
            response = (
                self._services.safety.check_turn(None, None, text)
                if self.incognito
                else self._services.safety.check_turn(self.user_id, self.session_id, text)
            )
        except Exception:
            logger.exception("safety screen failed")
            return None
        if response is None:
            return None
        self._insert_policy(chat_ctx, message, response)
        return response.policy

    def start_meaning_check(self, message: lk_llm.ChatMessage, text: str) -> asyncio.Future[SafeResponse | None] | None:
        """The safety model's reading of ``message``, started beside its recall
        (it runs in a worker thread); None when the model is not loaded or the
        screen already gave this turn a policy."""
        if self._services.safety.model is None or message.id in self._policy_message_ids:
            return None
        return asyncio.ensure_future(self._services.safety.assess_meaning(text))

    async def add_semantic_policy_to_turn(
        self,
        chat_ctx: lk_llm.ChatContext,
        message: lk_llm.ChatMessage,
        text: str,
        vector: Any,
        meaning: asyncio.Future[SafeResponse | None] | None = None,
    ) -> str | None:
        """The meaning stage: the safety model's verdict (``meaning``), or the
        linear stage on the vector recall computed for ``message``. A crisis
        signal the patterns missed gets this reply a gentle check-in (escalated
        only if the classifier confirms it). Returns the policy text, or None."""
        if message.id in self._policy_message_ids or (meaning is None and vector is None):
            if meaning is not None:
                meaning.cancel()
            return None
        if meaning is not None and not meaning.done():
            # Started beside recall; the reply waits for it only so long after recall.
            await asyncio.wait({meaning}, timeout=self._settings.safety_model_wait_ms / 1000)
            if not meaning.done():
                self._services.safety.carry_meaning_over(self.user_id, self.session_id, meaning)
                return None
        try:
            response = await meaning if meaning is not None else self._services.safety.check_vector(text, vector)
        except Exception:
            logger.exception("semantic safety screen failed")
            return None
        if response is None:
            return None
        self._insert_policy(chat_ctx, message, response)
        return response.policy

    def _insert_policy(self, chat_ctx: lk_llm.ChatContext, message: lk_llm.ChatMessage, response: SafeResponse) -> None:
        self.timings.safety_turns += 1
        self._policy_message_ids.add(message.id)
        chat_ctx.insert(
            lk_llm.ChatMessage(
                role="system",
                content=[response.policy],
                created_at=message.created_at - 2e-6,
                extra={SAFETY_MESSAGE_TAG: response.category},
            )
        )

    async def add_recall_to_turn(
        self, chat_ctx: lk_llm.ChatContext, message: lk_llm.ChatMessage
    ) -> str | None:
        """Recall for ``message`` and insert the memory block just before it.

        Returns the block text (None when nothing was found). Never raises:
        a failed or slow recall means the reply goes on without memory.
        """
        self._recalled_message_ids.add(message.id)
        text = (message.text_content or "").strip()
        if self.user_id is None or not text:
            return None
        budget_ms = self._settings.recall_budget_ms
        started = time.perf_counter()
        # Beside the recall (it costs one indexed read): was the user erased
        # since the session opened, here or by another worker?
        still_ours = asyncio.ensure_future(self._user_still_exists(self.user_id))
        key, recall = self._recall(self.user_id, recent_turn_texts(chat_ctx, exclude=message), text)
        meaning = self.start_meaning_check(message, text)
        try:
            # Shielded: a draft LiveKit drops stops waiting, but its recall goes
            # on for the reply that replaces it.
            result = await asyncio.wait_for(
                asyncio.shield(recall),
                timeout=max(RECALL_HARD_TIMEOUT_FLOOR_S, RECALL_HARD_TIMEOUT_FACTOR * budget_ms / 1000),
            )
        except Exception:
            logger.exception("recall failed; replying without memory")
            recall.cancel()  # hung (the hard timeout) or failed: nobody should reuse it
            self._recalls.pop(key, None)
            result = None
        finally:
            self.timings.recall_ms.append((time.perf_counter() - started) * 1000)
        if not await still_ours:
            if meaning is not None:
                meaning.cancel()
            await self.forget_erased_user(chat_ctx, keep=message)
            return None
        # The model read the words beside recall; without it, the linear stage
        # reads the vector recall embedded the message with.
        await self.add_semantic_policy_to_turn(
            chat_ctx, message, text, getattr(result, "message_vector", None), meaning
        )
        if result is None:
            return None
        if getattr(result, "timed_out", False):
            self.timings.recall_timeouts += 1
        context_text = (getattr(result, "context_text", "") or "").strip()
        if not context_text:
            return None
        block = format_memory_block(context_text)
        # Just before the user's message, so the user's words stay last; in a
        # user-role message (see MEMORY_MESSAGE_ROLE for why not assistant/system).
        chat_ctx.insert(
            lk_llm.ChatMessage(
                role=MEMORY_MESSAGE_ROLE,
                content=[block],
                created_at=message.created_at - 1e-6,
                extra={MEMORY_MESSAGE_TAG: True},
            )
        )
        return block

    def _recall(
        self, user_id: str, context: list[str], text: str
    ) -> tuple[tuple[str, str, tuple[str, ...]], asyncio.Future[Any]]:
        """The recall for these words in this context: the one already running
        or done for them (a dropped draft's), or a new one. Words are compared
        as LiveKit compares transcripts: case and punctuation aside."""
        key = (user_id, " ".join(_WORD.findall(text.casefold())), tuple(context))
        recall = self._recalls.get(key)
        if recall is not None and not recall.cancelled():
            self.timings.recalls_reused += 1
            return key, recall
        self.timings.recalls_started += 1
        recall = asyncio.ensure_future(
            self._services.rag.recall_for_turn(
                user_id,
                context,
                text,
                self._settings.recall_budget_ms,
                limit=self._settings.recall_top_k,
                # Incognito reads memories but leaves no trace, not even access counts.
                record_access=not self.incognito,
            )
        )
        self._recalls[key] = recall
        while len(self._recalls) > RECALLS_KEPT:  # oldest first (insertion order)
            del self._recalls[next(iter(self._recalls))]
        return key, recall

    async def _user_still_exists(self, user_id: str) -> bool:
        """False once the user was erased since the session opened (even if the
        id has started over since: that is someone else's session now)."""
        if self._generation is None:
            return True
        try:
            state = await self._services.users.user_generation(user_id)
        except CompanionError:
            return True  # storage trouble is not an erasure; writes stay fenced by the store
        return not state.erased and state.generation == self._generation

    async def forget_erased_user(self, chat_ctx: lk_llm.ChatContext, *, keep: lk_llm.ChatMessage) -> None:
        """The user was erased mid-session: drop what this session holds of them.

        Memory is off from now on (tools refuse, nothing is recorded), and the
        conversation so far leaves the context, this turn's included, so the
        reply cannot repeat what was erased. Only ``keep`` (the message being
        answered) and the instructions, without the profile, remain.
        """
        if self.user_id is not None:
            self._services.rag.forget_user(self.user_id)
        logger.info("user %s was erased during the session; continuing without memory", self.user_id)
        self.user_id = None
        self.erased = True
        instructions = "\n".join(
            (
                build_instructions(
                    agent_name=self._settings.agent_name, language=self._settings.agent_language, profile_text=None
                ),
                ERASED_INSTRUCTIONS_NOTE,
            )
        )

        def cleared(items: list[lk_llm.ChatItem]) -> list[lk_llm.ChatItem]:
            kept: list[lk_llm.ChatItem] = []
            for item in items:
                if isinstance(item, lk_llm.ChatMessage) and item.role in ("system", "developer"):
                    item.content = [instructions]
                    kept.append(item)
                elif item.id == keep.id:
                    kept.append(item)
            return kept

        chat_ctx.items[:] = cleared(list(chat_ctx.items))
        await self.update_instructions(instructions)
        await self.update_chat_ctx(lk_llm.ChatContext(items=cleared(list(self.chat_ctx.items))))

    # --- after every message (background) --------------------------------------
    def _on_conversation_item_added(self, event: ConversationItemAddedEvent) -> None:
        item = event.item
        if not isinstance(item, lk_llm.ChatMessage) or item.role not in ("user", "assistant"):
            return
        if item.extra.get(MEMORY_MESSAGE_TAG):
            return
        text = (item.text_content or "").strip()
        if self.user_id is None or not text:
            return
        if item.role == "assistant" and (ttft := item.metrics.get("llm_node_ttft")) is not None:
            self.timings.llm_ttft_ms.append(ttft * 1000)
        if self.incognito:
            return  # nothing recorded, learned, summarised or cached for later
        if item.role == "user":
            if item.id in self._draft_message_ids or item.id in self._committed_message_ids:
                self.timings.spoken_turns += 1
                self.timings.preemptive_kept += item.id in self._draft_message_ids
            self._reply_settled.clear()
            self._reply_audible.clear()
            self.user_turn_id = turn_id = new_id()
            self.background.spawn(self._after_user_message(text, turn_id), name="companion.after_user")
        else:
            self._reply_settled.set()
            self._reply_audible.set()
            # The reply has been spoken: the user now talks for seconds, time
            # enough to embed the conversation so far, so the next recall only
            # embeds their new message (RagService.prepare_context).
            self._services.rag.prepare_context(self.user_id, recent_turn_texts(self.chat_ctx))
            if self._settings.llm_warm_prompt:
                # Same idea for a model on this machine: while the user talks it
                # evaluates the exchange that just ended, so the next turn's
                # prompt only adds that turn's memory block and words (~3x less
                # prompt to evaluate before the first token).
                self.background.spawn(
                    _logged("warm LLM conversation", self.warm_llm_prompt(self.chat_ctx.copy())),
                    name="companion.warm_llm",
                )
            self._reply_recorded = self.background.spawn(
                _logged("record assistant turn", self._record_turn("assistant", text)),
                name="companion.record_assistant",
            )

    def _on_session_error(self, event: ErrorEvent) -> None:
        """A reply the LLM could not give (a timeout or a refusal after
        LiveKit's retries) must not leave the user in silence: say so in one
        sentence, so they can say it again. (LiveKit closes the session itself
        after several such errors in a row.)"""
        error = event.error
        if getattr(error, "type", None) != "llm_error" or getattr(error, "recoverable", True):
            return
        self.timings.llm_failures += 1
        try:
            self.session.say(LLM_FAILED_LINE)
        except RuntimeError:
            logger.warning("could not tell the user the reply failed: the session is closing")

    def _on_agent_state_changed(self, event: AgentStateChangedEvent) -> None:
        if event.new_state == "speaking":
            self._reply_audible.set()

    async def _learn_deferred(self, user_id: str) -> None:
        """The LLM extraction pass at session end, within the drain budget:
        first the turns an earlier session's pass did not reach, then this
        session's. At ~16 s a call on the local model a long session does not
        fit; what is left stays pending in its session's row (written before
        the pass starts, so a process that ends mid-pass loses nothing either)
        and a later session's end goes on from there."""
        conversations = self._services.conversations
        own = list(self._llm_learning_deferred)
        self._llm_learning_deferred.clear()
        earlier = await _logged("learning backlog", conversations.learning_backlog(user_id)) or []
        queue: list[tuple[str, str | None, str | None, datetime | None]] = [
            (turn.text, turn.id, turn.session_id, turn.created_at) for turn in earlier
        ]
        seen = {turn.id for turn in earlier}
        queue += [(text, turn_id, self.session_id, None) for text, turn_id in own if turn_id is None or turn_id not in seen]
        pending: dict[str, list[str]] = {}
        for _text, turn_id, session_id, _said_at in queue:
            if turn_id is not None and session_id is not None:
                pending.setdefault(session_id, []).append(turn_id)
        if self.session_id in pending:
            await _logged(
                "mark learning pending",
                conversations.mark_learning_pending(user_id, self.session_id, pending[self.session_id]),
            )

        async def learn_all() -> None:
            for text, turn_id, session_id, said_at in queue:
                # The turn id is the memories' provenance, as for the rules' pass;
                # an earlier session's turn is dated when it was said.
                await _logged(
                    "LLM learning",
                    self._services.memory.learn_from_turn(
                        user_id, text, session_id=session_id, turn_id=turn_id, now=said_at, only="llm"
                    ),
                )
                if session_id in pending and turn_id in pending[session_id]:
                    pending[session_id].remove(turn_id)

        try:
            await asyncio.wait_for(learn_all(), timeout=self._settings.agent_drain_timeout_seconds)
        except TimeoutError:
            left = sum(len(ids) for ids in pending.values())
            logger.warning("session-end LLM learning: %d turn(s) left for a later session", left)
        finally:
            for session_id, turn_ids in pending.items():
                await _logged("mark learning pending", conversations.mark_learning_pending(user_id, session_id, turn_ids))

    async def _record_turn(self, role: str, text: str, turn_id: str | None = None) -> Any:
        await self._session_opened.wait()
        if self.user_id is None:  # erased meanwhile: nothing of theirs is recorded
            return None
        if self.incognito:  # memory was paused while this waited
            return None
        if self.session_id is None:  # opening failed: nothing to attach turns to
            logger.warning("not recording a %s turn: no conversation session", role)
            return None
        return await self._services.conversations.record_turn(
            self.user_id, self.session_id, role, text, turn_id=turn_id
        )

    async def _after_user_message(self, text: str, turn_id: str) -> None:
        """Once the reply is being heard: record, learn (extraction +
        consolidation), then refresh the profile.

        The user item is added as the reply starts, so the work would otherwise
        share the event loop, the CPU and the database with the reply's LLM
        request and first audio; a second or two later costs nothing (session
        end drains it). Bounded: a reply that never comes must not stop it.
        """
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._reply_audible.wait(), timeout=self._settings.llm_request_timeout_seconds)
        turn = await _logged("record user turn", self._record_turn("user", text, turn_id))
        user_id = self.user_id
        if user_id is None or self.incognito:  # erased or paused meanwhile
            return
        # Learn once the reply is out and recorded: a "forget ..." in these
        # words then also reaches the agent's read-back of it, and (without
        # tools) the extraction's LLM call does not queue in front of the reply
        # on a model that answers one request at a time. Bounded: a reply that
        # never comes must not stop learning.
        timeout = self._settings.llm_request_timeout_seconds
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._reply_settled.wait(), timeout=timeout)
        if (reply_recorded := self._reply_recorded) is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(reply_recorded), timeout=timeout)
        if self.incognito:  # paused during the reply
            return
        deferred = self._settings.llm_extraction_timing == "session_end"
        # The recorded turn's id is the memories' provenance ("from your conversation on ...");
        # none if it was not recorded.
        recorded_id = getattr(turn, "id", None)
        if deferred:
            self._llm_learning_deferred.append((text, recorded_id))
        await _logged(
            "learn from turn",
            self._services.memory.learn_from_turn(
                user_id, text, session_id=self.session_id, turn_id=recorded_id, only="rules" if deferred else None
            ),
        )


async def warm_llm_prefix(
    llm: lk_llm.LLM, ctx: lk_llm.ChatContext, *, timeout_s: float, tools: list[lk_llm.Tool] | None = None
) -> None:
    """Send ``ctx`` and stop at the first streamed token: the server has then
    evaluated it, and a server that keeps its last prompt (llama.cpp) only
    evaluates what the next request adds after it."""
    options = APIConnectOptions(timeout=timeout_s, max_retry=0)
    async with llm.chat(chat_ctx=ctx, tools=tools, conn_options=options) as stream:
        async for _chunk in stream:
            break


def ahead_of_next_turn(ctx: lk_llm.ChatContext) -> lk_llm.ChatContext:
    """``ctx`` followed by the start of the next turn's prompt as far as it is
    known: a turn with memories opens with the memory block, whose marker and
    framing line never change. A warm-up prompt that ends there leaves the
    turn only its memories and words to evaluate (26 fewer tokens a turn at
    p50 in bench.local_latency); a turn without memories still reuses
    everything before it."""
    ctx = ctx.copy()
    ctx.add_message(role=MEMORY_MESSAGE_ROLE, content=memory_block_head())
    return ctx


def recent_turn_texts(
    chat_ctx: lk_llm.ChatContext, *, exclude: lk_llm.ChatMessage | None = None, limit: int = RECENT_TURNS_FOR_RECALL
) -> list[str]:
    """The last few user/assistant messages (oldest first) as "role: text",
    without memory blocks, for conversation-aware recall."""
    texts: list[str] = []
    for item in reversed(chat_ctx.items):
        if len(texts) >= limit:
            break
        if not isinstance(item, lk_llm.ChatMessage) or item.role not in ("user", "assistant"):
            continue
        if item.extra.get(MEMORY_MESSAGE_TAG) or (exclude is not None and item.id == exclude.id):
            continue
        if content := (item.text_content or "").strip():
            texts.append(f"{item.role}: {content}")
    return list(reversed(texts))


# --------------------------------------------------------------------------
# LiveKit entrypoint
# --------------------------------------------------------------------------


def prewarm(proc: JobProcess) -> None:
    """Load the models once per process, before any job arrives: speech (VAD,
    turn detector) and the local embedding model that every session in this
    process shares, so no user's first turn waits for a model load."""
    proc.userdata["vad"] = load_vad()
    proc.userdata["turn_detector"] = load_turn_detector()
    settings = Settings()
    preload_local_embedding_model(settings)
    if selection.choose_mode(settings).mode == "local":
        # Local speech models load in seconds: here, not on the first turn.
        proc.userdata["stt"] = build_stt(settings)
        proc.userdata["tts"] = build_tts(settings)
    # What this process keeps for its life is loaded: out of the collector's full passes.
    freeze_startup_heap()


def session_settings() -> Settings:
    """This job's settings: local mode points the OpenAI-compatible client at
    the local server the CLI started (LOCAL_LLM_URL)."""
    settings = Settings()
    return selection.effective_settings(settings, selection.choose_mode(settings))


# One per job process, created on its first job when AGENT_METRICS_PORT is set.
_metrics_server: ProcessMetricsServer | None = None


def serve_metrics(settings: Settings, services: Services) -> None:
    """Expose this job's figures on AGENT_METRICS_PORT (the API's /metrics, same names)."""
    global _metrics_server
    if not settings.agent_metrics_port:
        return
    if _metrics_server is None:
        _metrics_server = ProcessMetricsServer(settings.agent_metrics_port)
    _metrics_server.serve(services)


async def entrypoint(ctx: JobContext) -> None:
    """One room (or the console): identify, build, run, and clean up.

    A job that cannot start says why in one sentence; in console mode it also
    ends the process (which would otherwise wait forever for a job that died).
    """
    try:
        await run_session(ctx)
    except Exception as error:
        sentence = f"The agent could not start this session: {error}"
        logger.error(sentence, exc_info=logger.isEnabledFor(logging.DEBUG))
        if ctx.is_fake_job():
            print(sentence, file=sys.stderr, flush=True)
            os.kill(os.getpid(), signal.SIGTERM)
        raise


async def run_session(ctx: JobContext) -> None:
    settings = session_settings()
    services = await build_services(settings)
    serve_metrics(settings, services)

    room_options: room_io.RoomOptions | None = None
    if ctx.is_fake_job():  # console mode: no room, no remote participant
        identity = console_identity(settings)
    else:
        await ctx.connect()
        participant = await ctx.wait_for_participant()
        identity = resolve_identity(participant.identity, participant.metadata)
        # Listen to the person this session was opened for, not whoever joins next.
        room_options = room_io.RoomOptions(participant_identity=participant.identity)

    agent = CompanionAgent(settings, services, identity)
    try:
        session = build_agent_session(
            settings,
            services,
            stt=ctx.proc.userdata.get("stt"),
            tts=ctx.proc.userdata.get("tts"),
            vad=ctx.proc.userdata.get("vad"),
            turn_detector=ctx.proc.userdata.get("turn_detector"),
        )
    except BaseException:
        await services.aclose()
        raise

    async def shutdown() -> None:
        await agent.end_user_session()
        await services.aclose()

    ctx.add_shutdown_callback(shutdown)
    if room_options is None:
        await session.start(agent=agent, room=ctx.room)
    else:
        await session.start(agent=agent, room=ctx.room, room_options=room_options)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------

LIVEKIT_COMMANDS = {"dev", "start", "connect"}
SPEECH_COMMANDS = {"console", "dev", "start", "connect"}


def config_problem(argv: list[str], settings: Settings) -> str | None:
    """One sentence describing the first missing setting for this command, or
    None. Checked before LiveKit's CLI takes over, because that CLI would
    otherwise fail later with a stack trace or keep retrying silently."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in LIVEKIT_COMMANDS:
        given = {a.split("=", 1)[0] for a in argv}
        for variable, value, flag in (
            ("LIVEKIT_URL", settings.livekit_url, "--url"),
            ("LIVEKIT_API_KEY", settings.livekit_api_key, "--api-key"),
            ("LIVEKIT_API_SECRET", settings.livekit_api_secret, "--api-secret"),
        ):
            if not value and flag not in given:
                return (
                    f"{variable} is not set: export {variable} (or add it to .env) "
                    f"so `agent.py {command}` can reach your LiveKit server."
                )
    cloud = selection.choose_mode(settings).mode == "cloud"
    if command in SPEECH_COMMANDS and cloud and not settings.openai_configured:
        return (
            "OPENAI_API_KEY is not set but COMPANION_MODE=cloud: export OPENAI_API_KEY (or "
            "OPENAI_BASE_URL), or use COMPANION_MODE=auto to run the local models."
        )
    if not cloud and command in SPEECH_COMMANDS and not settings.local_llm_url:
        model = selection.local_llm_model_path(settings)
        if not model.is_file():
            return (
                f"The local language model is not set up ({model} is missing): run scripts/setup.sh, "
                "or set OPENAI_API_KEY to use the cloud."
            )
    if command in SPEECH_COMMANDS and cloud and settings.tts_provider == "uplift" and not settings.uplift_api_key:
        return "UPLIFT_API_KEY is not set: export it, or set TTS_PROVIDER=openai."
    return None


def build_server(settings: Settings) -> AgentServer:
    """The LiveKit AgentServer with our prewarm and entrypoint."""
    secret = settings.livekit_api_secret.get_secret_value() if settings.livekit_api_secret else None
    server = AgentServer(
        setup_fnc=prewarm,
        # One process, one copy of the models for all its sessions (bench.density).
        job_executor_type=JobExecutorType(settings.agent_job_executor),
        # prewarm loads torch and the embedding model: seconds on an idle machine,
        # 20-30 s on a busy 2-core one. LiveKit's 10 s default would abandon it.
        initialize_process_timeout=PREWARM_TIMEOUT_S,
        ws_url=settings.livekit_url,
        api_key=settings.livekit_api_key,
        api_secret=secret,
    )
    # Named, so rooms get the agent by explicit dispatch (the HTTP API's room
    # tokens name it), not every room on the server.
    server.rtc_session(entrypoint, agent_name=settings.livekit_agent_name)
    return server


def main(argv: list[str] | None = None) -> int:
    """Check configuration, then hand over to LiveKit's CLI."""
    argv = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # every model we use ships in a wheel
    try:
        settings = Settings()
    except pydantic.ValidationError as error:  # one line, not a trace
        first = str(error).splitlines()
        print(f"Invalid configuration: {' '.join(first[:3])}", file=sys.stderr)
        return 2
    problem = config_problem(argv, settings)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level)
    command = next((a for a in argv if not a.startswith("-")), None)
    choice = selection.choose_mode(settings)
    local_llm = None
    if command in SPEECH_COMMANDS:
        print(choice.sentence(), file=sys.stderr, flush=True)
        if choice.mode == "local" and not settings.local_llm_url:
            try:
                local_llm = start_local_llm(settings)
            except (LocalModelError, TimeoutError) as error:
                print(str(error), file=sys.stderr)
                return 2
    try:
        cli.run_app(build_server(settings))
    finally:
        if local_llm is not None:
            local_llm.stop()
    return 0


def start_local_llm(settings: Settings) -> Any:
    """Start the local llama.cpp server for this process and its jobs, with the
    instructions already in its prompt cache. Its URL reaches every job's
    Settings as LOCAL_LLM_URL. A final crash ends the process with one sentence."""
    from providers.local_stack import LocalLLMProcess, server_config

    def fatal(error: LocalModelError) -> None:
        print(str(error), file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)

    print("Starting the local language model...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    process = LocalLLMProcess(server_config(settings), on_fatal=fatal)
    instructions = build_instructions(
        agent_name=settings.agent_name,
        language=settings.agent_language,
        profile_text=None,
        tools=selection.tools_enabled(settings, selection.choose_mode(settings)),
    )
    url = process.start(warm_instructions=instructions)
    os.environ["LOCAL_LLM_URL"] = url
    print(f"Local language model ready in {time.perf_counter() - started:.1f} s.", file=sys.stderr, flush=True)
    return process


if __name__ == "__main__":
    sys.exit(main())
