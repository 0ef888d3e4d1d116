"""Stored user text made inert before it goes into an LLM prompt.

Memories and profile values are words a user (or anyone speaking to the
agent) chose. In a prompt they must stay data: they must not be able to close
the delimited block they travel in (``</memory>``), open a new one, or hide
text the model reads but people reviewing the logs do not.

The rule is one-way neutralisation, not a reversible encoding (nothing ever
decodes it):

* every character that is, decomposes to, or is drawn like an angle bracket
  becomes ``&lt;`` / ``&gt;``: no tag can be formed from data, whatever sits
  between the brackets (mixed case, attributes, spaces, zero-width
  characters, fullwidth or other NFKC-equivalent letters);
* invisible format characters (zero-width spaces, bidi overrides, Unicode
  "tag" characters that some models read as ASCII) are dropped. ZWNJ and ZWJ
  stay: Urdu and Persian spelling and emoji sequences need them.

``quoted`` additionally puts a value in double quotes on one line (JSON string
syntax), so a value can never start a new line or a new label.
"""

from __future__ import annotations

import json
import unicodedata

ESCAPED_OPEN = "&lt;"
ESCAPED_CLOSE = "&gt;"

# Drawn like angle brackets without decomposing to "<" or ">" (which the NFKD
# check below catches: fullwidth, small and compatibility forms).
_OPEN_LOOKALIKES = frozenset("‹〈⟨❬❮❰⧼〈《˂ᐸ⦉⦑⧀")
_CLOSE_LOOKALIKES = frozenset("›〉⟩❭❯❱⧽〉》˃ᐳ⦊⦒⧁")
# Format characters that carry meaning in real text.
_KEPT_FORMAT_CHARS = frozenset("\u200c\u200d")


class _InertTable(dict[int, "str | int | None"]):
    """``str.translate`` table, filled per code point on first sight (there
    are too many code points to precompute, and text uses few of them)."""

    def __missing__(self, codepoint: int) -> str | int | None:
        char = chr(codepoint)
        replacement: str | int | None = codepoint  # unchanged
        if unicodedata.category(char) == "Cf" and char not in _KEPT_FORMAT_CHARS:
            replacement = None
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            if "<" in decomposed or char in _OPEN_LOOKALIKES:
                replacement = ESCAPED_OPEN
            elif ">" in decomposed or char in _CLOSE_LOOKALIKES:
                replacement = ESCAPED_CLOSE
        self[codepoint] = replacement
        return replacement


_TABLE = _InertTable()


def inert_text(text: str) -> str:
    """``text`` with angle brackets (and look-alikes) escaped and invisible
    format characters removed; everything else unchanged."""
    return text.translate(_TABLE)


def quoted(value: object) -> str:
    """One double-quoted line holding ``value`` as inert text."""
    return json.dumps(inert_text(" ".join(str(value).split())), ensure_ascii=False)
