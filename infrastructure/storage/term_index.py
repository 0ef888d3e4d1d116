"""In-process BM25 over one user's memories, for the SQLite backend.

FTS5's ``bm25()`` is computed for every matching row of every user before the
user filter applies (~2.5 us a row), so a lookup cost grew with the whole
file. This index holds one user's words only: a query touches the postings of
its own words in its own user's memories, and nothing else.

The index is incremental (memories are added every turn): postings are
dicts keyed by a document slot, and the numpy arrays a search scores are
built per word on first use; a new document extends the arrays of its words,
and removing or rewriting one drops the arrays of its words only.
Statistics (document count, average length, document frequency) are per user.
Pure: no I/O and no locking (``user_index.UserIndex`` guards it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

from core.text_terms import bm25_idf, bm25_term_scores, fold_marks, stem
from infrastructure.storage.text_query import MAX_QUERY_TERMS, STOP_WORDS

# Letters and digits of any script; underscores split words (as in text_query).
_WORD = re.compile(r"[^\W_]+")
_INITIAL_SLOTS = 64
# Okapi BM25 parameters, as FTS5 and rag_system.BM25 use them.
_K1 = 1.2
_B = 0.75


# Most words recur: remembering their stems makes reading a user's memories
# ~1.5x faster. Bounded by starting over (dict operations are atomic under the GIL).
_STEMS: dict[str, str] = {}
_MAX_STEMS = 1 << 17


def index_terms(text: str) -> list[str]:
    """The terms of ``text``, in order, repeats kept: how documents and queries are read.

    Case-folded; compatibility forms (ligatures, full-width letters) unified;
    combining marks dropped: accents, like FTS5's ``remove_diacritics``, and in
    other scripts (Arabic harakat, Devanagari vowel signs) so that words stay
    whole, since the word pattern stops at a mark. Stop words are dropped and
    the rest reduced by the light English stemmer.
    """
    if not isinstance(text, str):
        return []
    text = text.casefold()
    text = fold_marks(text)
    stems = _STEMS
    terms = []
    for word in _WORD.findall(text):
        if word in STOP_WORDS:
            continue
        term = stems.get(word)
        if term is None:
            if len(stems) >= _MAX_STEMS:
                stems.clear()
            term = stems[word] = stem(word)
        terms.append(term)
    return terms


def search_terms(text: str, *, max_terms: int = MAX_QUERY_TERMS) -> list[str]:
    """Distinct ``index_terms`` of a query, in order of first appearance (at most ``max_terms``)."""
    return list(dict.fromkeys(index_terms(text)))[:max_terms]


class TermIndex:
    """BM25 over one user's documents, keyed by memory id. Not thread-safe."""

    def __init__(self) -> None:
        self._slot_of: dict[str, int] = {}
        self._ids: list[str | None] = []  # slot -> memory id; None marks a free slot
        self._free: list[int] = []
        self._terms_of: list[tuple[str, ...]] = []  # slot -> its distinct terms (to unindex it)
        self._lengths = np.zeros(_INITIAL_SLOTS, dtype=np.float64)  # slot -> number of terms
        self._total_length = 0
        self._postings: dict[str, dict[int, int]] = {}  # term -> {slot: term frequency}
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (slots, frequencies)
        # Score accumulator; all zeros between searches, so a search clears
        # only the slots it touched instead of allocating per query.
        self._scores = np.zeros(_INITIAL_SLOTS, dtype=np.float64)

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, memory_id: object) -> bool:
        return memory_id in self._slot_of

    def document_frequency(self, term: str) -> int:
        return len(self._postings.get(term, ()))

    def add(self, memory_id: str, terms: Sequence[str]) -> None:
        """Index a document (its ``index_terms``), replacing one with the same id."""
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
        slot = self._slot_of.get(memory_id)
        if slot is not None:
            old = self._terms_of[slot]
            if len(old) == len(counts) and all(self._postings[t][slot] == counts.get(t) for t in old):
                return  # same words (an importance or kind update): keep every cached array
            self._unindex(slot)
        else:
            slot = self._take_slot(memory_id)
        postings, arrays = self._postings, self._arrays
        for term, count in counts.items():
            docs = postings.get(term)
            if docs is None:
                postings[term] = {slot: count}
            else:
                docs[slot] = count
            cached = arrays.get(term) if arrays else None
            if cached is not None:
                # The document is new to this term, so it goes last in its
                # postings: extending the arrays (a copy in C) keeps them valid,
                # where rebuilding them on the next search would cost ~0.1 us
                # a posting (~1 ms for a word in 10k memories) every turn.
                arrays[term] = (np.append(cached[0], slot), np.append(cached[1], float(count)))
        self._terms_of[slot] = tuple(counts)
        self._lengths[slot] = len(terms)
        self._total_length += len(terms)

    def remove(self, memory_id: str) -> None:
        slot = self._slot_of.pop(memory_id, None)
        if slot is None:
            return
        self._unindex(slot)
        self._ids[slot] = None
        self._free.append(slot)

    def search(
        self,
        terms: Iterable[str],
        limit: int,
        *,
        common_min_docs: float = math.inf,
        common_share: float = 1.0,
    ) -> list[tuple[str, float]]:
        """(memory id, BM25 score) best first, for documents holding any of ``terms``.

        A term found in more than ``common_min_docs`` documents and over
        ``common_share`` of them is skipped: its weight is ~0 and its postings
        are the longest to score. Cost: the postings of the other terms.
        """
        documents = len(self._slot_of)
        if documents == 0 or limit <= 0:
            return []
        average_length = self._total_length / documents
        scores = self._scores
        fresh: list[np.ndarray] = []
        try:
            for term in dict.fromkeys(terms):
                frequency = self.document_frequency(term)
                if frequency == 0 or (frequency > common_min_docs and frequency > common_share * documents):
                    continue
                slots, tfs = self._postings_arrays(term)
                # A zero accumulator means "not matched by an earlier term":
                # collecting those gives the candidates without a sort or a set.
                fresh.append(slots[scores[slots] == 0.0])
                scores[slots] += bm25_term_scores(
                    bm25_idf(documents, frequency), tfs, self._lengths[slots], average_length, _K1, _B
                )
            if not fresh:
                return []
            candidates = np.concatenate(fresh)
            found = scores[candidates]
        finally:
            for part in fresh:
                scores[part] = 0.0
        if len(candidates) > limit:
            best = np.argpartition(-found, limit - 1)[:limit]
        else:
            best = np.arange(len(candidates))
        best = best[np.argsort(-found[best], kind="stable")]
        ids = self._ids
        return [(ids[candidates[i]], float(found[i])) for i in best]

    # --- internals ------------------------------------------------------------

    def _take_slot(self, memory_id: str) -> int:
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = memory_id
        else:
            slot = len(self._ids)
            self._ids.append(memory_id)
            self._terms_of.append(())
            if slot == len(self._lengths):
                self._lengths = np.concatenate([self._lengths, np.zeros_like(self._lengths)])
                self._scores = np.concatenate([self._scores, np.zeros_like(self._scores)])
        self._slot_of[memory_id] = slot
        return slot

    def _unindex(self, slot: int) -> None:
        for term in self._terms_of[slot]:
            postings = self._postings[term]
            del postings[slot]
            if not postings:
                del self._postings[term]
            self._arrays.pop(term, None)
        self._terms_of[slot] = ()
        self._total_length -= int(self._lengths[slot])
        self._lengths[slot] = 0

    def _postings_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        arrays = self._arrays.get(term)
        if arrays is None:
            postings = self._postings[term]
            arrays = (
                np.fromiter(postings.keys(), dtype=np.intp, count=len(postings)),
                np.fromiter(postings.values(), dtype=np.float64, count=len(postings)),
            )
            self._arrays[term] = arrays
        return arrays
