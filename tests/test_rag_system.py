"""rag_system: every ranking stage on small hand-made candidates (pure, no I/O)."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from core.models import Memory, MemoryKind
from rag_system import (
    BM25,
    CONTEXT_FOOTER,
    CONTEXT_HEADER,
    Candidate,
    InMemoryIndex,
    RankedMemory,
    RetrievalConfig,
    build_recall_query,
    content_terms,
    drop_name_only_hits,
    expand_terms,
    feedback_vector,
    format_context,
    has_time_expression,
    humanize_age,
    linked_terms,
    memory_date_label,
    rank_candidates,
    reciprocal_rank_fusion,
    resolve_time_window,
    speaker_names,
    stem,
    tokenize,
)

# Wednesday 15 May 2024, 10:00 UTC.
NOW = datetime(2024, 5, 15, 10, 0, tzinfo=UTC)


def day(year: int, month: int, dom: int, hour: int = 0) -> datetime:
    return datetime(year, month, dom, hour, tzinfo=UTC)


def word_vector(text: str, dimensions: int = 64) -> np.ndarray:
    """Deterministic bag-of-stemmed-words embedding: texts sharing words are similar."""
    total = np.zeros(dimensions, dtype=np.float32)
    for term in content_terms(text) or [text]:
        seed = int.from_bytes(hashlib.sha256(term.encode()).digest()[:8], "little")
        total += np.random.default_rng(seed).standard_normal(dimensions).astype(np.float32)
    return total / (np.linalg.norm(total) or 1.0)


def candidate(id_: str, text: str, **fields) -> Candidate:
    return Candidate(id=id_, text=text, **fields)


def ids(ranked: list[RankedMemory]) -> list[str]:
    return [entry.id for entry in ranked]


# --------------------------------------------------------------------------
# Time phrase resolution against a fixed now
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("what did I do yesterday?", day(2024, 5, 14), day(2024, 5, 15)),
        ("how was it last week", day(2024, 5, 6), day(2024, 5, 13)),  # previous Mon..Sun
        ("the trip in May", day(2024, 5, 1), day(2024, 6, 1)),
        ("the concert in September", day(2023, 9, 1), day(2023, 10, 1)),  # not in the future
        ("I told you two days ago", day(2024, 5, 13), day(2024, 5, 14)),
        ("what happened last year", day(2024 - 1, 1, 1), day(2024, 1, 1)),
        ("what did I eat this morning", day(2024, 5, 15), day(2024, 5, 15, 12)),
        ("on Monday I went out", day(2024, 5, 13), day(2024, 5, 14)),
        ("last Wednesday", day(2024, 5, 8), day(2024, 5, 9)),  # today is Wednesday
        ("back in 2022", day(2022, 1, 1), day(2023, 1, 1)),
        ("last month", day(2024, 4, 1), day(2024, 5, 1)),
        ("in March 2021", day(2021, 3, 1), day(2021, 4, 1)),
        # Full dates.
        ("I met her on 3 June, 2023", day(2023, 6, 3), day(2023, 6, 4)),
        ("what happened on March 2nd", day(2024, 3, 2), day(2024, 3, 3)),
        ("the party on December 24", day(2023, 12, 24), day(2023, 12, 25)),  # not in the future
        # A full date is the speaker's "now" for the relative phrase next to it.
        ("what did I finish last Friday, on 23 January 2022?", day(2022, 1, 21), day(2022, 1, 22)),
        ("what did she do last weekend, before 10 April 2023?", day(2023, 4, 8), day(2023, 4, 10)),
        # A named month beats a vague word.
        ("the cake I made recently in May 2022", day(2022, 5, 1), day(2022, 6, 1)),
    ],
)
def test_time_phrases_resolve_against_now(phrase, start, end):
    window = resolve_time_window(phrase, NOW)
    assert window is not None, phrase
    assert (window.start, window.end) == (start, end)


def test_impossible_dates_fall_back_to_the_month():
    window = resolve_time_window("on February 30", NOW)
    assert window is not None and (window.start, window.end) == (day(2024, 2, 1), day(2024, 3, 1))


def test_vague_relative_phrases_get_a_window_around_the_point():
    window = resolve_time_window("a couple of weeks ago", NOW)
    assert window is not None
    assert window.contains(NOW - timedelta(days=14))
    assert not window.contains(NOW - timedelta(days=2))


@pytest.mark.parametrize("text", ["I may go hiking", "tell me about my dog", ""])
def test_text_without_a_time_reference_resolves_to_none(text):
    assert resolve_time_window(text, NOW) is None


def test_time_window_distance_is_zero_inside_and_grows_outside():
    window = resolve_time_window("yesterday", NOW)
    assert window.distance_days(day(2024, 5, 14, 12)) == 0.0
    assert window.distance_days(day(2024, 5, 11)) == pytest.approx(3.0)
    # Naive datetimes are taken as UTC.
    assert window.contains(datetime(2024, 5, 14, 12))


def test_time_expressions_are_detected_in_text():
    assert has_time_expression("We went there last weekend")
    assert has_time_expression("It was in 2019")
    assert not has_time_expression("I like green tea")


def test_humanize_age():
    assert humanize_age(NOW - timedelta(hours=1), NOW) == "today"
    assert humanize_age(NOW - timedelta(days=1), NOW) == "yesterday"
    assert humanize_age(NOW - timedelta(days=3), NOW) == "3 days ago"
    assert humanize_age(NOW - timedelta(days=9), NOW) == "last week"
    assert humanize_age(NOW - timedelta(days=100), NOW) == "3 months ago"
    assert humanize_age(NOW - timedelta(days=400), NOW) == "last year"


# --------------------------------------------------------------------------
# Text processing and BM25
# --------------------------------------------------------------------------


def test_tokenize_and_stem_normalise_word_forms():
    assert tokenize("Caroline's DOG, isn't it?") == ["caroline", "dog", "isn't", "it"]
    assert stem("running") == stem("runs") == "run"
    assert stem("painted") == stem("painting") == stem("paints")
    assert stem("children") == "child"
    assert content_terms("What did you do with the painting?") == ["paint"]


def test_expansion_adds_generic_synonyms_only():
    extra = expand_terms(content_terms("my mom"))
    assert "mother" in extra and "mom" not in extra
    assert expand_terms(content_terms("quantum chromodynamics")) == []


def test_bm25_prefers_rare_terms_and_saturates_term_frequency():
    docs = [
        content_terms("the dog barked at the mailman"),
        content_terms("the dog slept"),
        content_terms("a cat slept all day"),
        content_terms("dog dog dog dog dog dog dog dog"),
    ]
    bm25 = BM25(docs, k1=1.2, b=0.75)
    scores = bm25.scores(content_terms("mailman dog"))
    assert scores.argmax() == 0  # the rare term decides
    assert scores[2] == 0.0
    # Eight repetitions score higher than one, but far less than eight times as much.
    dog_only = bm25.scores(["dog"])
    assert dog_only[1] < dog_only[3] < 3 * dog_only[1]
    # Weights scale a term's contribution.
    assert bm25.scores({"dog": 0.5})[1] == pytest.approx(0.5 * dog_only[1])


# --------------------------------------------------------------------------
# Query building
# --------------------------------------------------------------------------


def test_conversation_aware_query_weights_the_new_message_highest():
    query = build_recall_query(
        ["I adopted a puppy called Biscuit", "That's lovely!"], "What does she like to eat?", NOW
    )
    assert query.term_weights["eat"] == 1.0
    # A term from two turns back still counts, with less weight.
    assert 0 < query.term_weights["biscuit"] < 1.0
    assert query.text.startswith("What does she like to eat?")
    assert "Biscuit" in query.context_text
    assert "food" in query.expansions  # eat -> food


def test_query_resolves_the_time_window_and_temporal_intent():
    query = build_recall_query([], "When did I visit my sister last week?", NOW)
    assert query.time_window is not None and query.time_window.phrase == "last week"
    assert query.temporal_intent
    assert not build_recall_query([], "Do I have a sister?", NOW).temporal_intent


def test_disabled_query_stages_are_off():
    config = RetrievalConfig(conversation_query=False, query_expansion=False, time_window=False)
    query = build_recall_query(["I adopted a puppy called Biscuit"], "what did my mom say yesterday", NOW, config)
    assert query.context_text is None and "biscuit" not in query.term_weights
    assert query.expansions == [] and "mother" not in query.term_weights
    assert query.time_window is None


def test_blend_keeps_the_query_vector_closest_to_the_message():
    query = build_recall_query(["we talked about cars"], "and my dog?", NOW)
    message, context = word_vector("dog"), word_vector("cars")
    blended = query.blend(message, context)
    assert np.linalg.norm(blended) == pytest.approx(1.0, abs=1e-5)
    assert float(blended @ message) > float(blended @ context)


# --------------------------------------------------------------------------
# Fusion and ranking
# --------------------------------------------------------------------------


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([(["a", "b", "c"], 1.0), (["c", "d"], 1.0)], k=10)
    assert max(fused, key=fused.get) == "c"
    assert fused["a"] > fused["d"]


def _plain(**overrides) -> RetrievalConfig:
    """Only fusion; every adjustment off (each test switches on what it checks)."""
    base = {
        "time_window": False, "temporal_intent": False, "time_decay": False, "importance": False,
        "frequency": False, "dedup_rerank": False, "query_expansion": False, "speaker_match": False,
    }
    base.update(overrides)
    return RetrievalConfig(**base)


def test_fusion_ranks_a_memory_found_by_both_retrievers_first():
    a, b, c = candidate("a", "alpha"), candidate("b", "beta"), candidate("c", "gamma")
    query = build_recall_query([], "anything", NOW)
    ranked = rank_candidates(query, [(a, 0.9), (c, 0.5)], [(b, 9.0), (c, 5.0)], NOW, _plain(), limit=3)
    assert ids(ranked)[0] == "c"
    assert ranked[0].dense_rank == 2 and ranked[0].lexical_rank == 2


def test_lexical_and_dense_switches_drop_their_hits():
    a, b = candidate("a", "alpha"), candidate("b", "beta")
    query = build_recall_query([], "anything", NOW)
    assert ids(rank_candidates(query, [(a, 0.9)], [(b, 3.0)], NOW, _plain(lexical=False))) == ["a"]
    assert ids(rank_candidates(query, [(a, 0.9)], [(b, 3.0)], NOW, _plain(dense=False))) == ["b"]
    # Fusion off: the dense order stands and lexical-only hits come after it.
    ranked = rank_candidates(query, [(a, 0.2)], [(b, 3.0)], NOW, _plain(fusion=False, lexical_weight=10.0))
    assert ids(ranked) == ["a", "b"]


def test_dense_feedback_moves_the_query_towards_its_best_hits_and_fuses_its_own_list():
    """Rocchio on the dense side (off by default, measured in the README)."""
    config = _plain(dense_feedback=True, dense_feedback_docs=2, dense_feedback_beta=1.0)
    query_vector = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    first = candidate("first", "tennis", embedding=np.array([0.6, 0.8, 0.0], dtype=np.float32))
    second = candidate("second", "squash", embedding=np.array([0.6, 0.0, 0.8], dtype=np.float32))
    third = candidate("third", "chess", embedding=np.array([0.0, 0.0, -1.0], dtype=np.float32))
    moved = feedback_vector(query_vector, [first, second, third], config)
    assert moved is not None and np.isclose(np.linalg.norm(moved), 1.0)
    # Only the two best hits count, each at half of beta: (1, 0, 0) + (0.6, 0.4, 0.4).
    assert np.allclose(moved, np.array([1.6, 0.4, 0.4]) / np.linalg.norm([1.6, 0.4, 0.4]), atol=1e-6)
    assert feedback_vector(query_vector, [candidate("bare", "no vector")], config) is None

    query = build_recall_query([], "anything", NOW)
    found_by_feedback = candidate("new", "badminton")
    ranked = rank_candidates(query, [(first, 0.9)], [], NOW, config, feedback_hits=[(found_by_feedback, 0.7)])
    assert ids(ranked) == ["first", "new"] and ranked[1].feedback_rank == 1
    off = rank_candidates(query, [(first, 0.9)], [], NOW, _plain(), feedback_hits=[(found_by_feedback, 0.7)])
    assert ids(off) == ["first"]


def test_importance_breaks_ties_and_is_really_off_when_disabled():
    low = candidate("low", "note one", importance=0.1)
    high = candidate("high", "note two", importance=0.9)
    query = build_recall_query([], "note", NOW)
    hits = [(low, 0.8), (high, 0.8)]  # equal relevance
    ranked = rank_candidates(query, hits, [], NOW, _plain(importance=True))
    assert ids(ranked) == ["high", "low"]
    assert ranked[0].factors["importance"] > 1.0 > ranked[1].factors["importance"]
    off = rank_candidates(query, hits, [], NOW, _plain())
    assert all("importance" not in entry.factors for entry in off)


def test_recency_prefers_newer_memories_of_equal_relevance():
    old = candidate("old", "went hiking", event_time=NOW - timedelta(days=400))
    new = candidate("new", "went hiking too", event_time=NOW - timedelta(days=2))
    query = build_recall_query([], "hiking", NOW)
    ranked = rank_candidates(query, [(old, 0.8)], [(old, 2.0)], NOW, _plain(time_decay=True))
    ranked_both = rank_candidates(query, [(old, 0.8), (new, 0.8)], [(new, 2.0), (old, 2.0)], NOW, _plain(time_decay=True))
    assert ids(ranked_both)[0] == "new"
    assert ranked[0].factors["recency"] < 1.0
    assert ranked_both[0].factors["recency"] > ranked_both[1].factors["recency"]


def test_frequency_boosts_often_recalled_memories():
    rare = candidate("rare", "likes tea", access_count=0)
    often = candidate("often", "likes coffee", access_count=20)
    query = build_recall_query([], "drinks", NOW)
    ranked = rank_candidates(query, [(rare, 0.5), (often, 0.5)], [], NOW, _plain(frequency=True))
    assert ids(ranked) == ["often", "rare"]
    assert ranked[0].factors["frequency"] <= 1.0 + RetrievalConfig().frequency_cap


def test_resolved_time_window_boosts_memories_inside_it():
    inside = candidate("inside", "dinner with Sam", event_time=NOW - timedelta(days=6))  # Thu last week
    outside = candidate("outside", "dinner with Alex", event_time=NOW - timedelta(days=60))
    query = build_recall_query([], "who did I have dinner with last week?", NOW)
    # The outside memory is slightly more relevant by retrieval alone.
    dense = [(outside, 0.9), (inside, 0.8)]
    ranked = rank_candidates(query, dense, [], NOW, _plain(time_window=True))
    assert ids(ranked) == ["inside", "outside"]
    assert ranked[0].factors["time_window"] > ranked[1].factors["time_window"]
    off = rank_candidates(query, dense, [], NOW, _plain())
    assert ids(off) == ["outside", "inside"]


def test_temporal_questions_favour_memories_that_mention_a_time():
    dated = candidate("dated", "I started pottery last month")
    undated = candidate("undated", "I do pottery")
    query = build_recall_query([], "When did I start pottery?", NOW)
    hits = [(undated, 0.9), (dated, 0.9)]
    assert ids(rank_candidates(query, hits, [], NOW, _plain(temporal_intent=True)))[0] == "dated"
    assert ids(rank_candidates(query, hits, [], NOW, _plain()))[0] == "undated"  # tie broken by id


def test_memories_of_the_named_speaker_are_preferred():
    anna = candidate("anna", "The trip was wonderful", metadata={"speaker": "Anna"})
    ben = candidate("ben", "The trip was too long", metadata={"speaker": "Ben"})
    query = build_recall_query([], "What did Anna think of the trip?", NOW)
    hits = [(ben, 0.8), (anna, 0.8)]
    ranked = rank_candidates(query, hits, [], NOW, _plain(speaker_match=True))
    assert ids(ranked) == ["anna", "ben"] and "speaker" not in ranked[1].factors
    # "Annabel" is not "Anna": names match as whole words only.
    other = build_recall_query([], "What did Annabel think of the trip?", NOW)
    assert ids(rank_candidates(other, hits, [], NOW, _plain(speaker_match=True)))[0] == "ben"
    assert ids(rank_candidates(query, hits, [], NOW, _plain(speaker_match=False)))[0] == "ben"


def test_lexical_hits_that_match_only_a_speakers_name_are_dropped():
    """Every episode starts with its speaker's name, so "John" in a question
    matches all of John's turns; a hit with no other question word is noise."""
    bye = candidate("bye", "John: Take care!", metadata={"speaker": "John"})
    vocative = candidate("vocative", "Maria: Thanks, John!", metadata={"speaker": "Maria"})
    money = candidate("money", "John: I put my savings into a house.", metadata={"speaker": "John"})
    # A word of the question in the neighbour window counts as a match too.
    window = candidate("window", "Maria: Wow!", context_text="John: my savings doubled", metadata={"speaker": "Maria"})
    hits = [(bye, 3.0), (vocative, 2.5), (money, 2.0), (window, 1.0)]
    names = speaker_names(hits)
    assert names == {"john", "maria"}
    query = build_recall_query([], "What did John do with his savings?", NOW)
    assert [c.id for c, _ in drop_name_only_hits(query, hits, names)] == ["money", "window"]
    ranked = rank_candidates(query, [], hits, NOW, _plain(name_only_hits=True))
    assert ids(ranked) == ["money", "window"]
    assert ids(rank_candidates(query, [], hits, NOW, _plain()))[0] == "bye"  # off by default
    # A question that is only a name, or one no hit answers, keeps every hit.
    assert len(drop_name_only_hits(build_recall_query([], "John?", NOW), hits, names)) == 4
    assert len(drop_name_only_hits(build_recall_query([], "John's piano?", NOW), hits, names)) == 4


def test_dedup_collapses_near_duplicates_and_frees_the_slot():
    first = candidate("1", "My sister Anna lives in Lisbon")
    copy = candidate("2", "my sister Anna lives in Lisbon!")
    other = candidate("3", "I work as a nurse")
    query = build_recall_query([], "sister", NOW)
    hits = [(first, 0.9), (copy, 0.89), (other, 0.5)]
    ranked = rank_candidates(query, hits, [], NOW, _plain(dedup_rerank=True), limit=2)
    assert ids(ranked) == ["1", "3"]
    assert ranked[0].duplicates == ["2"]
    assert ids(rank_candidates(query, hits, [], NOW, _plain(), limit=2)) == ["1", "2"]


def test_dedup_uses_embeddings_when_candidates_carry_them():
    vector = word_vector("sister lives in Lisbon")
    first = candidate("1", "My sister lives in Lisbon", embedding=vector)
    paraphrase = candidate("2", "Lisbon is where my sister is based", embedding=vector)
    query = build_recall_query([], "sister", NOW)
    ranked = rank_candidates(query, [(first, 0.9), (paraphrase, 0.88)], [], NOW, _plain(dedup_rerank=True))
    assert ids(ranked) == ["1"] and ranked[0].duplicates == ["2"]


def test_candidate_from_memory_carries_time_importance_and_context():
    memory = Memory(
        user_id="7d2b6a3e-9c1f-4b55-8d61-0c8a2f8f3b11",
        content="Has a dog named Rex",
        kind=MemoryKind.RELATIONSHIP,
        importance=0.8,
        occurred_at=day(2024, 1, 2),
        access_count=3,
        metadata={"context": "We talked about pets"},
    )
    wrapped = Candidate.from_memory(memory)
    assert (wrapped.id, wrapped.text, wrapped.kind) == (memory.id, "Has a dog named Rex", "relationship")
    assert wrapped.event_time == day(2024, 1, 2) and wrapped.importance == 0.8 and wrapped.access_count == 3
    assert wrapped.context_text == "We talked about pets" and wrapped.memory is memory


# --------------------------------------------------------------------------
# Context formatting
# --------------------------------------------------------------------------


def test_format_context_is_delimited_and_dated():
    ranked = [
        RankedMemory(candidate("a", "Interview at the bakery", event_time=NOW - timedelta(days=1)), 1.0),
        RankedMemory(candidate("b", "Prefers   tea\nover coffee"), 0.5),
    ]
    text = format_context(ranked, NOW)
    lines = text.splitlines()
    assert lines[0] == CONTEXT_HEADER and lines[-1] == CONTEXT_FOOTER
    assert lines[1] == "- (yesterday, 14 May 2024) Interview at the bakery"
    assert lines[2] == "- Prefers tea over coffee"
    assert format_context([], NOW) == ""


@pytest.mark.parametrize(
    ("moment", "label"),
    [
        (NOW - timedelta(hours=2), "today"),
        (NOW - timedelta(days=1), "yesterday"),
        (NOW - timedelta(days=6), "6 days ago"),
        (NOW - timedelta(days=45), "last month, 31 Mar"),  # this year's: no year
        (NOW - timedelta(days=200), "6 months ago, 28 Oct 2023"),
    ],
)
def test_short_memory_dates(moment: datetime, label: str):
    assert memory_date_label(moment, NOW, short=True) == label


def test_short_dates_shorten_every_dated_line():
    ranked = [
        RankedMemory(candidate("a", "Interview at the bakery", event_time=NOW - timedelta(days=1)), 1.0),
        RankedMemory(candidate("b", "Moved to Lisbon", event_time=NOW - timedelta(days=40)), 0.5),
    ]
    full = format_context(ranked, NOW).splitlines()
    short = format_context(ranked, NOW, short_dates=True).splitlines()
    assert full[2] == "- (last month, 05 Apr 2024) Moved to Lisbon"
    assert short[1:3] == ["- (yesterday) Interview at the bakery", "- (last month, 5 Apr) Moved to Lisbon"]


def test_format_context_respects_the_size_budget():
    ranked = [RankedMemory(candidate(str(i), "x" * 80), 1.0) for i in range(50)]
    text = format_context(ranked, NOW, max_chars=400)
    assert len(text) <= 400
    assert text.endswith(CONTEXT_FOOTER)


def test_a_memory_too_long_for_what_is_left_is_left_out_and_shorter_ones_still_fit():
    from rag_system import context_lines

    texts = ["Likes green tea", "y" * 300, "Walks the dog at seven", "Has a sister called Mia"]
    ranked = [RankedMemory(candidate(str(i), text), 1.0) for i, text in enumerate(texts)]
    kept = context_lines(ranked, NOW, max_chars=200)
    assert [entry.candidate.id for entry, _line in kept] == ["0", "2", "3"]  # best first, the long one out whole
    text = format_context(ranked, NOW, max_chars=200)
    assert len(text) <= 200 and "y" * 10 not in text
    assert text.splitlines()[1:-1] == [line for _entry, line in kept]
    assert format_context(ranked[1:2], NOW, max_chars=200) == ""  # nothing fits: nothing to say


# --------------------------------------------------------------------------
# In-memory index and a tiny end-to-end retrieval
# --------------------------------------------------------------------------

CONVERSATION = [
    ("t1", "Do you have any pets?", day(2024, 3, 1)),
    ("t2", "Yes, a golden retriever called Max.", day(2024, 3, 1)),
    ("t3", "My brother is getting married in Porto.", day(2024, 4, 20)),
    ("t4", "I started learning the violin.", day(2024, 5, 8)),
    ("t5", "The weather has been grey all week.", day(2024, 5, 9)),
    ("t6", "I started learning the violin.", day(2024, 5, 8)),
]


def build_index(config: RetrievalConfig | None = None) -> InMemoryIndex:
    docs = []
    for position, (id_, text, when) in enumerate(CONVERSATION):
        neighbours = [CONVERSATION[i][1] for i in (position - 1, position + 1) if 0 <= i < len(CONVERSATION)]
        docs.append(candidate(id_, text, event_time=when, context_text=" ".join(neighbours),
                              embedding=word_vector(text)))
    embeddings = np.stack([word_vector(doc.text) for doc in docs])
    windows = np.stack([word_vector(f"{doc.text} {doc.context_text}") for doc in docs])
    return InMemoryIndex(docs, embeddings, context_embeddings=windows, config=config)


def test_bm25_search_finds_words_and_skips_non_matches():
    index = build_index()
    hits = index.bm25_search("wedding in Porto", 5)
    assert hits[0][0].id == "t3"
    assert all(score > 0 for _, score in hits)
    assert index.bm25_search("zebra", 5) == []


def test_neighbour_context_finds_an_answer_phrased_across_two_turns():
    # "dog" is only in the question turn's neighbourhood, never in the answer itself.
    query = build_recall_query([], "What is my dog's name? retriever", NOW)
    with_context = build_index().bm25_scores(query)
    plain = build_index().bm25_scores(query, RetrievalConfig(neighbor_context=False))
    assert with_context[0] > 0  # t1 gains from t2's words
    assert plain[0] < with_context[0]


def test_dense_search_orders_by_cosine():
    index = build_index(RetrievalConfig(neighbor_context=False))
    hits = index.dense_search(word_vector("brother married Porto"), 2)
    assert hits[0][0].id == "t3"
    assert hits[0][1] >= hits[1][1]


def test_end_to_end_retrieval_answers_and_collapses_repeats():
    index = build_index()
    query = build_recall_query(["I love music."], "What instrument did I start learning last week?", NOW)
    ranked = index.retrieve(query, query.blend(word_vector(query.message), word_vector(query.context_text)), NOW, limit=3)
    assert ranked[0].id in {"t4", "t6"}
    assert {"t4", "t6"} - {ranked[0].id} <= set(ranked[0].duplicates)  # the repeat collapsed
    assert len(ranked) == len(set(ids(ranked)))
    context = format_context(ranked, NOW)
    assert "violin" in context and re.search(r"\(last week, 08 May 2024\)", context)


# --------------------------------------------------------------------------
# The LoCoMo benchmark harness on a tiny file in the same format
# --------------------------------------------------------------------------


class WordVectorEmbedder:
    """Deterministic bag-of-words vectors in the EmbeddingService call shape."""

    model_name = "word-vector-test"

    async def embed_documents(self, texts):
        return np.stack([word_vector(text) for text in texts])

    async def embed_queries(self, texts):
        return np.stack([word_vector(text) for text in texts])


TINY_LOCOMO = [
    {
        "sample_id": "tiny-1",
        "conversation": {
            "speaker_a": "Rosa",
            "speaker_b": "Tom",
            "session_1_date_time": "9:05 am on 3 March, 2023",
            "session_1": [
                {"speaker": "Rosa", "dia_id": "D1:1", "text": "I finally bought a kayak!"},
                {"speaker": "Tom", "dia_id": "D1:2", "text": "Nice, where will you paddle?"},
                {"speaker": "Rosa", "dia_id": "D1:3", "text": "On the lake near my aunt's cabin."},
            ],
            "session_2_date_time": "6:40 pm on 20 April, 2023",
            "session_2": [
                {"speaker": "Tom", "dia_id": "D2:1", "text": "My band played its first gig.",
                 "blip_caption": "a photo of a drummer on a small stage"},
                {"speaker": "Rosa", "dia_id": "D2:2", "text": "Congrats! I want to hear it."},
            ],
        },
        "qa": [
            {"question": "What did Rosa buy?", "answer": "a kayak", "evidence": ["D1:1"], "category": 4},
            {"question": "Where does Rosa paddle?", "answer": "lake", "evidence": ["D1:3; D1:1"], "category": 1},
            {"question": "When did Tom's band play its first gig?", "answer": "April 2023",
             "evidence": ["D2:1"], "category": 2},
            {"question": "What instrument does Tom play?", "answer": "drums", "evidence": ["D2:1"], "category": 3},
            {"question": "What did Rosa's cat eat?", "adversarial_answer": "fish", "evidence": [], "category": 5},
        ],
    }
]


async def test_locomo_benchmark_harness_on_a_tiny_file(tmp_path):
    import json

    from bench import retrieval
    from bench.locomo import load_conversations, normalise_dia_ids, parse_session_time

    assert parse_session_time("6:40 pm on 20 April, 2023") == datetime(2023, 4, 20, 18, 40, tzinfo=UTC)
    assert normalise_dia_ids(["D8:6; D9:17", "D:11:26"]) == ["D8:6", "D9:17", "D11:26"]

    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY_LOCOMO))
    conversations = load_conversations(path)
    assert [turn.dia_id for turn in conversations[0].turns] == ["D1:1", "D1:2", "D1:3", "D2:1", "D2:2"]
    assert conversations[0].turns[3].caption == "a photo of a drummer on a small stage"

    prepared = await retrieval.prepare(conversations, WordVectorEmbedder(), log=lambda message: None)
    factories = retrieval.make_retrievers(RetrievalConfig())
    results = {name: retrieval.evaluate(prepared, factory) for name, factory in factories.items()}
    companion = results["companion"]
    assert companion["questions"] == {"overall": 4, "1": 1, "2": 1, "3": 1, "4": 1}  # category 5 left out
    # Five turns, top ten: everything is retrieved; the ranking decides MRR.
    assert companion["overall"]["recall@10"] == 1.0 and companion["overall"]["all@10"] == 1.0
    assert companion["per_category"]["4"]["mrr"] == 1.0  # "buy" finds the kayak turn first
    assert 0.0 < results["bm25"]["overall"]["mrr"] <= 1.0



async def test_locomo_benchmark_runs_the_product_path_on_both_backends(tmp_path, capsys, postgres_dsn):
    """The headline figures come from the agent's write path into real stores
    and recall_for_turn; evidence is scored through each memory's provenance."""
    import json

    from bench import retrieval

    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY_LOCOMO))
    json_path = tmp_path / "out" / "metrics.json"
    args = retrieval.parse_args([
        "--dataset", str(path), "--backend", "sqlite,postgres", "--database-url", postgres_dsn,
        "--json", str(json_path), "--cache-dir", str(tmp_path / "cache"), "--diagnostic", "--ablation",
    ])
    assert await retrieval.main_async(args) == 0
    report = json.loads(json_path.read_text())
    assert set(report) == {"product", "diagnostic_in_memory"}
    for backend in ("sqlite", "postgres"):
        product = report["product"][backend]
        assert product["questions"]["overall"] == 4  # category 5 is left out
        # Every turn is an episode carrying its own turn id: the kayak turn is found.
        assert product["per_category"]["4"]["recall@5"] == 1.0
        assert product["per_category"]["2"]["recall@10"] == 1.0
        assert product["answer_coverage"]["4"] == 1.0  # "kayak" is in the recalled block
        # What the agent reads: its RECALL_TOP_K memories, here all of them within the block's size.
        agent = product["agent_block"]
        assert agent["top_k"] == 10 and agent["memories_shown_mean"] > 0
        assert agent["evidence_recall"] == product["overall"]["recall@10"] == 1.0
        assert agent["answer_words"] == product["answer_coverage"]["overall"]
    assert set(report["diagnostic_in_memory"]) == {"companion", "bm25", "dense"}
    printed = capsys.readouterr().out
    assert "DIAGNOSTIC ONLY" in printed and "- neighbor_context" in printed
    assert f"reproduce: python -m bench.retrieval --dataset {path} --backend sqlite,postgres" in printed


def test_question_scoring():
    from bench.retrieval import score_question

    scores = score_question(["x", "a", "y", "z", "w", "b"], ["a", "b"])
    assert scores["recall@5"] == 0.5 and scores["recall@10"] == 1.0
    assert scores["all@10"] == 1.0 and scores["mrr"] == 0.5
    assert score_question(["x"], ["a"])["mrr"] == 0.0


# --------------------------------------------------------------------------
# Second hop
# --------------------------------------------------------------------------


def test_linked_terms_are_names_and_shared_words_of_the_first_hits():
    query = build_recall_query([], "What has my daughter been up to?", NOW)
    hits = [
        candidate("a", "Anna: My daughter Zara started at a new school", metadata={"speaker": "Anna"}),
        candidate("b", "Mel: How is Zara finding the school?", metadata={"speaker": "Mel"}),
        candidate("c", "Anna: She loves it, and my daughter made a friend", metadata={"speaker": "Anna"}),
    ]
    # Zara (a name inside a sentence) first, then "school" (two hits share it);
    # never a query term ("daughter"), a speaker ("Anna", "Mel") or a one-hit word.
    assert linked_terms(query, hits) == ["zara", "school"]
    assert linked_terms(query, hits[:1]) == []  # one hit links nothing
    assert linked_terms(query, hits, RetrievalConfig(second_hop_terms=1)) == ["zara"]


def test_second_hop_hits_are_fused_below_the_first_pass():
    query = build_recall_query([], "daughter", NOW)
    first, linked_only = candidate("first", "my daughter"), candidate("linked", "Zara painted a dragon")
    ranked = rank_candidates(
        query, [], [(first, 2.0)], NOW, _plain(second_hop=True), linked_hits=[(linked_only, 5.0), (first, 1.0)]
    )
    assert ids(ranked) == ["first", "linked"]
    assert ranked[1].linked_rank == 1 and ranked[1].lexical_rank is None
    assert ranked[1].score < ranked[0].score
    # Switched off (the default), the second hop's hits are ignored.
    assert ids(rank_candidates(query, [], [(first, 2.0)], NOW, _plain(second_hop=False), linked_hits=[(linked_only, 5.0)])) == ["first"]


def test_without_speakers_takes_the_names_out_of_the_text_to_embed():
    from rag_system import without_speakers

    assert without_speakers("What activities has Melanie done with her family?", ["Melanie", "Caroline"]) == (
        "What activities has done with her family?"
    )
    assert without_speakers("Did caroline's mum like Melanie's painting?", {"Melanie", "Caroline"}) == "Did mum like painting?"
    # whole words only, and the message unchanged when only names (and function words) would be left
    assert without_speakers("Is Annabel coming?", ["Anna"]) == "Is Annabel coming?"
    assert without_speakers("Anna and Mel?", ["Anna", "Mel"]) == "Anna and Mel?"
    assert without_speakers("How are you?", []) == "How are you?"
