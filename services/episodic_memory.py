"""Episodic memory: what was actually said, searchable with its context.

Extraction keeps a few facts per turn ("User has a job interview on Friday");
most of what people later ask about ("what did Anna paint last summer?") is
in the words themselves. Every recorded turn therefore also becomes one
memory of kind ``episode``:

* ``content`` is the turn as said, labelled with who said it
  ("Anna: I painted a sunrise last week"), so it reads well in the recall
  block and lexical search ranks the turn that holds the words first;
* ``metadata["context"]`` holds its neighbour window (two turns before, one
  after, same session): questions often combine what one speaker asked with
  what the other answered. The embedding is of the turn and its window
  together, and lexical search reads the window too (at a lower weight);
* provenance: ``turn_ids`` (the turn itself), ``context_turn_ids`` (its
  window) and ``session_ids``.

Because episodes are rows of the user's memories, both backends search them
with the same dense and lexical indexes as the extracted facts, recall fuses
both in one ranking and one budget, and erasure and export cover them with
everything else. Consolidation, the profile and the memory list leave them
out (they are the user's words, not facts about the user).

A turn's window needs the turn after it, so its episode is written when the
next turn of the session is recorded, and the last turn's at session end.

At session end one more episode is written: the session's digest ("Conversation
on 8 May 2023 between Anna and Mel: talked about adoption, painting, ..."),
its key topics (``conversation_service.session_topics``, rule-based, no LLM),
with the turn that first raised each topic as provenance. Broad questions
("what does Anna do for fun?") match a session's topics where no single turn
holds their words.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np

from core.models import (
    PROVENANCE_SESSIONS,
    PROVENANCE_TURNS,
    Memory,
    MemoryKind,
    MemorySource,
    Turn,
    TurnRole,
)
from services.memory_dates import annotate_dates

logger = logging.getLogger(__name__)

# Neighbour window (measured on LoCoMo with the in-memory index: 2 before and 1
# after beat 1/1, 2/2 and 3/1; what is being answered matters more).
TURNS_BEFORE = 2
TURNS_AFTER = 1
# Metadata keys of an episode.
CONTEXT = "context"
CONTEXT_TURNS = "context_turn_ids"
SPEAKER = "speaker"
DIGEST = "session_digest"  # metadata flag of a session's digest episode
# A word-for-word turn is neither more nor less important than a fact.
EPISODE_IMPORTANCE = 0.5
# Longest turn text kept in an episode (a pasted essay is not a conversational turn).
MAX_EPISODE_CHARS = 2_000


def episode_id(turn_id: str) -> str:
    """The id of a turn's episode, derived from the turn's: whatever was
    learned from a turn (its provenance) leads straight to what was said."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"episode:{turn_id}"))


def speaker_label(turn: Turn, names: dict[TurnRole, str]) -> str:
    return names.get(turn.role) or turn.role.value.capitalize()


def turn_line(turn: Turn, names: dict[TurnRole, str]) -> str:
    return f"{speaker_label(turn, names)}: {' '.join(turn.text.split())[:MAX_EPISODE_CHARS]}"


def build_episode(turns: Sequence[Turn], index: int, names: dict[TurnRole, str]) -> Memory:
    """The episode of ``turns[index]`` (all turns of one session, oldest first).

    Relative dates in the turn ("yesterday", "last week") are resolved against
    when it was said and written next to the words ("yesterday [7 May 2023]"):
    read months later, "yesterday" means nothing.
    """
    turn = turns[index]
    window = [
        other
        for other in (*turns[max(0, index - TURNS_BEFORE) : index], *turns[index + 1 : index + 1 + TURNS_AFTER])
        if other.session_id == turn.session_id
    ]
    content = annotate_dates(turn_line(turn, names), turn.created_at)
    context = " ".join(turn_line(other, names) for other in window)
    return Memory(
        id=episode_id(turn.id),
        user_id=turn.user_id,
        content=content,
        kind=MemoryKind.EPISODE,
        importance=EPISODE_IMPORTANCE,
        created_at=turn.created_at,
        updated_at=turn.created_at,
        occurred_at=turn.created_at,
        source=MemorySource.CONVERSATION,
        session_id=turn.session_id,
        metadata={
            SPEAKER: speaker_label(turn, names),
            CONTEXT: context,
            PROVENANCE_TURNS: [turn.id],
            PROVENANCE_SESSIONS: [turn.session_id],
            CONTEXT_TURNS: [other.id for other in window],
        },
    )


def digest_id(session_id: str) -> str:
    """One digest per session: ending a session again rewrites it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"session-digest:{session_id}"))


def build_session_digest(turns: Sequence[Turn], topics: Sequence[str], names: dict[TurnRole, str]) -> Memory | None:
    """The digest of a session (all its turns, oldest first) and its topics;
    None without turns or topics."""
    if not turns or not topics:
        return None
    raised: list[str] = []
    for topic in topics:
        words = topic.casefold().split()
        first = next((t for t in turns if all(word in t.text.casefold() for word in words)), None)
        if first is not None and first.id not in raised:
            raised.append(first.id)
    speakers = list(dict.fromkeys(speaker_label(turn, names) for turn in turns))
    started = turns[0]
    content = (
        f"Conversation on {started.created_at.day} {started.created_at:%B %Y} between "
        f"{' and '.join(speakers)}: talked about {', '.join(topics)}."
    )
    return Memory(
        id=digest_id(started.session_id),
        user_id=started.user_id,
        content=content,
        kind=MemoryKind.EPISODE,
        importance=EPISODE_IMPORTANCE,
        created_at=started.created_at,
        updated_at=turns[-1].created_at,
        occurred_at=started.created_at,
        source=MemorySource.CONVERSATION,
        session_id=started.session_id,
        metadata={
            DIGEST: True,
            PROVENANCE_TURNS: raised,
            PROVENANCE_SESSIONS: [started.session_id],
            CONTEXT_TURNS: [],
        },
    )


def embedding_text(episode: Memory) -> str:
    """What an episode's vector is made from: the turn, then its window."""
    context = episode.metadata.get(CONTEXT) or ""
    return f"{episode.content} {context}".strip()


class EpisodicMemory:
    """Writes episodes for recorded turns (see the module docstring)."""

    def __init__(self, store: Any, embedder: Any, batcher: Any = None) -> None:
        self._store = store
        self._embedder = embedder
        self._batcher = batcher
        self._counters = {"episodes_written": 0, "episode_failures": 0, "digests_written": 0}

    async def turn_recorded(self, turns: Sequence[Turn], names: dict[TurnRole, str]) -> None:
        """``turns`` is the session so far, the new turn last: the turn
        ``TURNS_AFTER`` back now has its whole window."""
        index = len(turns) - 1 - TURNS_AFTER
        if index >= 0:
            await self._write([build_episode(turns, index, names)])

    async def session_ended(self, turns: Sequence[Turn], names: dict[TurnRole, str]) -> None:
        """The last turns, whose following turn never came."""
        start = max(0, len(turns) - TURNS_AFTER)
        episodes = [build_episode(turns, index, names) for index in range(start, len(turns))]
        if episodes:
            await self._write(episodes)

    async def session_digest(self, turns: Sequence[Turn], topics: Sequence[str], names: dict[TurnRole, str]) -> None:
        """The session's digest episode (see ``build_session_digest``)."""
        digest = build_session_digest(turns, topics, names)
        if digest is not None:
            await self._write([digest])
            self._counters["digests_written"] += 1

    async def _write(self, episodes: list[Memory]) -> None:
        try:
            uid = episodes[0].user_id
            vectors = await self._embedder.embed_documents([embedding_text(e) for e in episodes], owner=uid)
            for episode, vector in zip(episodes, vectors):
                episode.embedding = np.asarray(vector, dtype=np.float32)
            if self._batcher is not None:
                await self._batcher.enqueue_memories(episodes)
            else:
                await self._store.add_memories(episodes)
            self._counters["episodes_written"] += len(episodes)
        except Exception:  # losing an episode weakens recall; it must not lose the turn
            self._counters["episode_failures"] += 1
            logger.warning("could not write an episode", exc_info=True)

    def stats(self) -> dict[str, int]:
        return dict(self._counters)
