"""Fit the learned fusion (``services.recall_fusion``) on replayed conversations.

Each conversation goes through the product exactly as in ``bench.retrieval``
(the agent's write path into a real store); each question is recalled by
``recall_for_turn`` with production settings, and the candidate pool that
``rank_candidates`` saw (every candidate, its ranks, scores and factors) is
kept with which candidates are evidence. The scorer is fitted on those pools
with a listwise logistic loss (a softmax over each question's candidates,
its evidence the target) and read back through the same diversity pass the product runs.

    python -m bench.fusion_fit --dataset <LoCoMo file> --backend sqlite,postgres
        [--split 0,1,2/3,4] [--out [PATH]]

``--split A/B`` fits on conversations A and reports on B and the reverse (the
held-out figures); ``--out`` writes weights fitted on every conversation given,
by default where the product reads them for the encoder in use
(``services/data/recall_fusion/<model>.json``; ``LOCAL_EMBEDDING_MODEL`` picks it).
Pools are kept in ``--pools`` between runs (replaying takes minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import os
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.locomo import RETRIEVAL_CATEGORIES, Conversation, load_conversations
from bench.product_path import TOP_K, answer_coverage, memory_turn_ids, replay, score_ranked
from rag_system import (
    RankedMemory,
    RecallQuery,
    RetrievalConfig,
    dedup_and_diversify,
    format_context,
)
from services.recall_fusion import FEATURES, FusionWeights, fusion_features, weights_path

# L2 on the weights, so that a signal rare in the pools (the second hop and
# dense feedback are off by default) cannot take an extreme weight.
L2 = 1e-3
STEPS = 600
LEARNING_RATE = 0.05
# The hidden layer beside the linear part. 4, 8 and 16 units all beat the
# linear scorer on every held-out half and store (R@10 within 0.01 of each
# other); 8 is the middle one.
HIDDEN_UNITS = 8
HIDDEN_STEPS = 800
HIDDEN_LEARNING_RATE = 0.02
SEED = 0
SHIPPED = "shipped"  # --out with no path


@dataclass(slots=True)
class Pool:
    """What one question's ranking saw."""

    sample_id: str
    conversation: int
    backend: str
    category: int
    answer: str
    evidence: list[str]
    entries: list[RankedMemory]
    baseline: np.ndarray  # the hand-set scores
    features: np.ndarray
    dia_ids: list[list[str]]  # per entry, the LoCoMo turns it came from
    query: RecallQuery
    now: datetime
    config: RetrievalConfig
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0))


async def collect(args: argparse.Namespace, backend: str, indexes: Sequence[int], log: Callable[[str], None]) -> list[Pool]:
    """Replay each conversation into ``backend`` and record every question's pool."""
    import services.rag_service as rag_module
    from bench.retrieval import product_services

    conversations = load_conversations(args.dataset)
    captured: list[tuple[list[RankedMemory], RecallQuery, datetime, RetrievalConfig]] = []
    original = rag_module.rank_candidates

    def capturing(query: RecallQuery, dense: Any, lexical: Any, now: datetime, config: RetrievalConfig | None = None,
                  limit: int = 10, **kwargs: Any) -> list[RankedMemory]:
        def keep(entries: list[RankedMemory], q: RecallQuery, c: RetrievalConfig) -> None:
            captured.append(([copy.copy(e) for e in entries], q, now, c))

        kwargs["rescore"] = keep
        return original(query, dense, lexical, now, config, limit, **kwargs)

    pools: list[Pool] = []
    async with product_services(args, backend) as (services, _settings):
        # The pools are the hand-set path's (the capture below takes the place of
        # the rescoring), with any stage that is off by default switched on
        # (--with). The fusion stays on in the config, so that recall computes
        # what its features read (the message vector without the speakers' names).
        services.rag.config = replace(services.rag.config, learned_fusion=True, **{s: True for s in args.stages},
                                      **{s: False for s in args.stages_off})
        if args.candidate_pool:
            services.rag.candidate_pool = args.candidate_pool
        rag_module.rank_candidates = capturing  # type: ignore[assignment]
        try:
            for index in indexes:
                pools += await _question_pools(services, conversations[index], index, backend, args, captured, log)
        finally:
            rag_module.rank_candidates = original
    return pools


async def _question_pools(
    services: Any, conversation: Conversation, index: int, backend: str, args: argparse.Namespace,
    captured: list[tuple[list[RankedMemory], RecallQuery, datetime, RetrievalConfig]], log: Callable[[str], None],
) -> list[Pool]:
    """One conversation replayed, then each question recalled and its captured pool kept."""
    replayed = await replay(services, conversation)
    log(f"[{backend}] conversation {index}: written in {replayed.write_seconds:.0f}s")
    last = conversation.last_time
    now = last + timedelta(days=1) if last else None
    await services.rag.warm_user(replayed.user_id)
    known = set(replayed.dia_ids.values())
    pools: list[Pool] = []
    for question in conversation.questions:
        if question.category not in RETRIEVAL_CATEGORIES:
            continue
        captured.clear()
        await services.rag.recall_for_turn(replayed.user_id, [], question.question, args.budget_ms,
                                           limit=TOP_K, now=now)
        await services.rag.wait_pending(replayed.user_id)
        services.rag.take_late_result(replayed.user_id)
        evidence = [dia for dia in question.evidence if dia in known]
        if not captured or not evidence:
            continue
        entries, query, when, config = captured[-1]
        dia_ids = [[replayed.dia_ids[t] for t in memory_turn_ids(e.candidate.memory) if t in replayed.dia_ids]
                   for e in entries]
        pool = Pool(conversation.sample_id, index, backend, question.category, question.answer, evidence,
                    entries, np.asarray([e.score for e in entries]), fusion_features(entries, query, config),
                    dia_ids, query, when, config)
        pool.labels = np.asarray([float(bool(set(ids) & set(evidence))) for ids in dia_ids])
        for entry in entries:  # the pool keeps what ranking needs, not the stored rows' vectors twice
            entry.duplicates = []
        pools.append(pool)
    return pools


def fit(pools: Sequence[Pool], *, hidden_units: int = HIDDEN_UNITS,
        log: Callable[[str], None] | None = None) -> FusionWeights:
    """Listwise logistic loss (softmax over each question's pool, the evidence
    as the target): it rewards putting evidence at the top of its own
    question's list, which is what R@10 reads. A pairwise loss (every evidence
    above every other candidate) was measured first: it weighs the order deep
    in the pool as much as at the top, and gained on one split half only.

    The linear part is fitted first; the hidden layer (``hidden_units``, 0 for
    none) then starts from small random weights beside it and both go on
    together, so the hidden layer only adds what the linear part cannot."""
    usable = [pool for pool in pools if pool.labels.sum() > 0]
    x = np.concatenate([pool.features for pool in usable])
    target = np.concatenate([pool.labels / pool.labels.sum() for pool in usable])
    starts = np.cumsum([0] + [len(pool.labels) for pool in usable[:-1]])
    segment = np.repeat(np.arange(len(usable)), [len(pool.labels) for pool in usable])

    def step(params: list[np.ndarray], moments: list[list[np.ndarray]], gradients: list[np.ndarray],
             number: int, rate: float) -> None:
        for param, gradient, (first, second) in zip(params, gradients, moments, strict=True):  # Adam
            first *= 0.9
            first += 0.1 * gradient
            second *= 0.999
            second += 0.001 * gradient**2
            param -= rate * (first / (1 - 0.9**number)) / (np.sqrt(second / (1 - 0.999**number)) + 1e-8)

    linear = np.zeros(x.shape[1])
    moments = [[np.zeros_like(linear), np.zeros_like(linear)]]
    for number in range(1, STEPS + 1):
        error = (_softmax_by_question(x @ linear, starts, segment) - target) / len(usable)
        step([linear], moments, [x.T @ error + 2 * L2 * linear], number, LEARNING_RATE)
    scorer = FusionWeights(linear)
    if hidden_units:
        rng = np.random.default_rng(SEED)
        hidden = rng.normal(0.0, 0.3, (x.shape[1], hidden_units))
        bias = np.zeros(hidden_units)
        output = rng.normal(0.0, 0.3, hidden_units)
        params = [linear, hidden, bias, output]
        moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
        for number in range(1, HIDDEN_STEPS + 1):
            activation = np.tanh(x @ hidden + bias)
            error = (_softmax_by_question(x @ linear + activation @ output, starts, segment) - target) / len(usable)
            through = np.outer(error, output) * (1.0 - activation**2)
            gradients = [x.T @ error + 2 * L2 * linear, x.T @ through + 2 * L2 * hidden, through.sum(axis=0),
                         activation.T @ error + 2 * L2 * output]
            step(params, moments, gradients, number, HIDDEN_LEARNING_RATE)
        scorer = FusionWeights(linear, hidden, bias, output)
    if log is not None:
        probability = _softmax_by_question(scorer.logits(x), starts, segment)
        loss = -float(np.sum(target * np.log(probability + 1e-12))) / len(usable)
        log(f"fitted on {len(usable)} questions ({len(x)} candidates), {hidden_units} hidden units; loss {loss:.4f}")
    return scorer


def _softmax_by_question(logits: np.ndarray, starts: np.ndarray, segment: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - np.maximum.reduceat(logits, starts)[segment])
    return exp / np.add.reduceat(exp, starts)[segment]


def evaluate(pools: Sequence[Pool], scorer: FusionWeights | None, context_max_chars: int = 2000) -> dict[str, Any]:
    """R@5 / R@10 / MRR / answer words over the pools, ranked by the hand-set
    scores (``scorer`` None) or the learned ones, through the diversity pass."""
    rows: dict[int, list[dict[str, float]]] = {c: [] for c in RETRIEVAL_CATEGORIES}
    coverage: list[float] = []
    for pool in pools:
        entries = [replace(e, duplicates=[]) for e in pool.entries]
        scores = pool.baseline if scorer is None else scorer.scores(pool.features)  # as the product reads them
        for entry, score in zip(entries, scores, strict=True):
            entry.score = float(score)
        ordered = sorted(entries, key=lambda e: (-e.score, e.id))
        picked = dedup_and_diversify(ordered, pool.config, TOP_K)
        index_of = {id(e): i for i, e in enumerate(entries)}
        ranked: list[str] = []
        for entry in picked:
            for dia in pool.dia_ids[index_of[id(entry)]]:
                if dia not in ranked:
                    ranked.append(dia)
        rows[pool.category].append(score_ranked(ranked, pool.evidence))
        share = answer_coverage(pool.answer, format_context(picked, pool.now, max_chars=context_max_chars))
        if share is not None:
            coverage.append(share)
    every = [row for values in rows.values() for row in values]
    mean = lambda items, key: round(float(np.mean([r[key] for r in items])), 3) if items else 0.0  # noqa: E731
    return {
        "questions": len(every),
        "R@5": mean(every, "recall@5"),
        "R@10": mean(every, "recall@10"),
        "MRR": mean(every, "mrr"),
        "by_category": {c: mean(rows[c], "recall@10") for c in RETRIEVAL_CATEGORIES},
        "answer_words": round(float(np.mean(coverage)), 3) if coverage else 0.0,
    }


def describe(name: str, result: dict[str, Any]) -> str:
    categories = " / ".join(f"{result['by_category'][c]:.3f}" for c in RETRIEVAL_CATEGORIES)
    return (f"| {name} | {result['questions']} | {result['R@5']:.3f} | {result['R@10']:.3f} | {result['MRR']:.3f} "
            f"| {categories} | {result['answer_words']:.3f} |")


async def main_async(args: argparse.Namespace) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from core.config import Settings

    encoder = Settings(_env_file=None).local_embedding_model  # the bench never embeds with a cloud key

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    indexes = [int(i) for i in args.conversations.split(",")]
    pools: list[Pool] = []
    for backend in backends:
        name = f"{weights_path(encoder).stem}-{backend}-{'-'.join(map(str, indexes))}" + (f"-pool{args.candidate_pool}" if args.candidate_pool else "")
        name += "".join(f"-{stage}" for stage in args.stages) + "".join(f"-no-{stage}" for stage in args.stages_off)
        cache = Path(args.pools) / f"{name}.pkl" if args.pools else None
        if cache is not None and cache.exists():
            kept: list[Pool] = pickle.loads(cache.read_bytes())
            for pool in kept:  # the features as the code computes them now
                pool.features = fusion_features(pool.entries, pool.query, pool.config)
            pools += kept
            log(f"[{backend}] pools read from {cache}")
            continue
        started = time.perf_counter()
        found = await collect(args, backend, indexes, log)
        log(f"[{backend}] {len(found)} pools in {time.perf_counter() - started:.0f}s")
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(found))
        pools += found

    print("| ranking | questions | R@5 | R@10 | MRR@10 | R@10 by category 1 / 2 / 3 / 4 | answer words |")
    print("|---|---|---|---|---|---|---|")
    if args.split:
        halves = [[int(i) for i in half.split(",")] for half in args.split.split("/")]
        for train, test in ((halves[0], halves[1]), (halves[1], halves[0])):
            scorer = fit([p for p in pools if p.conversation in train], hidden_units=args.hidden, log=log)
            for backend in backends:
                held_out = [p for p in pools if p.conversation in test and p.backend == backend]
                label = f"{backend}, conversations {','.join(map(str, test))}"
                print(describe(f"{label}, hand-set", evaluate(held_out, None)))
                print(describe(f"{label}, learned on {','.join(map(str, train))}", evaluate(held_out, scorer)))
    scorer = fit(pools, hidden_units=args.hidden, log=log)
    for backend in backends:
        mine = [p for p in pools if p.backend == backend]
        print(describe(f"{backend}, all, hand-set", evaluate(mine, None)))
        print(describe(f"{backend}, all, learned on all (in sample)", evaluate(mine, scorer)))
    print("\nlinear weights: " + ", ".join(f"{name} {w:+.3f}" for name, w in zip(FEATURES, scorer.weights, strict=True)))
    if args.out:
        out = weights_path(encoder) if args.out == SHIPPED else Path(args.out)
        fitted_on = (f"{len(pools)} questions of {len(indexes)} LoCoMo conversations, backends {', '.join(backends)}; "
                     f"{args.hidden} hidden units")
        replace(scorer, fitted_on=fitted_on).save(out, embedding_model=encoder, l2=L2, steps=STEPS,
                                                  hidden_steps=HIDDEN_STEPS, seed=SEED)
        print(f"wrote {out}")
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", required=True, help="LoCoMo-format JSON file")
    parser.add_argument("--backend", default="sqlite", help="sqlite, postgres or sqlite,postgres")
    parser.add_argument("--conversations", default="0,1,2,3,4")
    parser.add_argument("--split", help="A/B: fit on conversations A, report B, and the reverse (e.g. 0,1,2/3,4)")
    parser.add_argument("--out", nargs="?", const=SHIPPED,
                        help="write the weights fitted on every conversation to PATH (no PATH: where the product "
                             "reads them for the encoder in use)")
    parser.add_argument("--hidden", type=int, default=HIDDEN_UNITS, help="hidden units beside the linear part (0: none)")
    parser.add_argument("--pools", help="keep the replayed pools in this directory between runs")
    parser.add_argument("--with", dest="with_stages", default="",
                        help="stages off by default switched on while collecting (second_hop, dense_feedback)")
    parser.add_argument("--without", dest="without_stages", default="",
                        help="stages on by default switched off while collecting (e.g. dense_without_speakers)")
    parser.add_argument("--candidate-pool", type=int, help="candidates per search (default: the production setting)")
    parser.add_argument("--budget-ms", type=int, default=5000, help="recall budget (lifted: load must not cut pools)")
    parser.add_argument("--database-url", help="PostgreSQL to use (default: a temporary local server)")
    parser.add_argument("--cache-dir", default=str(Path(__file__).resolve().parent / ".cache"))
    args = parser.parse_args(argv)
    args.stages = [stage.strip() for stage in args.with_stages.split(",") if stage.strip()]
    args.stages_off = [stage.strip() for stage in args.without_stages.split(",") if stage.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    # Run through the module's real name, so that the pools pickled by --pools
    # name bench.fusion_fit.Pool (not __main__.Pool) and load from anywhere.
    from bench.fusion_fit import main as _main

    raise SystemExit(_main())
