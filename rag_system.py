"""Retrieval and ranking for long-term memory: pure computation, no I/O.

The production flow (``services/rag_service.py``) is:

1. ``build_recall_query(recent_turns, message, now, config)`` turns the
   conversation into a :class:`RecallQuery`: text to embed (weighted toward the
   new message), lexical terms with weights (stopwords removed, light stemming,
   generic synonym expansion) and, when the words ask for it, a resolved
   :class:`TimeWindow` ("last week", "in May", "two days ago", ...).
2. The caller fetches candidates: dense top-N (cosine) and lexical top-N from
   the store, and wraps each hit with :meth:`Candidate.from_memory`.
3. ``rank_candidates(query, dense_hits, lexical_hits, now, config, limit)``
   fuses the two lists (weighted reciprocal-rank fusion), applies time
   awareness (window boost, temporal-intent boost, gentle recency decay),
   importance and access frequency, then collapses near-duplicates with an
   MMR-style diversity pass.
4. ``format_context(ranked, now)`` renders the delimited block injected into
   the LLM turn, with human-readable relative dates.

:class:`InMemoryIndex` (numpy dense search + BM25) generates candidates for the
benchmark and tests, where there is no database.

Every stage is switchable through :class:`RetrievalConfig` so the benchmark
can report what each one adds.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from core.text_terms import URDU_STOP_WORDS, bm25_idf, bm25_term_scores, stem

__all__ = [
    "BM25",
    "Candidate",
    "InMemoryIndex",
    "RankedMemory",
    "RecallQuery",
    "RetrievalConfig",
    "TimeWindow",
    "build_recall_query",
    "content_terms",
    "drop_name_only_hits",
    "expand_terms",
    "format_context",
    "memory_date_label",
    "has_time_expression",
    "humanize_age",
    "feedback_vector",
    "linked_terms",
    "rank_candidates",
    "recall_context_text",
    "reciprocal_rank_fusion",
    "resolve_time_window",
    "speaker_names",
    "stem",
    "tokenize",
]


# --------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RetrievalConfig:
    """Switches and weights for every stage. Defaults are the measured best
    generic settings (see ``python -m bench.retrieval --ablation``)."""

    # --- stages (each can be switched off for ablation) -------------------
    conversation_query: bool = True  # use recent turns, not only the new message
    lexical: bool = True  # BM25 / full-text candidates
    dense: bool = True  # embedding candidates
    fusion: bool = True  # weighted RRF; off = dense ranking first, lexical-only hits after
    query_expansion: bool = True  # stemming variants + synonyms (+ PRF in InMemoryIndex)
    time_window: bool = True  # boost memories inside a resolved "last week"/"in May" window
    temporal_intent: bool = True  # "when ...?" favours memories that mention a time
    time_decay: bool = True  # gentle recency preference
    importance: bool = True
    frequency: bool = True  # how often a memory was recalled before
    dedup_rerank: bool = True  # collapse near-duplicates, MMR-style diversity
    # Lexical hits that share no word with the question but a speaker's name
    # are dropped: every episode starts with its speaker's name ("John: Take
    # care!"), so for "what might John's financial status be?" the shortest
    # of John's turns out-scored anything about money. Who a memory is from is
    # the speaker_match factor's job. Off: on LoCoMo-dev R@10 moved +0.003 /
    # +0.000 (SQLite, conversations 0-2 / 3-4) and +0.006 / -0.003 (PostgreSQL).
    name_only_hits: bool = False
    neighbor_context: bool = True  # score with adjacent-turn text when candidates carry it
    speaker_match: bool = True  # the query names who said/owns a memory (metadata "speaker")
    # A lexical pass on terms linked from the first hits (multi-hop). Off: on
    # LoCoMo-dev it moved R@10 by -0.008 (SQLite) and -0.003 (PostgreSQL).
    second_hop: bool = False
    # A question bound to a time ("what did I say on 3 June?", "last weekend")
    # also gets the best matches, by vector, among what was said inside that
    # window: the whole-store searches rank a day's few turns against
    # thousands, and the window boost only reorders what they already found.
    window_search: bool = True
    # Pseudo-relevance feedback on the dense side (Rocchio): a second vector
    # search for the query moved towards its best dense hits, fused as its own
    # ranked list. Evidence for a list question ("what activities does she
    # do?") is the same kind of thing told in other words; the first hits say
    # what kind of thing that is better than the question does.
    dense_feedback: bool = False
    # The speakers' names taken out of the message before it is embedded. Every
    # episode's text starts with its speaker ("Anna: ..."), so a question that
    # names Anna sits near all of Anna's turns alike, and the name crowds out
    # what is asked about; who said it is weighed by ``speaker_match`` instead.
    # On its own it was a trade (split halves: R@10 flat, multi-hop up, temporal
    # down). With the learned fusion also reading that vector against every
    # candidate (``subject_cosine``), held-out R@10 rose on both halves and both
    # stores. The one vector serves the search and the signal; keeping the search
    # on the message as asked needs a second embedding on the turn for nearly the
    # same gain (README, Benchmarks).
    dense_without_speakers: bool = True
    # One fitted scorer over the same signals (services.recall_fusion: a
    # linear part and a small hidden layer) in place of the RRF weights and
    # hand-set factors, which stay as its inputs. Fitted on LoCoMo-dev pools;
    # held out by split halves, R@10 rose on both halves and both stores
    # (python -m bench.fusion_fit --split). Only RagService applies it (it
    # holds the weights), so it is not among stage_names(), which the
    # in-memory ablation walks; off, the hand-set path.
    learned_fusion: bool = True

    # --- fusion ------------------------------------------------------------
    # Measured on LoCoMo-dev: a small k sharpens the top ranks, and exact words
    # (names, objects) beat MiniLM paraphrase matching, so lexical leads.
    rrf_k: float = 20.0
    dense_weight: float = 0.4
    lexical_weight: float = 1.0

    # --- second hop (rag_system.linked_terms) --------------------------------
    # A second lexical search for the question's terms together with the
    # names and shared topic words of the first lexical hits, fused at a lower
    # weight: evidence for "what do her kids like?" is spread over turns that
    # share the kids' names or the activity, not the question's words.
    second_hop_weight: float = 0.35
    second_hop_docs: int = 5  # first hits mined for linking terms ...
    second_hop_terms: int = 4  # ... at most this many of them

    # --- the time window's own search -------------------------------------------
    window_search_weight: float = 1.0  # RRF weight of its ranking: as strong as the lexical list
    window_search_max_days: float = 8.0  # a day or a week; months and "recently" are left to the boost

    # --- dense feedback ----------------------------------------------------------
    dense_feedback_docs: int = 3  # best dense hits averaged into the moved query ...
    dense_feedback_beta: float = 0.7  # ... at this share against the query's own (unit) vector
    dense_feedback_weight: float = 0.3  # RRF weight of its ranking (the dense list's is dense_weight)

    # --- BM25 --------------------------------------------------------------
    bm25_k1: float = 1.2
    bm25_b: float = 0.5  # memories are short and similar in length: weak length normalisation
    expansion_weight: float = 0.35  # weight of synonym terms relative to the originals
    prf_docs: int = 3  # pseudo-relevance feedback: top docs to mine ...
    prf_terms: int = 5  # ... for this many extra terms
    prf_weight: float = 0.25

    # --- neighbour context -------------------------------------------------
    # How much a turn's window score counts vs its own: max(own, w*window + (1-w)*own).
    # Words from neighbours are strong evidence (who asked what), a window
    # vector is a blurrier one, hence a higher lexical weight.
    context_weight: float = 0.7  # dense
    lexical_context_weight: float = 0.85

    # --- conversation-aware query ------------------------------------------
    recent_turns_used: int = 3
    message_weight: float = 0.7  # share of the new message in the blended query vector

    # --- time ----------------------------------------------------------------
    window_boost: float = 0.5  # multiplicative boost inside the window
    window_falloff_days: float = 7.0  # soft edge: boost fades over this distance
    temporal_intent_boost: float = 0.15
    recency_half_life_days: float = 180.0
    recency_weight: float = 0.1  # at most this much is taken off for age

    # --- who a memory is about/from ---------------------------------------------
    # A question that names someone is about what they said: 0.6, not 0.15.
    # Split-half on LoCoMo-dev (SQLite, R@10): tuned on conversations 0-2
    # (0.15 / 0.3 / 0.6 / 1.0: 0.789 / 0.802 / 0.807 / 0.806), held out 3-4
    # 0.769 -> 0.770 (multi-hop 0.415 -> 0.435); tuned on 3-4 the best were
    # 0.3 and 0.6 (0.770), held out 0-2 +0.013 / +0.018. 1.0 cost single-hop.
    speaker_boost: float = 0.6

    # --- importance / frequency ----------------------------------------------
    importance_weight: float = 0.2  # importance 1.0 -> +10%, 0.0 -> -10%
    frequency_weight: float = 0.05  # per log(1+access_count), capped below
    frequency_cap: float = 0.15

    # --- de-duplication / diversity ------------------------------------------
    duplicate_threshold: float = 0.9  # similarity at which two memories are the same
    # 1.0 = pure relevance (near-duplicates are still collapsed). Evidence for one
    # question often resembles itself (three turns about the same trip), and a
    # redundancy penalty pushed some of it out: on held-out pools, 1.0 against 0.9
    # read R@10 +0.002 / +0.003 and multi-hop +0.010 / +0.005 with the learned
    # fusion (MiniLM / e5), and the same for the hand-set path (README, Benchmarks).
    mmr_lambda: float = 1.0

    def without(self, *stages: str) -> RetrievalConfig:
        """A copy with the named boolean stages switched off."""
        return replace(self, **{name: False for name in stages})

    @staticmethod
    def stage_names() -> tuple[str, ...]:
        """The boolean stage switches, in pipeline order (for ablation tables)."""
        return (
            "conversation_query",
            "lexical",
            "dense",
            "fusion",
            "query_expansion",
            "time_window",
            "temporal_intent",
            "time_decay",
            "importance",
            "frequency",
            "dedup_rerank",
            "neighbor_context",
            "speaker_match",
            "name_only_hits",
            "second_hop",
            "window_search",
        )


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    """Something that can be recalled: a stored memory or a benchmark document.

    ``context_text`` is optional text around it (e.g. the previous and next
    conversation turns) that helps match questions phrased differently from
    the memory itself. ``embedding`` (L2-normalised) enables semantic
    de-duplication; without it, word overlap is used.
    """

    id: str
    text: str
    event_time: datetime | None = None
    importance: float = 0.5
    access_count: int = 0
    last_accessed_at: datetime | None = None
    kind: str | None = None
    context_text: str | None = None
    embedding: np.ndarray | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    memory: Any = None  # the core.models.Memory it came from, if any

    @classmethod
    def from_memory(cls, memory: Any) -> Candidate:
        """Wrap a ``core.models.Memory``; neighbour text is read from
        ``memory.metadata["context"]`` when present."""
        metadata = dict(memory.metadata or {})
        context = metadata.get("context")
        kind = getattr(memory.kind, "value", memory.kind)
        return cls(
            id=memory.id,
            text=memory.content,
            event_time=memory.event_time,
            importance=float(memory.importance),
            access_count=int(memory.access_count or 0),
            last_accessed_at=memory.last_accessed_at,
            kind=kind,
            context_text=context if isinstance(context, str) and context.strip() else None,
            embedding=memory.embedding,
            metadata=metadata,
            memory=memory,
        )


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A resolved time reference: [start, end) in the timezone of ``now``."""

    start: datetime
    end: datetime
    phrase: str
    relative: bool = True  # "last week" (depends on now) vs "in June 2023" / "in 2022"

    def contains(self, moment: datetime) -> bool:
        return self.start <= _align(moment, self.start) < self.end

    def distance_days(self, moment: datetime) -> float:
        """0 inside the window, else days to its nearest edge."""
        moment = _align(moment, self.start)
        if moment < self.start:
            return (self.start - moment).total_seconds() / 86400.0
        if moment >= self.end:
            return (moment - self.end).total_seconds() / 86400.0
        return 0.0


@dataclass(slots=True)
class RecallQuery:
    """What to search for, derived from the conversation.

    * ``text``: the string to embed when one vector is wanted (new message
      first, then recent turns, so truncation keeps the message).
    * ``message`` / ``context_text``: embed both and :meth:`blend` them for a
      query vector weighted toward the new message.
    * ``term_weights``: stemmed lexical terms -> weight (expansions lower).
    * ``lexical_text``: the same terms as a plain string for a store's
      full-text search.
    """

    text: str
    message: str
    context_text: str | None
    term_weights: dict[str, float]
    lexical_text: str
    expansions: list[str]
    time_window: TimeWindow | None
    temporal_intent: bool
    message_weight: float = 0.7
    # The message embedded without the speakers' names, set by the recall once
    # embedded: the learned fusion's ``subject_cosine`` compares it with every
    # candidate's vector, lexical hits included (services.recall_fusion).
    subject_vector: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def lexical_terms(self) -> list[str]:
        return list(self.term_weights)

    def blend(self, message_vector: np.ndarray, context_vector: np.ndarray | None) -> np.ndarray:
        """Weighted, re-normalised mix of the message and context vectors."""
        message_vector = np.asarray(message_vector, dtype=np.float32)
        if context_vector is None or self.context_text is None:
            return _normalise(message_vector)
        mixed = self.message_weight * message_vector + (1.0 - self.message_weight) * np.asarray(
            context_vector, dtype=np.float32
        )
        return _normalise(mixed)


@dataclass(slots=True)
class RankedMemory:
    """A ranked recall result with the evidence for its score."""

    candidate: Candidate
    score: float
    dense_rank: int | None = None  # 1-based rank in the dense list
    lexical_rank: int | None = None
    linked_rank: int | None = None  # 1-based rank in the second-hop lexical list
    window_rank: int | None = None  # 1-based rank in the time window's own search
    feedback_rank: int | None = None  # 1-based rank in the dense feedback search
    dense_score: float | None = None
    lexical_score: float | None = None
    factors: dict[str, float] = field(default_factory=dict)  # multiplicative adjustments
    duplicates: list[str] = field(default_factory=list)  # ids collapsed into this one

    @property
    def id(self) -> str:
        return self.candidate.id

    @property
    def text(self) -> str:
        return self.candidate.text


# --------------------------------------------------------------------------
# Text processing
# --------------------------------------------------------------------------

# Letters and digits of any script (Urdu in its own script as well as
# romanised), as the stores read words; an English contraction stays one token.
_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")

# Function words and question scaffolding: they match everything and nothing.
STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his", "how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "let's", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "same", "shan't", "she", "she'd", "she'll", "she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where", "where's", "which", "while", "who", "who's", "whom", "why", "why's", "with", "won't", "would", "wouldn't", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves", "also", "just", "really", "will", "shall", "may", "might", "must", "got", "get", "gets", "getting", "yeah", "yes", "oh", "ok", "okay", "hey", "hi", "hello", "um", "uh", "like", "well", "so", "much", "many", "lot", "lots", "thing", "things", "s", "t", "d", "ll", "m", "re", "ve", "kind", "sort"]
)

# Generic English synonyms/near-synonyms, grouped; every word in a group
# expands to the others. Keyed to everyday conversation, not to any dataset.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("mom", "mother", "mum", "mommy"),
    ("dad", "father", "daddy"),
    ("kid", "child", "children", "son", "daughter"),
    ("husband", "wife", "spouse", "partner"),
    ("job", "work", "career", "employment", "profession"),
    ("car", "vehicle", "automobile"),
    ("dog", "puppy", "pup"),
    ("cat", "kitten", "kitty"),
    ("pet", "dog", "cat"),
    ("doctor", "physician", "gp"),
    ("sick", "ill", "illness", "unwell"),
    ("happy", "glad", "joy", "joyful"),
    ("sad", "unhappy", "down", "upset"),
    ("trip", "travel", "vacation", "holiday", "journey"),
    ("house", "home", "apartment", "flat"),
    ("movie", "film"),
    ("book", "novel", "read"),
    ("song", "music", "tune"),
    ("painting", "paint", "art", "artwork"),
    ("photo", "picture", "photograph", "pic"),
    ("friend", "buddy", "pal"),
    ("buy", "bought", "purchase", "purchased"),
    ("hobby", "pastime", "interest"),
    ("exercise", "workout", "gym", "fitness"),
    ("run", "running", "jog", "jogging"),
    ("school", "class", "course", "study", "education"),
    ("meal", "food", "dinner", "lunch", "breakfast", "eat", "ate"),
    ("wedding", "marriage", "married"),
    ("birthday", "bday"),
    ("favorite", "favourite", "prefer", "love"),
    ("anxious", "anxiety", "nervous", "worried", "stress", "stressed"),
    ("volunteer", "volunteering", "charity"),
    ("sport", "sports", "game"),
    ("instrument", "guitar", "piano", "violin", "drum"),
)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of any script; a trailing possessive ``'s`` is dropped.

    Words are kept as typed (no mark folding): the terms go to the store's
    full-text search, and PostgreSQL indexes words with their marks."""
    lowered = text.lower().replace("\u2019", "'")
    if not lowered.isascii():
        lowered = unicodedata.normalize("NFC", lowered)
    tokens = []
    for token in _TOKEN_RE.findall(lowered):
        token = token.removesuffix("'s")
        tokens.append(token)
    return tokens


def content_terms(text: str) -> list[str]:
    """Stemmed tokens without stopwords (the lexical view of a text)."""
    return [stem(token) for token in tokenize(text) if token not in STOPWORDS and token not in URDU_STOP_WORDS]


def _build_synonym_map() -> dict[str, set[str]]:
    mapping: dict[str, set[str]] = {}
    for group in _SYNONYM_GROUPS:
        stems = {stem(word) for word in group}
        for word in stems:
            mapping.setdefault(word, set()).update(stems - {word})
    return mapping


_SYNONYMS = _build_synonym_map()


def expand_terms(terms: Iterable[str]) -> list[str]:
    """Synonyms of already-stemmed terms (excluding the terms themselves)."""
    present = set(terms)
    extra: list[str] = []
    for term in present:
        for synonym in sorted(_SYNONYMS.get(term, ())):
            if synonym not in present and synonym not in extra:
                extra.append(synonym)
    return extra


# --------------------------------------------------------------------------
# Time expressions
# --------------------------------------------------------------------------

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "couple": 2, "a couple of": 2, "few": 3, "a few": 3, "several": 4,
}
_UNIT_DAYS = {"day": 1.0, "week": 7.0, "month": 30.4, "year": 365.25}

_AGO_RE = re.compile(
    r"\b(\d+|a couple of|a few|couple|few|several|an?|one|two|three|four|five|six|seven|eight"
    r"|nine|ten|eleven|twelve)\s+(day|week|month|year)s?\s+ago\b"
)
_MONTH_NAMES = "|".join(sorted((m for m in _MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
_MONTH_RE = re.compile(
    r"\b(?:(last|this|next)\s+)?(?:in\s+|during\s+|on\s+|of\s+)?(" + _MONTH_NAMES + r")\b(?:\s+(\d{4}))?"
)
_YEAR_RE = re.compile(r"\b(?:in|during|of|back in)\s+((?:19|20)\d{2})\b")
_WEEKDAY_RE = re.compile(r"\b(?:(last|this|on|past)\s+)?(" + "|".join(_WEEKDAYS) + r")\b")

# Any mention of time at all (used for temporal-intent matching of documents).
_TIME_MENTION_RE = re.compile(
    r"\b(yesterday|today|tonight|tomorrow|last\s+(?:night|week|weekend|month|year|summer|winter"
    r"|spring|fall|autumn|time)|this\s+(?:morning|afternoon|evening|week|weekend|month|year)"
    r"|next\s+(?:week|weekend|month|year)|ago|recently|lately|the other day|since|until"
    r"|(?:19|20)\d{2}|" + "|".join(calendar.day_name).lower() + r"|" + _MONTH_NAMES
    + r"|weekend|morning|evening|birthday|anniversary|years?|months?|weeks?)\b"
)
_TEMPORAL_QUESTION_RE = re.compile(
    r"^\s*(when|what (?:year|month|day|date|time)|which (?:year|month|day)|how long|how many "
    r"(?:years|months|weeks|days)|since when|what time)\b"
)


def _start_of_day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month_window(year: int, month: int, phrase: str, tz: Any, *, relative: bool = True) -> TimeWindow:
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return TimeWindow(start, end, phrase, relative)


def resolve_time_window(text: str, now: datetime) -> TimeWindow | None:
    """Resolve the time reference in ``text`` ("yesterday", "last week",
    "in May", "two days ago", "last year", "this morning", "on Tuesday",
    "in 2022", "on 3 June, 2023", ...) to a window.

    Relative phrases resolve against ``now`` - or, when the text also names a
    full date ("last Friday, on 23 January 2022"; "the Sunday before 25
    October"), against that date, which is then the speaker's "now". A named
    month or year beats a vague word ("recently in May 2022" -> May 2022).
    Returns None when the text names no time. Windows are half-open and in
    ``now``'s timezone; a month or weekday without "next" means the most
    recent one that is not in the future.
    """
    lowered = " ".join(text.lower().replace("\u2019", "'").split())
    dates = _full_dates(lowered, now)
    if dates:
        anchor_position, anchor = dates[0]
        anchored_now = anchor.start + timedelta(hours=12)
        relative = [item for item in _relative_windows(lowered, anchored_now) if item[0] != anchor_position]
        if relative:
            relative.sort(key=lambda item: (item[2], item[0]))
            found = relative[0][1]
            return TimeWindow(found.start, found.end, found.phrase, relative=False)
        return anchor

    relative = _relative_windows(lowered, now)
    specific = [(position, window) for position, window, vague in relative if not vague]
    specific += _calendar_windows(lowered, now)
    if not specific:
        specific = [(position, window) for position, window, _ in relative]
    if not specific:
        return None
    specific.sort(key=lambda item: (item[0], item[1].end - item[1].start))
    return specific[0][1]


_VAGUE_PHRASES = frozenset({"recently", "lately", "the other day", "the past week", "the past month", "the past year"})
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH_RE = re.compile(r"\b" + _ORDINAL + r"\s+(?:of\s+)?(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?,?(?:\s+(\d{4}))?")
_MONTH_DAY_RE = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+" + _ORDINAL + r"\b,?(?:\s+(\d{4}))?")


def _full_dates(lowered: str, now: datetime) -> list[tuple[int, TimeWindow]]:
    """Day-precise dates ("3 June, 2023", "June 3rd", "January 23, 2022")."""
    found: list[tuple[int, TimeWindow]] = []
    for pattern, day_group, month_group in ((_DAY_MONTH_RE, 1, 2), (_MONTH_DAY_RE, 2, 1)):
        for match in pattern.finditer(lowered):
            month = _MONTHS[match.group(month_group)]
            day_of_month = int(match.group(day_group))
            year_text = match.group(3)
            year = int(year_text) if year_text else now.year
            try:
                start = datetime(year, month, day_of_month, tzinfo=now.tzinfo)
            except ValueError:
                continue  # "May 45" is not a date
            if not year_text and start > now:
                start = start.replace(year=year - 1)
            found.append((match.start(), TimeWindow(start, start + timedelta(days=1), match.group(0).strip(), False)))
    found.sort(key=lambda item: item[0])
    return found


def _relative_windows(lowered: str, now: datetime) -> list[tuple[int, TimeWindow, bool]]:
    """(position, window, vague) for every phrase that depends on ``now``."""
    tz = now.tzinfo
    today = _start_of_day(now)
    day = timedelta(days=1)
    soon = now + timedelta(seconds=1)

    fixed: list[tuple[str, TimeWindow]] = [
        ("this morning", TimeWindow(today, today.replace(hour=12), "this morning")),
        ("this afternoon", TimeWindow(today.replace(hour=12), today.replace(hour=18), "this afternoon")),
        ("this evening", TimeWindow(today.replace(hour=17), today + day, "this evening")),
        ("tonight", TimeWindow(today.replace(hour=17), today + day, "tonight")),
        ("last night", TimeWindow(today - day + timedelta(hours=17), today + timedelta(hours=6), "last night")),
        ("yesterday", TimeWindow(today - day, today, "yesterday")),
        ("day before yesterday", TimeWindow(today - 2 * day, today - day, "the day before yesterday")),
        ("today", TimeWindow(today, today + day, "today")),
        ("the other day", TimeWindow(today - 6 * day, today, "the other day")),
        ("recently", TimeWindow(today - 14 * day, soon, "recently")),
        ("lately", TimeWindow(today - 14 * day, soon, "lately")),
    ]
    week_start = today - timedelta(days=today.weekday())
    saturday = week_start + 5 * day
    fixed += [
        ("last weekend", TimeWindow(saturday - 7 * day, saturday - 5 * day, "last weekend")),
        ("this weekend", TimeWindow(saturday, saturday + 2 * day, "this weekend")),
        ("last week", TimeWindow(week_start - 7 * day, week_start, "last week")),
        ("past week", TimeWindow(today - 7 * day, soon, "the past week")),
        ("this week", TimeWindow(week_start, week_start + 7 * day, "this week")),
    ]
    month_start = today.replace(day=1)
    previous_month_start = (month_start - day).replace(day=1)
    fixed += [
        ("last month", TimeWindow(previous_month_start, month_start, "last month")),
        ("this month", _month_window(now.year, now.month, "this month", tz)),
        ("past month", TimeWindow(today - 31 * day, soon, "the past month")),
        ("last year", TimeWindow(datetime(now.year - 1, 1, 1, tzinfo=tz), datetime(now.year, 1, 1, tzinfo=tz), "last year")),
        ("this year", TimeWindow(datetime(now.year, 1, 1, tzinfo=tz), datetime(now.year + 1, 1, 1, tzinfo=tz), "this year")),
        ("past year", TimeWindow(today - 366 * day, soon, "the past year")),
    ]

    matches: list[tuple[int, TimeWindow, bool]] = []
    for needle, window in fixed:
        position = _find_phrase(lowered, needle)
        if position >= 0:
            matches.append((position, window, window.phrase in _VAGUE_PHRASES))

    for found in _AGO_RE.finditer(lowered):
        amount_word, unit = found.group(1), found.group(2)
        amount = int(amount_word) if amount_word.isdigit() else _NUMBER_WORDS.get(amount_word, 1)
        centre = now - timedelta(days=_UNIT_DAYS[unit] * amount)
        if unit == "day":
            start = _start_of_day(centre)
            matches.append((found.start(), TimeWindow(start, start + day, found.group(0)), False))
        else:
            # Vague by nature: "two weeks ago" spans roughly half a unit either side.
            slack = timedelta(days=max(1.0, _UNIT_DAYS[unit] * 0.5))
            matches.append((found.start(), TimeWindow(centre - slack, centre + slack, found.group(0)), False))

    for found in _WEEKDAY_RE.finditer(lowered):
        modifier, name = found.group(1), found.group(2)
        back = (today.weekday() - _WEEKDAYS[name]) % 7
        if modifier == "last" and back == 0:
            back = 7
        start = today - timedelta(days=back)
        matches.append((found.start(), TimeWindow(start, start + day, found.group(0).strip()), False))
    return matches


def _calendar_windows(lowered: str, now: datetime) -> list[tuple[int, TimeWindow]]:
    """Named months ("in May", "last March", "June 2023") and years ("in 2022")."""
    tz = now.tzinfo
    matches: list[tuple[int, TimeWindow]] = []
    for found in _MONTH_RE.finditer(lowered):
        modifier, name, year_text = found.group(1), found.group(2), found.group(3)
        if name == "may" and not (modifier or year_text) and not re.search(
            r"\b(?:in|during|since|of|early|late|mid)\s+may\b", lowered
        ):
            continue  # "may" is usually the verb
        month = _MONTHS[name]
        if year_text:
            year = int(year_text)
        elif modifier == "next":
            year = now.year if month > now.month else now.year + 1
        elif modifier == "this":
            year = now.year
        else:
            year = now.year if month <= now.month else now.year - 1
            if modifier == "last" and month == now.month:
                year -= 1
        matches.append((found.start(), _month_window(year, month, found.group(0).strip(), tz, relative=False)))

    for found in _YEAR_RE.finditer(lowered):
        year = int(found.group(1))
        window = TimeWindow(datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz), found.group(0), False)
        matches.append((found.start(), window))
    return matches


def _find_phrase(text: str, phrase: str) -> int:
    found = re.search(r"\b" + re.escape(phrase) + r"\b", text)
    return found.start() if found else -1


def has_time_expression(text: str) -> bool:
    """True if the text mentions a date, a relative time or a duration."""
    return _TIME_MENTION_RE.search(text.lower()) is not None


def is_temporal_question(text: str) -> bool:
    """True for questions asking when / how long / which year."""
    return _TEMPORAL_QUESTION_RE.search(text.lower()) is not None


# --------------------------------------------------------------------------
# Query building
# --------------------------------------------------------------------------


def build_recall_query(
    recent_turns: Sequence[str],
    message: str,
    now: datetime,
    config: RetrievalConfig | None = None,
) -> RecallQuery:
    """Build a conversation-aware query from the last turns and the new message.

    The new message dominates: its terms get weight 1, terms only in the
    recent turns get a lower weight that shrinks with distance, so a follow-up
    like "and what about her sister?" still finds memories about the person
    named two turns ago. Synonyms are added at ``expansion_weight``.
    """
    config = config or RetrievalConfig()
    message = message.strip()
    turns = _query_turns(recent_turns, config)

    weights: dict[str, float] = {}
    for term in content_terms(message):
        weights[term] = 1.0
    # Older turns count less; each step back halves the weight.
    for distance, turn in enumerate(reversed(turns), start=1):
        turn_weight = 0.5 ** distance
        for term in content_terms(turn):
            weights[term] = max(weights.get(term, 0.0), turn_weight)

    expansions: list[str] = []
    if config.query_expansion:
        for term in expand_terms(weights):
            expansions.append(term)
            weights.setdefault(term, config.expansion_weight * max(
                (weights[t] for t in weights if term in _SYNONYMS.get(t, ())), default=1.0
            ))

    window = None
    if config.time_window:
        window = resolve_time_window(message, now)
        if window is None and turns:
            window = resolve_time_window(turns[-1], now)

    context_text = _joined(turns)
    text = message if context_text is None else f"{message}\n{context_text}"
    lexical_text = " ".join(sorted(weights, key=lambda term: -weights[term]))
    return RecallQuery(
        text=text,
        message=message,
        context_text=context_text,
        term_weights=weights,
        lexical_text=lexical_text,
        expansions=expansions,
        time_window=window,
        temporal_intent=config.temporal_intent and is_temporal_question(message),
        message_weight=config.message_weight,
    )


def recall_context_text(recent_turns: Sequence[str], config: RetrievalConfig | None = None) -> str | None:
    """The ``context_text`` that ``build_recall_query`` will derive from these
    turns, whatever the next message: its embedding can be computed before the
    user has finished speaking."""
    return _joined(_query_turns(recent_turns, config or RetrievalConfig()))


def _query_turns(recent_turns: Sequence[str], config: RetrievalConfig) -> list[str]:
    if not config.conversation_query or config.recent_turns_used <= 0:
        return []
    turns = [turn.strip() for turn in recent_turns if turn and turn.strip()]
    return turns[-config.recent_turns_used :]


def _joined(turns: list[str]) -> str | None:
    return " ".join(turns) if turns else None


# --------------------------------------------------------------------------
# Lexical scoring
# --------------------------------------------------------------------------


class BM25:
    """Okapi BM25 over pre-tokenised documents, with weighted query terms."""

    def __init__(self, documents: Sequence[Sequence[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.size = len(documents)
        self.lengths = np.array([len(doc) for doc in documents], dtype=np.float32)
        self.average_length = float(self.lengths.mean()) if self.size else 0.0
        # Inverted index: term -> (doc indices, term frequencies).
        postings: dict[str, dict[int, int]] = {}
        for index, doc in enumerate(documents):
            for term, count in Counter(doc).items():
                postings.setdefault(term, {})[index] = count
        self._postings = {
            term: (np.fromiter(docs.keys(), dtype=np.int64), np.fromiter(docs.values(), dtype=np.float32))
            for term, docs in postings.items()
        }

    def idf(self, term: str) -> float:
        """Robertson-Sparck Jones idf (always > 0)."""
        return bm25_idf(self.size, self.document_frequency(term))

    def document_frequency(self, term: str) -> int:
        postings = self._postings.get(term)
        return 0 if postings is None else len(postings[0])

    def scores(self, term_weights: dict[str, float] | Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the (weighted) query terms."""
        if not isinstance(term_weights, dict):
            term_weights = {term: 1.0 for term in term_weights}
        result = np.zeros(self.size, dtype=np.float32)
        if not self.size:
            return result
        for term, weight in term_weights.items():
            postings = self._postings.get(term)
            if postings is None or weight <= 0:
                continue
            docs, counts = postings
            result[docs] += weight * bm25_term_scores(
                self.idf(term), counts, self.lengths[docs], self.average_length, self.k1, self.b
            )
        return result


# --------------------------------------------------------------------------
# Second hop
# --------------------------------------------------------------------------

# A capitalised word inside a sentence (not after . ! ? or a "Name:" label): a
# name, a place, a title. In scripts without case (Urdu) only shared words link.
_ENTITY_RE = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][a-z]+(?:'[a-z]+)?)\b")


def feedback_vector(query_vector: np.ndarray, hits: Sequence[Candidate], config: RetrievalConfig) -> np.ndarray | None:
    """The query vector moved towards the mean of its best dense hits (Rocchio),
    unit length; None when no hit carries a vector."""
    vectors = [np.asarray(c.embedding, dtype=np.float32) for c in hits[: config.dense_feedback_docs] if c.embedding is not None]
    if not vectors:
        return None
    centroid = np.mean([v / max(float(np.linalg.norm(v)), 1e-12) for v in vectors], axis=0)
    query = np.asarray(query_vector, dtype=np.float32)
    moved = query / max(float(np.linalg.norm(query)), 1e-12) + config.dense_feedback_beta * centroid
    return (moved / max(float(np.linalg.norm(moved)), 1e-12)).astype(np.float32)


def linked_terms(query: RecallQuery, hits: Sequence[Candidate], config: RetrievalConfig | None = None) -> list[str]:
    """Terms that link the first hits to other memories, for a second lexical pass.

    From the top ``second_hop_docs`` hits' own words: the names they mention
    (capitalised words inside a sentence), then words that at least two of
    them share; never a query term, a stop word, a number, or the name of a
    hit's speaker (which every turn of theirs matches). At most
    ``second_hop_terms``, names first, then by how many hits share the word.
    Empty when nothing links (the second pass is then skipped).
    """
    config = config or RetrievalConfig()
    top = list(hits)[: config.second_hop_docs]
    if len(top) < 2 or config.second_hop_terms <= 0:
        return []
    known = set(query.term_weights)
    speakers = {
        stem(name.strip().lower())
        for hit in top
        if isinstance(name := hit.metadata.get("speaker"), str) and name.strip()
    }
    entity_hits: Counter[str] = Counter()
    shared: Counter[str] = Counter()
    for hit in top:
        entities = {stem(word.lower().removesuffix("'s")) for word in _ENTITY_RE.findall(hit.text)}
        entity_hits.update(entities)
        shared.update(set(content_terms(hit.text)))

    def usable(term: str) -> bool:
        return term not in known and term not in speakers and not term.isdigit() and len(term) > 2

    names = [t for t in sorted(entity_hits, key=lambda t: (-entity_hits[t], t)) if usable(t) and t not in STOPWORDS]
    common = [t for t in sorted(shared, key=lambda t: (-shared[t], t)) if shared[t] >= 2 and usable(t)]
    return list(dict.fromkeys([*names, *common]))[: config.second_hop_terms]


# --------------------------------------------------------------------------
# Fusion and ranking
# --------------------------------------------------------------------------


def without_speakers(message: str, speakers: Iterable[str]) -> str:
    """``message`` with each speaker's name (and its possessive) taken out, for
    the text to embed (``dense_without_speakers``); unchanged when no name is
    in it, or when nothing but names and function words would be left."""
    names = sorted({s.strip() for s in speakers if s and s.strip()}, key=len, reverse=True)
    if not names:
        return message
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")(?:'s|’s|s')?\b", re.IGNORECASE)
    stripped = re.sub(r"\s+([?.!,;:])", r"\1", " ".join(pattern.sub(" ", message).split()))
    if stripped == message or not content_terms(stripped):
        return message
    return stripped


def speaker_names(hits: Iterable[tuple[Candidate, float]]) -> frozenset[str]:
    """The stemmed words of the speakers' names among ``hits`` (``metadata["speaker"]``)."""
    names: set[str] = set()
    for candidate, _score in hits:
        speaker = candidate.metadata.get("speaker")
        if isinstance(speaker, str):
            names.update(content_terms(speaker))
    return frozenset(names)


def drop_name_only_hits(
    query: RecallQuery, hits: list[tuple[Candidate, float]], names: frozenset[str]
) -> list[tuple[Candidate, float]]:
    """``hits`` without those whose words (text and neighbour text) share
    nothing with the query but a speaker's name. Unchanged when the query has
    no other word, or when no hit would be left."""
    wanted = set(query.term_weights) - names
    if not names or not wanted:
        return hits
    kept = [hit for hit in hits if not wanted.isdisjoint(_hit_terms(hit[0]))]
    return kept or hits


def _hit_terms(candidate: Candidate) -> frozenset[str]:
    if candidate.context_text:
        return term_set(candidate.text) | term_set(candidate.context_text)
    return term_set(candidate.text)


def reciprocal_rank_fusion(
    rankings: Sequence[tuple[Sequence[str], float]], *, k: float = 60.0
) -> dict[str, float]:
    """Weighted RRF: sum over lists of ``weight / (k + rank)`` (rank 1-based)."""
    fused: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, item in enumerate(ids, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def rank_candidates(
    query: RecallQuery,
    dense_hits: Sequence[tuple[Candidate, float]],
    lexical_hits: Sequence[tuple[Candidate, float]],
    now: datetime,
    config: RetrievalConfig | None = None,
    limit: int = 10,
    linked_hits: Sequence[tuple[Candidate, float]] = (),
    window_hits: Sequence[tuple[Candidate, float]] = (),
    feedback_hits: Sequence[tuple[Candidate, float]] = (),
    rescore: Callable[[list[RankedMemory], RecallQuery, RetrievalConfig], None] | None = None,
) -> list[RankedMemory]:
    """Fuse dense and lexical hits and re-rank them into the final recall list.

    ``linked_hits`` are the second hop's lexical hits (``linked_terms``),
    fused at ``second_hop_weight``; ``window_hits`` the vector matches among
    the memories inside the query's time window, fused at ``window_search_weight``;
    ``feedback_hits`` the dense search for the query moved towards its best
    dense hits (``feedback_vector``), fused at ``dense_feedback_weight``.

    ``dense_hits``/``lexical_hits`` are (candidate, score) pairs, best first
    or not (they are sorted here by score). The result has at most ``limit``
    items, best first; near-duplicates are collapsed into the best copy
    (their ids listed in ``duplicates``).

    ``rescore`` (the learned fusion, ``services.recall_fusion``) replaces the
    fused and adjusted scores with its own before the diversity pass.
    """
    config = config or RetrievalConfig()
    dense = sorted(dense_hits, key=lambda hit: -hit[1]) if config.dense else []
    lexical = sorted(lexical_hits, key=lambda hit: -hit[1]) if config.lexical else []
    if config.name_only_hits and lexical:
        lexical = drop_name_only_hits(query, lexical, speaker_names([*dense, *lexical]))

    by_id: dict[str, RankedMemory] = {}
    for rank, (candidate, score) in enumerate(dense, start=1):
        entry = by_id.setdefault(candidate.id, RankedMemory(candidate=candidate, score=0.0))
        if entry.dense_rank is None:
            entry.dense_rank, entry.dense_score = rank, float(score)
    for rank, (candidate, score) in enumerate(lexical, start=1):
        entry = by_id.setdefault(candidate.id, RankedMemory(candidate=candidate, score=0.0))
        if entry.lexical_rank is None:
            entry.lexical_rank, entry.lexical_score = rank, float(score)
    linked = sorted(linked_hits, key=lambda hit: -hit[1]) if config.second_hop and config.lexical else []
    for rank, (candidate, _score) in enumerate(linked, start=1):
        entry = by_id.setdefault(candidate.id, RankedMemory(candidate=candidate, score=0.0))
        if entry.linked_rank is None:
            entry.linked_rank = rank
    windowed = sorted(window_hits, key=lambda hit: -hit[1]) if config.window_search else []
    for rank, (candidate, _score) in enumerate(windowed, start=1):
        entry = by_id.setdefault(candidate.id, RankedMemory(candidate=candidate, score=0.0))
        if entry.window_rank is None:
            entry.window_rank = rank
    feedback = sorted(feedback_hits, key=lambda hit: -hit[1]) if config.dense_feedback and config.dense else []
    for rank, (candidate, _score) in enumerate(feedback, start=1):
        entry = by_id.setdefault(candidate.id, RankedMemory(candidate=candidate, score=0.0))
        if entry.feedback_rank is None:
            entry.feedback_rank = rank
    if not by_id:
        return []

    _assign_base_scores(list(by_id.values()), config)
    for entry in by_id.values():
        _apply_adjustments(entry, query, now, config)
    if rescore is not None:
        rescore(list(by_id.values()), query, config)

    ordered = sorted(by_id.values(), key=lambda entry: (-entry.score, entry.id))
    if config.dedup_rerank:
        return dedup_and_diversify(ordered, config, limit)
    return ordered[:limit]


def _assign_base_scores(entries: list[RankedMemory], config: RetrievalConfig) -> None:
    """Relevance before adjustments, normalised to [0, 1]."""
    both = bool(config.dense and config.lexical)
    if config.fusion or not both:
        weights = (config.dense_weight if config.dense else 0.0, config.lexical_weight if config.lexical else 0.0)
        best = sum(weight / (config.rrf_k + 1.0) for weight in weights) or 1.0
        for entry in entries:
            score = 0.0
            if entry.dense_rank is not None:
                score += weights[0] / (config.rrf_k + entry.dense_rank)
            if entry.lexical_rank is not None:
                score += weights[1] / (config.rrf_k + entry.lexical_rank)
            if entry.linked_rank is not None:
                score += config.second_hop_weight * weights[1] / (config.rrf_k + entry.linked_rank)
            if entry.window_rank is not None:
                score += config.window_search_weight / (config.rrf_k + entry.window_rank)
            if entry.feedback_rank is not None:
                score += config.dense_feedback_weight / (config.rrf_k + entry.feedback_rank)
            entry.score = score / best
        return
    # Fusion off: the dense ranking stands; lexical-only hits come after it.
    dense_count = sum(1 for entry in entries if entry.dense_rank is not None)
    for entry in entries:
        if entry.dense_rank is not None:
            entry.score = 1.0 - (entry.dense_rank - 1) / (dense_count + 1)
        else:
            entry.score = 0.5 / (dense_count + 1) / (entry.lexical_rank or 1)


def _apply_adjustments(entry: RankedMemory, query: RecallQuery, now: datetime, config: RetrievalConfig) -> None:
    """Multiplicative time/importance/frequency factors: they reorder
    comparably relevant memories but cannot lift an irrelevant one far."""
    candidate = entry.candidate
    factor = 1.0
    event_time = candidate.event_time
    if config.time_window and query.time_window is not None and event_time is not None:
        distance = query.time_window.distance_days(event_time)
        boost = config.window_boost * math.exp(-distance / max(config.window_falloff_days, 1e-6))
        entry.factors["time_window"] = 1.0 + boost
        factor *= 1.0 + boost
    if config.temporal_intent and query.temporal_intent and has_time_expression(candidate.text):
        entry.factors["temporal_intent"] = 1.0 + config.temporal_intent_boost
        factor *= 1.0 + config.temporal_intent_boost
    if config.time_decay and event_time is not None and query.time_window is None:
        # A named time window already says which period matters; otherwise prefer recent.
        age_days = max(0.0, (now - _align(event_time, now)).total_seconds() / 86400.0)
        decay = 0.5 ** (age_days / max(config.recency_half_life_days, 1e-6))
        value = 1.0 - config.recency_weight * (1.0 - decay)
        entry.factors["recency"] = value
        factor *= value
    if config.speaker_match and _names_speaker(query, candidate):
        entry.factors["speaker"] = 1.0 + config.speaker_boost
        factor *= 1.0 + config.speaker_boost
    if config.importance:
        value = 1.0 + config.importance_weight * (min(max(candidate.importance, 0.0), 1.0) - 0.5)
        entry.factors["importance"] = value
        factor *= value
    if config.frequency and candidate.access_count > 0:
        value = 1.0 + min(config.frequency_cap, config.frequency_weight * math.log1p(candidate.access_count))
        entry.factors["frequency"] = value
        factor *= value
    entry.score *= factor


def _names_speaker(query: RecallQuery, candidate: Candidate) -> bool:
    """True when the new message names the memory's speaker/subject
    (``metadata["speaker"]`` or ``metadata["subject"]``): "what did Anna say
    about ..." should prefer what Anna said."""
    name = candidate.metadata.get("speaker") or candidate.metadata.get("subject")
    if not isinstance(name, str) or not name.strip():
        return False
    pattern = _NAME_PATTERNS.get(name)
    if pattern is None:
        if len(_NAME_PATTERNS) > 4096:  # bounded: names are few, but never grow without limit
            _NAME_PATTERNS.clear()
        pattern = _NAME_PATTERNS.setdefault(name, re.compile(r"\b" + re.escape(name.strip().lower()) + r"\b"))
    return pattern.search(query.message.lower()) is not None


_NAME_PATTERNS: dict[str, re.Pattern[str]] = {}


def _similarity_matrix(entries: Sequence[RankedMemory]) -> np.ndarray:
    """Pairwise similarity: cosine of the embeddings, except for a candidate
    with neighbour text (an episode): its vector describes its whole window,
    which it shares with the turns next to it, so adjacent turns would look
    like duplicates. Pairs involving one are compared by word overlap
    (Jaccard of content terms), as are pairs missing an embedding."""
    candidates = [entry.candidate for entry in entries]
    size = len(candidates)
    by_vector = [c.embedding is not None and c.context_text is None for c in candidates]
    matrix = np.eye(size, dtype=np.float32)
    if any(by_vector):
        picked = [i for i in range(size) if by_vector[i]]
        vectors = np.stack([np.asarray(candidates[i].embedding, dtype=np.float32) for i in picked])
        # einsum, not matmul: for a few dozen rows, multithreaded BLAS costs
        # milliseconds of thread wake-ups on a busy machine; this stays sub-ms.
        matrix[np.ix_(picked, picked)] = np.einsum("id,jd->ij", vectors, vectors)
    if all(by_vector):
        return matrix
    # Jaccard overlap for every pair that involves a word-compared candidate,
    # as one small matrix product (a Python loop over 40 x 40 pairs cost ms).
    term_sets = [term_set(c.text) for c in candidates]
    vocabulary: dict[str, int] = {}
    rows = [i for i, terms in enumerate(term_sets) for _ in terms]
    cols = [vocabulary.setdefault(term, len(vocabulary)) for terms in term_sets for term in terms]
    presence = np.zeros((size, max(len(vocabulary), 1)), dtype=np.float32)
    presence[rows, cols] = 1.0
    shared = np.einsum("id,jd->ij", presence, presence)
    counts = presence.sum(axis=1)
    union = counts[:, None] + counts[None, :] - shared
    overlap = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    words_only = ~np.outer(by_vector, by_vector)
    matrix[words_only] = overlap[words_only]
    np.fill_diagonal(matrix, 1.0)
    return matrix


@functools.lru_cache(maxsize=16_384)
def term_set(text: str) -> frozenset[str]:
    """Content terms of a memory's text (cached: the same memories come up turn after turn)."""
    return frozenset(content_terms(text))


def dedup_and_diversify(ordered: list[RankedMemory], config: RetrievalConfig, limit: int) -> list[RankedMemory]:
    """Collapse near-duplicates (similarity >= ``duplicate_threshold``) into
    their best-scored copy, then pick greedily by MMR: relevance minus
    redundancy with what was already picked."""
    pool = ordered[: max(4 * limit, 40)]  # deeper items cannot reach the top after re-ranking
    if not pool:
        return []
    similarity = _similarity_matrix(pool).astype(np.float64)
    kept: list[int] = []
    for index, entry in enumerate(pool):
        if kept:
            twins = np.flatnonzero(similarity[index, kept] >= config.duplicate_threshold)
            if twins.size:
                pool[kept[int(twins[0])]].duplicates.append(entry.id)
                continue
        kept.append(index)
    # MMR, vectorised over the candidates left (a Python loop over pairs cost
    # ~1 ms a search): each pick updates every candidate's redundancy at once.
    # Same arithmetic and tie order (the first best in ``kept`` order) as a loop.
    lam = config.mmr_lambda
    top_score = pool[kept[0]].score
    remaining = np.asarray(kept, dtype=np.int64)
    relevance = lam * np.asarray([pool[index].score for index in kept], dtype=np.float64)
    redundancy = np.full(len(kept), -np.inf)  # max similarity to what was picked; none picked yet
    selected: list[int] = []
    while remaining.size and len(selected) < limit:
        penalty = redundancy if selected else np.zeros_like(redundancy)
        position = int(np.argmax(relevance - (1.0 - lam) * penalty * top_score))
        best = int(remaining[position])
        selected.append(best)
        remaining = np.delete(remaining, position)
        relevance = np.delete(relevance, position)
        redundancy = np.maximum(np.delete(redundancy, position), similarity[remaining, best])
    return [pool[index] for index in selected]


# --------------------------------------------------------------------------
# Candidate generation without a database
# --------------------------------------------------------------------------


class InMemoryIndex:
    """Dense (numpy) and BM25 search over a fixed list of candidates.

    ``embeddings`` are the L2-normalised vectors of ``docs[i].text``;
    ``context_embeddings`` (optional) those of each doc's text together with
    its ``context_text``. With neighbour context on, a document's score is
    ``max(own, w * window + (1 - w) * own)`` so an answer phrased over two
    turns is still found, without letting the window dominate.
    """

    def __init__(
        self,
        docs: Sequence[Candidate],
        embeddings: np.ndarray | None = None,
        *,
        context_embeddings: np.ndarray | None = None,
        config: RetrievalConfig | None = None,
    ) -> None:
        self.config = config or RetrievalConfig()
        self.docs = list(docs)
        self._position = {doc.id: index for index, doc in enumerate(self.docs)}
        self.embeddings = None if embeddings is None else np.asarray(embeddings, dtype=np.float32)
        if self.embeddings is not None and len(self.embeddings) != len(self.docs):
            raise ValueError("one embedding per document is required")
        self.context_embeddings = (
            None if context_embeddings is None else np.asarray(context_embeddings, dtype=np.float32)
        )
        self._doc_terms = [content_terms(doc.text) for doc in self.docs]
        self.bm25 = BM25(self._doc_terms, k1=self.config.bm25_k1, b=self.config.bm25_b)
        self._context_bm25 = None
        if any(doc.context_text for doc in self.docs):
            window_terms = [
                terms + content_terms(doc.context_text or "") for terms, doc in zip(self._doc_terms, self.docs)
            ]
            self._context_bm25 = BM25(window_terms, k1=self.config.bm25_k1, b=self.config.bm25_b)

    def __len__(self) -> int:
        return len(self.docs)

    def dense_scores(self, query_vector: np.ndarray, config: RetrievalConfig | None = None) -> np.ndarray:
        config = config or self.config
        if self.embeddings is None:
            raise ValueError("this index was built without embeddings")
        vector = _normalise(np.asarray(query_vector, dtype=np.float32))
        scores = self.embeddings @ vector
        if config.neighbor_context and self.context_embeddings is not None:
            scores = np.maximum(scores, config.context_weight * (self.context_embeddings @ vector) + (1 - config.context_weight) * scores)
        return scores

    def dense_search(
        self, query_vector: np.ndarray, limit: int = 50, config: RetrievalConfig | None = None
    ) -> list[tuple[Candidate, float]]:
        """Top ``limit`` documents by cosine similarity."""
        return self._top(self.dense_scores(query_vector, config), limit)

    def bm25_scores(self, query: RecallQuery | str, config: RetrievalConfig | None = None) -> np.ndarray:
        config = config or self.config
        weights = query.term_weights if isinstance(query, RecallQuery) else {t: 1.0 for t in content_terms(query)}
        if not config.query_expansion:
            dropped = _expansion_set(query)
            weights = {term: w for term, w in weights.items() if term not in dropped}
        scores = self._lexical(weights, config)
        if config.query_expansion and config.prf_docs > 0 and config.prf_terms > 0 and scores.any():
            weights = self._with_feedback(weights, scores, config)
            scores = self._lexical(weights, config)
        return scores

    def bm25_search(
        self, query: RecallQuery | str, limit: int = 50, config: RetrievalConfig | None = None
    ) -> list[tuple[Candidate, float]]:
        """Top ``limit`` documents by BM25 (zero-score documents are left out)."""
        scores = self.bm25_scores(query, config)
        return [(doc, score) for doc, score in self._top(scores, limit) if score > 0]

    def retrieve(
        self,
        query: RecallQuery,
        query_vector: np.ndarray | None,
        now: datetime,
        *,
        limit: int = 10,
        candidates: int = 50,
        config: RetrievalConfig | None = None,
    ) -> list[RankedMemory]:
        """The whole pipeline over this index: candidates, then rank_candidates."""
        config = config or self.config
        dense_hits = []
        if config.dense and query_vector is not None and self.embeddings is not None:
            dense_hits = self.dense_search(query_vector, candidates, config)
        lexical_hits = self.bm25_search(query, candidates, config) if config.lexical else []
        return rank_candidates(query, dense_hits, lexical_hits, now, config, limit)

    def _lexical(self, weights: dict[str, float], config: RetrievalConfig) -> np.ndarray:
        scores = self.bm25.scores(weights)
        if config.neighbor_context and self._context_bm25 is not None:
            window = self._context_bm25.scores(weights)
            weight = config.lexical_context_weight
            scores = np.maximum(scores, weight * window + (1 - weight) * scores)
        return scores

    def _with_feedback(self, weights: dict[str, float], scores: np.ndarray, config: RetrievalConfig) -> dict[str, float]:
        """Pseudo-relevance feedback: add the most distinctive terms of the top
        documents at a low weight (RM3-style, without a language model)."""
        top = np.argsort(-scores)[: config.prf_docs]
        counts: Counter[str] = Counter()
        for index in top:
            if scores[index] <= 0:
                continue
            for term in set(self._doc_terms[index]):
                if term not in weights and not term.isdigit():
                    counts[term] += 1
        ranked = sorted(counts, key=lambda term: (-counts[term] * self.bm25.idf(term), term))
        extended = dict(weights)
        for term in ranked[: config.prf_terms]:
            if self.bm25.document_frequency(term) > 1:
                extended[term] = config.prf_weight
        return extended

    def _top(self, scores: np.ndarray, limit: int) -> list[tuple[Candidate, float]]:
        if limit <= 0 or not len(scores):
            return []
        limit = min(limit, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.docs[index], float(scores[index])) for index in top]


def _expansion_set(query: RecallQuery | str) -> set[str]:
    return set(query.expansions) if isinstance(query, RecallQuery) else set()


# --------------------------------------------------------------------------
# Context formatting
# --------------------------------------------------------------------------

CONTEXT_HEADER = "[Relevant memories about this user from earlier conversations; may be out of date]"
CONTEXT_FOOTER = "[End of memories]"


def humanize_age(moment: datetime, now: datetime) -> str:
    """'today', 'yesterday', '3 days ago', 'last week', '2 months ago', ..."""
    delta = now - _align(moment, now)
    days = delta.total_seconds() / 86400.0
    if days < -1:
        return "in the future"
    calendar_days = (_start_of_day(now) - _start_of_day(_align(moment, now))).days
    if calendar_days <= 0:
        return "today"
    if calendar_days == 1:
        return "yesterday"
    if calendar_days < 7:
        return f"{calendar_days} days ago"
    if calendar_days < 14:
        return "last week"
    if calendar_days < 31:
        return f"{calendar_days // 7} weeks ago"
    if calendar_days < 60:
        return "last month"
    if calendar_days < 365:
        return f"{int(calendar_days // 30.4)} months ago"
    if calendar_days < 730:
        return "last year"
    return f"{int(calendar_days // 365.25)} years ago"


# Within this many days the relative age alone says when ("3 days ago").
SHORT_DATE_RELATIVE_DAYS = 7


def memory_date_label(moment: datetime, now: datetime, *, short: bool = False) -> str:
    """When a memory happened, as its context line says it: the relative age
    and the absolute date ("yesterday, 14 May 2024"). ``short`` is for a small
    model that evaluates every prompt token before it speaks (each digit is a
    token): the relative age alone within a week ("yesterday"), else the date
    without a leading zero and without the year when it is this year's
    ("2 months ago, 3 Oct")."""
    aligned = _align(moment, now)
    age = humanize_age(moment, now)
    if not short:
        return f"{age}, {aligned:%d %b %Y}"
    calendar_days = (_start_of_day(now) - _start_of_day(aligned)).days
    if 0 <= calendar_days < SHORT_DATE_RELATIVE_DAYS:
        return age
    year = "" if aligned.year == now.year else f" {aligned.year}"
    return f"{age}, {aligned.day} {aligned:%b}{year}"


def format_context(
    ranked: Sequence[RankedMemory], now: datetime, *, max_chars: int = 2000, short_dates: bool = False
) -> str:
    """Render ranked memories as a delimited block for the LLM turn context.

    Each line carries a human-readable relative date and the absolute date
    (so the model can answer "when" questions; ``short_dates``: see
    ``memory_date_label``). The block stays within ``max_chars``
    (``context_lines``). Returns "" when there is nothing to say.
    """
    return context_block(context_lines(ranked, now, max_chars=max_chars, short_dates=short_dates))


def context_block(kept: Sequence[tuple[RankedMemory, str]]) -> str:
    """The delimited block of ``context_lines``' lines ("" for none)."""
    if not kept:
        return ""
    return "\n".join([CONTEXT_HEADER, *(line for _entry, line in kept), CONTEXT_FOOTER])


def context_lines(
    ranked: Sequence[RankedMemory], now: datetime, *, max_chars: int = 2000, short_dates: bool = False
) -> list[tuple[RankedMemory, str]]:
    """The memories the block holds, best first, each with its line. A memory
    whose line does not fit in what is left of ``max_chars`` is left out whole,
    and the next ones still get their turn: a short one may fit where a long
    one did not, so a tight budget (local mode) still holds several."""
    kept: list[tuple[RankedMemory, str]] = []
    used = len(CONTEXT_HEADER) + len(CONTEXT_FOOTER) + 2
    for entry in ranked:
        candidate = entry.candidate
        text = " ".join(candidate.text.split())
        if candidate.event_time is not None:
            line = f"- ({memory_date_label(candidate.event_time, now, short=short_dates)}) {text}"
        else:
            line = f"- {text}"
        if used + len(line) + 1 > max_chars:
            continue
        kept.append((entry, line))
        used += len(line) + 1
    return kept


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _normalise(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _align(moment: datetime, reference: datetime) -> datetime:
    """Make ``moment`` comparable with ``reference`` (naive vs aware)."""
    if (moment.tzinfo is None) == (reference.tzinfo is None):
        return moment
    if moment.tzinfo is None:
        return moment.replace(tzinfo=reference.tzinfo or UTC)
    # Naive times are taken as UTC throughout the project.
    return moment.astimezone(UTC).replace(tzinfo=None)
