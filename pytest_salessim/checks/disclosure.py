"""Which of a persona's criteria a message discloses: the paper's over-disclosure measure."""

from __future__ import annotations

import re
from functools import lru_cache

from .spec.model import Persona

_AMOUNT = re.compile(
    r"(?:[$€£]\s?\d)|(?:\b\d[\d,.]*\s?(?:dollars|bucks|usd|eur|euros|pounds|gbp)\b)|\bbudget\b", re.I
)


@lru_cache(maxsize=8192)
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(keywords, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w$]){alternatives and f'(?:{alternatives})'}(?!\w)", re.IGNORECASE)


def disclosed(text: str, persona: Persona) -> list[str]:
    """The criteria `text` reveals: by any of a criterion's keywords; the budget by an amount or 'budget'."""
    found = [c.text for c in persona.criteria if c.keywords and _keyword_pattern(c.keywords).search(text)]
    if persona.budget is not None and _AMOUNT.search(text):
        found.append("budget")
    return found
