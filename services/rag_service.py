"""Recall for a conversation turn under a hard latency budget.

Flow of ``recall_for_turn`` (ranking itself lives in ``rag_system``):

1. ``rag_system.build_recall_query`` turns the recent turns + new message
   into a query (text to embed, weighted lexical terms, time window).
2. Two candidate searches start CONCURRENTLY: lexical (full-text, needs no
   embedding) and dense (embed the query, then vector search).
3. ``rag_system.rank_candidates`` fuses and re-ranks; ``format_context``
   renders the delimited block the agent injects into the turn.

Budget: the whole pipeline runs as a task and the caller waits at most
``budget_ms``. If time runs out, the caller gets whatever is ready (usually
the lexical hits when the embedding is late, or nothing) with
``timed_out=True`` and never waits longer. The unfinished task keeps running
in the background; when it completes, its full result is kept per user as
the "late result" (``peek_late_result``/``take_late_result``). The next
``recall_for_turn`` for that user consumes it: memories from it that the new
recall did not produce fill any free slots (``carried_over`` counts them),
so a slow turn still informs the next reply. Late results older than
``late_result_ttl_s`` are dropped.

Access counts (the recall-frequency ranking signal) are recorded in the
background, never on the reply path.

Prepared context: the recent turns are known before the user's next message
is (the agent calls ``prepare_context`` as soon as its own reply is in the
chat, and the user then speaks for seconds). Their embedding is computed then,
in the background, so a turn that blends message and context embeds only the
message on the reply path: one model call of ~7 ms instead of two of ~18 ms on
two CPU cores. A turn whose context was not prepared embeds both, as before.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from core.bounded import MAX_TRACKED_USERS, BoundedMap
from core.errors import ValidationError
from core.models import utcnow
from core.validators import validate_text, validate_user_id
from rag_system import (
    Candidate,
    RankedMemory,
    RecallQuery,
    RetrievalConfig,
    build_recall_query,
    content_terms,
    context_block,
    context_lines,
    feedback_vector,
    format_context,
    linked_terms,
    rank_candidates,
    recall_context_text,
    without_speakers,
)
from services.recall_fusion import FusionWeights

logger = logging.getLogger(__name__)

# Dense hits below this cosine (MiniLM) are noise: with a handful of memories,
# rank fusion would otherwise put unrelated ones into every context block.
DEFAULT_MIN_DENSE_SIMILARITY = 0.2
# Full-text queries use only the highest-weighted terms (the new message's own
# words come first): every extra OR-ed term adds the rows it matches to the
# scoring work, and low-weight context/synonym terms rarely change the top hits.
# 8, not 5: with episodes (what was said) a question's later words often name
# the thing asked about; on LoCoMo-dev 8 terms and a candidate pool of 50 raised
# R@10 on both halves (tuned on conversations 3-4: +0.027, held out 0-2: +0.009).
DEFAULT_MAX_LEXICAL_TERMS = 8
# The question's own terms that go into the second-hop query with the linking
# terms (rag_system.linked_terms): they keep the second pass on the question's topic.
SECOND_HOP_QUERY_TERMS = 2
# Candidates taken from each search (dense, lexical) before fusion and re-ranking.
DEFAULT_CANDIDATE_POOL = 50
# Most memories read from a question's time window (newest first) for its own
# vector ranking (rag_system.RetrievalConfig.window_search): a day of talk is
# tens of turns; a busy month is cut to its latest part.
WINDOW_SEARCH_ROWS = 300
# Conversation scaffolding that survives stopword removal: "do you remember what
# I told you..." matches every memory equally, and "user" is in nearly every
# stored sentence ("User likes ..."); as full-text terms they only add cost.
_SCAFFOLD_TERMS = frozenset(
    ["user", "assistant", "remember", "rememb", "tell", "told", "think", "thought", "know", "knew", "say", "said", "mention", "mentioned", "recall", "ask", "asked", "talk", "talked"]
)
_ROLE_PREFIX = re.compile(r"^\s*(?:user|assistant|system)\s*:\s*", re.IGNORECASE)
# Prepared context vectors kept (one per user, least recently prepared dropped first).
MAX_PREPARED_CONTEXTS = MAX_TRACKED_USERS
MAX_SPEAKER_NAMES = 32  # per user
# Longest message text used to build a recall query.
MAX_QUERY_CHARS = 4_000
# Recent turns beyond this many characters add nothing to the query but cost embedding time.
MAX_TURN_CHARS = 2_000


@dataclass(slots=True)
class RecallResult:
    """What one recall produced.

    ``memories`` are ranked best first (``RankedMemory``: ``.candidate.memory``
    is the stored ``Memory``, ``.score`` the final score). ``context_text`` is
    the delimited block to inject ("" when nothing was found). ``stages`` holds
    per-stage milliseconds (query, embed, dense, lexical, rank, format, total).
    """

    memories: list[RankedMemory]
    context_text: str
    timed_out: bool
    elapsed_ms: float
    stages: dict[str, float] = field(default_factory=dict)
    partial: bool = False  # some candidate source was missing (late or failed)
    carried_over: int = 0  # memories taken from the previous turn's late result
    errors: list[str] = field(default_factory=list)
    # The user's message embedded on its own (None when the embedding was late
    # or failed): the safety screen's semantic stage reads it, so a turn is
    # embedded once for both.
    message_vector: np.ndarray | None = None

    @property
    def memory_records(self) -> list[Any]:
        """The stored ``Memory`` objects, best first."""
        return [entry.candidate.memory for entry in self.memories]

    def to_dict(self) -> dict[str, Any]:
        return {
            "memories": [
                {"id": e.id, "text": e.text, "score": round(float(e.score), 4), **_provenance(e)}
                for e in self.memories
            ],
            "context_text": self.context_text,
            "timed_out": self.timed_out,
            "elapsed_ms": round(self.elapsed_ms, 2),
            "stages": {k: round(v, 2) for k, v in self.stages.items()},
            "partial": self.partial,
            "carried_over": self.carried_over,
            "errors": list(self.errors),
        }


@dataclass(slots=True)
class _Progress:
    """What the pipeline has finished so far (read at the deadline)."""

    lexical: list[tuple[Candidate, float]] | None = None
    dense: list[tuple[Candidate, float]] | None = None
    linked: list[tuple[Candidate, float]] | None = None  # the second hop's hits
    windowed: list[tuple[Candidate, float]] | None = None  # vector matches inside the time window
    feedback: list[tuple[Candidate, float]] | None = None  # the dense search moved towards its best hits
    stages: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    message_vector: np.ndarray | None = None


@dataclass(slots=True)
class _PreparedContext:
    """A recent-turn context whose embedding was started before the message arrived."""

    text: str
    vector: asyncio.Task[np.ndarray]


@dataclass(slots=True)
class _LateResult:
    result: RecallResult
    completed_at: float
    sequence: int = 0


class RagService:
    """Hybrid recall over a ``MemoryStore`` for the voice turn and the recall tool."""

    def __init__(
        self,
        store: Any,
        embedder: Any,
        cache: Any = None,
        config: RetrievalConfig | None = None,
        *,
        candidate_pool: int = DEFAULT_CANDIDATE_POOL,
        min_dense_similarity: float = DEFAULT_MIN_DENSE_SIMILARITY,
        context_max_chars: int = 2000,
        short_dates: bool = False,
        late_result_ttl_s: float = 300.0,
        max_text_chars: int = 100_000,
        max_lexical_terms: int = DEFAULT_MAX_LEXICAL_TERMS,
        blend_context: bool = True,
        blend_max_message_terms: int = 3,
    ) -> None:
        self.store = store
        self.embedder = embedder
        # Query vectors are cached by the embedding service; kept here so the
        # container can hand the same cache to every service.
        self.cache = cache
        self.config = config or RetrievalConfig()
        self.candidate_pool = candidate_pool
        self.min_dense_similarity = min_dense_similarity
        self.context_max_chars = context_max_chars
        # Memory lines dated compactly (rag_system.memory_date_label): RECALL_SHORT_DATES.
        self.short_dates = short_dates
        self.late_result_ttl_s = late_result_ttl_s
        self.max_text_chars = max_text_chars
        self.max_lexical_terms = max_lexical_terms
        # Dense query = blend of message and recent-turn vectors (two embeddings);
        # False embeds the message only (recent turns still feed the lexical side).
        self.blend_context = blend_context
        self.blend_max_message_terms = blend_max_message_terms
        # The learned fusion's weights (services.recall_fusion), used when
        # ``config.learned_fusion`` is on, fitted on this encoder's vectors; None
        # when the weights file is absent.
        self.fusion: FusionWeights | None = FusionWeights.for_model(embedder.model_name)
        # One late result per user, for users seen lately: a user who never
        # comes back must not keep theirs (expired ones are useless anyway).
        self._late: BoundedMap[str, _LateResult] = BoundedMap(ttl_seconds=late_result_ttl_s)
        # Unfinished recalls per user (several if turns come faster than recalls
        # finish); an entry goes when its last task finishes, so this is bounded
        # by the recalls in flight.
        self._pending: dict[str, set[asyncio.Task[Any]]] = {}
        # Recall order, so a slow older recall never overwrites a newer late result.
        self._sequence = itertools.count(1)
        self._background: set[asyncio.Task[Any]] = set()
        self._prepared: BoundedMap[str, _PreparedContext] = BoundedMap(
            MAX_PREPARED_CONTEXTS, on_evict=lambda _uid, dropped: dropped.vector.cancel()
        )
        # The speakers' names each user's memories carry ("Anna", "Mel"), learned
        # from the hits of their recalls, for ``dense_without_speakers`` and the
        # learned fusion's ``subject_cosine``.
        self._speakers: BoundedMap[str, frozenset[str]] = BoundedMap(MAX_TRACKED_USERS)
        self._counters = {
            "recalls": 0,
            "timeouts": 0,
            "late_completed": 0,
            "carried_over": 0,
            "errors": 0,
            "contexts_prepared": 0,
            "prepared_context_used": 0,
        }
        self._latencies_ms: list[float] = []
        # Called with each voice-turn recall's duration in seconds (metrics histograms).
        self.latency_observers: list[Callable[[float], None]] = []

    # --- the voice turn -----------------------------------------------------

    async def recall_for_turn(
        self,
        user_id: str,
        recent_turns: Sequence[str],
        message: str,
        budget_ms: int,
        *,
        limit: int = 6,
        now: datetime | None = None,
        record_access: bool = True,
    ) -> RecallResult:
        """Recall memories for ``message`` (with ``recent_turns`` as context),
        returning within ``budget_ms`` no matter what. See the module docstring
        for what happens to work that misses the budget. ``record_access=False``
        (an incognito session) leaves the memories' access counts alone."""
        started = time.perf_counter()
        uid = validate_user_id(user_id)
        text = validate_text(message, field="message", max_chars=self.max_text_chars)
        if isinstance(budget_ms, bool) or not isinstance(budget_ms, (int, float)) or budget_ms <= 0:
            raise ValidationError("budget_ms must be a positive number", field="budget_ms")
        limit = _validate_limit(limit)
        now = _aware(now or utcnow())
        self._counters["recalls"] += 1

        late = self._take_late(uid)
        # The model reads ~256 tokens and the full-text query keeps 5 terms, so a
        # pasted essay is cut before tokenising it on the event loop.
        query = build_recall_query(_clean_turns(recent_turns), text[:MAX_QUERY_CHARS], now, self.config)
        progress = _Progress(stages={"query_ms": _ms(started)})
        task = asyncio.create_task(self._pipeline(uid, query, progress, limit, now))
        remaining = budget_ms / 1000.0 - (time.perf_counter() - started)
        done: set[asyncio.Task[Any]] = set()
        if remaining > 0:
            done, _ = await asyncio.wait({task}, timeout=remaining)

        timed_out = task not in done
        if not timed_out and task.exception() is None:
            result = task.result()
        else:
            if timed_out:
                self._counters["timeouts"] += 1
                self._keep_when_done(uid, task)
            else:  # the pipeline itself failed: degrade to nothing, never raise
                self._counters["errors"] += 1
                progress.errors.append(f"recall failed: {task.exception()!r}")
            # What is ready now: typically lexical hits when the embedding is late.
            result = self._result_from(progress, query, limit, now, complete=False)

        if late is not None:
            result = self._with_carry_over(result, late, limit, now)
        result.timed_out = timed_out
        result.elapsed_ms = _ms(started)
        result.stages["total_ms"] = result.elapsed_ms
        self._record_latency(result.elapsed_ms)
        if not timed_out and record_access:
            self._record_access(uid, result.memories)
        return result

    async def search(
        self, user_id: str, query: str, *, limit: int = 5, now: datetime | None = None, record_access: bool = True
    ) -> list[RankedMemory]:
        """Ranked recall for an explicit query (the recall tool): the same
        pipeline with no budget and no conversation context. ``record_access=False``
        (the user browsing their own memories in the app) leaves the access
        counts, a recall-frequency signal, alone and writes nothing."""
        uid = validate_user_id(user_id)
        text = validate_text(query, field="query", max_chars=self.max_text_chars)
        limit = _validate_limit(limit)
        now = _aware(now or utcnow())
        recall_query = build_recall_query([], text[:MAX_QUERY_CHARS], now, self.config)
        result = await self._pipeline(uid, recall_query, _Progress(), limit, now)
        if record_access:
            self._record_access(uid, result.memories)
        return result.memories

    def prepare_context(self, user_id: str, recent_turns: Sequence[str]) -> None:
        """Start embedding the context the next recall will derive from
        ``recent_turns`` (the conversation so far, before the user's next
        message), in the background. Call it when the assistant's reply is in
        the chat; ``recall_for_turn`` with the same recent turns then embeds
        only the new message. Never raises for ordinary bad input: preparing is
        an optimisation, and the recall works without it."""
        try:
            uid = validate_user_id(user_id)
        except ValidationError:
            logger.warning("prepare_context: invalid user id ignored")
            return
        if not (self.config.dense and self.blend_context) or isinstance(recent_turns, str):
            return
        context = recall_context_text(_clean_turns(recent_turns), self.config)
        if context is None:
            return
        context = context[: self.max_text_chars]
        held = self._prepared.get(uid)
        if held is not None and held.text == context and not _failed(held.vector):
            return
        if held is not None:
            held.vector.cancel()
        task = asyncio.create_task(self.embedder.embed_query(context, owner=uid))
        task.add_done_callback(_log_prepare_failure)
        self._prepared[uid] = _PreparedContext(context, task)
        self._counters["contexts_prepared"] += 1

    async def warm_user(self, user_id: str) -> None:
        """Load what the user's searches read (their vectors and word index, on
        SQLite ~0.3 s at 10k memories) before their first turn needs it."""
        await self.store.warm_user(validate_user_id(user_id))

    def forget_user(self, user_id: object) -> None:
        """Drop what this service holds of an erased user: the prepared context
        (their recent words) and any late recall result."""
        uid = validate_user_id(user_id)
        prepared = self._prepared.pop(uid, None)
        if prepared is not None:
            prepared.vector.cancel()
        self._late.pop(uid, None)
        self._speakers.pop(uid, None)

    # --- late results -------------------------------------------------------

    def peek_late_result(self, user_id: str) -> RecallResult | None:
        """The completed result of a recall that missed its budget (not consumed)."""
        entry = self._late.get(validate_user_id(user_id))
        if entry is None or time.monotonic() - entry.completed_at > self.late_result_ttl_s:
            return None
        return entry.result

    def take_late_result(self, user_id: str) -> RecallResult | None:
        """Like peek_late_result, but removes it."""
        return self._take_late(validate_user_id(user_id))

    async def wait_pending(self, user_id: str | None = None, timeout: float | None = None) -> None:
        """Wait for unfinished background recall work, prepared contexts
        included (tests, shutdown)."""
        wanted = None if user_id is None else validate_user_id(user_id)
        tasks = [t for uid, group in self._pending.items() if wanted in (None, uid) for t in group]
        tasks += list(self._background) if user_id is None else []
        tasks += [entry.vector for uid, entry in self._prepared.items() if wanted in (None, uid)]
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)

    async def aclose(self) -> None:
        """Let background work finish briefly, then cancel what is left."""
        await self.wait_pending(timeout=2.0)
        prepared = [entry.vector for entry in self._prepared.values()]
        for task in [*(t for group in self._pending.values() for t in group), *self._background, *prepared]:
            task.cancel()
        self._pending.clear()
        self._background.clear()
        self._prepared.clear()

    def stats(self) -> dict[str, Any]:
        """Counters and recent latency percentiles (ms)."""
        latencies = np.asarray(self._latencies_ms[-1000:], dtype=np.float64)
        return {
            **self._counters,
            "late_results_held": len(self._late),
            "prepared_contexts_held": len(self._prepared),
            "pending": sum(1 for group in self._pending.values() for t in group if not t.done()),
            "latency_ms_p50": float(np.percentile(latencies, 50)) if latencies.size else None,
            "latency_ms_p95": float(np.percentile(latencies, 95)) if latencies.size else None,
        }

    # --- pipeline -----------------------------------------------------------

    async def _pipeline(
        self, uid: str, query: RecallQuery, progress: _Progress, limit: int, now: datetime
    ) -> RecallResult:
        jobs = []
        if self.config.lexical:
            jobs.append(self._lexical(uid, query, progress))
        # The window's rows are read while the query is being embedded.
        window_rows = self._window_rows(uid, query)
        if self.config.dense:
            jobs.append(self._dense(uid, query, progress, window_rows))
        try:
            await asyncio.gather(*jobs)
        finally:
            if window_rows is not None and not window_rows.done():
                window_rows.cancel()
            elif window_rows is not None and not window_rows.cancelled():
                window_rows.exception()  # retrieved (and logged by _window_search if it was read)
        self._learn_speakers(uid, progress)
        return self._result_from(progress, query, limit, now, complete=True)

    def _learn_speakers(self, uid: str, progress: _Progress) -> None:
        """Remember the speakers' names among this recall's hits, for the next recall's query vector."""
        if not (self.config.dense_without_speakers or self._fusion_on):
            return
        found = {
            speaker.strip()
            for candidate, _score in [*(progress.dense or []), *(progress.lexical or [])]
            if isinstance(speaker := candidate.metadata.get("speaker"), str) and speaker.strip()
        }
        known = self._speakers.get(uid, frozenset())
        if not found <= known:
            # A handful in practice (the user and the companion, the people in a shared
            # conversation); bounded all the same.
            self._speakers[uid] = frozenset(sorted(known | found)[:MAX_SPEAKER_NAMES])

    def _window_rows(self, uid: str, query: RecallQuery) -> asyncio.Task[Any] | None:
        """Start reading the memories inside the query's time window, when it
        names one narrow enough to search on its own (``window_search``)."""
        window = query.time_window
        if not (self.config.window_search and self.config.dense) or window is None:
            return None
        if (window.end - window.start).total_seconds() > self.config.window_search_max_days * 86400.0:
            return None
        return asyncio.create_task(
            self.store.memories_created_between(uid, window.start, window.end, limit=WINDOW_SEARCH_ROWS)
        )

    async def _lexical(self, uid: str, query: RecallQuery, progress: _Progress) -> None:
        started = time.perf_counter()
        ordered = sorted(
            (term for term in query.term_weights if term not in _SCAFFOLD_TERMS),
            key=lambda term: -query.term_weights[term],
        )
        terms = " ".join(ordered[: self.max_lexical_terms]) or query.message
        try:
            hits = await self.store.lexical_search_memories(uid, terms, limit=self.candidate_pool)
            progress.lexical = [(Candidate.from_memory(h.memory), float(h.score)) for h in hits]
        except Exception as exc:  # a failed source degrades recall; it must not fail the turn
            progress.errors.append(f"lexical search failed: {exc!r}")
            progress.lexical = []
            logger.warning("lexical recall failed", exc_info=True)
        progress.stages["lexical_ms"] = _ms(started)
        if self.config.second_hop and progress.lexical:
            await self._second_hop(uid, query, ordered, progress)

    async def _second_hop(self, uid: str, query: RecallQuery, ordered: list[str], progress: _Progress) -> None:
        """A second lexical pass: the question's leading terms with the terms
        that link its first hits to other memories (``rag_system.linked_terms``).
        It runs while the dense side is still embedding the query, so it
        rarely adds to the turn's time."""
        started = time.perf_counter()
        linked = linked_terms(query, [candidate for candidate, _ in progress.lexical or []], self.config)
        if not linked:
            return
        terms = " ".join([*ordered[:SECOND_HOP_QUERY_TERMS], *linked])
        try:
            hits = await self.store.lexical_search_memories(uid, terms, limit=self.candidate_pool)
            progress.linked = [(Candidate.from_memory(h.memory), float(h.score)) for h in hits]
        except Exception as exc:  # the second hop only adds; losing it must not fail the turn
            progress.errors.append(f"second-hop search failed: {exc!r}")
            logger.warning("second-hop recall failed", exc_info=True)
        progress.stages["second_hop_ms"] = _ms(started)

    async def _dense(
        self, uid: str, query: RecallQuery, progress: _Progress, window_rows: asyncio.Task[Any] | None = None
    ) -> None:
        started = time.perf_counter()
        try:
            vector = await self._query_vector(uid, query, progress)
            progress.stages["embed_ms"] = _ms(started)
            searched = time.perf_counter()
            hits = await self.store.search_memories(uid, vector, limit=self.candidate_pool)
            progress.stages["dense_ms"] = _ms(searched)
            progress.dense = [
                (Candidate.from_memory(h.memory), float(h.score))
                for h in hits
                if h.score >= self.min_dense_similarity
            ]
        except Exception as exc:
            progress.errors.append(f"dense search failed: {exc!r}")
            progress.dense = []
            logger.warning("dense recall failed", exc_info=True)
            return
        if self.config.dense_feedback and progress.dense:
            await self._dense_feedback(uid, vector, progress)
        if window_rows is not None:
            await self._window_search(window_rows, vector, progress)

    async def _dense_feedback(self, uid: str, vector: np.ndarray, progress: _Progress) -> None:
        """A second vector search for the query moved towards its best hits."""
        started = time.perf_counter()
        moved = feedback_vector(vector, [candidate for candidate, _ in progress.dense or []], self.config)
        if moved is None:
            return
        try:
            hits = await self.store.search_memories(uid, moved, limit=self.candidate_pool)
        except Exception as exc:  # feedback only adds; losing it must not fail the turn
            progress.errors.append(f"dense feedback search failed: {exc!r}")
            logger.warning("dense feedback recall failed", exc_info=True)
            return
        progress.feedback = [
            (Candidate.from_memory(h.memory), float(h.score)) for h in hits if h.score >= self.min_dense_similarity
        ]
        progress.stages["feedback_ms"] = _ms(started)

    async def _window_search(self, window_rows: asyncio.Task[Any], vector: np.ndarray, progress: _Progress) -> None:
        """Rank the memories inside the time window by the query vector."""
        started = time.perf_counter()
        try:
            rows = [memory for memory in await window_rows if memory.embedding is not None]
        except Exception as exc:  # the window only adds; losing it must not fail the turn
            progress.errors.append(f"time-window search failed: {exc!r}")
            logger.warning("time-window recall failed", exc_info=True)
            return
        if rows:
            matrix = np.stack([np.asarray(memory.embedding, dtype=np.float32) for memory in rows])
            norms = np.linalg.norm(matrix, axis=1) * max(float(np.linalg.norm(vector)), 1e-12)
            scores = matrix @ np.asarray(vector, dtype=np.float32) / np.maximum(norms, 1e-12)
            best = np.argsort(-scores)[: self.candidate_pool]
            # No similarity floor here: being inside the window the question
            # names is the evidence ("what did I do yesterday?"); the vector
            # only orders the window's memories.
            progress.windowed = [(Candidate.from_memory(rows[i]), float(scores[i])) for i in best]
        progress.stages["window_ms"] = _ms(started)

    async def _query_vector(self, uid: str, query: RecallQuery, progress: _Progress | None = None) -> np.ndarray:
        asked = query.message[: self.max_text_chars]
        wanted = self.config.dense_without_speakers or self._fusion_on
        stripped = without_speakers(asked, self._speakers.get(uid, ())) if wanted else asked
        message = stripped if self.config.dense_without_speakers else asked
        # The learned fusion also reads the message without the speakers' names
        # (``subject_cosine``); when the search does not use it, it goes into
        # the same model call as the message.
        subject = stripped if self._fusion_on else message
        context: str | None = None
        prepared: _PreparedContext | None = None
        if query.context_text and self._needs_context(query):
            # The message and the recent-turn context are embedded separately and
            # blended with the message weighted higher (rag_system.RecallQuery.blend).
            context = query.context_text[: self.max_text_chars]
            held = self._prepared.get(uid)
            if held is not None and held.text == context and not _failed(held.vector):
                prepared = held
        texts = [message, *([subject] if subject != message else []), *([context] if context and not prepared else [])]
        if prepared is not None:
            # Shielded: a recall that misses its budget must not cancel the
            # prepared vector, which the next recall may still use.
            vectors, context_vector = await asyncio.gather(
                self._embed_queries(uid, texts), _result_or_none(asyncio.shield(prepared.vector))
            )
            if context_vector is None:  # preparing failed meanwhile: embed it now
                context_vector = await self.embedder.embed_query(context or "", owner=uid)
            else:
                self._counters["prepared_context_used"] += 1
        else:
            vectors = await self._embed_queries(uid, texts)
            context_vector = vectors[-1] if context else None
        message_vector = vectors[0]
        if progress is not None:
            progress.message_vector = message_vector
        query.subject_vector = vectors[1] if subject != message else message_vector
        return query.blend(message_vector, context_vector) if context else message_vector

    async def _embed_queries(self, uid: str, texts: list[str]) -> list[np.ndarray]:
        """``texts`` in one model call when the embedder can batch queries."""
        if len(texts) == 1:
            return [await self.embedder.embed_query(texts[0], owner=uid)]
        embed_queries = getattr(self.embedder, "embed_queries", None)
        if embed_queries is not None:
            return list(await embed_queries(texts, owner=uid))
        return list(await asyncio.gather(*(self.embedder.embed_query(text, owner=uid) for text in texts)))

    @property
    def _fusion_on(self) -> bool:
        # The config, not the weights: bench.fusion_fit collects the pools the
        # weights are fitted on, features included, before any weights exist.
        return self.config.learned_fusion

    def _needs_context(self, query: RecallQuery) -> bool:
        """Blend in the recent turns only for short messages ("is it about the
        wedding?", "and her?"): a self-contained question does not need them,
        and skipping the second embedding halves the model time on the path."""
        if not self.blend_context:
            return False
        return len(content_terms(query.message)) <= self.blend_max_message_terms

    def render_context(self, memories: Sequence[RankedMemory], now: datetime) -> str:
        """The delimited block the agent injects for ``memories`` (best first),
        within ``context_max_chars``."""
        return format_context(memories, now, max_chars=self.context_max_chars, short_dates=self.short_dates)

    def context_with_memories(self, memories: Sequence[RankedMemory], now: datetime) -> tuple[str, list[RankedMemory]]:
        """``render_context``'s block and the memories it found room for, laid out once."""
        kept = context_lines(memories, now, max_chars=self.context_max_chars, short_dates=self.short_dates)
        return context_block(kept), [entry for entry, _line in kept]

    def _result_from(
        self, progress: _Progress, query: RecallQuery, limit: int, now: datetime, *, complete: bool
    ) -> RecallResult:
        started = time.perf_counter()
        dense = progress.dense or []
        lexical = progress.lexical or []
        linked = progress.linked or []
        windowed = progress.windowed or []
        feedback = progress.feedback or []
        ranked = (
            rank_candidates(
                query, dense, lexical, now, self.config, limit,
                linked_hits=linked, window_hits=windowed, feedback_hits=feedback,
                rescore=self.fusion.rescore if self.fusion is not None and self.config.learned_fusion else None,
            )
            if (dense or lexical or linked or windowed)
            else []
        )
        stages = dict(progress.stages)
        stages["rank_ms"] = _ms(started)
        formatted = time.perf_counter()
        context = self.render_context(ranked, now)
        stages["format_ms"] = _ms(formatted)
        missing = (self.config.dense and progress.dense is None) or (self.config.lexical and progress.lexical is None)
        return RecallResult(
            memories=ranked,
            context_text=context,
            timed_out=False,
            elapsed_ms=0.0,
            stages=stages,
            partial=bool(missing or progress.errors) or not complete,
            errors=list(progress.errors),
            message_vector=progress.message_vector,
        )

    # --- background bookkeeping ---------------------------------------------

    def _keep_when_done(self, uid: str, task: asyncio.Task[Any]) -> None:
        self._pending.setdefault(uid, set()).add(task)
        sequence = next(self._sequence)

        def finished(done: asyncio.Task[Any]) -> None:
            group = self._pending.get(uid)
            if group is not None:
                group.discard(done)
                if not group:
                    del self._pending[uid]
            if done.cancelled() or done.exception() is not None:
                return
            result: RecallResult = done.result()
            self._counters["late_completed"] += 1
            self._record_access(uid, result.memories)
            held = self._late.get(uid)
            if held is not None and held.sequence > sequence:
                return  # a newer recall already finished late; keep that one
            self._late[uid] = _LateResult(result, time.monotonic(), sequence)

        task.add_done_callback(finished)

    def _take_late(self, uid: str) -> RecallResult | None:
        entry = self._late.pop(uid, None)
        if entry is None or time.monotonic() - entry.completed_at > self.late_result_ttl_s:
            return None
        return entry.result

    def _with_carry_over(self, result: RecallResult, late: RecallResult, limit: int, now: datetime) -> RecallResult:
        present = {entry.id for entry in result.memories}
        extra = [entry for entry in late.memories if entry.id not in present][: max(0, limit - len(result.memories))]
        if not extra:
            return result
        result.memories = result.memories + extra
        result.carried_over = len(extra)
        result.context_text = self.render_context(result.memories, now)
        self._counters["carried_over"] += len(extra)
        return result

    def _record_access(self, uid: str, memories: Sequence[RankedMemory]) -> None:
        ids = [entry.id for entry in memories]
        if not ids:
            return
        task = asyncio.create_task(self._safe_record_access(uid, ids))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _safe_record_access(self, uid: str, ids: list[str]) -> None:
        try:
            await self.store.record_memory_access(uid, ids)
        except Exception:  # a lost access count only weakens one ranking signal
            logger.warning("could not record memory access", exc_info=True)

    def _record_latency(self, elapsed_ms: float) -> None:
        self._latencies_ms.append(elapsed_ms)
        for observe in self.latency_observers:
            observe(elapsed_ms / 1000.0)
        if len(self._latencies_ms) > 2000:
            del self._latencies_ms[:1000]


def _provenance(entry: RankedMemory) -> dict[str, list[str]]:
    """Where a recalled memory was learned: its turns and sessions (the app
    can say "from your conversation on ...")."""
    memory = entry.candidate.memory
    if memory is None:
        return {"turn_ids": [], "session_ids": []}
    return {"turn_ids": list(memory.turn_ids), "session_ids": list(memory.session_ids)}


def _failed(task: asyncio.Task[Any]) -> bool:
    return task.done() and (task.cancelled() or task.exception() is not None)


async def _result_or_none(pending: Any) -> Any:
    try:
        return await pending
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():  # we were cancelled, not the prepared task
            raise
        return None
    except Exception:  # noqa: BLE001 - logged by _log_prepare_failure; the caller embeds it anew
        return None


def _log_prepare_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        # The recall will embed the context itself; nothing is lost but time.
        logger.warning("preparing a recall context failed: %r", task.exception())


def _clean_turns(recent_turns: Sequence[str] | None) -> list[str]:
    if not recent_turns:
        return []
    if isinstance(recent_turns, str):
        raise ValidationError("recent_turns must be a list of strings", field="recent_turns")
    # "user: ..." / "assistant: ..." labels are formatting, not content.
    cleaned = (_ROLE_PREFIX.sub("", t, count=1)[:MAX_TURN_CHARS] for t in recent_turns if isinstance(t, str))
    return [t for t in cleaned if t.strip() and "\x00" not in t]


def _validate_limit(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50:
        raise ValidationError("limit must be an integer between 1 and 50", field="limit")
    return limit


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000.0

