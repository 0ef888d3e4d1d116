"""Resolve spoken date expressions ("on Friday", "next week", "12 March")
against a reference time.

Used by the rule-based memory extractor so an event said on a Tuesday as
"my interview is on Friday" is stored with the actual date: weeks later
"Friday" alone would mean nothing. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2,
}

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# Only full names after "in": "in mar..." / "in may" as a verb are too easily something else.
_FULL_MONTH_NAMES = "|".join(name for name in MONTHS if len(name) > 3 or name == "may")
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"

# Past-tense cues decide whether a bare "12 March" means the last or the next one.
_PAST_CUES = re.compile(
    r"\b(was|were|went|had|did|visited|got|met|moved|ago|last|yesterday|flew|came|"
    r"started|finished|graduated|married|celebrated|lost|won)\b",
    re.IGNORECASE,
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("day_month", re.compile(rf"\b(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?({_MONTH_NAMES})\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE)),
    ("month_day", re.compile(rf"\b({_MONTH_NAMES})\s+(?:the\s+)?{_ORDINAL}\b(?:,?\s+(\d{{4}}))?", re.IGNORECASE)),
    ("relative_day", re.compile(
        r"\b(day after tomorrow|day before yesterday|the night before last|last night|today|tonight"
        r"|this (?:morning|afternoon|evening)|tomorrow|yesterday)\b",
        re.IGNORECASE,
    )),
    ("weekday", re.compile(rf"\b(?:(next|this|last|on|coming)\s+)?({_WEEKDAY_NAMES})\b", re.IGNORECASE)),
    ("relative_period", re.compile(r"\b(next|last|this|coming)\s+(week|weekend|month|year)\b", re.IGNORECASE)),
    ("in_n", re.compile(r"\bin\s+(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month)s?\b", re.IGNORECASE)),
    ("n_ago", re.compile(
        r"\b(\d{1,3}|a couple of|couple of|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month|year)s?\s+ago\b",
        re.IGNORECASE,
    )),
    # "in June", "in early March 2027": a month, not a day ("in June 3rd" is the day
    # pattern's) and not a name ("in May's class").
    ("in_month", re.compile(
        rf"\bin\s+(?:early\s+|late\s+|mid-?\s*)?({_FULL_MONTH_NAMES})\b(?!['\u2019]s\b)(?!\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\b)"
        r"(?:,?\s+(\d{4}))?",
        re.IGNORECASE,
    )),
]


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date expression found in text and the day it refers to (midnight,
    now's tz; the first day of a week, month or year said as one).
    ``description`` says it at the precision it was said with: "Friday 27
    November 2026", "the week of 1 December 2026", "June 2027"."""

    when: datetime
    phrase: str
    description: str = ""


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _count(token: str) -> int:
    token = " ".join(token.lower().split())
    return int(token) if token.isdigit() else _NUMBER_WORDS.get(token, 1)


def _safe_date(year: int, month: int, day: int, tz) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=tz)
    except ValueError:  # "31 February" and friends
        return None


def _month_day(month: int, day: int, year: str | None, today: datetime, past: bool) -> datetime | None:
    if year:
        return _safe_date(int(year), month, day, today.tzinfo)
    candidate = _safe_date(today.year, month, day, today.tzinfo)
    if candidate is None:
        return None
    if past and candidate > today:
        return _safe_date(today.year - 1, month, day, today.tzinfo)
    if not past and candidate < today - timedelta(days=1):
        return _safe_date(today.year + 1, month, day, today.tzinfo)
    return candidate


def resolve_date(text: str, now: datetime | None = None) -> ResolvedDate | None:
    """Return the first date expression in ``text`` resolved against ``now``.

    ``now`` defaults to the current UTC time; a naive ``now`` is taken as UTC.
    Returns None when the text holds no recognisable date.
    """
    now = now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    today = _midnight(now)
    past = bool(_PAST_CUES.search(text))

    best: tuple[int, ResolvedDate] | None = None
    for kind, pattern in _PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        when = _resolve_match(kind, match, today, past)
        if when is None:
            continue
        found = ResolvedDate(when=when, phrase=match.group(0).strip(), description=_described(kind, match, when))
        # The earliest mention wins; ties go to the more specific pattern (list order).
        if best is None or match.start() < best[0]:
            best = (match.start(), found)
    return best[1] if best else None


def _resolve_match(kind: str, match: re.Match[str], today: datetime, past: bool) -> datetime | None:
    if kind == "iso":
        return _safe_date(int(match[1]), int(match[2]), int(match[3]), today.tzinfo)
    if kind == "day_month":
        return _month_day(MONTHS[match[2].lower()], int(match[1]), match[3], today, past)
    if kind == "month_day":
        return _month_day(MONTHS[match[1].lower()], int(match[2]), match[3], today, past)
    if kind == "relative_day":
        word = match[1].lower()
        if word.startswith("day after"):
            return today + timedelta(days=2)
        offsets = {"tomorrow": 1, "yesterday": -1, "last night": -1, "day before yesterday": -2, "the night before last": -2}
        return today + timedelta(days=offsets.get(word, 0))
    if kind == "weekday":
        modifier = (match[1] or "").lower()
        target = WEEKDAYS[match[2].lower()]
        if modifier == "last" or (past and modifier in ("", "on")):
            back = (today.weekday() - target) % 7 or 7
            return today - timedelta(days=back)
        ahead = (target - today.weekday()) % 7
        if ahead == 0 and modifier != "this":
            ahead = 7
        return today + timedelta(days=ahead)
    if kind == "relative_period":
        direction = {"next": 1, "coming": 1, "last": -1, "this": 0}[match[1].lower()]
        unit = match[2].lower()
        if unit == "weekend":  # its Saturday
            # "last weekend": on a weekday the one just past (said on a Monday, two days back);
            # said on a Saturday or Sunday, the one before the weekend we are in.
            if direction < 0:
                back = (today.weekday() - 5) % 7
                return today - timedelta(days=back + 7 if back < 2 else back)
            if direction == 0 and today.weekday() == 6:  # "this weekend", said on its Sunday
                return today - timedelta(days=1)
            ahead = (5 - today.weekday()) % 7
            return today + timedelta(days=ahead + 7 * max(direction, 0) * (ahead == 0))
        days = {"week": 7, "month": 30, "year": 365}[unit]
        return today + timedelta(days=days * direction)
    if kind == "in_n":
        days = {"day": 1, "week": 7, "month": 30}[match[2].lower()]
        return today + timedelta(days=days * _count(match[1]))
    if kind == "n_ago":
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[match[2].lower()]
        return today - timedelta(days=days * _count(match[1]))
    if kind == "in_month":
        month = MONTHS[match[1].lower()]
        if match[2]:
            return _safe_date(int(match[2]), month, 1, today.tzinfo)
        this_year = _safe_date(today.year, month, 1, today.tzinfo)
        if this_year is None or month == today.month:
            return this_year
        if past:  # "we went to Lahore in June": the last June
            return this_year if month < today.month else _safe_date(today.year - 1, month, 1, today.tzinfo)
        return this_year if month > today.month else _safe_date(today.year + 1, month, 1, today.tzinfo)
    return None


def _described(kind: str, match: re.Match[str], when: datetime) -> str:
    """How a resolved expression reads in a stored memory: a day with its
    weekday, anything broader at the precision it was said with ("next
    month" is not a particular Saturday)."""
    if kind == "in_month" or (kind in ("relative_period", "in_n", "n_ago") and match[2].lower() != "day"):
        return _resolution(kind, match, when)
    return describe_date(when)


def describe_date(when: datetime) -> str:
    """A spoken-friendly absolute date, e.g. "Friday 27 November 2026"."""
    return f"{when.strftime('%A')} {when.day} {when.strftime('%B %Y')}"


# Expressions whose meaning depends on when they were said (absolute dates
# such as "12 March" are left as they are).
_RELATIVE_KINDS = ("relative_day", "weekday", "relative_period", "in_n", "n_ago", "in_month")


def annotate_dates(text: str, said_at: datetime | None) -> str:
    """``text`` with each relative date expression followed by what it meant
    when said: "yesterday" -> "yesterday [7 May 2023]", "last month" ->
    "last month [April 2023]", "last year" -> "last year [2022]".

    Read months later, "yesterday" is useless to a person or a search; the
    words themselves are kept, the resolution is added. A bare weekday ("I
    paint on Fridays") is a habit, not a date, and is left alone.
    """
    if said_at is None or not text:
        return text
    moment = said_at if said_at.tzinfo else said_at.replace(tzinfo=UTC)
    today = _midnight(moment)
    past = bool(_PAST_CUES.search(text))
    found: list[tuple[int, int, str]] = []
    for kind in _RELATIVE_KINDS:
        pattern = dict(_PATTERNS)[kind]
        for match in pattern.finditer(text):
            if kind == "weekday" and not match[1]:
                continue
            if kind == "in_month" and match[2]:
                continue  # "in June 2023" already says which June
            if any(start < match.end() and match.start() < end for start, end, _ in found):
                continue  # overlaps an expression already resolved
            when = _resolve_match(kind, match, today, past)
            if when is None:
                continue
            found.append((match.start(), match.end(), _resolution(kind, match, when)))
    for _, end, note in sorted(found, reverse=True):
        text = f"{text[:end]} [{note}]{text[end:]}"
    return text


def _resolution(kind: str, match: re.Match[str], when: datetime) -> str:
    """The resolved expression at the precision it was said with."""
    if kind == "in_month":
        return f"{when.strftime('%B')} {when.year}"
    unit = match[2].lower() if kind in ("relative_period", "n_ago", "in_n") else "day"
    if unit == "year":
        return f"{when.year}"
    if unit == "month":
        return f"{when.strftime('%B')} {when.year}"
    if unit == "weekend":
        return f"the weekend of {when.day} {when.strftime('%B')} {when.year}"
    if unit == "week":
        return f"the week of {when.day} {when.strftime('%B')} {when.year}"
    return f"{when.day} {when.strftime('%B')} {when.year}"
