"""How a streamed reply is cut into the pieces a non-streaming TTS speaks.

LiveKit hands such a TTS one sentence at a time (its blingfire sentence
tokenizer, 20 characters at least, released once the next sentence has
begun). With a model on this machine that streams ~8 tokens/s, the first
sentence alone keeps the user waiting a second or more after the first
token. ``FirstClauseTokenizer`` releases the reply's first clause (up to a
comma, colon, semicolon or sentence end followed by a space) as soon as it is
complete, and cuts the rest into LiveKit's usual sentences: audio starts
sooner, at the cost of a short pause after that first clause when the next
one is not ready yet (TTS_FIRST_CLAUSE).

A first clause can be long ("I think you should wear something comfortable,"
is 0.9 s of tokens at that speed). With a word budget (TTS_FIRST_WORDS) the
first piece is cut after that many complete words when no clause has ended
by then, and the rest of that clause follows as the next piece the moment
its mark arrives (whatever its length), or after twice as many words when
the clause runs on, so the speech goes on where the first piece stopped.
A first piece shorter than the budget ("Certainly!") is followed the same
way, until the budget's words are out: a short piece plays for less time
than a whole sentence takes to stream, and waiting for LiveKit's next
sentence left a pause after it. Later pieces are LiveKit's sentences again.
"""

from __future__ import annotations

import re

from livekit.agents import tokenize
from livekit.agents.tokenize import token_stream
from livekit.agents.tokenize.tokenizer import SentenceStream

# A clause or sentence mark (closing quotes or brackets may follow it), then
# whitespace: a space must follow so that "3.5" or "1,000" do not cut.
CLAUSE_END = re.compile(r"[,;:.!?…]+[\"'”’)\]]*(?=\s)")
# Shorter heads ("Oh,") stay with what follows: a lone word sounds clipped.
FIRST_CLAUSE_MIN_CHARS = 8
# A word is complete once whitespace follows it (the next token may extend it).
COMPLETE_WORD = re.compile(r"\S+(?=\s)")


def first_clause_end(text: str, min_chars: int = FIRST_CLAUSE_MIN_CHARS) -> int | None:
    """Where the first clause of ``text`` with at least ``min_chars``
    characters ends (the index after its mark), or None while there is none."""
    for match in CLAUSE_END.finditer(text):
        if len(text[: match.end()].strip()) >= min_chars:
            return match.end()
    return None


def word_budget_end(text: str, words: int) -> int | None:
    """Where the ``words``-th complete word of ``text`` ends, or None while
    there are fewer (or ``words`` is 0: no budget)."""
    if words <= 0:
        return None
    for count, match in enumerate(COMPLETE_WORD.finditer(text), start=1):
        if count == words:
            return match.end()
    return None


class FirstClauseStream(token_stream.BufferedSentenceStream):
    """LiveKit's buffered sentence stream, except that the first piece it
    emits is the first clause, or its first ``first_words`` words when the
    clause runs longer (then the clause's rest is the next piece), and that
    pieces are cut so until ``first_words`` words are out."""

    def __init__(self, *, min_chars: int, first_words: int = 0, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._min_chars = min_chars
        self._first_words = first_words
        # "first": the segment's first words are not out yet; "clause_rest": a
        # piece was cut at the word budget and its clause's rest is next; None: sentences.
        self._head: str | None = "first"
        self._words_out = 0
        self._last_words = 0

    def _next_cut(self) -> tuple[int, bool] | None:
        """Where the next head piece ends, and whether that is a clause mark."""
        if self._head == "clause_rest":
            # A clause that runs on is cut again after twice the last piece's words:
            # the model streams words about twice as fast as they are spoken, so
            # the next piece is ready by the time the last one has been played.
            clause = first_clause_end(self._in_buf, min_chars=1)
            words = word_budget_end(self._in_buf, 2 * self._last_words)
            if words is not None and (clause is None or words < clause):
                return words, False
            return None if clause is None else (clause, True)
        clause = first_clause_end(self._in_buf, self._min_chars)
        words = word_budget_end(self._in_buf, self._first_words)
        if words is not None and (clause is None or words < clause):
            return words, False
        return None if clause is None else (clause, True)

    def push_text(self, text: str) -> None:
        if self._head is None:
            super().push_text(text)
            return
        self._check_not_closed()
        self._in_buf += text
        if self._head == "first":
            self._in_buf = self._in_buf.lstrip()  # leading spaces are no word boundary
        found = self._next_cut()
        if found is None:
            return
        cut, at_clause = found
        head, rest = self._in_buf[:cut].strip(), self._in_buf[cut:].lstrip()
        self._last_words = len(head.split())
        self._words_out += self._last_words
        if not at_clause:
            self._head = "clause_rest"
        else:
            self._head = "first" if self._words_out < self._first_words else None
        self._in_buf = ""
        self._event_ch.send_nowait(token_stream.TokenData(token=head, segment_id=self._current_segment_id))
        if rest:
            self.push_text(rest)

    def flush(self) -> None:
        # A new segment (LiveKit flushes between replies) starts with a clause again.
        super().flush()
        self._head = "first"
        self._words_out = 0


class FirstClauseTokenizer(tokenize.SentenceTokenizer):
    """LiveKit's default sentence tokenizer for TTS, with the first clause of
    each segment released on its own."""

    def __init__(self, *, min_chars: int = FIRST_CLAUSE_MIN_CHARS, first_words: int = 0) -> None:
        self._sentences = tokenize.blingfire.SentenceTokenizer(retain_format=True)
        self._min_chars = min_chars
        self._first_words = first_words

    def tokenize(self, text: str, *, language: str | None = None) -> list[str]:
        return self._sentences.tokenize(text, language=language)

    def stream(self, *, language: str | None = None) -> SentenceStream:
        inner = self._sentences.stream(language=language)
        assert isinstance(inner, token_stream.BufferedSentenceStream)
        return FirstClauseStream(
            min_chars=self._min_chars,
            first_words=self._first_words,
            tokenizer=inner._tokenize_fnc,
            min_token_len=inner._min_token_len,
            min_ctx_len=inner._min_ctx_len,
            max_token_len=inner._max_token_len,
        )


def tts_sentence_tokenizer(first_clause: bool, first_words: int = 0) -> tokenize.SentenceTokenizer:
    """The tokenizer that cuts replies for a non-streaming TTS: LiveKit's own
    default (what its ``tts_node`` would use), or with the first clause apart
    (cut after ``first_words`` words when it runs longer; 0: the whole clause)."""
    if first_clause:
        return FirstClauseTokenizer(first_words=first_words)
    return tokenize.blingfire.SentenceTokenizer(retain_format=True)
