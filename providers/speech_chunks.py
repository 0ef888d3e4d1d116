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


def first_clause_end(text: str, min_chars: int = FIRST_CLAUSE_MIN_CHARS) -> int | None:
    """Where the first clause of ``text`` with at least ``min_chars``
    characters ends (the index after its mark), or None while there is none."""
    for match in CLAUSE_END.finditer(text):
        if len(text[: match.end()].strip()) >= min_chars:
            return match.end()
    return None


class FirstClauseStream(token_stream.BufferedSentenceStream):
    """LiveKit's buffered sentence stream, except that the first piece it
    emits is the first clause."""

    def __init__(self, *, min_chars: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._min_chars = min_chars
        self._first_pending = True

    def push_text(self, text: str) -> None:
        if not self._first_pending:
            super().push_text(text)
            return
        self._check_not_closed()
        self._in_buf += text
        cut = first_clause_end(self._in_buf, self._min_chars)
        if cut is None:
            return
        head, rest = self._in_buf[:cut].strip(), self._in_buf[cut:].lstrip()
        self._first_pending = False
        self._in_buf = ""
        self._event_ch.send_nowait(token_stream.TokenData(token=head, segment_id=self._current_segment_id))
        if rest:
            super().push_text(rest)

    def flush(self) -> None:
        # A new segment (LiveKit flushes between replies) starts with a clause again.
        super().flush()
        self._first_pending = True


class FirstClauseTokenizer(tokenize.SentenceTokenizer):
    """LiveKit's default sentence tokenizer for TTS, with the first clause of
    each segment released on its own."""

    def __init__(self, *, min_chars: int = FIRST_CLAUSE_MIN_CHARS) -> None:
        self._sentences = tokenize.blingfire.SentenceTokenizer(retain_format=True)
        self._min_chars = min_chars

    def tokenize(self, text: str, *, language: str | None = None) -> list[str]:
        return self._sentences.tokenize(text, language=language)

    def stream(self, *, language: str | None = None) -> SentenceStream:
        inner = self._sentences.stream(language=language)
        assert isinstance(inner, token_stream.BufferedSentenceStream)
        return FirstClauseStream(
            min_chars=self._min_chars,
            tokenizer=inner._tokenize_fnc,
            min_token_len=inner._min_token_len,
            min_ctx_len=inner._min_ctx_len,
            max_token_len=inner._max_token_len,
        )


def tts_sentence_tokenizer(first_clause: bool) -> tokenize.SentenceTokenizer:
    """The tokenizer that cuts replies for a non-streaming TTS: LiveKit's own
    default (what its ``tts_node`` would use), or with the first clause apart."""
    if first_clause:
        return FirstClauseTokenizer()
    return tokenize.blingfire.SentenceTokenizer(retain_format=True)
