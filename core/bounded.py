"""In-process state keyed by user (or session) that stays bounded in a
long-lived worker.

A worker process serves users one after another for days. Anything it keeps
per user (debounce state, recent writes, late recall results, locks) must not
grow by one entry per user ever seen: ``BoundedMap`` keeps the most recently
used entries up to a cap and drops entries idle past a TTL, and ``KeyedLocks``
keeps a lock only while someone holds or waits for it. Everything these hold
is an optimisation or short-lived coordination; what is dropped is re-read
from the store when that user comes back.
"""

from __future__ import annotations

import asyncio
import functools
import time
import weakref
from collections import OrderedDict
from collections.abc import (
    Awaitable,
    Callable,
    Hashable,
    ItemsView,
    Iterator,
    MutableMapping,
    ValuesView,
)
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Users (or sessions) a process keeps in-process state for, per kind of state.
# Far above the concurrent sessions one worker runs; older entries are simply
# re-derived.
MAX_TRACKED_USERS = 1024


class BoundedMap(MutableMapping[K, V]):
    """A mapping that keeps at most ``max_entries`` (least recently used go
    first) and forgets entries not touched for ``ttl_seconds``.

    ``in_use(value)`` protects an entry from both (e.g. a task still running):
    the map may then exceed its cap by the entries in use, which are bounded
    by the work in flight. ``on_evict(key, value)`` is called for entries the
    map drops by itself (not for ``del``/``pop``), e.g. to cancel a task.
    Reading or writing an entry touches it; iterating does not.
    """

    def __init__(
        self,
        max_entries: int = MAX_TRACKED_USERS,
        *,
        ttl_seconds: float | None = None,
        in_use: Callable[[V], bool] | None = None,
        on_evict: Callable[[K, V], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._in_use = in_use
        self._on_evict = on_evict
        self._clock = clock
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()  # key -> (last touched, value)
        self.evictions = 0

    def _expired(self, touched: float, now: float) -> bool:
        return self.ttl_seconds is not None and now - touched > self.ttl_seconds

    def _busy(self, value: V) -> bool:
        return self._in_use is not None and self._in_use(value)

    def __getitem__(self, key: K) -> V:
        touched, value = self._items[key]
        now = self._clock()
        if self._expired(touched, now) and not self._busy(value):
            self._evict(key, value)
            raise KeyError(key)
        self._items[key] = (now, value)
        self._items.move_to_end(key)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self._items[key] = (self._clock(), value)
        self._items.move_to_end(key)
        self._shrink()

    def __delitem__(self, key: K) -> None:
        del self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        entry = self._items.get(key)  # type: ignore[arg-type]
        return entry is not None and not (self._expired(entry[0], self._clock()) and not self._busy(entry[1]))

    def clear(self) -> None:
        self._items.clear()

    def values(self) -> ValuesView[V]:
        """The values, without touching them (a snapshot)."""
        return {k: v for k, (_, v) in self._items.items()}.values()

    def items(self) -> ItemsView[K, V]:
        """The entries, without touching them (a snapshot)."""
        return {k: v for k, (_, v) in self._items.items()}.items()

    def _evict(self, key: K, value: V) -> None:
        del self._items[key]
        self.evictions += 1
        if self._on_evict is not None:
            self._on_evict(key, value)

    def _shrink(self) -> None:
        """Drop expired entries and, past the cap, the least recently used.

        Entries are ordered by last touch, so the scan stops at the first one
        that is neither expired nor needed to get under the cap; entries in
        use are stepped over."""
        now = self._clock()
        excess = len(self._items) - self.max_entries
        victims: list[tuple[K, V]] = []
        for key, (touched, value) in self._items.items():
            expired = self._expired(touched, now)
            if excess <= 0 and not expired:
                break
            if self._busy(value):
                continue
            victims.append((key, value))
            excess -= 1
        for key, value in victims:
            self._evict(key, value)


class KeyedLocks(Generic[K]):
    """One ``asyncio.Lock`` per key, alive only while referenced.

    The table holds its locks weakly: a lock exists as long as a coroutine
    holds it or waits for it (both keep a reference), and disappears once
    nobody does, so the table never outgrows the work in flight and a held
    lock is never replaced by a fresh one.
    """

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[K, asyncio.Lock] = weakref.WeakValueDictionary()

    def __call__(self, key: K) -> asyncio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    def __len__(self) -> int:
        return len(self._locks)


class SingleFlight(Generic[K, V]):
    """One load per key at a time.

    A caller that arrives while a load for its key is in flight awaits that
    load instead of starting its own: when a cached value expires under load,
    every request waiting on it would otherwise go to the store at once (for
    a 10k-memory user, 16 list requests made 16 count queries of ~50 ms each,
    one after another on SQLite's one reader thread).
    The table holds only loads in flight. ``forget`` drops a key's load so the
    next caller starts a new one (a write landed after it began).
    """

    def __init__(self) -> None:
        self._loads: dict[K, asyncio.Future[V]] = {}

    async def run(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """``load()``'s result, shared with every caller of ``key`` until it
        finishes; a caller cancelled while waiting leaves the load running
        for the others."""
        future = self._loads.get(key)
        if future is None:
            future = asyncio.ensure_future(load())
            self._loads[key] = future
            future.add_done_callback(functools.partial(self._finished, key))
        return await asyncio.shield(future)

    def forget(self, key: K) -> None:
        self._loads.pop(key, None)

    def _finished(self, key: K, done: asyncio.Future[V]) -> None:
        if self._loads.get(key) is done:
            del self._loads[key]
        if not done.cancelled():
            done.exception()  # retrieved: the waiters raise it; nobody waiting is no error to log

    def __len__(self) -> int:
        return len(self._loads)
