"""Skip a regular expression that cannot match, by the literal text it needs.

The safety screen runs several hundred patterns over every user turn, and on a
long turn their scans, not their matches, are the cost: almost every pattern
fails. Most patterns cannot match unless one of a few literal strings is in
the text ("pills", "tablets" or "meds"; "rope"; "خودکشی"). This module reads
that set from each pattern's own parse tree (the way RE2 and Hyperscan build
their prefilters), finds every such literal in a text with one scan, and lets
a caller skip a pattern none of whose literals is present.

Correctness does not depend on the patterns' wording: a literal is kept only
where the parse proves every match contains one of the set (a part of the
match, or of a positive lookaround). Anything the reader does not understand
(flags, back-references, conditionals) gives no set, and the pattern always runs.
"""

from __future__ import annotations

import re

# The stdlib's own parser of patterns (what re.compile runs) and its opcodes; typeshed has no stub for them.
import re._constants as sre  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import product
from typing import Any, Generic, TypeVar

# A finite set of strings a subpattern can match, kept only while small.
_MAX_EXACT = 256
# Literals shorter than this occur in nearly every text: no filter is better than one.
MIN_LITERAL = 3
# Past this length a literal is rare enough: fewer literals are then better than longer
# ones (every literal joins the index, whose size is paid at import).
SELECTIVE = 6

_Strings = frozenset[str]


class _Info:
    """What a subpattern is known to match: ``exact``, every string it can match
    (None: too many); ``required``, strings one of which every match contains
    (None: nothing known)."""

    __slots__ = ("exact", "required")

    def __init__(self, exact: _Strings | None, required: _Strings | None) -> None:
        self.exact = exact
        self.required = required


_ANYTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


def _better(a: _Strings | None, b: _Strings | None) -> _Strings | None:
    """The more selective requirement: its shortest literal longest, then the fewer literals."""
    if a is None or not _useful(a):
        return b if b is not None and _useful(b) else None
    if b is None or not _useful(b):
        return a
    return max(a, b, key=lambda s: (min(SELECTIVE, *map(len, s)), -len(s)))


def _useful(literals: _Strings) -> bool:
    return bool(literals) and min(map(len, literals)) >= 1


def _concat(parts: Iterable[_Strings]) -> _Strings | None:
    out: _Strings = frozenset({""})
    for part in parts:
        if len(out) * len(part) > _MAX_EXACT:
            return None
        out = frozenset(a + b for a, b in product(out, part))
    return out


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    """A concatenation: runs of exactly-known items are joined into longer literals."""
    best: _Strings | None = None
    run: _Strings = frozenset({""})
    whole: _Strings | None = frozenset({""})
    for op, av in items:
        info = _node(op, av)
        best = _better(best, info.required)
        if info.exact is not None:
            joined = _concat((run, info.exact))
            if joined is not None:
                run = joined
            else:  # too many: close the run, start again from this item
                best = _better(best, run)
                run = info.exact
            whole = _concat((whole, info.exact)) if whole is not None else None
        else:
            best = _better(best, run)
            run = frozenset({""})
            whole = None
    best = _better(best, run)
    if whole is not None:
        return _Info(whole, _better(whole, best))
    return _Info(None, best)


def _node(op: Any, av: Any) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset({chr(av)}), None)
    if op is sre.AT:
        return _EMPTY
    if op is sre.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                chars.add(chr(item_av))
            elif item_op is sre.RANGE and item_av[1] - item_av[0] < 16:
                chars.update(chr(c) for c in range(item_av[0], item_av[1] + 1))
            else:  # a negated set, a category (\w, \s), a wide range
                return _ANYTHING
        return _Info(frozenset(chars), None)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return _ANYTHING
        return _sequence(list(sub))
    if op is sre.BRANCH:
        branches = [_sequence(list(sub)) for sub in av[1]]
        exact: _Strings | None = None
        if all(b.exact is not None for b in branches):
            union = frozenset().union(*(b.exact for b in branches if b.exact is not None))
            exact = union if len(union) <= _MAX_EXACT else None
        # Every branch must contribute a requirement, else the alternation requires nothing.
        per_branch = [_better(b.exact, b.required) for b in branches]
        required = None if any(r is None for r in per_branch) else frozenset().union(*(r for r in per_branch if r))
        return _Info(exact, required)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _sequence(list(sub))
        if inner.exact is not None and high <= 4:
            options: set[str] = set()
            for count in range(low, high + 1):
                joined = _concat([inner.exact] * count)
                if joined is None or len(options) + len(joined) > _MAX_EXACT:
                    options = set()
                    break
                options.update(joined)
            if options:
                return _Info(frozenset(options), None)
        if low == 0:
            return _ANYTHING
        return _Info(None, _better(inner.exact, inner.required))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is sre.ASSERT:
        # A positive lookahead or lookbehind matches nothing itself, but what it
        # needs must be in the text: a requirement of the pattern, not a part of its match.
        _direction, sub = av
        inner = _sequence(list(sub))
        return _Info(frozenset({""}), _better(inner.exact, inner.required))
    if op is sre.ASSERT_NOT:
        return _EMPTY
    return _ANYTHING  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...


def required_literals(pattern: re.Pattern[str]) -> _Strings | None:
    """Literals one of which is in every text ``pattern`` matches; None when
    none can be proven or they are too short to be worth a check."""
    if pattern.flags & ~(re.UNICODE):
        return None
    info = _sequence(list(sre_parse.parse(pattern.pattern)))
    literals = _better(info.exact, info.required)
    if literals is None or min(map(len, literals)) < MIN_LITERAL:
        return None
    return literals


class LiteralIndex:
    """Finds, in one scan, which of a fixed set of literals occur in a text."""

    def __init__(self, literals: Iterable[str]) -> None:
        words = sorted(set(literals))
        # At each position the scan reports the longest literal starting there;
        # the shorter literals it begins with are present too.
        known = set(words)
        self._prefixes = {w: frozenset(w[:end] for end in range(1, len(w) + 1) if w[:end] in known) for w in words}
        self._scan = re.compile(f"(?=({_trie(words)}))") if words else None

    def present(self, text: str) -> frozenset[str]:
        return _present(self, text)

    def _find(self, text: str) -> frozenset[str]:
        if self._scan is None:
            return frozenset()
        found: set[str] = set()
        for literal in set(self._scan.findall(text)):
            found |= self._prefixes[literal]
        return frozenset(found)


# A clause is screened by two rule families in a row, so it is scanned once. The cache is
# kept small: it exists for one turn, and a user's words should not linger in memory.
@lru_cache(maxsize=8)
def _present(index: LiteralIndex, text: str) -> frozenset[str]:
    return index._find(text)


def _trie(words: list[str]) -> str:
    """A regular expression matching the longest of ``words`` at a position, as a
    character trie, so each position costs a few steps whatever the number of words."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(root)


def _trie_pattern(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body


class LiteralRegistry:
    """The literals of a family of patterns, indexed together so one scan of a
    text serves all of them. A pattern registered after the index was built
    makes the next ``present`` rebuild it, so a registered pattern is never
    skipped for a literal the index does not know."""

    def __init__(self) -> None:
        self._literals: set[str] = set()
        self._index: LiteralIndex | None = None

    def register(self, pattern: re.Pattern[str]) -> _Strings | None:
        """The literals ``pattern`` needs (None: it always runs), now indexed."""
        literals = required_literals(pattern)
        if literals is not None and not literals <= self._literals:
            self._literals |= literals
            self._index = None
        return literals

    def build(self) -> None:
        """Build the index now (at import), not on the first turn."""
        if self._index is None:
            self._index = LiteralIndex(self._literals)

    def present(self, text: str) -> frozenset[str]:
        self.build()
        assert self._index is not None
        return self._index.present(text)


def may_match(literals: _Strings | None, present: frozenset[str]) -> bool:
    """False only when a pattern needing one of ``literals`` cannot match a text holding ``present``."""
    return literals is None or not literals.isdisjoint(present)


_Rule = TypeVar("_Rule")


class PrefilteredRules(Generic[_Rule]):
    """Rules kept in their order, narrowed to those a text's literals allow: a
    text holds two or three of the literals, so this costs a few lookups, not
    one check per rule."""

    def __init__(self, rules: Sequence[_Rule], literals: Sequence[_Strings | None]) -> None:
        self._rules = list(rules)
        self._always = frozenset(i for i, needed in enumerate(literals) if needed is None)
        self._by_literal: dict[str, list[int]] = {}
        for position, needed in enumerate(literals):
            for literal in needed or ():
                self._by_literal.setdefault(literal, []).append(position)

    def runnable(self, present: frozenset[str]) -> list[_Rule]:
        positions = set(self._always)
        for literal in present:
            positions.update(self._by_literal.get(literal, ()))
        return [self._rules[i] for i in sorted(positions)]
