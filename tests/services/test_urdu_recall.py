"""Urdu conversations (AGENT_LANGUAGE=ur), in Urdu script and romanised, go
through the agent's write path and are recalled by Urdu questions on both
backends (real stores, real MiniLM: the lexical side must carry Urdu, since
the English encoder does not)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from core.models import MemoryKind, TurnRole
from infrastructure.redis_cache import RedisCache
from rag_system import build_recall_query, content_terms
from services.conversation_service import ConversationService
from services.episodic_memory import EpisodicMemory
from services.memory_service import MemoryService
from services.rag_service import RagService
from services.user_service import UserService

SAID_AT = datetime(2024, 11, 2, 18, 30, tzinfo=UTC)
DIALOGUE = [
    (TurnRole.USER, "میری بہن کی شادی دسمبر میں لاہور میں ہے۔"),
    (TurnRole.ASSISTANT, "واہ، مبارک ہو! تیاری کیسی چل رہی ہے؟"),
    (TurnRole.USER, "Main ne naya kurta silwaya hai, neela rang ka."),
    (TurnRole.ASSISTANT, "Zabardast! Aur aap ka kaam kaisa hai?"),
    (TurnRole.USER, "دفتر میں بہت کام ہے، باس ناراض رہتا ہے۔"),
    (TurnRole.ASSISTANT, "Allah aasani kare."),
]


async def replay(store, embedder, user_id: str):
    users = UserService(store, RedisCache(None))
    await users.ensure_profile_exists(user_id, display_name="Ayesha")
    conversations = ConversationService(store, agent_name="Uplift", episodes=EpisodicMemory(store, embedder))
    memory = MemoryService(store, embedder)
    session = await conversations.start_session(user_id, now=SAID_AT)
    turns = []
    for position, (role, text) in enumerate(DIALOGUE):
        when = SAID_AT + timedelta(seconds=20 * position)
        turn = await conversations.record_turn(user_id, session.id, role, text, now=when)
        turns.append(turn)
        if role is TurnRole.USER:
            await memory.learn_from_turn(user_id, text, session_id=session.id, now=when, turn_id=turn.id)
    await conversations.end_session(user_id, session.id, now=SAID_AT + timedelta(minutes=5))
    return turns


def test_urdu_words_are_query_terms_and_function_words_are_not():
    # Before: the tokenizer read [a-z0-9] only, so Urdu script vanished from
    # the query (and from a mixed question, leaving only the English word).
    assert content_terms("بہن کی wedding کب ہے؟") == ["بہن", "wed"]
    assert content_terms("behan ki shaadi kab hai") == ["behan", "shaadi"]
    query = build_recall_query([], "میری بہن کی شادی کب ہے؟", SAID_AT)
    assert set(query.term_weights) == {"بہن", "شادی"}


async def test_urdu_turns_are_kept_and_recalled_by_urdu_questions(store, embedder):
    user_id = str(uuid.uuid4())
    turns = await replay(store, embedder, user_id)
    episodes = await store.list_memories(user_id, kind=MemoryKind.EPISODE, limit=50)
    # Nothing dropped: every Urdu turn, script or romanised, is an episode with its words.
    assert {e.turn_ids[0] for e in episodes} == {t.id for t in turns}
    assert any("شادی" in e.content for e in episodes) and any("kurta" in e.content for e in episodes)

    rag = RagService(store, embedder)
    later = SAID_AT + timedelta(days=10)
    wedding = await rag.recall_for_turn(user_id, [], "بہن کی شادی کہاں ہے؟", 5000, limit=3, now=later)
    assert wedding.memory_records[0].turn_ids == [turns[0].id]
    assert "لاہور" in wedding.context_text
    kurta = await rag.recall_for_turn(user_id, [], "Maine kaunsa kurta silwaya tha?", 5000, limit=3, now=later)
    assert kurta.memory_records[0].turn_ids == [turns[2].id]
    office = await rag.recall_for_turn(user_id, [], "دفتر میں باس کیسا ہے؟", 5000, limit=3, now=later)
    assert office.memory_records[0].turn_ids == [turns[4].id]
