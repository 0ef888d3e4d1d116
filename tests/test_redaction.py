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


def test_ids_with_long_digit_runs_are_not_card_numbers():
    # A session id whose first 13 digits pass the Luhn check was once stored
    # as "[card number removed]b6a-..." and lost its provenance.
    said = "28967970-3764-4b6a-9764-0d3353a47c65"
    assert redact_secrets(said) == said
    assert redact_secrets(f"session {said} ended") == f"session {said} ended"


def test_no_uuid_is_ever_redacted():
    import random
    import uuid

    rng = random.Random(7)
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(20_000)]
    # Ids made of digit-heavy segments, the shape that used to be mistaken for a card.
    ids += [f"{rng.randrange(10**8):08d}-{rng.randrange(10**4):04d}-4{rng.randrange(10**3):03d}-a000-000000000000"
            for _ in range(5_000)]
    changed = [i for i in ids if redact_secrets(i) != i]
    assert changed == []


def test_a_card_number_next_to_punctuation_is_still_found():
    assert redact_secrets("card:4111111111111111.") == f"card:{CARD_MARK}."
    assert redact_secrets("(4111 1111 1111 1111)") == f"({CARD_MARK})"
