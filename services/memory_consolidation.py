"""Deciding what a new memory does to the ones already stored: pure logic.

* REPEAT -> merge: the same slot with the same value ("I live in Karachi"
  twice), or no slot but near-identical meaning and wording. The existing row
  is kept and strengthened; nothing is duplicated.
* CONTRADICTION -> supersede: the same slot with a different value ("I moved
  to Lahore" after "I live in Karachi"; "I hate tea" after "I love tea"). The
  old row is kept for history with ``superseded_by`` pointing at the new one.
* Otherwise -> create.

The memory service does the I/O (finding same-key and similar rows) and calls
``decide``; keeping the rules here makes them testable without a database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from core.models import (
    PROVENANCE_SESSIONS,
    PROVENANCE_TURNS,
    Memory,
    MemoryKind,
    merged_provenance,
)

Action = Literal["create", "merge", "supersede"]

# Cosine similarity (MiniLM) at or above which two keyless memories may be the
# same statement; word overlap must agree too, because "User likes tea" and
# "User hates tea" are also very close in embedding space.
MERGE_SIMILARITY = 0.88
MERGE_WORD_OVERLAP = 0.5
# With a shared slot, near-identical embeddings mean the same value even when
# the words differ slightly ("works as a nurse" / "is a nurse by profession").
SAME_SLOT_SIMILARITY = 0.93

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    ["user", "user's", "users", "the", "a", "an", "is", "are", "was", "were", "am", "be", "been", "to", "of", "in", "on", "at", "for", "and", "or", "with", "his", "her", "their", "they", "them", "named", "called", "name", "has", "have", "had", "that", "this", "it", "its", "as", "by", "from", "very", "really", "now"]
)
_NEGATIVE = re.compile(
    r"\b(hates?|dislikes?|detests?|loathes?|can't stand|cannot stand|doesn't like|does not like|"
    r"doesn't enjoy|not a fan|no longer likes?|stopped liking|avoids?)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Decision:
    action: Action
    existing: Memory | None = None  # the row merged into, or the newest row superseded
    superseded: tuple[Memory, ...] = ()  # every active row the new one replaces
    reason: str = ""


def content_words(text: str) -> set[str]:
    """Lower-cased content words (no stopwords, no "user") for overlap tests."""
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP}


def word_overlap(first: str, second: str) -> float:
    """Overlap coefficient |A∩B| / min(|A|,|B|): 1.0 when one statement contains the other."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return 1.0 if first.strip().lower() == second.strip().lower() else 0.0
    return len(a & b) / min(len(a), len(b))


def polarity(memory: Memory) -> str:
    """'negative' or 'positive' (preferences); metadata wins, else the wording decides."""
    value = (memory.metadata or {}).get("polarity")
    if value in ("positive", "negative"):
        return value
    return "negative" if _NEGATIVE.search(memory.content) else "positive"


def cosine(first: Memory, second: Memory) -> float | None:
    if first.embedding is None or second.embedding is None:
        return None
    return float(np.dot(np.asarray(first.embedding, dtype=np.float32), np.asarray(second.embedding, dtype=np.float32)))


def _value_words(memory: Memory) -> set[str] | None:
    value = (memory.metadata or {}).get("value")
    if not isinstance(value, str) or not value.strip():
        return None
    return content_words(value) or {value.strip().lower()}


def same_value(new: Memory, old: Memory) -> bool:
    """Whether two memories of the same slot say the same thing."""
    if polarity(new) != polarity(old):
        return False
    new_value, old_value = _value_words(new), _value_words(old)
    if new_value is not None and old_value is not None:
        # "Karachi" and "Karachi, Pakistan" are one value said with more detail.
        return new_value <= old_value or old_value <= new_value
    a, b = content_words(new.content), content_words(old.content)
    if a and b and (a <= b or b <= a):
        return True
    similarity = cosine(new, old)
    return similarity is not None and similarity >= SAME_SLOT_SIMILARITY


def is_repeat(new: Memory, old: Memory, similarity: float) -> bool:
    """Keyless repeat: very close in meaning AND in wording AND same polarity."""
    return (
        similarity >= MERGE_SIMILARITY
        and word_overlap(new.content, old.content) >= MERGE_WORD_OVERLAP
        and polarity(new) == polarity(old)
    )


def decide(new: Memory, same_key: Sequence[Memory], similar: Sequence[tuple[Memory, float]]) -> Decision:
    """What to do with ``new`` given the user's active rows with the same key
    (newest first) and the nearest active rows by embedding (with cosine)."""
    same_key = [m for m in same_key if m.id != new.id and m.is_active]
    if new.key and same_key:
        newest = same_key[0]
        matching = next((m for m in same_key if same_value(new, m)), None)
        if matching is not None:
            return Decision("merge", matching, reason=f"same {new.key}")
        return Decision("supersede", newest, tuple(same_key), reason=f"new value for {new.key}")
    for old, similarity in similar:
        if old.id == new.id or not old.is_active:
            continue
        if new.key and old.key == new.key:
            # Its slot's rows are judged through ``same_key`` only. Seen here
            # but not there, it was written (by another worker) between the
            # two reads: merging into it would overwrite that value.
            continue
        # A keyed row is only merged through its key; a keyless near-copy of it is still a repeat.
        if old.kind is not new.kind and MemoryKind.NOTE not in (old.kind, new.kind):
            continue
        if is_repeat(new, old, similarity):
            return Decision("merge", old, reason=f"repeat (cosine {similarity:.2f})")
    return Decision("create", reason="new information")


def merge_fields(existing: Memory, new: Memory) -> dict[str, Any]:
    """Fields to update on ``existing`` when ``new`` repeats it: importance goes
    up a little (it was said again), the richer wording is kept, metadata is
    combined and a mention counter kept."""
    fields: dict[str, Any] = {
        "importance": round(min(1.0, max(existing.importance, new.importance) + 0.05), 4),
    }
    if existing.key is None and new.key is not None:
        fields["key"] = new.key  # a keyless repeat learns its slot, so later changes supersede it
    old_words, new_words = content_words(existing.content), content_words(new.content)
    richer = len(new_words - old_words) > 0 and len(new_words) >= len(old_words)
    if richer or (new_words == old_words and len(new.content) > len(existing.content)):
        fields["content"] = new.content
        if new.embedding is not None:
            fields["embedding"] = new.embedding
        if new.kind is not existing.kind and existing.kind is MemoryKind.NOTE:
            fields["kind"] = new.kind
    metadata = {**(new.metadata or {}), **(existing.metadata or {})}
    if richer:
        metadata.update(new.metadata or {})
    metadata["mentions"] = int((existing.metadata or {}).get("mentions", 1)) + 1
    # Where it was said: every turn and session of each repeat, not only the first.
    for key in (PROVENANCE_TURNS, PROVENANCE_SESSIONS):
        ids = merged_provenance(existing.metadata, new.metadata, key)
        if ids:
            metadata[key] = ids
    fields["metadata"] = metadata
    if new.occurred_at is not None and new.occurred_at != existing.occurred_at and existing.kind is MemoryKind.EVENT:
        fields["occurred_at"] = new.occurred_at
    return fields


# Slot names the LLM (or a tool call) may use for the same thing the rules call
# by one canonical key; without this "home_city" and "location" would both stay
# active and contradict each other.
_KEY_ALIASES = {
    "location": ("home_city", "city", "home", "hometown", "residence", "lives_in", "current_city", "home_town"),
    "job": ("occupation", "work", "profession", "employer", "job_title", "workplace", "career"),
    "phone": ("phone_number", "mobile", "telephone", "cell", "mobile_number"),
    "email": ("email_address", "e-mail", "mail"),
    "name": ("full_name", "user_name", "username", "first_name"),
}
_ALIAS_TO_KEY = {alias: key for key, aliases in _KEY_ALIASES.items() for alias in aliases}
_RELATION_ALIASES = {"mom": "mother", "mum": "mother", "dad": "father", "grandma": "grandmother",
                     "grandpa": "grandfather", "neighbour": "neighbor", "coworker": "colleague"}


def canonical_key(key: str | None) -> str | None:
    """Map slot-name variants onto the canonical keys ("home_city" -> "location")."""
    if key is None:
        return None
    cleaned = key.strip().lower()
    if not cleaned:
        return None
    if ":" in cleaned:
        prefix, _, rest = cleaned.partition(":")
        rest = rest.strip().replace("_", " ")
        if prefix in ("relationship", "relation"):
            return f"relationship:{_RELATION_ALIASES.get(rest, rest)}"
        if prefix in ("likes", "like", "preference", "dislikes"):
            return f"likes:{rest}"
        return f"{prefix}:{rest}"
    return _ALIAS_TO_KEY.get(cleaned.replace(" ", "_"), cleaned)
