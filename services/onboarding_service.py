"""Onboarding: the app's JSON about a new user becomes a profile and memories.

Validation comes first and is strict; invalid data raises
``OnboardingDataError`` naming the field, and nothing at all is written.
Onboarding is idempotent: the same payload twice is a no-op (payload hash),
changed data merges into what is there.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError as PydanticValidationError,
    field_validator,
    model_validator,
)

from core.errors import OnboardingDataError
from core.models import MemoryKind, MemorySource, Profile, utcnow
from core.validators import check_encodable_json, validate_user_id

if TYPE_CHECKING:
    from services.profile_service import ProfileService
    from services.user_service import UserService

logger = logging.getLogger(__name__)

ONBOARDING_VERSION = 1
MIN_AGE = 13
MAX_AGE = 120
MAX_PAYLOAD_CHARS = 64_000
MAX_EXTRA_FIELDS = 20
MAX_EXTRA_VALUE_CHARS = 1_000

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
GoalText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class OnboardingData(BaseModel):
    """The onboarding JSON the app sends. Unknown fields are kept (see ``extra_fields``)."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] | None = None
    age: int | None = Field(default=None, ge=MIN_AGE, le=MAX_AGE)
    language: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)] | None = None
    languages: list[ShortText] = Field(default_factory=list, max_length=10)
    pronouns: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)] | None = None
    location: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    interests: list[ShortText] = Field(default_factory=list, max_length=30)
    goals: list[GoalText] = Field(default_factory=list, max_length=20)
    communication_style: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    free_text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None
    about: Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)] | None = None

    @field_validator("age", mode="before")
    @classmethod
    def _age_is_a_number(cls, value: Any) -> Any:
        # bool is an int in Python; True must not become age 1.
        if isinstance(value, bool):
            raise ValueError("must be a whole number, not true/false")  # noqa: TRY004 (pydantic reports ValueError)
        return value

    @model_validator(mode="before")
    @classmethod
    def _only_storable_text(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key, item in value.items():
                texts = item if isinstance(item, list) else [item]
                if any(isinstance(t, str) and "\x00" in t for t in texts):
                    raise ValueError(f"field '{key}' contains a NUL character")
                # Keys and nested values too: extra fields are stored as given.
                # The key itself may hold one: ascii() keeps the message storable.
                check_encodable_json({key: item}, field=ascii(key))
        return value

    @property
    def all_languages(self) -> list[str]:
        return list(dict.fromkeys([*([self.language] if self.language else []), *self.languages]))

    @property
    def about_text(self) -> str | None:
        parts = [t for t in (self.free_text, self.about) if t]
        return "\n".join(dict.fromkeys(parts)) or None


@dataclass
class OnboardingResult:
    """What onboarding did."""

    user_id: str
    profile: Profile
    memory_ids: list[str] = field(default_factory=list)
    skipped: bool = False  # the same payload was already applied
    completed_at: datetime | None = None
    ignored_fields: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "memories_saved": len(self.memory_ids),
            "skipped": self.skipped,
            "completed_at": self.completed_at.isoformat() if self.completed_at else None,
            "ignored_fields": list(self.ignored_fields),
        }


def _slug(value: str) -> str:
    """Same slot slug as the rule extractor ("Rock-climbing" -> "rock climbing"),
    so "I love rock climbing" later lands on the same memory key."""
    return re.sub(r"[^\w]+", " ", value.lower()).strip()


def parse_onboarding(data: dict[str, Any] | str | bytes) -> tuple[OnboardingData, dict[str, Any], list[str]]:
    """Validate onboarding input. Returns (model, kept_extra_fields, ignored_field_names).

    Raises OnboardingDataError naming the first offending field.
    """
    if isinstance(data, (bytes, bytearray)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise OnboardingDataError("onboarding data is not valid UTF-8", field="data") from None
    if isinstance(data, str):
        if len(data) > MAX_PAYLOAD_CHARS:
            raise OnboardingDataError(
                f"onboarding data is {len(data)} characters; the limit is {MAX_PAYLOAD_CHARS}", field="data"
            )
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise OnboardingDataError(f"onboarding data is not valid JSON: {exc.msg}", field="data") from None
    if not isinstance(data, dict):
        raise OnboardingDataError("onboarding data must be a JSON object", field="data")
    try:
        model = OnboardingData.model_validate(data)
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "data"
        message = str(first.get("msg", "is invalid")).removeprefix("Value error, ")
        raise OnboardingDataError(f"onboarding field '{where}': {message}", field=where) from None
    kept: dict[str, Any] = {}
    ignored: list[str] = []
    for key, value in (model.model_extra or {}).items():
        if (
            len(kept) < MAX_EXTRA_FIELDS
            and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,49}", key)
            and _small_json(value)
        ):
            kept[key] = value
        else:
            ignored.append(key[:60])
    return model, kept, ignored


def _small_json(value: Any) -> bool:
    if value is None or isinstance(value, dict):
        return False
    if isinstance(value, list) and not all(isinstance(v, (str, int, float, bool)) for v in value):
        return False
    try:
        encoded = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return False
    return len(encoded) <= MAX_EXTRA_VALUE_CHARS and "\x00" not in encoded


def payload_hash(model: OnboardingData, extra: dict[str, Any]) -> str:
    """Stable hash of the validated payload (detects a repeat of the same data)."""
    declared = model.model_dump(include=set(OnboardingData.model_fields), exclude_none=True, exclude_defaults=True)
    canonical = {"fields": declared, "extra": extra}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class OnboardingService:
    """Turns onboarding data into a profile and memories, once."""

    def __init__(self, user_service: UserService, profile_service: ProfileService, memory_service: Any) -> None:
        self._users = user_service
        self._profiles = profile_service
        self._memory = memory_service

    async def onboard(self, user_id: object, data: dict[str, Any] | str | bytes) -> OnboardingResult:
        """Validate, then create the profile, merge the fields, save memories and
        mark onboarding complete. Raises OnboardingDataError (nothing written)."""
        uid = validate_user_id(user_id)
        model, extra, ignored = parse_onboarding(data)
        digest = payload_hash(model, extra)

        profile = await self._users.ensure_profile_exists(uid, display_name=model.name)
        marker = (profile.data or {}).get("onboarding") or {}
        if marker.get("payload_hash") == digest and marker.get("completed_at"):
            return OnboardingResult(
                user_id=uid,
                profile=profile,
                skipped=True,
                completed_at=datetime.fromisoformat(marker["completed_at"]),
                ignored_fields=ignored,
            )

        await self._profiles.apply_onboarding(uid, self._profile_fields(model, extra))
        memory_ids = await self._save_memories(uid, model)
        completed_at = utcnow()
        profile = await self._users.update_profile(
            uid,
            {"onboarding": {"completed_at": completed_at.isoformat(), "version": ONBOARDING_VERSION, "payload_hash": digest}},
        )
        return OnboardingResult(
            user_id=uid, profile=profile, memory_ids=memory_ids, completed_at=completed_at, ignored_fields=ignored
        )

    @staticmethod
    def _profile_fields(model: OnboardingData, extra: dict[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "name": model.name,
            "age": model.age,
            "pronouns": model.pronouns,
            "location": model.location,
            "communication_style": model.communication_style,
            "languages": model.all_languages,
            "interests": list(dict.fromkeys(model.interests)),
            "goals": list(dict.fromkeys(model.goals)),
        }
        if model.about_text:
            extra = {**extra, "about": model.about_text[:1000]}
        if extra:
            fields["extra"] = extra
        return {k: v for k, v in fields.items() if v not in (None, [], {})}

    async def _remember(
        self, uid: str, content: str, *, kind: MemoryKind, key: str, importance: float, value: str | None = None
    ) -> str:
        # "value" is the slot value, as the rule extractor records it, so the
        # profile derives "Lahore" rather than parsing it back out of prose.
        result = await self._memory.remember(
            uid, content, kind=kind, key=key, importance=importance, source=MemorySource.ONBOARDING,
            metadata={"value": value} if value is not None else None,
        )
        return result.memory.id

    async def _save_memories(self, uid: str, model: OnboardingData) -> list[str]:
        # (content, kind, key, importance, slot value)
        planned: list[tuple[str, MemoryKind, str, float, str]] = []
        if model.name:
            planned.append((f"User's name is {model.name}.", MemoryKind.FACT, "name", 0.9, model.name))
        if model.age is not None:
            planned.append((f"User is {model.age} years old.", MemoryKind.FACT, "age", 0.6, str(model.age)))
        if model.pronouns:
            planned.append((f"User's pronouns are {model.pronouns}.", MemoryKind.FACT, "pronouns", 0.7, model.pronouns))
        if model.location:
            planned.append((f"User lives in {model.location}.", MemoryKind.FACT, "location", 0.8, model.location))
        for language in model.all_languages:
            planned.append(
                (f"User speaks {language}.", MemoryKind.PREFERENCE, f"language:{_slug(language)}", 0.6, language)
            )
        for interest in dict.fromkeys(model.interests):
            planned.append(
                (f"User is interested in {interest}.", MemoryKind.PREFERENCE, f"likes:{_slug(interest)}", 0.6, interest)
            )
        for goal in dict.fromkeys(model.goals):
            phrase = _goal_phrase(goal)
            planned.append((f"User's goal is to {phrase}.", MemoryKind.GOAL, f"goal:{_slug(goal)[:60]}", 0.7, phrase))
        if model.communication_style:
            style = model.communication_style
            planned.append(
                (f"User prefers a {style} communication style.", MemoryKind.PREFERENCE, "communication_style", 0.6, style)
            )
        ids: list[str] = []
        for content, kind, key, importance, value in planned:
            ids.append(await self._remember(uid, content, kind=kind, key=key, importance=importance, value=value))
        about = model.about_text
        if about:
            # Kept verbatim as a note (keyed, so new onboarding text replaces it)
            # and mined for facts the same way spoken words are.
            ids.append(await self._remember(uid, about, kind=MemoryKind.NOTE, key="onboarding:about", importance=0.6))
            learned = await self._memory.learn_from_turn(uid, about, source=MemorySource.ONBOARDING)
            ids.extend(r.memory.id for r in learned if r.action != "forgotten")
        return list(dict.fromkeys(ids))


def _goal_phrase(goal: str) -> str:
    """"Learn Spanish" -> "learn Spanish"; "to run a marathon" -> "run a marathon"."""
    phrase = re.sub(r"^(?:to|i want to|i'd like to)\s+", "", goal.strip().rstrip("."), flags=re.IGNORECASE)
    return phrase[:1].lower() + phrase[1:] if phrase[:2] != phrase[:2].upper() else phrase
