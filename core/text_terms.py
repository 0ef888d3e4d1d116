"""Word matching shared by every layer: the light English stemmer and the
BM25 term score.

They live at the bottom so that ranking (``rag_system``) and the SQLite
store's in-process lexical index (``infrastructure.storage.term_index``)
reduce words and score them the same way: the recall service hands the store
terms that ``rag_system`` already stemmed, and one stemmer keeps those terms
findable.
"""

from __future__ import annotations

import math
from typing import Any


def bm25_idf(documents: int, frequency: int) -> float:
    """Robertson-Sparck Jones idf as Lucene has it: always > 0, so every
    document holding the term scores above zero."""
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def bm25_term_scores(idf: float, tfs: Any, lengths: Any, average_length: float, k1: float, b: float) -> Any:
    """Okapi BM25 contribution of one term to the documents holding it
    (numpy arrays of their term frequencies and lengths)."""
    norm = k1 * (1.0 - b + b * lengths / max(average_length, 1e-9))
    return idf * tfs * (k1 + 1.0) / (tfs + norm)

_IRREGULAR = {
    "children": "child",
    "went": "go",
    "gone": "go",
    "goes": "go",
    "ran": "run",
    "bought": "buy",
    "ate": "eat",
    "eaten": "eat",
    "saw": "see",
    "seen": "see",
    "took": "take",
    "taken": "take",
    "made": "make",
    "met": "meet",
    "felt": "feel",
    "told": "tell",
    "said": "say",
    "thought": "think",
    "found": "find",
    "gave": "give",
    "given": "give",
    "began": "begin",
    "begun": "begin",
    "wrote": "write",
    "written": "write",
    "read": "read",
    "did": "do",
    "done": "do",
    "men": "man",
    "women": "woman",
    "people": "person",
    "mice": "mouse",
    "feet": "foot",
    "teeth": "tooth",
}


def stem(word: str) -> str:
    """A light, conservative English stemmer (plural, -ing, -ed, -ly).

    Light on purpose: over-stemming merges unrelated words and costs
    precision; applied identically to queries and documents.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4:
        word = _undouble(word[:-2])
    elif word.endswith("ly") and len(word) > 5:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word
