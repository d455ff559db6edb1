"""The persona format of the authors' public release: question/answer pairs instead of free text.

    "What screen size are you looking for?": "larger than 13 inches"
    "Do you have dealbreakers?": "absolutely cannot go over $500"
    "What is your budget?": "$500"

Each pair becomes one criterion whose text keeps the question ("What screen size are you looking for?
larger than 13 inches"), so that a reader, a judge and an annotator see what was asked; its keywords
come from the answer alone. An answer to a question about dealbreakers is a dealbreaker, every other a
preference. The budget: a ceiling stated in a dealbreaker ("cannot go over $850") is absolute; else the
budget answer's amount ("cheap - below $600") is the budget, which may stretch by 10% as the paper lets
a budget that is no dealbreaker stretch, and the answer stays a preference with a price rule of its own.
An answer that says nothing ("undecided", "no limit") becomes no criterion, and the report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .money import FLEXIBLE, ceiling_in, first_amount

_DEALBREAKER = re.compile(r"deal\s*-?breakers?", re.I)
_BUDGET = re.compile(r"\bbudget\b", re.I)
_SAYS_NOTHING = frozenset(
    {"undecided", "no limit", "none", "no", "n/a", "na", "not sure", "no preference", "nothing", "any", "-"}
)


def is_question(key: str) -> bool:
    return key.strip().endswith("?")


def is_release_record(record: dict[str, Any]) -> bool:
    """The release's format: questions as keys, and none of the free-text criteria fields."""
    free_text = any(record.get(k) for k in ("preferences", "Preferences", "dealbreakers"))
    return not free_text and any(is_question(k) for k in record)


@dataclass(frozen=True)
class Answer:
    """One question/answer pair as a criterion: `ceiling`, a price rule of its own (a budget answer)."""

    text: str
    hard: bool
    budget_rule: bool  # carries the persona's budget as a rule (a dealbreaker that states it)
    ceiling: float | None
    said: str  # the answer alone: what the shopper's words are matched against


@dataclass
class Answers:
    criteria: list[Answer] = field(default_factory=list)
    budget: float | None = None
    flexible: float = 0.0
    notes: list[str] = field(default_factory=list)


def _says_nothing(answer: str) -> bool:
    return answer.lower().strip(" .!") in _SAYS_NOTHING


def _amount(answer: str) -> float | None:
    ceiling = ceiling_in(answer)
    if ceiling is not None:
        return ceiling
    return first_amount(answer)


def read_answers(record: dict[str, Any]) -> Answers:
    """The criteria and budget of a release record's question/answer pairs, in the record's order."""
    read = Answers()
    pairs = [
        (" ".join(k.split()), " ".join(str(v).split()))
        for k, v in record.items()
        if is_question(k) and isinstance(v, str | int | float) and str(v).strip()
    ]
    hard_ceiling = None
    for question, answer in pairs:
        if _DEALBREAKER.search(question) and ceiling_in(answer) is not None and hard_ceiling is None:
            hard_ceiling = ceiling_in(answer)
    budget_answer = next(((q, a) for q, a in pairs if _BUDGET.search(q)), None)
    if hard_ceiling is not None:
        read.budget = hard_ceiling
        read.notes.append(f"budget {hard_ceiling:g} read from a dealbreaker answer: absolute")
    elif budget_answer is not None and _amount(budget_answer[1]) is not None:
        read.budget, read.flexible = _amount(budget_answer[1]), FLEXIBLE
        read.notes.append(
            f"budget {read.budget:g} read from {budget_answer[0]!r} {budget_answer[1]!r}: no dealbreaker, "
            f"so it may stretch by {FLEXIBLE:.0%} as the paper lets it"
        )
    ruled = False
    for question, answer in pairs:
        text = f"{question} {answer}"
        if _says_nothing(answer):
            read.notes.append(f"no criterion from {question!r} {answer!r}: the answer says nothing")
            continue
        hard = _DEALBREAKER.search(question) is not None
        budget_rule = hard and not ruled and read.budget is not None and ceiling_in(answer) == read.budget
        ruled |= budget_rule
        own = _amount(answer) if not hard and _BUDGET.search(question) else None
        read.criteria.append(Answer(text, hard, budget_rule, own, answer))
    return read
