"""Secrets said aloud never reach storage: card numbers, passwords/PINs and
national id numbers are replaced before a turn or a memory is written.

Deliberately narrow: a card number must pass the Luhn check (so phone numbers
and order numbers stay), a password needs the words that introduce one ("my
password is ..."), an id number needs its exact shape (US SSN, Pakistani CNIC,
UK National Insurance).
"""

from __future__ import annotations

import re

CARD_MARK = "[card number removed]"
SECRET_MARK = "[secret removed]"
ID_MARK = "[id number removed]"

# 13-19 digits, optionally in groups separated by single spaces or dashes, as
# a token of their own: digits inside a longer word or dashed id (a UUID such as
# "28967970-3764-4b6a-...", an order code) are not a card number.
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?!\w|-\w)")
_SECRET = re.compile(
    r"\b((?:my|the|our)\s+(?:\w+\s+)?(?:password|passcode|passphrase|pin(?:\s+code)?|pin\s+number)"
    r"(?:\s+(?:is|was|=|:)|\s*[:=]))\s*(\S+)",
    re.IGNORECASE,
)
_IDS = (
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),  # US social security number
    re.compile(r"\b\d{5}-\d{7}-\d\b"),  # Pakistani CNIC
    re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE),  # UK NI number
)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return CARD_MARK if _luhn_ok(digits) else match.group(0)


def redact_secrets(text: str) -> str:
    """``text`` with card numbers, stated passwords/PINs and id numbers replaced."""
    if not any(char.isdigit() for char in text) and not re.search(r"pass|pin", text, re.IGNORECASE):
        return text  # the common case, cheaply
    text = _SECRET.sub(lambda m: f"{m.group(1)} {SECRET_MARK}", text)
    for pattern in _IDS:
        text = pattern.sub(ID_MARK, text)
    return _CARD.sub(_card, text)


def redact_json(value: object) -> object:
    """``value`` (parsed JSON: dicts, lists, strings, numbers) with every string
    redacted; keys too, since metadata keys can be derived from what was said."""
    if isinstance(value, str):
        return redact_secrets(value)
    if isinstance(value, dict):
        return {redact_secrets(k) if isinstance(k, str) else k: redact_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_json(item) for item in value]
    return value
