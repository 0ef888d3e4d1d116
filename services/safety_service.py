"""Safety escalation: what the agent does when a turn carries a crisis signal.

Per user turn, before the reply (``check_turn``):

1. the pattern screen runs (``safety_screen.screen``, sub-millisecond);
2. when it fires, this turn's reply gets the safe-response policy with the
   crisis lines for the user's locale, and an escalation is recorded and sent
   to the webhook in the background, at most once per session per category;
3. when it does not fire and an LLM classifier is configured, the classifier
   looks at the turn in the background (never on the reply path); if it finds
   a crisis the screen missed, the policy applies from the next turn and the
   escalation is recorded the same way.

Once recall has embedded the turn (``check_vector``, still before the reply:
the agent waits for recall anyway), the semantic stage (``safety_semantic``)
scores that vector. It reads meaning the patterns do not name, and so it also
fires on some ordinary talk (warm goodbyes): what it finds is a signal, not a
confirmed crisis. This turn's reply gets a gentle check-in (``check_in_policy``:
ask how they really are; the crisis lines only if they say they are not safe),
and nothing is escalated on its word alone: where an LLM classifier is
configured it looks at the same turn in the background (step 3), and its
confirmation is what records and sends the escalation.

Where the safety model is loaded (``safety_model``: the local encoder,
fine-tuned for this; ``warmup`` loads it, off the reply path), it takes the
semantic stage's place and reads the turn's words, in a worker thread beside
recall (``assess_meaning``), with the same check-in verdict. It also gives the
screen a second opinion when the screen fires (in ``check_turn``, on the reply
path only for those turns, ~10 ms): words that match a crisis pattern in a
sentence the model does not read as one at all ("gonna strangle my brother, he
ate the last slice") are not escalated.

Webhook delivery is at least once: the record is stored first (``delivered_at``
NULL), posted with an HMAC-SHA256 signature, retried with exponential backoff,
and whatever is still undelivered is sent again by ``deliver_pending`` (at
start-up and on a timer), from any process. Receivers de-duplicate on the
``X-Companion-Delivery`` id.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.models import Escalation, utcnow
from core.validators import validate_user_id
from infrastructure.storage.base import MemoryStore
from services.crisis_resources import CrisisResources, LocaleResources
from services.safety_broad_rules import model_may_veto
from services.safety_screen import CrisisCategory, ScreenResult, screen

if TYPE_CHECKING:
    import httpx
    import numpy as np

    from services.safety_classifier import SafetyClassifier
    from services.safety_model import SafetyModel
    from services.safety_semantic import SemanticScreen, SemanticVerdict

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Companion-Signature"
TIMESTAMP_HEADER = "X-Companion-Timestamp"
DELIVERY_HEADER = "X-Companion-Delivery"
# Spoken turns are short; a pasted essay is screened at its start and end.
_SCREEN_HEAD_CHARS = 3_000
_SCREEN_TAIL_CHARS = 1_000
# Sessions remembered for "once per session per category"; oldest dropped first.
_MAX_TRACKED_SESSIONS = 10_000
_OUTBOX_TASK = "companion.safety_outbox"
# Screen results kept for the semantic stage (a turn's vector arrives within the recall budget).
_SCREENED_KEPT = 256
# "ok", "thanks": nothing for the classifier to find, not worth a model call.
_CLASSIFIER_MIN_CHARS = 12

_CATEGORY_WORDS = {
    CrisisCategory.SELF_HARM.value: "thoughts of suicide or of hurting themselves",
    CrisisCategory.HARM_TO_OTHERS.value: "thoughts of hurting someone else",
    CrisisCategory.ABUSE_DANGER.value: "being hurt, threatened or in danger",
    CrisisCategory.MEDICAL_EMERGENCY.value: "a medical emergency happening now",
}


@dataclass(frozen=True, slots=True)
class SafeResponse:
    """What this turn's reply must follow."""

    category: str
    stage: str
    policy: str
    confidence: float = 0.0
    # A confirmed signal is recorded and sent to the webhook; a semantic
    # check-in only shapes the reply.
    escalates: bool = True


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256 over ``timestamp.body``: what receivers verify."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def safe_response_policy(category: str, resources: LocaleResources) -> str:
    """Instructions for the reply to a crisis turn (not shown to the user)."""
    lines = "; ".join(line.spoken() for line in resources.for_category(category))
    urgent = (
        f"Tell them to call {resources.emergency} now, before anything else, and stay with them. "
        if category in (CrisisCategory.MEDICAL_EMERGENCY.value, CrisisCategory.ABUSE_DANGER.value)
        else ""
    )
    return (
        "SAFETY: the user's last message may mean "
        f"{_CATEGORY_WORDS.get(category, 'a crisis')}. For this reply: take it seriously and say so warmly; "
        "stay with them and keep the conversation going; no judgement, no lecture; never play it down, "
        "joke about it or change the subject. "
        + urgent
        + "Ask gently whether they are safe right now. Encourage them to reach out to someone they trust "
        f"and to these services: {lines}. If they are in immediate danger: {resources.emergency}. "
        "Say the contact details plainly, once, in the language of the conversation."
    )


def check_in_policy(category: str, resources: LocaleResources) -> str:
    """Instructions for a reply to a turn that may hint at a crisis without
    saying it (the semantic stage's verdict): check in, do not assume."""
    lines = "; ".join(line.spoken() for line in resources.for_category(category))
    return (
        "SAFETY CHECK-IN: the user's last message might hint at "
        f"{_CATEGORY_WORDS.get(category, 'a crisis')}, but it is not clear. For this reply: answer what they "
        "said warmly, then gently ask how they are really doing and whether they are safe; do not assume the "
        "worst, do not alarm them, no lecture. If they then say they are not safe, take it seriously, stay "
        f"with them and give these services: {lines}; in immediate danger: {resources.emergency}."
    )


def _sample(text: str) -> str:
    """What is screened of a turn: all of a spoken one, the start and end of a pasted essay."""
    if len(text) <= _SCREEN_HEAD_CHARS + _SCREEN_TAIL_CHARS:
        return text
    return text[:_SCREEN_HEAD_CHARS] + " " + text[-_SCREEN_TAIL_CHARS:]


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3)


class SafetyService:
    def __init__(
        self,
        store: MemoryStore,
        resources: CrisisResources,
        *,
        locale: str,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        keep_text: bool = False,
        http_client: httpx.AsyncClient | None = None,
        classifier: SafetyClassifier | None = None,
        semantic: SemanticScreen | None = None,
        load_model: Callable[[], SafetyModel | None] | None = None,
        retry_base_delay_s: float = 0.5,
        retry_max_delay_s: float = 60.0,
        max_attempts: int = 6,
    ) -> None:
        self._store = store
        self._resources = resources
        self._locale = resources.for_locale(locale)
        self._webhook_url = webhook_url or None
        self._webhook_secret = webhook_secret or ""
        self._keep_text = keep_text
        self._http = http_client
        self._classifier = classifier
        self.semantic = semantic
        # The safety model loads in ``warmup`` (seconds; never on a turn). Until
        # it has, and if it cannot, the linear semantic stage stands in.
        self._load_model = load_model
        self.model: SafetyModel | None = None
        self._model_loading: asyncio.Future[SafetyModel | None] | None = None
        # Text -> the model's class probabilities for a vetoed screen hit, read
        # again by the meaning stage for the same turn (one forward pass).
        self._model_scores: dict[str, np.ndarray] = {}
        # Text -> the pattern screen's result, for the semantic stage that reads
        # the same turn once its vector exists (its veto, without screening twice).
        self._screened: dict[str, ScreenResult] = {}
        self._semantic_ms: list[float] = []
        self._retry_base = retry_base_delay_s
        self._retry_max = retry_max_delay_s
        self._max_attempts = max(1, max_attempts)
        self._escalated: dict[str, set[str]] = {}  # session -> categories already escalated
        self._next_turn: dict[str, SafeResponse] = {}  # session -> policy the classifier asked for
        self._tasks: set[asyncio.Task[Any]] = set()
        self._delivering: set[str] = set()
        self._counters: Counter[str] = Counter()
        self._screen_ms: list[float] = []

    # --- per turn ----------------------------------------------------------------

    def check_turn(self, user_id: str | None, session_id: str | None, text: str) -> SafeResponse | None:
        """Screen one user turn. Returns the policy for this reply, or None.

        Synchronous and cheap: it is on the reply path. Recording, the webhook
        and the classifier run in background tasks. A guest (``user_id`` None)
        gets the same policy; there is no one to record it for.
        """
        started = time.perf_counter()
        result = screen(_sample(text))
        self._screen_ms.append((time.perf_counter() - started) * 1000)
        del self._screen_ms[:-1000]
        self._counters["turns_screened"] += 1
        if result.flagged and not self._model_confirms(text, result.rule):
            self._counters["screen_vetoed"] += 1
            result = ScreenResult(None, 0.0, rule=result.rule)
        if (self.semantic is not None or self.model is not None) and not result.flagged:
            self._screened[text] = result
            while len(self._screened) > _SCREENED_KEPT:
                self._screened.pop(next(iter(self._screened)))
        if result.flagged and result.category is not None:
            self._counters[f"screen_flagged_{result.category.value}"] += 1
            if user_id is not None:
                self._spawn(
                    self._escalate(user_id, session_id, result.category.value, result.confidence, "screen", result.rule, text)
                )
            return SafeResponse(
                result.category.value, "screen", safe_response_policy(result.category.value, self._locale), result.confidence
            )
        if user_id is None:
            return None
        pending = self._next_turn.pop(session_id or user_id, None)
        if self._classifier is not None and len(text) >= _CLASSIFIER_MIN_CHARS:
            self._spawn(self._classify_in_background(user_id, session_id, text))
        return pending

    def carry_meaning_over(
        self, user_id: str | None, session_id: str | None, meaning: asyncio.Future[SafeResponse | None]
    ) -> None:
        """A meaning check the reply did not wait for (``assess_meaning`` still
        reading): when it finishes, its check-in shapes the user's next reply, as
        the classifier's verdict does. A guest has no next turn kept for them."""
        if user_id is None:
            meaning.cancel()
            return
        key = session_id or user_id

        def finished(done: asyncio.Future[SafeResponse | None]) -> None:
            if done.cancelled() or done.exception() is not None:
                return  # assess_meaning logs and counts its own failures
            response = done.result()
            self._counters["model_late"] += 1
            if response is not None and key not in self._next_turn:  # a classifier's verdict stands
                self._next_turn[key] = response
                self._trim(self._next_turn)
                self._counters["model_carried_over"] += 1

        meaning.add_done_callback(finished)

    def check_vector(self, text: str, vector: np.ndarray | None) -> SafeResponse | None:
        """The semantic stage on the turn's embedding (the one recall computed).

        Returns this reply's check-in (``check_in_policy``) when it finds a
        crisis signal the pattern screen did not flag, else None. Nothing is
        escalated on this verdict (``SafeResponse.escalates`` is False): the
        classifier, where one is configured, confirms. Microseconds: one small
        matrix product. The same for a draft reply and a final one: there is
        nothing to record either way.
        """
        if self.semantic is None or vector is None:
            return None
        started = time.perf_counter()
        screened = self._screened.pop(text, None) or screen(_sample(text))
        if screened.flagged:
            return None  # check_turn already gave this turn the policy
        return self._meaning_check_in("semantic", self.semantic.score(vector, screened), started)

    def _model_confirms(self, text: str, rule: str | None = None) -> bool:
        """The model's second opinion on a screen hit; True (the screen stands)
        without a model or when it fails."""
        if self.model is None or not model_may_veto(rule):
            return True
        sample = _sample(text)
        try:
            probabilities = self.model.probabilities([sample])[0]
            confirmed = self.model.bears_out_in_context(sample, probabilities)
        except Exception:
            logger.exception("safety model failed; the screen's verdict stands")
            self._counters["model_errors"] += 1
            return True
        if confirmed:
            return True  # this turn gets the policy: the meaning stage never reads it
        self._model_scores[text] = probabilities
        while len(self._model_scores) > _SCREENED_KEPT:
            self._model_scores.pop(next(iter(self._model_scores)))
        return False

    async def warmup(self) -> None:
        """Load the safety model (once per service, in a worker thread)."""
        if self._load_model is None or self.model is not None:
            return
        if self._model_loading is None:
            self._model_loading = asyncio.ensure_future(asyncio.to_thread(self._load_model))
        try:
            self.model = await asyncio.shield(self._model_loading)
        except Exception:
            logger.exception("safety model failed to load; the semantic stage stands in")
            self._load_model = None

    async def assess_meaning(self, text: str, vector: np.ndarray | None = None) -> SafeResponse | None:
        """This turn's check-in when its meaning reads as a crisis the screen did
        not flag, else None: the safety model on the words where it is loaded
        (CPU work, in a worker thread: call it beside recall), else the linear
        stage on recall's ``vector``. Nothing is escalated on this verdict."""
        if self.model is None:
            return self.check_vector(text, vector)
        started = time.perf_counter()
        screened = self._screened.pop(text, None) or screen(_sample(text))
        if screened.flagged:
            return None  # check_turn already gave this turn the policy
        model, sample, scored = self.model, _sample(text), self._model_scores.pop(text, None)

        def read() -> SemanticVerdict:
            # The turn, and for a long one its clauses: CPU work, in one worker-thread hop.
            probabilities = scored if scored is not None else model.probabilities([sample])[0]
            return model.verdict_in_context(sample, probabilities, screened)

        try:
            verdict = await asyncio.to_thread(read)
        except Exception:
            logger.exception("safety model failed; no meaning check this turn")
            self._counters["model_errors"] += 1
            return None
        return self._meaning_check_in("model", verdict, started)

    def _meaning_check_in(self, stage: str, verdict: SemanticVerdict, started: float) -> SafeResponse | None:
        """Record a meaning stage's verdict (latency, counters); the check-in it
        gives, never escalated, or None."""
        self._semantic_ms.append((time.perf_counter() - started) * 1000)
        del self._semantic_ms[:-1000]
        self._counters[f"turns_scored_{stage}"] += 1
        if verdict.category is None:
            return None
        category = verdict.category.value
        self._counters[f"{stage}_flagged_{category}"] += 1
        return SafeResponse(
            category, stage, check_in_policy(category, self._locale), verdict.probability, escalates=False
        )

    async def _classify_in_background(self, user_id: str, session_id: str | None, text: str) -> None:
        assert self._classifier is not None
        try:
            verdict = await self._classifier.classify(text, screen_flagged=False)
        except Exception as exc:  # LLMError or worse: the screen's verdict stands
            logger.warning("safety classifier failed; the screen's verdict stands: %s", exc)
            self._counters["classifier_errors"] += 1
            return
        if verdict.category is None:
            return
        category = verdict.category.value
        self._counters[f"classifier_flagged_{category}"] += 1
        self._next_turn[session_id or user_id] = SafeResponse(
            category, "classifier", safe_response_policy(category, self._locale)
        )
        self._trim(self._next_turn)
        await self._escalate(user_id, session_id, category, verdict.confidence, "classifier", None, text)

    # --- escalation records and the webhook ------------------------------------------

    async def _escalate(
        self, user_id: str, session_id: str | None, category: str, confidence: float, stage: str, rule: str | None, text: str
    ) -> Escalation | None:
        seen = self._escalated.setdefault(session_id or user_id, set())
        if category in seen:
            return None  # once per session per category
        seen.add(category)
        self._trim(self._escalated)
        escalation = Escalation(
            user_id=validate_user_id(user_id),
            session_id=session_id,
            category=category,
            confidence=round(float(confidence), 3),
            stage=stage,
            rule=rule,
            text=text[:2_000] if self._keep_text else None,
        )
        try:
            await self._store.add_escalation(escalation)
        except Exception:
            # Still try the webhook: a person may be in danger even if our database is not answering.
            logger.exception("storing an escalation for user %s failed", user_id)
            self._counters["escalations_not_stored"] += 1
        self._counters["escalations"] += 1
        self._counters[f"escalations_{category}"] += 1
        logger.warning("safety escalation: user=%s session=%s category=%s stage=%s", user_id, session_id, category, stage)
        await self._deliver(escalation)
        return escalation

    async def _deliver(self, escalation: Escalation) -> bool:
        """Post to the webhook with retries; True once it was accepted (2xx)."""
        if self._webhook_url is None or self._http is None or escalation.id in self._delivering:
            return False
        self._delivering.add(escalation.id)
        try:
            body = json.dumps(
                {"event": "companion.escalation", "resources_version": self._resources.version, "escalation": escalation.to_dict()},
                sort_keys=True,
            ).encode("utf-8")
            for attempt in range(self._max_attempts):
                timestamp = str(int(time.time()))
                headers = {
                    "Content-Type": "application/json",
                    TIMESTAMP_HEADER: timestamp,
                    DELIVERY_HEADER: escalation.id,
                    SIGNATURE_HEADER: sign(self._webhook_secret, timestamp, body),
                }
                try:
                    response = await self._http.post(self._webhook_url, content=body, headers=headers)
                    if 200 <= response.status_code < 300:
                        await self._store.mark_escalation_delivered(escalation.user_id, escalation.id, utcnow())
                        self._counters["webhook_delivered"] += 1
                        return True
                    logger.warning("safety webhook answered %s (attempt %d)", response.status_code, attempt + 1)
                except Exception as exc:  # network errors and a store that failed to mark: retried
                    logger.warning("safety webhook failed (attempt %d): %s", attempt + 1, exc)
                self._counters["webhook_retries"] += 1
                await asyncio.sleep(min(self._retry_max, self._retry_base * 2**attempt))
            self._counters["webhook_gave_up"] += 1  # still pending in the store: deliver_pending sends it later
            return False
        finally:
            self._delivering.discard(escalation.id)

    async def deliver_pending(self, *, limit: int = 100) -> int:
        """Send what the webhook has not accepted yet (from any process). Returns how many were accepted."""
        if self._webhook_url is None or self._http is None:
            return 0
        delivered = 0
        for escalation in await self._store.admin_undelivered_escalations(limit=limit):
            delivered += await self._deliver(escalation)
        return delivered

    async def list_escalations(self, user_id: str, *, limit: int = 100) -> list[Escalation]:
        return await self._store.list_escalations(validate_user_id(user_id), limit=limit)

    # --- lifecycle ------------------------------------------------------------------

    def start_outbox(self, interval_s: float = 60.0) -> None:
        """Deliver what is pending now and then every ``interval_s`` (webhook configured only)."""
        if self._webhook_url is None or self._http is None:
            return

        async def loop() -> None:
            while True:
                try:
                    await self.deliver_pending()
                except Exception:
                    logger.warning("delivering pending escalations failed; trying again later", exc_info=True)
                await asyncio.sleep(interval_s)

        self._spawn(loop(), name=_OUTBOX_TASK)

    def forget_user(self, user_id: str) -> None:
        """Erasure listener: drop what this process holds for the user."""
        self._escalated.pop(user_id, None)
        self._next_turn.pop(user_id, None)

    async def drain(self, timeout: float = 5.0) -> None:
        """Wait for background recording and deliveries (session end); the
        outbox loop is not waited for."""
        pending = {t for t in self._tasks if t.get_name() != _OUTBOX_TASK}
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def stats(self) -> dict[str, Any]:
        return {
            **dict(self._counters),
            "screen_p95_ms": _p95(self._screen_ms),
            "semantic_enabled": self.semantic is not None,
            "model_loaded": self.model is not None,
            "semantic_p95_ms": _p95(self._semantic_ms),
            "webhook_configured": self._webhook_url is not None,
            "resources_version": self._resources.version,
            "locale": self._locale.locale,
        }

    # --- helpers --------------------------------------------------------------------

    def _spawn(self, coro: Any, name: str | None = None) -> None:
        task = asyncio.get_running_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    def _trim(mapping: dict[str, Any]) -> None:
        while len(mapping) > _MAX_TRACKED_SESSIONS:
            mapping.pop(next(iter(mapping)))
