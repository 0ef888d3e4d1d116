"""Users and their profile record: creation, merge-only updates, erasure, export.

The profile's *content* (what the fields mean, how they are derived from
memories) belongs to ``profile_service``; this module owns the row itself:
creating it exactly once, merging patches into it without ever wiping a value,
and erasing or exporting everything a user has.

The profile is read from the store, not from a cache: it is one primary-key
row, and a cached copy could only be trusted after a read of the same cost
(has the user been erased or renamed by another worker since?). Without a
copy there is nothing to invalidate, so no worker can serve an erased or
renamed profile, whether or not Redis is up. (See ``services.erasure`` for
what erasure guarantees and how an erased id starts over.)
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import inspect
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from core.bounded import KeyedLocks
from core.errors import NotFoundError, ValidationError
from core.models import Profile, User, UserGeneration, utcnow
from core.validators import validate_text, validate_user_id
from infrastructure.storage.base import MemoryStore
from services.erasure import ErasureReport
from services.privacy_service import PRIVACY_FIELD

if TYPE_CHECKING:  # only for annotations; nothing is imported at runtime
    from infrastructure.database_batcher import DatabaseBatcher
    from infrastructure.redis_cache import RedisCache

logger = logging.getLogger(__name__)

MAX_DISPLAY_NAME_CHARS = 200
# Export reads everything; page through memories so one huge user cannot
# build a single gigantic query.
EXPORT_PAGE_SIZE = 500
EXPORT_MAX_ROWS = 1_000_000


def user_cache_patterns(user_id: str) -> tuple[str, ...]:
    """Globs covering every per-user cache key: ``user:<uuid>:...`` and the
    ``<prefix>:<uuid>:...`` other services use (cached embeddings of the user's
    words). One glob covers both: each glob is a SCAN of the whole Redis keyspace."""
    return (f"*:{user_id}:*",)


def _is_blank(value: Any) -> bool:
    """Values that must never overwrite something already known."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, set, dict)) and len(value) == 0


def _union_lists(base: list[Any], extra: list[Any]) -> list[Any]:
    """Order-preserving union; strings compare case-insensitively so
    "Hiking" and "hiking" do not both end up in a profile."""

    def identity(item: Any) -> Any:
        if isinstance(item, str):
            return ("s", item.strip().casefold())
        try:
            hash(item)
            return ("h", item)
        except TypeError:
            return ("r", repr(item))

    seen = {identity(item) for item in base}
    merged = list(base)
    for item in extra:
        if _is_blank(item):
            continue
        marker = identity(item)
        if marker not in seen:
            seen.add(marker)
            merged.append(item)
    return merged


def merge_profile_data(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``patch`` into a copy of ``base`` without ever losing information.

    * nested dicts are merged recursively,
    * lists are unioned (order kept, duplicates dropped),
    * None / empty strings / empty containers in the patch are ignored,
    * any other value in the patch replaces the old one (an explicit new value
      is an update, not a wipe).
    """
    merged: dict[str, Any] = copy.deepcopy(dict(base))
    for key, value in patch.items():
        if _is_blank(value):
            continue
        current = merged.get(key)
        if isinstance(value, Mapping):
            nested_base = current if isinstance(current, Mapping) else {}
            if current is not None and not isinstance(current, Mapping):
                # A scalar became a structure; keep the scalar under a marker
                # rather than dropping it.
                nested_base = {"value": current}
            merged[key] = merge_profile_data(nested_base, value)
        elif isinstance(value, (list, tuple, set)):
            items = list(value)
            if isinstance(current, list):
                merged[key] = _union_lists(current, items)
            elif current is None or _is_blank(current):
                merged[key] = _union_lists([], items)
            else:
                merged[key] = _union_lists([current], items)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def replace_profile_data(
    base: Mapping[str, Any],
    fields: Mapping[str, Any],
    nested: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """A copy of ``base`` with ``fields`` overwritten as given (no merge) and,
    per map field in ``nested``, only the named entries overwritten."""
    data: dict[str, Any] = copy.deepcopy(dict(base))
    for key, value in fields.items():
        data[key] = copy.deepcopy(value)
    for key, entries in (nested or {}).items():
        current = data.get(key)
        target = dict(current) if isinstance(current, Mapping) else {}
        target.update(copy.deepcopy(dict(entries)))
        data[key] = target
    return data


class UserService:
    """Creates, reads, merges, erases and exports one user's records."""

    def __init__(
        self,
        store: MemoryStore,
        cache: RedisCache | None = None,
        *,
        batcher: DatabaseBatcher | None = None,
    ) -> None:
        self._store = store
        # Only erasure uses the cache: it purges the user's cached embeddings.
        self._cache = cache
        self._batcher = batcher
        # One lock per user serialises read-modify-write of that user's rows in
        # this process (concurrent ensure/update calls from tool functions);
        # a lock lives only while in use, so the table does not grow per user.
        self._locks: KeyedLocks[str] = KeyedLocks()
        self._counters = {"profiles_created": 0, "users_deleted": 0, "users_restarted": 0, "erasures_incomplete": 0}
        self._erasure_listeners: list[Callable[[str], Any]] = []

    def add_erasure_listener(self, listener: Callable[[str], Any]) -> None:
        """Call ``listener(user_id)`` after a user is erased, so services holding
        per-user state (pending profile refreshes) drop it and cannot write
        the user back into existence."""
        self._erasure_listeners.append(listener)

    def _lock(self, user_id: str) -> asyncio.Lock:
        return self._locks(user_id)

    # --- users ---------------------------------------------------------------
    async def ensure_profile_exists(
        self, user_id: object, *, display_name: str | None = None, restart_erased: bool = False
    ) -> Profile:
        """Return the user's profile, creating the user and an empty profile if missing.

        Idempotent and safe under concurrent calls: an existing profile is never
        replaced, and a display name is only filled in when none is known yet.
        An erased id raises ``UserErasedError`` (background work must not bring
        the user back) unless ``restart_erased``: a person opening a new session
        with that id then starts over as a new, empty user.
        """
        uid = validate_user_id(user_id)
        name = self._clean_display_name(display_name)
        async with self._lock(uid):
            user = await self._store.get_user(uid)
            if user is None:
                if restart_erased and (await self._store.user_generation(uid)).erased:
                    await self._store.reinstate_user(uid)
                    self._counters["users_restarted"] += 1
                await self._store.upsert_user(User(id=uid, display_name=name))
            elif name and not user.display_name:
                user.display_name = name
                user.updated_at = utcnow()
                await self._store.upsert_user(user)
            profile = await self._store.get_profile(uid)
            if profile is None:
                # An unchanged modify creates the row only if still missing: a
                # worker process that created and filled it meanwhile keeps its data.
                profile = await self._store.modify_profile(uid, lambda current: current)
                self._counters["profiles_created"] += 1
            return profile

    async def user_generation(self, user_id: object) -> UserGeneration:
        """How often the id was erased and whether it is erased now (one indexed read)."""
        return await self._store.user_generation(validate_user_id(user_id))

    async def get_user(self, user_id: object) -> User | None:
        """The user row, or None when the user does not exist."""
        return await self._store.get_user(validate_user_id(user_id))

    async def update_user(
        self,
        user_id: object,
        *,
        display_name: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> User:
        """Set the display name and/or merge metadata (merge rules as profiles).

        Raises NotFoundError when the user does not exist.
        """
        uid = validate_user_id(user_id)
        name = self._clean_display_name(display_name)
        if metadata is not None and not isinstance(metadata, Mapping):
            raise ValidationError("metadata must be an object", field="metadata")
        async with self._lock(uid):
            user = await self._store.get_user(uid)
            if user is None:
                raise NotFoundError(f"user {uid} does not exist")
            if name:
                user.display_name = name
            if metadata:
                user.metadata = merge_profile_data(user.metadata or {}, metadata)
            user.updated_at = utcnow()
            return await self._store.upsert_user(user)

    # --- profiles --------------------------------------------------------------
    async def get_profile(self, user_id: object) -> Profile | None:
        """The profile as stored now, or None if the user has none (erased included)."""
        return await self._store.get_profile(validate_user_id(user_id))

    async def update_profile(self, user_id: object, patch: Mapping[str, Any]) -> Profile:
        """Merge ``patch`` into the profile data (see ``merge_profile_data``).

        Creates the user/profile if missing. Nested dicts merge, lists union,
        None/empty values never erase what is stored.
        """
        uid = validate_user_id(user_id)
        if not isinstance(patch, Mapping):
            raise ValidationError("profile patch must be an object", field="patch")
        await self.ensure_profile_exists(uid)
        return await self.modify_profile(uid, lambda data: merge_profile_data(data, patch))

    async def replace_profile_fields(
        self,
        user_id: object,
        fields: Mapping[str, Any],
        *,
        nested: Mapping[str, Mapping[str, Any]] | None = None,
        summary: str | None = None,
    ) -> Profile:
        """Overwrite profile fields as given (no merge) and optionally the summary.

        ``fields`` replaces top-level values; ``nested`` replaces single entries
        inside a map field ({"people": {"sister": "Sana"}} leaves the other
        people alone). For the few deliberate replacements: a location
        superseded by a newer memory, or an explicit preference change.
        Everything not named stays.
        """
        uid = validate_user_id(user_id)
        if PRIVACY_FIELD in fields or PRIVACY_FIELD in (nested or {}):
            # Only PrivacyService writes it: its values are checked there.
            raise ValidationError(
                f"{PRIVACY_FIELD!r} is set through the privacy settings, not the profile", field=PRIVACY_FIELD
            )
        await self.ensure_profile_exists(uid)

        def change(current: Profile) -> Profile:
            return dataclasses.replace(
                current,
                data=replace_profile_data(current.data or {}, fields, nested),
                summary=current.summary if summary is None else summary,
            )

        return await self._modify(uid, change)

    async def modify_profile(
        self, user_id: object, change: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> Profile:
        """Set the profile data to ``change(current data)`` in one atomic step.

        For updates decided on the current values (merges, derived fields):
        ``change`` sees the stored data with the row locked, so a write by
        another worker process in between is never overwritten or lost. It
        must be quick and pure; see ``MemoryStore.modify_profile``.
        """
        uid = validate_user_id(user_id)
        return await self._modify(
            uid, lambda current: dataclasses.replace(current, data=change(copy.deepcopy(current.data or {})))
        )

    async def _modify(self, uid: str, change: Callable[[Profile], Profile]) -> Profile:
        # The store makes it atomic across processes; the local lock spares
        # this process's own concurrent writers the database's row lock.
        async with self._lock(uid):
            return await self._store.modify_profile(uid, change)


    # --- erasure & export ---------------------------------------------------
    async def delete_user(self, user_id: object) -> ErasureReport:
        """Erase the user for real: rows, vectors, cached entries, in-process state.

        The store deletes every row and fences the id in one transaction, so
        nothing in flight can write the user back: a queued or running write
        for them fails with ``UserErasedError`` (see ``services.erasure``).
        Returns what was done and what could not be reached (e.g. Redis down:
        the shared cache is purged when it returns). Raises only if the store
        itself failed, in which case nothing was erased.
        """
        uid = validate_user_id(user_id)
        unreached: list[str] = []
        async with self._lock(uid):
            if self._batcher is not None:
                try:
                    # Written and then erased, rather than refused later: keeps
                    # the batcher's failure log for real failures.
                    await self._batcher.flush()
                except Exception:  # noqa: BLE001 - the erasure goes on; queued rows are refused by the fence
                    logger.warning("flush before erasing %s failed; its queued rows will be refused", uid)
            existed = await self._store.delete_user(uid)
            generation = (await self._store.user_generation(uid)).generation
            if self._cache is not None:
                unreached += await self._purge_cache(uid)
        for listener in self._erasure_listeners:
            try:
                outcome = listener(uid)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                logger.exception("erasure listener %r failed for %s", listener, uid)
                unreached.append(f"in-process state held by {getattr(listener, '__qualname__', listener)!s}")
        if existed:
            self._counters["users_deleted"] += 1
        if unreached:
            self._counters["erasures_incomplete"] += 1
            logger.warning("erasure of %s could not reach: %s", uid, "; ".join(unreached))
        return ErasureReport(uid, existed, generation, tuple(unreached))

    async def _purge_cache(self, uid: str) -> list[str]:
        """Delete the user's cached entries; what could not be reached, as sentences."""
        assert self._cache is not None
        try:
            for pattern in user_cache_patterns(uid):
                await self._cache.invalidate_pattern(pattern)
        except Exception:
            logger.exception("purging the cache for %s failed", uid)
            return ["the cache (purge failed; its entries expire by TTL)"]
        if self._cache.stats().get("fallback_active"):
            # Only the in-process copy was purged; the cache replays the
            # purge onto Redis when it recovers (if this process lives).
            return ["the shared Redis cache (unreachable; purged when it returns)"]
        return []

    async def export_user(self, user_id: object, *, include_embeddings: bool = False) -> dict[str, Any]:
        """Everything stored for the user as a JSON-serialisable dict.

        Includes superseded memories (the history), all sessions and all turns.
        Raises NotFoundError if the user does not exist.
        """
        uid = validate_user_id(user_id)
        if self._batcher is not None:
            await self._batcher.flush()  # export what the user said a moment ago too
        user = await self._store.get_user(uid)
        if user is None:
            raise NotFoundError(f"user {uid} does not exist")
        profile = await self._store.get_profile(uid)
        memories = []
        offset = 0
        while offset < EXPORT_MAX_ROWS:
            page = await self._store.list_memories(
                uid, include_superseded=True, limit=EXPORT_PAGE_SIZE, offset=offset
            )
            memories.extend(page)
            if len(page) < EXPORT_PAGE_SIZE:
                break
            offset += EXPORT_PAGE_SIZE
        sessions = await self._store.list_sessions(uid, limit=EXPORT_MAX_ROWS)
        turns = await self._store.list_turns(uid, limit=EXPORT_MAX_ROWS)
        escalations = await self._store.list_escalations(uid, limit=EXPORT_MAX_ROWS)
        return {
            "exported_at": utcnow().isoformat(),
            "user": user.to_dict(),
            "profile": profile.to_dict() if profile is not None else None,
            "memories": [m.to_dict(include_embedding=include_embeddings) for m in memories],
            "sessions": [s.to_dict() for s in sessions],
            "turns": [t.to_dict() for t in turns],
            "escalations": [e.to_dict() for e in escalations],
        }

    def stats(self) -> dict[str, Any]:
        """Counters for health tools."""
        return dict(self._counters, users_locked=len(self._locks))

    @staticmethod
    def _clean_display_name(display_name: str | None) -> str | None:
        if display_name is None:
            return None
        name = validate_text(
            display_name, field="display_name", max_chars=MAX_DISPLAY_NAME_CHARS, allow_empty=True
        ).strip()
        return name or None
