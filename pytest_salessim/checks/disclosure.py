"""Disclosure: which of a persona's criteria a message reveals (the paper's over-disclosure measure), and the
check that the first shopper message reveals few, as people do."""

from __future__ import annotations

import re
from functools import lru_cache

from ..spec.model import Persona, Scenario
from ..transcript import Transcript
from .registry import register
from .result import CheckResult

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


@register("disclosure")
def first_turn_disclosure(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """The first shopper message reveals few criteria, as people do."""
    limit = scenario.checks.max_first_turn_disclosures
    judged = transcript.judged_disclosures
    found = (
        list(judged) if judged is not None else disclosed(transcript.first_shopper_text(), scenario.persona)
    )
    first = next((i for i, t in enumerate(transcript.turns) if t.role == "shopper"), None)
    by = " (LLM judge)" if judged is not None else ""
    detail = f"{len(found)} criteria in the first message{by} (at most {limit})"
    if found:
        detail += ": " + "; ".join(found)
    return CheckResult("disclosure", len(found) <= limit, detail, turns=(first,) if first is not None else ())
