"""Coalesces memory/turn writes and memory lookups into few database round trips.

The voice path records turns and extracted memories after every reply; writing
each one as it comes would cost a round trip per row. The batcher queues them
and writes one ``add_memories``/``add_turns`` call per user per flush (the store
contract takes one user's rows per call), flushing when the queue holds
``max_batch_size`` items or its oldest item is ``max_age_ms`` old.

Durability contract (what an enqueue future means):

* ``enqueue_*`` returns at once with a future that resolves (``None``) only
  when every row of that call is durable in the store. Callers on the voice
  path do not await it; code that needs the guarantee (tests, shutdown) does.
* A row the store refuses for what it is (``PermanentStorageError``: a data
  exception, a constraint violation; or any error that is not a
  ``StorageError``, such as the store's ``ValidationError``) cannot succeed by
  retrying. Only that row fails: the batch is split in halves until the row is
  isolated (the databases do not say which row of an ``executemany`` failed),
  its enqueue future gets the error, it is counted as ``rejected`` and logged
  with the user id, and every other row is written in the same flush.
* Other failures (``TransientStorageError``, ``StorageUnavailableError``, or a
  ``StorageError`` of unknown cause) are retried with exponential backoff and
  jitter, up to ``max_retries`` times. Then the store's health decides:
  - the store does not answer (an outage): the flush stops, every unwritten
    row stays queued with its future pending (no write is lost to an outage),
    and automatic flushes pause for a growing cool-down;
  - the store answers, so the failure belongs to these rows: only that
    (kind, user) group is set aside for its own growing cool-down, and the
    flush goes on with everyone else's rows. A group that keeps failing while
    the store accepts other writes is given up after
    ``_MAX_CYCLES_FAILING_ALONE`` such flushes: its futures get
    ``WritesNotPersistedError`` and it is counted as ``gave_up``. So nothing
    retries forever, and a stuck row never holds other users' writes.
* ``flush()`` raises ``WritesNotPersistedError`` if it could not make the
  queue durable (rows stay queued); ``close(timeout)`` keeps trying until the
  timeout, then fails the remaining futures and raises
  ``WritesNotPersistedError`` saying how many rows were lost. Nothing is ever
  dropped silently.

Writes are replayed after failures, so they must be idempotent by id
(``add_memories`` inserts or replaces by id).

``get_memory`` lookups issued in the same event-loop tick are coalesced into
one ``get_memories`` call per user; a memory still waiting in the queue is
answered from the queue (read-your-writes) without touching the database.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from core.errors import (
    PermanentStorageError,
    ResourceClosedError,
    StorageError,
    ValidationError,
    WritesNotPersistedError,
)
from core.models import Memory, Turn

if TYPE_CHECKING:
    from core.config import Settings
    from infrastructure.storage.base import MemoryStore

logger = logging.getLogger(__name__)

WriteKind = Literal["memory", "turn"]
# Ceiling for the pause between automatic flush attempts while the store is down.
_MAX_COOLDOWN_S = 5.0
_DEFAULT_CLOSE_TIMEOUT_S = 10.0
# Flushes in which one group's write may fail while the store accepts other
# writes before that group is given up (see the module docstring).
_MAX_CYCLES_FAILING_ALONE = 3


class _Ticket:
    """The future returned by one enqueue call, resolved when all of its
    per-user parts are durable."""

    __slots__ = ("future", "remaining")

    def __init__(self, future: asyncio.Future[None], parts: int) -> None:
        self.future = future
        self.remaining = parts

    def part_done(self) -> None:
        self.remaining -= 1
        if self.remaining == 0 and not self.future.done():
            self.future.set_result(None)

    def fail(self, exc: BaseException) -> None:
        if not self.future.done():
            self.future.set_exception(exc)
            # The caller may never await this future (voice path); the error is
            # logged and counted already, so do not let asyncio warn about it.
            self.future.exception()


@dataclass(eq=False)
class _PendingWrite:
    """One user's rows from one enqueue call."""

    kind: WriteKind
    user_id: str
    items: list[Any]
    ticket: _Ticket
    enqueued_at: float
    # Set when this row's group failed while the store was up: automatic
    # flushes leave the group alone until ``not_before`` (loop time).
    not_before: float = 0.0
    failed_cycles: int = 0  # flushes in which it failed while others were written
    # The batcher's count of successful store writes at its last failure.
    writes_seen_at_failure: int | None = None

    @property
    def group(self) -> tuple[WriteKind, str]:
        return (self.kind, self.user_id)


@dataclass(eq=False)
class _Chunk:
    """Rows written in one store call: one kind, one user."""

    kind: WriteKind
    user_id: str
    entries: list[_PendingWrite] = field(default_factory=list)
    size: int = 0

    @property
    def group(self) -> tuple[WriteKind, str]:
        return (self.kind, self.user_id)


@dataclass
class _Outcome:
    """What became of the rows of one write: written, refused (with the
    error), or still unwritten after the retries (with the last error)."""

    written: list[Any] = field(default_factory=list)
    refused: list[tuple[Any, BaseException]] = field(default_factory=list)
    unwritten: list[Any] = field(default_factory=list)
    error: BaseException | None = None

    def add(self, other: _Outcome) -> None:
        self.written += other.written
        self.refused += other.refused
        self.unwritten += other.unwritten
        self.error = other.error or self.error


class DatabaseBatcher:
    """Write-behind queue in front of a ``MemoryStore``."""

    def __init__(
        self,
        store: MemoryStore,
        *,
        max_batch_size: int = 100,
        max_age_ms: float = 50,
        max_retries: int = 5,
        retry_base_delay_ms: float = 50,
    ) -> None:
        if (
            max_batch_size < 1
            or max_age_ms <= 0
            or max_retries < 0
            or retry_base_delay_ms <= 0
        ):
            raise ValidationError("batcher sizes, ages and delays must be positive")
        self.store = store
        self.max_batch_size = max_batch_size
        self.max_age = max_age_ms / 1000
        self.max_retries = max_retries
        self.retry_base_delay = retry_base_delay_ms / 1000

        self._queue: deque[_PendingWrite] = deque()
        self._queued_items = 0
        self._in_flight_items = 0
        # Newest queued version of each memory, for read-your-writes lookups.
        self._pending_memories: dict[tuple[str, str], Memory] = {}
        self._lookups: dict[str, dict[str, list[asyncio.Future[Memory | None]]]] = {}
        self._lookup_task: asyncio.Task[None] | None = None

        self._task: asyncio.Task[None] | None = None
        self._wakeup: asyncio.Event | None = None
        self._flush_lock: asyncio.Lock | None = None
        self._closing = False
        self._closed = False
        # Automatic flushes pause until this loop time after a failed flush.
        self._retry_not_before = 0.0
        self._consecutive_failed_flushes = 0
        # Loop time the flusher sleeps until (an enqueue due sooner wakes it).
        self._sleeping_until = 0.0
        self._successful_writes = 0

        self._stats: dict[str, Any] = {
            "batches": 0,
            "items_written": 0,
            "memories_written": 0,
            "turns_written": 0,
            "round_trips": 0,
            "failures": 0,
            "retries": 0,
            "failed_flushes": 0,
            "rejected": 0,
            "gave_up": 0,
            "lookups": 0,
            "lookup_round_trips": 0,
            "lookups_from_queue": 0,
            "last_error": None,
            "last_flush_latency_ms": None,
        }

    @classmethod
    def from_settings(cls, store: MemoryStore, settings: Settings) -> DatabaseBatcher:
        """A batcher configured from the ``batch_*`` settings."""
        return cls(
            store,
            max_batch_size=settings.batch_max_size,
            max_age_ms=settings.batch_max_age_ms,
            max_retries=settings.batch_max_retries,
            retry_base_delay_ms=settings.batch_retry_base_delay_ms,
        )

    # --- lifecycle -------------------------------------------------------------
    def start(self) -> None:
        """Start the background flusher (idempotent; needs a running loop).
        Enqueueing starts it too, so calling this is optional."""
        if self._closed or self._closing:
            raise ResourceClosedError("the database batcher is closed")
        if self._task is not None and not self._task.done():
            return
        loop = asyncio.get_running_loop()
        self._wakeup = asyncio.Event()
        self._flush_lock = self._flush_lock or asyncio.Lock()
        self._task = loop.create_task(self._run(), name="database-batcher")

    async def close(self, timeout: float | None = _DEFAULT_CLOSE_TIMEOUT_S) -> None:
        """Stop accepting writes and drain the queue.

        Keeps retrying for up to ``timeout`` seconds (``None``: until it
        succeeds). Raises ``WritesNotPersistedError`` with the counts of rows
        that could not be persisted; their futures get the same error.
        Idempotent.
        """
        if self._closed:
            return
        self._closing = True
        if self._wakeup is not None:
            self._wakeup.set()
        task, self._task = self._task, None
        try:
            async with asyncio.timeout(timeout):
                if task is not None:
                    # The flusher exits after its current cycle.
                    await task
                await self._drain_until_empty()
        except TimeoutError:
            # Cancelled mid-write at worst: the cycle puts unwritten rows back
            # in the queue, and they are reported below.
            if task is not None:
                await asyncio.gather(task, return_exceptions=True)
        finally:
            self._closed = True
            if self._lookup_task is not None:
                await asyncio.gather(self._lookup_task, return_exceptions=True)
        if self._queue:
            self._fail_queue()

    # --- writes ------------------------------------------------------------------
    def enqueue_memories(self, memories: Sequence[Memory]) -> asyncio.Future[None]:
        """Queue memories for writing; the future resolves when all are durable."""
        for memory in memories:
            if not isinstance(memory, Memory):
                raise ValidationError(
                    "enqueue_memories takes Memory objects", field="memories"
                )
        future = self._enqueue("memory", list(memories))
        for memory in memories:
            self._pending_memories[(memory.user_id, memory.id)] = memory
        return future

    def enqueue_turns(self, turns: Sequence[Turn]) -> asyncio.Future[None]:
        """Queue conversation turns for writing; the future resolves when all are durable."""
        for turn in turns:
            if not isinstance(turn, Turn):
                raise ValidationError("enqueue_turns takes Turn objects", field="turns")
        return self._enqueue("turn", list(turns))

    async def flush(self) -> None:
        """Write everything queued now. Raises ``WritesNotPersistedError`` if
        the store kept failing past the retries (the rows stay queued)."""
        if self._queue or self._in_flight_items:
            lock = self._lock()
            async with lock:
                # Rows set aside after failing alone are tried too: flush()
                # promises to try everything queued now.
                ok = await self._flush_cycle(include_set_aside=True)
            if not ok:
                raise self._not_persisted_error("flush failed; rows stay queued")

    # --- lookups -----------------------------------------------------------------
    async def get_memory(self, user_id: str, memory_id: str) -> Memory | None:
        """One memory by id (None if absent). Concurrent lookups share one
        ``get_memories`` round trip per user; queued writes are visible."""
        if self._closed:
            raise ResourceClosedError("the database batcher is closed")
        self._stats["lookups"] += 1
        queued = self._pending_memories.get((user_id, memory_id))
        if queued is not None:
            self._stats["lookups_from_queue"] += 1
            return queued
        future: asyncio.Future[Memory | None] = (
            asyncio.get_running_loop().create_future()
        )
        self._lookups.setdefault(user_id, {}).setdefault(memory_id, []).append(future)
        if self._lookup_task is None or self._lookup_task.done():
            self._lookup_task = asyncio.get_running_loop().create_task(
                self._run_lookups()
            )
        return await future

    # --- stats -------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counters, JSON-serialisable. ``round_trips`` counts every store write
        call made, failed attempts included; ``round_trips_saved`` is what
        writing row by row would have cost on top of that."""
        stats = dict(self._stats)
        stats["queue_depth"] = self._queued_items
        now = self._now()
        stats["set_aside"] = sum(
            len(e.items) for e in self._queue if e.not_before > now
        )
        stats["pending"] = self._queued_items + self._in_flight_items
        stats["pending_lookups"] = sum(
            len(futures) for ids in self._lookups.values() for futures in ids.values()
        )
        stats["round_trips_saved"] = stats["items_written"] - stats["round_trips"]
        stats["average_batch_size"] = (
            round(stats["items_written"] / stats["batches"], 2)
            if stats["batches"]
            else 0.0
        )
        stats["running"] = self._task is not None and not self._task.done()
        stats["closed"] = self._closed
        return stats

    # --- internals: queueing ---------------------------------------------------------
    def _enqueue(self, kind: WriteKind, items: list[Any]) -> asyncio.Future[None]:
        if self._closed or self._closing:
            raise ResourceClosedError(
                "the database batcher is closed; the write was not queued"
            )
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        if not items:
            future.set_result(None)
            return future
        by_user: dict[str, list[Any]] = {}
        for item in items:
            by_user.setdefault(item.user_id, []).append(item)
        ticket = _Ticket(future, len(by_user))
        now = loop.time()
        was_empty = not self._queue
        for user_id, rows in by_user.items():
            self._queue.append(_PendingWrite(kind, user_id, rows, ticket, now))
            self._queued_items += len(rows)
        self.start()
        assert self._wakeup is not None
        if (
            was_empty
            or self._queued_items >= self.max_batch_size
            # The flusher may be sleeping on a set-aside group or an outage
            # cool-down; a new write is due sooner than that.
            or now + self.max_age < self._sleeping_until
        ):
            self._wakeup.set()
        return future

    def _lock(self) -> asyncio.Lock:
        if self._flush_lock is None:
            self._flush_lock = asyncio.Lock()
        return self._flush_lock

    def _now(self) -> float:
        try:
            return asyncio.get_running_loop().time()
        except RuntimeError:  # stats() called outside a loop
            return 0.0

    async def _run(self) -> None:
        """Background flusher: waits for the size or age trigger, then flushes."""
        loop = asyncio.get_running_loop()
        assert self._wakeup is not None
        while not self._closing:
            if not self._queue:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            now = loop.time()
            due = max(self._next_due(now), self._retry_not_before)
            if due > now:
                self._wakeup.clear()
                self._sleeping_until = due
                try:
                    async with asyncio.timeout(due - now):
                        await self._wakeup.wait()
                except TimeoutError:
                    pass
                finally:
                    self._sleeping_until = 0.0
                continue
            try:
                async with self._lock():
                    await self._flush_cycle()
            except Exception:  # the flusher must outlive any single failure
                logger.exception("database batcher flush cycle crashed")
                self._retry_not_before = loop.time() + _MAX_COOLDOWN_S

    def _next_due(self, now: float) -> float:
        """When the next automatic flush is due: at once if the rows that may
        be written fill a batch, else when the oldest of them reaches
        ``max_age`` or a set-aside group's cool-down ends."""
        held = self._set_aside_groups(now)
        due = float("inf")
        ready_items = 0
        for entry in self._queue:
            until = held.get(entry.group)
            if until is not None:
                due = min(due, until)
            else:
                ready_items += len(entry.items)
                due = min(due, entry.enqueued_at + self.max_age)
        return now if ready_items >= self.max_batch_size else due

    def _set_aside_groups(self, now: float) -> dict[tuple[WriteKind, str], float]:
        """Groups in a cool-down after failing alone, with when it ends. A
        whole group waits, so a user's rows are always written in order."""
        held: dict[tuple[WriteKind, str], float] = {}
        for entry in self._queue:
            if entry.not_before > now:
                held[entry.group] = max(held.get(entry.group, 0.0), entry.not_before)
        return held

    async def _drain_until_empty(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            wait = self._retry_not_before - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            async with self._lock():
                await self._flush_cycle(include_set_aside=True)

    # --- internals: writing ----------------------------------------------------------
    async def _flush_cycle(self, *, include_set_aside: bool = False) -> bool:
        """Write what is queued (but set-aside groups unless asked); put the
        unwritten rows back at the front of the queue. True if nothing failed."""
        loop = asyncio.get_running_loop()
        held = {} if include_set_aside else self._set_aside_groups(loop.time())
        entries = [e for e in self._queue if e.group not in held]
        if not entries:
            return True
        kept = [e for e in self._queue if e.group in held]
        self._queue = deque(kept)
        self._queued_items = sum(len(e.items) for e in kept)
        self._in_flight_items = sum(len(e.items) for e in entries)
        unfinished = set(entries)
        started = time.perf_counter()
        writes_before = self._successful_writes
        failed_groups: set[tuple[WriteKind, str]] = set()
        outage = False
        try:
            for chunk in self._chunks(entries):
                if chunk.group in failed_groups:
                    continue  # its earlier rows must be written first
                finished, error = await self._write_chunk(chunk)
                unfinished.difference_update(finished)
                if len(finished) == len(chunk.entries):
                    continue
                failed_groups.add(chunk.group)
                if not await self._store_answers():
                    outage = True
                    break
                logger.warning(
                    "database batcher: %s rows for user %s fail while the store is "
                    "up; set aside, the other users' rows go on: %s",
                    chunk.kind,
                    chunk.user_id,
                    error,
                )
            for group in failed_groups if not outage else ():
                stuck = [e for e in entries if e in unfinished and e.group == group]
                unfinished.difference_update(self._set_aside(stuck, writes_before))
        finally:
            # Whatever was not written (failure, or cancellation mid-write) goes
            # back to the front in its original order.
            leftover = [e for e in entries if e in unfinished]
            self._queue.extendleft(reversed(leftover))
            self._queued_items += sum(len(e.items) for e in leftover)
            self._in_flight_items = 0
            if leftover and self._wakeup is not None:
                # The flusher may have gone idle while these were in flight.
                self._wakeup.set()
        self._stats["last_flush_latency_ms"] = round(
            (time.perf_counter() - started) * 1000, 3
        )
        if outage:
            self._consecutive_failed_flushes += 1
            cooldown = min(
                _MAX_COOLDOWN_S,
                self.retry_base_delay * 2 ** min(self._consecutive_failed_flushes, 16),
            )
            self._retry_not_before = loop.time() + cooldown
        else:
            self._consecutive_failed_flushes = 0
            self._retry_not_before = 0.0
        return not unfinished

    def _set_aside(
        self, entries: list[_PendingWrite], writes_before: int
    ) -> list[_PendingWrite]:
        """A group failed while the store answered: give it a cool-down of its
        own, and give it up if it keeps failing while other rows get written.
        Returns the entries given up (their futures have the error)."""
        loop = asyncio.get_running_loop()
        given_up: list[_PendingWrite] = []
        for entry in entries:
            seen = entry.writes_seen_at_failure
            if self._successful_writes > (writes_before if seen is None else seen):
                entry.failed_cycles += 1
            entry.writes_seen_at_failure = self._successful_writes
            if entry.failed_cycles >= _MAX_CYCLES_FAILING_ALONE:
                given_up.append(entry)
                continue
            cooldown = min(
                _MAX_COOLDOWN_S,
                self.retry_base_delay * 2 ** min(entry.failed_cycles + 1, 16),
            )
            entry.not_before = loop.time() + cooldown
        for entry in given_up:
            rows = len(entry.items)
            self._stats["gave_up"] += rows
            self._stats["failed_flushes"] += 1
            error = WritesNotPersistedError(
                f"{rows} {entry.kind} row(s) for user {entry.user_id} kept failing "
                f"while the store accepted other writes; given up "
                f"(last error: {self._stats['last_error']})",
                memories=rows if entry.kind == "memory" else 0,
                turns=rows if entry.kind == "turn" else 0,
            )
            logger.error("database batcher: %s", error)
            self._forget_pending(entry)
            entry.ticket.fail(error)
        return given_up

    async def _store_answers(self) -> bool:
        """Whether the store is up (its health probe succeeds)."""
        try:
            health = await self.store.health()
        except Exception:  # noqa: BLE001 - health should never raise; treat as down
            return False
        return bool(health.get("ok"))

    def _chunks(self, entries: list[_PendingWrite]) -> list[_Chunk]:
        """Group by (kind, user) in first-seen order and pack whole enqueue
        calls into chunks of at most ``max_batch_size`` rows (a single call
        larger than that is written on its own). Groups that failed before go
        last, so they cannot delay the others' rows."""
        groups: dict[tuple[WriteKind, str], list[_Chunk]] = {}
        for entry in entries:
            chunks = groups.setdefault(entry.group, [])
            if not chunks or chunks[-1].size + len(entry.items) > self.max_batch_size:
                chunks.append(_Chunk(entry.kind, entry.user_id))
            chunks[-1].entries.append(entry)
            chunks[-1].size += len(entry.items)
        ordered = sorted(
            groups.values(),
            key=lambda chunks: any(
                e.writes_seen_at_failure is not None for c in chunks for e in c.entries
            ),
        )
        return [chunk for chunks in ordered for chunk in chunks if chunk.entries]

    async def _write_chunk(
        self, chunk: _Chunk
    ) -> tuple[list[_PendingWrite], BaseException | None]:
        """Write one chunk; returns the entries that are finished (written or
        refused) and the error that left the others unwritten, if any."""
        rows = _latest_by_id(item for entry in chunk.entries for item in entry.items)
        outcome = await self._write_rows(chunk.kind, rows)
        written = {row.id for row in outcome.written}
        refused = {row.id: exc for row, exc in outcome.refused}
        finished: list[_PendingWrite] = []
        for entry in chunk.entries:
            ids = [item.id for item in entry.items]
            errors = [refused[i] for i in ids if i in refused]
            if errors:
                self._stats["rejected"] += len(errors)
                logger.error(
                    "database batcher: store refused %d of %d %s row(s) for user %s; "
                    "the rest of the batch is written: %r",
                    len(errors),
                    len(ids),
                    chunk.kind,
                    chunk.user_id,
                    errors[0],
                )
                self._forget_pending(entry)
                entry.ticket.fail(errors[0])
                finished.append(entry)
            elif all(i in written for i in ids):
                self._forget_pending(entry)
                entry.ticket.part_done()
                finished.append(entry)
        if outcome.unwritten:
            self._stats["failed_flushes"] += 1
            logger.error(
                "database batcher: %d %s row(s) for user %s not written after "
                "%d attempt(s); kept queued: %s",
                len(outcome.unwritten),
                chunk.kind,
                chunk.user_id,
                self.max_retries + 1,
                outcome.error,
            )
        return finished, outcome.error

    async def _write_rows(self, kind: WriteKind, rows: list[Any]) -> _Outcome:
        """Write rows in one store call, retrying transient failures; when the
        store refuses the data, split the rows in halves to find the refused
        one(s) and write the rest."""
        write = self._writer(kind)
        for attempt in range(self.max_retries + 1):
            self._stats["round_trips"] += 1
            try:
                await write(rows)
            except Exception as exc:  # noqa: BLE001 - classified below
                self._record_failure(exc)
                if _is_permanent(exc):
                    return await self._isolate_refused(kind, rows, exc)
                if attempt == self.max_retries:
                    return _Outcome(unwritten=list(rows), error=exc)
                self._stats["retries"] += 1
                await asyncio.sleep(self._backoff(attempt))
            else:
                self._written(kind, rows)
                return _Outcome(written=list(rows))
        raise AssertionError("unreachable: the loop returns on its last attempt")

    async def _isolate_refused(
        self, kind: WriteKind, rows: list[Any], exc: BaseException
    ) -> _Outcome:
        if len(rows) == 1:
            return _Outcome(refused=[(rows[0], exc)])
        middle = len(rows) // 2
        outcome = await self._write_rows(kind, rows[:middle])
        if outcome.unwritten:
            # A transient failure mid-search: the second half waits with it.
            outcome.unwritten += rows[middle:]
            return outcome
        outcome.add(await self._write_rows(kind, rows[middle:]))
        return outcome

    def _written(self, kind: WriteKind, rows: list[Any]) -> None:
        self._successful_writes += 1
        self._stats["batches"] += 1
        self._stats["items_written"] += len(rows)
        self._stats[
            "memories_written" if kind == "memory" else "turns_written"
        ] += len(rows)

    def _forget_pending(self, entry: _PendingWrite) -> None:
        if entry.kind != "memory":
            return
        for memory in entry.items:
            key = (memory.user_id, memory.id)
            # Only if no newer version was queued meanwhile.
            if self._pending_memories.get(key) is memory:
                del self._pending_memories[key]

    def _writer(self, kind: WriteKind) -> Callable[[list[Any]], Any]:
        return self.store.add_memories if kind == "memory" else self.store.add_turns

    def _record_failure(self, exc: BaseException) -> None:
        self._stats["failures"] += 1
        # First line only: a driver's later lines can quote the row (another
        # user's data), and these stats reach every session's health tool.
        first_line = str(exc).strip().split("\n", 1)[0]
        self._stats["last_error"] = f"{type(exc).__name__}: {first_line}"[:500]

    def _backoff(self, attempt: int) -> float:
        # Jitter spreads the retries of many processes hitting one database.
        ceiling = min(_MAX_COOLDOWN_S, self.retry_base_delay * 2**attempt)
        return random.uniform(ceiling / 2, ceiling)

    def _pending_counts(self) -> tuple[int, int]:
        memories = sum(len(e.items) for e in self._queue if e.kind == "memory")
        turns = sum(len(e.items) for e in self._queue if e.kind == "turn")
        return memories, turns

    def _not_persisted_error(self, reason: str) -> WritesNotPersistedError:
        memories, turns = self._pending_counts()
        return WritesNotPersistedError(
            f"{reason}: {memories} memory row(s) and {turns} turn row(s) not persisted "
            f"(last error: {self._stats['last_error']})",
            memories=memories,
            turns=turns,
        )

    def _fail_queue(self) -> None:
        error = self._not_persisted_error(
            "database batcher closed before the store accepted the rows"
        )
        logger.error("%s", error)
        for entry in self._queue:
            self._forget_pending(entry)
            entry.ticket.fail(error)
        self._queue.clear()
        self._queued_items = 0
        raise error

    # --- internals: lookups -------------------------------------------------------------
    async def _run_lookups(self) -> None:
        # Yield once so every lookup issued in this tick joins the batch.
        await asyncio.sleep(0)
        lookups, self._lookups = self._lookups, {}
        await asyncio.gather(
            *(self._lookup_user(uid, ids) for uid, ids in lookups.items())
        )

    async def _lookup_user(
        self, user_id: str, waiting: dict[str, list[asyncio.Future[Memory | None]]]
    ) -> None:
        self._stats["lookup_round_trips"] += 1
        try:
            found = await self.store.get_memories(user_id, list(waiting))
        except Exception as exc:  # noqa: BLE001 - handed to every waiting caller
            self._record_failure(exc)
            for futures in waiting.values():
                for future in futures:
                    if not future.done():
                        future.set_exception(exc)
            return
        by_id = {memory.id: memory for memory in found}
        for memory_id, futures in waiting.items():
            for future in futures:
                if not future.done():
                    future.set_result(by_id.get(memory_id))


def _is_permanent(exc: BaseException) -> bool:
    """The store refused the data itself, so retrying the same rows cannot
    help: ``PermanentStorageError``, or anything that is not a ``StorageError``
    (the store's ``ValidationError``, ``CrossUserWriteError``)."""
    return isinstance(exc, PermanentStorageError) or not isinstance(exc, StorageError)


def _latest_by_id(items: Any) -> list[Any]:
    """Drop earlier versions of a row queued twice in one chunk (the store
    replaces by id; one statement must not touch the same row twice)."""
    latest: dict[str, Any] = {}
    for item in items:
        latest.pop(item.id, None)
        latest[item.id] = item
    return list(latest.values())
