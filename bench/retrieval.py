"""Retrieval benchmark on LoCoMo-format conversations, through the product.

Headline: each conversation is replayed through the agent's write path into a
real store (SQLite and/or PostgreSQL, ``--backend``) and every category 1-4
question is answered by ``RagService.recall_for_turn`` with the production
settings (see ``bench.product_path``). Scored against the question's evidence
dia_ids through the provenance (turn ids) each recalled memory carries:

* recall@k: fraction of the evidence found in the top k, averaged;
* all@10: the question's evidence is entirely in the top 10;
* mrr: reciprocal rank of the first evidence turn within the top 10 (MRR@10);
* answer words: share of the gold answer's content words in the recalled
  block the LLM reads.

``--extractor llm`` adds, beside the rules-only rows of the same run, rows
whose write path also runs the LLM extraction the agent runs in local mode
(``bench.llm_extraction``): the local llama.cpp server started by the
agent's own supervisor (or ``--llm-url``), one awaited call per user turn at
each session's end, with the calls, failures and memories each extractor wrote.

``--diagnostic`` adds, clearly labelled, the in-memory retrievers over raw
turns (``rag_system.InMemoryIndex`` with neighbour windows, plain BM25 and
dense): the product does not run them.

    python -m bench.retrieval --dataset PATH/TO/locomo-dev.json [--backend sqlite,postgres]
        [--conversations 0,1,2] [--json PATH] [--without STAGE,...] [--with STAGE,...]
        [--set NAME=VALUE,...] [--extractor llm [--llm-url URL]] [--diagnostic [--ablation]]

Embeddings are cached under bench/.cache/ so re-runs are fast.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.disk_cache import DiskCache
from bench.locomo import (
    CATEGORY_NAMES,
    RETRIEVAL_CATEGORIES,
    Conversation,
    DialogueTurn,
    load_conversations,
)
from rag_system import Candidate, InMemoryIndex, RetrievalConfig, build_recall_query

TOP_K = 10
CANDIDATE_POOL = 100  # per retriever, before fusion/re-ranking


@dataclass(slots=True)
class Prepared:
    """One conversation, ready to query: documents and their embeddings."""

    conversation: Conversation
    docs: list[Candidate]
    plain_docs: list[Candidate]
    embeddings: np.ndarray
    context_embeddings: np.ndarray
    plain_embeddings: np.ndarray
    question_vectors: dict[str, np.ndarray]


# --------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------


def turn_text(turn: DialogueTurn, *, caption: bool = True) -> str:
    """Speaker-aware text of one turn; a shared photo's caption is appended,
    since people often ask about what was shown rather than what was said."""
    text = f"{turn.speaker}: {turn.text}".strip()
    if caption and turn.caption:
        text += f" [shares {turn.caption}]"
    return text


def dated_text(turn: DialogueTurn) -> str:
    """The baselines' text: session date, speaker and words (no caption)."""
    prefix = f"({turn.time:%d %B %Y}) " if turn.time else ""
    return prefix + turn_text(turn, caption=False)


def neighbour_context(turns: Sequence[DialogueTurn], index: int, *, before: int = 2, after: int = 1) -> str:
    """Adjacent turns of the same session: questions often combine a
    question asked by one speaker with the answer given by the other. The
    turns before matter more (what is being answered), hence two before and
    one after (measured: 1/1, 2/1, 2/2, 3/1)."""
    turn = turns[index]
    parts = []
    for other in turns[max(0, index - before) : index]:
        if other.session == turn.session:
            parts.append(turn_text(other))
    for other in turns[index + 1 : index + 1 + after]:
        if other.session == turn.session:
            parts.append(turn_text(other))
    return " ".join(parts)


def build_documents(conversation: Conversation) -> tuple[list[Candidate], list[Candidate]]:
    """(companion documents with neighbour context, plain baseline documents)."""
    docs, plain = [], []
    for index, turn in enumerate(conversation.turns):
        metadata = {"speaker": turn.speaker, "session": turn.session, "dia_id": turn.dia_id}
        docs.append(
            Candidate(
                id=turn.dia_id,
                text=turn_text(turn),
                event_time=turn.time,
                context_text=neighbour_context(conversation.turns, index) or None,
                metadata=metadata,
            )
        )
        plain.append(Candidate(id=turn.dia_id, text=dated_text(turn), event_time=turn.time, metadata=metadata))
    return docs, plain


def window_text(doc: Candidate) -> str:
    return doc.text if not doc.context_text else f"{doc.text} {doc.context_text}"


# --------------------------------------------------------------------------
# Embeddings (cached on disk)
# --------------------------------------------------------------------------


async def prepare(conversations: Sequence[Conversation], embedder: Any, *, log: Callable[[str], None]) -> list[Prepared]:
    """Build documents and embed everything in as few model calls as possible."""
    built = [build_documents(conversation) for conversation in conversations]
    documents: list[str] = []
    queries: list[str] = []
    for (docs, plain), conversation in zip(built, conversations):
        documents += [doc.text for doc in docs] + [window_text(doc) for doc in docs] + [doc.text for doc in plain]
        queries += [question.question for question in conversation.questions if question.category in RETRIEVAL_CATEGORIES]
    unique_documents = list(dict.fromkeys(documents))
    unique_queries = list(dict.fromkeys(queries))
    started = time.perf_counter()
    log(f"embedding {len(unique_documents)} document texts and {len(unique_queries)} questions "
        f"with {embedder.model_name} (cached under bench/.cache/) ...")
    document_vectors = await _embed_in_chunks(embedder.embed_documents, unique_documents, log)
    query_vectors = await _embed_in_chunks(embedder.embed_queries, unique_queries, log)
    log(f"embeddings ready in {time.perf_counter() - started:.1f}s")
    by_document = dict(zip(unique_documents, document_vectors))
    by_query = dict(zip(unique_queries, query_vectors))

    prepared = []
    for (docs, plain), conversation in zip(built, conversations):
        for doc in docs:
            doc.embedding = by_document[doc.text]
        prepared.append(
            Prepared(
                conversation=conversation,
                docs=docs,
                plain_docs=plain,
                embeddings=np.stack([by_document[doc.text] for doc in docs]),
                context_embeddings=np.stack([by_document[window_text(doc)] for doc in docs]),
                plain_embeddings=np.stack([by_document[doc.text] for doc in plain]),
                question_vectors={
                    question.question: by_query[question.question]
                    for question in conversation.questions
                    if question.category in RETRIEVAL_CATEGORIES
                },
            )
        )
    return prepared


async def _embed_in_chunks(embed: Callable[[Sequence[str]], Any], texts: list[str], log: Callable[[str], None]) -> list[np.ndarray]:
    vectors: list[np.ndarray] = []
    chunk = 512
    for start in range(0, len(texts), chunk):
        began = time.perf_counter()
        vectors.extend(await embed(texts[start : start + chunk]))
        if len(texts) > chunk and time.perf_counter() - began > 1.0:  # silent when cached
            log(f"  {min(start + chunk, len(texts))}/{len(texts)}")
    return vectors


# --------------------------------------------------------------------------
# Retrievers
# --------------------------------------------------------------------------

Retriever = Callable[[Prepared, str], list[str]]


def make_retrievers(config: RetrievalConfig) -> dict[str, Callable[[Prepared], Callable[[str], list[str]]]]:
    """Factories: given a prepared conversation, return question -> ranked ids."""

    def companion(item: Prepared, cfg: RetrievalConfig = config) -> Callable[[str], list[str]]:
        index = InMemoryIndex(item.docs, item.embeddings, context_embeddings=item.context_embeddings, config=cfg)
        last = item.conversation.last_time
        now = last + timedelta(days=1) if last else None

        def run(question: str) -> list[str]:
            query = build_recall_query([], question, now or _fallback_now(), cfg)
            ranked = index.retrieve(
                query, item.question_vectors[question], now or _fallback_now(), limit=TOP_K, candidates=CANDIDATE_POOL
            )
            return [entry.id for entry in ranked]

        return run

    def bm25(item: Prepared) -> Callable[[str], list[str]]:
        plain = RetrievalConfig(query_expansion=False, neighbor_context=False)
        index = InMemoryIndex(item.plain_docs, config=plain)
        return lambda question: [doc.id for doc, _ in index.bm25_search(question, TOP_K, plain)]

    def dense(item: Prepared) -> Callable[[str], list[str]]:
        plain = RetrievalConfig(neighbor_context=False)
        index = InMemoryIndex(item.plain_docs, item.plain_embeddings, config=plain)
        return lambda question: [doc.id for doc, _ in index.dense_search(item.question_vectors[question], TOP_K, plain)]

    return {"companion": companion, "bm25": bm25, "dense": dense}


def _fallback_now():
    from datetime import datetime

    return datetime.now(UTC)


# --------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------


def score_question(ranked: Sequence[str], evidence: Sequence[str]) -> dict[str, float]:
    wanted = set(evidence)
    top5, top10 = set(ranked[:5]), set(ranked[:TOP_K])
    reciprocal = 0.0
    for rank, item in enumerate(ranked[:TOP_K], start=1):
        if item in wanted:
            reciprocal = 1.0 / rank
            break
    return {
        "recall@5": len(wanted & top5) / len(wanted),
        "recall@10": len(wanted & top10) / len(wanted),
        "all@10": float(wanted <= top10),
        "mrr": reciprocal,
    }


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    keys = ("recall@5", "recall@10", "all@10", "mrr")
    if not rows:
        return {key: 0.0 for key in keys}
    return {key: round(float(np.mean([row[key] for row in rows])), 4) for key in keys}


def evaluate(prepared: Sequence[Prepared], factory: Callable[[Prepared], Callable[[str], list[str]]]) -> dict[str, Any]:
    """Metrics overall and per category for one retriever."""
    rows: dict[int, list[dict[str, float]]] = {category: [] for category in RETRIEVAL_CATEGORIES}
    for item in prepared:
        run = factory(item)
        known = {doc.id for doc in item.docs}
        for question in item.conversation.questions:
            if question.category not in RETRIEVAL_CATEGORIES:
                continue
            evidence = [dia_id for dia_id in question.evidence if dia_id in known]
            if not evidence:
                continue  # evidence that is not in the conversation cannot be retrieved
            rows[question.category].append(score_question(run(question.question), evidence))
    everything = [row for category_rows in rows.values() for row in category_rows]
    return {
        "overall": _mean(everything),
        "per_category": {str(category): _mean(rows[category]) for category in RETRIEVAL_CATEGORIES},
        "questions": {"overall": len(everything), **{str(c): len(rows[c]) for c in RETRIEVAL_CATEGORIES}},
    }


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def print_table(results: dict[str, dict[str, Any]]) -> None:
    header = f"{'retriever':<14} {'scope':<16} {'n':>4} {'R@5':>7} {'R@10':>7} {'all@10':>7} {'MRR':>7}"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        scopes = [("overall", result["overall"], result["questions"]["overall"])]
        for category in RETRIEVAL_CATEGORIES:
            key = str(category)
            scopes.append((f"{category} {CATEGORY_NAMES[category]}", result["per_category"][key], result["questions"][key]))
        for label, metrics, count in scopes:
            print(
                f"{name:<14} {label:<16} {count:>4} {metrics['recall@5']:>7.3f} {metrics['recall@10']:>7.3f} "
                f"{metrics['all@10']:>7.3f} {metrics['mrr']:>7.3f}"
            )
        print()


def run_ablation(prepared: Sequence[Prepared], config: RetrievalConfig, full: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    rows = [("(all stages on)", full)]
    for stage in RetrievalConfig.stage_names():
        reduced = config.without(stage)
        factory = make_retrievers(reduced)["companion"]
        rows.append((f"- {stage}", evaluate(prepared, factory)))
    return rows


def print_ablation(rows: list[tuple[str, dict[str, Any]]]) -> None:
    categories = "  ".join(f"{'R@10 c' + str(c):>9}" for c in RETRIEVAL_CATEGORIES)
    header = f"{'companion config':<22} {'R@10':>7} {'delta':>7}  {categories}"
    print(header)
    print("-" * len(header))
    base = rows[0][1]["overall"]["recall@10"]
    for label, result in rows:
        value = result["overall"]["recall@10"]
        per = "  ".join(f"{result['per_category'][str(c)]['recall@10']:>9.3f}" for c in RETRIEVAL_CATEGORIES)
        print(f"{label:<22} {value:>7.3f} {value - base:>+7.3f}  {per}")
    print()


async def run_diagnostic(args: argparse.Namespace, conversations: Sequence[Conversation], log: Callable[[str], None]) -> dict[str, Any]:
    """The in-memory retrievers over raw turns (not what the product runs)."""
    from services.embedding_service import EmbeddingService, LocalEmbeddingProvider

    cache = DiskCache(Path(args.cache_dir) / "embeddings.tsv")
    service = EmbeddingService(LocalEmbeddingProvider(args.model), cache)
    try:
        prepared = await prepare(conversations, service, log=log)
    finally:
        await service.close()
    config = RetrievalConfig()
    results = {name: evaluate(prepared, factory) for name, factory in make_retrievers(config).items()}
    print("\nDIAGNOSTIC ONLY (not the product path): rag_system.InMemoryIndex over raw turns "
          "with neighbour windows, and plain baselines\n")
    print_table({f"mem:{name}"[:10]: result for name, result in results.items()})
    if args.ablation:
        print("\nAblation of the in-memory retriever: one stage switched off\n")
        print_ablation(run_ablation(prepared, config, results["companion"]))
    return results


def _settings_for(backend: str, args: argparse.Namespace, holder: dict[str, Any]) -> Any:
    """Production Settings (defaults) with only the storage location chosen here."""
    import tempfile

    from core.config import Settings

    overrides: dict[str, Any] = {"storage_backend": backend, "redis_url": None, "openai_api_key": None}
    if backend == "sqlite":
        holder["tmp"] = tempfile.TemporaryDirectory(prefix="locomo-product-")
        overrides["sqlite_path"] = str(Path(holder["tmp"].name) / "bench.db")
    else:
        if args.database_url:
            overrides["database_url"] = args.database_url
        else:
            from tests.support.servers import PostgresServer

            holder["server"] = PostgresServer()
            overrides["database_url"] = holder["server"].create_database(f"locomo_{os.getpid()}")
    return Settings(_env_file=None, **overrides)


@contextlib.asynccontextmanager
async def product_services(
    args: argparse.Namespace, backend: str, *, configure: Callable[[Any], Any] | None = None
) -> AsyncIterator[tuple[Any, Any]]:
    """The product's services on a fresh store of ``backend`` with production
    settings (``configure`` may change them first), closed and removed after.
    Yields (services, settings)."""
    from services.container import build_services
    from services.embedding_service import build_embedding_service

    holder: dict[str, Any] = {}
    settings = _settings_for(backend, args, holder)
    if configure is not None:
        settings = configure(settings)
    # The production embedder; its vectors are kept on disk between runs (the
    # same vectors, computed once). Recall latency is bench.recall_latency's job.
    embedder = build_embedding_service(settings, DiskCache(Path(args.cache_dir) / "product-embeddings.tsv"))
    services = await build_services(settings, llm=None, embedder=embedder)
    try:
        yield services, settings
    finally:
        await services.aclose()
        await embedder.close()
        if "server" in holder:
            holder["server"].cleanup()
        if "tmp" in holder:
            holder["tmp"].cleanup()


async def run_product(
    args: argparse.Namespace,
    backend: str,
    conversations: Sequence[Conversation],
    log: Callable[[str], None],
    *,
    llm_url: str | None = None,
) -> dict[str, Any]:
    """The headline: the agent's write path into a real store, recall_for_turn
    (``llm_url``: with the LLM extractor of local mode on that server)."""
    from bench.llm_extraction import local_extraction_settings

    configure = None if llm_url is None else (lambda settings: local_extraction_settings(settings, llm_url))
    async with product_services(args, backend, configure=configure) as (services, settings):
        return await _measure_product(args, backend, conversations, log, services, settings, llm_url=llm_url)


async def _measure_product(
    args: argparse.Namespace,
    backend: str,
    conversations: Sequence[Conversation],
    log: Callable[[str], None],
    services: Any,
    settings: Any,
    *,
    llm_url: str | None,
) -> dict[str, Any]:
    from bench.llm_extraction import ExtractionTally, use_local_llm_extraction
    from bench.product_path import answer_coverage, ask_all, replay, score_ranked

    tally = ExtractionTally()
    if llm_url is not None:
        use_local_llm_extraction(services, settings)
    if args.without:
        # Ablation: the production pipeline with the named stages switched off.
        stages = [part.strip() for part in args.without.split(",") if part.strip()]
        if "lexical_idf" in stages:  # PostgreSQL: ts_rank alone, as before the idf ranking
            stages.remove("lexical_idf")
            setattr(services.store, "lexical_idf", False)  # noqa: B010 - only PostgresMemoryStore has it
        if "session_digest" in stages:  # no digest episode at session end
            stages.remove("session_digest")
            services.conversations.session_digests = False
        services.rag.config = services.rag.config.without(*stages)
    if args.with_stages:
        # The measured stages that are off by default, switched on.
        stages = [part.strip() for part in args.with_stages.split(",") if part.strip()]
        if "session_digest" in stages:
            stages.remove("session_digest")
            services.conversations.session_digests = True
        from dataclasses import replace as with_fields

        services.rag.config = with_fields(services.rag.config, **{stage: True for stage in stages})
    if args.set:
        # Tuning: RetrievalConfig numbers set by name (e.g. second_hop_weight=0.5).
        from dataclasses import replace as with_numbers

        changes: dict[str, Any] = {
            key.strip(): float(value) for key, value in (part.split("=", 1) for part in args.set.split(","))
        }
        services.rag.config = with_numbers(services.rag.config, **changes)
    budget_ms = args.budget_ms or settings.recall_budget_ms
    rows: dict[int, list[dict[str, float]]] = {category: [] for category in RETRIEVAL_CATEGORIES}
    coverage: dict[int, list[float]] = {category: [] for category in RETRIEVAL_CATEGORIES}
    # What the agent reads: its first settings.recall_top_k memories, not the top 10.
    agent_k = settings.recall_top_k
    agent_coverage: list[float] = []
    agent_recall: dict[int, list[float]] = {category: [] for category in RETRIEVAL_CATEGORIES}
    block_chars: list[int] = []
    shown: list[int] = []
    per_conversation: list[dict[str, Any]] = []
    per_question: list[dict[str, Any]] = []  # for split halves without a re-run
    timeouts = 0
    latencies: list[float] = []
    for conversation in conversations:
        replayed = await replay(services, conversation, llm_pass=llm_url is not None, log=log)
        counts = await services.store.memory_counts(replayed.user_id)
        log(f"[{backend}] {conversation.sample_id}: {len(conversation.turns)} turns written in "
            f"{replayed.write_seconds:.1f}s; active memories by kind {counts.active_by_kind}")
        await tally.add_conversation(services, replayed)
        answers = await ask_all(services, replayed, budget_ms=budget_ms, agent_k=agent_k)
        tally.add_answers(answers)
        known = set(replayed.dia_ids.values())
        conv_rows: list[dict[str, float]] = []
        for answered in answers:
            question = answered.question
            timeouts += answered.timed_out
            latencies.append(answered.elapsed_ms)
            share = answer_coverage(question.answer, answered.context_text)
            block_chars.append(len(answered.agent_context_text))
            shown.append(answered.agent_memories_shown)
            if share is not None:
                coverage[question.category].append(share)
                agent_coverage.append(answer_coverage(question.answer, answered.agent_context_text) or 0.0)
            evidence = [dia_id for dia_id in question.evidence if dia_id in known]
            if evidence:
                agent_recall[question.category].append(
                    len(set(evidence) & set(answered.agent_dia_ids)) / len(set(evidence)))
                scored = score_ranked(answered.ranked_dia_ids, evidence)
                rows[question.category].append(scored)
                conv_rows.append(scored)
                # The question, its evidence and what was recalled, so misses can be read without a re-run.
                per_question.append(
                    {"sample_id": conversation.sample_id, "category": question.category, "coverage": share, **scored,
                     "question": question.question, "evidence": evidence,
                     "recalled": list(answered.ranked_dia_ids[:RECALLED_KEPT])}
                )
        per_conversation.append({"sample_id": conversation.sample_id, **_mean(conv_rows)})
    tally.add_extractor_stats(services.memory.extractor.stats(), settings)
    everything = [row for category_rows in rows.values() for row in category_rows]
    all_coverage = [value for values in coverage.values() for value in values]
    return {
        "overall": _mean(everything),
        "per_category": {str(category): _mean(rows[category]) for category in RETRIEVAL_CATEGORIES},
        "questions": {"overall": len(everything), **{str(c): len(rows[c]) for c in RETRIEVAL_CATEGORIES}},
        "answer_coverage": {
            "overall": round(float(np.mean(all_coverage)), 4) if all_coverage else 0.0,
            **{str(c): round(float(np.mean(coverage[c])), 4) if coverage[c] else 0.0 for c in RETRIEVAL_CATEGORIES},
        },
        "agent_block": {
            "top_k": agent_k,
            "block_chars_p50": int(np.percentile(block_chars, 50)) if block_chars else 0,
            "block_chars_p95": int(np.percentile(block_chars, 95)) if block_chars else 0,
            "memories_shown_mean": round(float(np.mean(shown)), 2) if shown else 0.0,
            "answer_words": round(float(np.mean(agent_coverage)), 4) if agent_coverage else 0.0,
            "evidence_recall": round(float(np.mean([v for vs in agent_recall.values() for v in vs])), 4)
            if any(agent_recall.values()) else 0.0,
            **{f"evidence_recall_{c}": round(float(np.mean(agent_recall[c])), 4) if agent_recall[c] else 0.0
               for c in RETRIEVAL_CATEGORIES},
        },
        "per_conversation": per_conversation,
        "per_question": per_question,
        "timeouts": timeouts,
        "recall_ms_p50": round(float(np.percentile(latencies, 50)), 1) if latencies else 0.0,
        "recall_ms_p95": round(float(np.percentile(latencies, 95)), 1) if latencies else 0.0,
        "budget_ms": budget_ms,
        "extraction": tally.summary(),
    }


def print_product(results: dict[str, dict[str, Any]]) -> None:
    print_table(results)
    header = f"{'backend':<14} {'answer words in context: overall':>34} " + " ".join(
        f"{'c' + str(c):>7}" for c in RETRIEVAL_CATEGORIES
    ) + f" {'timeouts':>9} {'p50 ms':>7} {'p95 ms':>7}"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        cov = result["answer_coverage"]
        print(f"{name:<14} {cov['overall']:>34.3f} " + " ".join(f"{cov[str(c)]:>7.3f}" for c in RETRIEVAL_CATEGORIES)
              + f" {result['timeouts']:>9} {result['recall_ms_p50']:>7.1f} {result['recall_ms_p95']:>7.1f}")
    print()
    for name, result in results.items():
        agent = result["agent_block"]
        print(f"{name:<14} the agent's block (its top {agent['top_k']}, RECALL_TOP_K): answer words "
              f"{agent['answer_words']:.3f}, evidence recall {agent['evidence_recall']:.3f} ("
              + " / ".join(f"{agent['evidence_recall_' + str(c)]:.3f}" for c in RETRIEVAL_CATEGORIES)
              + f"), block p50 / p95 {agent['block_chars_p50']} / {agent['block_chars_p95']} characters, "
              f"{agent['memories_shown_mean']:.2f} memories shown")
    print()
    from bench.llm_extraction import print_extraction

    print_extraction({name: result["extraction"] for name, result in results.items()})


async def main_async(args: argparse.Namespace) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    conversations = load_conversations(args.dataset)
    if args.conversations:
        chosen = [int(part) for part in args.conversations.split(",") if part.strip()]
        conversations = [conversations[index] for index in chosen]
    questions = sum(1 for c in conversations for q in c.questions if q.category in RETRIEVAL_CATEGORIES)
    log(f"{len(conversations)} conversations, {sum(len(c.turns) for c in conversations)} turns, {questions} questions (categories 1-4)")
    load = os.getloadavg()[0]
    results: dict[str, dict[str, Any]] = {}
    server = None
    llm_url = args.llm_url
    if args.extractor == "llm" and llm_url is None:
        from bench.llm_extraction import start_local_llm

        server, llm_url = await start_local_llm(log)
    try:
        for backend in [part.strip() for part in args.backend.split(",") if part.strip()]:
            started = time.perf_counter()
            results[backend] = await run_product(args, backend, conversations, log)
            log(f"[{backend}] done in {time.perf_counter() - started:.0f}s")
            if args.extractor == "llm":
                started = time.perf_counter()
                results[f"{backend}+llm"] = await run_product(args, backend, conversations, log, llm_url=llm_url)
                log(f"[{backend}+llm] done in {time.perf_counter() - started:.0f}s")
    finally:
        if server is not None:
            await asyncio.to_thread(server.stop)
    load_after = os.getloadavg()[0]
    print(f"\nLoCoMo evidence retrieval through the product: {len(conversations)} conversations, "
          f"top {TOP_K}, MRR@{TOP_K}; recall_for_turn with production settings; "
          f"load average {load:.1f} at the start, {load_after:.1f} at the end\n")
    print_product(results)
    diagnostic = await run_diagnostic(args, conversations, log) if args.diagnostic else None

    if args.json:
        payload: dict[str, Any] = {"product": results}
        if diagnostic is not None:
            payload["diagnostic_in_memory"] = {
                name: {"overall": r["overall"], "per_category": r["per_category"]} for name, r in diagnostic.items()
            }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")

    command = f"python -m bench.retrieval --dataset {args.dataset} --backend {args.backend}"
    for flag, value in (
        ("--conversations", args.conversations),
        ("--json", args.json),
        ("--budget-ms", args.budget_ms),
        ("--without", args.without),
        ("--with", args.with_stages),
        ("--set", args.set),
        ("--extractor", args.extractor if args.extractor != "rules" else None),
        ("--llm-url", args.llm_url),
    ):
        if value:
            command += f" {flag} {value}"
    if args.diagnostic:
        command += " --diagnostic" + (" --ablation" if args.ablation else "")
    print(f"\nreproduce: {command}")
    return 0


# Recalled turn ids kept per question in --json (the top ten are scored; the rest show near misses).
RECALLED_KEPT = 20


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", required=True, help="LoCoMo-format JSON file")
    parser.add_argument("--backend", default="sqlite", help="sqlite, postgres or sqlite,postgres")
    parser.add_argument("--database-url", help="PostgreSQL to use (default: a temporary local server)")
    parser.add_argument("--conversations", help="comma-separated indexes of the conversations to use (e.g. 0,1,2)")
    parser.add_argument("--budget-ms", type=int, help="recall budget (default: the production setting)")
    parser.add_argument("--json", help="write the metrics as JSON to this path")
    parser.add_argument(
        "--with", dest="with_stages", help="stages off by default switched on: second_hop, name_only_hits, session_digest, dense_feedback"
    )
    parser.add_argument("--set", help="tuning: RetrievalConfig numbers, e.g. session_redundancy=0.5,second_hop_weight=0.2")
    parser.add_argument(
        "--without",
        help="ablation: comma-separated stages switched off (rag_system.RetrievalConfig.stage_names(), "
        "e.g. second_hop, learned_fusion for the hand-set fusion; session_digest for the session digests; lexical_idf for PostgreSQL's idf ranking)",
    )
    parser.add_argument(
        "--extractor",
        choices=("rules", "llm"),
        default="rules",
        help="llm: also replay with the local-mode LLM extractor beside the rules (rows '<backend>+llm')",
    )
    parser.add_argument(
        "--llm-url", help="with --extractor llm: an OpenAI-compatible local server (.../v1) already running"
    )
    parser.add_argument("--diagnostic", action="store_true", help="also run the in-memory retrievers (not the product)")
    parser.add_argument("--ablation", action="store_true", help="with --diagnostic: in-memory stage ablation")
    parser.add_argument("--model", default="all-MiniLM-L6-v2", help="diagnostic: local embedding model")
    parser.add_argument("--cache-dir", default=str(Path(__file__).resolve().parent / ".cache"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
