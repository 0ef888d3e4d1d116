"""Learned fusion: one small scorer over the signals recall already has.

``rag_system.rank_candidates`` fuses the ranked lists (dense, lexical, the
time window's own search, ...) by weighted reciprocal ranks and then
multiplies in hand-set factors (speaker named, time window, recency, ...).
Each weight was tuned on its own. This scorer weighs the same signals
together, plus three that the hand-set path has no place for: how much of
the question a memory's own words cover (weighted by how rare each word is
among the candidates), how much only its neighbour window covers, and how
near every candidate's vector is to the message with the speakers' names left
out (``subject_cosine``).

The weights (a linear part and one small hidden layer beside it) are fitted
by ``python -m bench.fusion_fit`` (listwise logistic loss: a softmax over
each question's candidates, its evidence the target) and stored
in ``services/data/recall_fusion/<embedding model>.json`` with what they were
fitted on: one file per encoder, since the cosines the features read sit in
each encoder's own range. Scoring a
pool of a hundred candidates is two small matrix products; the features cost
more (about a millisecond, from cached word sets).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag_system import RankedMemory, RecallQuery, RetrievalConfig, term_set
from services.embedding_service import model_file_name

logger = logging.getLogger(__name__)

WEIGHTS_DIR = Path(__file__).resolve().parent / "data" / "recall_fusion"
# The encoder whose weights serve an encoder that has none of its own.
DEFAULT_MODEL = "all-MiniLM-L6-v2"


def weights_path(model_name: str = DEFAULT_MODEL) -> Path:
    """Where the weights fitted on ``model_name``'s vectors live."""
    return WEIGHTS_DIR / model_file_name(model_name)


WEIGHTS_PATH = weights_path()

# Feature order is part of the weights file: a file fitted for other features is refused.
FEATURES: tuple[str, ...] = (
    "dense_rrf",  # (k+1)/(k+rank) in the dense list, 0 when absent
    "lexical_rrf",
    "window_rrf",  # the time window's own vector search
    "linked_rrf",  # the second hop (when on)
    "feedback_rrf",  # dense feedback (when on)
    "dense_cosine",  # the store's similarity for the dense hit
    "lexical_share",  # the lexical score over the best lexical score of this question
    "own_coverage",  # pool-idf-weighted share of the question's terms in the memory's own words
    "window_coverage",  # ... found only in its neighbour window
    "episode",  # a recorded turn (1) or an extracted fact (0)
    "time_window",  # log of the hand-set factors (0 when the factor did not apply)
    "temporal_intent",
    "recency",
    "speaker",
    "importance",
    "frequency",
    "short",  # 1 / (1 + words): a short turn ("Thanks!") says little however it ranks
    "subject_cosine",  # the message without the speakers' names against the memory's vector (every candidate)
    "subject_rrf",  # ... the same as a rank within the pool, (k+1)/(k+rank), 0 without a vector
)


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """A fitted scorer: a linear part (one weight per ``FEATURES`` entry) plus,
    optionally, one small tanh hidden layer beside it. The hidden layer lets
    signals combine (a time factor matters for a temporal question, a
    coverage share more for a short turn) where the linear part only adds."""

    weights: np.ndarray  # (features,)
    hidden: np.ndarray | None = None  # (features, units)
    hidden_bias: np.ndarray | None = None  # (units,)
    output: np.ndarray | None = None  # (units,)
    fitted_on: str = ""

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> FusionWeights | None:
        """The shipped weights, or None when the file is absent, unreadable or for other features."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if tuple(data.get("features", ())) != FEATURES:
                return None
            weights = np.asarray(data["weights"], dtype=np.float64)
            layer = data.get("hidden_layer")
            if layer is None:
                return cls(weights, fitted_on=str(data.get("fitted_on", "")))
            hidden = np.asarray(layer["weights"], dtype=np.float64)
            bias = np.asarray(layer["bias"], dtype=np.float64)
            output = np.asarray(layer["output"], dtype=np.float64)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if weights.shape != (len(FEATURES),) or hidden.shape != (len(FEATURES), len(bias)) or output.shape != bias.shape:
            return None
        return cls(weights, hidden, bias, output, str(data.get("fitted_on", "")))

    @classmethod
    def for_model(cls, model_name: str) -> FusionWeights | None:
        """The weights fitted on ``model_name``'s vectors; for an encoder with
        none of its own, the default encoder's (the signals other than the
        cosines read the same whatever the encoder)."""
        own = weights_path(model_name)
        if own.is_file():
            return cls.load(own)
        logger.info("no recall fusion weights for embedding model %s: using %s's", model_name, DEFAULT_MODEL)
        return cls.load(WEIGHTS_PATH)

    def save(self, path: Path, **details: object) -> None:
        payload: dict[str, object] = {
            "features": list(FEATURES), "weights": _rounded(self.weights), "fitted_on": self.fitted_on, **details
        }
        if self.hidden is not None and self.hidden_bias is not None and self.output is not None:
            payload["hidden_layer"] = {
                "weights": [_rounded(row) for row in self.hidden],
                "bias": _rounded(self.hidden_bias),
                "output": _rounded(self.output),
            }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")

    def logits(self, features: np.ndarray) -> np.ndarray:
        """The scorer's raw output for rows of ``FEATURES``."""
        values = features @ self.weights
        if self.hidden is not None and self.hidden_bias is not None and self.output is not None:
            values = values + np.tanh(features @ self.hidden + self.hidden_bias) @ self.output
        return np.asarray(values, dtype=np.float64)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """The scores ranking reads, mapped into (0, 1], the best 1 (the
        diversity pass weighs redundancy against the top score)."""
        logits = self.logits(features)
        return np.asarray(np.exp(logits - logits.max()), dtype=np.float64)

    def rescore(self, entries: list[RankedMemory], query: RecallQuery, config: RetrievalConfig) -> None:
        """Replace each entry's score by the learned one (``scores``)."""
        if not entries:
            return
        scores = self.scores(fusion_features(entries, query, config))
        for entry, score in zip(entries, scores, strict=True):
            entry.score = float(score)


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(value), 6) for value in values]


def fusion_features(entries: Sequence[RankedMemory], query: RecallQuery, config: RetrievalConfig) -> np.ndarray:
    """One row of ``FEATURES`` per entry (after base scores and factors were assigned)."""
    k = config.rrf_k
    rows = np.zeros((len(entries), len(FEATURES)), dtype=np.float64)
    best_lexical = max((e.lexical_score for e in entries if e.lexical_score is not None), default=0.0)
    own_terms = [term_set(e.candidate.text) for e in entries]
    window_terms = [term_set(e.candidate.context_text) if e.candidate.context_text else frozenset() for e in entries]
    term_weights = _pool_idf_weights(query.term_weights, own_terms, window_terms)
    total = sum(term_weights.values()) or 1.0

    subject, has_vector = _subject_cosines(entries, query.subject_vector)
    subject_ranks = _ranks_within(subject, has_vector)

    def rrf(rank: int | None) -> float:
        return 0.0 if rank is None else (k + 1.0) / (k + rank)

    for row, entry in enumerate(entries):
        own = own_terms[row]
        window_only = window_terms[row] - own
        values = (
            rrf(entry.dense_rank),
            rrf(entry.lexical_rank),
            rrf(entry.window_rank),
            rrf(entry.linked_rank),
            rrf(entry.feedback_rank),
            float(entry.dense_score or 0.0),
            float(entry.lexical_score) / best_lexical if entry.lexical_score is not None and best_lexical > 0 else 0.0,
            sum(w for term, w in term_weights.items() if term in own) / total,
            sum(w for term, w in term_weights.items() if term in window_only) / total,
            1.0 if entry.candidate.context_text else 0.0,
            _log_factor(entry, "time_window"),
            _log_factor(entry, "temporal_intent"),
            _log_factor(entry, "recency"),
            _log_factor(entry, "speaker"),
            _log_factor(entry, "importance"),
            _log_factor(entry, "frequency"),
            1.0 / (1.0 + len(own)),
            subject[row],
            rrf(subject_ranks[row]),
        )
        rows[row] = values
    return rows


def _subject_cosines(entries: Sequence[RankedMemory], vector: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate's cosine with the message embedded without the
    speakers' names (0 for a candidate with no vector, or no such vector),
    and which candidates had one.

    Every episode starts with its speaker ("Mel: ..."), so a question that
    names Mel sits near all of Mel's turns alike; the name crowds out what is
    asked about. Searching with that vector alone was a trade
    (``dense_without_speakers``); read as well against every candidate of the
    pool, held-out R@10 and MRR rose on both halves and both stores (README,
    Benchmarks). The dense list's own score covers only its hits; this one
    also reads the lexical hits' vectors."""
    values = np.zeros(len(entries), dtype=np.float64)
    has_vector = np.zeros(len(entries), dtype=bool)
    if vector is None:
        return values, has_vector
    query = np.asarray(vector, dtype=np.float32)
    query_norm = float(np.linalg.norm(query))
    rows = [row for row, entry in enumerate(entries)
            if entry.candidate.embedding is not None and np.shape(entry.candidate.embedding) == query.shape]
    if query_norm <= 0.0 or not rows:
        return values, has_vector
    # One matrix product over the pool: the rank stage runs on every turn.
    matrix = np.stack([np.asarray(entries[row].candidate.embedding, dtype=np.float32) for row in rows])
    norms = np.linalg.norm(matrix, axis=1) * query_norm
    values[rows] = np.where(norms > 0.0, (matrix @ query) / np.maximum(norms, 1e-12), 0.0)
    has_vector[rows] = True
    return values, has_vector


def _ranks_within(values: np.ndarray, present: np.ndarray) -> list[int | None]:
    """Each present value's rank (1 = highest) among the present ones; None
    for the others. A rank reads the same whatever range an encoder's cosines
    sit in (e5's are narrow, MiniLM's wide), where the raw value does not."""
    ranks: list[int | None] = [None] * len(values)
    present_rows = np.flatnonzero(present)
    order = present_rows[np.argsort(-values[present_rows], kind="stable")]
    for rank, row in enumerate(order, start=1):
        ranks[int(row)] = rank
    return ranks


def _pool_idf_weights(
    query_weights: dict[str, float], own_terms: Sequence[frozenset[str]], window_terms: Sequence[frozenset[str]]
) -> dict[str, float]:
    """The query's term weights times each term's rarity among the candidates:
    a word every candidate has (the asker's name, "went") says nothing about
    which of them is the answer."""
    size = len(own_terms)
    weighted: dict[str, float] = {}
    for term, weight in query_weights.items():
        frequency = sum(1 for own, window in zip(own_terms, window_terms, strict=True) if term in own or term in window)
        weighted[term] = weight * math.log((size + 1.0) / (frequency + 1.0))  # 0 for a word all of them have
    return {term: w for term, w in weighted.items() if w > 0}


def _log_factor(entry: RankedMemory, name: str) -> float:
    value = entry.factors.get(name)
    return math.log(value) if value and value > 0 else 0.0
