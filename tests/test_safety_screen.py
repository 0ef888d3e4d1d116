"""The pattern screen: crisis signals in three scripts, and ordinary speech left alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.safety import load_items, main as bench_main, rates, run_screen
from services import safety_screen
from services.safety_composition import clauses, fold_roman, verb_forms
from services.safety_screen import CrisisCategory, normalise, screen

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I want to kill myself.", CrisisCategory.SELF_HARM),
        ("Everyone would be better off without me.", CrisisCategory.SELF_HARM),
        ("I’m going to end my life tonight", CrisisCategory.SELF_HARM),  # curly apostrophe
        ("I\u200b want to k\u200bill myself", CrisisCategory.SELF_HARM),  # zero-width characters
        ("I'M GOING TO KILL HIM", CrisisCategory.HARM_TO_OTHERS),
        ("My husband hits me when he drinks", CrisisCategory.ABUSE_DANGER),
        ("I think I'm having a heart attack", CrisisCategory.MEDICAL_EMERGENCY),
        ("میں خودکشی کرنا چاہتا ہوں۔", CrisisCategory.SELF_HARM),
        ("میرا شوہر مجھے مارتا ہے۔", CrisisCategory.ABUSE_DANGER),
        ("مجھے سانس نہیں آ رہی", CrisisCategory.MEDICAL_EMERGENCY),
        ("main ab jeena nahi chahta", CrisisCategory.SELF_HARM),
        ("mere baghair sab behtar rahenge", CrisisCategory.SELF_HARM),
        ("main usay maar dunga", CrisisCategory.HARM_TO_OTHERS),
    ],
)
def test_crisis_signals_are_flagged(text: str, category: CrisisCategory) -> None:
    result = screen(text)
    assert result.category is category, (text, result)
    assert 0.5 <= result.confidence <= 1.0 and result.rule


@pytest.mark.parametrize(
    "text",
    [
        "This traffic is killing me.",
        "I'm dying to see that film.",
        "My mom is going to kill me when she sees my grades.",
        "I had chest pain last year but it turned out to be heartburn.",
        "I watched a documentary about suicide prevention.",
        "My grandmother died last month and I miss her.",
        "I'm so angry at my boss right now.",
        "I would never hurt myself, don't worry.",
        "یہ گرمی مجھے مار ڈالے گی۔",
        "main bhook se mar raha hoon",
        "",
        "   ",
    ],
)
def test_ordinary_speech_is_not_flagged(text: str) -> None:
    result = screen(text)
    assert not result.flagged, (text, result)


def test_normalise_folds_case_width_and_contractions() -> None:
    assert normalise("I’M  Ｇｏｎｎａ\u200b stop") == "i am going to stop"


def test_the_evaluation_sets_meet_the_goals() -> None:
    """The shipped sets are a regression gate: a change that loses recall or adds
    false positives on them fails here (the benchmark prints the details)."""
    # Not safety_holdout2.jsonl nor holdout3: they are measured, never (holdout3: half)
    # tuned on, so they are no gate. holdout4 and holdout5 were measured blind once,
    # then tuned on: from then on they guard what that tuning reached.
    gated = (("safety_eval.jsonl", 300), ("safety_holdout.jsonl", 50), ("safety_dev2.jsonl", 150),
             ("safety_holdout4.jsonl", 240), ("safety_holdout5.jsonl", 320))
    for name, size in gated:
        items = load_items(DATA / name)
        assert len(items) >= size
        predicted, _, _ = run_screen(items)
        summary = rates(items, predicted)
        assert summary["recall_by_signal"]["explicit"] >= 0.95, (name, summary)
        assert summary["recall_by_signal"]["indirect"] >= 0.80, (name, summary)
        assert summary["false_positive_rate"] <= 0.02, (name, summary)



# --- the compositional rules (services/safety_composition.py) ---------------------------
# Sentences in none of the evaluation sets, screened by the compositional rules
# alone (``phrases=False``), so a regression there cannot hide behind a phrase.


@pytest.mark.parametrize(
    ("text", "category", "signal"),
    [
        ("Lately I keep burning my arms with a lighter.", CrisisCategory.SELF_HARM, "explicit"),
        ("I honestly hope I die tonight.", CrisisCategory.SELF_HARM, "explicit"),
        ("My kids would be happier if I was dead.", CrisisCategory.SELF_HARM, "indirect"),
        ("I'm going to strangle my landlord when I see him.", CrisisCategory.HARM_TO_OTHERS, "explicit"),
        ("My stepdad slapped me again last night", CrisisCategory.ABUSE_DANGER, "explicit"),
        ("My boyfriend punched me in the face.", CrisisCategory.ABUSE_DANGER, "explicit"),
        ("My grandmother collapsed in the kitchen", CrisisCategory.MEDICAL_EMERGENCY, "explicit"),
        ("میں خود کو آج رات ختم کر لوں گا", CrisisCategory.SELF_HARM, "explicit"),
        ("mai zehar kha lungi aaj", CrisisCategory.SELF_HARM, "explicit"),  # a spelling of "main zeher kha loongi"
        ("main apne boss ko goli maar dunga", CrisisCategory.HARM_TO_OTHERS, "explicit"),
    ],
)
def test_compositional_rules_flag_new_wording(text: str, category: CrisisCategory, signal: str) -> None:
    result = screen(text, phrases=False)
    assert (result.category, result.signal) == (category, signal), (text, result)
    assert result.rule is not None and result.rule.startswith("c")


@pytest.mark.parametrize(
    "text",
    [
        "I'm not going to hurt my brother.",  # negation before the intent
        "I don't want to die, I want to get better.",  # negation scoped to its own clause
        "We practised what to do in case someone collapses at work.",  # a hypothetical
        "My brother beat me at chess again.",  # a game
        "I cut myself shaving this morning.",  # an accident
        "main khud ko kabhi nuqsan nahi pahunchaunga",  # Urdu negation follows the object
        "میں خود کو کبھی نقصان نہیں پہنچاؤں گا",
    ],
)
def test_compositional_rules_respect_negation_frames_and_accidents(text: str) -> None:
    assert not screen(text, phrases=False).flagged, text
    assert not screen(text).flagged, text


def test_a_negation_cancels_only_its_own_clause() -> None:
    assert screen("I'm not angry, I just want to die", phrases=False).category is CrisisCategory.SELF_HARM
    marked = normalise("I'm not suicidal, but I am tired. Really", keep_breaks=True)
    assert clauses(marked) == ["i am not suicidal", "i am tired", "really"]


def test_verb_forms_cover_regular_inflections() -> None:
    pattern = re.compile(rf"^{verb_forms('stab', 'cut', 'hang', 'choke', 'bury')}$")
    for form in ("stab", "stabs", "stabbed", "stabbing", "cutting", "hanged", "hanging", "choked", "choking",
                 "buries", "buried"):
        assert pattern.match(form), form
    assert not pattern.match("stabing")


def test_fold_roman_gives_one_spelling() -> None:
    assert fold_roman("main zeher kha loongi") == fold_roman("mai zahar kha lungi")
    assert fold_roman("nahin chahta hoon") == fold_roman("nai chahta hu") == "nahi chahta hun"


def test_the_benchmark_reports_every_pattern_stage(tmp_path: Path) -> None:
    out = tmp_path / "summary.json"
    assert bench_main(["--dataset", str(DATA / "safety_holdout.jsonl"), "--json", str(out), "--no-model"]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert list(summary["stages"]) == ["phrases", "composition", "screen"]
    for stage in summary["stages"].values():
        assert {"recall_by_signal", "recall_by_category", "recall_by_lang", "false_positive_rate_by_lang",
                "latency_ms"} <= set(stage)
    # The screen is the union of its two rule families.
    predicted = {item["text"]: item["predicted"] for item in summary["items"]}
    items = load_items(DATA / "safety_holdout.jsonl")
    phrases, _, _ = run_screen(items, compositional=False)
    composition, _, _ = run_screen(items, phrases=False)
    assert predicted == {t: phrases[t] or composition[t] for t in predicted}


def test_normalise_reads_s_before_a_participle_as_has_or_is() -> None:
    assert normalise("Someone's been following me") == "someone has been following me"
    assert normalise("My son's fitting") == "my son is fitting"
    assert normalise("My mum's boyfriend") == "my mum's boyfriend"  # a possessive stays


def test_a_harmless_explanation_elsewhere_in_the_turn_is_heard_but_not_for_self_harm() -> None:
    assert screen("I can't feel my left arm", phrases=False).category is CrisisCategory.MEDICAL_EMERGENCY
    assert not screen("I can't feel my left arm, I slept on it", phrases=False).flagged
    assert screen("I want to kill myself, just kidding", phrases=False).category is CrisisCategory.SELF_HARM


def test_normalising_with_clause_marks_loses_nothing_else() -> None:
    for item in load_items(DATA / "safety_dev2.jsonl"):
        marked = normalise(item.text, keep_breaks=True)
        assert " ".join(marked.replace("|", " ").split()) == normalise(item.text), item.text


def test_the_benchmark_screens_conversation_turns_as_negatives(tmp_path: Path) -> None:
    conversations = [{"conversation": {
        "speaker_a": "Ann",
        "session_1": [{"speaker": "Ann", "text": "This traffic is killing me."},
                      {"speaker": "Bo", "text": "I want to kill myself."}],
        "session_1_date_time": "1:56 pm on 8 May, 2023",
    }}]
    source = tmp_path / "conversations.json"
    source.write_text(json.dumps(conversations), encoding="utf-8")
    out = tmp_path / "summary.json"
    assert bench_main(["--conversations", str(source), "--json", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["items_total"] == 2
    # Every turn counts as ordinary speech, so the one crisis sentence is a false positive.
    assert summary["stages"]["screen"]["false_positive_rate"] == 0.5


def test_clause_windows_are_a_long_turns_clauses_with_their_neighbours() -> None:
    from services.safety_screen import clause_windows

    turn = "Work was fine, we had pasta, and I want to kill myself, anyway how was your day"
    assert clause_windows(turn, where_screen_fires=True) == ["we had pasta, and I want to kill myself, anyway how was your day"]
    assert clause_windows(turn, where_screen_fires=False) == [
        "Work was fine, we had pasta",
        "Work was fine, we had pasta, and I want to kill myself",
        "we had pasta, and I want to kill myself, anyway how was your day",
        "and I want to kill myself, anyway how was your day",
    ]
    # A short turn is read whole; a long one with no sign has no window where the screen fires.
    assert clause_windows("I want to kill myself, honestly", where_screen_fires=False) == []
    assert clause_windows("Work was fine, we had pasta, anyway how was your day", where_screen_fires=True) == []


@pytest.mark.parametrize(
    "text",
    [
        "ye garmi mujhe maar dalegi, AC bhi kharab hai",
        "اتنی پڑھائی مجھے مار ڈالے گی، کل پھر ٹیسٹ ہے",
        "itne formulas, mera dimagh phat jayega",
        "we got wiped in pubg last night, i killed two of them though",
    ],
)
def test_idioms_and_games_are_marked_for_the_meaning_stage_to_defer(text: str) -> None:
    result = screen(text)
    assert not result.flagged and result.figurative, (text, result)


def test_a_game_never_explains_self_harm_away() -> None:
    assert screen("i want to kill myself, even fortnite doesn't help anymore").category is CrisisCategory.SELF_HARM


def test_contraction_gates_never_skip_a_substitution_that_would_apply() -> None:
    """Each contraction is skipped when the turn holds none of the literals it needs; on every
    sentence of the labelled sets, every substitution it skips would have changed nothing."""
    data = Path(__file__).resolve().parent.parent / "bench" / "data"
    texts = [json.loads(line)["text"] for path in sorted(data.glob("safety_*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += ["I'm gonna kms", "u wont believe it, theyll come", "whats up, i cant", "my self and somone"]
    skipped = 0
    for text in texts:
        folded = text.casefold()
        for pattern, replacement, needs in safety_screen._CONTRACTION_PATTERNS:
            if needs is not None and not any(literal in folded for literal in needs):
                skipped += 1
                assert re.sub(pattern, replacement, folded) == folded, (pattern.pattern, text)
            else:
                folded = pattern.sub(replacement, folded)
    assert skipped > len(texts)  # the gates do skip most substitutions
