"""The one place that wires the service graph.

``build_services(settings)`` creates the infrastructure (connection pool,
store, cache, batcher, embedder) and every service on top of it. Tests and
benchmarks override any part by name (``build_services(settings, store=...)``);
an overridden part belongs to the caller and is not closed by ``aclose``
(the batcher is still flushed, so pending writes are never lost).

The LLM client is ``pool.openai_client()``: None when no OpenAI-compatible
endpoint is configured, and then LLM extraction and summaries are off and the
rule-based / template paths run instead.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.config import Settings
from core.errors import ConfigurationError
from infrastructure.connection_pool import ConnectionPool
from infrastructure.database_batcher import DatabaseBatcher
from infrastructure.redis_cache import RedisCache
from infrastructure.storage.base import MemoryStore
from services.conversation_service import ConversationService
from services.crisis_resources import CrisisResources
from services.embedding_service import EmbeddingService, build_embedding_service
from services.episodic_memory import EpisodicMemory
from services.memory_service import MemoryService
from services.onboarding_service import OnboardingService
from services.privacy_service import PrivacyService
from services.profile_service import ProfileService
from services.rag_service import RagService
from services.safety_classifier import SafetyClassifier
from services.safety_model import load_safety_model
from services.safety_semantic import load_semantic_screen
from services.safety_service import SafetyService
from services.user_service import UserService

if TYPE_CHECKING:
    import openai

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """Every service and infrastructure object of one process."""

    settings: Settings
    pool: ConnectionPool
    store: MemoryStore
    cache: RedisCache
    batcher: DatabaseBatcher
    embedder: EmbeddingService
    memory: MemoryService
    rag: RagService
    users: UserService
    profiles: ProfileService
    conversations: ConversationService
    onboarding: OnboardingService
    safety: SafetyService
    privacy: PrivacyService
    llm: openai.AsyncOpenAI | None = None
    # Names of the parts built here (and therefore closed here).
    owned: frozenset[str] = field(default_factory=frozenset, repr=False)
    _closed: bool = field(default=False, repr=False)

    async def aclose(self) -> None:
        """Stop background work, flush pending writes, close what was built here.

        Order matters: profile refreshes stop first (they write), then the
        batcher drains into the still-open store, then cache, embedder and pool
        (which closes the store). Every step runs even if one fails; the first
        failure is raised at the end so lost writes are never silent.
        """
        if self._closed:
            return
        self._closed = True
        errors: list[BaseException] = []

        async def step(name: str, action: Any) -> None:
            try:
                await action()
            except Exception as exc:  # keep closing the rest; report afterwards
                logger.exception("closing %s failed", name)
                errors.append(exc)

        await step("profiles", self.profiles.aclose)
        await step("safety", self.safety.aclose)
        # A recall still running in the background would otherwise hit a closed store.
        await step("rag", self.rag.aclose)
        if "batcher" in self.owned:
            await step("batcher", self.batcher.close)
        else:
            await step("batcher", self.batcher.flush)
        for name in ("embedder", "cache"):
            if name in self.owned:
                await step(name, getattr(self, name).close)
        if "pool" in self.owned:
            await step("pool", self.pool.close)
        if errors:
            raise errors[0]


_OVERRIDABLE = frozenset(f.name for f in dataclasses.fields(Services)) - {"settings", "owned", "_closed"}


async def build_services(settings: Settings, **overrides: Any) -> Services:
    """Build and start the whole graph from ``settings``.

    Any part can be passed in by name (pool, store, cache, batcher, embedder,
    memory, rag, users, profiles, conversations, onboarding, privacy, llm); ``llm=None``
    turns the LLM off even when one is configured. The store is initialized
    and the batcher started before this returns.
    """
    unknown = set(overrides) - _OVERRIDABLE
    if unknown:
        raise ConfigurationError(f"build_services got unknown parts: {', '.join(sorted(unknown))}")
    owned: set[str] = set()
    built: dict[str, Any] = {}

    def take(name: str, factory: Any) -> Any:
        if name in overrides:
            built[name] = overrides[name]
        else:
            built[name] = factory()
            owned.add(name)
        return built[name]

    try:
        pool: ConnectionPool = take("pool", lambda: ConnectionPool(settings))
        if "store" in overrides:
            store: MemoryStore = overrides["store"]
        else:
            store = await pool.get_store()  # closed by pool.close()
        built["store"] = store
        cache: RedisCache = take("cache", lambda: RedisCache.from_settings(settings))
        batcher: DatabaseBatcher = take("batcher", lambda: DatabaseBatcher.from_settings(store, settings))
        batcher.start()
        llm = overrides["llm"] if "llm" in overrides else pool.openai_client()
        built["llm"] = llm
        embedder: EmbeddingService = take(
            "embedder",
            lambda: build_embedding_service(
                settings, cache, openai_client=llm if settings.embedding_provider == "openai" else None
            ),
        )
        # The store's vectors and the embedder's must come from one model.
        await store.bind_embedding_model(embedder.model_name)
        memory: MemoryService = take(
            "memory",
            lambda: MemoryService(
                store,
                embedder,
                cache,
                batcher,
                llm_client=llm if settings.llm_extraction_enabled else None,
                extraction_model=settings.extraction_model or settings.llm_model,
                max_text_chars=settings.max_text_chars,
                llm_timeout_s=settings.llm_extraction_timeout_seconds,
                structured_output=settings.llm_structured_output,
            ),
        )
        rag: RagService = take(
            "rag",
            lambda: RagService(
                store,
                embedder,
                cache,
                max_text_chars=settings.max_text_chars,
                short_dates=bool(settings.recall_short_dates),
                context_max_chars=settings.recall_context_max_chars,
            ),
        )
        users: UserService = take(
            "users",
            lambda: UserService(store, cache, batcher=batcher),
        )
        profiles: ProfileService = take(
            "profiles",
            lambda: ProfileService(
                store,
                users,
                memory,
                llm if settings.llm_profile_summaries else None,
                model=settings.llm_model,
            ),
        )
        # The profile follows memories, whoever writes them.
        memory.add_change_listener(profiles.memories_changed)
        conversations: ConversationService = take(
            "conversations",
            lambda: ConversationService(
                store,
                batcher,
                memory,
                profiles,
                llm,
                model=settings.llm_model,
                agent_name=settings.agent_name,
                max_turn_chars=min(settings.max_text_chars, 20_000),
                episodes=EpisodicMemory(store, embedder, batcher) if settings.episodic_memory else None,
            ),
        )
        onboarding: OnboardingService = take("onboarding", lambda: OnboardingService(users, profiles, memory))
        safety: SafetyService = take(
            "safety",
            lambda: SafetyService(
                store,
                CrisisResources.load(),
                locale=settings.safety_locale or settings.agent_language,
                webhook_url=settings.safety_webhook_url,
                webhook_secret=(
                    settings.safety_webhook_secret.get_secret_value() if settings.safety_webhook_secret else None
                ),
                keep_text=settings.safety_keep_text,
                http_client=pool.http_client() if settings.safety_webhook_url else None,
                classifier=(
                    SafetyClassifier(
                        llm, settings.extraction_model or settings.llm_model, structured_output=settings.llm_structured_output
                    )
                    if llm is not None and settings.safety_classifier_enabled
                    else None
                ),
                semantic=load_semantic_screen(embedder.model_name) if settings.safety_semantic_enabled else None,
                load_model=load_safety_model if settings.safety_model_enabled else None,
            ),
        )
        privacy: PrivacyService = take("privacy", lambda: PrivacyService(store, memory))
        users.add_erasure_listener(safety.forget_user)
        safety.start_outbox()
        # An erased user's pending profile refresh must not write them back.
        users.add_erasure_listener(profiles.forget_user)
        # Nor may a recall's prepared context or late result outlive them,
        # nor the turns of their sessions buffered here.
        users.add_erasure_listener(rag.forget_user)
        users.add_erasure_listener(conversations.forget_user)
        users.add_erasure_listener(memory.forget_user)
    except BaseException:
        await _close_partial(built, owned)
        raise
    return Services(
        settings=settings,
        pool=pool,
        store=store,
        cache=cache,
        batcher=batcher,
        embedder=embedder,
        memory=memory,
        rag=rag,
        users=users,
        profiles=profiles,
        conversations=conversations,
        onboarding=onboarding,
        safety=safety,
        privacy=privacy,
        llm=llm,
        owned=frozenset(owned),
    )


async def _close_partial(built: dict[str, Any], owned: set[str]) -> None:
    """Undo a half-finished build: close what this call created, in reverse order."""
    for name in ("batcher", "embedder", "cache", "pool"):
        part = built.get(name)
        if part is None or name not in owned:
            continue
        try:
            await part.close()
        except Exception:
            logger.exception("closing %s after a failed build failed", name)
