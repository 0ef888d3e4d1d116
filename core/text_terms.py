"""The light English stemmer shared by every layer that matches words.

It lives at the bottom so that ranking (``rag_system``) and the SQLite store's
in-process lexical index (``infrastructure.storage.term_index``) reduce words
the same way: the recall service hands the store terms that ``rag_system``
already stemmed, and one stemmer keeps those terms findable.
"""

from __future__ import annotations

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
