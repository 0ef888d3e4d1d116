"""Secrets said aloud are replaced before anything is stored (core.redaction)."""

from __future__ import annotations

import pytest

from core.redaction import CARD_MARK, ID_MARK, SECRET_MARK, redact_secrets


@pytest.mark.parametrize(
    "said, expected",
    [
        ("my card is 4111 1111 1111 1111 thanks", f"my card is {CARD_MARK} thanks"),
        ("card 5500-0000-0000-0004", f"card {CARD_MARK}"),
        ("My password is hunter2!", f"My password is {SECRET_MARK}"),
        ("the wifi password: s3cret", f"the wifi password: {SECRET_MARK}"),
        ("my PIN is 4921", f"my PIN is {SECRET_MARK}"),
        ("SSN 123-45-6789 on file", f"SSN {ID_MARK} on file"),
        ("CNIC 35202-1234567-1", f"CNIC {ID_MARK}"),
        ("NI number AB 12 34 56 C", f"NI number {ID_MARK}"),
    ],
)
def test_secrets_are_replaced(said, expected):
    assert redact_secrets(said) == expected


@pytest.mark.parametrize(
    "said",
    [
        "My phone number is 0300 1234567.",
        "Order 1234567890123 arrived",  # 13 digits, not Luhn-valid
        "I pinned the photo and passed the exam in 2024.",
        "User has a job interview on Friday.",
    ],
)
def test_ordinary_words_and_numbers_stay(said):
    assert redact_secrets(said) == said
