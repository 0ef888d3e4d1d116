"""Turning arbitrary user text into query words.

Users say things like ``"*NEAR(`` or ``'); DROP TABLE``; tsquery has its own
syntax and raises on malformed input. Instead of escaping that syntax we keep
only word characters, so the query language never sees an operator, and OR
the words so a memory matching some of them still ranks. (The SQLite store's
in-process index reads words with ``term_index.index_terms``, on the same
word pattern and stop words.)
"""

from __future__ import annotations

import re

from core.text_terms import URDU_STOP_WORDS, fold_marks

# Letters and digits of any script; underscores split words because both
# tokenizers treat them as separators.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Long utterances would make a huge OR query for little gain in ranking.
MAX_QUERY_TERMS = 32

# PostgreSQL's english stop list, and Urdu function words (core.text_terms). (tsearch_data/english.stop). Spoken queries are
# full of these; ORed into a query each one matches nearly every row and turns
# a lookup into a scan of the user's memories, while adding no ranking signal.
# PostgreSQL drops the same English words itself, and so does the SQLite store's term
# index, so both backends agree. Urdu words are listed as typed and as the
# SQLite index reads them (marks folded: "آپ" -> "اپ").
STOP_WORDS = frozenset(
    ["i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now"]
) | URDU_STOP_WORDS | frozenset(fold_marks(word) for word in URDU_STOP_WORDS)


def query_terms(text: str, *, max_terms: int = MAX_QUERY_TERMS) -> list[str]:
    """Distinct lower-cased words of ``text`` (stop words dropped), in order of first appearance."""
    if not isinstance(text, str):
        return []
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        if word in STOP_WORDS:
            continue
        seen.setdefault(word, None)
        if len(seen) >= max_terms:
            break
    return list(seen)


def tsquery_text(terms: list[str]) -> str:
    """Input for ``to_tsquery``: words joined by ``|`` (words carry no operators)."""
    return " | ".join(terms)
