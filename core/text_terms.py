"""Word matching shared by every layer: the light English stemmer and the
BM25 term score.

They live at the bottom so that ranking (``rag_system``) and the SQLite
store's in-process lexical index (``infrastructure.storage.term_index``)
reduce words and score them the same way: the recall service hands the store
terms that ``rag_system`` already stemmed, and one stemmer keeps those terms
findable.
"""

from __future__ import annotations

import functools
import math
import unicodedata
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



@functools.cache
def _mark_table() -> dict[int, None]:
    """``str.translate`` table deleting every combining mark (Unicode category M*).

    Built on first non-ASCII text (~30 ms), not at import.
    """
    planes = [*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)]  # no marks elsewhere
    return {code: None for code in planes if unicodedata.category(chr(code))[0] == "M"}


def fold_marks(text: str) -> str:
    """Compatibility forms unified and combining marks dropped: accents, and in
    other scripts (Arabic/Urdu harakat and hamza, Devanagari vowel signs) so
    that a word typed with or without them reads the same. ASCII passes as is."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_mark_table())


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


# --------------------------------------------------------------------------
# Urdu function words
# --------------------------------------------------------------------------

# Urdu (``AGENT_LANGUAGE=ur``) in its own script and romanised as people type
# it. Like English stop words, these postpositions, auxiliaries, pronouns and
# question words occur in nearly every Urdu sentence: as query terms they
# would fill the handful of lexical terms a recall sends to the store with
# words that match everything. The romanised list leaves out spellings that
# are also English content words ("main", "par", "hum", "same").
URDU_SCRIPT_STOP_WORDS = frozenset(
    "ہے ہیں تھا تھی تھے ہوں ہو ہوا ہوئی ہوئے کا کی کے کو نے سے میں پر تک اور یا بھی نہیں نہ کیا کیوں"
    " کب کہاں کون کیسے کیسا کیسی یہ وہ جو جب تب ایک کوئی کچھ میرا میری میرے تیرا تیری تیرے آپ آپکا"
    " آپکی ہم ہمارا ہماری ہمارے تم تمہارا تمہاری اپنا اپنی اپنے گیا گئی گئے رہا رہی رہے کر کرنا"
    " کرتا کرتی کرتے تو ہی بہت".split()
)
ROMAN_URDU_STOP_WORDS = frozenset(
    "hai hain hay tha thi thay thae hoon hun hua hui huay hue ka ki ke ko ne se mein mai tak aur ya"
    " bhi nahi nahin na kya kyun kyon kab kahan kaun kaise kaisa kaisi yeh ye woh wo jab ek koi"
    " kuch kuchh mera meri mere tera teri tere aap apka apki aapka aapki hamara hamari hamare tum"
    " tumhara tumhari apna apni apne gaya gayi gaye raha rahi rahe karna karta karti karte toh tou"
    " bohat bahut".split()
)
URDU_STOP_WORDS = URDU_SCRIPT_STOP_WORDS | ROMAN_URDU_STOP_WORDS
