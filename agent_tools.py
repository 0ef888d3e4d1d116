"""The tool functions the voice LLM can call, as a mixin for CompanionAgent.

Every tool returns JSON text (``json.dumps``), never a Python repr. A
``core.errors`` exception becomes a ``ToolError`` carrying one short sentence,
which LiveKit hands to the LLM as the tool's (error) output; nothing a tool
does can crash the session. Docstrings are written for the LLM: LiveKit sends
them as the tool descriptions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from livekit.agents import ToolError, function_tool

from core.errors import (
    CompanionError,
    EmptyTextError,
    InvalidUserIdError,
    NotFoundError,
    PermanentStorageError,
    StorageError,
    TextTooLongError,
    UserErasedError,
    ValidationError,
)
from core.models import MemoryKind, MemorySource
from core.validators import validate_uuid
from services.memory_dates import resolve_date

if TYPE_CHECKING:
    from services.container import Services

logger = logging.getLogger("companion.agent.tools")

# Search results are read aloud (or at least fed back into a short voice
# reply): a handful is plenty and keeps the follow-up prompt small.
SEARCH_RESULT_LIMIT = 5


def to_json(value: Any) -> str:
    """JSON for the LLM. ``default=str`` covers datetimes and enums that a
    stats dict may carry; the result is always valid JSON text."""
    return json.dumps(value, default=str, ensure_ascii=False)


def sentence_for(error: BaseException) -> str:
    """One short sentence the LLM can relay, for an error from below."""
    if isinstance(error, EmptyTextError):
        return f"That didn't work: the {getattr(error, 'field', None) or 'text'} was empty."
    if isinstance(error, TextTooLongError):
        return f"That didn't work: the {error.field} is too long ({error.length} characters, limit {error.limit})."
    if isinstance(error, InvalidUserIdError):
        return "That didn't work: this session has no valid user."
    if isinstance(error, ValidationError):
        return f"That didn't work: {error}."
    if isinstance(error, NotFoundError):
        return "I couldn't find that in memory."
    if isinstance(error, UserErasedError):
        return "That didn't work: this user's data was erased, so nothing is remembered now."
    if isinstance(error, PermanentStorageError):
        return "That didn't work: the memory store refused that data; nothing was changed."
    if isinstance(error, StorageError):
        return "Memory storage is unavailable right now; nothing was changed."
    if isinstance(error, CompanionError):
        return f"That didn't work: {error}."
    return "Something went wrong with that request; nothing was changed."


def memory_summary(memory: Any) -> dict[str, Any]:
    """The fields of a Memory the LLM needs (no embedding, no bookkeeping)."""
    return {
        "id": memory.id,
        "content": memory.content,
        "kind": memory.kind.value if hasattr(memory.kind, "value") else str(memory.kind),
        "key": memory.key,
        "importance": memory.importance,
        "when": (memory.occurred_at or memory.created_at).isoformat()
        if (memory.occurred_at or memory.created_at)
        else None,
    }


def _stats_of(obj: Any) -> dict[str, Any]:
    """``obj.stats()`` for an infra object that may be absent in a session."""
    if obj is None:
        return {"available": False}
    return obj.stats()


class CompanionTools:
    """Mixin: the agent provides ``_services``, ``user_id``, ``session_id`` and
    ``user_turn_id`` (the id the user's latest turn is recorded under)."""

    _services: Services
    user_id: str | None
    session_id: str | None
    user_turn_id: str | None
    incognito: bool
    clock: Callable[[], datetime]

    def pause_memory_now(self) -> None: ...

    # --- plumbing ------------------------------------------------------------
    async def _run_tool(self, name: str, body: Callable[[], Awaitable[Any]]) -> str:
        """Run one tool body; return its JSON or raise ToolError(sentence)."""
        try:
            return to_json(await body())
        except ToolError:
            raise
        except CompanionError as error:
            logger.info("tool %s refused: %s", name, error)
            raise ToolError(sentence_for(error)) from None
        except Exception:
            logger.exception("tool %s failed", name)
            raise ToolError(sentence_for(RuntimeError())) from None

    def _require_user(self) -> str:
        if self.user_id is None and getattr(self, "erased", False):
            raise ToolError("Memory is off: this user's data was erased during this session.")
        if self.user_id is None:
            raise ToolError(
                "Memory is off in this session because the user could not be identified."
            )
        return self.user_id

    def _require_memory_on(self) -> str:
        """The user id for a tool that stores something; refused while memory is paused."""
        user_id = self._require_user()
        if self.incognito:
            raise ToolError("Memory is paused for this conversation, so nothing new is saved.")
        return user_id

    # --- memory ----------------------------------------------------------------
    @function_tool()
    async def remember(
        self,
        content: str,
        kind: str = "fact",
        key: str | None = None,
        importance: float | None = None,
    ) -> str:
        """Save something about the user to long-term memory.

        Call this when the user shares something worth keeping: who they are,
        plans and dates, preferences, people in their life, goals, routines.

        Args:
            content: The thing to remember, as one short sentence about the user
                (e.g. "Has a job interview on Friday").
            kind: One of fact, preference, event, relationship, goal, routine, note.
            key: Optional short label for facts that have one current value
                (e.g. "home_city", "phone_number"); a new value replaces the old one.
                For events use "event:<what>", e.g. "event:job_interview".
            importance: Optional number from 0 to 1; how much this matters to the user.
        """
        user_id = self._require_memory_on()

        async def body() -> dict[str, Any]:
            parsed_kind = MemoryKind.parse(kind)
            options: dict[str, Any] = {}
            if importance is not None:  # the service has its own default
                options["importance"] = importance
            # "Interview on Friday": store the day it happens, so recall can
            # answer "when" and the next greeting can ask how it went.
            resolved = (
                resolve_date(content, now=self.clock())
                if parsed_kind is MemoryKind.EVENT and isinstance(content, str)
                else None
            )
            if resolved is not None:
                options["occurred_at"] = resolved.when
            result = await self._services.memory.remember(
                user_id,
                content,
                kind=parsed_kind,
                key=key,
                source=MemorySource.TOOL,
                session_id=self.session_id,
                turn_id=self.user_turn_id,  # the turn this reply answers: the memory's provenance
                **options,
            )
            return {
                "saved": True,
                "action": result.action,
                "memory": memory_summary(result.memory),
                "replaced": len(result.replaced),
            }

        return await self._run_tool("remember", body)

    @function_tool()
    async def search_memories(self, query: str) -> str:
        """Search long-term memory about the user.

        Use this when you need something about the user that is not already in
        the memory block of this turn.

        Args:
            query: What to look for, in plain words (e.g. "sister's name", "interview").
        """
        user_id = self._require_user()

        async def body() -> dict[str, Any]:
            hits = await self._services.memory.search(user_id, query, limit=SEARCH_RESULT_LIMIT)
            return {
                "query": query,
                "results": [
                    {**memory_summary(hit.memory), "score": round(float(hit.score), 3)}
                    for hit in hits
                ],
            }

        return await self._run_tool("search_memories", body)

    @function_tool()
    async def forget(self, description: str) -> str:
        """Delete memories about the user, for real.

        Call this when the user asks you to forget something. Pass either the
        memory id (from search_memories) or a short description of what to
        forget (e.g. "my phone number").

        Args:
            description: A memory id, or words describing what to forget.
        """
        user_id = self._require_user()

        async def body() -> dict[str, Any]:
            try:
                memory_id = validate_uuid(description.strip(), "memory_id")
            except ValidationError:
                memory_id = None
            if memory_id is not None:
                deleted = await self._services.memory.forget(user_id, memory_id)
                return {"forgotten": int(bool(deleted)), "ids": [memory_id] if deleted else []}
            removed = await self._services.memory.forget_matching(user_id, description)
            result: dict[str, Any] = {
                "forgotten": len(removed),
                # Not their words: the model would read them back, and that
                # reply is recorded (and searchable) again.
                "memories": [{"id": m.id, "kind": memory_summary(m)["kind"], "key": m.key} for m in removed],
            }
            if not removed:
                # Also what the user hears when the background learner already
                # acted on the same "forget ..." words a moment earlier.
                result["note"] = "Nothing matching that is stored now."
            return result

        return await self._run_tool("forget", body)

    @function_tool()
    async def get_profile(self) -> str:
        """Get the user's profile: name, preferences and other key facts we keep."""
        user_id = self._require_user()

        async def body() -> dict[str, Any]:
            profile = await self._services.profiles.get(user_id)
            return {"profile": profile.data, "summary": profile.summary}

        return await self._run_tool("get_profile", body)

    @function_tool()
    async def update_preference(self, field: str, value: str) -> str:
        """Record how the user wants to be treated, when they say so explicitly.

        Args:
            field: The preference name, e.g. "preferred_name", "tone", "topics_to_avoid".
            value: The user's preference, in their words.
        """
        user_id = self._require_memory_on()

        async def body() -> dict[str, Any]:
            profile = await self._services.profiles.update_preference(user_id, field, value)
            return {"updated": True, "field": field, "profile": profile.data}

        return await self._run_tool("update_preference", body)

    # --- privacy ----------------------------------------------------------------
    @function_tool()
    async def pause_memory(self, also_future_conversations: bool = False) -> str:
        """Stop remembering: nothing said from now on in this conversation is saved.

        Call this when the user asks you not to remember, to go off the record,
        or to pause memory. Tell them it is on.

        Args:
            also_future_conversations: True when the user wants memory to stay
                paused for later conversations too, until they turn it back on.
        """
        user_id = self._require_user()
        self.pause_memory_now()

        async def body() -> dict[str, Any]:
            if also_future_conversations:
                await self._services.users.ensure_profile_exists(user_id)
                await self._services.privacy.update(user_id, memory_paused=True)
            return {"memory_paused": True, "future_conversations_paused": bool(also_future_conversations)}

        return await self._run_tool("pause_memory", body)

    @function_tool()
    async def resume_memory(self) -> str:
        """Turn memory back on for the user's next conversations (after they paused it).

        This conversation stays unsaved; tell the user memory is back from their next conversation.
        """
        user_id = self._require_user()

        async def body() -> dict[str, Any]:
            await self._services.users.ensure_profile_exists(user_id)
            await self._services.privacy.update(user_id, memory_paused=False)
            return {"memory_paused_for_future_conversations": False, "this_conversation_saved": not self.incognito}

        return await self._run_tool("resume_memory", body)

    # --- health ---------------------------------------------------------------
    @function_tool(name="getConnectionPoolStats")
    async def connection_pool_stats(self) -> str:
        """Health: statistics of the shared connections (HTTP, OpenAI, database)."""

        async def body() -> dict[str, Any]:
            return _stats_of(getattr(self._services, "pool", None))

        return await self._run_tool("getConnectionPoolStats", body)

    @function_tool(name="getRedisCacheStats")
    async def redis_cache_stats(self) -> str:
        """Health: cache statistics (hits, misses, errors, whether Redis is in use)."""

        async def body() -> dict[str, Any]:
            return _stats_of(getattr(self._services, "cache", None))

        return await self._run_tool("getRedisCacheStats", body)

    @function_tool(name="getDatabaseBatchStats")
    async def database_batch_stats(self) -> str:
        """Health: write-batching statistics (batches, items written, failures)."""

        async def body() -> dict[str, Any]:
            return _stats_of(getattr(self._services, "batcher", None))

        return await self._run_tool("getDatabaseBatchStats", body)

    @function_tool(name="getMemoryStats")
    async def memory_stats(self) -> str:
        """Health: memory statistics for this user (how many memories, by kind)."""
        user_id = self._require_user()

        async def body() -> dict[str, Any]:
            return await self._services.memory.stats(user_id)

        return await self._run_tool("getMemoryStats", body)
