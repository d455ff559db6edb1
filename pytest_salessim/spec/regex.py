"""A spec's regular expressions (`matches`, `when: {regex}`), matched by RE2 in linear time: no
pattern and no text, whatever a shopper writes, can make a search backtrack for ever.

RE2 takes Python's syntax but for what needs backtracking (backreferences, lookaround, atomic groups,
possessive quantifiers); its `\\w`, `\\d`, `\\s` and `\\b` are ASCII, and `\\pL` (any letter) and `\\pN`
(any digit) are Unicode. Every search ignores case, as SPEC section 9 says.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

_NON_WORD = r"[^\pL\pN_]"  # what Python's Unicode \w does not match
_SPACE = r"[\s\v\pZ]+"


class UnsupportedRegex(ValueError):
    """A pattern RE2 does not take: the message says what and why."""


@lru_cache(maxsize=4096)
def compiled(pattern: str) -> Any:
    """`pattern` compiled by RE2 to search ignoring case, or UnsupportedRegex."""
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # the reason is ours to tell, not printed on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as err:
        raise UnsupportedRegex(_explain(pattern, err)) from None


def search(pattern: str, text: str) -> bool:
    """True when `pattern` matches somewhere in `text`, ignoring case."""
    return compiled(pattern).search(text) is not None


def unsupported(pattern: str) -> str | None:
    """Why RE2 cannot take `pattern`, or None when it can."""
    try:
        compiled(pattern)
    except UnsupportedRegex as err:
        return str(err)
    return None


@lru_cache(maxsize=4096)
def words_pattern(words: tuple[str, ...]) -> str:
    """Any of `words` as a whole word or phrase (any space between a phrase's words), the way Python's
    `(?<!\\w)...(?!\\w)` would find it: RE2 has no lookaround, so the neighbours are matched instead."""
    import re2

    ordered = sorted(words, key=len, reverse=True)
    alternatives = "|".join(_SPACE.join(re2.escape(part) for part in word.split()) for word in ordered)
    return f"(?:^|{_NON_WORD})(?:{alternatives})(?:{_NON_WORD}|$)"


_PERL = {  # RE2's "invalid perl operator" -> what the pattern asked for
    "(?=": "lookahead (?=...) is",
    "(?!": "negative lookahead (?!...) is",
    "(?<=": "lookbehind (?<=...) is",
    "(?<!": "negative lookbehind (?<!...) is",
    "(?P": "a named backreference (?P=name) is",
    "(?>": "an atomic group (?>...) is",
    "(?(": "a conditional group (?(1)...) is",
    "(?#": "a comment group (?#...) is",
}
_BACKTRACKING = "; spec regexes are matched by RE2, in linear time, which does not backtrack"


def _explain(pattern: str, err: Exception) -> str:
    raw = err.args[0] if err.args else err
    message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    reason, _, what = message.partition(": ")
    if reason == "invalid perl operator":
        known = _PERL.get(what)
        if known is not None:
            return f"{known} not supported{_BACKTRACKING}"
        return f"the flag {what}...) is not supported (RE2 takes i, m, s and U)"
    if reason == "invalid escape sequence" and what[1:].isdigit():
        return f"a backreference ({what}) is not supported{_BACKTRACKING}"
    if reason == "invalid escape sequence" and what == "\\Z":
        return "\\Z is not supported: use \\z (or $)"
    if reason == "bad repetition operator" and what.endswith("+"):
        return f"a possessive quantifier ({what}) is not supported{_BACKTRACKING}"
    if reason == "invalid repetition size":
        return f"a repetition count above 1000 is not supported ({what}, nested counts multiply)"
    shown = json.dumps(pattern, ensure_ascii=False)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"not a valid regular expression: {shown} ({reason})"
