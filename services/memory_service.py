"""Long-term memory for one user at a time: save, search, list, forget, clean up,
and learn from what the user says.

Every public method takes ``user_id`` first and validates it, so nothing here
can read or write another user's rows. Writes are consolidated against what
already exists (``services.memory_consolidation``): repeats are merged,
contradictions supersede the old row (kept for history, hidden from search).

``learn_from_turn`` is what the agent calls after each user turn, in the
background: extraction (rules always, LLM when configured), consolidation and
saving take as long as they take without touching the reply path.

Erasure: a save captures the user's generation when it starts and checks it
again just before writing (``services.erasure``), so extraction or embedding
still running when the user is erased ends in ``UserErasedError``, never in a
row written back.
"""

from __future__ import annotations

import asyncio
import builtins
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import numpy as np

from core.bounded import BoundedMap, KeyedLocks, SingleFlight
from core.errors import NotFoundError, ValidationError, WriteConflictError
from core.models import (
    PROVENANCE_SESSIONS,
    PROVENANCE_TURNS,
    Memory,
    MemoryKind,
    MemorySource,
    ScoredMemory,
    utcnow,
)
from core.redaction import redact_json, redact_secrets
from core.validators import (
    check_encodable_json,
    repair_text,
    validate_importance,
    validate_key,
    validate_text,
    validate_user_id,
    validate_uuid,
)
from services.episodic_memory import episode_id
from services.erasure import begin_user_work, check_user_work
from services.memory_consolidation import (
    Decision,
    canonical_key,
    content_words,
    decide,
    merge_fields,
)
from services.memory_extraction import ExtractedMemory, RuleBasedExtractor
from services.memory_llm_extractor import (
    HybridExtractor,
    LLMExtractor,
    StructuredOutput,
)

logger = logging.getLogger(__name__)

RememberAction = Literal["created", "merged", "superseded", "forgotten"]

DEFAULT_EXTRACTION_MODEL = "gpt-4.1-mini"
# forget_matching: how close (cosine, MiniLM) a memory must be to the
# description to be deleted without a slot match. Deleting is irreversible, so
# a weaker dense match also needs shared content words.
FORGET_DENSE_ALONE = 0.62
FORGET_DENSE_WITH_WORDS = 0.42
FORGET_SCORE_MARGIN = 0.08
# "forget that" right after something was said refers to it.
RECENT_WRITES_WINDOW = timedelta(minutes=10)
# Deciding again after a write conflict: each retry means another worker
# process wrote this user's slot in the last few milliseconds, so a handful
# of rounds is plenty; past that the conflict is reported.
MAX_CONSOLIDATION_ATTEMPTS = 5

_FORGET_PREFIX = re.compile(
    r"^\s*(?:please\s+)?(?:forget|delete|erase|remove)?\s*(?:about\s+)?(?:that\s+)?",
    re.IGNORECASE,
)
_DEICTIC = re.compile(r"^\s*(?:that|this|it|what i (?:just )?said|the last thing(?: i said)?)\s*[.!]?\s*$", re.IGNORECASE)

# Words in a forget request that name a slot directly ("forget my phone number").
# They only count when they are (nearly) the whole request: "my work trip to
# Dubai" is about a trip, not the job slot (see _SLOT_REQUEST_MAX_WORDS).
_SLOT_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(phone|mobile|cell|telephone|whatsapp)\b|^\s*(?:my\s+)?number\s*$", re.IGNORECASE), "phone"),
    (re.compile(r"\b(e-?mail)\b", re.IGNORECASE), "email"),
    (re.compile(r"(?<!mail )\b(address|where i live|city|location|hometown|where i'm from|where i am from)\b",
                re.IGNORECASE), "location"),
    (re.compile(r"\b(job|work|employer|occupation|profession)\b", re.IGNORECASE), "job"),
    (re.compile(r"^\s*(?:my\s+)?(?:real\s+|full\s+)?name\s*$", re.IGNORECASE), "name"),
)
_SLOT_REQUEST_MAX_WORDS = 3
_REQUEST_FILLER = frozenset(["my", "the", "a", "an", "about", "that", "i", "me", "of", "please"])
# "my sister" / "my sister's name" names the relationship slot; "my sister's
# birthday" is about something else and goes to the similarity match.
_RELATION_WORD = re.compile(
    r"\bmy\s+(best friend|girlfriend|boyfriend|husband|wife|partner|sister|brother|mother|mom|mum|"
    r"father|dad|son|daughter|boss|friend|dog|cat|grandmother|grandfather|aunt|uncle|cousin)"
    r"(?:'s name)?\s*$",
    re.IGNORECASE,
)


# Cached per-user memory counts (MemoryService.count) live at most this long.
COUNT_CACHE_TTL_S = 60
# ...and in this process's own copy at most this long: a page of the app asks
# for the count with every list, and a Redis round trip cost more than the rest
# of a cached page. Writes through this service drop it at once; a write by
# another process shows in the count within this time.
LOCAL_COUNT_TTL_S = 2.0


@dataclass(slots=True)
class RememberResult:
    """What saving one memory did.

    ``action``: "created" (new row), "merged" (an existing row was
    strengthened; ``memory`` is that row), "superseded" (``memory`` is the new
    active row; ``replaced`` are the rows it made history) or "forgotten"
    (from ``learn_from_turn``: ``memory`` was deleted on the user's request).
    """

    memory: Memory
    action: RememberAction
    replaced: tuple[Memory, ...] = ()

    # The memory's own fields, so callers that only need "what was saved"
    # can treat a result like the Memory itself.
    @property
    def id(self) -> str:
        return self.memory.id

    @property
    def content(self) -> str:
        return self.memory.content

    @property
    def kind(self) -> MemoryKind:
        return self.memory.kind

    @property
    def key(self) -> str | None:
        return self.memory.key

    @property
    def importance(self) -> float:
        return self.memory.importance

    @property
    def occurred_at(self) -> datetime | None:
        return self.memory.occurred_at

    @property
    def created_at(self) -> datetime:
        return self.memory.created_at

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "memory": self.memory.to_dict(),
            "replaced": [m.id for m in self.replaced],
        }


@dataclass(slots=True)
class _Counters:
    created: int = 0
    merged: int = 0
    superseded: int = 0
    forgotten: int = 0
    searches: int = 0
    learn_calls: int = 0
    learn_ms_total: float = 0.0
    cache_invalidations: int = 0
    cache_errors: int = 0
    write_conflicts: int = 0

    def as_dict(self) -> dict[str, Any]:
        calls = self.learn_calls
        return {
            "created": self.created,
            "merged": self.merged,
            "superseded": self.superseded,
            "forgotten": self.forgotten,
            "searches": self.searches,
            "learn_calls": calls,
            "learn_mean_ms": round(self.learn_ms_total / calls, 2) if calls else None,
            "cache_invalidations": self.cache_invalidations,
            "cache_errors": self.cache_errors,
            "write_conflicts": self.write_conflicts,
        }


@dataclass(slots=True)
class _RecentWrite:
    at: datetime
    memory_ids: list[str] = field(default_factory=list)


# Consolidation compares a new memory with the most similar stored facts. The
# search reads deeper than that: the turns said around a fact (episodes) are
# often nearer to it than the facts are, and are skipped.
SIMILAR_FACTS = 5
SIMILAR_SEARCH_LIMIT = 20



_DETAIL = re.compile(r"\b(?:\w*\d[\w-]*|(?<=[a-z,;] )[A-Z][a-z]{2,})\b")


def _specific_details(text: str) -> set[str]:
    """The words of a memory that identify it: anything with a digit (phone
    numbers, dates, codes) and capitalised names inside a sentence."""
    return {match for match in _DETAIL.findall(text) if len(match) >= 3}

class MemoryService:
    """Per-user long-term memory over a ``MemoryStore`` and an embedding service."""

    def __init__(
        self,
        store: Any,
        embedder: Any,
        cache: Any = None,
        batcher: Any = None,
        llm_client: Any = None,
        *,
        extraction_model: str | None = None,
        max_text_chars: int = 100_000,
        llm_timeout_s: float = 10.0,
        structured_output: StructuredOutput = "json_schema",
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.cache = cache
        self.batcher = batcher
        self.max_text_chars = max_text_chars
        self._rules = RuleBasedExtractor()
        self.extractor = HybridExtractor(self._rules)
        if llm_client is not None:
            self.use_llm_extraction(
                llm_client, model=extraction_model, timeout_s=llm_timeout_s, structured_output=structured_output
            )
        self._counters = _Counters()
        # Consolidation reads then writes; two background learn_from_turn calls
        # for the same user must not both decide "create" for the same fact.
        self._locks: KeyedLocks[str] = KeyedLocks()
        # Only the last writes inside RECENT_WRITES_WINDOW are ever read.
        self._recent: BoundedMap[str, deque[_RecentWrite]] = BoundedMap(
            ttl_seconds=RECENT_WRITES_WINDOW.total_seconds()
        )
        self._local_counts: BoundedMap[str, dict[str, int]] = BoundedMap(ttl_seconds=LOCAL_COUNT_TTL_S)
        # When a user's counts expire under load, one read refills them for every request waiting.
        self._count_loads: SingleFlight[str, dict[str, int]] = SingleFlight()
        self._change_listeners: builtins.list[Callable[[str, Sequence[Memory]], object]] = []

    def use_llm_extraction(
        self,
        llm_client: Any,
        *,
        model: str | None = None,
        timeout_s: float = 10.0,
        structured_output: StructuredOutput = "json_schema",
    ) -> None:
        """Extract with the LLM beside the rules from now on (fresh counters).
        The constructor's way in; also for a caller that wants the LLM here and
        nowhere else in the service graph (bench.retrieval)."""
        llm = LLMExtractor(
            llm_client, model or DEFAULT_EXTRACTION_MODEL, timeout_s=timeout_s, structured_output=structured_output
        )
        self.extractor = HybridExtractor(self._rules, llm)

    def add_change_listener(self, listener: Callable[[str, Sequence[Memory]], object]) -> None:
        """Call ``listener(user_id, forgotten)`` after every write to a user's
        memories, whoever made it (a voice turn, a tool, the app, a retention
        sweep), so what is derived from memories (the profile) follows without
        each caller having to ask. ``forgotten``: the memories a "forget"
        deleted, so what they said can leave derived data too. It must not
        block: schedule work."""
        self._change_listeners.append(listener)

    # --- saving -------------------------------------------------------------

    async def remember(
        self,
        user_id: str,
        content: str,
        *,
        kind: str | MemoryKind = "fact",
        key: str | None = None,
        importance: float = 0.5,
        source: str | MemorySource = MemorySource.TOOL,
        session_id: str | None = None,
        occurred_at: datetime | None = None,
        metadata: dict[str, Any] | None = None,
        turn_id: str | None = None,
    ) -> RememberResult:
        """Save one memory, merging a repeat or superseding a contradicted one.

        ``session_id`` and ``turn_id`` (the turn it was said in) are kept as its
        provenance, as for what ``learn_from_turn`` extracts.
        Raises ValidationError subclasses for a bad user id, empty or too long
        content, an unknown kind, importance outside [0, 1], a turn id that is
        not a UUID; UserErasedError if the user is (or gets) erased before the
        memory is written.
        """
        if turn_id is not None and (metadata is None or isinstance(metadata, dict)):  # else refused below
            turn = validate_uuid(turn_id, "turn_id")
            session = validate_uuid(session_id, "session_id") if session_id is not None else None
            metadata = with_provenance(metadata, session=session, turn=turn)
        memory = self._build_memory(
            user_id, content, kind=kind, key=key, importance=importance, source=source,
            session_id=session_id, occurred_at=occurred_at, metadata=metadata,
        )
        generation = await begin_user_work(self.store, memory.user_id)
        memory.embedding = (await self.embedder.embed_documents([memory.content], owner=memory.user_id))[0]
        result = await self._save(memory, generation)
        self._note_recent(memory.user_id, [result.memory.id])
        return result

    def _build_memory(
        self,
        user_id: str,
        content: str,
        *,
        kind: str | MemoryKind,
        key: str | None,
        importance: float,
        source: str | MemorySource,
        session_id: str | None,
        occurred_at: datetime | None,
        metadata: dict[str, Any] | None,
        created_at: datetime | None = None,
    ) -> Memory:
        uid = validate_user_id(user_id)
        text = redact_secrets(validate_text(content, field="content", max_chars=self.max_text_chars))
        parsed_kind = MemoryKind.parse(kind)
        if parsed_kind is MemoryKind.EPISODE:
            # Episodes are the recorded turns themselves (services.episodic_memory).
            raise ValidationError("kind 'episode' is written by turn recording only", field="kind")
        slot = canonical_key(validate_key(key))
        weight = validate_importance(importance)
        try:
            parsed_source = MemorySource(source)
        except ValueError:
            raise ValidationError("unknown memory source", field="source") from None
        session = validate_uuid(session_id, "session_id") if session_id is not None else None
        if occurred_at is not None and not isinstance(occurred_at, datetime):
            raise ValidationError("occurred_at must be a datetime", field="occurred_at")
        if occurred_at is not None and occurred_at.tzinfo is None:
            occurred_at = occurred_at.replace(tzinfo=UTC)  # naive times are UTC project-wide
        if metadata is not None and not isinstance(metadata, dict):
            raise ValidationError("metadata must be a dict", field="metadata")
        # Metadata can carry the words too (an extracted value, a quote): redacted like the content.
        meta = dict(redact_json(dict(check_encodable_json(metadata or {}, field="metadata"))))  # type: ignore[call-overload]
        # A tool call rarely passes a key; infer the slot from the wording so
        # "User lives in Lahore" still supersedes "User lives in Karachi".
        if parsed_kind is not MemoryKind.EVENT and len(text) <= 2_000 and (slot is None or "value" not in meta):
            inferred = self._rules.infer_slot(text)
            if inferred is not None and (slot is None or inferred.key == slot):
                slot = inferred.key
                for name in ("value", "polarity"):
                    if name in inferred.metadata:
                        meta.setdefault(name, inferred.metadata[name])
        stamp = created_at or utcnow()
        return Memory(
            user_id=uid, content=text, kind=parsed_kind, key=slot, importance=weight,
            occurred_at=occurred_at, source=parsed_source, session_id=session, metadata=meta,
            created_at=stamp, updated_at=stamp,
        )

    async def _save(self, memory: Memory, generation: int) -> RememberResult:
        """Consolidate against the user's rows and write (memory has its embedding),
        unless the user was erased since ``generation`` was captured.

        The lock orders this process's writes; another worker process on the
        same user is caught by the store: a write decided on rows that changed
        meanwhile raises WriteConflictError and is decided again on fresh rows.
        """
        uid = memory.user_id
        async with self._lock_for(uid):
            for attempt in range(1, MAX_CONSOLIDATION_ATTEMPTS + 1):
                await check_user_work(self.store, uid, generation)
                same_key: list[Memory] = []
                if memory.key:
                    same_key = await self.store.list_memories(uid, key=memory.key, limit=20)
                similar = await self.store.search_memories(uid, memory.embedding, limit=SIMILAR_SEARCH_LIMIT)
                # A fact is never merged into (or superseded by) what was said word for word.
                facts = [(hit.memory, hit.score) for hit in similar if hit.memory.kind is not MemoryKind.EPISODE]
                decision = decide(memory, same_key, facts[:SIMILAR_FACTS])
                try:
                    result = await self._apply(decision, memory)
                    break
                except WriteConflictError:
                    self._counters.write_conflicts += 1
                    if attempt == MAX_CONSOLIDATION_ATTEMPTS:
                        raise
                    logger.info("memory write conflicted with another writer; deciding again (attempt %d)", attempt)
        await self._after_write(uid)
        return result

    async def _apply(self, decision: Decision, memory: Memory) -> RememberResult:
        uid = memory.user_id
        if decision.action == "merge":
            assert decision.existing is not None
            fields = merge_fields(decision.existing, memory)
            updated = await self.store.update_memory(uid, decision.existing.id, **fields)
            await self.store.record_memory_access(uid, [decision.existing.id])
            self._counters.merged += 1
            return RememberResult(updated or decision.existing, "merged")
        if decision.action == "supersede":
            # One transaction, checked against the rows decided on: never two current rows.
            replaced = await self.store.add_memory_superseding(memory, [old.id for old in decision.superseded])
            self._counters.superseded += 1
            return RememberResult(memory, "superseded", tuple(replaced))
        if memory.key:
            # A keyed row goes straight to the store: a concurrent writer of the
            # same key must surface here as a conflict, not fail a batch later.
            await self.store.add_memory_superseding(memory, [])
        else:
            await self._insert(memory)
        self._counters.created += 1
        return RememberResult(memory, "created")

    async def _insert(self, memory: Memory) -> None:
        # Through the batcher when there is one (it coalesces writes across
        # users), but awaited: the next consolidation must see this row.
        if self.batcher is not None:
            await self.batcher.enqueue_memories([memory])
        else:
            await self.store.add_memories([memory])

    # --- reading ------------------------------------------------------------

    async def search(
        self, user_id: str, query: str, *, limit: int = 5, kind: str | MemoryKind | None = None
    ) -> list[ScoredMemory]:
        """Active memories most similar to ``query`` (cosine, best first)."""
        uid = validate_user_id(user_id)
        text = validate_text(query, field="query", max_chars=self.max_text_chars)
        parsed_kind = MemoryKind.parse(kind) if kind is not None else None
        limit = _validate_limit(limit)
        self._counters.searches += 1
        vector = await self.embedder.embed_query(text, owner=uid)
        return await self.store.search_memories(uid, vector, limit=limit, kind=parsed_kind)

    async def list(
        self,
        user_id: str,
        *,
        kind: str | MemoryKind | None = None,
        limit: int = 50,
        include_superseded: bool = False,
        offset: int = 0,
        with_embeddings: bool = False,
    ) -> builtins.list[Memory]:
        """The user's memories, newest first (superseded history only on request);
        ``offset`` pages through them. Vectors are not read unless asked for:
        a list is for showing, and at 1.5 KB a row they were most of its bytes."""
        uid = validate_user_id(user_id)
        parsed_kind = MemoryKind.parse(kind) if kind is not None else None
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValidationError("offset must be a non-negative integer", field="offset")
        return await self.store.list_memories(
            uid, kind=parsed_kind, limit=_validate_limit(limit, maximum=10_000),
            include_superseded=bool(include_superseded), offset=offset,
            # What was said word for word (episodes) is listed only when asked for by kind.
            exclude_kind=MemoryKind.EPISODE if parsed_kind is None else None,
            with_embeddings=with_embeddings,
        )

    async def count(self, user_id: str, *, kind: str | MemoryKind | None = None) -> int:
        """How many active memories the user has (of one kind, if given).

        One aggregate query (~50 ms at 10k memories on SQLite), so the counts
        are cached under the user's keys, which every write through this
        service invalidates; the TTL bounds what a write from elsewhere leaves.
        """
        uid = validate_user_id(user_id)
        parsed_kind = MemoryKind.parse(kind) if kind is not None else None
        by_kind = await self._cached_counts(uid)
        if parsed_kind is None:
            # As ``list`` without a kind: the recorded turns (episodes) are not counted.
            return sum(n for name, n in by_kind.items() if name != MemoryKind.EPISODE.value)
        return by_kind.get(parsed_kind.value, 0)

    async def _cached_counts(self, uid: str) -> dict[str, int]:
        local = self._local_counts.get(uid)
        if local is not None:
            return local
        counts = await self._count_loads.run(uid, lambda: self._shared_counts(uid))
        self._local_counts[uid] = counts
        return counts

    async def _shared_counts(self, uid: str) -> dict[str, int]:
        key = memory_counts_key(uid)
        if self.cache is not None:
            try:
                cached = await self.cache.get(key)
            except Exception:  # noqa: BLE001 (the cache never fails a read; count from the store)
                cached = None
                self._counters.cache_errors += 1
            if isinstance(cached, dict):
                return {str(k): int(v) for k, v in cached.items()}
        counts = dict((await self.store.memory_counts(uid)).active_by_kind)
        if self.cache is not None:
            try:
                await self.cache.set(key, counts, ttl=COUNT_CACHE_TTL_S)
            except Exception:  # noqa: BLE001 (nor a write of the cached counts)
                self._counters.cache_errors += 1
        return counts

    async def get(self, user_id: str, memory_id: str) -> Memory:
        """One memory by id; NotFoundError if this user has no such memory."""
        uid = validate_user_id(user_id)
        mid = validate_uuid(memory_id, "memory_id")
        memory = await self.store.get_memory(uid, mid)
        if memory is None:
            raise NotFoundError("no such memory for this user")
        return memory

    # --- correcting ---------------------------------------------------------

    async def correct(
        self,
        user_id: str,
        memory_id: str,
        content: str,
        *,
        kind: str | MemoryKind | None = None,
        importance: float | None = None,
        source: str | MemorySource = MemorySource.APP,
    ) -> RememberResult:
        """The user's own edit of one memory: a new row with the corrected text
        supersedes the old one, which stays as history (like a contradiction
        learned from speech). Same slot, session and time; kind and importance
        unless given.

        Raises NotFoundError when this user has no such active memory.
        """
        uid = validate_user_id(user_id)
        mid = validate_uuid(memory_id, "memory_id")
        async with self._lock_for(uid):
            old = await self.store.get_memory(uid, mid)
            if old is None or not old.is_active:
                raise NotFoundError("no such current memory for this user")
            corrected = self._build_memory(
                uid, content, kind=kind if kind is not None else old.kind, key=old.key,
                importance=old.importance if importance is None else importance,
                source=source, session_id=old.session_id, occurred_at=old.occurred_at,
                metadata={**old.metadata, "corrects": old.id},
            )
            if corrected.content != old.content:
                # The old slot value ("Karachi") no longer describes the corrected text.
                corrected.metadata.pop("value", None)
            corrected.embedding = (await self.embedder.embed_documents([corrected.content], owner=uid))[0]
            # One transaction, checked against the row edited: a concurrent change
            # to it (another worker) is a WriteConflictError, never two current rows.
            replaced = await self.store.add_memory_superseding(corrected, [old.id])
        self._counters.superseded += 1
        await self._after_write(uid)
        return RememberResult(corrected, "superseded", tuple(replaced) or (old,))

    # --- forgetting ---------------------------------------------------------

    async def forget(self, user_id: str, memory_id: str) -> bool:
        """Delete one memory and the history rows it superseded. False if absent."""
        uid = validate_user_id(user_id)
        mid = validate_uuid(memory_id, "memory_id")
        async with self._lock_for(uid):
            memory = await self.store.get_memory(uid, mid)
            if memory is None:
                return False
            rows = [memory, *await self._history_of([memory])]
            deleted = await self.store.delete_memories(uid, memory_ids=[m.id for m in rows])
        self._counters.forgotten += deleted
        await self._after_write(uid, rows if deleted else ())
        return deleted > 0

    async def forget_by_key(self, user_id: str, key: str) -> int:
        """Delete every row (active and history) of one slot, e.g. "phone"."""
        uid = validate_user_id(user_id)
        slot = canonical_key(validate_key(key))
        async with self._lock_for(uid):
            rows = await self.store.list_memories(
                uid, key=slot, include_superseded=True, limit=1000, with_embeddings=False
            )
            deleted = await self.store.delete_memories(uid, key=slot)
        self._counters.forgotten += deleted
        await self._after_write(uid, rows if deleted else ())
        return deleted

    async def forget_all(self, user_id: str) -> int:
        """Delete every memory of this user (their profile and sessions stay)."""
        uid = validate_user_id(user_id)
        async with self._lock_for(uid):
            deleted = await self.store.delete_memories(uid, all_memories=True)
        self._counters.forgotten += deleted
        self._recent.pop(uid, None)
        await self._after_write(uid)
        return deleted

    async def forget_matching(self, user_id: str, description: str) -> builtins.list[Memory]:
        """Delete the memories a spoken request refers to ("my phone number",
        "that I like tea", "that" = what was just said) and return them.

        Matching, most precise first: the slot named by the words (phone,
        email, location, job, relationship:<x>, likes:<x>), then the memories
        written moments ago for "that"/"it", then dense + lexical similarity
        above a threshold. Rows, vectors and superseded history are deleted
        for real and the user's cached recall is invalidated. Returns [] when
        nothing matched well enough (nothing is deleted on a weak match).
        """
        uid = validate_user_id(user_id)
        text = validate_text(description, field="description", max_chars=self.max_text_chars)
        # A forget request is a short phrase; a pasted essay is cut so matching
        # (regexes, embedding) stays cheap on the event loop.
        target = text.strip()[:1_000]
        target = _FORGET_PREFIX.sub("", target, count=1).strip(" .!?") or target
        async with self._lock_for(uid):
            victims = await self._match_for_forget(uid, target)
            if victims:
                victims = victims + await self._history_of(victims) + await self._said_in(uid, victims)
                unique = list({m.id: m for m in victims}.values())
                await self.store.delete_memories(uid, memory_ids=[m.id for m in unique])
                victims = unique
        if victims:
            self._counters.forgotten += len(victims)
            await self._after_write(uid, victims)
        return victims

    async def _said_in(self, uid: str, memories: Sequence[Memory]) -> builtins.list[Memory]:
        """The episodes (the turns as said) these memories were learned from, and
        the episodes of the same sessions that repeat their specific details (a
        number, a name): forgetting a fact must not leave its words searchable,
        including the agent's own reply that read them back."""
        turn_ids = {turn_id for memory in memories for turn_id in memory.turn_ids}
        stated = await self.store.get_memories(uid, [episode_id(t) for t in sorted(turn_ids)]) if turn_ids else []
        details = {token for memory in memories for token in _specific_details(memory.content)}
        sessions = {sid for memory in memories for sid in (*memory.session_ids, memory.session_id) if sid}
        if not details or not sessions:
            return stated
        hits = await self.store.lexical_search_memories(uid, " ".join(sorted(details)), limit=50)
        repeats = [
            hit.memory for hit in hits
            if hit.memory.kind is MemoryKind.EPISODE
            and hit.memory.session_id in sessions
            and any(detail in hit.memory.content for detail in details)
        ]
        return [*stated, *repeats]

    async def _match_for_forget(self, uid: str, target: str) -> builtins.list[Memory]:
        if _DEICTIC.match(target):
            return await self._recently_written(uid)
        for slot in self._slots_named_by(target):
            rows = await self.store.list_memories(uid, key=slot, include_superseded=True, limit=100)
            if rows:
                return rows
        vector = await self.embedder.embed_query(target, owner=uid)
        dense, lexical = await asyncio.gather(
            self.store.search_memories(uid, vector, limit=10),
            self.store.lexical_search_memories(uid, target, limit=10),
        )
        lexical_ids = {hit.memory.id for hit in lexical}
        target_words = content_words(target) - {"my", "me", "i"}
        accepted: builtins.list[ScoredMemory] = []
        for hit in dense:
            shares_words = bool(target_words & content_words(hit.memory.content))
            if hit.score >= FORGET_DENSE_ALONE or (
                hit.score >= FORGET_DENSE_WITH_WORDS and shares_words and hit.memory.id in lexical_ids
            ):
                accepted.append(hit)
        if not accepted:
            return []
        best = max(hit.score for hit in accepted)
        return [hit.memory for hit in accepted if hit.score >= best - FORGET_SCORE_MARGIN]

    def _slots_named_by(self, target: str) -> builtins.list[str]:
        slots: builtins.list[str] = []
        relation = _RELATION_WORD.search(target)
        if relation:
            slots.append(canonical_key(f"relationship:{relation.group(1).lower()}") or "")
        # "that I like tea" names the slot likes:tea exactly as the extractor keys it.
        first_person = re.sub(r"^\s*(?:that|the fact that)\s+", "", target, flags=re.IGNORECASE)
        for found in self._rules.extract(first_person).memories:
            if found.key and found.key not in slots and not found.key.startswith("event:"):
                slots.append(found.key)
        words = [w for w in re.findall(r"[^\W_]+", target.lower()) if w not in _REQUEST_FILLER]
        if not relation and len(words) <= _SLOT_REQUEST_MAX_WORDS:
            for pattern, slot in _SLOT_WORDS:
                if pattern.search(target) and slot not in slots:
                    slots.append(slot)
        return [s for s in slots if s]

    async def _recently_written(self, uid: str) -> builtins.list[Memory]:
        recent = self._recent.get(uid)
        if not recent:
            return []
        last = recent[-1]
        if utcnow() - last.at > RECENT_WRITES_WINDOW:
            return []
        return await self.store.get_memories(uid, last.memory_ids)

    async def _history_of(self, memories: Sequence[Memory]) -> builtins.list[Memory]:
        """Superseded rows that lead (through superseded_by) to these memories.
        Supersession only happens within one slot, so only same-key rows are read."""
        history: builtins.list[Memory] = []
        targets = {m.id for m in memories}
        for slot in {m.key for m in memories if m.key}:
            rows = await self.store.list_memories(
                memories[0].user_id, key=slot, include_superseded=True, limit=1000, with_embeddings=False
            )
            successors = {row.id: row.superseded_by for row in rows}
            for row in rows:
                seen: set[str] = set()
                successor = row.superseded_by
                while successor is not None and successor not in seen:
                    if successor in targets:
                        history.append(row)
                        break
                    seen.add(successor)
                    successor = successors.get(successor)
        return [row for row in history if row.id not in targets]

    async def cleanup(self, user_id: str, *, older_than_days: float, max_importance: float) -> int:
        """Delete this user's memories older than ``older_than_days`` whose
        importance is at most ``max_importance``. Returns how many."""
        uid = validate_user_id(user_id)
        if isinstance(older_than_days, bool) or not isinstance(older_than_days, (int, float)) or older_than_days < 0:
            raise ValidationError("older_than_days must be a non-negative number", field="older_than_days")
        ceiling = validate_importance(max_importance)
        before = utcnow() - timedelta(days=float(older_than_days))
        async with self._lock_for(uid):
            deleted = await self.store.delete_memories_before(uid, before, max_importance=ceiling)
        self._counters.forgotten += deleted
        await self._after_write(uid)
        return deleted

    async def delete_created_before(self, user_id: str, before: datetime) -> int:
        """Retention: delete every memory of the user created before ``before``
        (history rows and episodes too, whatever their importance)."""
        uid = validate_user_id(user_id)
        async with self._lock_for(uid):
            deleted = await self.store.delete_memories_before(uid, before, max_importance=1.0)
        self._counters.forgotten += deleted
        await self._after_write(uid)
        return deleted

    # --- stats --------------------------------------------------------------

    async def stats(self, user_id: str) -> dict[str, Any]:
        """Counts per kind (active), totals, superseded history, oldest/newest,
        plus this service's counters and the extractor's."""
        uid = validate_user_id(user_id)
        # One aggregate query: a tool call must not read a 100k-memory user's rows.
        counts = await self.store.memory_counts(uid)
        return {
            "user_id": uid,
            "total": sum(counts.active_by_kind.values()),
            "superseded": counts.superseded,
            "by_kind": counts.active_by_kind,
            "oldest": counts.oldest.isoformat() if counts.oldest else None,
            "newest": counts.newest.isoformat() if counts.newest else None,
            "service": self._counters.as_dict(),
            "extraction": self.extractor.stats(),
        }

    # --- learning from conversation ----------------------------------------

    async def learn_from_turn(
        self,
        user_id: str,
        text: str,
        *,
        session_id: str | None = None,
        now: datetime | None = None,
        source: str | MemorySource = MemorySource.CONVERSATION,
        turn_id: str | None = None,
        only: Literal["rules", "llm"] | None = None,
    ) -> builtins.list[RememberResult]:
        """Extract memories from one user turn, consolidate and save them;
        apply "forget ..." requests found in it. Meant to run in the
        background after the turn (it may call an LLM).

        ``now`` anchors relative dates ("on Friday") and, when given, is also
        the time the memories are stamped with (for replaying old dialogues).
        ``turn_id`` (the recorded turn) and ``session_id`` are kept on every
        memory as its provenance (``Memory.turn_ids`` / ``session_ids``).
        Raises UserErasedError if the user is (or gets) erased meanwhile.
        ``only`` runs just the rules or just the LLM extractor (see
        HybridExtractor.extract); consolidation merges what both find.
        """
        uid = validate_user_id(user_id)
        # The user's turn, as recorded: repaired the same way (repair_text), so
        # a stray surrogate from speech or a client does not cost the learning.
        utterance = validate_text(repair_text(text) if isinstance(text, str) else text, max_chars=self.max_text_chars)
        session = validate_uuid(session_id, "session_id") if session_id is not None else None
        turn = validate_uuid(turn_id, "turn_id") if turn_id is not None else None
        generation = await begin_user_work(self.store, uid)
        started = time.perf_counter()
        self._counters.learn_calls += 1
        try:
            extraction = await self.extractor.extract(utterance, now=now, only=only)
            results: builtins.list[RememberResult] = []
            for request in extraction.forget_requests:
                for memory in await self.forget_matching(uid, request):
                    results.append(RememberResult(memory, "forgotten"))
            memories = [
                self._from_extraction(uid, found, session, now, source, turn) for found in extraction.memories
            ]
            if memories:
                vectors = await self.embedder.embed_documents([m.content for m in memories], owner=uid)
                for memory, vector in zip(memories, vectors):
                    memory.embedding = np.asarray(vector, dtype=np.float32)
                    results.append(await self._save(memory, generation))
                self._note_recent(uid, [r.memory.id for r in results if r.action != "forgotten"])
            return results
        finally:
            self._counters.learn_ms_total += (time.perf_counter() - started) * 1000

    def _from_extraction(
        self,
        uid: str,
        found: ExtractedMemory,
        session: str | None,
        now: datetime | None,
        source: str | MemorySource,
        turn: str | None = None,
    ) -> Memory:
        occurred = found.occurred_at
        if occurred is None and now is not None:
            occurred = now if now.tzinfo else now.replace(tzinfo=UTC)
        stamp = None
        if now is not None:
            stamp = now if now.tzinfo else now.replace(tzinfo=UTC)
        return self._build_memory(
            uid, found.content, kind=found.kind, key=found.key, importance=found.importance,
            source=source, session_id=session, occurred_at=occurred,
            metadata=with_provenance(found.metadata, session=session, turn=turn), created_at=stamp,
        )

    # --- helpers ------------------------------------------------------------

    def _lock_for(self, uid: str) -> asyncio.Lock:
        return self._locks(uid)

    def _note_recent(self, uid: str, memory_ids: builtins.list[str]) -> None:
        if memory_ids:
            self._recent.setdefault(uid, deque(maxlen=5)).append(_RecentWrite(utcnow(), memory_ids))

    def forget_user(self, user_id: object) -> None:
        """Erasure listener: drop what this process holds of the user (cached counts, recent writes)."""
        uid = validate_user_id(user_id)
        self._drop_local_counts(uid)
        self._recent.pop(uid, None)

    async def _after_write(self, uid: str, forgotten: Sequence[Memory] = ()) -> None:
        await self._invalidate(uid)
        for listener in self._change_listeners:
            try:
                listener(uid, forgotten)
            except Exception:  # a listener must never fail the write that already landed
                logger.exception("memory change listener %r failed", listener)

    def _drop_local_counts(self, uid: str) -> None:
        """Forget this process's counts for the user, and any count read in
        flight: one begun before a write would count without it."""
        self._local_counts.pop(uid, None)
        self._count_loads.forget(uid)

    async def _invalidate(self, uid: str) -> None:
        """Drop what this service caches for the user (the memory counts) after a write.

        One key, deleted by name: a pattern delete SCANs the whole Redis keyspace
        (every user's entries and the shared embedding cache), so its cost per
        write grew with the number of users. Erasure, which must reach every
        entry of the user whoever wrote it, still purges by pattern.
        """
        self._drop_local_counts(uid)
        if self.cache is None:
            return
        try:
            await self.cache.delete(memory_counts_key(uid))
            self._counters.cache_invalidations += 1
        except Exception:  # the cache must never fail a write; entries also expire by TTL
            self._counters.cache_errors += 1
            logger.warning("could not invalidate cached entries for a user", exc_info=True)

    def service_stats(self) -> dict[str, Any]:
        """Process-wide counters (no user data)."""
        return {**self._counters.as_dict(), "extraction": self.extractor.stats()}


def memory_counts_key(uid: str) -> str:
    """The cache key of a user's active-memory counts by kind."""
    return f"user:{uid}:memory_counts"


def with_provenance(metadata: dict[str, Any] | None, *, session: str | None, turn: str | None) -> dict[str, Any]:
    """``metadata`` plus the session and turn a memory was learned from."""
    out = dict(metadata or {})
    if session is not None:
        out[PROVENANCE_SESSIONS] = [session]
    if turn is not None:
        out[PROVENANCE_TURNS] = [turn]
    return out


def _validate_limit(limit: object, *, maximum: int = 100) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= maximum:
        raise ValidationError(f"limit must be an integer between 1 and {maximum}", field="limit")
    return limit
