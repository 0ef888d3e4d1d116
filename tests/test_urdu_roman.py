"""Urdu script romanised for the safety model (``core.urdu_roman``)."""

from __future__ import annotations

import pytest

from core.urdu_roman import romanise, romanise_word


@pytest.mark.parametrize(
    ("urdu", "roman"),
    [
        ("مجھے بہت ڈر لگ رہا ہے", "mujhe bahut dar lag raha hai"),
        ("وہ مجھے مارتا ہے", "wo mujhe maarta hai"),
        ("میں نہیں جانتا", "main nahi janta"),
    ],
)
def test_common_words_take_their_usual_chat_spelling(urdu: str, roman: str) -> None:
    assert romanise(urdu) == roman


def test_other_words_are_spelled_letter_by_letter() -> None:
    # Written vowels only, as romanised Urdu is often typed; a final he after a consonant is "a".
    assert romanise_word("کمرا") == "kmra"
    assert romanise_word("بستر") == "bstr"
    assert romanise_word("یقین") == "yqin"
    assert romanise_word("ڈبہ") == "dba"
    assert romanise_word("وعدہ") == "wda"


def test_punctuation_digits_and_other_scripts_are_kept() -> None:
    assert romanise("آج رات، ۱۰ بجے۔") == "aaj raat, 10 bje."
    assert romanise("کیا تم ٹھیک ہو؟") == "kya tum theek ho?"
    mixed = "yaar مجھے help چاہیے 😟"
    assert romanise(mixed) == "yaar mujhe help chahiye 😟"
    for text in ("", "I'm fine, thanks", "mujhe bahut dar lag raha hai", "Grüße, café"):
        assert romanise(text) == text
