"""Secrets said aloud reach no stored row: turns, memories (content and
metadata), episodes, session summaries and the profile, on both backends.

Checked through the user's complete export, so anything stored anywhere counts.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest

from core.config import Settings
from core.models import MemoryKind
from services.container import build_services

SAID = [
    "My card number is 4111 1111 1111 1111, please keep it handy.",
    "My password is hunter2 and my pin is 4512.",
    "My social security number is 123-45-6789 and my name is Dana.",
]
SECRETS = ["4111 1111 1111 1111", "4111111111111111", "hunter2", "4512", "123-45-6789"]


_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


def secrets_in(dumped: str) -> list[str]:
    """The secrets found in the dump once its ids and timestamps are set aside.

    A short secret such as the pin "4512" also turns up by chance inside a random
    uuid or a timestamp's microseconds; those are not leaks, anything else is.
    """
    text = _TIMESTAMP.sub("<time>", _UUID.sub("<id>", dumped))
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture(params=["sqlite", "postgres"])
async def services(request, tmp_path, redis_server, embedder):
    values = {
        "storage_backend": request.param,
        "sqlite_path": str(tmp_path / "companion.db"),
        "database_url": request.getfixturevalue("postgres_dsn") if request.param == "postgres" else None,
        "redis_url": redis_server.url,
        "cache_namespace": f"redact{uuid.uuid4().hex[:8]}",
        "openai_api_key": None,
        "openai_base_url": None,
        "episodic_memory": True,
    }
    built = await build_services(Settings(_env_file=None, **values), embedder=embedder)
    try:
        yield built
    finally:
        await built.aclose()


async def test_no_secret_said_aloud_is_stored_anywhere(services, user_id) -> None:
    await services.users.ensure_profile_exists(user_id)
    session = await services.conversations.start_session(user_id)
    for text in SAID:
        turn = await services.conversations.record_turn(user_id, session.id, "user", text)
        await services.memory.learn_from_turn(user_id, text, session_id=session.id, turn_id=turn.id)
        await services.conversations.record_turn(user_id, session.id, "assistant", f"Got it: {text}")
    # A tool or app write that carries the secret in its metadata too.
    await services.memory.remember(
        user_id, "Card number is 4111 1111 1111 1111", kind="fact", key="card_number",
        metadata={"value": "4111 1111 1111 1111", "said": ["my pin is 4512"]},
    )
    await services.conversations.end_session(user_id, session.id)
    await services.profiles.settle(user_id)

    exported = await services.users.export_user(user_id)
    dumped = json.dumps(exported, ensure_ascii=False)
    assert secrets_in(dumped) == []
    # What was said is still there, with the secrets marked.
    assert any("[card number removed]" in t["text"] for t in exported["turns"])
    episodes = await services.store.list_memories(user_id, kind=MemoryKind.EPISODE, limit=100)
    assert episodes and all("hunter2" not in e.content for e in episodes)
    assert "Dana" in dumped


def test_the_leak_check_ignores_ids_and_times_but_not_words() -> None:
    # The check itself must still catch a secret said in a sentence.
    assert secrets_in('{"text": "my pin is 4512."}') == ["4512"]
    assert secrets_in('{"text": "pin:4512", "at": "2026-12-05T10:11:12.1"}') == ["4512"]
    assert secrets_in('{"id": "8f0c2d1e-4512-4a1b-9c3d-0e4512aa7b6f"}') == []
    assert secrets_in('{"at": "2026-12-05T10:11:12.345120+00:00", "ts": "2026-12-05 04:51:29.845123"}') == []
    assert secrets_in('{"id": "8f0c2d1e4512"}') == ["4512"]
