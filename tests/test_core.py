"""core/: validators, typed errors, models and the Settings object."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import numpy as np
import pydantic
import pytest

from core.config import Settings
from core.errors import (
    CrossUserWriteError,
    EmptyTextError,
    InvalidUserIdError,
    TextTooLongError,
    ValidationError,
)
from core.models import Memory, MemoryKind, Profile, Session, Turn, TurnRole, User
from core.validators import (
    WriteGuard,
    validate_importance,
    validate_key,
    validate_text,
    validate_user_id,
)

ROOT = Path(__file__).resolve().parent.parent


class TestUserIds:
    def test_canonical_form(self):
        raw = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
        assert validate_user_id(raw) == raw.lower()
        assert validate_user_id(uuid.UUID(raw)) == raw.lower()
        assert validate_user_id(raw.replace("-", "")) == raw.lower()

    def test_every_spelling_gives_what_uuid_prints(self):
        """Canonical text is returned as it is; every other accepted spelling
        is rewritten to it; near misses of the canonical form are refused."""
        for value in [uuid.uuid4() for _ in range(200)] + [uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)]:
            canonical = str(value)
            for spelling in (canonical, value.hex, canonical.upper(), f"{{{canonical}}}", f" {canonical}\n", value):
                assert validate_user_id(spelling) == canonical
        text = str(uuid.uuid4())

        class Text(str):
            pass

        assert type(validate_user_id(Text(text))) is str  # a str subclass comes back as a plain str
        for bad in (text + "\n0", text[:-1] + "g", text.replace("-", "_"), text[:8] + "-" + text[8:], "\u0661" + text[1:]):
            with pytest.raises(InvalidUserIdError):
                validate_user_id(bad)

    @pytest.mark.parametrize(
        "bad",
        [
            "",
            "alice",
            "1",
            "6f9619ff-8b86-d011-b42d-00c04fc964ff' OR '1'='1",
            "user:*",
            "6f9619ff-8b86-d011-b42d-00c04fc964f",  # one digit short
            None,
            123,
            b"6f9619ff-8b86-d011-b42d-00c04fc964ff",
            "٦f9619ff-8b86-d011-b42d-00c04fc964ff",  # Arabic-Indic digit
        ],
    )
    def test_rejects_non_uuids_with_typed_error(self, bad):
        with pytest.raises(InvalidUserIdError) as info:
            validate_user_id(bad)
        assert info.value.field == "user_id"
        assert isinstance(info.value, ValidationError)

    def test_long_garbage_is_truncated_in_message(self):
        with pytest.raises(InvalidUserIdError) as info:
            validate_user_id("x" * 10_000)
        assert len(str(info.value)) < 120


class TestText:
    def test_verbatim(self):
        text = "  Robert'); DROP TABLE memories;-- میرا نام علی ہے 🙂  "
        assert validate_text(text) == text

    @pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
    def test_empty(self, blank):
        with pytest.raises(EmptyTextError):
            validate_text(blank)

    def test_allow_empty(self):
        assert validate_text("", allow_empty=True) == ""

    def test_too_long(self):
        with pytest.raises(TextTooLongError) as info:
            validate_text("a" * 101, max_chars=100)
        assert info.value.length == 101 and info.value.limit == 100

    def test_exact_limit_passes(self):
        assert len(validate_text("a" * 100_000)) == 100_000

    def test_nul_and_non_string(self):
        with pytest.raises(ValidationError):
            validate_text("a\x00b")
        with pytest.raises(ValidationError):
            validate_text(42)

    def test_key_and_importance(self):
        assert validate_key(None) is None
        assert validate_key(" home_city ") == "home_city"
        with pytest.raises(TextTooLongError):
            validate_key("k" * 201)
        assert validate_importance(1) == 1.0
        for bad in (-0.1, 1.01, True, "0.5", float("nan")):
            with pytest.raises(ValidationError):
                validate_importance(bad)


class TestWriteGuard:
    def test_same_user_passes(self):
        uid = str(uuid.uuid4())
        assert WriteGuard.for_user(uid).check(uid.upper()) == uid

    def test_other_user_is_refused(self):
        guard = WriteGuard.for_user(uuid.uuid4())
        with pytest.raises(CrossUserWriteError):
            guard.check(str(uuid.uuid4()))

    def test_guard_requires_valid_ids(self):
        with pytest.raises(InvalidUserIdError):
            WriteGuard.for_user("bob")


class TestModels:
    def test_memory_defaults_and_json(self):
        uid = str(uuid.uuid4())
        memory = Memory(user_id=uid, content="Likes tea", embedding=np.ones(3, dtype=np.float32))
        assert memory.is_active and memory.event_time == memory.created_at
        data = memory.to_dict(include_embedding=True)
        assert json.loads(json.dumps(data))["embedding"] == [1.0, 1.0, 1.0]
        assert "embedding" not in memory.to_dict()
        assert data["kind"] == "fact"

    def test_every_record_serialises(self):
        uid = str(uuid.uuid4())
        session = Session(user_id=uid, open_threads=["interview"])
        for record in (
            User(id=uid),
            Profile(user_id=uid, data={"name": "Anna"}),
            session,
            Turn(user_id=uid, session_id=session.id, role=TurnRole.USER, text="hi"),
        ):
            json.dumps(record.to_dict())

    def test_kind_parse(self):
        assert MemoryKind.parse(" Preference ") is MemoryKind.PREFERENCE
        with pytest.raises(ValidationError):
            MemoryKind.parse("gossip")


class TestSettings:
    def test_environment_overrides(self, monkeypatch):
        monkeypatch.setenv("STORAGE_BACKEND", "postgres")
        monkeypatch.setenv("RECALL_BUDGET_MS", "80")
        settings = Settings(_env_file=None)
        assert settings.storage_backend == "postgres"
        assert settings.recall_budget_ms == 80

    def test_invalid_value_is_rejected(self, monkeypatch):
        monkeypatch.setenv("STORAGE_BACKEND", "mongodb")
        with pytest.raises(pydantic.ValidationError, match="storage_backend"):
            Settings(_env_file=None)

    def test_every_setting_is_documented_in_env_example(self):
        documented = set(
            re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
        )
        fields = {name.upper() for name in Settings.model_fields}
        missing = sorted(fields - documented)
        assert not missing, f".env.example lacks: {missing}"
        unknown = sorted(documented - fields)
        assert not unknown, f".env.example documents unknown settings: {unknown}"
