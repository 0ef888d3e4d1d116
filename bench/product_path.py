"""LoCoMo replayed through the product: the agent's write path into a real
store, questions answered by ``RagService.recall_for_turn``.

Per conversation (one user each), every session is opened, every turn goes in
the way ``agent.py`` handles a chat message, in order:

* both speakers' turns are recorded (``ConversationService.record_turn``):
  the first speaker is the user, the second speaks in the agent's place;
* after each of the user's turns, ``MemoryService.learn_from_turn`` extracts
  and consolidates memories (rules only: no LLM key), as the agent does;
* with an LLM extractor (``llm_pass``), as the agent in local mode
  (``LLM_EXTRACTION_TIMING=session_end``): the rules at once, then before the
  session ends the LLM pass over the session's user turns, one awaited call
  each, with the same session and turn ids as provenance;
* the session is ended (``end_session``) after its last turn.

Each turn is stamped with its session's date (a few seconds apart, in order).
A shared photo reaches the product as the text a chat client sends with it
("[shares a photo: <caption>]").

Questions are asked one by one, a day after the last session, with no earlier
turns, through ``recall_for_turn`` with the production settings (budget,
candidate pool, ranking). Scoring reads the provenance each recalled memory
carries (the turn ids it was learned from), mapped back to LoCoMo dia_ids.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bench.locomo import RETRIEVAL_CATEGORIES, Conversation, DialogueTurn, Question
from core.models import TurnRole, utcnow
from rag_system import content_terms
from services.container import Services

TOP_K = 10
# Spacing of the replayed turns inside a session (their order is what matters).
TURN_SPACING = timedelta(seconds=20)


@dataclass(slots=True)
class Replayed:
    """One conversation in the store: its user and how turn ids map to dia_ids."""

    conversation: Conversation
    user_id: str
    dia_ids: dict[str, str] = field(default_factory=dict)  # stored turn id -> LoCoMo dia_id
    write_seconds: float = 0.0
    # Memories each extractor wrote ("rules" / "llm": created, merged or superseded)
    # and deleted on a "forget" it heard ("rules forgot" / "llm forgot").
    written: Counter[str] = field(default_factory=Counter)
    # Seconds of each session's LLM pass (the agent bounds it by AGENT_DRAIN_TIMEOUT_SECONDS).
    llm_pass_seconds: list[float] = field(default_factory=list)


@dataclass(slots=True)
class Answered:
    """What recall returned for one question."""

    question: Question
    ranked_dia_ids: list[str]
    context_text: str
    timed_out: bool
    elapsed_ms: float
    # Where each recalled memory came from: "episode" or its extractor ("rules", "llm").
    sources: list[str] = field(default_factory=list)
    # What the agent itself reads: the block for its first ``agent_k`` memories
    # (``Settings.recall_top_k``), the turns of those the block holds, and how many it holds.
    agent_context_text: str = ""
    agent_dia_ids: list[str] = field(default_factory=list)
    agent_memories_shown: int = 0


def user_text(turn: DialogueTurn) -> str:
    """What the chat client sends for a turn: its words, and a shared photo's caption."""
    text = turn.text.strip()
    if turn.caption:
        text = f"{text} [shares a photo: {turn.caption}]".strip()
    return text or "..."


def conversation_user_id(conversation: Conversation) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"locomo:{conversation.sample_id}"))


async def replay(
    services: Services,
    conversation: Conversation,
    *,
    learn: bool = True,
    llm_pass: bool = False,
    log: Callable[[str], None] | None = None,
) -> Replayed:
    """Write one conversation through the agent's write path (``llm_pass``:
    with the LLM extraction pass at each session's end, awaited)."""
    started = time.perf_counter()
    uid = conversation_user_id(conversation)
    user_name = conversation.speakers[0] if conversation.speakers else None
    await services.users.ensure_profile_exists(uid, display_name=user_name)
    # The second speaker talks in the agent's place, under their own name.
    if len(conversation.speakers) > 1:
        services.conversations.agent_name = conversation.speakers[1]
    replayed = Replayed(conversation, uid)
    sessions: dict[int, list[DialogueTurn]] = {}
    for turn in conversation.turns:
        sessions.setdefault(turn.session, []).append(turn)
    previous_end: datetime | None = None
    for number in sorted(sessions):
        turns = sessions[number]
        opened = turns[0].time or (previous_end + timedelta(days=1) if previous_end else None)
        session = await services.conversations.start_session(uid, now=opened)
        moment = opened
        deferred: list[tuple[str, str, datetime | None]] = []  # the user's turns for the LLM pass
        for turn in turns:
            role = TurnRole.USER if turn.speaker == user_name else TurnRole.ASSISTANT
            text = user_text(turn)
            recorded = await services.conversations.record_turn(uid, session.id, role, text, now=moment)
            replayed.dia_ids[recorded.id] = turn.dia_id
            if learn and role is TurnRole.USER:
                results = await services.memory.learn_from_turn(
                    uid, text, session_id=session.id, now=moment, turn_id=recorded.id,
                    only="rules" if llm_pass else None,
                )
                _count(replayed.written, "rules", results)
                if llm_pass:
                    deferred.append((text, recorded.id, moment))
            if moment is not None:
                moment = moment + TURN_SPACING
        if deferred:
            began = time.perf_counter()
            for text, turn_id, said_at in deferred:
                results = await services.memory.learn_from_turn(
                    uid, text, session_id=session.id, now=said_at, turn_id=turn_id, only="llm"
                )
                _count(replayed.written, "llm", results)
            replayed.llm_pass_seconds.append(time.perf_counter() - began)
            if log is not None:
                log(f"  session {number}: LLM pass over {len(deferred)} user turns in "
                    f"{replayed.llm_pass_seconds[-1]:.0f}s")
        await services.conversations.end_session(uid, session.id, now=moment)
        previous_end = moment
    await services.batcher.flush()
    replayed.write_seconds = time.perf_counter() - started
    return replayed


def _count(counter: Counter[str], extractor: str, results: Sequence[object]) -> None:
    for result in results:
        forgot = getattr(result, "action", None) == "forgotten"
        counter[f"{extractor} forgot" if forgot else extractor] += 1


async def ask_all(services: Services, replayed: Replayed, *, budget_ms: int, agent_k: int = TOP_K) -> list[Answered]:
    """Every category 1-4 question of the conversation, through recall_for_turn.

    Each is asked for the top ``TOP_K`` (what R@10 scores); the agent asks for
    ``agent_k`` and reads the block of those. The diversity pass picks greedily
    from the same pool whatever the limit, so the agent's list is this one's
    first ``agent_k`` and one recall serves both."""
    last = replayed.conversation.last_time
    now = last + timedelta(days=1) if last else None
    answers: list[Answered] = []
    await services.rag.warm_user(replayed.user_id)
    for question in replayed.conversation.questions:
        if question.category not in RETRIEVAL_CATEGORIES:
            continue
        result = await services.rag.recall_for_turn(
            replayed.user_id, [], question.question, budget_ms, limit=TOP_K, now=now
        )
        records = result.memory_records
        sources = [memory_source(memory) for memory in records]
        moment = now or utcnow()
        # The block has a size limit: a memory left out for it is not read.
        agent_block, kept = services.rag.context_with_memories(result.memories[:agent_k], moment)
        shown = [entry.candidate.memory for entry in kept]
        answers.append(Answered(question, _dia_ids(records, replayed), result.context_text, result.timed_out,
                                result.elapsed_ms, sources, agent_block, _dia_ids(shown, replayed), len(shown)))
        # A recall that missed its budget finishes in the background; the next
        # question must not inherit it (each LoCoMo question is a fresh turn).
        await services.rag.wait_pending(replayed.user_id)
        services.rag.take_late_result(replayed.user_id)
    return answers


def _dia_ids(memories: Sequence[object], replayed: Replayed) -> list[str]:
    """The LoCoMo turns ``memories`` were learned from, in recall order."""
    ranked: list[str] = []
    for memory in memories:
        for turn_id in memory_turn_ids(memory):
            dia_id = replayed.dia_ids.get(turn_id)
            if dia_id is not None and dia_id not in ranked:
                ranked.append(dia_id)
    return ranked


def memory_turn_ids(memory: object) -> list[str]:
    """The provenance turn ids a recalled memory carries (``Memory.turn_ids``)."""
    ids = getattr(memory, "turn_ids", None)
    return list(ids) if ids else []


def memory_source(memory: object) -> str:
    """"episode" for a recorded turn, else the extractor that found the memory."""
    if getattr(getattr(memory, "kind", None), "value", None) == "episode":
        return "episode"
    metadata = getattr(memory, "metadata", None) or {}
    return str(metadata.get("extractor", "other"))


def answer_coverage(answer: str, context: str) -> float | None:
    """Share of the gold answer's content words present in the recalled
    context (the block the LLM reads); None when the answer has none."""
    wanted = set(content_terms(answer))
    if not wanted:
        return None
    present = set(content_terms(context))
    return len(wanted & present) / len(wanted)


def score_ranked(ranked: Sequence[str], evidence: Sequence[str]) -> dict[str, float]:
    wanted = set(evidence)
    top5, top10 = set(ranked[:5]), set(ranked[:TOP_K])
    reciprocal = next((1.0 / rank for rank, item in enumerate(ranked[:TOP_K], start=1) if item in wanted), 0.0)
    return {
        "recall@5": len(wanted & top5) / len(wanted),
        "recall@10": len(wanted & top10) / len(wanted),
        "all@10": float(wanted <= top10),
        "mrr": reciprocal,
    }
