"""The learned fusion: its features, its shipped weights, its place in ranking,
and the fit that produces it (on pools built here, not on LoCoMo)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bench.fusion_fit import Pool, evaluate, fit
from core.models import Memory, MemoryKind
from rag_system import (
    Candidate,
    RankedMemory,
    RecallQuery,
    RetrievalConfig,
    build_recall_query,
    rank_candidates,
)
from services.rag_service import RagService
from services.recall_fusion import (
    DEFAULT_MODEL,
    FEATURES,
    FusionWeights,
    fusion_features,
    weights_path,
)

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
USER = "5b0c6e0e-3f4e-4f7e-9a55-6c1f2a9e7d10"


def entry(text: str, *, context: str | None = None, lexical_rank: int | None = None, dense_rank: int | None = None,
          lexical_score: float | None = None, ident: str | None = None) -> RankedMemory:
    candidate = Candidate(id=ident or text, text=text, context_text=context, event_time=NOW - timedelta(days=2))
    return RankedMemory(candidate=candidate, score=0.0, lexical_rank=lexical_rank, dense_rank=dense_rank,
                        lexical_score=lexical_score)


def column(rows: np.ndarray, name: str) -> np.ndarray:
    return rows[:, FEATURES.index(name)]


@pytest.mark.parametrize("model", [DEFAULT_MODEL, "multilingual-e5-small"])
def test_each_encoder_ships_weights_for_these_features(model: str) -> None:
    path = weights_path(model)
    weights = FusionWeights.load(path)
    assert weights is not None, f"{path} is missing or was fitted for other features"
    assert weights.weights.shape == (len(FEATURES),)
    assert np.all(np.isfinite(weights.weights))
    assert weights.fitted_on
    assert json.loads(path.read_text(encoding="utf-8"))["embedding_model"] == model
    assert same_weights(FusionWeights.for_model(model), weights)


def test_an_encoder_without_weights_of_its_own_gets_the_default_encoders() -> None:
    default = FusionWeights.load(weights_path(DEFAULT_MODEL))
    assert default is not None
    assert not weights_path("text-embedding-3-small").exists()
    assert same_weights(FusionWeights.for_model("text-embedding-3-small"), default)
    assert same_weights(FusionWeights.for_model("sentence-transformers/all-MiniLM-L6-v2"), default)
    assert not same_weights(FusionWeights.for_model("intfloat/multilingual-e5-small"), default)


def same_weights(a: FusionWeights | None, b: FusionWeights | None) -> bool:
    return a is not None and b is not None and np.array_equal(a.weights, b.weights)


def test_a_weights_file_for_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "fusion.json"
    FusionWeights(np.ones(len(FEATURES))).save(path)
    assert FusionWeights.load(path) is not None
    path.write_text(path.read_text().replace('"short"', '"something_else"'))
    assert FusionWeights.load(path) is None
    assert FusionWeights.load(tmp_path / "absent.json") is None


def test_coverage_counts_own_words_apart_from_the_window_and_ignores_words_every_candidate_has() -> None:
    config = RetrievalConfig()
    query = build_recall_query([], "What did Anna say about pottery?", NOW, config)
    entries = [
        entry("Anna: I signed up for a pottery class.", lexical_rank=1, lexical_score=4.0),
        entry("Anna: It starts next week!", context="Mel: Which class? Anna: the pottery one", lexical_rank=2,
              lexical_score=2.0),
        entry("Anna: I had pasta for lunch.", dense_rank=1),
    ]
    rows = fusion_features(entries, query, config)
    own, window = column(rows, "own_coverage"), column(rows, "window_coverage")
    assert own[0] > 0 and window[0] == 0
    assert own[1] == 0 and window[1] > 0
    assert own[2] == 0 and window[2] == 0  # "anna" is in all three: it says nothing
    assert list(column(rows, "lexical_share")) == [1.0, 0.5, 0.0]
    assert column(rows, "lexical_rrf")[0] == 1.0 and column(rows, "dense_rrf")[2] == 1.0
    assert list(column(rows, "episode")) == [0.0, 1.0, 0.0]


def test_subject_cosine_reads_every_candidates_vector_against_the_message_without_names() -> None:
    config = RetrievalConfig()
    query = build_recall_query([], "What does Anna paint?", NOW, config)
    near, far = np.array([0.6, 0.8, 0.0]), np.array([0.0, 0.0, 2.0])  # the second not normalised
    entries = [entry("Anna: I painted the lake.", lexical_rank=1), entry("Anna: Lunch was fine.", dense_rank=1),
               entry("User likes tea.")]
    entries[0].candidate.embedding, entries[1].candidate.embedding = near, far
    assert list(column(fusion_features(entries, query, config), "subject_cosine")) == [0.0, 0.0, 0.0]  # no vector yet
    query.subject_vector = np.array([0.6, 0.8, 0.0])
    subject = column(fusion_features(entries, query, config), "subject_cosine")
    assert subject[0] == pytest.approx(1.0)  # a lexical hit is read as well as a dense one
    assert subject[1] == pytest.approx(0.0)
    assert subject[2] == 0.0  # a memory with no vector
    query.subject_vector = np.array([0.0, 0.0, -3.0])
    assert column(fusion_features(entries, query, config), "subject_cosine")[1] == pytest.approx(-1.0)


def test_subject_rank_orders_the_candidates_with_a_vector_and_leaves_the_others_out() -> None:
    config = RetrievalConfig()
    query = build_recall_query([], "What does Anna paint?", NOW, config)
    entries = [entry(f"Anna: turn {i}", lexical_rank=i + 1) for i in range(4)]
    for item, vector in zip(entries, ([0.0, 1.0], [1.0, 0.0], None, [0.7, 0.7]), strict=True):
        item.candidate.embedding = None if vector is None else np.array(vector)
    query.subject_vector = np.array([1.0, 0.0])
    ranks = column(fusion_features(entries, query, config), "subject_rrf")
    k = config.rrf_k
    assert list(ranks) == pytest.approx([(k + 1) / (k + 3), 1.0, 0.0, (k + 1) / (k + 2)])
    # The rank reads the same when every cosine sits in a narrower range (another encoder's).
    for item in entries:
        if item.candidate.embedding is not None:
            item.candidate.embedding = item.candidate.embedding * 0.1 + 1.0
    narrow = column(fusion_features(entries, query, config), "subject_cosine")
    assert np.ptp(narrow[[0, 1, 3]]) < 0.35
    assert list(column(fusion_features(entries, query, config), "subject_rrf")) == pytest.approx(list(ranks))


def test_rescoring_replaces_the_hand_set_scores_before_the_diversity_pass() -> None:
    config = RetrievalConfig()
    query = build_recall_query([], "pottery class", NOW, config)
    hits = [entry(f"memory {i} about pottery" if i == 3 else f"memory {i} about lunch", ident=str(i)) for i in range(5)]
    lexical = [(hit.candidate, 5.0 - i) for i, hit in enumerate(hits)]
    # A scorer that prefers the fourth candidate puts it first, whatever the fused ranks say.
    weights = np.zeros(len(FEATURES))
    weights[FEATURES.index("own_coverage")] = 5.0
    ranked = rank_candidates(query, [], lexical, NOW, config, limit=5, rescore=FusionWeights(weights).rescore)
    assert ranked[0].id == "3"
    assert ranked[0].score == pytest.approx(1.0)
    assert all(0 < r.score <= 1.0 for r in ranked)
    assert rank_candidates(query, [], lexical, NOW, config, limit=5)[0].id == "0"


async def test_recall_runs_the_learned_fusion_when_it_is_on(store, embedder) -> None:
    texts = ["User's sister Aisha is getting married in December.", "User is allergic to peanuts.",
             "User plays the guitar in a band called Static Bloom."]
    vectors = await embedder.embed_documents(texts)
    await store.add_memories([Memory(USER, t, kind=MemoryKind.FACT, embedding=v, created_at=NOW,
                                     updated_at=NOW) for t, v in zip(texts, vectors, strict=True)])
    rag = RagService(store, embedder)
    assert rag.fusion is not None
    calls: list[int] = []
    shipped = rag.fusion

    class Counting(FusionWeights):
        def rescore(self, entries: list[RankedMemory], query: RecallQuery, config: RetrievalConfig) -> None:
            calls.append(len(entries))
            super().rescore(entries, query, config)

    rag.fusion = Counting(shipped.weights)
    rag.config = replace(rag.config, learned_fusion=True)
    result = await rag.recall_for_turn(USER, [], "what band do I play guitar in?", 5000, now=NOW)
    assert calls and result.memories[0].text.startswith("User plays the guitar")
    rag.config = replace(rag.config, learned_fusion=False)
    await rag.recall_for_turn(USER, [], "what band do I play guitar in?", 5000, now=NOW)
    assert len(calls) == 1


def synthetic_pools(count: int, seed: int) -> list[Pool]:
    """Questions whose evidence has high ``own_coverage`` but a poor fused rank:
    a fit must learn to trust the coverage over the ranks."""
    rng = np.random.default_rng(seed)
    config = RetrievalConfig()
    query = build_recall_query([], "question", NOW, config)
    pools = []
    for number in range(count):
        size = 30
        features = rng.uniform(0, 0.3, size=(size, len(FEATURES)))
        answer = int(rng.integers(15, size))
        features[answer, FEATURES.index("own_coverage")] = 0.9
        baseline = np.linspace(1.0, 0.1, size)  # the hand-set order puts the answer at 16-30
        entries = [entry(f"text {number} {i}", ident=f"{number}-{i}") for i in range(size)]
        labels = np.zeros(size)
        labels[answer] = 1.0
        pools.append(Pool(f"s{number}", number % 2, "sqlite", 4, "", [f"d{answer}"], entries, baseline, features,
                          [[f"d{i}"] for i in range(size)], query, NOW, config, labels))
    return pools


def test_the_fit_learns_the_signal_that_separates_evidence() -> None:
    train, test = synthetic_pools(60, seed=1), synthetic_pools(40, seed=2)
    linear = fit(train, hidden_units=0)
    assert linear.hidden is None
    assert int(np.argmax(linear.weights)) == FEATURES.index("own_coverage")
    assert evaluate(test, None)["R@10"] == 0.0
    assert evaluate(test, linear)["R@10"] == 1.0
    layered = fit(train)  # the shipped shape: a hidden layer beside the linear part
    assert layered.hidden is not None and layered.hidden.shape[0] == len(FEATURES)
    assert evaluate(test, layered)["R@10"] == 1.0


def test_a_hidden_layer_survives_the_file_and_a_malformed_one_is_refused(tmp_path) -> None:
    rng = np.random.default_rng(0)
    scorer = FusionWeights(rng.normal(size=len(FEATURES)), rng.normal(size=(len(FEATURES), 3)), rng.normal(size=3),
                           rng.normal(size=3), fitted_on="test")
    path = tmp_path / "fusion.json"
    scorer.save(path)
    loaded = FusionWeights.load(path)
    assert loaded is not None and loaded.hidden is not None
    rows = rng.uniform(size=(5, len(FEATURES)))
    assert np.allclose(loaded.logits(rows), scorer.logits(rows), atol=1e-4)
    assert not np.allclose(loaded.logits(rows), rows @ scorer.weights)  # the hidden layer counts
    broken = path.read_text().replace('"output": [', '"output": [1.0, ', 1)
    path.write_text(broken)
    assert FusionWeights.load(path) is None


async def test_recall_ranks_with_the_weights_fitted_on_its_own_encoders_vectors(store, embedder) -> None:
    from services.e5_embedding import E5EmbeddingProvider
    from services.embedding_service import EmbeddingService

    e5 = EmbeddingService(E5EmbeddingProvider(), cache=None)
    try:
        assert same_weights(RagService(store, e5).fusion, FusionWeights.load(weights_path(e5.model_name)))
    finally:
        await e5.close()
    assert same_weights(RagService(store, embedder).fusion, FusionWeights.load(weights_path(DEFAULT_MODEL)))
    assert embedder.model_name == DEFAULT_MODEL
