"""The literal prefilter (services/regex_prefilter.py): a pattern is skipped only
when the text cannot hold a match, and the screen's verdicts do not change."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from services import safety_broad_rules, safety_composition, safety_screen
from services.regex_prefilter import (
    LiteralIndex,
    LiteralRegistry,
    PrefilteredRules,
    may_match,
    required_literals,
)

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        # a run of literals is one literal; an optional letter gives both spellings
        (r"\bkill myself\b", {"kill myself"}),
        (r"\bpills?\b", {"pill", "pills"}),
        # an alternation needs one of its branches' literals
        (r"\b(?:rope|noose)\b", {"rope", "noose"}),
        # a positive lookahead's literal must be in the text too; the longer literal is chosen
        (r"^(?=.*\bbridge\b).*?\bjump", {"bridge"}),
        # a character class of a few letters expands; gaps split runs
        (r"\bsaa?ns (?:\S+ ){0,2}ruk", {"sans ", "saans "}),
    ],
)
def test_required_literals_are_read_from_the_parse(pattern: str, literals: set[str]) -> None:
    assert required_literals(re.compile(pattern)) == frozenset(literals)


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:rope|\w+)\b",  # one branch needs nothing
        r"(?i)overdose",  # flags: not read
        r"(\w+) \1",  # a back-reference
        r"\bod\b",  # shorter than a useful literal
        r"(?:pills)?\b(?:\w+ ){0,3}",  # only optional parts
    ],
)
def test_what_cannot_be_proven_always_runs(pattern: str) -> None:
    assert required_literals(re.compile(pattern)) is None
    assert may_match(None, frozenset())


def test_an_optional_part_does_not_hide_the_required_one() -> None:
    assert required_literals(re.compile(r"(?:pills)?\btonight")) == frozenset({"tonight", "pillstonight"})
    # what follows a part that is not read still counts
    assert required_literals(re.compile(r"(\w+) \1 again")) == frozenset({" again"})
    assert required_literals(re.compile(r"\b(?:rope|\w+ing)\b")) == frozenset({"rope", "ing"})


def test_the_index_finds_overlapping_and_nested_literals() -> None:
    literals = ["hang", "hanging", "anging", "ging", "rope", "ropes", "ope"]
    index = LiteralIndex(literals)
    for text in ("i am hanging the ropes", "hang", "a rope", "nothing here", "hanhang ropeope"):
        assert index.present(text) == {w for w in literals if w in text}, text


def test_prefiltered_rules_keep_their_order_and_the_rules_without_literals() -> None:
    rules = ["first", "second", "third", "fourth"]
    literals = [frozenset({"rope"}), None, frozenset({"pills", "tablets"}), frozenset({"rope"})]
    prefiltered = PrefilteredRules(rules, literals)
    assert prefiltered.runnable(frozenset()) == ["second"]
    assert prefiltered.runnable(frozenset({"rope"})) == ["first", "second", "fourth"]
    assert prefiltered.runnable(frozenset({"tablets", "rope"})) == rules


def test_a_pattern_registered_late_is_indexed_before_it_is_skipped() -> None:
    registry = LiteralRegistry()
    first = registry.register(re.compile(r"\brope\b"))
    assert registry.present("a rope here") == first
    late = registry.register(re.compile(r"\bnoose\b"))
    assert late is not None and registry.present("a noose") == late


def _screen_patterns() -> list[tuple[str, re.Pattern[str], frozenset[str] | None]]:
    patterns = [(rule.name, rule.pattern, rule.literals) for rule in safety_screen._RULES]
    for rule in (*safety_composition.ENGLISH, *safety_composition.ROMAN, *safety_composition.URDU):
        patterns.append((rule.name, rule.pattern, rule.literals))
    for family in safety_broad_rules.BROAD_RULES:
        patterns += [(rule.name, rule.pattern, rule.literals) for rule in family]
    return patterns


def test_no_screen_pattern_matches_a_text_without_its_literals() -> None:
    """Every crisis sentence of two sets, as the screen searches it (the turn, each
    clause, their romanised folds): a pattern that matches always had a literal present."""
    patterns = _screen_patterns()
    assert sum(literals is not None for _, _, literals in patterns) > 0.9 * len(patterns)
    texts: list[str] = []
    for name in ("safety_holdout2.jsonl", "safety_holdout3.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["label"] == 1:
                marked = safety_screen.normalise(item["text"], keep_breaks=True)
                clauses = safety_composition.clauses(marked)
                texts += [" ".join(marked.replace("|", " ").split()), *clauses,
                          *(safety_composition.fold_roman(clause) for clause in clauses)]
    matched = 0
    for text in texts:
        present = safety_composition.SCREEN_LITERALS.present(text)
        for name, pattern, literals in patterns:
            if pattern.search(text):
                matched += 1
                assert may_match(literals, present), (name, text)
    assert matched > 100  # the check saw real matches
