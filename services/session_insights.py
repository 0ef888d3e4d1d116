"""Session insights that are computed once, when a session ends, from the turns
the summary already loaded: the user's mood, and which earlier open threads
this session followed up. Pure functions; the conversation service stores the
results in the session's metadata so insights over time never re-read turns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from core.text_terms import stem

# A small valence lexicon: enough to tell a low week from a good one, in the
# languages the companion speaks (English, Urdu script, romanised Urdu).
_POSITIVE = {
    "happy", "glad", "great", "good", "wonderful", "excited", "love", "loved", "lovely", "fun", "enjoyed",
    "enjoy", "proud", "relieved", "calm", "better", "grateful", "thankful", "amazing", "awesome", "fantastic",
    "hopeful", "peaceful", "cheerful", "laughed", "celebrate", "celebrated", "won", "delighted", "thrilled",
    "khush", "khushi", "acha", "achha", "accha", "behtar", "shukar", "mazay", "maza", "sukoon",
    "خوش", "خوشی", "اچھا", "بہتر", "شکر", "مزہ", "سکون",
}
_NEGATIVE = {
    "sad", "unhappy", "lonely", "alone", "tired", "exhausted", "stressed", "stress", "anxious", "worried",
    "worry", "angry", "upset", "depressed", "awful", "terrible", "bad", "hate", "hurt", "cry", "cried",
    "crying", "scared", "afraid", "frustrated", "miserable", "overwhelmed", "sick", "pain", "grief", "miss",
    "missed", "lost", "fight", "argument", "hopeless", "empty", "nervous",
    "udaas", "udas", "pareshan", "preshan", "thaka", "thaki", "gussa", "dukh", "akela", "akeli", "dard",
    "اداس", "پریشان", "تھکا", "تھکی", "غصہ", "دکھ", "اکیلا", "اکیلی", "درد",
}
_NEGATORS = {"not", "never", "no", "hardly", "isn't", "wasn't", "don't", "didn't", "nahi", "nahin", "نہیں"}
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def mood_score(texts: Iterable[str]) -> float | None:
    """Valence of what the user said, from -1 (low) to 1 (good); None when no
    word carried any. A negator just before a word flips it ("not happy")."""
    positive = negative = 0
    for text in texts:
        words = _WORD.findall(text[:4000].casefold())
        for index, word in enumerate(words):
            sign = 1 if word in _POSITIVE else -1 if word in _NEGATIVE else 0
            if not sign:
                continue
            if index and words[index - 1] in _NEGATORS:
                sign = -sign
            if sign > 0:
                positive += 1
            else:
                negative += 1
    total = positive + negative
    return None if total == 0 else round((positive - negative) / total, 3)


def mood_label(score: float | None) -> str | None:
    if score is None:
        return None
    return "good" if score >= 0.25 else "low" if score <= -0.25 else "mixed"


_THREAD_STOPWORDS = {
    "your", "you", "how", "goes", "going", "went", "what", "about", "with", "will", "that", "this", "their",
    "they", "them", "the", "and", "for", "from", "ask", "let", "know", "said", "next", "time", "last",
    "asked", "wanted", "want", "would", "could", "should", "tell", "told", "was", "were", "are", "have",
}


def _thread_terms(thread: str) -> set[str]:
    words = [w for w in _WORD.findall(thread.casefold()) if len(w) >= 4 and w not in _THREAD_STOPWORDS]
    return {stem(w) for w in words}


def followed_up(threads: Sequence[str], user_texts: Iterable[str]) -> list[str]:
    """The open threads this session's user turns came back to: a thread counts
    when half its content words (at least one) were said again."""
    said = {stem(w) for text in user_texts for w in _WORD.findall(text[:4000].casefold())}
    picked: list[str] = []
    for thread in threads:
        terms = _thread_terms(thread)
        if terms and len(terms & said) * 2 >= len(terms):
            picked.append(thread)
    return picked
