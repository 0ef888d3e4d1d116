"""Privacy controls: pause memory (incognito sessions) and a retention period.

Both settings live in the user's profile under ``privacy`` (one primary-key
read, written by the profile's locked read-merge-write, exported and erased
with it), never in the prompt: profile labels reach the LLM from an allow-list.

- ``memory_paused``: while on, every new voice session is incognito: nothing
  from it is stored (no turns, no session row, no summary, nothing extracted,
  no episodes). A session can also be incognito on its own (the app asks for
  it when it creates the session, or the user asks by voice).
- ``retention_days``: memories and conversations older than this are deleted
  by ``apply_retention`` (run on a schedule by the API process, or once with
  ``python -m services.privacy_service``).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from core.errors import CompanionError, ValidationError
from core.models import Profile, utcnow
from core.validators import validate_user_id

if TYPE_CHECKING:
    from infrastructure.storage.base import MemoryStore
    from services.memory_service import MemoryService

logger = logging.getLogger(__name__)

PRIVACY_FIELD = "privacy"
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 3650


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    memory_paused: bool = False
    retention_days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"memory_paused": self.memory_paused, "retention_days": self.retention_days}


@dataclass(frozen=True, slots=True)
class RetentionReport:
    user_id: str
    cutoff: datetime
    memories: int
    turns: int
    sessions: int

    @property
    def removed(self) -> int:
        return self.memories + self.turns + self.sessions


class _Unset:
    pass


UNSET: Any = _Unset()


def validate_retention_days(value: object) -> int | None:
    """None (keep everything) or a whole number of days in range; ValidationError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("retention_days must be a whole number of days or null", field="retention_days")
    if not MIN_RETENTION_DAYS <= value <= MAX_RETENTION_DAYS:
        raise ValidationError(
            f"retention_days must be between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS}",
            field="retention_days",
        )
    return value


def privacy_of(data: Mapping[str, Any] | None) -> PrivacySettings:
    """The settings stored in profile ``data``; anything malformed reads as the
    default (an edit elsewhere must not make a profile unreadable)."""
    raw = (data or {}).get(PRIVACY_FIELD)
    if not isinstance(raw, Mapping):
        return PrivacySettings()
    paused = raw.get("memory_paused") is True
    try:
        days = validate_retention_days(raw.get("retention_days"))
    except ValidationError:
        days = None
    return PrivacySettings(memory_paused=paused, retention_days=days)


class PrivacyService:
    def __init__(
        self,
        store: MemoryStore,
        memory: MemoryService,
        *,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._memory = memory
        self._clock = clock
        self.sweeps = 0
        self.removed_total = 0

    async def settings(self, user_id: object) -> PrivacySettings:
        uid = validate_user_id(user_id)
        profile = await self._store.get_profile(uid)
        return privacy_of(profile.data if profile is not None else None)

    async def is_paused(self, user_id: object) -> bool:
        return (await self.settings(user_id)).memory_paused

    async def update(
        self, user_id: object, *, memory_paused: bool = UNSET, retention_days: int | None = UNSET
    ) -> PrivacySettings:
        """Change the named settings (others stay); validated before anything is written.
        The caller makes sure the user exists (``UserService.ensure_profile_exists``)."""
        uid = validate_user_id(user_id)
        changes: dict[str, Any] = {}
        if memory_paused is not UNSET:
            if not isinstance(memory_paused, bool):
                raise ValidationError("memory_paused must be true or false", field="memory_paused")
            changes["memory_paused"] = memory_paused
        if retention_days is not UNSET:
            changes["retention_days"] = validate_retention_days(retention_days)

        def change(current: Profile) -> Profile:
            merged = privacy_of(current.data).to_dict() | changes
            return dataclasses.replace(current, data={**(current.data or {}), PRIVACY_FIELD: merged})

        profile = await self._store.modify_profile(uid, change)
        settings = privacy_of(profile.data)
        if changes.get("retention_days") is not None:
            # A shorter period applies now, not at the next scheduled sweep.
            await self.apply_retention(uid)
        return settings

    # --- retention -------------------------------------------------------------------

    async def apply_retention(self, user_id: object, *, now: datetime | None = None) -> RetentionReport | None:
        """Delete the user's memories (history rows included) and conversations
        older than their retention period; None when they keep everything."""
        uid = validate_user_id(user_id)
        settings = await self.settings(uid)
        if settings.retention_days is None:
            return None
        return await self._purge(uid, settings.retention_days, now or self._clock())

    async def _purge(self, uid: str, days: int, now: datetime) -> RetentionReport:
        cutoff = now - timedelta(days=days)
        memories = await self._memory.delete_created_before(uid, cutoff)
        turns, sessions = await self._store.delete_conversations_before(uid, cutoff)
        report = RetentionReport(uid, cutoff, memories, turns, sessions)
        self.removed_total += report.removed
        if report.removed:
            logger.info(
                "retention: removed %d memories, %d turns, %d sessions older than %d days for %s",
                memories, turns, sessions, days, uid,
            )
        return report

    async def apply_retention_all(self, *, now: datetime | None = None) -> list[RetentionReport]:
        """One sweep over every user with a retention period. A user whose purge
        fails is logged and skipped; the others are still purged."""
        when = now or self._clock()
        reports: list[RetentionReport] = []
        for raw_id, raw_days in await self._store.admin_users_with_retention():
            try:
                uid = validate_user_id(raw_id)
                days = validate_retention_days(raw_days)
                if days is None:
                    continue
                reports.append(await self._purge(uid, days, when))
            except CompanionError:
                logger.warning("retention: skipped user %s", raw_id, exc_info=True)
        self.sweeps += 1
        return reports

    async def run_retention_forever(self, interval_s: float) -> None:
        """The scheduled job: a sweep now, then every ``interval_s`` seconds."""
        while True:
            try:
                await self.apply_retention_all()
            except CompanionError:
                logger.warning("retention sweep failed; retrying at the next interval", exc_info=True)
            await asyncio.sleep(interval_s)

    def stats(self) -> dict[str, Any]:
        return {"retention_sweeps": self.sweeps, "retention_removed": self.removed_total}


async def _sweep_once() -> int:
    from core.config import Settings
    from services.container import build_services

    services = await build_services(Settings())
    try:
        reports = await services.privacy.apply_retention_all()
    finally:
        await services.aclose()
    removed = sum(report.removed for report in reports)
    print(f"retention: {len(reports)} users with a retention period, {removed} rows removed")
    return 0


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        description="Apply every user's retention period once (for cron; the API process also runs it)."
    ).parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    return asyncio.run(_sweep_once())


if __name__ == "__main__":
    sys.exit(main())
