"""A spec's regexes are matched by RE2: case-insensitive searches in linear time, and a clear reason
for a pattern RE2 cannot take."""

from __future__ import annotations

import time

import pytest

from pytest_salessim.agent import triggered
from pytest_salessim.spec.model import Trigger
from pytest_salessim.spec.regex import UnsupportedRegex, search, unsupported

EVIL = "a" * 40 + "!"  # (a+)+$ has 2**40 ways to fail on it, each tried by a backtracking engine


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|aa)+$", r"(a+)+b", r"(.*a){20}$", r"^(\w+\s?)*$"])
def test_a_pattern_that_backtracks_for_ever_in_python_ends_at_once(pattern: str) -> None:
    started = time.perf_counter()
    assert not search(pattern, EVIL)
    assert not search(pattern, EVIL * 1000)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (r"\bgam(e|ing)\b", "Any GAMING laptops?", True),  # a search, ignoring case
        (r"\bgam(e|ing)\b", "endgame", False),
        (r"^Windows 11 (Home|Pro)$", "windows 11 pro", True),
        (r"caf\pL", "CAFÉ", True),  # \pL: any letter; case folds beyond ASCII
        (r"\d{3}", "Aero", False),
    ],
)
def test_a_search_ignores_case(pattern: str, text: str, found: bool) -> None:
    assert search(pattern, text) is found


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(ab)\1", r"a backreference (\1) is not supported; spec regexes are matched by RE2"),
        (r"(?P<x>a)(?P=x)", "a named backreference (?P=name) is not supported"),
        (r"(?=a)b", "lookahead (?=...) is not supported"),
        (r"(?!a)b", "negative lookahead (?!...) is not supported"),
        (r"(?<=a)b", "lookbehind (?<=...) is not supported"),
        (r"(?<!a)b", "negative lookbehind (?<!...) is not supported"),
        (r"(?>a)", "an atomic group (?>...) is not supported"),
        (r"a++", "a possessive quantifier (++) is not supported"),
        (r"a{1001}", "a repetition count above 1000 is not supported ({1001}"),
        (r"a\Z", r"\Z is not supported: use \z (or $)"),
        (r"(?x) a", "the flag (?x...) is not supported"),
        ("(unclosed", 'not a valid regular expression: "(unclosed" (missing ))'),
    ],
)
def test_a_pattern_re2_cannot_take_says_what_is_unsupported(pattern: str, reason: str) -> None:
    assert reason in (unsupported(pattern) or "")
    with pytest.raises(UnsupportedRegex):
        search(pattern, "ab")


def test_a_pattern_re2_takes_has_no_problem() -> None:
    assert unsupported(r"\b(run|runs|running)\b") is None


def test_when_words_match_whole_words_beside_any_letter() -> None:
    words = Trigger(("budget", "tight on money"))
    assert triggered(words, "my BUDGET: 500")
    assert not triggered(words, "budgetary")  # a word, not a prefix
    assert not triggered(words, "ébudget")  # a letter beyond ASCII is a word character, as in Python's \w
    assert triggered(words, "tight\u00a0on\tmoney")  # any space between a phrase's words
    started = time.perf_counter()
    assert not triggered(Trigger(("a b",)), "a" + " " * 1_000_000)  # Python's re: quadratic
    assert time.perf_counter() - started < 0.5
