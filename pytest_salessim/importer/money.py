"""Amounts in a persona's words: "under $500", "between $2000 and $2500", "can't go over $850"."""

from __future__ import annotations

import re

FLEXIBLE = 0.1  # the paper's stretch of a budget that is no dealbreaker
_AMOUNT = r"\$\s?(\d[\d,]*(?:\.\d+)?)"
_RANGE = re.compile(rf"(?:between\s+)?{_AMOUNT}\s*(?:and|to|-|–)\s*{_AMOUNT}", re.I)
_BUDGET_WORD = re.compile(r"\bbudget\b", re.I)
_CEILING = re.compile(
    r"(?:under|below|less than|no more than|(?:not|n't) (?:go |be )?(?:over|above|exceed|more than)|"
    rf"at most|up to|maximum of|within(?: a| the)?|budget (?:of|is))\s+{_AMOUNT}",
    re.I,
)
_ANY_AMOUNT = re.compile(_AMOUNT)
_MONEY_MENTION = re.compile(r"\$\s?\d|\b(budget|price[ds]?|pricing|cost|costs|afford\w*|spend\w*)\b", re.I)


def _amount(text: str) -> float:
    return float(text.replace(",", ""))


def ceiling_in(sentence: str) -> float | None:
    """The most a sentence allows to spend ("under $500", "between $2000 and $2500"), if it says."""
    found = _RANGE.search(sentence)
    if found:
        return max(_amount(found.group(1)), _amount(found.group(2)))
    found = _CEILING.search(sentence)
    return _amount(found.group(1)) if found else None


def budget_in(sentence: str) -> float | None:
    """The budget a sentence names ("Has a budget of $800", "Has a $800 budget", "a budget of $1200 to
    $1800"): its ceiling, or its one amount; None when it does not say "budget" with an amount."""
    if not _BUDGET_WORD.search(sentence):
        return None
    return ceiling_in(sentence) or first_amount(sentence)


def first_amount(text: str) -> float | None:
    """The first dollar amount of a text ("$2000"), if any."""
    found = _ANY_AMOUNT.search(text)
    return _amount(found.group(1)) if found else None


def mentions_money(sentence: str) -> bool:
    return _MONEY_MENTION.search(sentence) is not None
