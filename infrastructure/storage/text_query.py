"""Turning arbitrary user text into a safe full-text query.

Users say things like ``"*NEAR(`` or ``'); DROP TABLE``; FTS5 and tsquery both
have their own syntax and raise on malformed input. Instead of escaping that
syntax we keep only word characters, so the query language never sees an
operator, and OR the words so a memory matching some of them still ranks.
"""

from __future__ import annotations

import re

# Letters and digits of any script; underscores split words because both
# tokenizers treat them as separators.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Long utterances would make a huge OR query for little gain in ranking.
MAX_QUERY_TERMS = 32


def query_terms(text: str, *, max_terms: int = MAX_QUERY_TERMS) -> list[str]:
    """Distinct lower-cased words of ``text`` in order of first appearance."""
    if not isinstance(text, str):
        return []
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text):
        seen.setdefault(match.group(0).lower(), None)
        if len(seen) >= max_terms:
            break
    return list(seen)


def fts5_match(terms: list[str]) -> str:
    """FTS5 MATCH expression: each word as a quoted string, ORed."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def tsquery_text(terms: list[str]) -> str:
    """Input for ``to_tsquery``: words joined by ``|`` (words carry no operators)."""
    return " | ".join(terms)
