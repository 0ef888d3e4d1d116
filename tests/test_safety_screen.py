"""The pattern screen: crisis signals in three scripts, and ordinary speech left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.safety import load_items, rates, run_screen
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
    for name in ("safety_eval.jsonl", "safety_holdout.jsonl"):
        items = load_items(DATA / name)
        assert len(items) >= (300 if name == "safety_eval.jsonl" else 50)
        predicted, _, _ = run_screen(items)
        summary = rates(items, predicted)
        assert summary["recall_by_signal"]["explicit"] >= 0.95, (name, summary)
        assert summary["recall_by_signal"]["indirect"] >= 0.80, (name, summary)
        assert summary["false_positive_rate"] <= 0.02, (name, summary)

