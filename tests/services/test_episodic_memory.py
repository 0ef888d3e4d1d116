"""Episodic memory and provenance on both backends (real stores, real MiniLM).

What the user said is searchable with its neighbour turns, recalled together
with extracted facts, erased and exported with the user; every memory says
which turns and sessions it was learned from.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from core.errors import ValidationError
from core.models import MemoryKind, TurnRole
from infrastructure.redis_cache import RedisCache
from rag_system import RetrievalConfig
from services.conversation_service import ConversationService
from services.episodic_memory import CONTEXT, CONTEXT_TURNS, DIGEST, EpisodicMemory, digest_id
from services.memory_dates import annotate_dates
from services.memory_service import MemoryService
from services.rag_service import RagService
from services.user_service import UserService

SAID_AT = datetime(2023, 5, 8, 13, 56, tzinfo=UTC)
DIALOGUE = [
    (TurnRole.USER, "I went to a support group yesterday and it was so powerful."),
    (TurnRole.ASSISTANT, "That sounds moving. What stayed with you?"),
    (TurnRole.USER, "Everyone was so open about their stories."),
    (TurnRole.ASSISTANT, "What kind of painting are you working on these days?"),
    (TurnRole.USER, "Mostly sunsets over the lake, in oils."),
    (TurnRole.ASSISTANT, "Lovely. Talk soon!"),
]


async def replay(store, embedder, user_id: str, *, digests: bool = True):
    users = UserService(store, RedisCache(None))
    await users.ensure_profile_exists(user_id, display_name="Anna")
    conversations = ConversationService(store, agent_name="Mel", episodes=EpisodicMemory(store, embedder))
    conversations.session_digests = digests
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
    return users, memory, session, turns


async def episodes_of(store, user_id: str):
    """The turns' episodes (not the session digest)."""
    found = await store.list_memories(user_id, kind=MemoryKind.EPISODE, limit=50)
    return [e for e in found if not e.metadata.get(DIGEST)]


async def test_every_turn_becomes_an_episode_with_window_dates_and_provenance(store, embedder):
    user_id = str(uuid.uuid4())
    _, _, session, turns = await replay(store, embedder, user_id)
    episodes = {e.turn_ids[0]: e for e in await episodes_of(store, user_id)}
    assert set(episodes) == {turn.id for turn in turns}  # the last turn too (written at session end)

    first = episodes[turns[0].id]
    # Labelled by who said it; "yesterday" resolved against when it was said.
    assert first.content == "Anna: I went to a support group yesterday [7 May 2023] and it was so powerful."
    assert first.occurred_at == SAID_AT
    assert first.session_ids == [session.id]
    painting = episodes[turns[3].id]
    assert painting.content.startswith("Mel: What kind of painting")
    # Two turns before, one after, in order.
    assert painting.metadata[CONTEXT_TURNS] == [turns[1].id, turns[2].id, turns[4].id]
    assert "Mostly sunsets over the lake" in painting.metadata[CONTEXT]


async def test_recall_finds_a_question_by_the_answer_in_its_window(store, embedder):
    """'sunsets' is only in the user's answer; the assistant's question that
    asked about painting is found through its window, and the answer itself
    ranks first (its own words weigh more than a neighbour's)."""
    user_id = str(uuid.uuid4())
    _, _, _, turns = await replay(store, embedder, user_id)
    rag = RagService(store, embedder)
    result = await rag.recall_for_turn(user_id, [], "What does Anna paint? sunsets", 5000, limit=10, now=SAID_AT + timedelta(days=30))
    ranked = [memory.turn_ids[0] for memory in result.memory_records if memory.kind is MemoryKind.EPISODE]
    assert ranked[0] == turns[4].id
    assert turns[3].id in ranked
    assert "sunsets over the lake" in result.context_text


async def test_extracted_memories_carry_their_turn_and_merges_keep_both(store, embedder):
    user_id = str(uuid.uuid4())
    memory = MemoryService(store, embedder)
    session_one, session_two = str(uuid.uuid4()), str(uuid.uuid4())
    turn_one, turn_two = str(uuid.uuid4()), str(uuid.uuid4())
    first = await memory.learn_from_turn(user_id, "I live in Lahore.", session_id=session_one, turn_id=turn_one)
    second = await memory.learn_from_turn(user_id, "I live in Lahore.", session_id=session_two, turn_id=turn_two)
    assert [r.action for r in first] == ["created"] and [r.action for r in second] == ["merged"]
    stored = await store.get_memory(user_id, first[0].memory.id)
    assert stored.turn_ids == [turn_one, turn_two]
    assert stored.session_ids == [session_one, session_two]
    with pytest.raises(ValidationError):
        await memory.learn_from_turn(user_id, "I live in Lahore.", turn_id="not-a-uuid")


async def test_episodes_stay_out_of_facts_and_go_with_erasure_and_export(store, embedder):
    user_id = str(uuid.uuid4())
    users, memory, _, turns = await replay(store, embedder, user_id)
    listed = await memory.list(user_id)
    assert listed and all(m.kind is not MemoryKind.EPISODE for m in listed)
    with pytest.raises(ValidationError):
        await memory.remember(user_id, "fake turn", kind="episode")

    exported = await users.export_user(user_id)
    episode_rows = [m for m in exported["memories"] if m["kind"] == "episode"]
    assert {row["turn_ids"][0] for row in episode_rows} == {turn.id for turn in turns}
    facts = [m for m in exported["memories"] if m["kind"] != "episode"]
    assert facts and all(row["turn_ids"] and row["session_ids"] for row in facts)

    assert await users.delete_user(user_id)
    assert await episodes_of(store, user_id) == []
    assert await store.lexical_search_memories(user_id, "sunsets lake", limit=5) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I ran a charity race last Saturday.", "I ran a charity race last Saturday [6 May 2023]."),
        ("We went camping last week", "We went camping last week [the week of 1 May 2023]"),
        ("I painted that last year", "I painted that last year [2022]"),
        ("3 days ago I met her; last month too", "3 days ago [5 May 2023] I met her; last month [April 2023] too"),
        ("My kids go swimming on Fridays", "My kids go swimming on Fridays"),  # a habit, not a date
        ("We met on 12 March 2021.", "We met on 12 March 2021."),  # already absolute
        ("We went camping in June", "We went camping in June [June 2022]"),  # the last June
        ("We're going camping in June!", "We're going camping in June [June 2023]!"),  # the next one
        ("I started in May", "I started in May [May 2023]"),  # this month
        ("We moved in June 2020", "We moved in June 2020"),  # already says which June
        # said on a Monday: last weekend is two days back, not the coming one
        ("We hiked last weekend", "We hiked last weekend [the weekend of 6 May 2023]"),
        ("this weekend we rest", "this weekend [the weekend of 13 May 2023] we rest"),
        ("I watched it last night", "I watched it last night [7 May 2023]"),
        ("the day before yesterday and a couple of days ago",
         "the day before yesterday [6 May 2023] and a couple of days ago [6 May 2023]"),
    ],
)
def test_relative_dates_are_resolved_against_when_they_were_said(text, expected):
    assert annotate_dates(text, SAID_AT) == expected


async def test_forgetting_a_fact_forgets_the_turn_that_stated_it(store, embedder):
    """Provenance leads from the fact to the words: "forget my phone number"
    must not leave "My phone number is 555-0142" searchable as an episode."""
    user_id = str(uuid.uuid4())
    conversations = ConversationService(store, episodes=EpisodicMemory(store, embedder))
    memory = MemoryService(store, embedder)
    session = await conversations.start_session(user_id, now=SAID_AT)
    said = await conversations.record_turn(user_id, session.id, "user", "My phone number is 555-0142.", now=SAID_AT)
    await memory.learn_from_turn(user_id, said.text, session_id=session.id, now=SAID_AT, turn_id=said.id)
    await conversations.record_turn(user_id, session.id, "assistant", "Got it.", now=SAID_AT)
    await conversations.end_session(user_id, session.id, now=SAID_AT)
    before = await store.list_memories(user_id, include_superseded=True, limit=50)
    assert {m.kind for m in before if "555-0142" in m.content} == {MemoryKind.EPISODE, MemoryKind.FACT}

    forgotten = await memory.forget_matching(user_id, "my phone number")
    assert {m.kind for m in forgotten} == {MemoryKind.EPISODE, MemoryKind.FACT}
    after = await store.list_memories(user_id, include_superseded=True, limit=50)
    assert not [m for m in after if "555-0142" in m.content]
    assert [m for m in after if m.content == "Companion: Got it."]  # the rest of what was said stays


async def test_an_ended_session_leaves_a_digest_of_its_topics_with_provenance(store, embedder):
    user_id = str(uuid.uuid4())
    _, _, session, turns = await replay(store, embedder, user_id)
    digest = await store.get_memory(user_id, digest_id(session.id))
    assert digest is not None and digest.kind is MemoryKind.EPISODE and digest.metadata[DIGEST] is True
    assert digest.content.startswith("Conversation on 8 May 2023 between Anna and Mel: talked about ")
    assert "support, group" in digest.content
    # Provenance: the session, and the turn that first raised each topic (the user's first turn raised "support").
    assert digest.session_ids == [session.id]
    assert digest.turn_ids[0] == turns[0].id and set(digest.turn_ids) <= {turn.id for turn in turns}
    assert digest.embedding is not None
    # Searchable like any memory, on both backends.
    hits = await store.lexical_search_memories(user_id, "talked about stories", limit=10)
    assert digest.id in [hit.memory.id for hit in hits]

    other = str(uuid.uuid4())
    _, _, quiet, _ = await replay(store, embedder, other, digests=False)
    assert await store.get_memory(other, digest_id(quiet.id)) is None


async def test_a_name_in_the_question_does_not_recall_every_turn_of_that_speaker(store, embedder):
    """Each episode is labelled with its speaker ("Anna: See you!"), so the
    name in "what did Anna do with her savings?" matches every turn of hers;
    the turns it matches only by that name are not lexical evidence."""
    user_id = str(uuid.uuid4())
    users = UserService(store, RedisCache(None))
    await users.ensure_profile_exists(user_id, display_name="Anna")
    conversations = ConversationService(store, agent_name="Mel", episodes=EpisodicMemory(store, embedder))
    sessions = [
        [(TurnRole.USER, "See you!"), (TurnRole.ASSISTANT, "Bye!"), (TurnRole.USER, "Take care!")],
        [(TurnRole.USER, "I put most of my savings into a small flat by the river."), (TurnRole.ASSISTANT, "Wise move.")],
    ]
    for number, dialogue in enumerate(sessions):
        opened = SAID_AT + timedelta(days=number)
        session = await conversations.start_session(user_id, now=opened)
        for position, (role, text) in enumerate(dialogue):
            await conversations.record_turn(user_id, session.id, role, text, now=opened + timedelta(seconds=20 * position))
        await conversations.end_session(user_id, session.id, now=opened + timedelta(minutes=5))
    rag = RagService(store, embedder, config=RetrievalConfig(name_only_hits=True))
    question, later = "What did Anna do with her savings?", SAID_AT + timedelta(days=30)

    result = await rag.recall_for_turn(user_id, [], question, 5000, limit=10, now=later)
    # Every lexical hit holds a word of the question in its turn or its window.
    lexical = [f"{e.text} {e.candidate.context_text or ''}" for e in result.memories if e.lexical_rank is not None]
    assert lexical and all("savings" in words for words in lexical)
    assert result.memories[0].text.startswith("Anna: I put most of my savings")

    rag.config = rag.config.without("name_only_hits")  # the same recall without the stage
    unfiltered = await rag.recall_for_turn(user_id, [], question, 5000, limit=10, now=later)
    assert any(entry.text == "Anna: Take care!" and entry.lexical_rank is not None for entry in unfiltered.memories)
