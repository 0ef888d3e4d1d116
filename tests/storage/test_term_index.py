"""The SQLite store's in-process BM25 index (pure; no database)."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from infrastructure.storage.term_index import TermIndex, index_terms, search_terms
from rag_system import BM25


def test_index_terms_fold_case_accents_stop_words_and_word_forms():
    assert index_terms("She was RUNNING with the children") == ["run", "child"]
    assert index_terms("Zoë, naïve café!") == index_terms("zoe naive cafe") == ["zoe", "naiv", "cafe"]
    # Decomposed accents (as some keyboards and speech engines produce) read the same.
    assert index_terms(unicodedata.normalize("NFD", "Zoë café")) == ["zoe", "cafe"]
    assert index_terms("ﬁne ＡＢＣ Straße") == index_terms("fine abc strasse")
    assert index_terms("snake_case it's 2024") == ["snak", "case", "2024"]
    assert index_terms("") == [] and index_terms("?!* -- ()") == [] and index_terms(None) == []


def test_index_terms_keep_words_of_other_scripts_whole():
    urdu = index_terms("مجھے بارش میں چائے پینا بہت پسند ہے")
    # Eight words, of which the function words میں، بہت، ہے are stop words.
    assert len(urdu) == 5 and index_terms("چائے")[0] in urdu
    assert index_terms("میں ہے بہت") == []
    # Romanised Urdu: the same function words, as typed, are dropped too.
    assert index_terms("mujhe baarish mein chai pasand hai") == index_terms("mujhe baarish chai pasand")
    assert len(index_terms("mujhe baarish mein chai pasand hai")) == 4
    # Python's \w stops at a combining mark; dropping marks keeps these words in one piece.
    assert len(index_terms("हिन्दी")) == 1
    assert index_terms("مُحَمَّد") == index_terms("محمد")


def test_search_terms_are_distinct_and_capped():
    assert search_terms("Runs, running and the runner ran") == ["run", "runner"]
    assert search_terms(" ".join(f"w{i}" for i in range(100))) == [f"w{i}" for i in range(32)]
    assert search_terms("what did I say about the") == ["say"]


def _ids(hits):
    return [memory_id for memory_id, _ in hits]


def test_add_replace_remove():
    index = TermIndex()
    index.add("a", index_terms("I drink coffee and tea every morning"))
    index.add("b", index_terms("Coffee makes me jittery"))
    index.add("c", index_terms("My sister lives in Lahore"))
    hits = index.search(search_terms("coffee tea?"), 10)
    assert _ids(hits) == ["a", "b"] and hits[0][1] > hits[1][1] > 0
    assert index.document_frequency("coffe") == 2 and len(index) == 3

    index.add("b", index_terms("Green tea only now"))  # replaced: its old words are gone
    assert _ids(index.search(["coffe"], 10)) == ["a"]
    assert set(_ids(index.search(["tea"], 10))) == {"a", "b"}
    assert index.document_frequency("coffe") == 1 and len(index) == 3

    index.remove("a")
    index.remove("a")  # removing twice is harmless
    index.remove("unknown")
    assert index.search(["coffe"], 10) == []
    assert _ids(index.search(["tea", "lahor"], 10)) == ["b", "c"]  # equally rare; "b" is shorter
    assert len(index) == 2 and "a" not in index and index.document_frequency("coffe") == 0

    index.add("d", index_terms("Coffee again"))  # reuses the freed slot
    assert _ids(index.search(["coffe"], 10)) == ["d"]
    assert index.search(["coffe"], 0) == [] and index.search([], 10) == [] and index.search(["nothing"], 10) == []


def test_empty_documents_count_but_never_match():
    index = TermIndex()
    assert index.search(["tea"], 10) == []  # empty index
    index.add("empty", index_terms("the and of ?!"))
    index.add("tea", index_terms("tea"))
    assert len(index) == 2 and _ids(index.search(["tea"], 10)) == ["tea"]
    index.add("tea", [])
    assert index.search(["tea"], 10) == [] and len(index) == 2


def test_statistics_are_per_index():
    """The same document scores by its own index's N, lengths and document frequencies."""
    rare, common = TermIndex(), TermIndex()
    for index in (rare, common):
        index.add("zebra", index_terms("a zebra at the zoo"))
    for i in range(9):
        rare.add(f"other{i}", index_terms(f"giraffe number {i}"))
        common.add(f"other{i}", index_terms(f"zebra number {i}"))
    rare_score = rare.search(["zebra"], 1)[0][1]
    common_score = common.search(["zebra"], 10)
    assert len(common_score) == 10
    assert rare_score > 3 * max(score for _, score in common_score)


def test_a_word_in_every_document_still_scores_unless_skipped_as_common():
    index = TermIndex()
    for i in range(20):
        index.add(f"m{i}", index_terms(f"coffee note {i}" + (" Aisha" if i == 7 else "")))
    everywhere = index.search(["coffe"], 100)
    assert len(everywhere) == 20 and all(score > 0 for _, score in everywhere)
    # At "scale" (thresholds lowered) the word is skipped, rarer words still count.
    assert index.search(["coffe"], 100, common_min_docs=5, common_share=0.5) == []
    assert _ids(index.search(["coffe", "aisha"], 100, common_min_docs=5, common_share=0.5)) == ["m7"]
    # Below the row threshold or the share, it counts.
    assert len(index.search(["coffe"], 100, common_min_docs=20, common_share=0.5)) == 20
    assert len(index.search(["coffe"], 100, common_min_docs=5, common_share=1.0)) == 20


def test_scores_match_a_from_scratch_bm25_through_random_writes():
    """Incremental updates (with per-word cached arrays) score exactly as BM25
    computed from scratch over the surviving documents."""
    rng = np.random.default_rng(5)
    words = [f"w{i}" for i in range(40)]
    index = TermIndex()
    docs: dict[str, list[str]] = {}
    queries = [["w1", "w2"], ["w3"], ["w0", "w5", "w39"], ["w7", "w7", "w8"]]
    for step in range(800):
        memory_id = f"m{rng.integers(0, 120)}"
        if rng.random() < 0.25:
            index.remove(memory_id)
            docs.pop(memory_id, None)
        else:
            terms = list(rng.choice(words, size=int(rng.integers(0, 12)), p=np.arange(40, 0, -1) / 820))
            index.add(memory_id, terms)
            docs[memory_id] = terms
        if step % 10 == 0:  # search in between, so cached arrays must be kept right
            index.search(queries[step % len(queries)], 5)
    ids = list(docs)
    reference = BM25([docs[i] for i in ids])
    for query in queries:
        expected = reference.scores(list(dict.fromkeys(query)))
        got = dict(index.search(query, 1000))
        matched = {ids[i]: float(s) for i, s in enumerate(expected) if s > 0}
        assert got.keys() == matched.keys()
        for memory_id, score in matched.items():
            assert got[memory_id] == pytest.approx(score, rel=1e-5)
        top = index.search(query, 3)
        assert [s for _, s in top] == pytest.approx(sorted(matched.values(), reverse=True)[:3], rel=1e-5)


def test_writes_keep_or_drop_only_the_cached_arrays_of_their_words():
    index = TermIndex()
    index.add("a", ["tea", "coffe"])
    index.add("b", ["tea"])
    index.search(["tea", "coffe"], 10)
    assert set(index._arrays) == {"tea", "coffe"}
    index.add("c", ["coffe", "coffe", "milk"])  # a new document extends the arrays in place
    assert set(index._arrays) == {"tea", "coffe"}
    assert index._arrays["coffe"][0].tolist() == [index._slot_of["a"], index._slot_of["c"]]
    assert index._arrays["coffe"][1].tolist() == [1.0, 2.0]
    index.add("a", ["coffe", "tea"])  # same words again (e.g. an importance update): nothing dropped
    assert set(index._arrays) == {"tea", "coffe"}
    index.remove("b")  # removal drops only the arrays of its words
    assert set(index._arrays) == {"coffe"}
    index.add("c", ["milk"])  # a rewrite too
    assert index._arrays == {}
    assert _ids(index.search(["coffe"], 10)) == ["a"]
