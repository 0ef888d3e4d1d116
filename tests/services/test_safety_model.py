"""The safety model: the shipped adapters on the real MiniLM (crisis wording the
patterns miss, hard negatives), its second opinion on screen hits, the service's
meaning stage, and the fit's round trip (what is saved is what was trained)."""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import uuid
from pathlib import Path

import numpy as np
import pytest

from bench.safety import load_items, main as bench_main
from core.urdu_roman import romanise
from services.crisis_resources import CrisisResources
from services.safety_broad_rules import ASKING_RULES
from services.safety_model import SafetyModel, _load, load_safety_model, weights_files
from services.safety_model_fit import (
    BUCKET_POOL,
    choose_settings,
    chosen,
    crisis_probabilities,
    length_bucketed_batches,
    main as fit_main,
    out_of_fold_probabilities,
    save,
    stratified_folds,
    stratified_split,
    train,
)
from services.safety_screen import CrisisCategory, screen
from services.safety_service import SafetyService
from tests.services.test_safety_semantic import HARD_NEGATIVES as SEMANTIC_HARD_NEGATIVES

# Crisis said in words no pattern names (each is checked to pass the patterns).
# Examples of what the model adds, not a measurement (that is bench.safety).
UNSEEN = [
    ("I have decided tonight is my last night on this earth", CrisisCategory.SELF_HARM),
    ("I'm going to make him pay for what he did, I know where he parks his car at night",
     CrisisCategory.HARM_TO_OTHERS),
]
# The semantic stage's hard negatives (en, ur, ur-latn), and warm everyday talk.
HARD_NEGATIVES = [
    *SEMANTIC_HARD_NEGATIVES,
    "we had a lovely walk by the river and then lunch with my sister",
    "bye, take care of yourself, I'm here for you",
]


@pytest.fixture(scope="module")
def model() -> SafetyModel:
    loaded = load_safety_model()
    assert loaded is not None, "the safety model ships with the code: services/data/safety_model/"
    return loaded


def with_veto(model: SafetyModel, veto_below: float) -> SafetyModel:
    changed = copy.copy(model)
    changed.config = dataclasses.replace(model.config, veto_below=veto_below)
    return changed


def test_the_model_ships_small_and_loads_once_from_the_encoder_wheel(model: SafetyModel) -> None:
    adapters, settings = weights_files()
    assert adapters.stat().st_size < 3_000_000 and settings.is_file()
    assert 0.5 <= model.config.threshold < 1.0 and 0.0 < model.config.veto_below <= 0.5
    assert model.categories == list(CrisisCategory)
    assert load_safety_model() is model  # shared by every service in the process


def test_it_reads_a_crisis_the_patterns_miss_and_passes_ordinary_talk(model: SafetyModel) -> None:
    for text, category in UNSEEN:
        assert not screen(text).flagged, text
        verdict = model.score(text, screen(text))
        assert verdict.category is category, (text, verdict)
    for text in HARD_NEGATIVES:
        assert model.score(text, screen(text)).category is None, text
    # The screen's figure-of-speech deferral holds whatever the probability.
    assert screen("this traffic is killing me").figurative


# Plain questions about where someone is, typed and as speech-to-text gives them (none of them a
# training sentence): a check-in there is wrong. The head once read "where does he work" as a
# stalker's intent, having learned "I know where she lives" and never the ordinary question.
# Not yet all of them: "where does he work" (at the threshold) and "do you know where my brother is
# staying" still read as threats (README, Safety screening).
WHEREABOUTS = [
    "where does my sister live",
    "Where does he work?",
    "what time does she finish work",
    "when does my uncle get back from the office",
    "where is she now",
    "remind me where my aunt moved to",
]


def test_a_plain_question_about_where_someone_is_raises_no_check_in(model: SafetyModel) -> None:
    for text in WHEREABOUTS:
        assert model.score(text, screen(text)).category is None, text
    # The intent it was confused with still reads as one (``UNSEEN``).
    threat = "he cheated me so I got his office address and I'm taking my father's pistol there this afternoon"
    assert model.score(threat, screen(threat)).category is CrisisCategory.HARM_TO_OTHERS


def test_it_reads_urdu_script_through_its_romanised_spelling(model: SafetyModel) -> None:
    """MiniLM has no Urdu vocabulary: the model reads Urdu script romanised
    (``core.urdu_roman``), as it was trained, and so reads its meaning."""
    threat = "میرا شوہر کہتا ہے اگر میں نے کسی کو بتایا تو یہ میری آخری رات ہو گی"
    assert np.allclose(model.probabilities([threat]), model.probabilities([romanise(threat)]), atol=1e-6)
    assert not screen(threat).flagged
    assert model.score(threat, screen(threat)).category is CrisisCategory.ABUSE_DANGER
    for ordinary in ("گرمی سے آج تو جان ہی نکل گئی، بجلی بھی نہیں تھی", "کل بھائی کی شادی ہے، سب تیاری ہو گئی ہے"):
        assert model.score(ordinary, screen(ordinary)).category is None, ordinary


async def test_a_screen_hit_the_sentence_does_not_bear_out_is_not_escalated(sqlite_store, user_id, model) -> None:
    session = str(uuid.uuid4())
    vetoing = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB",
                            load_model=lambda: with_veto(model, 1.01))
    await vetoing.warmup()
    text = "I want to kill myself"
    assert screen(text).flagged
    assert vetoing.check_turn(user_id, session, text) is None
    assert vetoing.stats()["screen_vetoed"] == 1
    await vetoing.drain()
    assert await sqlite_store.list_escalations(user_id) == []

    # The shipped setting bears out a plain crisis: the policy, the record.
    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB", load_model=lambda: model)
    await safety.warmup()
    response = safety.check_turn(user_id, session, text)
    assert response is not None and response.stage == "screen" and response.policy.startswith("SAFETY:")
    await safety.drain()
    assert [e.category for e in await sqlite_store.list_escalations(user_id)] == ["self_harm"]
    assert safety.stats()["model_loaded"] is True and "screen_vetoed" not in safety.stats()


async def test_a_sign_said_in_passing_in_a_long_turn_is_read_in_its_clauses(sqlite_store, user_id, model) -> None:
    """Small talk around a sign dilutes the whole turn under the veto floor; the
    clause where the screen fires, with its neighbours, still reads as a crisis.
    The neighbours also keep what explains a figure of speech away."""
    chatty = ("Traffic was awful, the kids had swimming, we had fish fingers for tea, and honestly "
              "I'm going to kill myself tonight, I've decided, anyway did you see the new series")
    turn = model.probabilities([chatty])[0]
    assert screen(chatty).flagged and model.bears_out_in_context(chatty, turn)
    # Even when the whole turn reads as no crisis (small talk diluting it), its clauses bear the sign out.
    diluted = np.array([0.99, 0.004, 0.002, 0.002, 0.002], dtype=np.float32)
    assert not model.bears_out(diluted) and model.bears_out_in_context(chatty, diluted)
    venting = "My flatmate used all the milk again, I'm going to kill him, honestly, then I made toast and watched telly"
    assert screen(venting).flagged and not model.bears_out_in_context(venting, model.probabilities([venting])[0])

    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB", load_model=lambda: model)
    await safety.warmup()
    session = str(uuid.uuid4())
    response = safety.check_turn(user_id, session, chatty)
    assert response is not None and response.category == "self_harm"
    assert safety.check_turn(user_id, session, venting) is None
    await safety.drain()
    assert [e.category for e in await sqlite_store.list_escalations(user_id)] == ["self_harm"]


async def test_the_meaning_stage_reads_a_long_turn_clause_by_clause(sqlite_store, user_id, model) -> None:
    """A hedge after the signs ("probably nothing, right?") keeps the whole turn under
    the threshold; its clauses, read with their neighbours, do not."""
    hedged = ("Bit of heartburn after tea, odd though, it's spreading into my jaw and left arm "
              "and I'm clammy, probably nothing, right?")
    screened = screen(hedged)
    probabilities = model.probabilities([hedged])[0]
    assert not screened.flagged
    assert model.verdict_in_context(hedged, probabilities, screened).category is CrisisCategory.MEDICAL_EMERGENCY
    # Even when the whole turn reads under the threshold, its clauses read the signs.
    hedged_whole = np.array([0.9, 0.02, 0.02, 0.02, 0.04], dtype=np.float32)
    assert model.verdict(hedged_whole, screened).category is None
    assert model.verdict_in_context(hedged, hedged_whole, screened).category is CrisisCategory.MEDICAL_EMERGENCY
    ordinary = "Cooked biryani, watched a film, called my mum, then went for a walk in the park and fed the ducks"
    assert model.verdict_in_context(ordinary, model.probabilities([ordinary])[0], screen(ordinary)).category is None

    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB", load_model=lambda: model)
    await safety.warmup()
    session = str(uuid.uuid4())
    assert safety.check_turn(user_id, session, hedged) is None  # the patterns pass it
    response = await safety.assess_meaning(hedged)
    assert response is not None and (response.stage, response.category) == ("model", "medical_emergency")
    assert not response.escalates
    assert await safety.assess_meaning(ordinary) is None


async def test_a_question_that_is_itself_the_sign_is_never_vetoed(sqlite_store, user_id, model) -> None:
    """The model learned crises from statements and reads a question about means
    as curiosity; the screen's asking rules stand whatever it says."""
    vetoing = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB",
                            load_model=lambda: with_veto(model, 1.01))
    await vetoing.warmup()
    session = str(uuid.uuid4())
    question = "how many of my sleeping pills would it take for it to be permanent"
    assert screen(question).rule in ASKING_RULES
    response = vetoing.check_turn(user_id, session, question)
    assert response is not None and response.category == "self_harm"
    # The same veto still silences a statement the model does not bear out.
    assert vetoing.check_turn(user_id, session, "I want to kill myself") is None
    assert vetoing.stats()["screen_vetoed"] == 1
    await vetoing.drain()
    assert [e.category for e in await sqlite_store.list_escalations(user_id)] == ["self_harm"]


async def test_the_meaning_stage_gives_a_check_in_and_escalates_nothing(sqlite_store, user_id, model) -> None:
    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en-GB", load_model=lambda: model)
    # Before the model has loaded, nothing reads meaning (no linear stage here either).
    text, _ = UNSEEN[0]
    assert await safety.assess_meaning(text) is None
    await safety.warmup()
    session = str(uuid.uuid4())
    assert safety.check_turn(user_id, session, text) is None  # the patterns pass it
    response = await safety.assess_meaning(text)
    assert response is not None and (response.stage, response.category) == ("model", "self_harm")
    assert response.policy.startswith("SAFETY CHECK-IN") and not response.escalates
    # A turn the screen flagged already has the full policy; ordinary talk gets nothing.
    assert await safety.assess_meaning("I want to kill myself") is None
    assert await safety.assess_meaning(HARD_NEGATIVES[-1]) is None
    await safety.drain()
    assert await sqlite_store.list_escalations(user_id) == []
    assert safety.stats()["model_flagged_self_harm"] == 1


async def test_a_failing_model_leaves_the_screen_in_charge(sqlite_store, user_id, model) -> None:
    class Broken(SafetyModel):
        def probabilities(self, texts: list[str]) -> np.ndarray:
            raise RuntimeError("out of memory")

    broken = copy.copy(model)
    broken.__class__ = Broken
    safety = SafetyService(sqlite_store, CrisisResources.load(), locale="en", load_model=lambda: broken)
    await safety.warmup()
    assert safety.check_turn(user_id, str(uuid.uuid4()), "I want to kill myself") is not None
    assert await safety.assess_meaning(UNSEEN[0][0]) is None
    assert safety.stats()["model_errors"] == 2
    # A loader that fails leaves the service without a model, and says so once.
    failing = SafetyService(sqlite_store, CrisisResources.load(), locale="en",
                            load_model=lambda: (_ for _ in ()).throw(OSError("no wheel")))
    await failing.warmup()
    await failing.warmup()
    assert failing.model is None and failing.check_turn(None, None, "I want to kill myself") is not None


def test_the_settings_come_from_held_back_sentences() -> None:
    texts = ["I want to kill myself", "I want to die", "nice weather today", "lovely lunch", "so tired of work"]
    labels = np.array([1, 1, 0, 0, 0])
    probability = np.array([0.95, 0.4, 0.7, 0.1, 0.2])
    settings = choose_settings(texts, labels, probability, max_fpr=0.0, max_veto_loss=0.0)
    # No ordinary sentence may pass: the threshold sits just above the highest one.
    assert 0.7 < settings["threshold"] <= 0.7001
    # Nothing the screen catches may be vetoed: the floor is the lowest screen-caught crisis.
    assert settings["veto_below"] == 0.4
    assert settings["held_back_fpr"] == 0.0 and settings["held_back_recall"] == 1.0
    # Ordinary conversation has its own, tighter budget: the hard negatives'
    # budget alone would let "lovely lunch" (0.9) through, the everyday one does not.
    probability = np.array([0.95, 0.4, 0.3, 0.9, 0.2])
    loose = choose_settings(texts, labels, probability, max_fpr=0.5, max_veto_loss=0.0)
    assert loose["threshold"] == 0.5 and loose["held_back_everyday_sentences"] == 0
    everyday = np.array([False, False, False, True, True])
    tight = choose_settings(texts, labels, probability, max_fpr=0.5, max_veto_loss=0.0,
                            everyday=everyday, max_everyday_fpr=0.0)
    assert 0.9 < tight["threshold"] <= 0.9001
    assert tight["held_back_everyday_sentences"] == 2 and tight["held_back_everyday_fpr"] == 0.0
    held = stratified_split(np.array([0] * 10 + [1] * 5), 0.2)
    assert held.sum() == 3 and held[:10].sum() == 2
    # Folds: every sentence in exactly one, each class spread evenly over them.
    fold = stratified_folds(np.array([0] * 10 + [1] * 5), 4)
    assert set(fold) == {0, 1, 2, 3}
    assert sorted(np.bincount(fold[:10])) == [2, 2, 3, 3] and sorted(np.bincount(fold[10:])) == [1, 1, 1, 2]


def test_training_batches_hold_like_lengths_and_every_sentence_once() -> None:
    rng = random.Random(3)
    lengths = [rng.randint(5, 96) for _ in range(32 * BUCKET_POOL * 3 + 17)]
    batches = length_bucketed_batches(lengths, 32, random.Random(7))
    seen = sorted(i for batch in batches for i in batch)
    assert seen == list(range(len(lengths)))
    assert all(len(batch) <= 32 for batch in batches) and sum(len(b) < 32 for b in batches) <= 4
    # Padding: each batch pads to its longest; like lengths together waste far less than a shuffle does.
    def padded(cut: list[list[int]]) -> int:
        return sum(max(lengths[i] for i in batch) * len(batch) for batch in cut)
    shuffled = list(range(len(lengths)))
    rng.shuffle(shuffled)
    plain = [shuffled[k : k + 32] for k in range(0, len(shuffled), 32)]
    assert padded(batches) < 0.75 * padded(plain)
    # Still a random order: another epoch's generator deals other batches.
    assert batches != length_bucketed_batches(lengths, 32, random.Random(8))


def test_each_fold_is_scored_by_the_model_that_did_not_see_it() -> None:
    texts = [text for text, _ in UNSEEN] + HARD_NEGATIVES[:4]
    labels = np.array([1, 1, 0, 0, 0, 0])
    fold = stratified_folds(labels, 2)
    scores = out_of_fold_probabilities(texts, labels, fold, epochs=1)
    # Training is seeded, so the other folds' model, trained again, gives the same scores.
    held = fold == 0
    encoder, tokenizer, head, _ = train(chosen(texts, ~held), labels[~held], epochs=1)
    expected = crisis_probabilities(encoder, tokenizer, head, chosen(texts, held))
    assert np.allclose(scores[held], expected, atol=1e-5)
    # A model that had seen the fold (trained on everything) scores it otherwise.
    encoder, tokenizer, head, _ = train(texts, labels, epochs=1)
    assert not np.allclose(scores[held], crisis_probabilities(encoder, tokenizer, head, chosen(texts, held)), atol=1e-5)


def test_what_is_saved_is_what_was_trained(tmp_path) -> None:
    texts = [text for text, _ in UNSEEN] + HARD_NEGATIVES[:4]
    labels = np.array([1, 1, 0, 0, 0, 0])
    encoder, tokenizer, head, adapters = train(texts, labels, epochs=1)
    trained = crisis_probabilities(encoder, tokenizer, head, texts)
    save(tmp_path, adapters, head, {"classes": ["none", *(c.value for c in CrisisCategory)], "rank": 16,
                                    "scale": 2.0, "threshold": 0.9, "veto_below": 0.1})
    loaded = _load(tmp_path)
    assert loaded is not None
    reloaded = 1.0 - loaded.probabilities(texts)[:, 0]
    # The adapters merged into the encoder give the trained model's output (float16 storage).
    assert np.allclose(reloaded, trained, atol=2e-3)


def test_the_benchmark_reports_what_the_agent_acts_on(tmp_path: Path, model: SafetyModel) -> None:
    """By default ``bench.safety``'s predictions are the product's: the screen's
    hits the model bears out, and the model's own hits on what the screen passed."""
    data = Path(__file__).resolve().parents[2] / "bench" / "data" / "safety_holdout.jsonl"
    out = tmp_path / "summary.json"
    assert bench_main(["--dataset", str(data), "--json", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert list(summary["stages"])[-3:] == ["model", "screen, model veto", "screen+model"]
    assert summary["stages"]["model"]["latency_ms"]["p50"] > 0
    predicted = {item["text"]: item["predicted"] for item in summary["items"]}
    for item in load_items(data):
        screened = screen(item.text)
        probabilities = model.probabilities([item.text])[0]
        expected = (
            1.0 - probabilities[0] >= model.config.veto_below
            if screened.flagged
            else model.verdict(probabilities, screened).flagged
        )
        assert predicted[item.text] == expected, item.text


def test_the_budget_diagnostic_moves_only_the_threshold(tmp_path: Path, model: SafetyModel) -> None:
    """``--budgets``: each row stays within its false-positive budget, and at the
    shipped rate it finds at least the shipped recall (the shipped threshold is one
    of the thresholds it may pick). Several ``--dataset`` files are measured pooled."""
    data = Path(__file__).resolve().parents[2] / "bench" / "data"
    sets = [data / "safety_holdout.jsonl", data / "safety_holdout2.jsonl"]
    out = tmp_path / "summary.json"
    assert bench_main(["--dataset", *map(str, sets), "--budgets", "0,100", "--json", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    stages = summary["stages"]
    assert summary["items_total"] == sum(len(load_items(path)) for path in sets)
    shipped = stages["screen+model"]
    nothing_more = stages["screen+model, FP <= 0.0% (diagnostic)"]
    everything = stages["screen+model, FP <= 100.0% (diagnostic)"]
    assert everything["recall"] >= shipped["recall"] >= nothing_more["recall"]
    assert everything["false_positive_rate"] >= shipped["false_positive_rate"] >= nothing_more["false_positive_rate"]

    matched = tmp_path / "matched.json"
    negatives = [item for item in summary["items"] if not item["label"]]
    budget = 100 * sum(item["predicted"] for item in negatives) / len(negatives)
    assert bench_main(["--dataset", *map(str, sets), "--budgets", f"{budget}", "--json", str(matched)]) == 0
    row = json.loads(matched.read_text(encoding="utf-8"))["stages"][
        f"screen+model, FP <= {budget / 100:.1%} (diagnostic)"
    ]
    assert row["false_positive_rate"] <= shipped["false_positive_rate"]
    assert row["recall"] >= shipped["recall"]
    assert row["threshold"] <= model.config.threshold


def test_only_a_single_split_model_can_ship_without_the_final_pass() -> None:
    # With folds, no one model was trained on the sentences the settings came from.
    with pytest.raises(SystemExit, match="--folds 1"):
        fit_main(["--folds", "4", "--ship-split-model"])
