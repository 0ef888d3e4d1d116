"""Response bodies built without the models must be the models' own JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from pydantic import TypeAdapter

from api.schemas import MemoriesPublic, MemoryPublic
from core.models import PROVENANCE_SESSIONS, PROVENANCE_TURNS, Memory, MemoryKind, MemorySource

# Text JSON escapes differently from plain ASCII: quotes, backslashes, control
# characters, the two line separators JavaScript treats as newlines, emoji
# (astral plane), right-to-left script with a zero-width joiner, combining marks.
ODD_TEXTS = [
    'He said "hi" \\ then left.\n\tNext line\r\x00\x1f end',
    "Line\u2028separator\u2029paragraph",
    "Loves 🧗‍♀️ and 🇵🇰; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "اس کی بہن کا نام ثنا ہے\u200d",
    "e\u0301 ñ ǅ ﬁ",
    "",
]


def odd_memories() -> list[Memory]:
    start = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
    memories = []
    for index, text in enumerate(ODD_TEXTS):
        memories.append(
            Memory(
                user_id="6f1c1f44-0c55-4d7e-9d0e-2a4c2f1e8b10",
                content=text,
                kind=list(MemoryKind)[index % len(MemoryKind)],
                key=None if index % 2 else f"key.{index}",
                importance=[0.5, 1, 0.0, 0.1234567890123, 0.999999999999, 0.3][index],
                source=list(MemorySource)[index % len(MemorySource)],
                session_id=None if index % 3 else "0b9a2d5e-77d4-4a53-9f67-3a1d0c9c4e21",
                created_at=start + timedelta(days=index),
                updated_at=start.replace(microsecond=0) + timedelta(hours=index),  # no fraction to print
                occurred_at=None if index == 1 else start.astimezone(timezone(timedelta(hours=5, minutes=30))),
                # Provenance and history: neither is in the public shape, both must stay out of it.
                metadata={PROVENANCE_TURNS: ["t1", "t2"], PROVENANCE_SESSIONS: ["s1"], "context": "x"},
                superseded_by="3c6b4b1a-5f0e-4f8e-a9a1-9d8e7f6a5b4c" if index == 2 else None,
            )
        )
    # A naive time (a record written by hand): printed without an offset either way.
    memories[-1].created_at = datetime(2025, 12, 31, 23, 59, 59)
    return memories


def validated_json(memories: list[Memory], count: int, limit: int, offset: int) -> bytes:
    """What FastAPI sends for a returned model: the response model's own serialiser."""
    model = MemoriesPublic(data=[MemoryPublic.of(m) for m in memories], count=count, limit=limit, offset=offset)
    return TypeAdapter(MemoriesPublic).dump_json(model, by_alias=True)


def test_page_json_is_byte_for_byte_the_validated_models_json():
    memories = odd_memories()
    fast = MemoriesPublic.page_json(memories, 123, 50, 100)
    assert fast == validated_json(memories, 123, 50, 100)
    body = json.loads(fast)
    assert [m["content"] for m in body["data"]] == ODD_TEXTS
    assert body["data"][1]["importance"] == 1.0 and b'"importance":1.0' in fast  # an int importance prints as a float
    assert body["data"][2]["superseded_by"] is not None
    assert "metadata" not in body["data"][0] and "turn_ids" not in body["data"][0]


def test_an_empty_page_is_the_validated_models_json():
    assert MemoriesPublic.page_json([], 0, 50, 0) == validated_json([], 0, 50, 0) == (
        b'{"data":[],"count":0,"limit":50,"offset":0}'
    )
